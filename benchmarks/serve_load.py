"""`kg serve` under load: run by hand, never by pytest.

    kg build && python benchmarks/serve_load.py                 # 8 clients x 50 requests, 3 rounds
    python benchmarks/serve_load.py --clients 16 --requests 200 --rounds 5 --dataset build/dataset.nq

Starts a real `kg serve` on 127.0.0.1 (any free port) over the dataset, then runs
--rounds rounds of --clients threads, each sending --requests requests on a new
connection each: the SPARQL queries in queries/*.rq (GET and POST) and entity pages
(HTML, Turtle, JSON-LD by Accept) of every entity in the dataset, in a fixed shuffled
order. Prints, per round: answers, errors (anything but a 200, or a broken
connection), p50/p95/max latency, requests per second, and the resident memory of
the server after the round (kg serve plus its oxigraph child, then each alone).
Exit status 1 if any request failed or the server's memory grew by more than --growth-mib from the end of
the first round to the end of the last (the first round warms caches).
"""

from __future__ import annotations

import argparse
import os
import random
import select
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
ENTITIES = """
SELECT DISTINCT ?e WHERE { ?e a ?t
  FILTER(REGEX(STR(?t), "(ontology#|schema.org/)(Person|Organization|State|Country|Proposal|Stance|Event|Place|CreativeWork)$")) }
"""
PAGE_TYPES = ["text/html", "text/turtle", "application/ld+json"]


def start(dataset: Path) -> tuple[subprocess.Popen, str, str]:
    """(process, server URL, base IRI whose paths the server answers)."""
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--dataset", str(dataset), "--port", "0",
                             "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if select.select([proc.stdout], [], [], 0.5)[0]:
            line = proc.stdout.readline()
            if line.startswith("Serving "):
                url = line.rsplit(" at ", 1)[1].strip()
                proc.stdout.readline()                          # SPARQL: ...
                base = proc.stdout.readline().split()[1].removesuffix("...")   # IRIs: BASE...
                return proc, url, base
    proc.kill()
    sys.exit(f"kg serve did not start: {proc.stderr.read()}")


def rss_mib(pid: int) -> float:
    """Resident memory of *pid* and its descendants (kg serve runs oxigraph as a child)."""
    return sum(rss_each(pid).values())


def rss_each(pid: int) -> dict[int, float]:
    """Resident memory in MiB of *pid* and of each of its descendants, by process id."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    each, todo = {}, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    each[p] = int(line.split()[1]) / 1024
        except OSError:
            pass
    return each


def requests_for(url: str, base: str) -> list[tuple[str, str, dict, str | None]]:
    """(method, url, headers, body) for every query file and every entity page."""
    queries = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))]
    found = requests.get(f"{url}sparql", params={"query": ENTITIES}, timeout=60,
                         headers={"Accept": "application/sparql-results+json"})
    found.raise_for_status()
    iris = [b["e"]["value"] for b in found.json()["results"]["bindings"]]
    out: list[tuple[str, str, dict, str | None]] = [("GET", url, {"Accept": "text/html"}, None)]
    for q in queries:
        out.append(("GET", f"{url}sparql?" + requests.compat.urlencode({"query": q}),
                    {"Accept": "application/sparql-results+json"}, None))
        out.append(("POST", f"{url}sparql", {"Content-Type": "application/sparql-query",
                                             "Accept": "text/csv"}, q))
    for iri in iris:
        if not iri.startswith(base):
            continue
        path = requests.utils.quote(iri[len(base):], safe="/")
        for accept in PAGE_TYPES:
            out.append(("GET", f"{url}{path}", {"Accept": accept}, None))
    return out


def one(req: tuple[str, str, dict, str | None]) -> tuple[float, str | None]:
    method, target, headers, body = req
    t = time.monotonic()
    try:
        r = requests.request(method, target, headers={**headers, "Connection": "close"},
                             data=body.encode() if body else None, timeout=60)
        error = None if r.status_code == 200 else \
            f"{r.status_code} {method} {target[:100]}: {r.text.strip()[:200]}"
    except requests.RequestException as exc:
        error = f"{type(exc).__name__} {method} {target[:100]}"
    return time.monotonic() - t, error


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=Path("build/dataset.nq"))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=50, help="per client per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--growth-mib", type=float, default=20.0)
    opts = parser.parse_args()
    proc, url, base = start(opts.dataset)
    failed = False
    try:
        pool_of = requests_for(url, base)
        rnd = random.Random(6)
        print(f"kg serve at {url}, {len(pool_of)} distinct requests, RSS at start "
              f"{rss_mib(proc.pid):.1f} MiB")
        print("| round | answers | errors | p50 ms | p95 ms | max ms | req/s | server RSS MiB "
              "| kg serve MiB | oxigraph MiB |")
        print("| ----- | ------- | ------ | ------ | ------ | ------ | ----- | -------------- "
              "| ------------ | ------------ |")
        after = []
        for n in range(1, opts.rounds + 1):
            work = [rnd.choice(pool_of) for _ in range(opts.clients * opts.requests)]
            t = time.monotonic()
            with ThreadPoolExecutor(opts.clients) as pool:
                results = list(pool.map(one, work))
            wall = time.monotonic() - t
            lat = sorted(r[0] * 1000 for r in results)
            errors = [r[1] for r in results if r[1]]
            each = rss_each(proc.pid)
            after.append(sum(each.values()))
            own = each.get(proc.pid, 0.0)
            print(f"| {n:5} | {len(results) - len(errors):7} | {len(errors):6} | {statistics.median(lat):6.1f} | "
                  f"{lat[int(len(lat) * 0.95) - 1]:6.1f} | {lat[-1]:6.1f} | {len(results) / wall:5.1f} | "
                  f"{after[-1]:14.1f} | {own:12.1f} | {after[-1] - own:12.1f} |", flush=True)
            for e in errors[:5]:
                print("  error:", e)
            failed |= bool(errors)
        growth = after[-1] - after[0]
        print(f"RSS growth from round 1 to round {opts.rounds}: {growth:+.1f} MiB")
        failed |= growth > opts.growth_mib
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
