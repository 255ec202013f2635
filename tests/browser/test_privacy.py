"""Readers' privacy, on every page of the sample site in Chromium with JavaScript on:
no request to any host but the site's own and the map tiles' (no fonts, scripts,
styles, images or analytics from elsewhere, no preconnect or dns-prefetch either),
and nothing stored in the reader's browser (cookies, localStorage, sessionStorage,
IndexedDB, caches, service workers) before the reader does anything."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from chromium import BLANK_PNG, SITE_HOST, TILE_HOSTS, _from_disk, routed
from crawl import mkdocs_config, page_file, site_pages, site_url
from playwright.sync_api import Browser, Page, Route, WebSocket

from conflict_monitor.maps.tiles import choose_tiles
from conftest import SAMPLE_PREFIX

# Pages opened at once, each in its own context (so each starts with empty storage):
# they load side by side while the test waits for the first.
POOL = 4

# <link> relations that make the browser fetch something or connect somewhere.
FETCHING_RELS = {
    "preconnect",
    "dns-prefetch",
    "prefetch",
    "preload",
    "modulepreload",
    "prerender",
    "stylesheet",
    "icon",
    "apple-touch-icon",
    "manifest",
}
# Attributes whose address the browser loads by itself, and url(...) in styles.
LOADED_ATTRIBUTES = {"src", "poster", "data", "background"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")

# What the page stored, read in the page: everything but cookies, which the context gives.
STORED = """async () => ({
  localStorage: Object.keys(localStorage),
  sessionStorage: Object.keys(sessionStorage),
  indexedDB: indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [],
  caches: typeof caches === "undefined" ? [] : await caches.keys(),
  serviceWorkers: navigator.serviceWorker
    ? (await navigator.serviceWorker.getRegistrations()).map(r => r.scope) : [],
  cookie: document.cookie,
})"""
# Resource hints and loaded addresses in the live page (scripts may add them).
LIVE_HINTS = """() => [
  ...Array.from(document.querySelectorAll("link[href]"), l => [l.rel, l.href]),
  ...Array.from(document.querySelectorAll("[src]"), e => ["src", e.src]),
]"""


def allowed_hosts(site: Path) -> set[str]:
    """The site's own host and the host of the tiles the sample site is configured with
    (its ``map_tiles``), which must be the tile host the browser tests stand in for."""
    options: dict[str, str] = {}
    for plugin in mkdocs_config(site)["plugins"]:
        if isinstance(plugin, dict) and "conflict-monitor" in plugin:
            options = plugin["conflict-monitor"] or {}
    tiles = choose_tiles(
        options.get("map_tiles", "openstreetmap"), options.get("map_tiles_attribution", "")
    )
    tile_hosts = {urlparse(tiles.url).netloc} if tiles else set()
    assert tile_hosts <= set(TILE_HOSTS), "the browser tests serve other tiles"
    return {urlparse(site_url(site)).netloc, *tile_hosts}


class _Hints(HTMLParser):
    """Each address a page's HTML makes the browser fetch or connect to, with how."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels & FETCHING_RELS:
            self.found.append((f"<link rel={values['rel']}>", values.get("href", "")))
        for name in LOADED_ATTRIBUTES & values.keys():
            self.found.append((f"<{tag} {name}>", values[name]))
        for part in values.get("srcset", "").split(","):
            if part.strip():
                self.found.append((f"<{tag} srcset>", part.split()[0]))
        for address in CSS_URL.findall(values.get("style", "")):
            self.found.append((f"<{tag} style>", address))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append(("<meta refresh>", values.get("content", "").partition("=")[2]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found.extend(("<style>", address) for address in CSS_URL.findall(data))


def foreign_in_html(html: str, page_url: str, allowed: set[str]) -> list[str]:
    """What the HTML would fetch from, or connect to, another host."""
    parser = _Hints()
    parser.feed(html)
    found = []
    for how, address in parser.found:
        host = urlparse(urljoin(page_url, address.strip())).netloc
        if host and host not in allowed:
            found.append(f"{how} {address}")
    return found


@dataclass
class Opened:
    """A page loading in its own browser context, and what it asked for."""

    path: str
    page: Page
    foreign: list[str] = field(default_factory=list)  # requests to other hosts
    tiles: list[str] = field(default_factory=list)


def open_page(browser: Browser, base: str, path: str, allowed: set[str]) -> Opened:
    """Start loading a page with JavaScript on, in a fresh context; returns at once."""
    context = browser.new_context()
    page = context.new_page()
    opened = Opened(path, page)

    def route(request_route: Route) -> None:
        address = urlparse(request_route.request.url)
        if address.netloc == SITE_HOST:
            if not _from_disk(request_route, address.path):
                request_route.fulfill(status=404, body="not found")  # the same host: no leak
        elif address.netloc in allowed & set(TILE_HOSTS):
            opened.tiles.append(request_route.request.url)
            request_route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        else:
            opened.foreign.append(f"{request_route.request.resource_type} {address.geturl()}")
            request_route.abort()

    def websocket(socket: WebSocket) -> None:  # not seen by routes
        if urlparse(socket.url).netloc not in allowed:
            opened.foreign.append(f"websocket {socket.url}")

    context.route("**/*", route)
    page.on("websocket", websocket)
    page.goto(base + path, wait_until="commit")
    return opened


def findings(opened: Opened, allowed: set[str]) -> list[str]:
    """Once the page has loaded and the network is idle: every request to another host,
    every resource hint to one in the live page, and everything it stored."""
    page = opened.page
    page.wait_for_load_state("networkidle")
    found = [f"request: {request}" for request in opened.foreign]
    for how, address in page.evaluate(LIVE_HINTS):
        host = urlparse(address).netloc
        fetched = how == "src" or set(how.lower().split()) & FETCHING_RELS
        if fetched and host and host not in allowed:
            found.append(f"in the page: {how} {address}")
    stored = page.evaluate(STORED)
    cookies = page.context.cookies()
    found += [f"cookie: {c['name']} ({c['domain']})" for c in cookies]
    if stored.pop("cookie") and not cookies:
        found.append("cookie: document.cookie is not empty")
    found += [f"{kind}: {name}" for kind, names in stored.items() for name in names]
    return found


def crawl(browser: Browser, base: str, paths: list[str], allowed: set[str]) -> dict[str, list[str]]:
    """Every page's findings (empty for a page that keeps to itself), ``POOL`` at a time."""
    result: dict[str, list[str]] = {}
    for start in range(0, len(paths), POOL):
        batch = [open_page(browser, base, path, allowed) for path in paths[start : start + POOL]]
        for opened in batch:
            result[opened.path] = findings(opened, allowed)
            opened.page.context.close()
    return result


@pytest.fixture(scope="module")
def sample(sample_site: Path) -> Iterator[str]:
    # Served over https, as published: a secure context, where caches and service workers
    # exist to be checked.
    with routed(sample_site, SAMPLE_PREFIX) as url:
        yield url.replace("http://", "https://", 1)


def test_no_page_asks_another_host_or_stores_anything(
    browser: Browser, sample: str, sample_site: Path
) -> None:
    allowed = allowed_hosts(sample_site)
    paths = site_pages(sample_site)
    assert len(paths) > 40 and "404.html" in paths and "incidents/" not in paths
    in_html = {
        path: foreign_in_html(
            page_file(sample_site, path).read_text(encoding="utf-8"), sample + path, allowed
        )
        for path in paths
    }
    assert {path: found for path, found in in_html.items() if found} == {}
    found = crawl(browser, sample, paths, allowed)
    assert {path: problems for path, problems in found.items() if problems} == {}


def test_the_crawl_finds_what_a_page_leaks(
    browser: Browser, sample_site: Path, tmp_path: Path
) -> None:
    """A copy of the site with one page that does everything the crawl looks for."""
    site = tmp_path / "site"
    shutil.copytree(sample_site, site)
    shutil.copy(sample_site.parent / "mkdocs.yml", tmp_path / "mkdocs.yml")
    leaks = """
<link rel="preconnect" href="https://fonts.gstatic.com">
<link rel="dns-prefetch" href="//cdn.example.net">
<script src="https://cdn.example.net/analytics.js"></script>
<img src="https://pixel.example.net/p.gif" alt="">
<script>
  localStorage.setItem("seen", "1");
  sessionStorage.setItem("visit", "1");
  document.cookie = "reader=1; path=/";
  indexedDB.open("reader");
</script>
"""
    page_file = site / "about" / "index.html"
    page_file.write_text(
        page_file.read_text(encoding="utf-8").replace("</body>", leaks + "</body>", 1),
        encoding="utf-8",
    )
    allowed = allowed_hosts(site)
    with routed(site, "/planted/") as url:  # beside the sample site, served meanwhile
        base = url.replace("http://", "https://", 1)
        in_html = foreign_in_html(page_file.read_text(encoding="utf-8"), base + "about/", allowed)
        found = crawl(browser, base, ["about/", "actors/"], allowed)
    assert in_html == [
        "<link rel=preconnect> https://fonts.gstatic.com",
        "<link rel=dns-prefetch> //cdn.example.net",
        "<script src> https://cdn.example.net/analytics.js",
        "<img src> https://pixel.example.net/p.gif",
    ]
    problems = found["about/"]
    for expected in (
        "request: script https://cdn.example.net/analytics.js",
        "request: image https://pixel.example.net/p.gif",
        "in the page: preconnect https://fonts.gstatic.com/",
        "localStorage: seen",
        "sessionStorage: visit",
        "cookie: reader (example.org)",
        "indexedDB: reader",
    ):
        assert expected in problems, problems
    assert found["actors/"] == []  # a fresh context: nothing carried over from the other page
