"""Linking to Wikidata: the real client over real HTTP, against recorded-shape answers.

A local server (tests/wikidata_replay.py) replays the answers in
tests/fixtures/wikidata/ (see its README for where they came from) and can be
told to fail: 429, 5xx, maxlag, a slow answer, garbage, a cut connection.
"""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest

from kg import decisions as dlog
from kg import formats
from kg.errors import InputError
from kg.export import serialize
from kg.link import load_settings, name_score
from kg.pipeline import Options, run
from kg.resources import WIKIDATA
from kg.wikidata import Client, WikidataError, parse_time

from conftest import kg, select
from wikidata_replay import FIXTURES, ReplayServer, load_replay

DOC = FIXTURES / "document-1954.txt"
REVIEW_DOC = FIXTURES / "review-1954.txt"
AUTHORITY = FIXTURES / "authority.toml"
FAST = """
[api]
timeout = 0.5
retries = 3
backoff = 0.01
"""


@pytest.fixture()
def replay():
    rp = load_replay()
    with ReplayServer(rp) as url:
        rp.url = url
        yield rp


@pytest.fixture()
def settings_file(tmp_path):
    """rules/wikidata.toml with short timeouts, so fault tests take milliseconds."""
    text = WIKIDATA.read_text(encoding="utf-8")
    head, rest = text.split("[score]", 1)
    path = tmp_path / "wikidata.toml"
    path.write_text(FAST + "\n[score]" + rest, encoding="utf-8")
    return path


def link_cli(replay, tmp_path, settings_file, *extra, doc=DOC):
    return kg("link", doc, "--authority", AUTHORITY, "--log", tmp_path / "links.jsonl",
              "--review", tmp_path / "review.csv", "--cache", tmp_path / "cache",
              "--settings", settings_file, "--api", replay.url, "--contact", "tests@example.org",
              *extra)


def latest(tmp_path) -> dict[str, dlog.Decision]:
    return dlog.latest(dlog.read_log(tmp_path / "links.jsonl"))


def searches(seen) -> list[str]:
    return [s.params["search"] for s in seen if s.params.get("action") == "wbsearchentities"]


# --- linking by rule ------------------------------------------------------------

def test_clean_match_is_linked_by_rule(replay, tmp_path, settings_file):
    r = link_cli(replay, tmp_path, settings_file)
    assert r.returncode == 0, r.stderr
    d = latest(tmp_path)["person/jawaharlal-nehru"]
    assert (d.status, d.qid, d.method, d.by) == ("linked", "Q1047", "rule", "kg.link.v1")
    assert d.score == 1.0 and d.document_date == "1954-05-12"
    assert "person/jawaharlal-nehru" in r.stdout and "Q1047" in r.stdout


def test_surname_shared_by_the_living_and_the_dead_links_the_one_alive_at_the_date(
        replay, tmp_path, settings_file):
    assert link_cli(replay, tmp_path, settings_file).returncode == 0
    d = latest(tmp_path)["person/khrushchev"]
    assert d.qid == "Q35314"
    dead = next(c for c in d.candidates if c.qid == "Q4501916")
    assert dead.score == 0.0 and "not alive on 1954-05-12" in dead.why
    assert d.margin >= 0.15


def test_same_named_item_of_another_type_is_ruled_out(replay, tmp_path, settings_file):
    assert link_cli(replay, tmp_path, settings_file).returncode == 0
    d = latest(tmp_path)["person/charles-de-gaulle"]
    assert d.qid == "Q2042"
    carrier = next(c for c in d.candidates if c.qid == "Q1066565")
    assert carrier.name == 1.0 and carrier.score == 0.0 and "aircraft carrier" in carrier.why


def test_name_without_candidates_is_recorded_and_not_linked(replay, tmp_path, settings_file):
    assert link_cli(replay, tmp_path, settings_file).returncode == 0
    d = latest(tmp_path)["person/pyotr-vasko"]
    assert (d.status, d.qid, d.candidates) == ("no-candidate", None, ())


def test_namesake_who_died_before_the_document_goes_to_a_person_not_the_graph(
        replay, tmp_path, settings_file):
    assert link_cli(replay, tmp_path, settings_file).returncode == 0
    d = latest(tmp_path)["person/joseph-stalin"]
    assert d.status == "needs-review" and d.qid is None
    rows = list(csv.DictReader(io.StringIO((tmp_path / "review.csv").read_text(encoding="utf-8"))))
    stalin = [r for r in rows if r["entity"] == "person/joseph-stalin"]
    assert [r["rank"] for r in stalin] == ["1", "other"]
    assert stalin[0]["qid"] == "Q855" and "1953-03-05" in stalin[0]["why"]


def test_requests_identify_kg_and_ask_for_maxlag(replay, tmp_path, settings_file):
    assert link_cli(replay, tmp_path, settings_file).returncode == 0
    first = replay.seen[0]
    assert first.headers["User-Agent"].startswith("kg/")
    assert "tests@example.org" in first.headers["User-Agent"]
    assert all(s.params["maxlag"] == "5" for s in replay.seen)
    gets = [s for s in replay.seen if s.params["action"] == "wbgetentities"]
    assert len(gets) == 1          # the candidates of all seven people in one batch


# --- the log replays offline ----------------------------------------------------

def _graph(tmp_path, links):
    result = run([DOC], Options(authority=AUTHORITY, links=links))
    store = ox.Store()
    store.load(serialize(result.dataset, formats.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return result, store


LINKS = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX kgo: <https://example.org/kg/ontology#>
SELECT ?entity ?item ?agent ?agentType ?method ?at ?candidates WHERE {
  ?entity owl:sameAs ?item .
  ?a rdf:subject ?entity ; rdf:predicate owl:sameAs ; rdf:object ?item ;
     prov:wasAttributedTo ?agent ; prov:wasGeneratedBy ?d .
  ?agent a ?agentType .
  ?d a kgo:LinkDecision ; kgo:decisionMethod ?method ; prov:endedAtTime ?at .
  { SELECT ?d (COUNT(?c) AS ?candidates) WHERE { ?d kgo:candidate ?c } GROUP BY ?d }
} ORDER BY ?entity
"""


def test_build_replays_the_logged_links_offline_with_who_decided_and_why(
        replay, tmp_path, settings_file):
    assert link_cli(replay, tmp_path, settings_file).returncode == 0
    asked = len(replay.seen)
    result, store = _graph(tmp_path, tmp_path / "links.jsonl")
    assert len(replay.seen) == asked          # the build asked nothing
    rows = select(store, LINKS)
    got = {(r["entity"].rsplit("/", 1)[1], r["item"].rsplit("/", 1)[1]) for r in rows}
    assert got == {("charles-de-gaulle", "Q2042"), ("jawaharlal-nehru", "Q1047"),
                   ("khrushchev", "Q35314")}
    assert {r["agentType"] for r in rows} == {"http://www.w3.org/ns/prov#SoftwareAgent"}
    assert {r["method"] for r in rows} == {"rule"}
    nehru = next(r for r in rows if r["entity"].endswith("jawaharlal-nehru"))
    assert nehru["candidates"] == "1"
    from kg.validate import load_shapes, validate
    from kg.resources import SHAPES
    report = validate(result.dataset, load_shapes(SHAPES))
    assert report.conforms, report.text()


def test_authority_link_wins_over_a_logged_decision(tmp_path):
    log = tmp_path / "links.jsonl"
    auth = tmp_path / "authority.toml"
    auth.write_text(AUTHORITY.read_text(encoding="utf-8").replace(
        'label = "Charles de Gaulle"',
        'label = "Charles de Gaulle"\nwikidata = "Q2042"\nwikidata_source = "tests/fixtures/wikidata/FACTS.md"'),
        encoding="utf-8")
    dlog.append(log, dlog.Decision(entity="person/charles-de-gaulle", label="Charles de Gaulle",
                                   type="person", status="linked", qid="Q1066565", method="rule",
                                   by="kg.link.v1", at="2026-01-01T00:00:00Z", score=0.9))
    result = run([DOC], Options(authority=auth, links=log))
    same = [f for f in result.relations.facts if f.predicate == "owl:sameAs"]
    assert [(f.object.key, f.rule) for f in same] == [("Q2042", "kg.authority.v1")]


# --- review --------------------------------------------------------------------

def test_review_file_and_apply_record_a_persons_choice(replay, tmp_path, settings_file):
    r = link_cli(replay, tmp_path, settings_file, doc=REVIEW_DOC)
    assert r.returncode == 0, r.stderr
    d = latest(tmp_path)["person/nikita-khrushchev"]
    assert d.status == "needs-review" and "ahead of the next" in d.note
    review = tmp_path / "review.csv"
    rows = list(csv.DictReader(io.StringIO(review.read_text(encoding="utf-8"))))
    mine = [r for r in rows if r["entity"] == "person/nikita-khrushchev"]
    assert [r["qid"] for r in mine] == ["Q35314", "Q4501920", ""]
    for row in rows:
        row["decision"] = "accept" if row["qid"] == "Q35314" else ""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    review.write_text(buf.getvalue(), encoding="utf-8")

    r = kg("link", "--apply", review, "--log", tmp_path / "links.jsonl", "--reviewer", "A. Historian")
    assert r.returncode == 0, r.stderr
    d = latest(tmp_path)["person/nikita-khrushchev"]
    assert (d.status, d.qid, d.method, d.by) == ("linked", "Q35314", "review", "person:A. Historian")
    assert len(d.candidates) == 2         # the evidence the person chose from is kept

    result = run([REVIEW_DOC], Options(authority=AUTHORITY, links=tmp_path / "links.jsonl"))
    store = ox.Store()
    store.load(serialize(result.dataset, formats.N_QUADS), format=ox.RdfFormat.N_QUADS)
    rows = select(store, """
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name WHERE { ?a prov:wasAttributedTo ?p . ?p a prov:Person ; rdfs:label ?name }""")
    assert rows == [{"name": "A. Historian"}]


def test_review_with_two_accepted_qids_is_refused_with_its_line(tmp_path):
    review = tmp_path / "review.csv"
    review.write_text("entity,qid,decision\nperson/x,Q1,accept\nperson/x,Q2,accept\n",
                      encoding="utf-8")
    r = kg("link", "--apply", review, "--log", tmp_path / "links.jsonl")
    assert r.returncode == 2
    assert r.stderr == (f"Error: person/x has more than one accepted QID in {review}:3: "
                        "accept one row per entity\n")
    assert not (tmp_path / "links.jsonl").exists()


def test_rerun_skips_decided_entities_and_redo_keeps_a_persons_decision(tmp_path):
    log = tmp_path / "links.jsonl"
    person = dlog.Decision(entity="person/jawaharlal-nehru", label="Jawaharlal Nehru", type="person",
                           status="rejected", qid=None, method="review", by="person:A",
                           at="2026-01-01T00:00:00Z")
    dlog.append(log, person)
    from kg.link import targets
    result = run([DOC], Options(authority=AUTHORITY, links=log))
    keys = {t.key for t in targets(result.relations, dlog.latest(dlog.read_log(log)), redo=True)}
    assert "person/jawaharlal-nehru" not in keys and "person/khrushchev" in keys


# --- cache and offline -------------------------------------------------------------

def test_second_run_sends_nothing(replay, tmp_path, settings_file):
    assert link_cli(replay, tmp_path, settings_file).returncode == 0
    first = len(replay.seen)
    r = link_cli(replay, tmp_path, settings_file, "--redo")
    assert r.returncode == 0, r.stderr
    assert len(replay.seen) == first
    assert "wikidata:  0 requests, 8 answers from the cache" in r.stdout


def test_offline_uses_the_cache_alone_and_says_what_it_could_not_resolve(tmp_path, settings_file):
    r = kg("link", DOC, "--authority", AUTHORITY, "--log", tmp_path / "links.jsonl",
           "--review", tmp_path / "review.csv", "--cache", tmp_path / "empty-cache",
           "--settings", settings_file, "--offline", "--api", "http://127.0.0.1:9/w/api.php")
    assert r.returncode == 0, r.stderr
    assert "offline:   7 entities not resolved (no cached answer)" in r.stdout
    assert dlog.read_log(tmp_path / "links.jsonl") == []


# --- faults -----------------------------------------------------------------------

def _client(replay, **kw):
    conf = load_settings(WIKIDATA, replay.url)
    from dataclasses import replace
    api = replace(conf.api, timeout=0.5, retries=3, backoff=0.01, **kw)
    waits: list[float] = []
    return Client(api, sleep=waits.append), waits


@pytest.mark.parametrize("fault", ["429", "503", "maxlag", "cut", "garbage"])
def test_transient_fault_is_retried_then_succeeds(replay, fault):
    replay.script[("search", "Jawaharlal Nehru")] = [fault]
    client, waits = _client(replay)
    hits = client.search("Jawaharlal Nehru")
    assert [h.qid for h in hits] == ["Q1047"]
    assert client.stats.requests == 2 and client.stats.retries == 1
    if fault in ("429", "503", "maxlag"):
        assert waits == [0.0]             # the server's Retry-After, not our own backoff


def test_timeout_is_retried_then_reported(replay):
    replay.slow_seconds = 1.5
    replay.script[("search", "Jawaharlal Nehru")] = ["slow"]
    client, _ = _client(replay)
    assert [h.qid for h in client.search("Jawaharlal Nehru")] == ["Q1047"]
    replay.script[("search", "Jawaharlal Nehru")] = ["slow"] * 3
    with pytest.raises(WikidataError, match=r"Wikidata gave no answer within 0.5 s, 3 times"):
        client.search("Jawaharlal Nehru")


def test_server_error_mid_run_keeps_decisions_and_the_next_run_resumes(
        replay, tmp_path, settings_file):
    replay.script[("search", "Khrushchev")] = ["500"] * 3
    r = link_cli(replay, tmp_path, settings_file)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith("Error: Wikidata answered HTTP 500, 3 times in http://127.0.0.1:")
    assert lines[0].split(" in ", 1)[1].split("/w/api.php")[1].startswith(
        "?action=wbsearchentities&search=Khrushchev: ")
    assert lines[0].endswith("4 decisions made before the failure are kept in the log; "
                             "run kg link again to resume")
    kept = latest(tmp_path)
    assert set(kept) == {"person/a-ivanov", "person/charles-de-gaulle", "person/jawaharlal-nehru",
                         "person/joseph-stalin"}
    before = len(replay.seen)
    r = link_cli(replay, tmp_path, settings_file)
    assert r.returncode == 0, r.stderr
    asked = searches(replay.seen[before:])
    assert "Jawaharlal Nehru" not in asked and "Khrushchev" in asked
    assert latest(tmp_path)["person/khrushchev"].qid == "Q35314"


def test_malformed_answer_is_a_clear_error(replay):
    replay.search["Jawaharlal Nehru"] = [{"label": "no id here"}]
    client, _ = _client(replay)
    with pytest.raises(WikidataError, match="answered an entry without an item id"):
        client.search("Jawaharlal Nehru")


def test_refusal_is_not_retried(replay):
    replay.script["*"] = ["refuse"]
    client, _ = _client(replay)
    with pytest.raises(WikidataError, match=r"refused the request \(HTTP 403\)"):
        client.search("Jawaharlal Nehru")
    assert client.stats.requests == 1


def test_items_are_fetched_in_batches_of_50_and_missing_ones_left_out(replay):
    client, _ = _client(replay)
    ids = ["Q1047"] + [f"Q{n}" for n in range(90000001, 90000060)]
    found = client.items(ids)
    assert list(found) == ["Q1047"]
    batches = [s.params["ids"].split("|") for s in replay.seen]
    assert [len(b) for b in batches] == [50, 10]


# --- checking the authority file ---------------------------------------------------

def test_check_reports_wrong_label_and_wrong_dates(replay, tmp_path, settings_file):
    auth = tmp_path / "authority.toml"
    auth.write_text("""
[[entity]]
id = "jawaharlal-nehru"
type = "person"
label = "Jawaharlal Nehru"
wikidata = "Q1047"
wikidata_source = "FACTS.md"
born = "1889-11-14"
dates_source = "FACTS.md"

[[entity]]
id = "nikita-khrushchev"
type = "person"
label = "Nikita Khrushchev"
wikidata = "Q35314"
wikidata_source = "FACTS.md"
died = "1971-09-12"
dates_source = "a deliberate error for this test"

[[entity]]
id = "joseph-stalin"
type = "person"
label = "Joseph Stalin"
wikidata = "Q1047"
wikidata_source = "a deliberate error for this test"
""", encoding="utf-8")
    r = kg("link", "--check", "--authority", auth, "--cache", tmp_path / "cache",
           "--settings", settings_file, "--api", replay.url)
    assert r.returncode == 1, r.stderr
    lines = [" ".join(line.split()) for line in r.stdout.splitlines()]
    assert lines == [
        "joseph-stalin Q1047 label does not match: ours 'Joseph Stalin', Wikidata's 'Jawaharlal Nehru'",
        "nikita-khrushchev Q35314 died 1971-09-12 here, 1971-09-11 on Wikidata",
        "checked: 3 QIDs, 2 problems",
        "wikidata: 1 request, 0 answers from the cache",
    ]


# --- the decision log ----------------------------------------------------------------

def test_a_line_cut_off_by_a_crash_is_ignored_and_the_next_append_starts_fresh(tmp_path):
    log = tmp_path / "links.jsonl"
    d = dlog.Decision(entity="person/x", label="X", type="person", status="no-candidate", qid=None,
                      method="rule", by="kg.link.v1", at="2026-01-01T00:00:00Z")
    dlog.append(log, d)
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(dlog.to_line(d)[:40])           # the crash
    assert dlog.read_log(log) == [d]
    dlog.append(log, d)
    assert dlog.read_log(log) == [d, d]


def test_a_damaged_log_line_is_reported_with_its_line_number(tmp_path):
    log = tmp_path / "links.jsonl"
    log.write_text('{"entity": "person/x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        dlog.read_log(log)
    assert str(err.value).endswith(f"in {log}:1")
    r = kg("build", DOC, "--authority", AUTHORITY, "--links", log, "-o", tmp_path)
    assert r.returncode == 2 and r.stderr.startswith("Error: decision has unknown or missing fields")
    assert not (tmp_path / "dataset.nq").exists()


# --- scoring ---------------------------------------------------------------------------

@pytest.mark.parametrize("ours, theirs, expected", [
    ("Jawaharlal Nehru", "Jawaharlal Nehru", 1.0),
    ("J. Nehru", "Jawaharlal Nehru", 0.9),
    ("Nehru", "Jawaharlal Nehru", 0.7),
    ("Mendes-France", "Mendès France", 1.0),
])
def test_name_score(ours, theirs, expected):
    assert name_score([ours], [theirs]) == expected


def test_name_score_of_different_people_is_low():
    assert name_score(["Leonid Khrushchev"], ["Nikita Khrushchev"]) < 0.7


def test_time_values_keep_their_precision():
    from kg.link import _within
    year = parse_time("+1954-00-00T00:00:00Z", 9)
    assert year.date.isoformat() == "1954-01-01" and year.precision == 9
    import datetime as dt
    # Died "in 1954" does not rule out a document of March 1954; died in 1953 does.
    assert _within(None, year, dt.date(1954, 3, 26)) is True
    assert _within(None, parse_time("+1953-00-00T00:00:00Z", 9), dt.date(1954, 3, 26)) is False
    assert parse_time("-0044-03-15T00:00:00Z", 11) is None
