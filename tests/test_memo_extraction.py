"""What extraction and relation find in the bundled memorandum."""

from collections import Counter

from kg.model import Ref

from conftest import ARCHIVE, BLOG


def _labels(memo, kind):
    return {e.label for r, e in memo.relations.entities.items() if r.kind == kind}


def _facts(memo, subject=None, predicate=None, obj=None):
    return [f for f in memo.relations.facts
            if (subject is None or f.subject == subject)
            and (predicate is None or f.predicate == predicate)
            and (obj is None or f.object == obj)]


def _by_label(memo, kind, text):
    hits = [r for r, e in memo.relations.entities.items() if r.kind == kind and text in e.label]
    assert len(hits) == 1, (text, hits)
    return hits[0]


def test_people_are_found_with_full_names_from_brackets_and_initials(memo):
    people = _labels(memo, "person")
    assert any("Molotov" in p for p in people)
    assert any("Malenkov" in p for p in people)
    assert any("Khrushchev" in p for p in people)
    assert any("Vinogradov" in p for p in people)
    assert any(p.endswith("Palewski") and "Gaston" in p for p in people)
    assert len(people) == 5


def test_bracketed_insertion_is_its_own_mention_of_the_same_person(memo):
    # "[Gaston] Palewski": the editor's given name and the memo's family name are two
    # mentions, quoted exactly, of one person named in full; the given name alone is no alias.
    ref = _by_label(memo, "person", "Palewski")
    ent = memo.relations.entities[ref]
    src = next(s for s in memo.corpus.sources if s.id == ARCHIVE)
    quotes = [src.view.norm[m.nstart:m.nend] for m in ent.mentions if m.source == ARCHIVE]
    assert "Gaston" in quotes and quotes.count("Palewski") >= 2
    assert not any("[" in q or "]" in q for q in quotes)
    assert ent.label == "Gaston Palewski" and "Gaston" not in ent.aliases


def test_states_are_found_by_name_demonym_and_period_name(memo):
    states = _labels(memo, "state")
    for name in ("Soviet Union", "France", "United Kingdom", "United States"):
        assert any(name in s for s in states), (name, states)
    assert any("China" in s for s in states)  # "Chinese People's Republic"
    soviet = next(r for r, e in memo.relations.entities.items() if r.kind == "state" and "Soviet" in e.label)
    forms = {memo.corpus.sources[0].view.norm[m.nstart:m.nend]
             for m in memo.relations.entities[soviet].mentions if m.source == memo.corpus.sources[0].id}
    assert {"Soviet", "USSR", "Soviet Union"} <= forms


def test_england_resolves_to_the_united_kingdom(memo):
    uk = next(r for r, e in memo.relations.entities.items() if r.kind == "state" and "United Kingdom" in e.label)
    text = memo.corpus.sources[0].view.norm
    assert any(text[m.nstart:m.nend] == "England" for m in memo.relations.entities[uk].mentions
               if m.source == memo.corpus.sources[0].id)


def test_organizations_include_ministry_party_organs_press_alliances_and_communities(memo):
    orgs = " | ".join(_labels(memo, "organization"))
    for needle in ("Foreign Affairs", "Presidium", "Central Committee", "Le Monde", "NATO",
                   "European Defen", "Wilson Center"):
        assert needle in orgs, needle


def test_roles_become_positions_with_place_and_affiliation(memo):
    vin = _by_label(memo, "person", "Vinogradov")
    pos = [f.object for f in _facts(memo, vin, "kgo:holdsPosition")]
    assert len(pos) == 1 and memo.relations.entities[pos[0]].label == "ambassador in Paris"
    places = {memo.relations.entities[f.object].label for f in _facts(memo, pos[0], "kgo:positionIn")}
    assert places == {"Paris"}
    aff = {memo.relations.entities[f.object].label for f in _facts(memo, pos[0], "kgo:affiliation")}
    assert any("Soviet" in a for a in aff)
    pal = _by_label(memo, "person", "Palewski")
    pal_pos = {memo.relations.entities[f.object].label for f in _facts(memo, pal, "kgo:holdsPosition")}
    assert pal_pos == {"Gaullist leader"}


def test_foreign_minister_in_summary_is_the_archives_claim(memo):
    mol = _by_label(memo, "person", "Molotov")
    facts = _facts(memo, mol, "kgo:holdsPosition")
    assert [memo.relations.entities[f.object].label for f in facts] == ["Foreign Minister"]
    assert facts[0].claimant == Ref("witness", ARCHIVE)


def test_signature_gives_author_and_date_in_both_copies(memo):
    work = Ref("work", memo.corpus.works[0].id)
    authors = _facts(memo, work, "schema:author")
    assert len(authors) == 1 and "Molotov" in memo.relations.entities[authors[0].object].label
    assert {e.source for e in authors[0].evidence} == {ARCHIVE, BLOG}
    dates = _facts(memo, work, "schema:dateCreated")
    assert [str(f.object) for f in dates] == ["1954-03-26"]
    assert {e.source for e in dates[0].evidence} == {ARCHIVE, BLOG}


def test_recipients_are_the_addressees_and_the_presidium(memo):
    work = Ref("work", memo.corpus.works[0].id)
    names = {memo.relations.entities[f.object].label for f in _facts(memo, work, "schema:recipient")}
    assert any("Malenkov" in n for n in names) and any("Khrushchev" in n for n in names)
    assert any("Presidium" in n for n in names)
    assert len(names) == 3


def test_about_a_dozen_proposals_with_proposer_and_status(memo):
    work = Ref("work", memo.corpus.works[0].id)
    props = [r for r in memo.relations.entities if r.kind == "proposal"]
    in_work = [r for r in props if any(f.claimant == work for f in _facts(memo, r, "kgo:proposalStatus"))]
    assert len(in_work) >= 12
    statuses = Counter(f.object.key for r in in_work for f in _facts(memo, r, "kgo:proposalStatus"))
    assert statuses["NewRecommendation"] >= 5
    for s in ("EarlierProposal", "EarlierProposalKept", "HypotheticalCondition", "CounterProposal",
              "AdvisedAgainst"):
        assert statuses[s] >= 1, s
    for r in in_work:
        assert len({f.object for f in _facts(memo, r, "kgo:proposedBy")}) == 1, memo.relations.entities[r].label


def test_counter_proposal_belongs_to_the_gaullist_leader(memo):
    pal = _by_label(memo, "person", "Palewski")
    counter = [f.subject for f in _facts(memo, predicate="kgo:proposalStatus",
                                         obj=Ref("concept", "CounterProposal"))]
    assert len(counter) == 1
    assert _facts(memo, counter[0], "kgo:proposedBy")[0].object == pal
    assert "occupying power in Germany" in memo.relations.entities[counter[0]].attrs["description"]


def test_earlier_proposal_kept_concerns_the_chinese_peoples_republic(memo):
    kept = [f.subject for f in _facts(memo, predicate="kgo:proposalStatus",
                                      obj=Ref("concept", "EarlierProposalKept"))]
    assert len(kept) == 1
    concerns = {memo.relations.entities[f.object].label for f in _facts(memo, kept[0], "kgo:concerns")}
    assert any("China" in c for c in concerns)


def test_stances_to_the_soviet_draft_have_holders_and_polarity(memo):
    stances = [r for r in memo.relations.entities if r.kind == "stance"]
    rows = set()
    for st in stances:
        holder = memo.relations.entities[_facts(memo, st, "kgo:stanceHolder")[0].object].label
        pol = _facts(memo, st, "kgo:polarity")[0].object.key
        rows.add((holder, pol))
    assert ("Le Monde", "Positive") in rows
    assert any("official circles" in h and p == "Negative" for h, p in rows)
    assert any("Palewski" in h and p == "Negative" for h, p in rows)
    assert any("European Defense Community" in h and p == "Negative" for h, p in rows)


def test_conversation_has_both_participants_and_the_negative_stance(memo):
    events = [r for r in memo.relations.entities if r.kind == "event"]
    assert len(events) == 1
    people = {memo.relations.entities[f.object].label for f in _facts(memo, events[0], "schema:attendee")}
    assert any("Vinogradov" in p for p in people) and any("Palewski" in p for p in people)
    voiced = {f.subject.kind for f in _facts(memo, predicate="kgo:expressedIn", obj=events[0])}
    assert voiced == {"stance", "proposal"}


def test_blog_byline_is_a_claim_flagged_as_implausible(memo):
    blog = Ref("witness", BLOG)
    claims = _facts(memo, blog, "kgo:claimedAuthor")
    assert len(claims) == 1 and claims[0].claimant == blog
    assert "Molotov" in memo.relations.entities[claims[0].object].label
    findings = [f for f in memo.relations.findings if blog in f.about]
    assert len(findings) == 1 and "died on 1986-11-08" in findings[0].message
    # Nothing from the blog's paratext is the work's claim.
    paratext = [(g.nstart, g.nend) for g in memo.relations.segments[BLOG] if g.layer == "Paratext"]
    assert len(paratext) == 4
    assert not [f for f in memo.relations.facts if f.claimant.kind == "work"
                and any(e.source == BLOG and any(s <= e.nstart < t for s, t in paratext)
                        for e in f.evidence)]


def test_one_entity_across_both_copies(memo):
    for ref, ent in memo.relations.entities.items():
        if ref.kind in ("person", "state") and len(ent.mentions) > 2:
            assert {m.source for m in ent.mentions} == {ARCHIVE, BLOG}, ent.label
