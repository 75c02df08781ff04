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
pages come from fixed pattern lookups on a read-only pyoxigraph view of the
same store files, so no user query ever runs in this process.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import html
import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qsl, quote, urlencode, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

import pyoxigraph as ox

from . import formats, resources
from .errors import InputError, ServeError

# How long past its time limit a query may take to stop by itself before the
# engine is killed and restarted (Oxigraph checks for cancellation between steps).
GRACE = 2.0
MAX_BODY = 1 << 20       # bytes of a POSTed query
PAGE_LIMIT = 500         # facts, links and mentions listed on one HTML page
# The default graph is written as the RDF merge of the named graphs (each triple
# once), not left to `--union-default-graph`: up to Oxigraph 0.5 that matches a
# triple once per graph stating it (oxigraph/oxigraph#1919).
UNION_UPDATE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_UPDATE_WORDS = {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}

_DG = ox.DefaultGraph()
_NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
       "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
       "oa": "http://www.w3.org/ns/oa#", "owl": "http://www.w3.org/2002/07/owl#",
       "skos": "http://www.w3.org/2004/02/skos/core#", "schema": "https://schema.org/",
       "kgo": resources.ONTOLOGY_NS}


def _iri(curie: str) -> ox.NamedNode:
    prefix, local = curie.split(":", 1)
    return ox.NamedNode(_NS[prefix] + local)


TYPE, LABEL = _iri("rdf:type"), _iri("rdfs:label")
WIKIDATA = "http://www.wikidata.org/entity/"

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


def _limit_memory(pid: int, mib: int) -> None:
    try:
        import resource
        limit = mib * 1024 * 1024
        resource.prlimit(pid, resource.RLIMIT_DATA, (limit, limit))
    except (ImportError, AttributeError, OSError):  # not Linux: no cap, the kill still applies
        pass


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
            with open(self.log_path, "ab") as log:
                proc = subprocess.Popen(
                    [self.binary, "serve-read-only", "--location", str(self.location),
                     "--bind", f"127.0.0.1:{port}", "--timeout-s", str(self.timeout)],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            if self.max_memory:
                _limit_memory(proc.pid, self.max_memory)
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
    return ox.serialize(triples, format=GRAPH_FORMATS[media], prefixes=_prefixes(triples))


def _prefixes(triples=None) -> dict[str, str]:
    """The project's prefixes; only those *triples* use, if given."""
    from .build import PREFIXES

    found = {p: str(ns) for p, ns in PREFIXES.items()}
    if triples is None:
        return found
    iris = {t.value for tr in triples for t in (tr.subject, tr.predicate, tr.object)
            if isinstance(t, ox.NamedNode)}
    iris |= {tr.object.datatype.value for tr in triples if isinstance(tr.object, ox.Literal)}
    return {p: ns for p, ns in found.items() if any(i.startswith(ns) for i in iris)}


# --- descriptions of IRIs ----------------------------------------------------------------

def detect_base(store: ox.Store) -> str | None:
    """The base IRI a dataset was built with, read from its witness IRIs (``BASE witness/ID``)."""
    bases = set()
    for q in store.quads_for_pattern(None, TYPE, _iri("kgo:Witness"), _DG):
        head, sep, tail = q.subject.value.rpartition("witness/")
        if sep and tail and "/" not in tail:
            bases.add(head)
    return bases.pop() if len(bases) == 1 else None


def describe(store: ox.Store, iri: str) -> list[ox.Triple]:
    """What the dataset says about *iri*: its triples, those of its ``#`` parts, and those naming it.

    Empty if the dataset never mentions *iri*.
    """
    node = ox.NamedNode(iri)
    own = sorted((q.triple for q in store.quads_for_pattern(node, None, None, _DG)), key=str)
    parts = sorted({t.object for t in own if isinstance(t.object, ox.NamedNode)
                    and t.object.value.startswith(iri + "#")}, key=str)
    out = own + [t for part in parts
                 for t in sorted((q.triple for q in store.quads_for_pattern(part, None, None, _DG)), key=str)]
    seen = set(out)
    return out + sorted((q.triple for q in store.quads_for_pattern(None, None, node, _DG)
                         if q.triple not in seen), key=str)


def to_jsonld(triples: list[ox.Triple], context_path: Path) -> bytes:
    """JSON-LD compacted with the project's context, as ``kg export`` writes it."""
    from pyld import jsonld

    from .export import load_context

    def no_network(url, options=None):
        raise jsonld.JsonLdError(f"kg serve does not fetch remote JSON-LD documents ({url})",
                                 "jsonld.LoadDocumentError", code="loading document failed")

    expanded = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
    doc = jsonld.compact(expanded, {"@context": load_context(context_path)},
                         {"documentLoader": no_network, "compactArrays": True})
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class _Page:
    """Lookups and links for one HTML page, *here* being the page's path below the base."""

    def __init__(self, store: ox.Store, base: str, here: str):
        self.store, self.base = store, base
        self.up = "../" * here.count("/")
        self._labels: dict = {}
        self._known: dict[str, bool] = {}
        self._curies = sorted(_prefixes().items(), key=lambda kv: -len(kv[1]))

    def objects(self, s, p) -> list:
        return [q.object for q in self.store.quads_for_pattern(s, p, None, _DG)]

    def subjects(self, p, o) -> list:
        return [q.subject for q in self.store.quads_for_pattern(None, p, o, _DG)]

    def first(self, s, p):
        found = self.objects(s, _iri(p) if isinstance(p, str) else p)
        return min(found, key=str) if found else None

    def label(self, node) -> str | None:
        if node not in self._labels:
            found = self.first(node, LABEL) if isinstance(node, ox.NamedNode) else None
            self._labels[node] = found.value if found is not None else None
        return self._labels[node]

    def text(self, node) -> str:
        """How to name *node* in a link: its label, else what it is made of (a fact's
        subject, property and value; a span's quote), else its IRI after the base."""
        if isinstance(node, ox.Literal):
            return node.value
        found = self.label(node)
        if found:
            return found
        if self.first(node, "rdf:subject") is not None:
            s, p, o = (self.first(node, f"rdf:{r}") for r in ("subject", "predicate", "object"))
            return " ".join((self.curie(p.value) if t is p else self.label(t) or self.short(t.value)
                             if isinstance(t, ox.NamedNode) else getattr(t, "value", "?"))
                            for t in (s, p, o))
        span = self.first(node, "oa:hasTarget") or node
        for sel in self.objects(span, _iri("oa:hasSelector")):
            exact = self.first(sel, "oa:exact")
            if exact is not None:
                source = self.first(span, "oa:hasSource")
                where = source.value.rsplit("/", 1)[-1] if source is not None else ""
                return f"“{exact.value}” in {where}"
        return self.short(node.value) if isinstance(node, ox.NamedNode) else str(node)

    def short(self, iri: str) -> str:
        return iri[len(self.base):] if iri.startswith(self.base) else self.curie(iri)

    def described(self, iri: str) -> bool:
        doc = iri.split("#", 1)[0]
        if doc not in self._known:
            node = ox.NamedNode(doc)
            self._known[doc] = any(True for _ in self.store.quads_for_pattern(node, None, None, _DG))
        return self._known[doc]

    def curie(self, iri: str) -> str:
        for prefix, ns in self._curies:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def href(self, iri: str) -> str | None:
        """A relative link for an IRI described here, else the IRI if http(s), else None
        (a ``javascript:`` IRI in the data must not become a link)."""
        if iri.startswith(self.base) and self.described(iri):
            return self.up + quote(iri[len(self.base):], safe="/#:@!$&'()*+,;=-._~%")
        return iri if iri.startswith(("http://", "https://")) else None

    def link(self, node, text: str | None = None) -> str:
        if isinstance(node, ox.Literal):
            extra = f"@{node.language}" if node.language else (
                "" if node.datatype.value.endswith("#string") else f"({self.curie(node.datatype.value)})")
            return _e(node.value) + (f" <small>{_e(extra)}</small>" if extra else "")
        if not isinstance(node, ox.NamedNode):
            return _e(str(node))
        text, href = text or self.text(node), self.href(node.value)
        if href is None:
            return f"<code>{_e(text)}</code>"
        return f'<a href="{_e(href)}">{_e(text)}</a>'


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


def entity_html(store: ox.Store, base: str, iri: str, here: str) -> str:
    """The HTML page of *iri*: label, types, Wikidata link, facts both ways, mentions."""
    pg, node = _Page(store, base, here), ox.NamedNode(iri)
    title = pg.text(node)
    out = [f"<h1>{_e(title)}</h1>", f"<p class=iri><code>{_e(iri)}</code></p>"]
    types = sorted(pg.objects(node, TYPE), key=str)
    if types:
        out.append("<p>Types: " + ", ".join(pg.link(t, pg.curie(t.value)) for t in types) + "</p>")
    same = sorted({o for p in ("owl:sameAs", "skos:exactMatch") for o in pg.objects(node, _iri(p))
                   if isinstance(o, ox.NamedNode) and o.value.startswith(WIKIDATA)}, key=str)
    for o in same:
        out.append(f'<p>Wikidata: <a class=wikidata href="{_e(o.value)}">'
                   f'{_e(o.value[len(WIKIDATA):])}</a></p>')

    # Facts are reified as kgo:Assertion nodes carrying the evidence; link each fact to them.
    evidence: dict[tuple, list] = {}
    for role, other in ((_iri("rdf:subject"), _iri("rdf:object")), (_iri("rdf:object"), _iri("rdf:subject"))):
        for a in pg.subjects(role, node):
            key = (role.value, str(pg.first(a, "rdf:predicate")), str(pg.first(a, other)))
            evidence.setdefault(key, []).append(a)

    def proof(role: str, p, other) -> str:
        found = sorted(evidence.get((_NS["rdf"] + role, str(p), str(other)), []), key=str)
        return " ".join(pg.link(a, "evidence") for a in found)

    facts = [q.triple for q in store.quads_for_pattern(node, None, None, _DG)
             if q.predicate not in (TYPE, LABEL)]
    out.append(_table("Facts", ("property", "value", ""), [
        (pg.link(t.predicate, pg.curie(t.predicate.value)), pg.link(t.object),
         proof("subject", t.predicate, t.object))
        for t in sorted(facts, key=str)]))
    for part in sorted({t.object for t in facts if isinstance(t.object, ox.NamedNode)
                        and t.object.value.startswith(iri + "#")}, key=str):
        rows = [(pg.link(q.predicate, pg.curie(q.predicate.value)), pg.link(q.object), "")
                for q in sorted(store.quads_for_pattern(part, None, None, _DG), key=str)]
        out.append(f'<section id="{_e(part.value.split("#", 1)[1])}">'
                   + _table(pg.curie(part.value), ("property", "value", ""), rows) + "</section>")
    skip = {_iri("oa:hasBody"), _iri("rdf:subject"), _iri("rdf:object")}
    incoming = [q.triple for q in store.quads_for_pattern(None, None, node, _DG) if q.predicate not in skip]
    out.append(_table("Referred to by", ("subject", "property", ""), [
        (pg.link(t.subject), pg.link(t.predicate, pg.curie(t.predicate.value)),
         proof("object", t.predicate, t.subject))
        for t in sorted(incoming, key=str)]))
    out.append(_mentions(pg, node))
    out.append("<p class=note>This description is also served as Turtle and JSON-LD: ask for "
               "<code>text/turtle</code> or <code>application/ld+json</code> in the Accept header. "
               f'Query everything at <a href="{_e(pg.up)}sparql">the SPARQL endpoint</a>.</p>')
    return _html(title, "\n".join(out), pg.up)


def _mentions(pg: _Page, node) -> str:
    rows = []
    for ann in pg.subjects(_iri("oa:hasBody"), node):
        target = pg.first(ann, "oa:hasTarget")
        source = pg.first(target, "oa:hasSource") if target is not None else None
        quote_, start = {}, None
        for sel in pg.objects(target, _iri("oa:hasSelector")) if target is not None else []:
            kinds = pg.objects(sel, TYPE)
            if _iri("oa:TextQuoteSelector") in kinds:
                quote_ = {k: getattr(pg.first(sel, f"oa:{k}"), "value", "") for k in ("exact", "prefix", "suffix")}
            if _iri("oa:TextPositionSelector") in kinds:
                start = int(pg.first(sel, "oa:start").value), int(pg.first(sel, "oa:end").value)
        rows.append((str(source), start or (0, 0), source, quote_, ann))
    rows.sort(key=lambda r: (r[0], r[1]))
    items, current = [], None
    for key, (start, end), source, q, ann in rows[:PAGE_LIMIT]:
        if key != current:
            current = key
            wid = source.value.rstrip("/").rsplit("/", 1)[-1] if source is not None else "?"
            items.append(f"<h3>In {pg.link(source) if source is not None else '?'} "
                         f"(witness <code>{_e(wid)}</code>)</h3>")
        items.append(f'<p class=quote>…{_e(q.get("prefix", ""))}<mark>{_e(q.get("exact", ""))}</mark>'
                     f'{_e(q.get("suffix", ""))}… <small>{pg.link(ann, f"characters {start}–{end}")}'
                     "</small></p>")
    more = (f"<p class=note>and {len(rows) - PAGE_LIMIT} more: ask the SPARQL endpoint.</p>"
            if len(rows) > PAGE_LIMIT else "")
    return f"<h2>Mentions ({len(rows)})</h2>" + "".join(items) + more if rows else ""


def _table(title: str, heads: tuple, rows: list) -> str:
    if not rows:
        return ""
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows[:PAGE_LIMIT])
    more = (f"<p class=note>and {len(rows) - PAGE_LIMIT} more: ask the SPARQL endpoint.</p>"
            if len(rows) > PAGE_LIMIT else "")
    head = "".join(f"<th>{_e(h)}</th>" for h in heads)
    return f"<h2>{_e(title)}</h2><table><tr>{head}</tr>{body}</table>{more}"


def _html(title: str, body: str, up: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
            f"<title>{_e(title)}</title><style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;"
            "padding:0 1em}td,th{text-align:left;vertical-align:top;padding:.2em .6em}"
            ".note,small{color:#666}mark{background:#ffe58a}code{font-size:.9em}</style></head><body>"
            f'<nav><a href="{_e(up) or "./"}">index</a> · <a href="{_e(up)}sparql">SPARQL</a></nav>\n'
            f"{body}\n</body></html>\n")


INDEX_CLASSES = (("Works and copies", "schema:CreativeWork"), ("People", "schema:Person"),
                 ("Organizations", "schema:Organization"), ("States", "schema:Country"),
                 ("Places", "schema:Place"), ("Events", "schema:Event"), ("Proposals", "kgo:Proposal"))


def index_html(store: ox.Store, base: str, here: str) -> str:
    pg = _Page(store, base, here)
    out = ["<h1>Knowledge graph</h1>",
           f"<p>Entities are named by IRIs under <code>{_e(base)}</code>; each has a page here. "
           f'Ask anything at <a href="{_e(pg.up)}sparql">the SPARQL endpoint</a>.</p>']
    for title, cls in INDEX_CLASSES:
        nodes = sorted(pg.subjects(TYPE, _iri(cls)), key=lambda n: ((pg.label(n) or "").lower(), str(n)))
        if nodes:
            items = "".join(f"<li>{pg.link(n)}</li>" for n in nodes[:PAGE_LIMIT])
            more = f"<li>… {len(nodes) - PAGE_LIMIT} more</li>" if len(nodes) > PAGE_LIMIT else ""
            out.append(f"<h2>{_e(title)} ({len(nodes)})</h2><ul>{items}{more}</ul>")
    return _html("Knowledge graph", "\n".join(out), pg.up)


def not_found_html(store: ox.Store, base: str, iri: str, here: str) -> str:
    pg = _Page(store, base, here)
    kind = iri[len(base):].split("/", 1)[0] + "/" if iri.startswith(base) else ""
    words = set(re.findall(r"[a-z0-9]+", iri[len(base) + len(kind):].lower()))
    near = []
    if kind:
        found = store.quads_for_pattern(None, LABEL, None, _DG)
        near = sorted({q.subject for q in found if isinstance(q.subject, ox.NamedNode)
                       and q.subject.value.startswith(base + kind)}, key=lambda n: (
            -len(words & set(re.findall(r"[a-z0-9]+", n.value[len(base):].lower()))), n.value))[:10]
    body = [f"<h1>Not found</h1><p>This dataset says nothing about <code>{_e(iri)}</code>.</p>",
            f"<p>Paths are read as IRIs under the base <code>{_e(base)}</code>: "
            "<code>/person/some-name</code> names <code>"
            f"{_e(base)}person/some-name</code>. If the dataset was built with another "
            "<code>--base</code>, start the server with the same one.</p>"]
    if near:
        body.append(f"<h2>Nearby IRIs</h2><ul>{''.join(f'<li>{pg.link(n)}</li>' for n in near)}</ul>")
    body.append(f'<p>See <a href="{_e(pg.up) or "./"}">the index</a> or ask '
                f'<a href="{_e(pg.up)}sparql">the SPARQL endpoint</a>.</p>')
    return _html("Not found", "\n".join(body), pg.up)


def sparql_html(options: ServeOptions, here: str) -> str:
    up = "../" * here.count("/")
    example = "SELECT DISTINCT ?person ?name WHERE {\n  ?person a <https://schema.org/Person> ;\n" \
              "          <http://www.w3.org/2000/01/rdf-schema#label> ?name .\n} ORDER BY ?name"
    body = f"""<h1>SPARQL endpoint</h1>
<p>A read-only <a href="https://www.w3.org/TR/sparql11-protocol/">SPARQL 1.1 Protocol</a> endpoint:
<code>GET {_e(up)}sparql?query=…</code>, <code>POST</code> with <code>Content-Type:
application/sparql-query</code>, or <code>POST</code> of a form with <code>query=…</code>
(<code>default-graph-uri</code> and <code>named-graph-uri</code> are honoured).</p>
<p><b>The default graph is the union of all named graphs</b> (their RDF merge: a triple stated in
several graphs is matched once). Each witness (copy) and each work is a named graph, matched with
<code>GRAPH ?g {{ … }}</code>.</p>
<p>Results by the Accept header: <code>application/sparql-results+json</code> (the default),
<code>application/sparql-results+xml</code>, <code>text/csv</code>,
<code>text/tab-separated-values</code> for SELECT and ASK; <code>text/turtle</code> (the default),
<code>application/n-triples</code>, <code>application/ld+json</code>,
<code>application/rdf+xml</code> for CONSTRUCT and DESCRIBE.</p>
<p>Limits: a query is stopped after {options.timeout} s (HTTP 503), and one that returns more than
{options.max_rows} results or triples is refused (HTTP 400): page with LIMIT and OFFSET.
SPARQL Update is refused (HTTP 403).</p>
<form method=get action="{_e(up)}sparql"><textarea name=query rows=8 cols=80>{_e(example)}</textarea>
<br><button>Run</button></form>"""
    return _html("SPARQL endpoint", body, up)


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
            body = ox.serialize(triples, format=GRAPH_FORMATS[media], prefixes=_prefixes(triples))
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
            return 200, _html_headers(), sparql_html(self.options, local).encode("utf-8")
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
            self._tmp = Path(tempfile.mkdtemp(prefix="kg-serve-"))
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


class _Stop(Exception):
    pass


@contextlib.contextmanager
def _signals_stop():
    """Turn SIGTERM and SIGHUP into a clean stop while serving (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _Stop

    names = [s for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s)]
    previous = {n: signal.signal(getattr(signal, n), stop) for n in names}
    try:
        yield
    finally:
        for n, handler in previous.items():
            signal.signal(getattr(signal, n), handler)


def serve(dataset_path: str | Path, options: ServeOptions = ServeOptions(),
          ready: Callable[[Server], None] | None = None) -> None:
    """Serve *dataset_path* until Ctrl-C, SIGTERM or SIGHUP; *ready* is called once listening.

    Raises InputError (dataset missing or unreadable), ServeError (port taken,
    engine missing or failing) or ConfigError (bad base IRI) before serving.
    """
    with Server(dataset_path, options) as server:
        if ready:
            ready(server)
        with _signals_stop():
            try:
                server.serve_forever()
            except (_Stop, KeyboardInterrupt):
                pass
