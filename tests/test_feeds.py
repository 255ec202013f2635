"""The Atom feeds of the analysis (site-wide and per country) and the links that announce
them, on real builds of small publications, read back with feedparser as a reader would."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest

from conftest import ARTICLE, COUNTRIES, Built, build_site

FEED_TYPE = "application/atom+xml"
# Written without its trailing slash: the feeds must still join addresses right.
SITE_URL = "https://example.org/monitor/"
# And a name with what HTML and XML escape, in feed titles and in the head's links.
SITE_NAME = 'Monitor & "partners"'
CONFIG = {"site_url": SITE_URL.rstrip("/"), "site_name": SITE_NAME}

UZBEKISTAN = """\
- iso3: UZB
  region: Central Asia
  summary: Downstream.
"""

# Names Tajikistan only in its prose, Afghanistan in both (one entry all the same); a
# title and a summary with what XML escapes; updated after the newest article came out.
PANJ = """\
---
title: "Guns & <roses> on the Panj"
date: 2021-07-10
updated: 2021-09-10
authors: [A. Writer, B. Writer]
summary: "Crossings *closed* & reopened, twice."
countries: [AFG]
actors: [taliban]
---

# Guns on the Panj

The river is the border of [[country:AFG]] with [[country:TJK|its neighbour]].
"""

KABUL = """\
---
title: Kabul falls
date: 2021-08-15
authors: [C. Writer]
summary: The capital changed hands.
countries: [AFG]
actors: [taliban]
---

# Kabul falls

Shown, not named: writers link a country with `[[country:TJK]]`.
"""

# The newest of all, and naming every country: never in any feed.
DRAFT = """\
---
title: Not yet
date: 2021-09-01
summary: Unfinished.
countries: [AFG, TJK, UZB]
actors: [taliban]
draft: true
---

# Not yet
"""

ARTICLES = {
    "2021/border.md": ARTICLE,  # 2021-06-30, AFG and TJK in its front matter, no authors
    "2021/panj.md": PANJ,
    "2021/kabul.md": KABUL,
    "2021/draft.md": DRAFT,
}
BORDER, PANJ_PAGE, KABUL_PAGE = (
    SITE_URL + "articles/2021/border/",
    SITE_URL + "articles/2021/panj/",
    SITE_URL + "articles/2021/kabul/",
)
# The feeds' addresses are published: readers subscribe to them. Country feeds stand at
# the top, beside the site's feed (Material looks for a sitemap beside each alternate link).
FEEDS = {
    "feed.xml": [KABUL_PAGE, PANJ_PAGE, BORDER],
    "feed-afghanistan.xml": [KABUL_PAGE, PANJ_PAGE, BORDER],
    "feed-tajikistan.xml": [PANJ_PAGE, BORDER],
    "feed-uzbekistan.xml": [],
}


def _write(publication: Callable[..., Path], **config: object) -> Path:
    return publication(countries=COUNTRIES + UZBEKISTAN, articles=ARTICLES, config=config)


@pytest.fixture
def built(publication: Callable[..., Path], caplog: pytest.LogCaptureFixture) -> Built:
    return build_site(_write(publication, **CONFIG), caplog)


def _parse(built: Built, path: str) -> Any:
    parsed = feedparser.parse((built.site / path).read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    assert parsed.version == "atom10", path
    return parsed


def _day(parsed_time: time.struct_time) -> dt.datetime:
    return dt.datetime(*parsed_time[:6], tzinfo=dt.UTC)


def _entries(built: Built, path: str) -> dict[str, Any]:
    return {entry.link: entry for entry in _parse(built, path).entries}


class _Head(HTMLParser):
    """The ``<link>`` elements of a page's head, each as its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self._in_head = True
        elif tag == "link" and self._in_head:
            self.links.append(dict(attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False


def _head_links(html: str) -> list[dict[str, str | None]]:
    head = _Head()
    head.feed(html)
    return head.links


def _feed_links(html: str) -> list[tuple[str | None, str | None]]:
    """(title, href) of each feed a page announces."""
    return [
        (link.get("title"), link.get("href"))
        for link in _head_links(html)
        if link.get("rel") == "alternate" and link.get("type") == FEED_TYPE
    ]


def _canonical(html: str) -> str | None:
    found = [link.get("href") for link in _head_links(html) if link.get("rel") == "canonical"]
    assert len(found) == 1
    return found[0]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text_of(html: str) -> str:
    text = _Text()
    text.feed(html)
    return " ".join("".join(text.parts).split())


def test_every_feed_parses_and_lists_exactly_its_articles_newest_first(built: Built) -> None:
    written = {
        p.relative_to(built.site).as_posix()
        for p in built.site.rglob("*.xml")
        if p.name != "sitemap.xml"
    }
    assert written == set(FEEDS)
    for path, articles in FEEDS.items():
        assert [entry.link for entry in _parse(built, path).entries] == articles, path
    assert built.messages() == []


def test_feeds_link_their_page_and_themselves(built: Built) -> None:
    for path, page in (
        ("feed.xml", SITE_URL),
        ("feed-tajikistan.xml", SITE_URL + "countries/tajikistan/"),
    ):
        feed = _parse(built, path).feed
        links = {link.rel: link.href for link in feed.links}
        assert links == {"alternate": page, "self": SITE_URL + path}
        assert feed.id == SITE_URL + path
    assert _parse(built, "feed.xml").feed.title == SITE_NAME
    assert _parse(built, "feed-tajikistan.xml").feed.title == f"{SITE_NAME}: Tajikistan"


@pytest.mark.parametrize("directory_urls", [True, False])
def test_entries_link_the_articles_canonical_addresses(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, directory_urls: bool
) -> None:
    root = _write(publication, **CONFIG, use_directory_urls=directory_urls)
    built = build_site(root, caplog)
    entries = _parse(built, "feed.xml").entries
    assert len(entries) == 3
    for entry in entries:
        assert entry.link.startswith(SITE_URL)
        path = entry.link.removeprefix(SITE_URL)
        page = built.site / path / "index.html" if directory_urls else built.site / path
        assert _canonical(page.read_text(encoding="utf-8")) == entry.link
        assert entry.id == entry.link


def test_titles_summaries_and_authors_as_written(built: Built) -> None:
    entries = _entries(built, "feed.xml")
    panj = entries[PANJ_PAGE]
    assert panj.title == "Guns & <roses> on the Panj"
    assert panj.title_detail.type == "text/plain"  # not read as markup
    assert _text_of(panj.summary) == "Crossings closed & reopened, twice."
    assert [a.name for a in panj.authors] == ["A. Writer", "B. Writer"]
    kabul = entries[KABUL_PAGE]
    assert (kabul.title, _text_of(kabul.summary)) == ("Kabul falls", "The capital changed hands.")
    assert [a.name for a in kabul.authors] == ["C. Writer"]
    # An article without authors: the publication stands for them (Atom needs someone).
    assert "authors" not in entries[BORDER]
    assert [a.name for a in _parse(built, "feed.xml").feed.authors] == [SITE_NAME]


def test_updated_is_the_articles_own_date(built: Built) -> None:
    entries = _entries(built, "feed.xml")
    panj, border = entries[PANJ_PAGE], entries[BORDER]
    assert _day(panj.published_parsed) == dt.datetime(2021, 7, 10, tzinfo=dt.UTC)
    assert _day(panj.updated_parsed) == dt.datetime(2021, 9, 10, tzinfo=dt.UTC)
    assert _day(border.published_parsed) == dt.datetime(2021, 6, 30, tzinfo=dt.UTC)
    assert _day(border.updated_parsed) == dt.datetime(2021, 6, 30, tzinfo=dt.UTC)
    # A feed is as new as its latest change, which need not be its newest article
    # (Kabul, 2021-08-15).
    for path in ("feed.xml", "feed-afghanistan.xml", "feed-tajikistan.xml"):
        feed = _parse(built, path).feed
        assert _day(feed.updated_parsed) == dt.datetime(2021, 9, 10, tzinfo=dt.UTC), path


def test_a_feed_holds_the_latest_50_articles(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    first = dt.date(2021, 1, 1)
    articles = {}
    for n in range(52):
        day = first + dt.timedelta(days=n)
        articles[f"2021/a{n:02}.md"] = (
            f"---\ntitle: Article {n}\ndate: {day}\nsummary: Number {n}.\n"
            "countries: [AFG]\nactors: [taliban]\n---\n\n# Article\n"
        )
    root = publication(articles=articles, config=CONFIG)
    built = build_site(root, caplog)
    for path in ("feed.xml", "feed-afghanistan.xml"):
        links = [entry.link for entry in _parse(built, path).entries]
        assert links == [f"{SITE_URL}articles/2021/a{n:02}/" for n in range(51, 1, -1)], path


@pytest.mark.parametrize("epoch", [None, "1700000000"])
def test_building_twice_gives_the_same_feeds(
    publication: Callable[..., Path],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    epoch: str | None,
) -> None:
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    root = _write(publication, **CONFIG)
    build_site(root, caplog)
    first = {path: (root / "site" / path).read_bytes() for path in FEEDS}
    time.sleep(1.1)  # a timestamp of the build machine would show, even to the second
    build_site(root, caplog)
    assert {path: (root / "site" / path).read_bytes() for path in FEEDS} == first


def test_a_feed_without_articles_is_dated_by_source_date_epoch(
    publication: Callable[..., Path],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    built = build_site(_write(publication, **CONFIG), caplog)
    parsed = _parse(built, "feed-uzbekistan.xml")
    assert parsed.entries == []
    assert _day(parsed.feed.updated_parsed) == dt.datetime.fromtimestamp(1700000000, tz=dt.UTC)


def test_home_and_country_pages_announce_their_feeds(built: Built) -> None:
    site_feed = (SITE_NAME, SITE_URL + "feed.xml")
    assert _feed_links(built.page("")) == [site_feed]
    for slug, name in (
        ("afghanistan", "Afghanistan"),
        ("tajikistan", "Tajikistan"),
        ("uzbekistan", "Uzbekistan"),
    ):
        announced = _feed_links(built.page(f"countries/{slug}/"))
        country_feed = (f"{SITE_NAME}: {name}", f"{SITE_URL}feed-{slug}.xml")
        assert sorted(announced) == sorted([site_feed, country_feed]), slug
    for page in ("", "countries/afghanistan/"):
        for _title, href in _feed_links(built.page(page)):
            assert href is not None
            assert (built.site / href.removeprefix(SITE_URL)).is_file(), href


def test_other_pages_announce_no_feed(built: Built) -> None:
    announcing = {
        page.relative_to(built.site).as_posix()
        for page in built.site.rglob("*.html")
        if _feed_links(page.read_text(encoding="utf-8"))
    }
    assert announcing == {
        "index.html",
        "countries/afghanistan/index.html",
        "countries/tajikistan/index.html",
        "countries/uzbekistan/index.html",
    }


def test_without_site_url_no_feeds_and_no_links_to_them(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    built = build_site(_write(publication), caplog)  # strict: a warning would fail it
    # (MkDocs writes its sitemap all the same)
    assert {p.name for p in built.site.rglob("*.xml")} == {"sitemap.xml"}
    pages = list(built.site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert _feed_links(page.read_text(encoding="utf-8")) == [], page
    assert built.messages() == []
