"""The published folder hosted by real web servers with the rules `kg publish` writes.

nginx and Apache come from Debian (installed by .ci/run). Each test puts the
folder where the base IRI's path says, wraps the generated rules in a minimal
server configuration on 127.0.0.1 and a free port (nginx: the map of
`nginx.conf` in the http block, its location in the server block; Apache: the
`.htaccess` as written, with the AllowOverride the README asks for), and asks
for IRIs with the Accept headers a browser and linked-data clients send.
Without a server its tests skip, unless KG_REQUIRE_BROWSER=1 (set by
.ci/run), which turns the skip into a failure.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from conftest import free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def _require(binary: str, package: str) -> None:
    if not Path(binary).is_file():
        why = f"{Path(binary).name} is not installed (Debian package {package})"
        if os.environ.get("KG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"KG_REQUIRE_BROWSER=1 but {why}")
        pytest.skip(why)


def _nginx_conf(root: Path, published: Path, port: int) -> list[str]:
    rules = (published / "nginx.conf").read_text(encoding="utf-8")
    http_part = rules[rules.index("map $http_accept"):rules.index("# 2.")]
    server_part = rules[rules.index("location /kg/"):]
    temp = " ".join(f"{k}_temp_path {root}/{k};" for k in ("client_body", "proxy", "fastcgi",
                                                          "uwsgi", "scgi"))
    # As root, nginx's workers drop to "nobody"; the folder is world-readable.
    (root / "nginx.conf").write_text(f"""
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    {temp}
    default_type application/octet-stream;
    {http_part}
    server {{
        listen 127.0.0.1:{port};
        root {root}/www;
        {server_part}
    }}
}}
""", encoding="utf-8")
    return [NGINX, "-c", str(root / "nginx.conf"), "-e", str(root / "error.log")]


def _apache_conf(root: Path, published: Path, port: int) -> list[str]:
    user = "User www-data\nGroup www-data" if os.geteuid() == 0 else ""
    mods = "\n".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so"
                     for m in ("mpm_event", "authz_core", "dir", "mime", "rewrite", "headers"))
    (root / "httpd.conf").write_text(f"""
ServerRoot {root}
PidFile {root}/httpd.pid
ErrorLog {root}/error.log
Listen 127.0.0.1:{port}
ServerName localhost
{mods}
TypesConfig /etc/mime.types
{user}
DocumentRoot {root}/www
<Directory {root}/www>
    AllowOverride FileInfo Indexes
    Require all granted
</Directory>
""", encoding="utf-8")
    return [APACHE, "-f", str(root / "httpd.conf"), "-DFOREGROUND"]


SERVERS = {"nginx": (NGINX, "nginx-light", _nginx_conf), "apache": (APACHE, "apache2", _apache_conf)}


@pytest.fixture(scope="module", params=sorted(SERVERS))
def server(request, published):
    binary, package, configure = SERVERS[request.param]
    _require(binary, package)
    root = Path(tempfile.mkdtemp(prefix="kg-hosting-"))
    try:
        shutil.copytree(published, root / "www" / "kg")
        for p in [root, *root.rglob("*")]:      # the servers' workers run as other users
            p.chmod(0o755 if p.is_dir() else 0o644)
        port = free_port()
        proc = subprocess.Popen(configure(root, published, port), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}/kg/"
        for _ in range(200):
            try:
                requests.get(base, timeout=1)
                break
            except requests.ConnectionError:
                if proc.poll() is not None:
                    log = root / "error.log"
                    pytest.fail(f"{request.param} did not start: {proc.stderr.read().decode()}"
                                f"{log.read_text() if log.exists() else ''}")
                time.sleep(0.05)
        yield base
        proc.terminate()
        proc.wait(timeout=10)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _get(url, accept):
    return requests.get(url, headers={"Accept": accept}, timeout=5, allow_redirects=False)


def test_a_browser_gets_the_entity_page(server, published):
    r = _get(server + "person/vyacheslav-molotov", BROWSER)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    assert r.content == (published / "person" / "vyacheslav-molotov.html").read_bytes()
    assert "Accept" in r.headers.get("Vary", "")


@pytest.mark.parametrize("accept, fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                         ("application/ld+json", ox.RdfFormat.JSON_LD),
                                         ("*/*", ox.RdfFormat.TURTLE)])
def test_a_linked_data_client_gets_rdf_about_the_iri(server, accept, fmt):
    iri = "https://example.org/kg/person/vyacheslav-molotov"
    r = _get(server + "person/vyacheslav-molotov", accept)
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] == fmt.media_type
    subjects = {q.subject for q in ox.parse(r.content, format=fmt)}
    assert ox.NamedNode(iri) in subjects


def test_a_span_iri_redirects_to_its_place_in_the_copys_page(server):
    r = _get(server + "witness/001_a29ebaad2eed1b78/span/20-73", BROWSER)
    assert r.status_code == 303
    assert r.headers["Location"].endswith("/kg/witness/001_a29ebaad2eed1b78.html#20-73")
    page = _get(r.headers["Location"].split("#")[0], BROWSER)
    assert page.status_code == 200 and 'id="20-73"' in page.text


def test_the_ontology_iri_negotiates_too(server):
    assert _get(server + "ontology", BROWSER).headers["Content-Type"].startswith("text/html")
    r = _get(server + "ontology", "text/turtle")
    assert r.headers["Content-Type"].startswith("text/turtle")
    assert b"owl:Ontology" in r.content


def test_an_unknown_iri_is_404(server):
    assert _get(server + "person/nobody-at-all", BROWSER).status_code == 404
