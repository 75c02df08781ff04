"""Query stage: run SPARQL 1.1 queries over a built dataset with Oxigraph.

The dataset is loaded into an in-memory Oxigraph store. Each witness and each
work is a named graph, reachable with ``GRAPH``; the default graph is the
RDF merge of all named graphs (each triple once), so patterns outside
``GRAPH`` see everything.

Answers are returned as a :class:`Result` and rendered by :func:`render`: an
aligned table for people, the SPARQL 1.1 results formats (CSV/TSV, JSON, XML,
written by Oxigraph) for programs, and Turtle or N-Triples (written by
:mod:`kg.export`, so byte-identical run after run) for CONSTRUCT and DESCRIBE.

SPARQL 1.1 Query: https://www.w3.org/TR/sparql11-query/
Results: https://www.w3.org/TR/sparql11-results-json/ ,
https://www.w3.org/TR/sparql11-results-csv-tsv/ , https://www.w3.org/TR/rdf-sparql-XMLres/
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import formats, resources
from .errors import InputError, QueryError

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

RESULTS_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                   "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
GRAPH_FORMATS = formats.ALL
CELL_WIDTH = 60  # a longer literal is cut in a table; the machine formats never cut
_FORMAT_HELP = ("use table, csv, tsv, json or xml for SELECT and ASK, "
                "turtle, json-ld, nt, nquads or trig for CONSTRUCT and DESCRIBE")


@dataclass(frozen=True)
class NamedQuery:
    """A shipped query file with the ``# title:`` and ``# description:`` of its header."""

    name: str
    path: Path
    title: str
    description: str


@dataclass(frozen=True)
class Result:
    """The answer to one query.

    ``form`` is ``"solutions"`` (SELECT: ``variables`` and ``rows``, None for
    unbound), ``"boolean"`` (ASK: ``boolean``) or ``"graph"`` (CONSTRUCT and
    DESCRIBE: ``triples``). ``sparql_json`` keeps SELECT and ASK answers in
    the SPARQL JSON results format, from which the other formats are written.
    """

    form: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    sparql_json: bytes = b""


def named_queries(folder: str | Path = resources.QUERIES) -> list[NamedQuery]:
    """The ``*.rq`` files of *folder*, by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("query folder not found", where=str(folder))
    out = []
    for path in sorted(folder.glob("*.rq")):
        head = {}
        for line in read_text(path).splitlines():
            if not line.startswith("#"):
                break
            key, sep, value = line.lstrip("# ").partition(":")
            if sep:
                head[key.strip().lower()] = value.strip()
        out.append(NamedQuery(path.stem, path, head.get("title", ""), head.get("description", "")))
    return out


def find_query(name: str, folder: str | Path = resources.QUERIES) -> NamedQuery:
    """The named query called *name*; the error lists the names there are."""
    queries = named_queries(folder)
    for q in queries:
        if q.name == name:
            return q
    raise QueryError(f"no named query {name!r}", where=str(folder),
                     fix=f"known names are {', '.join(q.name for q in queries)}")


def read_text(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("query file not found", where=str(path), fix="check the path") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"query file is not valid UTF-8 (byte offset {exc.start})",
                         where=str(path)) from None


def read_quads(path: str | Path) -> list[ox.Quad]:
    """The quads of the dataset file at *path*, each term exactly as written.

    N-Quads (what ``kg build`` writes), TriG and JSON-LD keep their graphs; a
    Turtle or N-Triples file becomes one named graph named by its file IRI,
    as :func:`kg.export.read_dataset` does.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("no built dataset", where=str(path), fix="run `kg build` first")
    if path.is_dir():
        raise InputError("is a folder, not a dataset file", where=str(path),
                         fix=f"give the file, e.g. {path / resources.DATASET_NAME}")
    fmt = formats.guess_format(path) or formats.N_QUADS
    try:
        if fmt is formats.JSON_LD:   # through pyld, whose loader refuses remote contexts clearly
            from .export import jsonld_to_nquads
            quads = list(ox.parse(jsonld_to_nquads(path), format=ox.RdfFormat.N_QUADS))
        else:
            quads = list(ox.parse(path=path, format=ox.RdfFormat.from_media_type(fmt.media_type)))
    except SyntaxError as exc:
        raise InputError(f"cannot parse RDF ({_one_line(str(exc))})", where=str(path)) from None
    if not fmt.supports_datasets:
        graph = ox.NamedNode(path.resolve().as_uri())
        quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]
    return quads


def load_store(path: str | Path) -> ox.Store:
    """An in-memory Oxigraph store holding the dataset at *path* (see
    :func:`read_quads`), whose default graph is the RDF merge of all its
    graphs: each triple once, however many graphs state it.

    The store keeps values, not spellings: ``"0.80"^^xsd:decimal`` reads
    back as ``"0.8"``.
    """
    quads = read_quads(path)
    store = ox.Store()
    store.extend(quads)
    # Not Oxigraph's use_default_graph_as_union: up to 0.5 it matches a triple
    # once per graph that states it (oxigraph/oxigraph#1919), so COUNT(*) over
    # the memo would count a fact stated by the work and by a copy twice.
    store.extend([ox.Quad(q.subject, q.predicate, q.object) for q in quads])
    return store


def parse_binding(text: str) -> tuple[str, Term]:
    """``VAR=VALUE`` as a variable name and a term.

    VALUE is an IRI if written ``<...>``, as ``http(s)://...`` or as a prefixed
    name with one of the dataset's prefixes (``schema:author``); else a string.
    """
    from .build import PREFIXES

    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not name:
        raise QueryError(f"--bind {text!r} is not VAR=VALUE",
                         fix="e.g. --bind predicate=schema:author")
    prefix, colon, local = value.partition(":")
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    elif colon and prefix in PREFIXES:
        iri = str(PREFIXES[prefix]) + local
    elif value.startswith(("http://", "https://")):
        iri = value
    else:
        return name, ox.Literal(value)
    try:
        return name, ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"--bind {text!r}: not a valid IRI ({exc})") from None


def run(store: ox.Store, text: str, *, source: str = "the query",
        bindings: dict[str, Term] | None = None) -> Result:
    """Run the SPARQL query *text* over *store* (from :func:`load_store`, whose
    default graph is the merge of the named graphs).

    *source* names the query in errors (a file path, "the -e query").
    *bindings* pre-bind variables (SEP-0007 substitutions).

    Raises QueryError on a syntax error (with its line and column) or a
    failed evaluation.
    """
    for name in bindings or {}:
        if not re.search(rf"[?$]{re.escape(name)}(?!\w)", text):
            raise QueryError(f"cannot bind ?{name}: the query has no such variable", where=source,
                             fix="bind one of the variables it selects")
    subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
    try:
        answer = store.query(text, substitutions=subs)
        if isinstance(answer, ox.QueryTriples):
            return Result("graph", triples=tuple(answer))
        data = answer.serialize(format=ox.QueryResultsFormat.JSON)
    except SyntaxError as exc:
        raise _syntax_error(str(exc), source) from None
    except (RuntimeError, ValueError, OSError) as exc:
        # Oxigraph's words: a variable bound but not selected, a failed SERVICE call.
        raise QueryError(f"query failed ({_one_line(str(exc))})", where=source) from None
    if isinstance(answer, ox.QueryBoolean):
        return Result("boolean", boolean=bool(answer), sparql_json=data)
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    variables = tuple(v.value for v in parsed.variables)
    rows = tuple(tuple(sol[i] for i in range(len(variables))) for sol in parsed)
    return Result("solutions", variables=variables, rows=rows, sparql_json=data)


def _syntax_error(message: str, source: str) -> QueryError:
    # Oxigraph says "error at LINE:COLUMN: expected ..." (1-based, from the
    # start of the text we passed, so a file's header comments count).
    m = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if not m:
        return QueryError(f"SPARQL syntax error: {_one_line(message)}", where=source)
    line, column, detail = int(m[1]), int(m[2]), m[3]
    # The parser lists Unicode ranges of name characters; one word says it.
    detail = re.sub(r"\[[^\[\]]*\.\.=[^\[\]]*\]", "a letter", detail)
    return QueryError(f"SPARQL syntax error at line {line}, column {column}: {_one_line(detail)}",
                      where=source, line=line, column=column)


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def render(result: Result, fmt: str | None = None) -> bytes:
    """*result* as bytes in *fmt*: table (default), csv, tsv, json or xml for
    SELECT/ASK; turtle (default) or nt for CONSTRUCT/DESCRIBE."""
    key = (fmt or "").strip().lower()
    if result.form == "graph":
        return _graph_bytes(result.triples, _graph_format(key or "turtle"))
    if key in ("", "table"):
        return table(result).encode("utf-8")
    chosen = RESULTS_FORMATS.get(key) or _results_format_by_other_name(key)
    if chosen is None:
        if _is_rdf_format(key):
            raise QueryError(f"{'a SELECT' if result.form == 'solutions' else 'an ASK'} query gives "
                             f"a table, not triples, so it cannot be written as {fmt}",
                             fix=_FORMAT_HELP)
        raise QueryError(f"unknown output format {fmt!r}", fix=_FORMAT_HELP)
    data = ox.parse_query_results(result.sparql_json, ox.QueryResultsFormat.JSON).serialize(format=chosen)
    return data if data.endswith(b"\n") else data + b"\n"  # JSON and XML end mid-line otherwise


def _results_format_by_other_name(key: str) -> ox.QueryResultsFormat | None:
    # Media types and extensions (srj, srx) name the same four formats.
    for guess in (ox.QueryResultsFormat.from_media_type, ox.QueryResultsFormat.from_extension):
        found = guess(key)
        if found is not None:
            return found
    return None


def _is_rdf_format(key: str) -> bool:
    return any(key in f.aliases for f in formats.ALL)


def _graph_format(key: str) -> formats.RdfFormat:
    if key in RESULTS_FORMATS or key == "table" or not _is_rdf_format(key):
        raise QueryError(f"a CONSTRUCT or DESCRIBE query gives triples, which cannot be written "
                         f"as {key}", fix="use turtle, json-ld, nt, nquads or trig")
    return formats.parse_format(key)


def _graph_bytes(triples: tuple[ox.Triple, ...], fmt: formats.RdfFormat) -> bytes:
    from rdflib import Dataset

    from .build import PREFIXES
    from .export import serialize

    ds = Dataset()
    for p, ns in PREFIXES.items():
        ds.bind(p, ns, replace=True)
    for t in triples:
        ds.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))
    return serialize(ds, fmt)


def _rdflib(term: Term):
    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import RDF, XSD

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        # rdflib tells "x" and "x"^^xsd:string apart; RDF 1.1 does not.
        dt = term.datatype.value
        plain = dt in (str(XSD.string), str(RDF.langString))
        return Literal(term.value, datatype=None if plain else URIRef(dt))
    raise QueryError("the query built a triple about a triple (RDF-star), which Turtle 1.1 "
                     "and N-Triples 1.1 cannot write", fix="construct plain triples")


def table(result: Result, width: int = CELL_WIDTH) -> str:
    """An aligned text table with a row count; IRIs with the dataset's
    prefixes become prefixed names, literals are cut at *width* characters."""
    if result.form == "boolean":
        return f"{'true' if result.boolean else 'false'}\n"
    prefixes = _display_prefixes()
    # Literals (sentences, quotes) are cut; IRIs stay whole, to be copied.
    cells = [[_cell(t, prefixes) for t in row] for row in result.rows]
    cut = any(len(c) > width for row, terms in zip(cells, result.rows)
              for c, t in zip(row, terms) if isinstance(t, ox.Literal))
    cells = [[c if len(c) <= width or not isinstance(t, ox.Literal) else c[:width - 1] + "…"
              for c, t in zip(row, terms)] for row, terms in zip(cells, result.rows)]
    widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(result.variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    n = len(cells)
    note = "; long literals cut, --format tsv gives them whole" if cut else ""
    return "\n".join(lines) + f"\n({n} row{'s' if n != 1 else ''}{note})\n"


def _display_prefixes() -> list[tuple[str, str]]:
    from .build import PREFIXES

    # Longest namespace first, so the most specific prefix wins.
    return sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda x: -len(x[1]))


def _cell(term: Term | None, prefixes: list[tuple[str, str]]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for p, ns in prefixes:
            local = term.value[len(ns):]
            if term.value.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", local):
                return f"{p}:{local}"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())  # a table row stays one line
    return str(term)
