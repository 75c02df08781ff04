"""Hostile-input benchmark: run by hand, never by pytest.

    python benchmarks/hostile.py            # all cases
    python benchmarks/hostile.py --quick    # the pathological lines at 200 KB only
    python benchmarks/hostile.py --large --big-mb 1   # only the large text and the corpus

Each case is a real `kg build --no-validate -q` in a child process (so peak RSS
is that run's alone: ru_maxrss of the child), printed as a table: input,
size, seconds, peak RSS, exit code. A case must finish within --limit seconds
(default 300) or it is killed and reported as TIMEOUT, and within --max-memory MiB
of address space (default 16384) or it fails (exit 2, `Error: out of memory`) instead of
taking the machine's memory: a 50 MB single document needs far more than that
(about 3.3 GiB per MB of text, see docs/reliability.md), so --big-mb sets its size.

Cases: single lines with no newline made of one repeated phrase that a rule
reacts to (the regex and quadratic-loop audit: each should take time roughly
proportional to its size), a 50 MB text, and a corpus of thousands of small files.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

LETTER = """\
Council of Ministers

To: Mr. J.F. Dulwich and Mr. P. Arnaud

The Italian draft of a Treaty on Danube Navigation has provoked a negative reaction from official
circles in Austria. Our ambassador in Vienna, Mr. Bellini, said the Italian proposal is unacceptable.

The Ministry of Foreign Affairs considers it advisable to invite the governments of Austria and
Hungary to a conference in Geneva on 14 June 1957.

C.D. Fontana
3 May 1957
"""

# Phrases the title rules react to, repeated on a text's first line: a sender and an
# addressee ("Cable from X to Y", "Letter by X to Y"), a telegram's number before them.
TITLE_PHRASES = ["Cable from Aaa to bbb ", "Letter by Aaa to bbb ", "Letter by the Aaa Bbb to Ccc Ddd, ",
                 "Telegram No. 5, Aaa to Bbb and ", "The Aaa Minister (Bbb) to the Ccc ",
                 "Aaa Bbb's 19 November Letter to Ccc ", "Telephone Message via Aaa, Bbb to Ccc ",
                 "Presented to Aaa Bbb by Ccc on ", "To Aaa Bbb November 1965 ",
                 "President Aaa Bbb's Reply ", "His Excellency Aaa Bbb, ", "Aaa in Bbb Ccc, ",
                 "Memorandum by Aaa Bbb [on ", "A. Aaa Report of ", "to Aaa on Bbb's ",
                 "Aaa Bbb, Report to Ccc on ", "LETTER FROM AAA TO BBB "]

# Phrases each rule family reacts to; repeated with no newline they make one huge line.
PHRASES = ["Mr. ", "A.", "A.B. Petrov ", "A-", "A'", "AAAA", "Ab-Cd'Ef-", "Ministry of ", "Foreign Ministry of the A ",
           "official circles ", "supporters of the ", "the Soviet proposal ", "Germany ", "26 March 1954 ",
           "our ambassador in Paris, comrade ", "[Jean] ", "<a ", '"', "\u2026", "( ", "Aa Bb Cc ", "x",
           # the rules of 2026-11-23: lists of names, notes from X to Y, middle initials, months
           "Mr. Dunmore, Kettridge, ", "a note from Brisbury to ", "Wilbur M. ", "M. Armand ",
           "Secretary of State Wilbur ", "15 March ", "Camp David, 3 May 1957, ",
           # the rules of 2026-11-24 (later): years, ranges, Roman months, towns, features,
           # family names first, speakers, spaced capitals, chains of bodies, initials
           "in 1961 ", "12-", "30.X ", "Lausanne ", "Yalu River ", "Gulf of ", "Kim Il ",
           "Krenz: ", "S H ", "CC of ", "Embassy of Hungary in ", "UNC ",
           # the rules of 2026-11-24 (evening): translators' signatures and titles, editors' brackets,
           # lists one to a line, a party organ's initials, given names alone
           "Telegram from the Embassy in Havana (Jelen) to ", "Journal of A. B. ",
           "[Ambassador Boleslaw] JELEN ", "[signature] /A. PUZANOV/ ", "ILIYA DOBREV - ",
           "CC BCP ", "Fidel Castro and Fidel ", "To: KRAJEWSKI, ",
           # the rules of 2026-11-24 (fourth round): names inside names, long forms, compass
           # words, brackets after a name, registers, given names, title forms, day pairs,
           # spaced towns, party organs, bodies in capitals
           "Japan and the Allied Council for Japan ", "Republic of Cuba ", "Western Hungary ",
           "Li [Fuchun] ", "Leonid Ilych [Brezhnev] ", "Gromyko A.A., ", "Sandor Veltri ",
           "Ivo Marek to the ", "from Marek (Hanoi) to ", "8 and 9 March ", "P r a g u e  ",
           "SED CC ", "COUNCIL OF MINISTERS OF ", "Ministry of Foreign Affairs and Minister ",
           "Cockcroft did mention ", "conversation between Ivo and ", "a letter from Marek ",
           "R A R ", "D[ondogiin] ", "Genscher2 ", "RUB 210 ", "November of 1966 ", "14 VII 1970 ",
           "Comrade Ivo Marek, and ", "Ministry of Trade of the USSR of ", "Mission to the United Nations to ",
           "[Aaa] Bbb ", "Comrade Dr. Mr. ", "Comrade Dr. Aaa ", "in German and ", "February 23-",
           "Army's General ", "Soviet Government on ", "5. IX - ", "Embassy of the GDR to the ",
           "Aaa [Bbb] ", "Mr. Aaa Bbb Dated ", "Ministry of Aaa Bbb ", "Aaa, 'Bbb' ", "Rapacki Plan ",
           "Zemblan Embassy, Aaa (Bbb) ", "with myself [Aaa Bbb] ", ", by Aaa Bbb, ", "TO: Aaa ",
           "O'Aaa Bbb ", "5/16/1963 ", "7th Aaa Department ",
           # the seventh round: places with their state, party organs, day lists, numbered
           # units, cables in capitals, towns after "to", senders and signers, editors' years
           "Aid to Nam Tha, Laos\n", "CC ABC ", "PLA CC ", "19, ", "Department IV ", "2nd Department ",
           "MICHAEL WEIR MET WITH ", "Cable 1975MOSCOW ", "to Maputo said ", "Note, A. Bb, ", "Langer\n",
           "Secretaries Vivo ", "Office of the X Charge d' Affaires ", "Aaa Administration ", "U. S. ",
           "14.12. [1978] ", "Cde. NC asked ", "July-August 1951 ", "ex-Pakistan Consulate General ",
           "Embassy of Aaa' ", "President,\n\nRecently ", "N.A.T.O. ", "1976. 9. 28 ", "CC PUWP W. Aaa ",
           "South and North Koreas ", "-Hong Kong 20/23 ",
           # the eighth round: initials after a family name and in brackets, salutations the
           # body goes on after, file numbers, bodies joined by "and" and their topics
           "STALIN I.V. of ", "[F.V.] Mochulskii ", "Shri B N Rau ", "Dear Mr. Marshall : ",
           "795.00/7-2050\n", "Foreign Affairs and Defense and ", "Aa and Bb Committee on the Issue ",
           "Recorded by: Aaa ",
           # the ninth round: section numbers, numbered regions, place lists, offices after a
           # dash or "as", the Iranian calendar, a title's "(dated ...)", whose notes, regions'
           # adjectives, offices that are family names
           "I. Current Direction of Policy ", "Military Region 6 and ", "cities like Kavrani, Lushmo, ",
           "with Pavlenko as interpreter ", "; Szunyogh, the secretary of ", "Mako Dakov - Deputy Chairman of ",
           "(Based on notes of Comrade General ", "29 Mehr, 1326 ", "(dated 4 March 1978) ",
           "North American ", "Mr. King and ",
           # the tenth round: letters by an office and name, a paper's date, an office of a
           # body in an address line, offices with a curly apostrophe, towns after "Dated"
           "Letter by the Aaa, to Bbb ", "your kind letter of December 31, 1957 ",
           "To the President of the League of ", "Charge d\u2019Affaires Aaa ", "Dated Lhasa ",
           # the eleventh and twelfth rounds: initials that look like "Monsieur", regions,
           # zones, groups, praise before a state, ranges of days, a body's staff, halls,
           # compounds of demonyms, recorders
           "M. Aaa ", "the South ", "Aaa Zone ", "Aaa Group ", "Great Soviet Union ", "Aaa's Group ",
           "June 24-28 ", "March 1 through 4 ", "Staff of the Aaa ", "Aaa Hall ", "Aaa Bbb Chinese-language ",
           "Recorded: Aaa ",
           # the thirteenth round: a town before a name, notetakers, day pairs, units in brackets
           "Ambassador in Mogadishu Aaa ", "\u2022 Notetaker: Aaa ", "December 19 and 24 ",
           "1155 [characters] ", "President Ho Chi Minh ",
           # the fourteenth round: for and from, those present, sessions, initials, languages
           "'For Aaa Bbb from ", "Aaa, Bbb, ", "Fifth Supreme Aaa Assembly ", "Gh. Aaa ",
           "January 24,1958 ", "Mongolian and Korean ",
           # the fifteenth round: comrades listed, hours, days in capitals, the CC, a party's
           # delegation, numbered titles, a writer in brackets, copies below a signature
           "Comrades Aaa, ", "1000 and 1130 ", "30TH October, 1951 ", "CC CC ",
           "Aaa Party Delegation in Bbb ", "354 Aaa to Bbb ", "by the Aaa (Bbb) ", "CC: Aaa ",
           # the sixteenth round: notes glued to years and days, file numbers, bodies joined by
           # "and", offices and numbers after a body, hyphenated syllables, pronouns in brackets
           "Feb. 12, 194554 in ", "November 23rd.76 ", "Government of Aaa and Government of Bbb and ",
           "Council of Aaa President and ", "Ministry of Aaa No. 7 ", "Li Aa-Bb Cc-Dd ",
           "you [Aaa Bbb] ", "Aaa Line ",
           # the seventeenth round: lists of towns, notes glued to a head noun, glossed
           # initials, a sovereign's style, ranges with "to", "on" after a body's head
           "Leipzig, Dresden, Aaa, ", "Leipzig, Dresden, Aaa and ", "Aaa Government6 ",
           "AAA [Central Office for Bbb] ", "His Majesty's Embassy ", "from October 10 to 13, ",
           "Aaa Politburo on Bbb "]


def measure(name: str, paths: list[Path], out: Path, limit: float, size: int, max_mib: int) -> None:
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far, so each case runs in its own
    # grandchild: a fresh Python that runs the case and reports its own children's peak.
    code = (f"import sys, resource, subprocess, time; t=time.monotonic(); "
            f"cap=lambda: resource.setrlimit(resource.RLIMIT_AS, ({max_mib} << 20, {max_mib} << 20)); "
            f"p=subprocess.run({[sys.executable, '-m', 'kg', 'build', '-q', '--no-validate', '-o', str(out), *map(str, paths)]!r}, "
            f"stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout={limit}, preexec_fn=cap); "
            f"print(time.monotonic()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)")
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=limit + 30)
        seconds, rss_kib, exit_code = done.stdout.split()
        print(f"| {name:44} | {size / 1e6:9.2f} | {float(seconds):8.2f} | {int(rss_kib) // 1024:9} | {exit_code:>4} |",
              flush=True)
    except (subprocess.TimeoutExpired, ValueError):
        print(f"| {name:44} | {size / 1e6:9.2f} | {'TIMEOUT':>8} | {'-':>9} | {'-':>4} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--large", action="store_true", help="skip the pathological lines")
    parser.add_argument("--limit", type=float, default=300)
    parser.add_argument("--max-memory", type=int, default=16384, help="MiB of address space per case")
    parser.add_argument("--big-mb", type=float, default=50, help="size of the single large text")
    parser.add_argument("--files", type=int, default=3000, help="files in the corpus case")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-hostile-") as tmp:
        tmp = Path(tmp)
        out = tmp / "out"
        out.mkdir()
        print("| input                                        |   size MB |  seconds | peak RSS MiB | exit |")
        print("| -------------------------------------------- | --------- | -------- | ------------ | ---- |")
        sizes = [] if opts.large else [200_000] if opts.quick else [200_000, 1_000_000]
        for size in sizes:
            for phrase in PHRASES:
                path = tmp / "line.txt"
                text = "Memo\n\n" + phrase * (size // len(phrase)) + "\n\nThe end.\n"
                path.write_text(text, encoding="utf-8")
                measure(f"one line of {phrase!r} x {size // len(phrase)}", [path], out, opts.limit,
                        len(text.encode()), opts.max_memory)
            # the same as a text's first line, which the title rules read
            for phrase in TITLE_PHRASES:
                path = tmp / "title.txt"
                text = phrase * (size // len(phrase)) + "\n\nThe end.\n"
                path.write_text(text, encoding="utf-8")
                measure(f"a title of {phrase!r} x {size // len(phrase)}", [path], out, opts.limit,
                        len(text.encode()), opts.max_memory)
        if opts.quick:
            return
        big = tmp / "big.txt"
        with big.open("w", encoding="utf-8") as fh:
            while fh.tell() < opts.big_mb * 1e6:
                fh.write(LETTER + "\n")
        measure(f"{opts.big_mb:g} MB text (the letter repeated)", [big], out, opts.limit, big.stat().st_size,
                opts.max_memory)
        corpus = tmp / "corpus"
        corpus.mkdir()
        for i in range(opts.files):
            (corpus / f"doc-{i:05}.txt").write_text(LETTER.replace("3 May", f"{i % 28 + 1} May"),
                                                   encoding="utf-8")
        measure(f"corpus of {opts.files:,} small files", [corpus], out, opts.limit,
                sum(p.stat().st_size for p in corpus.iterdir()), opts.max_memory)


if __name__ == "__main__":
    main()
