"""`kg push` against a real Oxigraph server and against small local servers that fail.

Everything listens on 127.0.0.1 only, and every server is stopped by its fixture.
"""

import base64
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest
import requests

from kg.errors import PushError
from kg.push import ENDPOINT_HINT, push

from conftest import free_port, kg

COUNT_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def quads_by_graph(path) -> dict[str, set]:
    graphs: dict[str, set] = {}
    for q in ox.parse(path=path, format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(q.graph_name.value, set()).add(q.triple)
    return graphs


@pytest.fixture
def oxigraph(tmp_path):
    """A real `oxigraph serve` on a free port; yields its base URL."""
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        binary = shutil.which("oxigraph")
    assert binary, "the oxigraph server binary is missing: pip install oxigraph"
    base = f"http://127.0.0.1:{free_port()}"
    log_path = tmp_path / "oxigraph.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([str(binary), "serve", "--location", str(tmp_path / "db"),
                                 "--bind", base.removeprefix("http://")],
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(100):  # up to about 10 s
                assert proc.poll() is None, f"oxigraph exited: {log_path.read_text(errors='replace')}"
                try:
                    if requests.head(f"{base}/store?default", timeout=1).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                time.sleep(0.1)
            else:
                pytest.fail("oxigraph did not answer within 10 s")
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def graph_counts(base) -> dict[str, int]:
    """Triples per named graph, asked over the SPARQL 1.1 protocol."""
    r = requests.post(f"{base}/query", data={"query": COUNT_PER_GRAPH}, timeout=10,
                      headers={"Accept": "application/sparql-results+json"})
    r.raise_for_status()
    return {b["g"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}


def test_push_puts_each_graph_into_oxigraph_and_again_changes_nothing(dataset, oxigraph):
    expected = quads_by_graph(dataset)
    url = f"{oxigraph}/store"
    r = kg("push", url, "--dataset", dataset)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert [ln.split()[:2] for ln in lines[:-1]] == [["created", g] for g in sorted(expected)]
    total = sum(len(t) for t in expected.values())
    assert lines[-1] == f"pushed:   3 graphs, {total} triples to {url}"
    assert graph_counts(oxigraph) == {g: len(t) for g, t in expected.items()}
    # Oxigraph stores values, not spellings ("0.80" comes back "0.8"), so
    # compare with the dataset as an Oxigraph store holds it.
    local = ox.Store()
    local.load(path=dataset, format=ox.RdfFormat.N_QUADS)
    work = next(g for g in expected if "/graph/work/" in g)
    got = requests.get(url, params={"graph": work}, headers={"Accept": "application/n-triples"}, timeout=10)
    assert {q.triple for q in ox.parse(got.content, format=ox.RdfFormat.N_TRIPLES)} == {
        q.triple for q in local.quads_for_pattern(None, None, None, ox.NamedNode(work))}

    again = kg("push", url, "--dataset", dataset)
    assert again.returncode == 0, again.stderr
    assert [ln.split()[0] for ln in again.stdout.splitlines()[:-1]] == ["replaced"] * 3
    assert graph_counts(oxigraph) == {g: len(t) for g, t in expected.items()}


def test_push_replaces_a_graph_rather_than_adding_to_it(dataset, oxigraph, tmp_path):
    url = f"{oxigraph}/store"
    assert kg("push", url, "--dataset", dataset).returncode == 0
    lines = dataset.read_text(encoding="utf-8").splitlines()
    work = [ln for ln in lines if "/graph/work/" in ln.rsplit(" ", 2)[-2]]
    smaller = tmp_path / "dataset.nq"
    smaller.write_text("\n".join(ln for ln in lines if ln not in work[:10]) + "\n", encoding="utf-8")
    r = kg("push", url, "--dataset", smaller)
    assert r.returncode == 0, r.stderr
    assert graph_counts(oxigraph) == {g: len(t) for g, t in quads_by_graph(smaller).items()}
    assert sum(graph_counts(oxigraph).values()) == len(lines) - 10


def test_wrong_path_is_refused_before_anything_is_sent(dataset, oxigraph):
    url = f"{oxigraph}/nope"
    r = kg("push", url, "--dataset", dataset)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == (f"Error: no Graph Store endpoint at this URL (404 Not Found) in {url}: "
                                f"check the path ({ENDPOINT_HINT}); nothing was pushed")
    assert graph_counts(oxigraph) == {}


def test_store_that_is_down_gives_one_line(dataset):
    url = f"http://127.0.0.1:{free_port()}/store"
    r = kg("push", url, "--dataset", dataset)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == (f"Error: cannot connect to the store in {url}: check that it is running "
                                "and the host and port are right; nothing was pushed")


class FakeStore:
    """A stdlib HTTP server on 127.0.0.1 that answers as *answer* says and records requests."""

    def __init__(self, answer):
        self.requests: list[tuple[str, str, dict, bytes]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def handle_one(self):
                size = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(size) if size else b""
                fake.requests.append((self.command, self.path, dict(self.headers), body))
                status, text = answer(self.command, self.headers, len(fake.requests))
                data = text.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                if status == 401:
                    self.send_header("WWW-Authenticate", 'Basic realm="store"')
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_HEAD = do_GET = do_PUT = do_POST = handle_one

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/store"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def puts(self):
        return [r for r in self.requests if r[0] == "PUT"]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def fake_store():
    started = []

    def start(answer):
        started.append(FakeStore(answer))
        return started[-1]

    yield start
    for s in started:
        s.stop()


def test_store_answering_500_is_refused_before_any_put(dataset, fake_store):
    store = fake_store(lambda method, headers, n: (500, "boom"))
    r = kg("push", store.url, "--dataset", dataset)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == (f"Error: the store answered 500 Internal Server Error in {store.url}: "
                                "check the store's log; nothing was pushed")
    assert [m for m, *_ in store.requests] == ["HEAD"] and not store.puts


def _basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_store_needing_a_password_says_so_and_takes_auth(dataset, fake_store):
    def answer(method, headers, n):
        if headers.get("Authorization") != _basic("kg", "s3cret:x"):
            return 401, "who are you?"
        return (201 if method == "PUT" else 200), ""

    store = fake_store(answer)
    r = kg("push", store.url, "--dataset", dataset)
    assert r.returncode == 2
    assert r.stderr.strip() == (f"Error: the store refused access (401 Unauthorized) in {store.url}: "
                                "give --auth user:password of an account that may write; nothing was pushed")
    assert not store.puts

    r = kg("push", store.url, "--dataset", dataset, "--auth", "kg:s3cret:x")
    assert r.returncode == 0, r.stderr
    expected = quads_by_graph(dataset)
    sent = {}
    for _, path, headers, body in store.puts:
        assert headers["Content-Type"] == "text/turtle" and headers["User-Agent"].startswith("kg/")
        graph = parse_qs(urlsplit(path).query)["graph"][0]
        sent[graph] = {q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    assert sent == expected


def test_failure_half_way_says_which_graphs_were_replaced(dataset, fake_store):
    def answer(method, headers, n):
        if method == "HEAD":
            return 200, ""
        return (201, "") if n == 2 else (500, "disk full")  # request 2 is the first PUT

    store = fake_store(answer)
    first, second, third = sorted(quads_by_graph(dataset))
    r = kg("push", store.url, "--dataset", dataset)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == (f'Error: the store answered 500 Internal Server Error "disk full" to the '
                                f"PUT of graph <{second}> in {store.url}: replaced 1 of 3 graphs ({first}), "
                                f"not {second}, {third}; fix the store and run kg push again")
    assert len(store.puts) == 2  # it stops at the first refusal

    with pytest.raises(PushError) as caught:
        push(dataset, fake_store(answer).url)
    assert caught.value.replaced == (first,) and caught.value.not_replaced == (second, third)
