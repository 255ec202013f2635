"""Every page of the sample site in Chromium with JavaScript off: it reads in full, each
map's incidents are listed as text, and the header offers the archive and the actors
in place of the search, which needs JavaScript."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from chromium import routed, visit
from crawl import site_pages
from playwright.sync_api import Browser, expect

from conftest import SAMPLE_PREFIX

INCIDENT_LINK = re.compile(r"/incidents/([a-z0-9][a-z0-9-]*)/$")
YEAR_PAGE = re.compile(r"/\d{4}/$")

# What a page shows without JavaScript, read in the page (Playwright evaluates its own
# code even where the page's scripts are off). A text block counts as shown if the
# browser renders it: not hidden by the theme's styles while scripts are off.
READ = """() => {
  const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
    && el.getBoundingClientRect().height > 0;
  const article = document.querySelector("article");
  if (!article) return null;
  const blocks = article.querySelectorAll(
    "h1, h2, h3, h4, p, li, dt, dd, th, td, figcaption, blockquote, pre");
  const links = root => Array.from(root.querySelectorAll("a[href]")).filter(shown)
    .map(a => a.href);
  const fallback = document.querySelector("nav.cm-no-search");
  return {
    headings: Array.from(article.querySelectorAll("h1")).filter(shown)
      .map(h => h.innerText.trim()),
    blocks: blocks.length,
    hidden: Array.from(blocks).filter(b => b.textContent.trim() && !shown(b))
      .map(b => b.tagName + ": " + b.textContent.trim().slice(0, 60)),
    words: article.innerText.split(/\\s+/).filter(Boolean).length,
    links: links(article),
    maps: Array.from(document.querySelectorAll(".cm-map"), map => {
      const region = map.closest("section, aside, .cm-map-embed") || article;
      const note = map.closest("figure").querySelector("noscript p");
      return {
        kind: map.dataset.map,
        src: map.dataset.src ? new URL(map.dataset.src, location.href).href : null,
        inline: map.dataset.incidents ? JSON.parse(map.dataset.incidents) : null,
        focus: map.dataset.focus || null,
        embedded: region.matches(".cm-map-embed"),
        links: links(region),
        note: note && shown(note) ? note.innerText : null,
      };
    }),
    search: document.querySelector(".md-search") ? shown(document.querySelector(".md-search"))
      : false,
    fallback: fallback && shown(fallback)
      ? Array.from(fallback.querySelectorAll("a"), a => [a.innerText, a.href]) : [],
  };
}"""


@dataclass(frozen=True)
class Reading:
    """A page as read without JavaScript."""

    path: str
    url: str
    headings: list[str]  # the article's visible <h1>s
    blocks: int  # text blocks in the article
    hidden: list[str]  # text blocks the reader does not see
    words: int  # words the reader sees in the article
    links: list[str]  # visible links in the article, absolute
    maps: list[dict[str, Any]]
    search: bool  # Material's search box is shown
    fallback: list[tuple[str, str]]  # the links offered in its place: (text, address)

    @property
    def incidents(self) -> set[str]:
        """The incidents the article links visibly."""
        return incident_ids(self.links)


def incident_ids(links: list[str]) -> set[str]:
    return {m.group(1) for link in links if (m := INCIDENT_LINK.search(urlparse(link).path))}


@pytest.fixture(scope="module")
def sample(sample_site: Path) -> Iterator[str]:
    with routed(sample_site, SAMPLE_PREFIX) as url:
        yield url


@pytest.fixture(scope="module")
def readings(browser: Browser, sample: str, sample_site: Path) -> dict[str, Reading]:
    """Every page of the sample site, read with JavaScript off, by its URL."""
    paths = site_pages(sample_site)
    assert len(paths) > 40
    found = {}
    opened = visit(browser, sample, javascript=False)  # one page, routed to the site
    for path in paths:
        opened.page.goto(sample + path)
        read = opened.page.evaluate(READ)
        assert read is not None, f"{path}: no <article>"
        fallback = [(text, href) for text, href in read.pop("fallback")]
        found[sample + path] = Reading(path, sample + path, **read, fallback=fallback)
    opened.page.context.close()
    return found


def map_data_ids(site: Path, sample: str, address: str) -> list[str]:
    """The ids of the incidents in a map data file, by its address."""
    data = json.loads((site / address.removeprefix(sample)).read_text(encoding="utf-8"))
    return [row[data["fields"].index("id")] for row in data["incidents"]]


def test_every_page_reads_in_full(readings: dict[str, Reading]) -> None:
    problems = {}
    for reading in readings.values():
        found = []
        if len(reading.headings) != 1 or not reading.headings[0]:
            found.append(f"visible <h1> in the article: {reading.headings}")
        if reading.hidden:
            found.append(f"hidden text: {reading.hidden}")
        if reading.path != "404.html" and (reading.blocks < 2 or reading.words < 5):
            found.append(f"no text but the heading: {reading.blocks} blocks, {reading.words} words")
        if found:
            problems[reading.path] = found
    assert problems == {}


def test_every_map_lists_its_incidents(
    readings: dict[str, Reading], sample: str, sample_site: Path
) -> None:
    """Each map's incidents are listed as links: on its own page (in the map's section),
    or on the year listings that section links to; a map showing another page's data
    (an incident's country, a map in an article) links that page."""
    # The page that lists each data file's incidents: where its map is not embedded
    # and shows them all (a country's or actor's own page).
    owners = {
        m["src"]: reading
        for reading in readings.values()
        for m in reading.maps
        if m["kind"] in {"country", "actor"} and not m["embedded"]
    }
    problems: dict[str, list[str]] = {}
    maps = 0
    for reading in readings.values():
        for shown in reading.maps:
            maps += 1
            found = problems.setdefault(f"{reading.path} ({shown['kind']} map)", [])
            if not shown["note"] or "needs JavaScript" not in shown["note"]:
                found.append("no note that the map needs JavaScript")
            if shown["inline"] is not None:
                ids = [
                    row[shown["inline"]["fields"].index("id")]
                    for row in shown["inline"]["incidents"]
                ]
            else:
                ids = map_data_ids(sample_site, sample, shown["src"])
            if not ids:
                found.append("a map with no incidents")
            if (
                owners.get(shown["src"]) is reading
                or shown["src"] is None
                or shown["kind"] == "recent"
            ):
                listings = [
                    readings[link]
                    for link in shown["links"]
                    if link.startswith(reading.url) and YEAR_PAGE.search(link)
                ]
                listed = incident_ids(shown["links"]).union(*(r.incidents for r in listings))
                if missing := set(ids) - listed:
                    found.append(f"not listed: {sorted(missing)}")
            else:
                owner = owners.get(shown["src"])
                if owner is None or owner.url not in shown["links"]:
                    found.append(f"no link to the page listing {shown['src']}")
                if shown["kind"] == "incident" and not reading.path.endswith(f"/{shown['focus']}/"):
                    found.append(f"centred on {shown['focus']}")
    assert maps >= 10
    assert {page: found for page, found in problems.items() if found} == {}


def test_the_header_offers_the_archive_and_the_actors(
    readings: dict[str, Reading], sample: str
) -> None:
    problems = {}
    for reading in readings.values():
        expected = [
            ("the analysis archive", sample + "articles/"),
            ("the actors, A\N{EN DASH}Z", sample + "actors/"),
        ]
        if reading.search or reading.fallback != expected:
            problems[reading.path] = (reading.search, reading.fallback)
    assert problems == {}
    assert readings[sample + "articles/"].headings == ["Analysis"]
    assert readings[sample + "actors/"].headings == ["Actors"]


def test_with_javascript_the_search_box_is_offered_instead(browser: Browser, sample: str) -> None:
    found = visit(browser, sample + "countries/afghanistan/")
    expect(found.page.locator("input.md-search__input")).to_be_visible()
    expect(found.page.get_by_role("navigation", name="Browse without search")).to_have_count(0)
    found.page.context.close()
