"""The home page and the analysis archive: by year, by tag and by country, in pages
that stay light however many articles there are; every link of them leads somewhere."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from conftest import Built, build_site

START = dt.date(2020, 12, 1)


def _article(number: int) -> str:
    day = START + dt.timedelta(days=number * 2)  # 2020-12-01 to 2021-04-29 for 75
    countries = "[AFG]" if number % 3 else "[TJK]"
    tags = "[Border]" if number % 2 else "[border, Elections]"
    return (
        f"---\ntitle: Analysis number {number}\ndate: {day}\n"
        f"summary: Summary of analysis {number}.\ncountries: {countries}\nactors: [taliban]\n"
        f"tags: {tags}\n---\n\n# Analysis number {number}\n\nText.\n"
    )


ARTICLES = {
    f"{(START + dt.timedelta(days=n * 2)).year}/a{n:03d}.md": _article(n) for n in range(75)
}


def _titles(page_html: str) -> list[str]:
    return re.findall(r'<a href="[^"]*">(Analysis number \d+)</a>', page_html)


def _page_links(page_html: str) -> str:
    found = re.search(r'<nav class="cm-pages".*?</nav>', page_html, re.S)
    assert found, "the page has no links to the other pages of its list"
    return found.group(0)


def _newest_first(numbers: range | list[int]) -> list[str]:
    return [f"Analysis number {n}" for n in sorted(numbers, reverse=True)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    from conftest import write_publication

    root = write_publication(tmp_path_factory.mktemp("archive") / "pub", articles=ARTICLES)
    return build_site(root, None)


def test_the_archive_shows_the_latest_and_every_year(built: Built) -> None:
    index = built.page("articles/")
    assert _titles(index) == _newest_first(range(50, 75))
    assert '<a href="2021/">2021</a> (59 articles)' in index
    assert '<a href="2020/">2020</a> (16 articles)' in index


def test_a_year_is_listed_in_pages_each_article_once_newest_first(built: Built) -> None:
    pages = [
        built.page("articles/2021/"),
        built.page("articles/2021/page/2/"),
        built.page("articles/2021/page/3/"),
    ]
    assert [len(_titles(p)) for p in pages] == [25, 25, 9]
    assert [t for p in pages for t in _titles(p)] == _newest_first(range(16, 75))
    assert not (built.site / "articles/2021/page/4").exists()
    first, last = _page_links(pages[0]), _page_links(pages[2])
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_tags_written_differently_are_one_topic(built: Built) -> None:
    border = (
        built.page("tags/border/")
        + built.page("tags/border/page/2/")
        + built.page("tags/border/page/3/")
    )
    assert sorted(_titles(border)) == sorted(_newest_first(range(75)))
    elections = built.page("tags/elections/") + built.page("tags/elections/page/2/")
    assert _titles(elections) == _newest_first(range(0, 75, 2))
    assert "Elections</a> (38 articles)" in built.page("tags/")
    # Every topic's pages lead to the index of topics, which nothing else links to.
    for page, up in (("tags/elections/", "../.."), ("tags/elections/page/2/", "../../../..")):
        assert f'<a href="{up}/tags/">All topics</a>' in built.page(page)
    assert "All topics" not in built.page("articles/2021/")
    # Titled with the word the index and the articles use.
    assert "<h1>Topic: Elections</h1>" in elections
    assert "<title>Topic: Elections (page 2 of 2) - " in built.page("tags/elections/page/2/")


def test_a_country_lists_its_latest_and_links_all_its_analysis(built: Built) -> None:
    country = built.page("countries/tajikistan/")
    assert _titles(country) == _newest_first(range(72, -1, -3))[:10]
    # Written from a page shell: links go up to the site's root and down again.
    assert '<a href="../../countries/tajikistan/articles/">All 25 articles</a>' in country
    listing = built.page("countries/tajikistan/articles/")
    assert _titles(listing) == _newest_first(range(0, 75, 3))


def test_the_home_page_is_made_from_the_data_under_the_writers_introduction(
    built: Built,
) -> None:
    home = built.page("")
    assert home.index("Welcome.") < home.index('<h2 id="latest-analysis"')
    assert _titles(home) == _newest_first(range(65, 75))
    assert 'class="cm-map"' in home and 'data-map="recent"' in home
    # counts of the 30 days to the newest incident (2021-06-28): both incidents of AFG
    assert re.search(r'afghanistan/">Afghanistan</a></td><td>2</td><td>2</td>', home)
    assert re.search(r'tajikistan/">Tajikistan</a></td><td>0</td><td>0</td>', home)
    assert 'href="downloads/"' in home


def test_without_a_home_page_of_its_own_the_publication_gets_one(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    root = publication()
    (root / "content" / "index.md").unlink()
    home = build_site(root, caplog).page("")
    assert "Latest analysis" in home and "Border posts fall" in home


def test_an_article_links_its_topics(built: Built) -> None:
    article = built.page("articles/2021/a020/")
    assert re.findall(r'<a href="([^"]*)" rel="tag">([^<]*)</a>', article) == [
        ("../../../tags/border/", "border"),
        ("../../../tags/elections/", "Elections"),
    ]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and not urlparse(href).scheme and not href.startswith("#"):
            self.found.append(href)


@pytest.mark.parametrize(
    "page",
    [
        "",
        "articles/",
        "articles/2021/page/2/",
        "articles/2021/a020/",
        "tags/",
        "tags/border/",
        "countries/tajikistan/",
    ],
)
def test_every_link_of_the_archive_leads_to_a_page(built: Built, page: str) -> None:
    links = _Links()
    links.feed(built.page(page))
    assert links.found
    for href in links.found:
        target = urlparse(urljoin(f"http://site/{page}", href)).path.lstrip("/")
        path = built.site / target
        assert (path / "index.html" if target.endswith("/") or not target else path).is_file(), (
            f"{page}: {href}"
        )


@pytest.mark.parametrize("depth", [2, 1])
def test_the_home_page_lists_its_sections_after_the_writers_own(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, depth: int
) -> None:
    """The table of contents of the home page: the headings of the writer's
    introduction as the writer's Markdown settings list them (``toc_depth``), each once,
    then the sections that the data makes."""
    root = publication(
        config={"markdown_extensions": [{"toc": {"permalink": True, "toc_depth": depth}}]}
    )
    (root / "content" / "index.md").write_text(
        "# Home\n\nWelcome.\n\n## Our sources & method\n\nHow we work.\n", encoding="utf-8"
    )
    home = build_site(root, caplog).page("")
    # the last of the theme's tables of contents (the first is in the site's navigation)
    sidebar = home[home.rindex('<nav class="md-nav md-nav--secondary"') :].split("</nav>")[0]
    entries = [
        (href, " ".join(text.split()))
        for href, text in re.findall(
            r'<a href="([^"]*)" class="md-nav__link">\s*<span[^>]*>(.*?)</span>', sidebar, re.S
        )
    ]
    writers = [("#our-sources-method", "Our sources &amp; method")] if depth == 2 else []
    assert entries == [
        *writers,
        ("#latest-analysis", "Latest analysis"),
        ("#latest-incidents", "Latest incidents"),
        ("#covered-countries", "Countries we cover"),
        ("#more", "Data, method and updates"),
    ]
