"""Describe a publication: VoID and DCAT 3 in Turtle, and an RO-Crate 1.1.

What a program cannot know (title, license, creator, dates, version) comes from
a description file (``publish.toml``, :func:`load_description`); everything
that can be counted comes from SPARQL queries in ``queries/publish/`` run on
the dataset (:func:`statistics`) and from the written files themselves (sizes,
SHA-256). All nodes get IRIs under ``BASE dataset``, never blank nodes, so the
Turtle is the same bytes for the same input.

Standards: VoID (https://www.w3.org/TR/void/), DCAT 3
(https://www.w3.org/TR/vocab-dcat-3/, checksums with SPDX terms as DCAT 3
does), DQV for a recorded non-conformance (https://www.w3.org/TR/vocab-dqv/),
RO-Crate 1.1 (https://w3id.org/ro/crate/1.1).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, VOID, XSD

from . import resources
from .errors import InputError
from .validate import count_problems

SPDX = Namespace("http://spdx.org/rdf/terms#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
IANA = "https://www.iana.org/assignments/media-types/"
QUERIES = resources.QUERIES / "publish"
RO_CRATE_CONTEXT = "https://w3id.org/ro/crate/1.1/context"
RO_CRATE_SPEC = "https://w3id.org/ro/crate/1.1"
WIKIDATA_SPACE = "http://www.wikidata.org/entity/"


# --- the static part: publish.toml ---------------------------------------------------------

@dataclass(frozen=True)
class Description:
    """What the publisher says about the publication (see ``publish.toml``)."""

    title: str
    description: str
    license: str
    version: str
    issued: dt.date
    modified: dt.date
    creator: str
    citation: str
    license_name: str = ""
    language: str = "en"
    keywords: tuple[str, ...] = ()
    timeline: dict[str, str] = field(default_factory=dict)

    def cite(self, url: str) -> str:
        return self.citation.format(creator=self.creator, year=self.modified.year, title=self.title,
                                    version=self.version, url=url)


def load_description(path: str | Path = resources.PUBLISH, modified: dt.date | None = None) -> Description:
    """Read a description file; *modified* overrides its ``modified`` date."""
    path = Path(path)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("description file not found", where=str(path),
                         fix="pass --description FILE (see publish.toml)") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"description file is not valid TOML ({exc})", where=str(path)) from None
    ds, creator = doc.get("dataset", {}), doc.get("creator", {})
    for key in ("title", "description", "license", "version", "issued", "modified"):
        if key not in ds:
            raise InputError(f"[dataset] has no {key!r}", where=str(path),
                             fix="add it (see the bundled publish.toml)")
    for key in ("issued", "modified"):
        if not isinstance(ds[key], dt.date) or isinstance(ds[key], dt.datetime):
            raise InputError(f"[dataset] {key} is not a date", where=str(path),
                             fix=f"write it as a TOML date, e.g. {key} = 2024-02-01")
    if not creator.get("name"):
        raise InputError("[creator] has no 'name'", where=str(path))
    citation = doc.get("citation", {}).get("text", "{creator} ({year}). {title} (version {version}). {url}")
    try:
        citation.format(creator="", year=0, title="", version="", url="")
    except (KeyError, IndexError, ValueError) as exc:
        raise InputError(f"[citation] text has an unknown field ({exc})", where=str(path),
                         fix="use {creator}, {year}, {title}, {version} and {url}") from None
    return Description(
        title=ds["title"], description=ds["description"], license=ds["license"],
        version=str(ds["version"]), issued=ds["issued"], modified=modified or ds["modified"],
        creator=creator["name"], citation=citation, license_name=ds.get("license_name", ""),
        language=ds.get("language", "en"), keywords=tuple(ds.get("keywords", ())),
        timeline={str(k): str(v) for k, v in doc.get("timeline", {}).items()})


# --- the counted part: SPARQL over the dataset ----------------------------------------------

def select(store: ox.Store, name: str, **bindings) -> list[dict]:
    """Run ``queries/publish/NAME.rq`` over *store*'s default graph; rows as {var: term or None}."""
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    result = store.query(text, substitutions={ox.Variable(k): v for k, v in bindings.items()})
    names = [v.value for v in result.variables]
    return [{n: row[n] for n in names} for row in result]


@dataclass(frozen=True)
class Statistics:
    triples: int
    subjects: int
    properties: int
    objects: int
    classes: tuple[tuple[str, int], ...]
    property_partitions: tuple[tuple[str, int], ...]
    linksets: tuple[tuple[str, int], ...]
    examples: tuple[str, ...]

    def entities_of(self, cls: str) -> int:
        return dict(self.classes).get(cls, 0)


def statistics(store: ox.Store) -> Statistics:
    """Counts for VoID, from *store* whose default graph is the merge of the named graphs."""
    total = select(store, "totals")[0]
    examples, seen_classes = [], set()
    for row in select(store, "examples"):
        cls = row["class"].value
        if cls.endswith("#Work") or cls not in seen_classes:
            examples.append(row["resource"].value)
            seen_classes.add(cls)
    return Statistics(
        triples=int(total["triples"].value), subjects=int(total["subjects"].value),
        properties=int(total["properties"].value), objects=int(total["objects"].value),
        classes=tuple((r["class"].value, int(r["entities"].value))
                      for r in select(store, "class-partitions")),
        property_partitions=tuple((r["property"].value, int(r["triples"].value))
                                  for r in select(store, "property-partitions")),
        linksets=tuple((r["property"].value, int(r["links"].value)) for r in select(store, "linksets")),
        examples=tuple(examples))


# --- files ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FileInfo:
    """One published file: *path* relative to the publication folder, as POSIX."""

    path: str
    title: str
    media_type: str
    size: int
    sha256: str
    compress: str | None = None        # media type of the compression, e.g. application/gzip
    conforms_to: str | None = None     # the specification of the format
    role: str = "dump"                 # dump, vocabulary, shapes, context, source


def file_info(folder: Path, rel: str, title: str, media_type: str, **kw) -> FileInfo:
    data = (folder / rel).read_bytes()
    return FileInfo(rel, title, media_type, len(data), hashlib.sha256(data).hexdigest(), **kw)


@dataclass(frozen=True)
class Conformance:
    """Whether the published graph conforms to the shapes; *report* is the report in words."""

    conforms: bool
    problems: int = 0
    report: str = ""


# --- how the dataset was made -------------------------------------------------------------

@dataclass(frozen=True)
class Making:
    """What built the dataset: kg's version and each rule file read, with its SHA-256.

    Rule names in the graph ("kg.people.v1") say which rule found a mention; which
    version of that rule's data and code it was is told by these."""

    version: str
    files: tuple[tuple[str, str], ...]      # (what the file is, its SHA-256), in a fixed order


def making(files: dict[str, Path]) -> Making:
    """*files*: what each rule file is ("lexicon", "authority file", ...) -> its path; kg's
    own code (its Python files, hashed as the extraction cache hashes them) comes last."""
    from . import __version__
    from .batch import code_digest

    digests = [(what, hashlib.sha256(Path(path).read_bytes()).hexdigest())
               for what, path in files.items() if Path(path).is_file()]
    return Making(__version__, (*digests, ("kg code", code_digest())))


# --- VoID + DCAT ----------------------------------------------------------------------------

def _slug(iri: str) -> str:
    from .build import PREFIXES

    for p, ns in sorted(PREFIXES.items()):
        if iri.startswith(str(ns)) and iri[len(str(ns)):].replace("_", "").isalnum():
            return f"{p}-{iri[len(str(ns)):]}"
    return hashlib.sha1(iri.encode()).hexdigest()[:12]


def _checksum(g: Graph, thing: URIRef, checksum: URIRef, sha256: str) -> None:
    """*thing*'s SHA-256 as an SPDX checksum node (as DCAT 3 gives a file's)."""
    g.add((thing, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)))


def void_dcat(desc: Description, base: str, stats: Statistics, files: list[FileInfo],
              sources: list[str], conformance: Conformance, made: Making | None = None) -> bytes:
    """The VoID and DCAT 3 description of the publication, as Turtle; with *made*, the
    build that made it (PROV-O: kg's version and the SHA-256 of each rule file it read)."""
    from .build import PREFIXES

    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    for p, ns in (("void", VOID), ("dcat", DCAT), ("spdx", SPDX), ("dqv", DQV), ("foaf", FOAF)):
        g.bind(p, ns)
    ds = URIRef(f"{base}dataset")

    def node(part: str) -> URIRef:
        return URIRef(f"{base}dataset#{part}")

    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(desc.title, lang=desc.language)))
    g.add((ds, DCTERMS.description, Literal(desc.description, lang=desc.language)))
    g.add((ds, DCTERMS.license, URIRef(desc.license)))
    g.add((ds, DCTERMS.issued, Literal(desc.issued.isoformat(), datatype=XSD.date)))
    g.add((ds, DCTERMS.modified, Literal(desc.modified.isoformat(), datatype=XSD.date)))
    g.add((ds, URIRef(f"{DCAT}version"), Literal(desc.version)))   # DCAT 3; not in rdflib's DCAT 2 namespace
    g.add((ds, OWL.versionInfo, Literal(desc.version)))
    g.add((ds, DCAT.landingPage, URIRef(base)))
    g.add((ds, FOAF.homepage, URIRef(base)))
    g.add((ds, DCTERMS.bibliographicCitation, Literal(desc.cite(base))))
    for k in desc.keywords:
        g.add((ds, DCAT.keyword, Literal(k, lang=desc.language)))
    creator = node("creator")
    g.add((ds, DCTERMS.creator, creator))
    g.add((ds, DCTERMS.publisher, creator))
    g.add((creator, RDF.type, FOAF.Agent))
    g.add((creator, FOAF.name, Literal(desc.creator)))
    for s in sources:
        g.add((ds, DCTERMS.source, URIRef(s)))
        g.add((ds, SCHEMA.isBasedOn, URIRef(s)))
    if made is not None:
        build, kg = node("build"), node("kg")
        g.add((ds, PROV.wasGeneratedBy, build))
        g.add((build, RDF.type, PROV.Activity))
        g.add((build, RDFS.label, Literal("kg build", lang="en")))
        g.add((build, PROV.wasAssociatedWith, kg))
        g.add((kg, RDF.type, PROV.SoftwareAgent))
        g.add((kg, RDFS.label, Literal(f"kg {made.version}")))
        g.add((kg, SCHEMA.softwareVersion, Literal(made.version)))
        for what, digest in made.files:
            used = node(f"rules-{'-'.join(what.split())}")
            g.add((build, PROV.used, used))
            g.add((used, RDF.type, PROV.Entity))
            g.add((used, RDFS.label, Literal(what, lang="en")))
            _checksum(g, used, node(f"rules-{'-'.join(what.split())}-sha256"), digest)

    g.add((ds, VOID.uriSpace, Literal(base)))
    g.add((ds, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
    g.add((ds, VOID.distinctSubjects, Literal(stats.subjects, datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(stats.properties, datatype=XSD.integer)))
    g.add((ds, VOID.distinctObjects, Literal(stats.objects, datatype=XSD.integer)))
    g.add((ds, VOID.classes, Literal(len(stats.classes), datatype=XSD.integer)))
    for ex in stats.examples:
        g.add((ds, VOID.exampleResource, URIRef(ex)))
    for ns in sorted({str(ns) for p, ns in PREFIXES.items() if p not in ("wd", "xsd")}):
        g.add((ds, VOID.vocabulary, URIRef(ns)))
    for cls, n in stats.classes:
        part = node(f"class-{_slug(cls)}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for prop, n in stats.property_partitions:
        part = node(f"property-{_slug(prop)}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))

    if stats.linksets:
        wikidata = node("wikidata")
        g.add((wikidata, RDF.type, VOID.Dataset))
        g.add((wikidata, DCTERMS.title, Literal("Wikidata", lang="en")))
        g.add((wikidata, FOAF.homepage, URIRef("https://www.wikidata.org/")))
        g.add((wikidata, VOID.uriSpace, Literal(WIKIDATA_SPACE)))
    for prop, n in stats.linksets:
        ls = node(f"links-wikidata-{_slug(prop)}")
        g.add((ds, VOID.subset, ls))
        g.add((ls, RDF.type, VOID.Linkset))
        g.add((ls, DCTERMS.title, Literal(f"Links to Wikidata ({_slug(prop).replace('-', ':', 1)})", lang="en")))
        g.add((ls, VOID.subjectsTarget, ds))
        g.add((ls, VOID.objectsTarget, node("wikidata")))
        g.add((ls, VOID.linkPredicate, URIRef(prop)))
        g.add((ls, VOID.triples, Literal(n, datatype=XSD.integer)))

    for f in files:
        dist = node(f"file-{f.path.replace('/', '-')}")
        url = URIRef(base + f.path)
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f.title, lang="en")))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.mediaType, URIRef(IANA + f.media_type)))
        g.add((dist, DCAT.byteSize, Literal(f.size, datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, URIRef(desc.license)))
        if f.compress:
            g.add((dist, DCAT.compressFormat, URIRef(IANA + f.compress)))
        if f.conforms_to:
            g.add((dist, DCTERMS.conformsTo, URIRef(f.conforms_to)))
        _checksum(g, dist, node(f"file-{f.path.replace('/', '-')}-sha256"), f.sha256)
        if f.role == "dump":
            g.add((ds, VOID.dataDump, url))

    shapes = next((f for f in files if f.role == "shapes"), None)
    if conformance.conforms and shapes is not None:
        g.add((ds, DCTERMS.conformsTo, URIRef(base + shapes.path)))
    elif not conformance.conforms:
        note = node("shacl-nonconformance")
        g.add((ds, DQV.hasQualityAnnotation, note))
        g.add((note, RDF.type, DQV.QualityAnnotation))
        g.add((note, OA.motivatedBy, DQV.qualityAssessment))
        g.add((note, OA.hasTarget, ds))
        g.add((note, RDFS.comment, Literal(
            f"Published with --force although the graph does NOT conform to its SHACL shapes "
            f"({count_problems(conformance.problems)}); see validation-report.txt.", lang="en")))
        if shapes is not None:
            g.add((note, DCTERMS.references, URIRef(base + shapes.path)))
        g.add((ds, RDFS.comment, Literal(
            f"This dataset does NOT conform to its SHACL shapes ({count_problems(conformance.problems)}).",
            lang="en")))
    return g.serialize(format="turtle").encode("utf-8")


# --- RO-Crate -------------------------------------------------------------------------------

def ro_crate(desc: Description, base: str, files: list[FileInfo], home: str,
             conformance: Conformance) -> bytes:
    """``ro-crate-metadata.json`` (RO-Crate 1.1) listing the data files and the site's home page."""
    description = desc.description
    if not conformance.conforms:
        description += (f" NOTE: published with --force although the graph does not conform to its "
                        f"SHACL shapes ({count_problems(conformance.problems)}); see validation-report.txt.")
    parts = [{"@id": f.path} for f in files] + [{"@id": home}]
    graph = [
        {"@id": "ro-crate-metadata.json", "@type": "CreativeWork",
         "conformsTo": {"@id": RO_CRATE_SPEC}, "about": {"@id": "./"}},
        {"@id": "./", "@type": "Dataset", "name": desc.title, "description": description,
         "identifier": f"{base}dataset", "url": base, "version": desc.version,
         "datePublished": desc.issued.isoformat(), "dateModified": desc.modified.isoformat(),
         "license": {"@id": desc.license}, "creator": {"@id": "#creator"},
         "publisher": {"@id": "#creator"}, "keywords": list(desc.keywords),
         "inLanguage": desc.language, "citation": desc.cite(base), "hasPart": parts},
        {"@id": "#creator", "@type": "Organization", "name": desc.creator},
        {"@id": desc.license, "@type": "CreativeWork", "name": desc.license_name or desc.license},
    ]
    for f in files:
        entry = {"@id": f.path, "@type": "File", "name": f.title, "encodingFormat": f.compress or f.media_type,
                 "contentSize": str(f.size)}
        if f.conforms_to:
            entry["conformsTo"] = {"@id": f.conforms_to}
        graph.append(entry)
    graph.append({"@id": home, "@type": "File", "name": "The dataset's web site: start page",
                  "encodingFormat": "text/html"})
    doc = {"@context": RO_CRATE_CONTEXT, "@graph": graph}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
