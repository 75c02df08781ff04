"""Push stage: load the built dataset into a triplestore over HTTP.

Follows the SPARQL 1.1 Graph Store HTTP Protocol
(https://www.w3.org/TR/sparql11-http-rdf-update/), which Oxigraph, Jena
Fuseki, GraphDB and Virtuoso speak: each named graph of the dataset (one per
witness, one per work) is sent with one ``PUT URL?graph=<IRI>`` (indirect
graph identification), which replaces that graph in the store.

What is atomic: each PUT replaces one graph as a whole, so a reader sees the
old graph or the new one, never a mix. The push as a whole is not one
transaction: if the store fails half-way, the graphs already sent are new and
the rest still old; :class:`PushError` says which, and pushing again
completes it. Graphs the store holds that the dataset does not (a witness
since removed) are left alone.

Before sending anything, a ``HEAD`` of the default graph checks that
the store is up and the path is a Graph Store endpoint, so a down store or a
wrong URL changes nothing; so do missing credentials if the store wants them
for reading (else the first PUT is refused, and nothing has changed either).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
import requests

from .errors import ConfigError, PushError

TIMEOUT = 60.0  # seconds to connect, and to wait for each answer
# N-Triples is a subset of Turtle, and text/turtle is the one media type every
# Graph Store accepts (Virtuoso does not know application/n-triples).
MEDIA_TYPE = "text/turtle"
ENDPOINT_HINT = ("Oxigraph: http://HOST:7878/store, Fuseki: http://HOST:3030/DATASET/data, "
                 "GraphDB: http://HOST:7200/repositories/ID/rdf-graphs/service")


@dataclass(frozen=True)
class GraphPushed:
    """One graph the store took: its IRI, how many triples, and whether it was new."""

    graph: str
    triples: int
    created: bool


@dataclass(frozen=True)
class PushReport:
    """What a push did: the endpoint and each graph it replaced, in order."""

    url: str
    graphs: tuple[GraphPushed, ...]

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)


def parse_auth(text: str) -> tuple[str, str]:
    """``user:password`` as a pair (the password may contain colons)."""
    user, sep, password = text.partition(":")
    if not sep or not user:
        raise ConfigError("--auth must be user:password", fix="e.g. --auth admin:secret")
    return user, password


def push(dataset_path: str | Path, url: str, *, auth: tuple[str, str] | None = None,
         timeout: float = TIMEOUT) -> PushReport:
    """Replace, in the Graph Store at *url*, each named graph of the dataset.

    *auth* is a (user, password) pair for HTTP basic authentication.

    Raises PushError if the store cannot be reached or refuses a graph; its
    ``replaced`` and ``not_replaced`` say how far the push got.
    """
    from .query import read_quads

    _check_url(url)
    # Read before any request: a bad dataset sends nothing. Read as written,
    # not through an Oxigraph store, which would respell "0.80" as "0.8".
    by_graph: dict[str, list[ox.Triple]] = {}
    for q in read_quads(dataset_path):
        if not isinstance(q.graph_name, ox.NamedNode):  # the protocol names graphs by IRI
            raise PushError("the dataset has triples outside any named graph", where=str(dataset_path),
                            fix="kg push sends named graphs only; use a dataset written by kg build")
        by_graph.setdefault(q.graph_name.value, []).append(q.triple)
    if not by_graph:
        raise PushError("the dataset has no named graphs, nothing to push", where=str(dataset_path))
    graphs = sorted(by_graph)
    by_graph = {g: list(dict.fromkeys(t)) for g, t in by_graph.items()}  # a graph is a set
    with requests.Session() as session:
        session.headers["User-Agent"] = _user_agent()
        session.auth = auth
        _check_reachable(session, url, timeout)
        done: list[GraphPushed] = []
        for iri in graphs:
            status = _put(session, url, iri, _body(by_graph[iri]), timeout, done, graphs)
            done.append(GraphPushed(iri, len(by_graph[iri]), created=status == 201))
    return PushReport(url, tuple(done))


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"{url!r} is not an http(s) URL",
                        fix=f"give the store's Graph Store endpoint, e.g. {ENDPOINT_HINT}")


def _user_agent() -> str:
    try:
        ours = version("kg")
    except PackageNotFoundError:
        ours = "dev"
    return (f"kg/{ours} (kg push; SPARQL 1.1 Graph Store HTTP Protocol) "
            f"python-requests/{requests.__version__}")


def _graph_url(url: str, iri: str | None) -> str:
    # Built by hand rather than with requests' params, so the default graph is
    # the bare "?default" the protocol names, not "?default=".
    target = "default" if iri is None else "graph=" + quote(iri, safe="")
    return url + ("&" if urlsplit(url).query else "?") + target


def _body(triples: list[ox.Triple]) -> bytes:
    # Sorted, like kg export's N-Triples, so the same dataset sends the same bytes.
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    # split("\n"), not splitlines(): U+2028 and the like may stand raw in a literal.
    return ("\n".join(sorted(ln for ln in text.split("\n") if ln)) + "\n").encode("utf-8")


def _check_reachable(session: requests.Session, url: str, timeout: float) -> None:
    """HEAD the default graph, which every Graph Store has; fail before any PUT."""
    nothing = "nothing was pushed"
    try:
        r = session.head(_graph_url(url, None), timeout=timeout, allow_redirects=False)
        if r.status_code in (405, 501):  # a store that does not do HEAD: GET, body left unread
            r = session.get(_graph_url(url, None), timeout=timeout, allow_redirects=False,
                            stream=True)
            if 200 <= r.status_code < 300:
                r.close()  # the body may be the whole store; an error's is read below
                return
    except requests.Timeout:
        raise PushError(f"the store did not answer within {timeout:g} s", where=url,
                        fix=f"check that it is up; {nothing}") from None
    except requests.RequestException as exc:
        if _broke_off(exc):
            raise PushError("the store broke off its answer or sent one that is not HTTP", where=url,
                            fix=f"check that the URL is the store's Graph Store endpoint; {nothing}") from None
        raise PushError("cannot connect to the store", where=url,
                        fix=f"check that it is running and the host and port are right; {nothing}") from None
    if 200 <= r.status_code < 300:
        return
    said = _status(r)
    if r.status_code in (401, 403):
        raise PushError(f"the store refused access ({said})", where=url,
                        fix=f"give --auth user:password of an account that may write; {nothing}")
    if r.status_code == 404:
        raise PushError(f"no Graph Store endpoint at this URL ({said})", where=url,
                        fix=f"check the path ({ENDPOINT_HINT}); {nothing}")
    if 300 <= r.status_code < 400:
        raise PushError(f"the store redirects to {r.headers.get('Location', '?')} ({said})", where=url,
                        fix=f"push to that URL instead; {nothing}")
    raise PushError(f"the store answered {said}", where=url, fix=f"check the store's log; {nothing}")


def _put(session: requests.Session, url: str, iri: str, body: bytes, timeout: float,
         done: list[GraphPushed], graphs: list[str]) -> int:
    """PUT one graph; on failure say which graphs were and were not replaced."""
    # Redirects are not followed: requests would turn a PUT answered with 302
    # into a GET, which succeeds without storing anything.
    advice = "fix the store and run kg push again"
    try:
        r = session.put(_graph_url(url, iri), data=body, timeout=timeout, allow_redirects=False,
                        headers={"Content-Type": MEDIA_TYPE})
        if r.status_code in (200, 201, 204):
            return r.status_code
        failure = f"answered {_status(r)}"
        if r.status_code in (401, 403):
            advice = "give --auth user:password of an account that may write, and push again"
        elif r.status_code in (404, 405):
            advice = f"check the URL is the Graph Store endpoint ({ENDPOINT_HINT})"
    except requests.Timeout:
        failure = f"did not answer within {timeout:g} s"
    except requests.RequestException as exc:
        failure = ("broke off its answer (connection closed mid-response)" if _broke_off(exc)
                   else "closed the connection")
    replaced = tuple(g.graph for g in done)
    not_replaced = tuple(graphs[len(done):])
    if replaced:
        progress = (f"replaced {len(replaced)} of {len(graphs)} graphs ({', '.join(replaced)}), "
                    f"not {', '.join(not_replaced)}")
    else:
        progress = "nothing was replaced"
    raise PushError(f"the store {failure} to the PUT of graph <{iri}>", where=url,
                    fix=f"{progress}; {advice}", replaced=replaced, not_replaced=not_replaced)


def _broke_off(exc: requests.RequestException) -> bool:
    """Whether the store was reached but its answer was cut off or not HTTP (not refused)."""
    import urllib3

    if isinstance(exc, (requests.exceptions.ChunkedEncodingError,
                        requests.exceptions.ContentDecodingError)):
        return True
    cause = exc.args[0] if exc.args else None
    return isinstance(cause, urllib3.exceptions.ProtocolError)


def _status(r: requests.Response) -> str:
    """``500 Internal Server Error "<first line of a plain-text body>"``."""
    said = f"{r.status_code} {r.reason}".strip()
    if r.headers.get("Content-Type", "").startswith("text/plain"):
        first = next((ln.strip() for ln in r.text.splitlines() if ln.strip()), "")
        if first:
            said += f' "{first[:160]}"'
    return said
