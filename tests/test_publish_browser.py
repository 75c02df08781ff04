"""The published site in a real browser: headless Chromium (Debian's /usr/bin/chromium)
driven by Playwright, over a static HTTP server on 127.0.0.1 and from the file system.

Without Chromium or Playwright these tests skip, unless KG_REQUIRE_BROWSER=1 (set by
.ci/run), which turns the skip into a failure.
"""

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pyoxigraph as ox
import pytest
import requests

from conftest import ARCHIVE, BASE, BLOG, select

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
PALEWSKI = f"{BASE}person/gaston-palewski"


def _missing() -> str | None:
    if not CHROMIUM.is_file():
        return "Debian's chromium is not installed (/usr/bin/chromium): apt-get install chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed: pip install -e '.[test]'"
    return None


@pytest.fixture(scope="module")
def browser():
    why = _missing()
    if why:
        if os.environ.get("KG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"KG_REQUIRE_BROWSER=1 but {why}")
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def site(published):
    """The published folder on a static HTTP server (Python's http.server) on 127.0.0.1."""
    handler = functools.partial(_Quiet, directory=str(published))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture
def page(browser):
    ctx = browser.new_context()
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    ctx.close()
    assert errors == []


def test_index_renders_counts_network_and_timeline(page, site, store):
    page.goto(site + "index.html")
    assert page.locator("h1").inner_text().startswith("Knowledge graph of")
    network = page.locator("svg#network")
    assert network.is_visible() and network.bounding_box()["height"] > 200
    # Every proposal and every stance holder of the graph is a node of the network.
    proposals = {r["p"] for r in select(store, "SELECT DISTINCT ?p WHERE { ?p a <https://example.org/kg/ontology#Proposal> ; <https://example.org/kg/ontology#proposedBy> ?a }")}
    holders = {r["h"] for r in select(store, "SELECT DISTINCT ?h WHERE { ?s <https://example.org/kg/ontology#stanceHolder> ?h }")}
    hrefs = set(page.eval_on_selector_all("svg#network a", "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)"))
    expected = {site + iri[len(BASE):] + ".html" for iri in proposals | holders}
    assert expected <= hrefs
    assert page.locator("svg#network path.negative").count() > 0
    assert page.locator("svg#network path.proposes").count() >= len(proposals)
    timeline = page.locator("svg#timeline")
    assert timeline.is_visible()
    assert "1954-03-26" in timeline.inner_html()          # the memo's date, from the manifest
    people = page.locator("#browse ~ h3", has_text="People")
    assert people.inner_text() == "People (5)"


def test_entity_page_links_each_mention_to_its_place_in_the_copy(page, site, store):
    rows = select(store, """PREFIX oa: <http://www.w3.org/ns/oa#>
      SELECT ?e ?source ?start ?end ?exact WHERE { ?a oa:hasBody ?e ; oa:hasTarget ?t .
        ?t oa:hasSource ?source ; oa:hasSelector ?p, ?q . ?p oa:start ?start ; oa:end ?end .
        ?q oa:exact ?exact } ORDER BY ?source ?start""", e=ox.NamedNode(PALEWSKI))
    assert {r["source"].rsplit("/", 1)[1] for r in rows} == {ARCHIVE, BLOG}
    root = Path(__file__).resolve().parent.parent / "sources"
    page.goto(site + "person/gaston-palewski.html")
    assert page.locator("h1").inner_text() == "Gaston Palewski"
    for r in rows:
        wid, start, end = r["source"].rsplit("/", 1)[1], int(r["start"]), int(r["end"])
        link = page.locator(f'a[href="../witness/{wid}.html#{start}-{end}"]').first
        assert link.count() == 1, (wid, start, end)
    first = rows[0]
    wid, start, end = first["source"].rsplit("/", 1)[1], int(first["start"]), int(first["end"])
    page.locator(f'a[href="../witness/{wid}.html#{start}-{end}"]').first.click()
    page.wait_for_url(f"**/witness/{wid}.html#{start}-{end}")
    found = page.evaluate("""([id]) => {
        const pre = document.getElementById('witness-text'), el = document.getElementById(id);
        const r = document.createRange(); r.setStart(pre, 0); r.setStartBefore(pre.firstChild);
        r.setEndBefore(el);
        return {offset: Array.from(r.toString()).length, text: pre.textContent, inside: el.textContent,
                href: el.getAttribute('href')};
    }""", [f"{start}-{end}"])
    source = (root / f"{wid}.txt").read_text(encoding="utf-8")
    assert found["text"] == source                            # the copy's text, verbatim
    assert found["offset"] == start                           # the anchor stands at the mention
    assert found["inside"] == first["exact"] == source[start:end]
    assert found["href"] == "../person/gaston-palewski.html"


def test_crawl_finds_no_broken_internal_links(page, site):
    seen, ids, links, queue = set(), {}, [], [site + "index.html"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        page.goto(url)
        ids[url] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        for href in page.eval_on_selector_all(
                "a[href]", "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)"):
            target, frag = urldefrag(href)
            if not target.startswith(site):
                continue
            links.append((url, target, frag))
            if target.endswith(".html") and target not in seen:
                queue.append(target)
    assert len(seen) > 60          # index, ontology and a page per resource
    broken = []
    for source, target, frag in links:
        if target.endswith(".html"):
            if target not in ids or (frag and frag not in ids[target]):
                broken.append((source, target, frag))
        elif requests.head(target, timeout=10).status_code != 200:
            broken.append((source, target, frag))
    assert broken == []


def test_pages_work_from_the_file_system(page, published):
    page.goto((published / "index.html").as_uri())
    page.locator("a", has_text="Gaston Palewski").first.click()
    assert page.locator("h1").inner_text() == "Gaston Palewski"
    assert urlsplit(page.url).scheme == "file"
    page.locator("a", has_text="home").first.click()
    assert page.locator("svg#network").is_visible()
