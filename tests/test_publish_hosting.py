"""The published folder hosted by a real nginx with the rules `kg publish` writes.

nginx comes from Debian (installed by .ci/run). The test puts the folder where
the base IRI's path says, wraps the two parts of `nginx.conf` (the map for
the http block, the location for the server block) in a minimal configuration
on 127.0.0.1 and a free port, and asks for IRIs with the Accept headers a
browser and linked-data clients send. Without nginx it skips, unless
KG_REQUIRE_BROWSER=1 (set by .ci/run), which turns the skip into a failure.
"""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(published, tmp_path_factory):
    if not Path(NGINX).is_file():
        why = "nginx is not installed (Debian package nginx)"
        if os.environ.get("KG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"KG_REQUIRE_BROWSER=1 but {why}")
        pytest.skip(why)
    tmp = tmp_path_factory.mktemp("nginx")
    shutil.copytree(published, tmp / "www" / "kg")
    rules = (published / "nginx.conf").read_text(encoding="utf-8")
    http_part = rules[rules.index("map $http_accept"):rules.index("# 2.")]
    server_part = rules[rules.index("location /kg/"):]
    port = _free_port()
    temp = " ".join(f"{k}_temp_path {tmp}/{k};" for k in ("client_body", "proxy", "fastcgi",
                                                         "uwsgi", "scgi"))
    # As root, nginx's workers would drop to "nobody", who cannot read pytest's
    # private temporary folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(f"""
{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    {temp}
    default_type application/octet-stream;
    {http_part}
    server {{
        listen 127.0.0.1:{port};
        root {tmp}/www;
        {server_part}
    }}
}}
""", encoding="utf-8")
    proc = subprocess.Popen([NGINX, "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/kg/"
    for _ in range(100):
        try:
            requests.get(base, timeout=1)
            break
        except requests.ConnectionError:
            if proc.poll() is not None:
                pytest.fail(f"nginx did not start: {proc.stderr.read().decode()}")
            time.sleep(0.05)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def _get(url, accept):
    return requests.get(url, headers={"Accept": accept}, timeout=5, allow_redirects=False)


def test_a_browser_gets_the_entity_page(nginx, published):
    r = _get(nginx + "person/vyacheslav-molotov", BROWSER)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert r.content == (published / "person" / "vyacheslav-molotov.html").read_bytes()
    assert "Accept" in r.headers.get("Vary", "")


@pytest.mark.parametrize("accept, fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                         ("application/ld+json", ox.RdfFormat.JSON_LD),
                                         ("*/*", ox.RdfFormat.TURTLE)])
def test_a_linked_data_client_gets_rdf_about_the_iri(nginx, accept, fmt):
    iri = "https://example.org/kg/person/vyacheslav-molotov"
    r = _get(nginx + "person/vyacheslav-molotov", accept)
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] == fmt.media_type
    subjects = {q.subject for q in ox.parse(r.content, format=fmt)}
    assert ox.NamedNode(iri) in subjects


def test_a_span_iri_redirects_to_its_place_in_the_copys_page(nginx):
    r = _get(nginx + "witness/001_a29ebaad2eed1b78/span/20-73", BROWSER)
    assert r.status_code == 303
    assert r.headers["Location"].endswith("/kg/witness/001_a29ebaad2eed1b78.html#20-73")
    page = _get(r.headers["Location"].split("#")[0], BROWSER)
    assert page.status_code == 200 and 'id="20-73"' in page.text


def test_the_ontology_iri_negotiates_too(nginx):
    assert _get(nginx + "ontology", BROWSER).headers["Content-Type"].startswith("text/html")
    r = _get(nginx + "ontology", "text/turtle")
    assert r.headers["Content-Type"].startswith("text/turtle")
    assert b"owl:Ontology" in r.content


def test_an_unknown_iri_is_404(nginx):
    assert _get(nginx + "person/nobody-at-all", BROWSER).status_code == 404
