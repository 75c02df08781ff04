"""Forms of personal names the people rules read: family names with particles
("de", "van der", "al-", ...), telegraphese titles.

The names are invented, so that no authority record can find them: only the
rules in kg/extract/people.py and rules/lexicon.toml can.
"""

import pytest

from kg.pipeline import Options, run

from conftest import ROOT

NOTE = """\
Paris, 3 June 1961.

General Pierre de Montval received Ambassador Jan van der Berg and Mr. Karim al-Nasri. Later de Montval said that the talks were useful, and Van der Berg agreed. The Foreign Minister, Giulia d'Orsini, stressed the point; Lord Hartley noted that da Costa had replied. General de Lattre was absent.

J. van Hoek
"""


def _people(path, **options):
    result = run([path], Options(**options)) if options else run([path])
    src = result.corpus.sources[0]
    mentions = result.relations.mentions[src.id]
    return [src.view.norm[m.nstart:m.nend] for m in sorted(mentions, key=lambda m: m.nstart)
            if m.kind == "person"]


@pytest.fixture(scope="module")
def note(tmp_path_factory):
    path = tmp_path_factory.mktemp("particles") / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    return path


def test_a_particle_inside_a_name_keeps_the_family_name(note):
    people = _people(note)
    # Before particles were known, "General Pierre de Montval" gave "Pierre".
    assert "Pierre de Montval" in people and "Pierre" not in people
    assert {"Jan van der Berg", "Karim al-Nasri", "Giulia d'Orsini", "J. van Hoek"} <= set(people)


def test_a_name_may_start_with_its_particle_after_a_title_or_a_cue(note):
    people = _people(note)
    assert "de Lattre" in people             # General de Lattre
    assert "da Costa" in people              # da Costa had replied
    # Later uses keep the particle; a capitalised one at a sentence start too,
    # and the adverb before it is not a given name.
    assert "de Montval" in people and "Later de Montval" not in people
    assert "Van der Berg" in people
    assert not any(p in ("Montval", "Berg", "Lattre", "Costa") for p in people)


def test_the_particles_are_data(note, tmp_path):
    lexicon = (ROOT / "rules" / "lexicon.toml").read_text(encoding="utf-8")
    start = lexicon.index("particles = [")
    end = lexicon.index("\n", start)
    bare = tmp_path / "lexicon.toml"
    bare.write_text(lexicon[:start] + "particles = []" + lexicon[end:], encoding="utf-8")
    people = _people(note, lexicon=bare)
    assert "Pierre de Montval" not in people and "Pierre" in people


def test_telegraphese_secretary_general_is_a_title(tmp_path):
    path = tmp_path / "telegram.txt"
    path.write_text("Strelsau, June 3, 1961, 6 p.m.\n\n1402. Reference was made to former SYG Ola Brenden "
                    "and to the talks.\n\nHentzau\n", encoding="utf-8")
    assert "Ola Brenden" in _people(path)
