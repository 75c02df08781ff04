"""Competency questions: each shipped query answers its question on the memo."""


import pytest

from conftest import ARCHIVE, BASE, BLOG, ROOT, named_query, select
import pyoxigraph as ox

QUERIES = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
WORK = f"{BASE}work/molotov-1954-03-26"


@pytest.mark.parametrize("name", QUERIES)
def test_every_named_query_has_title_and_description(name):
    head = named_query(name).splitlines()[:2]
    assert head[0].startswith("# title: ") and head[1].startswith("# description: ")


def test_who_wrote_it_to_whom_and_when(store):
    rows = select(store, named_query("document-metadata"))
    authors = {r["agentLabel"] for r in rows if r["role"] == "author"}
    recipients = {r["agentLabel"] for r in rows if r["role"] == "recipient"}
    assert authors == {"Vyacheslav Molotov"}
    assert {"Georgy Malenkov", "Nikita Khrushchev"} <= recipients and len(recipients) == 3
    assert {r["date"] for r in rows} == {"1954-03-26"}


def test_which_proposals_by_whom_with_what_status(store):
    rows = select(store, named_query("proposals"))
    work_rows = [r for r in rows if r["claimedBy"] == WORK]
    assert len({r["proposal"] for r in work_rows}) >= 12
    statuses = {r["status"] for r in work_rows}
    assert {"NewRecommendation", "EarlierProposal", "EarlierProposalKept", "HypotheticalCondition",
            "CounterProposal", "AdvisedAgainst"} <= statuses
    counter = [r for r in work_rows if r["status"] == "CounterProposal"]
    assert [r["proposerLabel"] for r in counter] == ["Gaston Palewski"]
    blog = [r for r in rows if r["claimedBy"] == f"{BASE}witness/{BLOG}"]
    assert [r["label"] for r in blog] == ["the Soviet Union join NATO"]


def test_who_reacted_how_to_the_soviet_draft(store):
    rows = select(store, named_query("stances"))
    draft = [r for r in rows if r["proposalLabel"].startswith("General European Agreement")]
    got = {(r["holderLabel"], r["polarity"]) for r in draft}
    assert ("Le Monde", "Positive") in got
    assert ("Gaston Palewski", "Negative") in got
    assert ("official circles in France", "Negative") in got
    pal = next(r for r in draft if r["holderLabel"] == "Gaston Palewski")
    assert pal["event"] is not None and "unacceptable" in pal["sentence"]


def test_who_holds_which_position(store):
    rows = select(store, named_query("positions"))
    got = {(r["personLabel"], r["positionLabel"], r["graph"].rsplit("/", 2)[-2]) for r in rows}
    assert ("Gaston Palewski", "Gaullist leader", "work") in got
    assert ("Vyacheslav Molotov", "Foreign Minister", "witness") in got
    vin = [r for r in rows if r["positionLabel"] == "ambassador in Paris"]
    assert vin and vin[0]["placeLabel"] == "Paris"


def test_which_states_and_organizations_are_mentioned(store):
    rows = select(store, named_query("states-and-organizations"))
    states = {r["label"] for r in rows if r["kind"] == "state"}
    orgs = {r["label"] for r in rows if r["kind"] == "organization"}
    assert {"France", "United Kingdom", "United States"} <= states
    assert any("NATO" in o or "North Atlantic" in o for o in orgs)
    assert any("Le Monde" == o for o in orgs)


def test_what_the_blog_adds_that_the_archive_does_not(store):
    rows = select(store, named_query("witness-additions"))
    blog = [r for r in rows if r["witness"].endswith(BLOG)]
    archive = [r for r in rows if r["witness"].endswith(ARCHIVE)]
    preds = {r["predicate"].rsplit("#", 1)[-1].rsplit("/", 1)[-1] for r in blog}
    assert {"claimedAuthor", "datePublished", "proposedBy"} <= preds
    assert {r["segmentType"] for r in blog} <= {"Heading", "Byline", "EditorialPreface", "CreditLine", None}
    assert any("Foreign Minister" in r["quote"] or r["segmentType"] == "ArchivalSummary" for r in archive)


def test_evidence_for_a_given_fact(store):
    rows = select(store, named_query("evidence"),
                  subject=ox.NamedNode(WORK),
                  predicate=ox.NamedNode("https://schema.org/author"))
    assert {(r["witness"].rsplit("/", 1)[-1], r["quote"]) for r in rows} == {
        (ARCHIVE, "V.M. Molotov"), (BLOG, "V.M. Molotov")}
    for r in rows:
        text = (ROOT / "sources" / f"{r['witness'].rsplit('/', 1)[-1]}.txt").read_text(encoding="utf-8")
        assert text[int(r["start"]):int(r["end"])] == r["quote"]
        assert r["rule"] == "kg.metadata.v1" and r["claimedBy"] == WORK
