"""Conservation: on a real build of a generated publication of a few hundred incidents,
nothing is lost, doubled or miscounted on the way from the data to the site.

Every incident has its permalink page and is listed exactly once in its country's
listings, on each of its actors' pages, in its country's map data and (unless imported
from ACLED) in the downloads; every article is listed once in its countries'
listings, in the archive and in the feeds that must hold it; and every count a page
shows is the count of the data. What is expected is worked out here from the data
files and the articles' own text, not from the plugin: a page is read as a reader's
browser would, by the links in it (an incident by the id in its address)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from conftest import Built, build_site, make_publication_module

# The generated publication: six countries of the "legacy" shape; more incidents per
# country, per actor and per year than a country's page shows (50), more articles per
# country than a listing page (25) and a feed (50) hold.
INCIDENTS = 420
ARTICLES = 180
ACTORS = 12
IMPORTED_EVERY = 9  # every 9th incident is marked as imported from ACLED
SLUGS = {
    "AFG": "afghanistan",
    "KAZ": "kazakhstan",
    "KGZ": "kyrgyzstan",
    "PAK": "pakistan",
    "TJK": "tajikistan",
    "UZB": "uzbekistan",
}
NAMES = {
    "AFG": "Afghanistan",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "PAK": "Pakistan",
    "TJK": "Tajikistan",
    "UZB": "Uzbekistan",
}
SITE_URL = "https://example.org/conflict-monitor/"  # the sample's mkdocs.yml, copied

# What the site promises (and the plugin's constants say): stated here, so that a change
# of either is a decision.
LATEST_INCIDENTS = 50  # on a country's or an actor's own page, and on the home page
LATEST_ARTICLES = 10  # on a country's page
HOME_ARTICLES = 10  # on the home page
LISTING_PAGE = 25  # articles on a page of a listing
FEED_LENGTH = 50  # articles in a feed
RECENT_DAYS = 30  # the home page's "last 30 days", to the latest incident

INCIDENT_ADDRESS = re.compile(r"^incidents/([a-z0-9][a-z0-9-]*)/$")
ARTICLE_ADDRESS = re.compile(r"^articles/\d{4}/[^/]+/$")
PROSE_REFERENCE = re.compile(r"\[\[(country|actor):([^\]|\s]+)(?:\|[^\]]+)?\]\]")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
ATOM = "{http://www.w3.org/2005/Atom}"


# Reading pages


@dataclass(eq=False)  # compared by identity: an element is where it is
class Element:
    """An element of a page's article: its text and the links in it, with its children."""

    tag: str
    attrs: dict[str, str]
    children: list[Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # addresses from the site's root

    @property
    def content(self) -> str:
        """The text, white space collapsed."""
        return " ".join("".join(self.text).split())

    def walk(self) -> Iterator[Element]:
        for child in self.children:
            yield child
            yield from child.walk()

    def find(self, tag: str, cls: str | None = None, **attrs: str) -> list[Element]:
        """The elements inside by tag, class and other attributes (``aria_labelledby``
        for ``aria-labelledby``), in document order."""
        wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
        return [
            e
            for e in self.walk()
            if e.tag == tag
            and (cls is None or cls in e.attrs.get("class", "").split())
            and all(e.attrs.get(name) == value for name, value in wanted.items())
        ]

    def one(self, tag: str, cls: str | None = None, **attrs: str) -> Element:
        found = self.find(tag, cls, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag}> ({cls}, {attrs})"
        return found[0]

    def rows(self) -> list[list[str]]:
        """A table's body rows, as the text of their cells."""
        return [[cell.content for cell in tr.find("td")] for tr in self.find("tr") if tr.find("td")]


class Page(HTMLParser):
    """A built page's ``<article>``, as a tree of elements, links resolved."""

    def __init__(self, address: str, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.address = address
        self.article = Element("article", {})
        self._open: list[Element] = []
        self.feed(html)
        self.close()
        assert self.article.children, f"{address}: no <article>"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if not self._open:
            if tag == "article":
                self.article.attrs = values
                self._open.append(self.article)
            return
        element = Element(tag, values)
        self._open[-1].children.append(element)
        if tag == "a" and "href" in values:
            link = self.resolve(values["href"])
            element.links.append(link)
            for opened in self._open:
                opened.links.append(link)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        for opened in self._open:
            opened.text.append(data)

    def resolve(self, href: str) -> str:
        """A link as an address from the site's root (``countries/afghanistan/``)."""
        absolute = urljoin(SITE_URL + self.address, href)
        return urlparse(absolute).path.removeprefix(urlparse(SITE_URL).path)

    def find(self, tag: str, cls: str | None = None, **attrs: str) -> list[Element]:
        return self.article.find(tag, cls, **attrs)

    def one(self, tag: str, cls: str | None = None, **attrs: str) -> Element:
        return self.article.one(tag, cls, **attrs)


def incidents_in(element: Element) -> list[str]:
    """The ids of the incidents an element links, once per link, in order."""
    return [m.group(1) for link in element.links if (m := INCIDENT_ADDRESS.match(link))]


def articles_in(element: Element) -> list[str]:
    """The articles an element links, once per link, in order."""
    return [link for link in element.links if ARTICLE_ADDRESS.match(link)]


def table_incidents(page: Page) -> list[list[str]]:
    """The incidents of each incident table of a page (``.cm-incidents``), row by row."""
    return [incidents_in(div) for div in page.find("div", "cm-incidents")]


# The publication and what is expected of it, from its files


@dataclass(frozen=True)
class Article:
    address: str  # articles/2019/analysis-0003/
    date: dt.date
    src: str  # articles/2019/analysis-0003.md
    countries: frozenset[str]  # in the front matter or named in the text
    actors: frozenset[str]


@dataclass
class Publication:
    root: Path
    site: Path
    incidents: dict[str, dict[str, Any]]  # by id, as written
    articles: list[Article]  # newest first

    def page(self, address: str) -> Page:
        return Page(address, (self.site / address / "index.html").read_text(encoding="utf-8"))

    def newest_first(self, ids: list[str] | set[str]) -> list[str]:
        return sorted(ids, key=lambda i: (self.incidents[i]["date"], i), reverse=True)

    def by_country(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {iso3: [] for iso3 in SLUGS}
        for incident_id, incident in self.incidents.items():
            found[incident["country"]].append(incident_id)
        return {iso3: self.newest_first(ids) for iso3, ids in found.items()}

    def by_actor(self) -> dict[str, list[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for incident_id, incident in self.incidents.items():
            for actor in actors_of(incident):
                found[actor].add(incident_id)
        return {actor: self.newest_first(ids) for actor, ids in found.items()}

    def imported(self, incident_id: str) -> bool:
        return "acled_event_id" in self.incidents[incident_id]


def actors_of(incident: dict[str, Any]) -> set[str]:
    """Every actor of an incident: both sides and the actors with each."""
    named = {incident["actor1"], *incident.get("assoc_actor_1", [])}
    if incident.get("actor2"):
        named.add(incident["actor2"])
    return named | set(incident.get("assoc_actor_2", []))


def _vary(root: Path) -> None:
    """What the generator does not make: imported incidents, a side without a second
    actor, actors with each side (one of them already on it), and articles that name a
    country and an actor in their text only."""
    actor_ids = [f"actor-{n:04d}" for n in range(ACTORS)]
    n = 0
    for path in sorted((root / "data" / "incidents").glob("*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in items:
            n += 1
            if n % IMPORTED_EVERY == 0:
                item["acled_event_id"] = f"{item['country']}{n:05d}"
            if n % 11 == 0:
                del item["actor2"]
            if n % 5 == 0:
                item["assoc_actor_1"] = [item["actor1"], actor_ids[n % ACTORS]]
            if n % 7 == 0 and item.get("actor2"):
                item["assoc_actor_2"] = [actor_ids[(n + 3) % ACTORS]]
        path.write_text(yaml.safe_dump(items, sort_keys=False), encoding="utf-8")
    articles = root / "content" / "articles"
    for index, path in enumerate(sorted(articles.rglob("*.md"))):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        meta = yaml.safe_load(front)
        # The generator dates a few hundred articles within one year: spread over four.
        meta["date"] = dt.date(2018, 1, 1) + dt.timedelta(days=8 * index)
        if index % 4 == 0:
            country = next(c for c in sorted(SLUGS) if c not in meta["countries"])
            actor = next(a for a in actor_ids if a not in meta["actors"])
            body += f"\nThe same in [[country:{country}]], with [[actor:{actor}]].\n"
        path.unlink()
        moved = articles / str(meta["date"].year) / path.name
        moved.parent.mkdir(exist_ok=True)
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
        moved.write_text(f"---\n{front}---{body}", encoding="utf-8")


def _read(root: Path, site: Path) -> Publication:
    incidents = {}
    for path in sorted((root / "data" / "incidents").glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            assert item["id"] not in incidents
            incidents[item["id"]] = item
    articles = []
    content = root / "content"
    for path in (content / "articles").rglob("*.md"):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        meta = yaml.safe_load(front)
        named: dict[str, set[str]] = {"country": set(), "actor": set()}
        for kind, target in PROSE_REFERENCE.findall(body):
            named[kind].add(target)
        src = path.relative_to(content).as_posix()
        articles.append(
            Article(
                src.removesuffix(".md") + "/",
                meta["date"],
                src,
                frozenset({*meta["countries"], *named["country"]}),
                frozenset({*meta["actors"], *named["actor"]}),
            )
        )
    articles.sort(key=lambda a: (a.date, a.src), reverse=True)
    return Publication(root, site, incidents, articles)


@pytest.fixture(scope="module")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Publication:
    """The generated publication, varied, built strictly with the real plugin."""
    root = tmp_path_factory.mktemp("conservation") / "publication"
    make_publication_module().make(root, ARTICLES, INCIDENTS, ACTORS, shape="legacy")
    _vary(root)
    built: Built = build_site(root, None)
    return _read(root, built.site)


def test_the_publication_has_the_shape_the_checks_need(publication: Publication) -> None:
    """Guards the checks below: each case they rely on is in the data."""
    by_country, by_actor = publication.by_country(), publication.by_actor()
    assert len(publication.incidents) == INCIDENTS and len(publication.articles) == ARTICLES
    assert min(len(ids) for ids in by_country.values()) > LATEST_INCIDENTS
    assert max(len(ids) for ids in by_actor.values()) > LATEST_INCIDENTS
    assert sum(map(publication.imported, publication.incidents)) >= INCIDENTS // IMPORTED_EVERY
    listed_twice = [  # an actor named twice in one incident: on its page once all the same
        i
        for i in publication.incidents.values()
        if len(actors_of(i)) < len([i["actor1"], *i.get("assoc_actor_1", [])])
        or i["actor1"] == i.get("actor2")
    ]
    assert listed_twice
    per_country = Counter(c for a in publication.articles for c in a.countries)
    assert min(per_country.values()) > max(FEED_LENGTH, 2 * LISTING_PAGE)
    assert len({a.date.year for a in publication.articles}) > 1


# Incidents


def test_every_incident_has_its_permalink_page_and_no_other_exists(
    publication: Publication,
) -> None:
    written = {path.parent.name for path in (publication.site / "incidents").glob("*/index.html")}
    assert written == set(publication.incidents)
    for incident_id, incident in publication.incidents.items():
        page = publication.page(f"incidents/{incident_id}/")
        heading = page.one("h1").content
        assert heading.startswith(f"{incident['location']}:"), heading
        when = page.one("p", "cm-meta").find("time")[0]
        assert when.attrs["datetime"] == incident["date"].isoformat()


def test_previous_and_next_walk_each_countrys_incidents_once(publication: Publication) -> None:
    """From the newest incident of a country, "previous" visits every other one once,
    oldest last; and "next" goes back the same way."""
    for iso3, ids in publication.by_country().items():
        walked: list[str] = []
        current: str | None = ids[0]
        while current is not None and len(walked) <= len(ids):
            walked.append(current)
            sequence = publication.page(f"incidents/{current}/").find("nav", "cm-sequence")
            after = [incidents_in(a) for nav in sequence for a in nav.find("a", rel="next")]
            assert after == ([[walked[-2]]] if len(walked) > 1 else []), current
            before = [incidents_in(a) for nav in sequence for a in nav.find("a", rel="prev")]
            current = before[0][0] if before else None
        assert walked == ids, iso3


@pytest.mark.parametrize("kind", ["country", "actor"])
def test_every_incident_is_listed_once_by_year_and_the_latest_on_the_page(
    publication: Publication, kind: str
) -> None:
    """A country's (an actor's) page lists its 50 latest incidents and links a page per
    year; each incident is on the page of its year, once, and on no other."""
    owners = publication.by_country() if kind == "country" else publication.by_actor()
    for owner, ids in owners.items():
        address = f"countries/{SLUGS[owner]}/" if kind == "country" else f"actors/{owner}/"
        page = publication.page(address)
        (latest,) = table_incidents(page)
        assert latest == ids[:LATEST_INCIDENTS], owner
        years = page.one("nav", cls="cm-years")
        year_pages = sorted({link for link in years.links if link != address})
        on_disk = sorted(
            f"{address}{p.parent.name}/"
            for p in (publication.site / address).glob("[0-9]*/index.html")
        )
        assert year_pages == on_disk, owner
        expected_years = Counter(publication.incidents[i]["date"].year for i in ids)
        assert year_pages == [f"{address}{year}/" for year in sorted(expected_years)]
        shown_counts = {int(y): int(n) for y, n in re.findall(r"(\d{4}) \((\d+)\)", years.content)}
        assert shown_counts == dict(expected_years), owner
        assert f"The {LATEST_INCIDENTS} latest of {len(ids)} incidents" in years.content
        listed: list[str] = []
        for year_page in year_pages:
            (rows,) = table_incidents(publication.page(year_page))
            year = int(year_page.rstrip("/").rsplit("/", 1)[1])
            assert rows == [i for i in ids if publication.incidents[i]["date"].year == year]
            listed += rows
        assert Counter(listed) == Counter(ids), owner  # each once, and nothing else


def test_every_incident_is_in_its_country_map_data_once(publication: Publication) -> None:
    maps = publication.site / "assets" / "maps"
    for iso3, ids in publication.by_country().items():
        data = json.loads((maps / "countries" / f"{SLUGS[iso3]}.json").read_text())
        column = data["fields"].index("id")
        assert [row[column] for row in data["incidents"]] == ids, iso3
    for actor, ids in publication.by_actor().items():
        data = json.loads((maps / "actors" / f"{actor}.json").read_text())
        assert [row[data["fields"].index("id")] for row in data["incidents"]] == ids, actor
    recent = json.loads((maps / "recent.json").read_text())
    every = publication.newest_first(list(publication.incidents))
    column = recent["fields"].index("id")
    assert [row[column] for row in recent["incidents"]] == every[:LATEST_INCIDENTS]


def test_downloads_hold_every_incident_once_but_those_imported_from_acled(
    publication: Publication,
) -> None:
    """By default (``downloads_include_imported: false``) incidents imported from ACLED
    stay out of the downloads, ACLED's terms forbidding to hand its data on; the others
    are in the site-wide files and in their country's, once each. (With the option set,
    test_downloads.py checks that they are in.)"""
    downloads = publication.site / "downloads"
    files = {"incidents": [*publication.incidents]} | {
        slug: ids for iso3, ids in publication.by_country().items() for slug in [SLUGS[iso3]]
    }
    for name, ids in files.items():
        offered = Counter(i for i in ids if not publication.imported(i))
        with (downloads / f"{name}.csv").open(encoding="utf-8", newline="") as text:
            rows = Counter(row["id"] for row in csv.DictReader(text))
        geojson = json.loads((downloads / f"{name}.geojson").read_text(encoding="utf-8"))
        features = Counter(feature["id"] for feature in geojson["features"])
        assert rows == offered, name
        assert features == offered, name
        assert len(offered) < len(ids)  # some were left out


# Articles


def _listing(publication: Publication, first: str) -> tuple[list[str], list[Page]]:
    """The articles of a listing, page after page (following its page links), and its pages."""
    page = publication.page(first)
    pages = [page]
    navs = page.find("nav", cls="cm-pages")
    others = [link for nav in navs for link in dict.fromkeys(nav.links) if link != first]
    pages += [publication.page(link) for link in others]
    listed = [link for p in pages for ul in p.find("ul", "cm-articles") for link in articles_in(ul)]
    return listed, pages


def test_every_article_is_listed_once_in_each_of_its_countries_listings(
    publication: Publication,
) -> None:
    """Countries named in the front matter or in the text alike."""
    for iso3, slug in SLUGS.items():
        expected = [a.address for a in publication.articles if iso3 in a.countries]
        listed, pages = _listing(publication, f"countries/{slug}/articles/")
        assert listed == expected, iso3  # once each, newest first
        assert len(pages) == math.ceil(len(expected) / LISTING_PAGE)
        total = f"{len(expected)} articles, newest first"
        assert all(total in p.one("p", cls="cm-meta").content for p in pages)
        country = publication.page(f"countries/{slug}/")
        analysis = country.one("section", aria_labelledby="analysis")
        shown = articles_in(analysis)
        assert shown == expected[:LATEST_ARTICLES]
        assert f"All {len(expected)} articles" in analysis.content


def test_every_article_is_in_the_archive_of_its_year_once(publication: Publication) -> None:
    years = sorted({a.date.year for a in publication.articles}, reverse=True)
    archive = publication.page("articles/")
    counts = {
        int(y): int(n)
        for y, n in re.findall(r"(\d{4}) \((\d+) articles?\)", archive.article.content)
    }
    assert counts == Counter(a.date.year for a in publication.articles)
    latest = archive.one("section", aria_labelledby="latest")
    everything = [a.address for a in publication.articles]
    assert articles_in(latest) == everything[:LISTING_PAGE]
    listed = []
    for year in years:
        found, pages = _listing(publication, f"articles/{year}/")
        expected = [a.address for a in publication.articles if a.date.year == year]
        assert found == expected, year
        total = f"{len(expected)} articles, newest first"
        assert all(total in p.one("p", "cm-meta").content for p in pages)
        listed += found
    assert Counter(listed) == Counter(everything)


def test_every_article_is_on_each_of_its_actors_pages_once(publication: Publication) -> None:
    for n in range(ACTORS):
        actor = f"actor-{n:04d}"
        section = publication.page(f"actors/{actor}/").one("section", aria_labelledby="analysis")
        shown = articles_in(section)
        assert shown == [a.address for a in publication.articles if actor in a.actors], actor


def _feed(publication: Publication, name: str) -> list[str]:
    root = ET.parse(publication.site / name).getroot()
    return [
        link.attrib["href"].removeprefix(SITE_URL)
        for entry in root.iter(f"{ATOM}entry")
        for link in entry.iter(f"{ATOM}link")
        if link.attrib.get("rel", "alternate") == "alternate"
    ]


def test_feeds_hold_the_latest_50_articles_of_the_site_and_of_each_country(
    publication: Publication,
) -> None:
    """The site's feed: the 50 newest articles; a country's: the 50 newest of those
    about it (front matter or text), newest first, each once."""
    everything = [a.address for a in publication.articles]
    assert _feed(publication, "feed.xml") == everything[:FEED_LENGTH]
    for iso3, slug in SLUGS.items():
        about = [a.address for a in publication.articles if iso3 in a.countries]
        assert len(about) > FEED_LENGTH
        assert _feed(publication, f"feed-{slug}.xml") == about[:FEED_LENGTH], iso3


# Counts shown on pages


def _count(text: str, noun: str) -> int:
    """The number before ``noun`` (singular or plural) in a text: ``3 incidents``."""
    found = re.search(rf"(\d+) {noun}s?\b", text)
    assert found, f"no count of {noun}s in {text!r}"
    return int(found.group(1))


def test_a_country_page_counts_its_incidents_by_type_province_and_actor(
    publication: Publication,
) -> None:
    for iso3, ids in publication.by_country().items():
        incidents = [publication.incidents[i] for i in ids]
        page = publication.page(f"countries/{SLUGS[iso3]}/")
        section = page.one("section", aria_labelledby="incidents")
        fatalities = sum(i.get("fatalities", 0) for i in incidents)
        assert fatalities > 0
        assert (
            f"{len(ids)} incidents recorded, with at least {fatalities} reported fatalities"
            in section.content
        )
        tables = {table.one("caption").content: table.rows() for table in section.find("table")}
        by_type = Counter(i["event_type"] for i in incidents)
        assert {name: int(n) for name, n in tables["Incidents by event type"]} == by_type
        by_province = Counter(i.get("admin1") or "Province not given" for i in incidents)
        assert {name: int(n) for name, n in tables["Incidents by province"]} == by_province
        actors = page.one("section", aria_labelledby="actors").find("li")
        shown = {li.links[0]: _count(li.content, "incident") for li in actors}
        by_actor = Counter(f"actors/{a}/" for i in incidents for a in actors_of(i))
        assert shown == by_actor, iso3


def test_indexes_and_the_home_page_count_every_incident_and_article(
    publication: Publication,
) -> None:
    by_country, by_actor = publication.by_country(), publication.by_actor()
    articles = Counter(c for a in publication.articles for c in a.countries)
    index = publication.page("countries/")
    for iso3, slug in SLUGS.items():
        (item,) = [li for li in index.find("li") if f"countries/{slug}/" in li.links]
        assert _count(item.content, "incident") == len(by_country[iso3])
        assert _count(item.content, "article") == articles[iso3]
    actors = publication.page("actors/")
    for n in range(ACTORS):
        actor = f"actor-{n:04d}"
        (item,) = [li for li in actors.find("li") if f"actors/{actor}/" in li.links]
        assert _count(item.content, "incident") == len(by_actor.get(actor, []))
        assert _count(item.content, "article") == sum(
            actor in a.actors for a in publication.articles
        )
    home = publication.page("")
    newest = max(i["date"] for i in publication.incidents.values())
    since = newest - dt.timedelta(days=RECENT_DAYS - 1)
    (table,) = home.one("section", aria_labelledby="covered-countries").find("table")
    shown = {row[0]: (int(row[1]), int(row[2])) for row in table.rows()}
    expected = {
        name: (
            sum(publication.incidents[i]["date"] >= since for i in by_country[iso3]),
            len(by_country[iso3]),
        )
        for iso3, name in NAMES.items()
    }
    assert shown == expected
    assert sum(recent for recent, _all in shown.values()) > 0
    everything = [a.address for a in publication.articles]
    latest = home.one("section", aria_labelledby="latest-incidents")
    every = publication.newest_first(list(publication.incidents))
    assert incidents_in(latest.one("div", "cm-incidents")) == every[:LATEST_INCIDENTS]
    analysis = home.one("section", aria_labelledby="latest-analysis")
    assert articles_in(analysis) == everything[:HOME_ARTICLES]
