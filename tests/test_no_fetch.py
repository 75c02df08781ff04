"""JSON-LD never fetches: a remote @context is refused in one line, and no connection is made.

A real HTTP server on 127.0.0.1 offers the context and counts every connection
it accepts; each kg command that reads or writes JSON-LD is pointed at it.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.errors import InputError
from kg.export import read_dataset

from conftest import kg

CONTEXT = {"@context": {"name": "https://schema.org/name", "knows": {"@id": "https://schema.org/knows",
                                                                      "@type": "@id"}}}


class CountingServer(ThreadingHTTPServer):
    connections = 0

    def get_request(self):
        request = super().get_request()
        self.connections += 1
        return request


@pytest.fixture
def context_server():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(CONTEXT).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = CountingServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/context.jsonld"
    yield server
    server.shutdown()
    server.server_close()
    thread.join(10)


def test_the_counting_server_does_count(context_server):
    import urllib.request

    with urllib.request.urlopen(context_server.url, timeout=10) as r:
        assert json.load(r) == CONTEXT
    assert context_server.connections == 1


@pytest.mark.parametrize("document", [
    lambda url: {"@context": url, "@id": "https://example.org/a", "name": "A"},
    lambda url: {"@context": [url, {"x": "https://example.org/x"}], "@graph": [
        {"@id": "https://example.org/a", "name": "A"}]},
    lambda url: {"@context": {"@version": 1.1, "@import": url}, "@id": "https://example.org/a", "name": "A"},
    lambda url: {"@context": {"p": {"@id": "https://example.org/p", "@context": url}},
                 "@id": "https://example.org/a", "p": {"name": "B"}},
], ids=["context-url", "context-list", "import", "scoped-context"])
@pytest.mark.parametrize("command", ["query", "export", "validate"])
def test_dataset_with_remote_context_is_refused_without_a_connection(context_server, tmp_path,
                                                                      document, command):
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps(document(context_server.url)), encoding="utf-8")
    args = {"query": ("query", "-e", "ASK {}"), "export": ("export", "-f", "nt"),
            "validate": ("validate",)}[command]
    r = kg(*args, "--dataset", path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [
        f"Error: the JSON-LD names a remote document <{context_server.url}> (a @context or @import), "
        f"which kg does not fetch in {path}: put the context into the file as an object instead of a URL"]
    assert context_server.connections == 0


def test_export_with_a_remote_context_file_is_refused_without_a_connection(context_server, tmp_path):
    built = tmp_path / "build"
    assert kg("build", "-q", "--no-validate", "-o", built).returncode == 0
    ctx = tmp_path / "ctx.jsonld"
    ctx.write_text(json.dumps({"@context": context_server.url}), encoding="utf-8")
    r = kg("export", "--dataset", built / "dataset.nq", "--context", ctx, "-o", tmp_path / "kg.jsonld")
    assert r.returncode == 2 and len(r.stderr.splitlines()) == 1, r.stderr
    assert "remote document" in r.stderr and str(ctx) in r.stderr
    assert not (tmp_path / "kg.jsonld").exists()
    assert context_server.connections == 0

    # The same dataset with the shipped (inline) context exports and reads back.
    r = kg("export", "--dataset", built / "dataset.nq", "-o", tmp_path / "kg.jsonld")
    assert r.returncode == 0, r.stderr
    assert len(read_dataset(tmp_path / "kg.jsonld")) == len(read_dataset(built / "dataset.nq"))
    r = kg("query", "--dataset", tmp_path / "kg.jsonld", "-e", "ASK { ?s a <https://schema.org/Person> }",
           "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["boolean"] is True


def test_library_read_raises_input_error(context_server, tmp_path):
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": context_server.url, "@id": "https://example.org/a"}))
    with pytest.raises(InputError, match="does not fetch"):
        read_dataset(path)
    assert context_server.connections == 0
