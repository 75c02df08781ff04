"""SHACL Core validation compiled to SPARQL and run on Oxigraph.

``compile_shapes(shapes)`` turns a shapes graph into one SPARQL SELECT query
per (shape, constraint component) (https://www.w3.org/TR/shacl/, sections 2
to 4, plus the ``sh:select`` constraints of section 5); ``check(store,
compiled)`` runs them over the union of a pyoxigraph store's graphs and
returns :class:`Result` records. The results are the ones pySHACL 0.40 gives
with ``inference="none"`` (the agreement is tested in
``tests/test_shacl_sparql.py``), in a few seconds where pySHACL takes minutes.

How it maps SHACL onto SPARQL:

- A shape's focus nodes are a graph pattern binding ``?this``: its targets
  (``sh:targetClass`` as ``rdf:type/rdfs:subClassOf*`` over the *data*,
  as pySHACL does; ``sh:targetNode``; ``sh:targetSubjectsOf``;
  ``sh:targetObjectsOf``; a shape that is itself an ``rdfs:Class`` or
  ``owl:Class``), and, for a property shape, the value nodes of every shape
  that names it with ``sh:property``. A shared property shape is one query
  for all the shapes that use it.
- Paths become SPARQL property paths; a path is reported in that syntax.
- A component that looks at each value node on its own (``sh:class``,
  ``sh:datatype``, ``sh:nodeKind``, ``sh:in``, ``sh:pattern``,
  lengths, ranges, ``sh:languageIn``, ``sh:node``, ``sh:or``/``and``/``not``/
  ``xone``) is a FILTER on ``?value``; one that counts or compares value sets
  (``sh:minCount``, ``sh:maxCount``, ``sh:hasValue``, ``sh:qualified*``,
  ``sh:uniqueLang``, ``sh:equals``, ``sh:disjoint``, ``sh:lessThan``,
  ``sh:lessThanOrEquals``, ``sh:closed``) is a GROUP BY or a NOT EXISTS.
- Shapes nested in ``sh:node``/``sh:or``/... become a boolean SPARQL
  expression; an error inside one (comparing a string with a number) counts
  as "does not conform", as SHACL says.
- ``sh:sparql`` constraints (``sh:select`` on node shapes) run once over the
  whole graph with ``$this`` joined to the shape's focus nodes (pre-binding,
  section 5.3.1, written as a join).

Anything else in a shapes graph raises :class:`kg.errors.ConfigError` naming
the shape and the term, rather than being skipped.

Regular expressions: ``sh:pattern`` runs as SPARQL ``REGEX`` (XPath syntax,
Oxigraph's Rust regex engine); pySHACL uses Python's ``re.search``. They agree
on the patterns kg's shapes use (anchored character classes and literal
dots). They differ on a value that ends with a newline: Python's ``$`` also
matches before a final ``\\n``, XPath's does not, so pySHACL accepts
``"...\\n"`` for ``^[0-9a-f]{64}$`` and this engine reports it; and on
syntax Python has and Oxigraph's engine lacks, such as look-ahead ``(?=x)``,
which is refused with a ConfigError at compile time.

Ill-typed literals: ``sh:datatype`` fails a literal whose lexical form is not
in its datatype's lexical space (``"abc"^^xsd:integer``), as pySHACL does, for
xsd:integer, decimal, double, float, boolean, date, dateTime and time (a cast
of the lexical form must succeed). Other datatypes are matched by IRI only.

Oxigraph's store keeps values, not lexical forms, for the datatypes it knows:
``"05"^^xsd:int`` is stored as ``"5"^^xsd:integer`` and xsd:dateTimeStamp as
xsd:dateTime. So results show values in that canonical form
(:func:`from_pyshacl` maps pySHACL's through :func:`stored` to compare), a
shape asking for xsd:nonNegativeInteger (or int, long, ...) is checked as
xsd:integer within that type's range, and so accepts a plain xsd:integer in
range where pySHACL would not; and ``sh:in``/``sh:hasValue`` see "05" and "5"
as the same integer where pySHACL (rdflib term equality) does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import count

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from .errors import ConfigError, first_line
from .quads import Quads, from_rdflib

_RDF_TYPE = f"<{RDF.type}>"
_SUBCLASS = f"<{RDFS.subClassOf}>"

# Datatypes whose lexical space Oxigraph checks when it casts a string.
_CASTABLE = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date,
             XSD.dateTime, XSD.time}

# Shape terms that carry no constraint of their own, or are read with another.
_INERT = {SH.name, SH.description, SH.message, SH.severity, SH.order, SH.group, SH.defaultValue,
          SH.deactivated, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
          SH.path, SH.flags, SH.qualifiedMinCount, SH.qualifiedMaxCount,
          SH.qualifiedValueShapesDisjoint, SH.ignoredProperties, SH.declare, SH.prefixes,
          SH.property}

# Components tested on each value node alone: parameter -> component.
_VALUE_COMPONENTS = {
    SH["class"]: SH.ClassConstraintComponent, SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent, SH["in"]: SH.InConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent, SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent, SH.node: SH.NodeConstraintComponent,
    SH["or"]: SH.OrConstraintComponent, SH["and"]: SH.AndConstraintComponent,
    SH["not"]: SH.NotConstraintComponent, SH.xone: SH.XoneConstraintComponent,
}
# Components that look at a focus node's whole set of values.
_SET_COMPONENTS = {
    SH.minCount: SH.MinCountConstraintComponent, SH.maxCount: SH.MaxCountConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent, SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent, SH.disjoint: SH.DisjointConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH.closed: SH.ClosedConstraintComponent,
    SH.qualifiedValueShape: None,       # two components: qualified min and max count
    SH.sparql: SH.SPARQLConstraintComponent,
}
# Oxigraph stores these datatypes as their primitive base type (and canonical
# lexical forms: "05"^^xsd:int is kept as "5"^^xsd:integer), so sh:datatype
# tests the base type and the derived type's range.
_STORED_AS = {
    XSD.nonNegativeInteger: (XSD.integer, ">= 0"), XSD.positiveInteger: (XSD.integer, ">= 1"),
    XSD.nonPositiveInteger: (XSD.integer, "<= 0"), XSD.negativeInteger: (XSD.integer, "<= -1"),
    XSD.long: (XSD.integer, "BETWEEN -9223372036854775808 9223372036854775807"),
    XSD.int: (XSD.integer, "BETWEEN -2147483648 2147483647"),
    XSD.short: (XSD.integer, "BETWEEN -32768 32767"), XSD.byte: (XSD.integer, "BETWEEN -128 127"),
    XSD.unsignedLong: (XSD.integer, "BETWEEN 0 18446744073709551615"),
    XSD.unsignedInt: (XSD.integer, "BETWEEN 0 4294967295"),
    XSD.unsignedShort: (XSD.integer, "BETWEEN 0 65535"),
    XSD.unsignedByte: (XSD.integer, "BETWEEN 0 255"),
    XSD.dateTimeStamp: (XSD.dateTime, "TIMEZONE"),
}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_MAX_NESTED_COUNT = 4         # sh:minCount/maxCount inside sh:node etc. join this many values


@dataclass(frozen=True)
class Result:
    """One validation result, with RDF terms as pyoxigraph terms.

    ``path`` is the result path in SPARQL property path syntax (``<p>``,
    ``^<p>``, ``(<a>/<b>)``); ``shape``, ``component`` and ``severity`` are
    IRIs (a blank shape is ``_:`` and its label in the shapes graph).
    """

    focus: object
    path: str | None
    value: object | None
    shape: str
    component: str
    severity: str
    message: str | None

    def key(self) -> tuple:
        """What pySHACL and this engine must agree on (messages aside)."""
        return (str(self.focus), self.path, None if self.value is None else str(self.value),
                self.shape, self.component, self.severity)


@dataclass(frozen=True)
class Query:
    """One (shape, component) check: a SELECT of ``?this`` and maybe ``?value``/``?path``."""

    shape: str
    component: str
    severity: str
    path: str | None
    messages: tuple[str, ...]
    sparql: str
    fill_messages: bool = False     # SHACL-SPARQL: {?var} in messages takes the row's value


@dataclass(frozen=True)
class Compiled:
    queries: tuple[Query, ...]


def _name(node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _term(node) -> str:
    """An rdflib term written for a SPARQL query, as Oxigraph stores it."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return str(stored(from_rdflib(node)))
    raise ConfigError(f"a blank node ({node}) cannot be a constant in a shape")


_STORED: dict = {}


def stored(term):
    """*term* (a pyoxigraph term) as an Oxigraph store gives it back.

    Oxigraph keeps the value of a literal of a datatype it knows, not its
    lexical form or derived type ("05"^^xsd:int comes back as
    "5"^^xsd:integer); compare pySHACL's terms with this engine's through it.
    """
    import pyoxigraph as ox

    if not isinstance(term, ox.Literal):
        return term
    hit = _STORED.get(term)
    if hit is None:
        store = ox.Store()
        store.add(ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), term))
        hit = _STORED[term] = next(iter(store)).object
    return hit


def sparql_path(g: Graph, node) -> str:
    """A SHACL path (section 2.3.1) in *g* as a SPARQL property path."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if (node, RDF.first, None) in g:
        steps = [sparql_path(g, s) for s in Collection(g, node)]
        return steps[0] if len(steps) == 1 else "(" + "/".join(steps) + ")"
    for term, form in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                       (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        inner = g.value(node, term)
        if inner is not None:
            return form.format(sparql_path(g, inner))
    alt = g.value(node, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(sparql_path(g, s) for s in Collection(g, alt)) + ")"
    raise ConfigError("unsupported or malformed sh:path", where=_name(node))


class _Compiler:
    def __init__(self, shapes: Graph):
        self.g = shapes
        self.fresh = count(1)
        if (None, RDF.type, SH.ConstraintComponent) in shapes:
            bad = next(shapes.subjects(RDF.type, SH.ConstraintComponent))
            raise ConfigError("kg.shacl does not run SHACL-SPARQL constraint components",
                              where=_name(bad))
        self.parents: dict = {}
        for parent, child in shapes.subject_objects(SH.property):
            self.parents.setdefault(child, []).append(parent)

    # --- shapes graph reading -------------------------------------------------

    def var(self) -> str:
        return f"?k{next(self.fresh)}"

    def objects(self, shape, p) -> list:
        return sorted(self.g.objects(shape, p), key=str)

    def one(self, shape, p):
        found = self.objects(shape, p)
        if len(found) > 1:
            raise ConfigError(f"more than one {self.g.qname(p)}", where=_name(shape))
        return found[0] if found else None

    def number(self, shape, p, o) -> int:
        """The count or length *o* given with *p*: a non-negative integer, else a ConfigError."""
        try:
            n = int(str(o)) if isinstance(o, Literal) else None
        except ValueError:
            n = None
        if n is None or n < 0:
            raise ConfigError(f"{self.g.qname(p)} must be a non-negative integer, not {o.n3()}",
                              where=_name(shape))
        return n

    def items(self, shape, lst) -> list:
        try:
            return list(Collection(self.g, lst))
        except Exception:
            raise ConfigError("a SHACL list is malformed", where=_name(shape)) from None

    def deactivated(self, shape) -> bool:
        return any(str(v).lower() == "true" for v in self.g.objects(shape, SH.deactivated))

    def path(self, shape) -> str | None:
        p = self.one(shape, SH.path)
        return None if p is None else sparql_path(self.g, p)

    def refuse_unknown(self, shape) -> None:
        for p in sorted(set(self.g.predicates(shape)), key=str):
            if str(p).startswith(str(SH)) and p not in _INERT and p not in _VALUE_COMPONENTS \
                    and p not in _SET_COMPONENTS:
                raise ConfigError(f"kg.shacl does not support {self.g.qname(p)}", where=_name(shape),
                                  fix="validate with pySHACL or remove the constraint")
        disjoint = self.g.value(shape, SH.qualifiedValueShapesDisjoint)
        if disjoint is not None and str(disjoint).lower() == "true":
            raise ConfigError("kg.shacl does not support sh:qualifiedValueShapesDisjoint true",
                              where=_name(shape))

    def shapes(self) -> list:
        g = self.g
        found = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.property,
                  SH.sparql):
            found |= set(g.subjects(p, None))
        found |= set(g.objects(None, SH.property))
        return sorted(found, key=str)

    # --- focus nodes ----------------------------------------------------------

    def targets(self, shape, v: str) -> list[str]:
        g = self.g
        out = [f"{v} {_RDF_TYPE}/{_SUBCLASS}* {_term(c)} ." for c in self.objects(shape, SH.targetClass)]
        classes = {RDFS.Class, OWL.Class} | set(g.subjects(RDFS.subClassOf, RDFS.Class))
        declared = set(g.objects(shape, RDF.type))
        if declared & {SH.NodeShape, SH.PropertyShape} and declared & classes and isinstance(shape, URIRef):
            out.append(f"{v} {_RDF_TYPE}/{_SUBCLASS}* {_term(shape)} .")
        nodes = [n for n in self.objects(shape, SH.targetNode) if not isinstance(n, BNode)]
        if nodes:
            out.append(f"VALUES {v} {{ {' '.join(_term(n) for n in nodes)} }}")
        out += [f"{v} {_term(p)} [] ." for p in self.objects(shape, SH.targetSubjectsOf)]
        out += [f"[] {_term(p)} {v} ." for p in self.objects(shape, SH.targetObjectsOf)]
        return out

    def focus(self, shape, v: str, stack: tuple = ()) -> str | None:
        """A pattern binding *v* to each focus node of *shape* once, or None if it has none."""
        if shape in stack:
            raise ConfigError("shapes refer to each other through sh:property in a cycle",
                              where=_name(shape))
        if self.deactivated(shape):
            return None
        parts = self.targets(shape, v)
        for parent in sorted(self.parents.get(shape, ()), key=str):
            pv = self.var()
            inner = self.focus(parent, pv, stack + (shape,))
            if inner is not None:
                parts.append(inner + " " + self.values(parent, pv, v))
        if not parts:
            return None
        union = " UNION ".join("{ " + p + " }" for p in parts)
        return f"{{ SELECT DISTINCT {v} WHERE {{ {union} }} }}"

    def values(self, shape, f: str, v: str) -> str:
        """A pattern binding *v* to the value nodes of *shape* for focus node *f*."""
        path = self.path(shape)
        return f"{f} {path} {v} ." if path else f"BIND({f} AS {v})"

    # --- conditions on one node -----------------------------------------------

    def value_test(self, shape, p, o, v: str, stack: tuple) -> str:
        """The SPARQL expression: node *v* meets the constraint (*p* *o*) of *shape*."""
        if p == SH["class"]:
            # The node's types first, then each type's superclasses: as one path,
            # Oxigraph could walk from the class to all its instances for each node.
            t = self.var()
            return (f"EXISTS {{ {v} {_RDF_TYPE} {t} . "
                    f"FILTER EXISTS {{ {t} {_SUBCLASS}* {_term(o)} }} }}")
        if p == SH.datatype:
            return self.datatype_test(o, v)
        if p == SH.nodeKind:
            if o not in _NODE_KINDS:
                raise ConfigError(f"unknown sh:nodeKind {o}", where=_name(shape))
            return _NODE_KINDS[o].format(v=v)
        if p == SH["in"]:
            members = self.items(shape, o)
            return "(" + (" || ".join(f"sameTerm({v}, {_term(m)})" for m in members) or "false") + ")"
        if p == SH.hasValue:
            return f"sameTerm({v}, {_term(o)})"
        if p == SH.pattern:
            flags = self.one(shape, SH.flags)
            args = f", {_term(Literal(str(flags)))}" if flags is not None else ""
            _check_regex(shape, f"{_term(Literal(str(o)))}{args}")
            return f"(!isBlank({v}) && REGEX(STR({v}), {_term(Literal(str(o)))}{args}))"
        if p in (SH.minLength, SH.maxLength):
            n = self.number(shape, p, o)
            if p == SH.minLength and n == 0:
                return "true"
            op = ">=" if p == SH.minLength else "<="
            return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {n})"
        if p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            op = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">",
                  SH.maxExclusive: "<"}[p]
            return f"(isLiteral({v}) && {v} {op} {_term(o)})"
        if p == SH.languageIn:
            langs = sorted({str(m).lower() for m in self.items(shape, o)})
            if "*" in langs:
                return f"(isLiteral({v}) && LANG({v}) != \"\")"
            listed = ", ".join(_term(Literal(x)) for x in langs)
            # pySHACL's rule: the whole tag or its first subtag is listed.
            return (f"(isLiteral({v}) && LANG({v}) != \"\" && (LCASE(LANG({v})) IN ({listed}) || "
                    f"LCASE(STRBEFORE(CONCAT(LANG({v}), \"-\"), \"-\")) IN ({listed})))")
        if p == SH.node:
            return self.conforms(o, v, stack)
        if p in (SH["or"], SH["and"], SH.xone):
            members = [self.conforms(m, v, stack) for m in self.items(shape, o)]
            if p == SH["or"]:
                return "(" + (" || ".join(members) or "false") + ")"
            if p == SH["and"]:
                return "(" + (" && ".join(members) or "true") + ")"
            return "((" + (" + ".join(f"IF({m}, 1, 0)" for m in members) or "0") + ") = 1)"
        if p == SH["not"]:
            return f"(!{self.conforms(o, v, stack)})"
        raise AssertionError(p)

    def datatype_test(self, dt, v: str) -> str:
        if dt == RDFS.Literal:
            return f"isLiteral({v})"
        if dt == RDF.langString:
            return f"(isLiteral({v}) && LANG({v}) != \"\")"
        if dt in _STORED_AS:
            base, rule = _STORED_AS[dt]
            if rule == "TIMEZONE":
                check = f"TZ({v}) != \"\""
            elif rule.startswith("BETWEEN"):
                low, high = rule.split()[1:]
                check = f"{v} >= {low} && {v} <= {high}"
            else:
                check = f"{v} {rule}"
            return f"(isLiteral({v}) && sameTerm(DATATYPE({v}), {_term(base)}) && {check})"
        test = f"(isLiteral({v}) && sameTerm(DATATYPE({v}), {_term(dt)})"
        if dt in _CASTABLE:
            test += f" && sameTerm(DATATYPE({_term(dt)}(STR({v}))), {_term(dt)})"
        return test + ")"

    def conforms(self, shape, v: str, stack: tuple) -> str:
        """The SPARQL expression: node *v* conforms to *shape* (a nested shape)."""
        if shape in stack:
            raise ConfigError("recursive shapes are not supported", where=_name(shape))
        if self.deactivated(shape):
            return "true"
        self.refuse_unknown(shape)
        stack = stack + (shape,)
        tests = []
        path = self.path(shape)
        if path is None:
            tests += self.each_value(shape, v, stack)
        else:
            x = self.var()
            each = self.each_value(shape, x, stack)
            if each:
                tests.append(f"NOT EXISTS {{ {v} {path} {x} FILTER(!({' && '.join(each)})) }}")
            for n in self.objects(shape, SH.minCount):
                tests.append(self.at_least(shape, v, path, self.number(shape, SH.minCount, n)))
            for n in self.objects(shape, SH.maxCount):
                tests.append(f"(!{self.at_least(shape, v, path, self.number(shape, SH.maxCount, n) + 1)})")
            for o in self.objects(shape, SH.hasValue):
                tests.append(f"EXISTS {{ {v} {path} {_term(o)} }}")
        for p in self.g.predicates(shape):
            if p in _SET_COMPONENTS and not (path is not None and p in (SH.minCount, SH.maxCount, SH.hasValue)) \
                    and not (path is None and p == SH.hasValue):
                raise ConfigError(f"kg.shacl does not support {self.g.qname(p)} inside "
                                  "sh:node, sh:or, sh:and, sh:not, sh:xone or sh:qualifiedValueShape",
                                  where=_name(shape))
        return "(" + (" && ".join(tests) or "true") + ")"

    def at_least(self, shape, v: str, path: str, n: int) -> str:
        if n <= 0:
            return "true"
        if n > _MAX_NESTED_COUNT:
            raise ConfigError(f"a nested count above {_MAX_NESTED_COUNT} is not supported",
                              where=_name(shape))
        xs = [self.var() for _ in range(n)]
        pattern = " ".join(f"{v} {path} {x} ." for x in xs)
        distinct = " && ".join(f"!sameTerm({a}, {b})" for i, a in enumerate(xs) for b in xs[i + 1:])
        return f"EXISTS {{ {pattern}" + (f" FILTER({distinct})" if distinct else "") + " }"

    def each_value(self, shape, v: str, stack: tuple) -> list[str]:
        """Tests that each value node *v* of *shape* must pass (nested use)."""
        tests = []
        for p in _VALUE_COMPONENTS:
            for o in self.objects(shape, p):
                tests.append(f"COALESCE({self.value_test(shape, p, o, v, stack)}, false)")
        for o in self.objects(shape, SH.hasValue):
            if self.path(shape) is None:
                tests.append(f"sameTerm({v}, {_term(o)})")
        for child in self.objects(shape, SH.property):
            tests.append(self.conforms(child, v, stack))
        return tests

    # --- top-level queries ----------------------------------------------------

    def queries(self) -> list[Query]:
        out = []
        for shape in self.shapes():
            self.refuse_unknown(shape)
            focus = self.focus(shape, "?this")
            if focus is None:
                continue
            out += self.shape_queries(shape, focus)
        return out

    def shape_queries(self, shape, focus: str) -> list[Query]:
        g = self.g
        path = self.path(shape)
        severity = str(self.one(shape, SH.severity) or SH.Violation)
        messages = tuple(sorted(str(m) for m in g.objects(shape, SH.message)))
        values = self.values(shape, "?this", "?value")

        def q(component, body: str, select: str = "?this ?value", tail: str = "",
              msgs=messages, fill=False):
            text = f"SELECT DISTINCT {select} WHERE {{ {focus} {body} }} {tail}".strip()
            return Query(_name(shape), str(component), severity, path, msgs, text, fill)

        out = []
        for p, component in _VALUE_COMPONENTS.items():
            tests = [self.value_test(shape, p, o, "?value", (shape,)) for o in self.objects(shape, p)]
            if p == SH.datatype and len(tests) > 1:
                raise ConfigError("more than one sh:datatype", where=_name(shape))
            if tests:
                ok = " && ".join(f"COALESCE({t}, false)" for t in tests)
                out.append(q(component, f"{values} FILTER(!({ok}))"))
        for o in self.objects(shape, SH.minCount):
            n = self.number(shape, SH.minCount, o)
            out.append(q(SH.MinCountConstraintComponent,
                         f"OPTIONAL {{ ?this {self.need_path(shape, SH.minCount)} ?value }}",
                         "?this", f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {n})"))
        for o in self.objects(shape, SH.maxCount):
            n = self.number(shape, SH.maxCount, o)
            out.append(q(SH.MaxCountConstraintComponent,
                         f"?this {self.need_path(shape, SH.maxCount)} ?value .",
                         "?this", f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {n})"))
        has = self.objects(shape, SH.hasValue)
        if has:
            if path is None:
                out.append(q(SH.HasValueConstraintComponent,
                             "FILTER(" + " || ".join(f"!sameTerm(?this, {_term(o)})" for o in has) + ")",
                             "?this"))
            else:
                missing = " || ".join(f"NOT EXISTS {{ ?this {path} {_term(o)} }}" for o in has)
                out.append(q(SH.HasValueConstraintComponent, f"FILTER({missing})", "?this"))
        for qs in self.objects(shape, SH.qualifiedValueShape):
            test = self.conforms(qs, "?value", (shape,))
            body = f"OPTIONAL {{ {values} FILTER(COALESCE({test}, false)) }}"
            for limit, op, component in ((SH.qualifiedMinCount, "<", SH.QualifiedMinCountConstraintComponent),
                                         (SH.qualifiedMaxCount, ">", SH.QualifiedMaxCountConstraintComponent)):
                o = self.one(shape, limit)
                if o is not None:
                    n = self.number(shape, limit, o)
                    out.append(q(component, body, "?this",
                                 f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {op} {n})"))
        for o in self.objects(shape, SH.uniqueLang):
            if str(o).lower() == "true":
                p = self.need_path(shape, SH.uniqueLang)
                out.append(q(SH.UniqueLangConstraintComponent,
                             f"?this {p} ?value . ?this {p} ?other . FILTER(isLiteral(?value) && "
                             "LANG(?value) != \"\" && !sameTerm(?value, ?other) && isLiteral(?other) && "
                             "LCASE(LANG(?value)) = LCASE(LANG(?other)))", "?this"))
        for o in self.objects(shape, SH.equals):
            out.append(q(SH.EqualsConstraintComponent,
                         f"{{ {values} FILTER NOT EXISTS {{ ?this {_term(o)} ?value }} }} UNION "
                         f"{{ ?this {_term(o)} ?value . FILTER NOT EXISTS {{ {values} }} }}"))
        for o in self.objects(shape, SH.disjoint):
            out.append(q(SH.DisjointConstraintComponent, f"{values} ?this {_term(o)} ?value ."))
        for p, op, component in ((SH.lessThan, "<", SH.LessThanConstraintComponent),
                                 (SH.lessThanOrEquals, "<=", SH.LessThanOrEqualsConstraintComponent)):
            for o in self.objects(shape, p):
                # pySHACL compares IRIs as strings; SPARQL would raise an error.
                test = (f"COALESCE(?value {op} ?other, (isIRI(?value) && isIRI(?other) && "
                        f"STR(?value) {op} STR(?other)), false)")
                out.append(q(component, f"{values} ?this {_term(o)} ?other . FILTER(!({test}))"))
        for o in self.objects(shape, SH.closed):
            if str(o).lower() != "true":
                continue
            if path is not None:
                raise ConfigError("kg.shacl supports sh:closed on node shapes only", where=_name(shape))
            allowed = set()
            for ignored in self.objects(shape, SH.ignoredProperties):
                allowed |= set(self.items(shape, ignored))
            for child in self.objects(shape, SH.property):
                cp = self.one(child, SH.path)
                if isinstance(cp, URIRef):
                    allowed.add(cp)
            not_in = f"FILTER(?p NOT IN ({', '.join(_term(a) for a in sorted(allowed))}))" if allowed else ""
            closed = Query(_name(shape), str(SH.ClosedConstraintComponent), severity, None, messages,
                           f"SELECT DISTINCT ?this ?path ?value WHERE {{ {focus} ?this ?p ?value . {not_in} "
                           "BIND(?p AS ?path) }", False)
            out.append(closed)
        for c in self.objects(shape, SH.sparql):
            out += self.sparql_constraint(shape, c, focus, severity)
        return out

    def need_path(self, shape, p) -> str:
        path = self.path(shape)
        if path is None:
            raise ConfigError(f"{self.g.qname(p)} needs a property shape (sh:path)", where=_name(shape))
        return path

    def sparql_constraint(self, shape, c, focus: str, severity: str) -> list[Query]:
        g = self.g
        if self.deactivated(c):
            return []
        where = f"{_name(c)} (of {_name(shape)})"
        select = g.value(c, SH.select)
        if select is None or self.path(shape) is not None:
            raise ConfigError("kg.shacl runs SHACL-SPARQL constraints only as sh:select on node shapes",
                              where=where)
        body = str(select)
        if re.search(r"\$(?!this\b)\w+", body):
            raise ConfigError("a SPARQL constraint may pre-bind only $this here", where=where)
        if len(re.findall(r"\bSELECT\b", body, re.IGNORECASE)) > 1:
            raise ConfigError("a SPARQL constraint with a subquery is not supported", where=where)
        body = body.replace("$this", "?this")
        head = re.search(r"\bSELECT\b(.*?)\bWHERE\s*\{", body, re.IGNORECASE | re.DOTALL)
        if head is None:
            raise ConfigError("SPARQL constraint has no SELECT ... WHERE {", where=where)
        projection = head.group(1)
        if "*" not in projection and not re.search(r"\?this\b", projection):
            projection = " ?this" + projection
        prefixes = []
        for src in g.objects(c, SH.prefixes):
            for decl in g.objects(src, SH.declare):
                prefixes.append(f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>")
        text = ("\n".join(sorted(set(prefixes))) + "\n" + body[:head.start()] + "SELECT" + projection
                + "WHERE { " + focus + " " + body[head.end():])
        messages = tuple(sorted(str(m) for m in g.objects(c, SH.message))) or \
            tuple(sorted(str(m) for m in g.objects(shape, SH.message)))
        return [Query(_name(shape), str(SH.SPARQLConstraintComponent), severity, None, messages,
                      text, True)]


def _check_regex(shape, args: str) -> None:
    """ConfigError unless Oxigraph compiles the pattern (and flags) *args*.

    A pattern it cannot compile is an evaluation error in a query, which
    would count every value as a violation rather than say what is wrong.
    """
    import pyoxigraph as ox

    row = next(iter(ox.Store().query(f'SELECT (REGEX("", {args}) AS ?ok) {{}}')))
    if row["ok"] is None:
        raise ConfigError(f"sh:pattern {args} is not a regular expression Oxigraph can run "
                          "(XPath syntax, no look-around or back-references)", where=_name(shape))


def core_shapes(shapes: Graph) -> Graph:
    """*shapes* without their SHACL-SPARQL constraints (``sh:sparql``)."""
    core = Graph()
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    return core


_SHAPE_FRAME = {RDF.type, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
                SH.severity, SH.deactivated, SH.sparql}


def sparql_shapes(shapes: Graph) -> Graph:
    """The shapes that have ``sh:sparql`` constraints, with their targets and those
    constraints only: what is left to run when the core shapes run elsewhere."""
    out = Graph()
    for shape in set(shapes.subjects(SH.sparql, None)):
        for p, o in shapes.predicate_objects(shape):
            if p in _SHAPE_FRAME:
                out.add((shape, p, o))
        todo = list(shapes.objects(shape, SH.sparql))
        seen = set()
        while todo:                 # the constraints, their prefix declarations, lists
            node = todo.pop()
            if node in seen or isinstance(node, Literal):
                continue
            seen.add(node)
            for p, o in shapes.predicate_objects(node):
                out.add((node, p, o))
                todo.append(o)
    return out


def compile_shapes(shapes: Graph) -> Compiled:
    """Compile *shapes* to SPARQL; every query is parsed once here.

    Raises:
        ConfigError: a shape uses something kg.shacl cannot run, naming the
            shape (or constraint) and the term.
    """
    import pyoxigraph as ox

    queries = _Compiler(shapes).queries()
    empty = ox.Store()
    for query in queries:
        try:
            empty.query(query.sparql)
        except SyntaxError as exc:
            raise ConfigError(f"the check for {query.component.rsplit('#', 1)[-1]} does not parse "
                              f"({first_line(exc)})", where=query.shape) from None
    return Compiled(tuple(queries))


def _fill(message: str, row: dict) -> str:
    return re.sub(r"\{[?$](\w+)\}", lambda m: row[m.group(1)] if m.group(1) in row else m.group(0),
                  message)


def sort_key(r: Result) -> tuple:
    return (str(r.focus), r.shape, r.component, r.path or "", str(r.value or ""), r.message or "")


def check(store, compiled: Compiled, graph=None, threads: int = 1) -> list[Result]:
    """Validate the data in *store* with *compiled*; results sorted, each once.

    The data is the union of all the store's graphs (kg puts each document
    in a named graph and validates their union), or only *graph* (a
    pyoxigraph ``NamedNode`` or ``DefaultGraph``) when given. The queries
    run on *threads* threads (Oxigraph evaluates them outside the GIL); the
    result does not depend on it.
    """
    options = {"use_default_graph_as_union": True} if graph is None else {"default_graph": graph}

    def run(q: Query) -> set[Result]:
        return _results(q, store.query(q.sparql, **options))

    return sorted(set().union(*_run_all(run, compiled.queries, max(1, threads))), key=sort_key)


def _run_all(run, queries, threads: int) -> list:
    """``[run(q) for q in queries]``, on *threads* daemon threads while this one waits.

    Why not a ThreadPoolExecutor: a query cannot be stopped once Oxigraph runs
    it (one took 49 minutes of CPU at 46 million quads), and on SIGTERM an
    executor, like the interpreter's exit, waits for its threads. Here the
    waiting thread takes the signal at once, no query is started after it,
    and a query still running does not keep the process alive.
    """
    import threading

    results: list = [None] * len(queries)
    todo = iter(enumerate(queries))
    take = threading.Lock()
    failed: list[BaseException] = []
    stop = threading.Event()

    def work():
        while not stop.is_set():
            with take:
                item = next(todo, None)
            if item is None:
                return
            try:
                results[item[0]] = run(item[1])
            except BaseException as exc:  # handed to the waiting thread
                failed.append(exc)
                stop.set()

    workers = [threading.Thread(target=work, daemon=True, name=f"kg-shacl-{n}") for n in range(threads)]
    for w in workers:
        w.start()
    try:
        for w in workers:
            w.join()
    finally:
        stop.set()
    if failed:
        raise failed[0]
    return results


def _results(q: Query, solutions) -> set[Result]:
    """The results of one compiled query from its solutions."""
    found: set[Result] = set()
    names = [v.value for v in solutions.variables]
    for row in solutions:
        this = row["this"]
        if this is None:
            continue
        value = row["value"] if "value" in names else None
        path = q.path
        if "path" in names and row["path"] is not None:
            path = str(row["path"])
        messages = q.messages
        if q.fill_messages:
            value = value or this        # a node shape's value node is its focus node
            bound = {n: row[n].value for n in names if row[n] is not None}
            messages = tuple(_fill(m, bound) for m in messages)
        found.add(Result(this, path, value, q.shape, q.component, q.severity,
                         messages[0] if messages else None))
    return found


def load_store(data):
    """A pyoxigraph Store holding *data*: :class:`kg.quads.Quads`, or an rdflib Graph or Dataset.

    rdflib terms are converted directly (blank node labels kept, so that
    results compare with pySHACL's), each named graph kept.
    """
    import pyoxigraph as ox
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    if isinstance(data, Quads):
        return data.store()
    store = ox.Store()
    cache: dict = {}

    def t(x):
        hit = cache.get(x)
        if hit is None:
            hit = cache[x] = from_rdflib(x)
        return hit

    def graph(g):
        name = getattr(g, "identifier", g)
        return ox.DefaultGraph() if name == DATASET_DEFAULT_GRAPH_ID else t(name)

    if isinstance(data, Dataset):
        store.bulk_extend(ox.Quad(t(s), t(p), t(o), graph(g)) for s, p, o, g in data.quads())
    else:
        store.bulk_extend(ox.Quad(t(s), t(p), t(o), ox.DefaultGraph()) for s, p, o in data)
    return store


def from_pyshacl(results: Graph) -> list[Result]:
    """pySHACL's results graph as :class:`Result` records, to compare with :func:`check`.

    Only the report's own results: pySHACL also puts the results nested in an
    ``sh:node`` failure into the graph, as its ``sh:detail``.
    """
    out = set()
    for r in results.objects(None, SH.result):
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        messages = sorted(str(m) for m in results.objects(r, SH.resultMessage))
        out.add(Result(
            focus=stored(from_rdflib(results.value(r, SH.focusNode))),
            path=None if path is None else sparql_path(results, path),
            value=None if value is None else stored(from_rdflib(value)),
            shape=_name(results.value(r, SH.sourceShape)),
            component=str(results.value(r, SH.sourceConstraintComponent)),
            severity=str(results.value(r, SH.resultSeverity)),
            message=messages[0] if messages else None))
    return sorted(out, key=sort_key)
