"""Serve stage: a read-only SPARQL endpoint and dereferenceable IRIs over a built dataset.

:class:`Server` (and :func:`serve`, which runs one until Ctrl-C or SIGTERM)
answers two kinds of request:

* ``/sparql`` speaks the SPARQL 1.1 Protocol
  (https://www.w3.org/TR/sparql11-protocol/): GET ``?query=``, POST
  ``application/sparql-query`` and POST ``application/x-www-form-urlencoded``,
  with the results format chosen by the Accept header (SPARQL JSON, XML, CSV,
  TSV; Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT and DESCRIBE).
  SPARQL Update is refused. Outside ``GRAPH`` the default graph is the RDF
  merge of all named graphs, each triple once.
* any other path names an IRI under the dataset's base IRI
  (``/person/x`` is ``<BASE person/x>``) and returns its description as
  Turtle, JSON-LD or an HTML page, by the Accept header
  (https://www.w3.org/TR/cooluris/).

The SPARQL engine is Oxigraph's own server (``oxigraph serve-read-only``, from
the ``oxigraph`` package) run as a child process on a private 127.0.0.1 port;
a small WSGI front (stdlib ``wsgiref``, a thread per request) forwards
queries to it, counts what comes back against ``max_rows`` and writes the
format asked for. A child process, because a query running inside Python
(pyoxigraph) cannot be stopped: Oxigraph's ``--timeout-s`` cancels most
queries, and the front kills and restarts the child for those that run on
past it (a sort over a huge join ran for a minute with a 2 s limit), while a memory cap
makes a query that would exhaust the machine end the child instead. The HTML
pages (:mod:`kg.pages`, from ``templates/``) come from fixed pattern lookups
on a read-only pyoxigraph view of the same store files, so no user query ever
runs in this process.
"""

from __future__ import annotations

import atexit
import errno
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

import pyoxigraph as ox

from . import formats, resources, scratch
from .errors import InputError, ServeError, Stopped, stop_on_signals
from .pages import (describe, detect_base, entity_html, index_html, not_found_html, prefixes,
                    sparql_html, to_jsonld)

# How long past its time limit a query may take to stop by itself before the
# engine is killed and restarted (Oxigraph checks for cancellation between steps).
GRACE = 2.0
MAX_BODY = 1 << 20       # bytes of a POSTed query
# The default graph is written as the RDF merge of the named graphs (each triple
# once), not left to `--union-default-graph`: up to Oxigraph 0.5 that matches a
# triple once per graph stating it (oxigraph/oxigraph#1919).
UNION_UPDATE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_UPDATE_WORDS = {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}

RESULT_FORMATS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                  "application/json": ox.QueryResultsFormat.JSON,
                  "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                  "application/xml": ox.QueryResultsFormat.XML,
                  "text/csv": ox.QueryResultsFormat.CSV,
                  "text/tab-separated-values": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {f.media_type: ox.RdfFormat.from_media_type(f.media_type)
                 for f in (formats.TURTLE, formats.N_TRIPLES, formats.JSON_LD)}
GRAPH_FORMATS["application/rdf+xml"] = ox.RdfFormat.RDF_XML
# An entity's description: Turtle first, so a client that accepts anything gets
# data; browsers name text/html and get the page.
PAGE_TYPES = (formats.TURTLE.media_type, formats.JSON_LD.media_type,
              formats.N_TRIPLES.media_type, "text/html")


@dataclass(frozen=True)
class ServeOptions:
    """How to serve. ``base=None`` reads the base IRI from the dataset's witness IRIs.

    ``port=0`` picks a free port (see :attr:`Server.url`); ``max_memory`` is in
    MiB for the engine process, 0 for no cap; ``log`` receives one line per request.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    base: str | None = None
    timeout: int = 30
    max_rows: int = 10_000
    max_memory: int = 2048
    context: Path = resources.CONTEXT
    log: Callable[[str], None] | None = None


class HttpError(Exception):
    """A request that gets a plain-text error answer instead of data."""

    def __init__(self, status: int, message: str, headers: list | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or []


# --- the engine: Oxigraph's server as a supervised child process -------------------------

def find_oxigraph() -> str:
    """The ``oxigraph`` binary installed next to this Python, else the one on PATH."""
    here = Path(sys.executable).parent / ("oxigraph.exe" if sys.platform == "win32" else "oxigraph")
    found = str(here) if here.is_file() else shutil.which("oxigraph")
    if not found:
        raise ServeError("the Oxigraph server program was not found",
                         where=str(here.parent), fix="install it with `pip install oxigraph`")
    return found


def load_store(binary: str, dataset: Path, location: Path) -> None:
    """Load *dataset* into a new Oxigraph store at *location*, with the merged default graph."""
    fmt = formats.guess_format(dataset) or formats.N_QUADS
    steps = ([binary, "load", "--location", str(location), "--file", str(dataset),
              "--format", fmt.media_type],
             [binary, "update", "--location", str(location), "--update", UNION_UPDATE])
    for argv in steps:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if done.returncode:
            lines = [ln.strip() for ln in done.stderr.splitlines() if "error" in ln.lower()]
            why = re.sub(r"^Error while loading file .*?: ", "", lines[0]) if lines else "no message"
            raise InputError(f"Oxigraph cannot load the dataset ({why})",
                             where=str(dataset), fix="rebuild it with `kg build`")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Engine:
    """``oxigraph serve-read-only`` over *location*, restarted when it must be killed."""

    def __init__(self, binary: str, location: Path, timeout: int, max_memory: int):
        self.binary, self.location = binary, location
        self.timeout, self.max_memory = timeout, max_memory
        self.log_path = location.parent / "oxigraph.log"
        self.generation = 0
        self._proc: subprocess.Popen | None = None
        self._port = 0
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            self._spawn()
        atexit.register(self.stop)

    def stop(self) -> None:
        atexit.unregister(self.stop)
        with self._lock:
            self._end()

    def restart(self, generation: int) -> None:
        """Kill and restart the engine, unless another request already did since *generation*."""
        with self._lock:
            if generation == self.generation:
                self._end()
                self._spawn()

    def current(self) -> tuple[int, int]:
        """(generation, port) of a running engine, restarting one that died."""
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._end()
                self._spawn()
            return self.generation, self._port

    def alive(self, generation: int) -> bool:
        """Whether the engine of *generation* still runs (waiting briefly: a dying one closes its
        sockets before it can be reaped)."""
        with self._lock:
            if generation != self.generation or self._proc is None:
                return False
            try:
                self._proc.wait(0.5)
            except subprocess.TimeoutExpired:
                return True
            return False

    def _spawn(self) -> None:
        for _ in range(3):
            port = _free_port()
            # Under kg.guard, which ends the engine if this process is killed outright.
            guard = [sys.executable, "-m", "kg.guard", str(os.getpid()),
                     *(["--max-memory", str(self.max_memory)] if self.max_memory else []), "--"]
            with open(self.log_path, "ab") as log:
                proc = subprocess.Popen(
                    [*guard, self.binary, "serve-read-only", "--location", str(self.location),
                     "--bind", f"127.0.0.1:{port}", "--timeout-s", str(self.timeout)],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            if _wait_listening(proc, port, 15.0):
                self._proc, self._port = proc, port
                self.generation += 1
                return
            _end_process(proc)
            last = _last_line(self.log_path)
            if "in use" not in last.lower():  # else another program took the port: try again
                raise ServeError(f"the Oxigraph server did not start ({last or 'no message'})",
                                 where=self.binary)
        raise ServeError("the Oxigraph server found no free port on 127.0.0.1", where=self.binary)

    def _end(self) -> None:
        if self._proc is not None:
            _end_process(self._proc)
            self._proc = None

    def query(self, text: str, graphs: list[tuple[str, str]], max_rows: int) -> tuple[str, bytes]:
        """Run *text*; ("results", TSV) for SELECT/ASK or ("graph", N-Triples) for CONSTRUCT/DESCRIBE.

        Raises HttpError for a refused, failed, timed-out or too large query.
        """
        gen, port = self.current()
        deadline = time.monotonic() + self.timeout
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=self.timeout + GRACE)
        target = "/query" + ("?" + urlencode(graphs) if graphs else "")
        try:
            conn.request("POST", target, body=text.encode("utf-8"), headers={
                "Content-Type": "application/sparql-query; charset=utf-8",
                "Accept": "text/tab-separated-values, application/n-triples;q=0.9"})
            sock = conn.sock
            resp = conn.getresponse()
            if resp.status != 200:
                raise _refusal(resp.status, resp.read(MAX_BODY).decode("utf-8", "replace"), text)
            kind = "graph" if resp.getheader("Content-Type", "").startswith("application/n-triples") \
                else "results"
            return kind, self._read(resp, sock, kind, max_rows, deadline)
        except TimeoutError:
            self.restart(gen)
            raise HttpError(503, _timeout_message(self.timeout)) from None
        except (ConnectionError, http.client.HTTPException) as exc:
            if self.alive(gen):
                raise HttpError(502, f"The query engine broke the connection ({type(exc).__name__}); "
                                "please try again.") from None
            self.current()
            raise HttpError(503, "The query engine stopped while running this query and has been "
                            "restarted: a query that needs more than the server's memory limit "
                            f"({self.max_memory} MiB) ends it. Narrow the query, or try again.") from None
        finally:
            conn.close()

    def _read(self, resp, sock, kind: str, max_rows: int, deadline: float) -> bytes:
        lines: list[bytes] = []
        rows = -1 if kind == "results" else 0     # the first TSV line names the variables
        while True:
            left = deadline + GRACE - time.monotonic()
            if left <= 0:
                raise TimeoutError
            if sock is not None:
                sock.settimeout(left)
            line = resp.readline()
            if not line:
                break
            lines.append(line)
            rows += 1
            if rows > max_rows:
                noun = "triples" if kind == "graph" else "results"
                raise HttpError(400, f"The query returns more than {max_rows} {noun}, this server's "
                                "limit (--max-rows). Add LIMIT and OFFSET to fetch them page by page, "
                                "or use `kg export` for the whole dataset.")
        if lines and not lines[-1].endswith(b"\n") and not (
                kind == "results" and len(lines) == 1 and lines[0].strip() in (b"true", b"false")):
            # Oxigraph has sent "200 OK" already, so it reports a failure at the end of the body.
            message = lines[-1].decode("utf-8", "replace").strip()
            if "cancel" in message.lower() or time.monotonic() >= deadline:
                raise HttpError(503, _timeout_message(self.timeout))
            raise HttpError(500, f"The query failed while its results were sent: {message}")
        return b"".join(lines)


def _wait_listening(proc: subprocess.Popen, port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def _end_process(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _last_line(path: Path) -> str:
    try:
        lines = [ln for ln in path.read_text("utf-8", "replace").splitlines() if ln.strip()]
    except OSError:
        return ""
    return lines[-1].strip() if lines else ""


def _timeout_message(seconds: int) -> str:
    return (f"The query ran past this server's time limit of {seconds} s (--timeout) and was "
            "stopped. Narrow it (more specific patterns, LIMIT) and try again.")


def _is_update(text: str) -> bool:
    prologue = re.compile(r"\s*(#[^\n]*\n?|(?i:prefix)\s+[^\s:]*:\s*<[^>]*>|(?i:base)\s*<[^>]*>)")
    pos = 0
    while m := prologue.match(text, pos):
        if m.end() == pos:
            break
        pos = m.end()
    word = re.match(r"\s*([A-Za-z]+)", text[pos:])
    return bool(word) and word.group(1).lower() in _UPDATE_WORDS


def _refusal(status: int, message: str, text: str) -> HttpError:
    if status == 400 and _is_update(text):
        return _update_refused()
    if status == 400:
        return HttpError(400, f"The query is not valid SPARQL 1.1: {message.strip()}")
    return HttpError(status if status >= 400 else 502, f"The query engine answered: {message.strip()}")


def _update_refused() -> HttpError:
    return HttpError(403, "This endpoint is read-only: SPARQL Update is refused. "
                     "Change the sources and run `kg build` again to change the data.")


# --- content negotiation and formats ------------------------------------------------------

def negotiate(accept: str | None, offers) -> str | None:
    """The media type of *offers* that the Accept header prefers (RFC 9110, section 12.5.1).

    Ties go to the earlier offer; None if none is acceptable. No header accepts anything.
    """
    offers = list(offers)
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges = []
    for part in accept.split(","):
        fields = part.split(";")
        media = fields[0].strip().lower()
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media, q))
    best, best_q = None, 0.0
    for offer in offers:
        q, specificity = 0.0, -1
        for media, rq in ranges:
            s = (2 if media == offer else 1 if media.endswith("/*") and offer.startswith(media[:-1])
                 else 0 if media == "*/*" else -1)
            if s > specificity:
                q, specificity = rq, s
        if q > best_q:
            best, best_q = offer, q
    return best


def _content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") else media


def render_answer(kind: str, data: bytes, media: str) -> bytes:
    """Write an engine answer (TSV results or N-Triples) as *media*."""
    if kind == "results":
        return ox.parse_query_results(data, ox.QueryResultsFormat.TSV).serialize(
            format=RESULT_FORMATS[media])
    triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    return ox.serialize(triples, format=GRAPH_FORMATS[media], prefixes=prefixes(triples))


# --- the WSGI application ----------------------------------------------------------------

class App:
    """The WSGI application; *engine* may be None when only pages are wanted (tests)."""

    def __init__(self, store: ox.Store, base: str, options: ServeOptions, engine: Engine | None = None):
        self.store, self.base, self.options, self.engine = store, base, options, engine
        path = urlsplit(base).path
        self.base_path = path if path.endswith("/") and path != "/" else ""

    def __call__(self, environ, start_response):
        try:
            status, headers, body = self.route(environ)
        except HttpError as exc:
            status, body = exc.status, (exc.message + "\n").encode("utf-8")
            headers = [("Content-Type", "text/plain; charset=utf-8"), *exc.headers]
        except Exception as exc:  # a bug: answer 500 and keep serving
            status, body = 500, f"Internal error ({type(exc).__name__}: {exc})\n".encode()
            headers = [("Content-Type", "text/plain; charset=utf-8")]
            if self.options.log:
                self.options.log(f"error: {type(exc).__name__}: {exc}")
        headers.append(("Content-Length", str(len(body))))
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]

    def local(self, environ) -> str:
        """The request path below the base (``person/x``), whether or not it repeats the base path."""
        raw = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
        if self.base_path and (raw + "/").startswith(self.base_path):
            raw = raw[len(self.base_path):]
        return raw.lstrip("/")

    def route(self, environ):
        _check_path(environ.get("PATH_INFO", "/"))
        local, method = self.local(environ), environ.get("REQUEST_METHOD", "GET")
        if local in ("sparql", "update"):
            return self.sparql(environ, local, method)
        if method not in ("GET", "HEAD"):
            raise HttpError(405, f"{method} is not allowed here: this server is read-only.",
                            [("Allow", "GET, HEAD")])
        accept = environ.get("HTTP_ACCEPT")
        if local == "":
            return 200, _html_headers(), index_html(self.store, self.base, local).encode("utf-8")
        iri = self.base + local
        try:
            triples = describe(self.store, iri)
        except ValueError:  # not an IRI
            triples = []
        media = negotiate(accept, PAGE_TYPES)
        if not triples:
            if media in (None, "text/html") or "html" in (accept or ""):
                return 404, _html_headers(), not_found_html(self.store, self.base, iri, local).encode()
            raise HttpError(404, f"Not found: this dataset says nothing about <{iri}>. Paths are read "
                            f"as IRIs under the base {self.base}.")
        if media is None:
            raise HttpError(406, "None of the accepted types is available; this IRI is described as "
                            + ", ".join(PAGE_TYPES) + ".", [("Vary", "Accept")])
        if media == "text/html":
            return 200, _html_headers(), entity_html(self.store, self.base, iri, local).encode("utf-8")
        if media == formats.JSON_LD.media_type:
            body = to_jsonld(triples, self.options.context)
        else:
            body = ox.serialize(triples, format=GRAPH_FORMATS[media], prefixes=prefixes(triples))
        return 200, [("Content-Type", _content_type(media)), ("Vary", "Accept")], body

    def sparql(self, environ, local: str, method: str):
        args = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        ctype = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if local == "update" or ctype == "application/sparql-update" or any(k == "update" for k, _ in args):
            raise _update_refused()
        if method == "POST":
            body = _body(environ)
            if ctype == "application/x-www-form-urlencoded":
                args = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
                if any(k == "update" for k, _ in args):
                    raise _update_refused()
            elif ctype == "application/sparql-query":
                args = [("query", body.decode("utf-8", "replace"))] + [a for a in args if a[0] != "query"]
            else:
                raise HttpError(415, "POST a query as application/sparql-query or as a form "
                                "(application/x-www-form-urlencoded) with query=…")
        elif method not in ("GET", "HEAD"):
            raise HttpError(405, f"{method} is not allowed: send queries with GET or POST. "
                            "This endpoint is read-only.", [("Allow", "GET, POST")])
        queries = [v for k, v in args if k == "query"]
        if not queries and method == "POST":
            raise HttpError(400, "No query: POST it as application/sparql-query or as a form with query=…")
        if not queries:
            page = sparql_html(self.options.timeout, self.options.max_rows, local)
            return 200, _html_headers(), page.encode("utf-8")
        if len(queries) > 1:
            raise HttpError(400, "Send exactly one query parameter.")
        accept = environ.get("HTTP_ACCEPT")
        results_media, graph_media = negotiate(accept, RESULT_FORMATS), negotiate(accept, GRAPH_FORMATS)
        if results_media is None and graph_media is None:
            raise HttpError(406, "None of the accepted types is a SPARQL results or RDF format: "
                            "ask for " + ", ".join([*RESULT_FORMATS, *GRAPH_FORMATS]) + ".")
        if self.engine is None:
            raise HttpError(503, "This server has no SPARQL engine.")
        graphs = [(k, v) for k, v in args if k in ("default-graph-uri", "named-graph-uri")]
        kind, data = self.engine.query(queries[0], graphs, self.options.max_rows)
        media = results_media if kind == "results" else graph_media
        if media is None:
            offered = RESULT_FORMATS if kind == "results" else GRAPH_FORMATS
            raise HttpError(406, "This query's answer is available as " + ", ".join(offered) + ".")
        body = render_answer(kind, data, media)
        ctype = (RESULT_FORMATS[media].media_type if kind == "results" else _content_type(media))
        return 200, [("Content-Type", ctype), ("Vary", "Accept")], body


def _check_path(path: str) -> None:
    """Refuse a path with '.' or '..' segments, in any spelling, or with control characters.

    Paths name IRIs, not files, so nothing here could reach the disk; refusing
    them anyway keeps every proxy and cache in front of the server honest. The
    path arrives percent-decoded once; it is decoded once more (``%252e``),
    backslashes count as slashes and a ``;parameter`` is ignored.
    """
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        raise HttpError(400, "The path holds control characters.")
    for text in (path, unquote(path)):
        for seg in re.split(r"[/\\]", text):
            if seg.split(";", 1)[0] in (".", ".."):
                raise HttpError(400, "The path has a '.' or '..' segment. Paths name IRIs below the "
                                "base; ask for the IRI itself.")


def _html_headers() -> list:
    return [("Content-Type", "text/html; charset=utf-8"), ("Vary", "Accept"),
            ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"),
            ("X-Content-Type-Options", "nosniff")]


def _body(environ) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise HttpError(400, "Content-Length is not a number.") from None
    if length > MAX_BODY:
        raise HttpError(413, f"The request body is larger than {MAX_BODY} bytes.")
    return environ["wsgi.input"].read(length) if length else b""


# --- the HTTP server ---------------------------------------------------------------------

class _Handler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        log = getattr(self.server, "log", None)
        if log:
            log(f"{self.address_string()} {format % args}")


class _HttpServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # socketserver's listen backlog is 5: with a few clients opening connections at
    # once, the kernel dropped the rest and they waited 1 s or 2 s for a SYN retry.
    request_queue_size = 128


class _HttpServer6(_HttpServer):
    address_family = socket.AF_INET6


def _bind(host: str, port: int, log) -> WSGIServer:
    cls = _HttpServer6 if ":" in host else _HttpServer
    try:
        server = cls((host, port), _Handler)
    except socket.gaierror:
        raise ServeError(f"unknown host {host!r}", fix="use an address of this machine, "
                         "e.g. --host 127.0.0.1") from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {host} is already in use",
                             fix="stop the other server or choose another --port") from None
        if exc.errno == errno.EACCES:
            raise ServeError(f"no permission to listen on port {port}",
                             fix="choose a port above 1023") from None
        raise ServeError(f"cannot listen on {host}:{port} ({exc.strerror})",
                         fix="use an address of this machine, e.g. --host 127.0.0.1") from None
    server.log = log
    return server


class Server:
    """A running ``kg serve``: the HTTP front, the engine child process and their files.

    Use as a context manager; everything it started is stopped on exit::

        with Server("build/dataset.nq", ServeOptions(port=0)) as srv:
            print(srv.url)
            srv.serve_forever()
    """

    def __init__(self, dataset_path: str | Path, options: ServeOptions = ServeOptions()):
        self.dataset_path, self.options = Path(dataset_path), options
        self.base = ""
        self.store: ox.Store | None = None
        self.engine: Engine | None = None
        self._http: WSGIServer | None = None
        self._tmp: Path | None = None

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Check the inputs, bind the port, load the store and start the engine."""
        if not self.dataset_path.is_file():
            raise InputError("no built dataset", where=str(self.dataset_path),
                             fix="run `kg build` first, or pass --dataset")
        base = self.options.base
        if base is not None:
            from .build import check_base
            check_base(base)
        binary = find_oxigraph()
        self._http = _bind(self.options.host, self.options.port, self.options.log)
        try:
            self._tmp = Path(scratch.folder("kg-serve-"))
            location = self._tmp / "store"
            load_store(binary, self.dataset_path, location)
            self.store = ox.Store.read_only(str(location))
            self.base = base or detect_base(self.store) or resources.DEFAULT_BASE
            self.engine = Engine(binary, location, self.options.timeout, self.options.max_memory)
            self.engine.start()
            self._http.set_app(App(self.store, self.base, self.options, self.engine))
        except BaseException:
            self.close()
            raise

    @property
    def url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def serve_forever(self) -> None:
        self._http.serve_forever(poll_interval=0.25)

    def shutdown(self) -> None:
        """Make :meth:`serve_forever` return (from another thread)."""
        self._http.shutdown()

    def close(self) -> None:
        if self._http is not None:
            self._http.server_close()
            self._http = None
        if self.engine is not None:
            self.engine.stop()
            self.engine = None
        self.store = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def serve(dataset_path: str | Path, options: ServeOptions = ServeOptions(),
          ready: Callable[[Server], None] | None = None) -> None:
    """Serve *dataset_path* until Ctrl-C, SIGTERM or SIGHUP; *ready* is called once listening.

    Raises InputError (dataset missing or unreadable), ServeError (port taken,
    engine missing or failing) or ConfigError (bad base IRI) before serving.
    """
    with Server(dataset_path, options) as server:
        if ready:
            ready(server)
        with stop_on_signals():
            try:
                server.serve_forever()
            except (Stopped, KeyboardInterrupt):
                pass
