"""Write N synthetic diplomatic documents for kg's corpus benchmark.

Deterministic from a seed: the same (n, seed) gives byte-identical files.
Names come from the authority file (authority/entities.toml) and the phrases
that kg's rules look for come from the rule lexicon (rules/lexicon.toml): the
honorifics, roles, organization heads, proposal and reaction triggers are read
from there, and a trigger's regular expression is turned into one matching
phrase by walking its parse tree. The filler prose between them is generic.

    python benchmarks/generate.py 1000 corpus/ --seed 7
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import tomllib
from pathlib import Path

try:                                    # Python 3.11 moved the regex parser
    import re._parser as sre_parse      # type: ignore[import-not-found]
    from re import _constants as sre_c  # type: ignore[attr-defined]
except ImportError:                     # pragma: no cover
    import sre_constants as sre_c
    import sre_parse

ROOT = Path(__file__).resolve().parent.parent
AUTHORITY = ROOT / "authority" / "entities.toml"
LEXICON = ROOT / "rules" / "lexicon.toml"

KINDS = ("MEMORANDUM", "TELEGRAM", "NOTE")
FILLER = (
    "The situation has developed further since the last report and deserves close attention.",
    "Several questions remain open and will be examined in the coming weeks.",
    "The matter was discussed at length, and the main arguments are summarised below.",
    "It should be borne in mind that the economic position of the region is difficult.",
    "The press has devoted considerable space to these questions in recent days.",
    "No final decision has been taken, and the consultations are continuing.",
    "The delegations exchanged views on the timetable and on the procedure to be followed.",
    "Reports from the provinces indicate that public interest in the question is growing.",
    "The text of the relevant documents is being prepared for circulation.",
    "Further details will be communicated as soon as they become available.",
    "The arguments for and against this course were weighed with some care.",
    "A number of technical points still require clarification by the experts.",
)


def sample(pattern: str, rng: random.Random) -> str | None:
    """One string that *pattern* matches, or None if the pattern uses a construct
    this walker does not render (look-arounds, back-references)."""
    try:
        tree = sre_parse.parse(pattern)
    except re.error:
        return None
    out = _walk(tree, rng)
    if out is None:
        return None
    text = re.sub(r"\s+", " ", out).strip()
    return text if re.search(pattern, text) else None


def _walk(items, rng) -> str | None:
    parts = []
    for op, av in items:
        if op is sre_c.LITERAL:
            parts.append(chr(av))
        elif op is sre_c.IN:
            lits = [chr(v) for o, v in av if o is sre_c.LITERAL]
            if lits:
                parts.append(lits[0])
            elif any(o is sre_c.CATEGORY and v is sre_c.CATEGORY_SPACE for o, v in av):
                parts.append(" ")
            else:
                parts.append("a")
        elif op is sre_c.ANY:
            parts.append(" ")
        elif op is sre_c.CATEGORY:
            parts.append(" " if av is sre_c.CATEGORY_SPACE else "a")
        elif op is sre_c.BRANCH:
            sub = _walk(rng.choice(av[1]), rng)
            if sub is None:
                return None
            parts.append(sub)
        elif op is sre_c.SUBPATTERN:
            sub = _walk(av[-1], rng)
            if sub is None:
                return None
            parts.append(sub)
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            lo, _hi, body = av
            count = max(lo, 1) if body and body[0][0] is sre_c.ANY else lo
            count = max(count, 0)
            for _ in range(count):
                sub = _walk(body, rng)
                if sub is None:
                    return None
                parts.append(sub)
        elif op is sre_c.AT:
            continue
        else:                       # look-arounds, groups refs: not rendered
            return None
    return "".join(parts)


class Vocabulary:
    """What the documents are made of, read from the project's data files."""

    def __init__(self, authority: Path = AUTHORITY, lexicon: Path = LEXICON):
        ents = tomllib.loads(authority.read_text(encoding="utf-8"))["entity"]
        lex = tomllib.loads(lexicon.read_text(encoding="utf-8"))
        by_type: dict[str, list[dict]] = {}
        for e in ents:
            by_type.setdefault(e["type"], []).append(e)
        self.persons = by_type.get("person", [])
        self.orgs = by_type.get("organization", [])
        self.states = by_type.get("state", [])
        self.places = by_type.get("place", [])
        self.demonyms = sorted({d for e in self.states for d in e.get("demonyms", [])})
        self.honorifics = [h for h in lex["people"]["honorifics"] if h[:1].isupper() and h.endswith(".")
                           ] or ["Mr."]
        self.roles = [r for r in lex["people"]["roles"] if r[:1].isupper() and " " not in r]
        self.heads = lex["organizations"]["heads"]
        self.name_heads = lex["proposals"]["name_heads"]
        self.draft_nouns = [d for d in lex["proposals"]["draft_nouns"] if not d.endswith("s")]
        self.collective_mods = [m for m in lex["organizations"]["collective_modifiers"]
                                if m.islower() and " " not in m]
        self.collective_heads = [h for h in lex["organizations"]["collective_heads"] if " " not in h]
        rng = random.Random(0)
        self.proposals = [p for t in lex["proposals"]["trigger"]
                          if (p := sample(t["pattern"], rng)) and not p[:1].isupper()]
        self.stances = [(p, t["holder"]) for t in lex["stances"]["trigger"]
                        if (p := sample(t["pattern"], rng))]
        self.speech = [p for p in (sample(s, rng) for s in lex["events"]["speech"]) if p]
        self.closings = ["Yours sincerely,", "Respectfully,", "With best regards,"]


def _person(v: Vocabulary, rng: random.Random) -> tuple[str, str]:
    """(full form, short form) of a person from the authority file."""
    p = rng.choice(v.persons)
    forms = [p["label"]] + [a for a in p.get("aliases", []) if len(a.split()) >= 2]
    full = rng.choice(forms)
    return full, full.split()[-1]


def _name_of(rec: dict) -> str:
    return rec["label"]


def _sentence(v: Vocabulary, rng: random.Random) -> str:
    kind = rng.randrange(14)         # about one sentence in three names actors
    state = _name_of(rng.choice(v.states))
    other = _name_of(rng.choice(v.states))
    org = _name_of(rng.choice(v.orgs))
    full, short = _person(v, rng)
    role = rng.choice(v.roles)
    if kind == 0:
        plan = f"{rng.choice(['General', 'Regional', 'Joint', 'Permanent'])} {rng.choice(['European', 'Economic', 'Security', 'Trade'])} {rng.choice(v.name_heads)}"
        return (f"The {org} {rng.choice(v.proposals)} the {plan} be discussed with {other} "
                f"before the end of the year.")
    if kind == 1:
        stance, holder = rng.choice(v.stances)
        actor = f"{rng.choice(v.collective_mods)} {rng.choice(v.collective_heads)} in {other}"
        plan = (f"{rng.choice(v.demonyms)} {rng.choice(v.draft_nouns)} of a "
                f"{rng.choice(['General', 'Regional'])} {rng.choice(v.name_heads)} on {other}")
        if holder == "after":
            return f"The {plan} has {stance} from {actor}."
        return f"The {org} {stance} the {plan}."
    if kind == 2:
        return (f"Our {role.lower()} in {_name_of(rng.choice(v.places))}, "
                f"{rng.choice(v.honorifics)} {short}, reported a conversation with {full}, "
                f"{rng.choice(v.speech)} the position of {state} had not changed.")
    if kind == 3:
        day = dt.date(1945, 1, 1) + dt.timedelta(days=rng.randrange(365 * 20))
        return (f"On {day.day} {day:%B %Y} the {org} received a note from the government of "
                f"{state} on the {rng.choice(v.draft_nouns)} of a treaty with {other}.")
    if kind == 4:
        return f"{role} {full} {rng.choice(v.proposals)} the question be raised with {other}."
    return rng.choice(FILLER)


def document(v: Vocabulary, rng: random.Random, index: int) -> str:
    """One document of about 800-1,500 words."""
    kind = rng.choice(KINDS)
    sender, _ = _person(v, rng)
    to_full, _ = _person(v, rng)
    when = dt.date(1945, 1, 1) + dt.timedelta(days=rng.randrange(365 * 20))
    subject = f"{_name_of(rng.choice(v.states))} and the {rng.choice(v.name_heads)} question"
    lines = [f"{kind} No. {index + 1}", "",
             f"From: {_name_of(rng.choice(v.orgs))}",
             f"To: {rng.choice(v.honorifics)} {to_full}", "",
             f"Subject: {subject}", ""]
    target = rng.randrange(800, 1500)
    words = 0
    while words < target:
        para = " ".join(_sentence(v, rng) for _ in range(rng.randrange(3, 7)))
        words += len(para.split())
        lines += [para, ""]
    lines += [rng.choice(v.closings), sender, f"{when.day} {when:%B %Y}", ""]
    return "\n".join(lines)


def generate(n: int, out: Path, seed: int = 1) -> list[Path]:
    """Write *n* documents into *out* (created); return their paths in order."""
    v = Vocabulary()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    width = max(5, len(str(n)))
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        path = out / f"doc-{i:0{width}d}.txt"
        path.write_text(document(v, rng, i), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    generate(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
