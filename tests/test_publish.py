"""`kg publish`: the files, their description and checksums, refusal, --force and atomicity.

Each publication is made by the real command line (`python -m kg publish`) into a
temporary folder. Expected values come from the built memo (conftest's ``memo``
and ``store``), from the files on disk and from independent parsers (rdflib,
pyoxigraph, pyld, sha256sum), never from kg's own description code.
"""

import gzip
import hashlib
import json
import re
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, VOID

from conftest import BASE, kg

SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
DQV = rdflib.Namespace("http://www.w3.org/ns/dqv#")
SCHEMA = "https://schema.org/"
WIKIDATA = "http://www.wikidata.org/entity/"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def memo_quads(memo_nq):
    return set(ox.parse(memo_nq, format=ox.RdfFormat.N_QUADS))


@pytest.fixture(scope="module")
def void(published):
    return rdflib.Graph().parse(published / "void.ttl", format="turtle")


# --- dumps ----------------------------------------------------------------------------------

def test_dumps_hold_the_built_graph_in_every_format(published, memo_quads):
    triples = {q.triple for q in memo_quads}
    dl = published / "download"
    nq = set(ox.parse(gzip.decompress((dl / "kg.nq.gz").read_bytes()), format=ox.RdfFormat.N_QUADS))
    assert nq == memo_quads
    nt = {q.triple for q in ox.parse(gzip.decompress((dl / "kg.nt.gz").read_bytes()),
                                     format=ox.RdfFormat.N_TRIPLES)}
    assert nt == triples
    ttl = {q.triple for q in ox.parse(path=str(dl / "kg.ttl"), format=ox.RdfFormat.TURTLE)}
    assert ttl == triples
    trig = set(ox.parse(path=str(dl / "kg.trig"), format=ox.RdfFormat.TRIG))
    assert trig == memo_quads
    # The JSON-LD carries its context inline, so it parses without the network.
    jsonld = set(ox.parse(path=str(dl / "kg.jsonld"), format=ox.RdfFormat.JSON_LD))
    assert jsonld == memo_quads


def test_ontology_shapes_context_and_texts_are_published_as_they_are(published):
    root = Path(__file__).resolve().parent.parent
    assert (published / "download/ontology.ttl").read_bytes() == (root / "ontology/kg.ttl").read_bytes()
    assert (published / "download/shapes.ttl").read_bytes() == (root / "shapes/kg.shapes.ttl").read_bytes()
    assert (published / "download/context.jsonld").read_bytes() == (root / "ontology/context.jsonld").read_bytes()
    for text in (root / "sources").glob("*.txt"):
        assert (published / "sources" / text.name).read_bytes() == text.read_bytes()


def test_two_publications_are_byte_identical(published, tmp_path):
    r = kg("publish", "-q", tmp_path / "again")
    assert r.returncode == 0, r.stderr
    first, second = files_of(published), files_of(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_gzip_dumps_carry_no_file_name_and_no_time(published):
    for name in ("kg.nt.gz", "kg.nq.gz"):
        head = (published / "download" / name).read_bytes()[:10]
        assert head[:3] == b"\x1f\x8b\x08"
        assert head[3] & 0x08 == 0                     # FNAME flag (RFC 1952)
        assert head[4:8] == b"\0\0\0\0"                # MTIME


# --- checksums and description --------------------------------------------------------------

def test_sha256sums_lists_every_file_with_its_checksum(published):
    lines = (published / "SHA256SUMS").read_text().splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    on_disk = files_of(published)
    assert sorted(listed) == sorted(n for n in on_disk if n != "SHA256SUMS")
    for name, digest in listed.items():
        assert hashlib.sha256(on_disk[name]).hexdigest() == digest, name
    check = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=published,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_dcat_distributions_state_true_sizes_checksums_and_media_types(void, published):
    dists = list(void.subjects(RDF.type, DCAT.Distribution))
    names = set()
    for d in dists:
        url = str(void.value(d, DCAT.downloadURL))
        assert url.startswith(BASE)
        name = url[len(BASE):]
        names.add(name)
        data = (published / name).read_bytes()
        assert int(void.value(d, DCAT.byteSize)) == len(data), name
        checksum = void.value(d, SPDX.checksum)
        assert void.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        media = str(void.value(d, DCAT.mediaType))
        assert media.startswith("https://www.iana.org/assignments/media-types/")
        compressed = void.value(d, DCAT.compressFormat)
        assert (compressed is not None) == name.endswith(".gz")
    assert {"download/kg.ttl", "download/kg.jsonld", "download/kg.nt.gz", "download/kg.nq.gz",
            "download/kg.trig", "download/ontology.ttl", "download/shapes.ttl"} <= names
    nq = next(d for d in dists if str(void.value(d, DCAT.downloadURL)).endswith("kg.nq.gz"))
    assert str(void.value(nq, DCAT.mediaType)).endswith("application/n-quads")
    assert str(void.value(nq, DCAT.compressFormat)).endswith("application/gzip")


def test_void_counts_agree_with_the_graph(void, memo):
    ds = rdflib.URIRef(f"{BASE}dataset")
    union = {(s, p, o) for s, p, o, _ in memo.dataset.rdflib().quads((None, None, None, None))}
    assert int(void.value(ds, VOID.triples)) == len(union)
    assert str(void.value(ds, VOID.uriSpace)) == BASE
    persons = {s for s, p, o in union if p == RDF.type and o == rdflib.URIRef(SCHEMA + "Person")}
    parts = {void.value(part, VOID["class"]): int(void.value(part, VOID.entities))
             for part in void.objects(ds, VOID.classPartition)}
    assert parts[rdflib.URIRef(SCHEMA + "Person")] == len(persons) == 5
    labels = sum(1 for _, p, _ in union if p == rdflib.RDFS.label)
    props = {void.value(part, VOID.property): int(void.value(part, VOID.triples))
             for part in void.objects(ds, VOID.propertyPartition)}
    assert props[rdflib.RDFS.label] == labels
    links = sum(1 for _, p, o in union if p == OWL.sameAs and str(o).startswith(WIKIDATA))
    linkset = next(void.subjects(RDF.type, VOID.Linkset))
    assert links > 0 and int(void.value(linkset, VOID.triples)) == links
    assert void.value(linkset, VOID.linkPredicate) == OWL.sameAs
    assert str(void.value(void.value(linkset, VOID.objectsTarget), VOID.uriSpace)) == WIKIDATA
    examples = set(void.objects(ds, VOID.exampleResource))
    assert rdflib.URIRef(f"{BASE}work/molotov-1954-03-26") in examples


def test_the_description_names_kgs_version_and_the_rule_files_it_read(void):
    from kg import __version__, resources

    ds = next(void.subjects(RDF.type, VOID.Dataset))
    build = void.value(ds, PROV.wasGeneratedBy)
    agent = void.value(build, PROV.wasAssociatedWith)
    assert str(void.value(agent, rdflib.URIRef(SCHEMA + "softwareVersion"))) == __version__
    used = {str(void.value(u, RDFS.label)): str(void.value(void.value(u, SPDX.checksum), SPDX.checksumValue))
            for u in void.objects(build, PROV.used)}
    assert used["lexicon"] == hashlib.sha256(resources.LEXICON.read_bytes()).hexdigest(), used
    assert used["authority file"] == hashlib.sha256(resources.AUTHORITY.read_bytes()).hexdigest()
    links = {"link decisions"} if resources.LINKS.is_file() else set()
    assert set(used) == {"lexicon", "authority file", "towns gazetteer", "pipeline", "shapes",
                         "kg code"} | links, used


def test_description_takes_its_static_parts_from_publish_toml(void):
    import tomllib

    root = Path(__file__).resolve().parent.parent
    doc = tomllib.loads((root / "publish.toml").read_text())["dataset"]
    ds = rdflib.URIRef(f"{BASE}dataset")
    assert str(void.value(ds, DCTERMS.title)) == doc["title"]
    assert str(void.value(ds, DCTERMS.license)) == doc["license"]
    assert void.value(ds, DCTERMS.issued).toPython() == doc["issued"]
    assert void.value(ds, DCTERMS.modified).toPython() == doc["modified"]
    assert {str(w) for w in void.objects(ds, DCTERMS.source)} == {
        f"{BASE}witness/000_fe6908e5a2d9b31f", f"{BASE}witness/001_a29ebaad2eed1b78"}
    # A conforming graph says which shapes it conforms to, and has no quality warning.
    assert str(void.value(ds, DCTERMS.conformsTo)) == f"{BASE}download/shapes.ttl"
    assert void.value(ds, DQV.hasQualityAnnotation) is None


# The terms of https://w3id.org/ro/crate/1.1/context that kg's crate uses, as that context
# maps them (RO-Crate 1.1 maps schema.org terms to http://schema.org/).
RO_CRATE_TERMS = {t: f"http://schema.org/{t}" for t in (
    "CreativeWork", "Dataset", "Organization", "about", "name", "description", "identifier", "url",
    "version", "datePublished", "dateModified", "license", "creator", "publisher", "keywords",
    "inLanguage", "citation", "hasPart", "encodingFormat", "contentSize")}
RO_CRATE_TERMS["File"] = "http://schema.org/MediaObject"
RO_CRATE_TERMS["conformsTo"] = "http://purl.org/dc/terms/conformsTo"


def crate_loader(url, options=None):
    from pyld.jsonld import JsonLdError

    if url == "https://w3id.org/ro/crate/1.1/context":
        return {"contextUrl": None, "documentUrl": url, "contentType": "application/ld+json",
                "document": {"@context": RO_CRATE_TERMS}}
    raise JsonLdError(f"test refuses to fetch {url}", "jsonld.LoadDocumentError", code="loading document failed")


def test_ro_crate_is_json_ld_listing_the_data_files(published):
    from pyld import jsonld

    doc = json.loads((published / "ro-crate-metadata.json").read_text())
    assert doc["@context"] == "https://w3id.org/ro/crate/1.1/context"
    used = {k for entity in doc["@graph"] for k in entity if not k.startswith("@")}
    used |= {t for entity in doc["@graph"] for t in [entity["@type"]]}
    assert used <= set(RO_CRATE_TERMS), used - set(RO_CRATE_TERMS)     # nothing would be dropped
    nquads = jsonld.to_rdf(doc, {"documentLoader": crate_loader, "format": "application/n-quads",
                                 "base": "file:///crate/"})
    g = rdflib.Graph().parse(data=nquads, format="nt")
    S = rdflib.Namespace("http://schema.org/")
    root = rdflib.URIRef("file:///crate/")
    meta = rdflib.URIRef("file:///crate/ro-crate-metadata.json")
    assert (meta, rdflib.URIRef("http://purl.org/dc/terms/conformsTo"),
            rdflib.URIRef("https://w3id.org/ro/crate/1.1")) in g
    assert (meta, S.about, root) in g and (root, RDF.type, S.Dataset) in g
    parts = set(g.objects(root, S.hasPart))
    for name in ("download/kg.ttl", "download/kg.nq.gz", "download/kg.trig",
                 "sources/001_a29ebaad2eed1b78.txt", "index.html"):
        assert rdflib.URIRef("file:///crate/" + name) in parts, name
    for part in parts:
        name = str(part)[len("file:///crate/"):]
        assert (published / name).is_file(), name
        size = g.value(part, S.contentSize)
        if size is not None:
            assert int(size) == (published / name).stat().st_size
    assert str(g.value(root, S.license)) == "https://creativecommons.org/licenses/by/4.0/"


def test_entity_page_embeds_its_description_as_json_ld(published):
    page = (published / "person/gaston-palewski.html").read_text()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    quads = set(ox.parse(script.encode(), format=ox.RdfFormat.JSON_LD))
    assert ox.Triple(ox.NamedNode(f"{BASE}person/gaston-palewski"),
                     ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                     ox.Literal("Gaston Palewski")) in {q.triple for q in quads}
    ttl = {q.triple for q in ox.parse(path=str(published / "person/gaston-palewski.ttl"),
                                      format=ox.RdfFormat.TURTLE)}
    assert {q.triple for q in quads} == ttl


def test_server_rules_negotiate_at_the_base_path(published):
    htaccess = (published / ".htaccess").read_text()
    assert "RewriteBase /kg/\n" in htaccess
    nginx = (published / "nginx.conf").read_text()
    assert "location /kg/ {" in nginx and "try_files $uri $uri$kg_ext" in nginx


# --- refusal, --force and atomicity ---------------------------------------------------------

@pytest.fixture(scope="module")
def strict_shapes(tmp_path_factory):
    """The shipped shapes plus one the memo breaks: every person must have a birth date
    (Sergei Vinogradov's is not in the authority file)."""
    root = Path(__file__).resolve().parent.parent
    path = tmp_path_factory.mktemp("shapes") / "strict.ttl"
    path.write_text((root / "shapes/kg.shapes.ttl").read_text() + """
<urn:test:BirthDateShape> a <http://www.w3.org/ns/shacl#NodeShape> ;
    <http://www.w3.org/ns/shacl#targetClass> <https://schema.org/Person> ;
    <http://www.w3.org/ns/shacl#property> <urn:test:BirthDateShape#date> .
<urn:test:BirthDateShape#date> <http://www.w3.org/ns/shacl#path> <https://schema.org/birthDate> ;
    <http://www.w3.org/ns/shacl#minCount> 1 ;
    <http://www.w3.org/ns/shacl#message> "A person needs a birth date." .
""")
    return path


def test_non_conforming_graph_is_refused_with_the_report(strict_shapes, tmp_path):
    out = tmp_path / "site"
    r = kg("publish", out, "--shapes", strict_shapes)
    assert r.returncode == 1
    assert "The graph does NOT conform to the shapes" in r.stderr
    assert "A person needs a birth date." in r.stderr
    assert r.stderr.splitlines()[-1] == (
        f"Error: the graph does not conform to the shapes (1 problem), so it was not published "
        f"in {strict_shapes}: correct the sources or rules, or publish anyway with --force")
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_force_publishes_and_records_the_non_conformance(strict_shapes, tmp_path):
    out = tmp_path / "site"
    r = kg("publish", out, "--shapes", strict_shapes, "--force")
    assert r.returncode == 0, r.stderr
    assert "does NOT conform (1 problems)" in r.stdout
    g = rdflib.Graph().parse(out / "void.ttl", format="turtle")
    ds = rdflib.URIRef(f"{BASE}dataset")
    note = g.value(ds, DQV.hasQualityAnnotation)
    assert note is not None and (note, RDF.type, DQV.QualityAnnotation) in g
    assert "does NOT conform" in str(g.value(note, rdflib.RDFS.comment))
    assert g.value(ds, DCTERMS.conformsTo) is None
    assert "A person needs a birth date." in (out / "validation-report.txt").read_text()
    assert "does NOT conform to its SHACL shapes (1 problem)" in (out / "index.html").read_text()
    crate = json.loads((out / "ro-crate-metadata.json").read_text())
    assert "does not conform" in next(e for e in crate["@graph"] if e["@id"] == "./")["description"]


def test_failed_publish_leaves_the_previous_folder_untouched(published, tmp_path):
    out = tmp_path / "site"
    assert kg("publish", "-q", out).returncode == 0
    before = {name: (data, (out / name).stat().st_mtime_ns) for name, data in files_of(out).items()}
    bad = tmp_path / "broken-context.jsonld"
    bad.write_text("{ not json")
    # The context is read only when the JSON-LD dump is written, after the Turtle dump:
    # the failure comes half-way through writing the new publication.
    r = kg("publish", "-q", out, "--context", bad)
    assert r.returncode == 2
    assert r.stderr.startswith("Error: JSON-LD context is not valid JSON") and r.stderr.count("\n") == 1
    assert str(bad) in r.stderr and "Traceback" not in r.stderr
    after = {name: (data, (out / name).stat().st_mtime_ns) for name, data in files_of(out).items()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken-context.jsonld", "site"]


def test_publishing_again_replaces_the_whole_folder(tmp_path):
    out = tmp_path / "site"
    assert kg("publish", "-q", out).returncode == 0
    (out / "person" / "stale.html").write_text("from an earlier publication")
    assert kg("publish", "-q", out).returncode == 0
    assert not (out / "person" / "stale.html").exists() and (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_folder_that_is_not_a_publication_is_not_replaced(tmp_path):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    r = kg("publish", out)
    assert r.returncode == 2
    assert r.stderr == (f"Error: the folder is not empty and holds no earlier publication (no void.ttl), "
                        f"so kg publish will not replace it in {out}: choose a new or empty folder\n")
    assert (out / "mine.txt").read_text() == "keep me"


def test_missing_parent_folder_is_one_error_line(tmp_path):
    r = kg("publish", tmp_path / "no" / "site")
    assert r.returncode == 2
    assert r.stderr == (f"Error: the folder to publish into cannot be created (its parent does not exist) "
                        f"in {tmp_path / 'no' / 'site'}: create the parent folder first\n")
