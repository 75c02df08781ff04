"""Named drafts: one proposal per draft, each with its maker.

"The Northmarkish draft of a Coastal Pact on Herring Quotas" and "the
Southvalian plan of a Coastal Pact on Timber Tolls" are two drafts that share a
short name ("Coastal Pact"); a later "the Coastal Pact" is the one spoken of
last. The states, their demonyms and the drafts are invented.
"""

from kg import resources
from kg.authority import load_authority
from kg.load import load
from kg.pipeline import Rules, analyse
from kg.registry import load_pipeline
from kg.rules import load_lexicon

STATES = """
[[entity]]
id = "northmark"
type = "state"
label = "Northmark"
demonyms = ["Northmarkish"]

[[entity]]
id = "southvale"
type = "state"
label = "Southvale"
demonyms = ["Southvalian"]
"""


def _analyse(tmp_path, *bodies):
    authority = tmp_path / "authority.toml"
    authority.write_text(resources.AUTHORITY.read_text(encoding="utf-8") + STATES, encoding="utf-8")
    rules = Rules(load_lexicon(resources.LEXICON), load_authority(authority),
                  load_pipeline(resources.PIPELINE))
    paths = []
    for i, body in enumerate(bodies):
        path = tmp_path / f"note-{i}.txt"
        path.write_text(f"MEMORANDUM\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return analyse(load(paths), rules)


def _proposals(rel):
    """{proposal: (label, [makers])} of the named drafts (IRI keys, not hashes)."""
    out = {}
    for ref, ent in rel.entities.items():
        if ref.kind == "proposal":
            makers = sorted(str(f.object) for f in rel.facts
                            if f.subject == ref and f.predicate == "kgo:proposedBy")
            out[ref.key] = (ent.label, sorted(set(makers)))
    return out


def _mentions_of(rel, key):
    return sorted((m.source, m.nstart) for m, ref in rel.refs.items()
                  if ref.kind == "proposal" and ref.key == key)


def test_drafts_sharing_a_short_name_are_distinct_proposals_each_with_its_maker(tmp_path):
    rel = _analyse(tmp_path,
                   "The Northmarkish draft of a Coastal Pact on Herring Quotas was discussed.\n\n"
                   "The Southvalian plan of a Coastal Pact on Timber Tolls was discussed too.")
    assert _proposals(rel) == {
        "coastal-pact-on-herring-quotas": ("Coastal Pact on Herring Quotas", ["state/northmark"]),
        "coastal-pact-on-timber-tolls": ("Coastal Pact on Timber Tolls", ["state/southvale"]),
    }


def test_a_later_short_name_is_the_draft_named_last(tmp_path):
    text = ("The Northmarkish draft of a Coastal Pact on Herring Quotas was discussed.\n\n"
            "The Southvalian plan of a Coastal Pact on Timber Tolls was discussed too.\n\n"
            "The Coastal Pact was then shelved.")
    rel = _analyse(tmp_path, text)
    later = len("MEMORANDUM\n\n") + text.index("Coastal Pact was")
    assert ("note-0", later) in _mentions_of(rel, "coastal-pact-on-timber-tolls")
    assert ("note-0", later) not in _mentions_of(rel, "coastal-pact-on-herring-quotas")


def test_drafts_of_one_name_by_two_makers_are_two_proposals(tmp_path):
    rel = _analyse(tmp_path,
                   "The Northmarkish draft of a Coastal Pact on Herring Quotas was discussed.",
                   "The Southvalian draft of a Coastal Pact on Herring Quotas was rejected.")
    assert _proposals(rel) == {
        "northmark-coastal-pact-on-herring-quotas": ("Coastal Pact on Herring Quotas",
                                                     ["state/northmark"]),
        "southvale-coastal-pact-on-herring-quotas": ("Coastal Pact on Herring Quotas",
                                                     ["state/southvale"]),
    }


def test_a_draft_named_again_with_less_is_the_same_draft_and_keeps_its_short_name(tmp_path):
    # Only one draft has this short name, so the short name is its IRI, in every
    # document that names it, however fully.
    rel = _analyse(tmp_path,
                   "The Northmarkish draft of a Coastal Pact on Herring Quotas was discussed. "
                   "The proposal for a Coastal Pact met with a cool response.",
                   "The draft of a Coastal Pact on Herring Quotas was welcomed.")
    assert _proposals(rel) == {"coastal-pact": ("Coastal Pact on Herring Quotas", ["state/northmark"])}
    assert [s for s, _ in _mentions_of(rel, "coastal-pact")] == ["note-0", "note-0", "note-1"]


def test_a_draft_first_named_by_less_takes_what_a_later_phrase_adds(tmp_path):
    rel = _analyse(tmp_path,
                   "The proposal for a Coastal Pact was discussed.\n\n"
                   "The Southvalian draft of a Coastal Pact on Timber Tolls was discussed too.\n\n"
                   "The Northmarkish plan of a Coastal Pact on Herring Quotas was rejected.")
    assert _proposals(rel) == {
        "coastal-pact-on-timber-tolls": ("Coastal Pact on Timber Tolls", ["state/southvale"]),
        "coastal-pact-on-herring-quotas": ("Coastal Pact on Herring Quotas", ["state/northmark"]),
    }
