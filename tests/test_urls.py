"""The site's public addresses: published links must never change or break.

Each table holds the exact strings readers and other sites already link to; a
change to any of them is a broken link somewhere, so it must be a deliberate one.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from conflict_monitor import urls
from conflict_monitor.model import Country, CountryEntry

IVORY_COAST = CountryEntry(
    Country(iso3="CIV", region="West Africa", summary="The south."),
    "Côte d'Ivoire",
    "cote-d-ivoire",
)
SITE = "https://example.org/monitor/"


@pytest.mark.parametrize(
    ("made", "expected"),
    [
        (urls.country_page(IVORY_COAST), "countries/cote-d-ivoire.md"),
        (urls.actor_page("taliban"), "actors/taliban.md"),
        (urls.incident_page("2021-06-22-kunduz"), "incidents/2021-06-22-kunduz.md"),
        (urls.country_year_page(IVORY_COAST, 2021), "countries/cote-d-ivoire/2021.md"),
        (urls.actor_year_page("taliban", 2021), "actors/taliban/2021.md"),
        (urls.COUNTRY_INDEX, "countries/index.md"),
        (urls.ACTOR_INDEX, "actors/index.md"),
        (urls.ARTICLE_INDEX, "articles/index.md"),
        (urls.author_page("farida-nazarova"), "authors/farida-nazarova.md"),
        (urls.AUTHOR_INDEX, "authors/index.md"),
        (urls.country_map_data(IVORY_COAST), "assets/maps/countries/cote-d-ivoire.json"),
        (urls.actor_map_data("taliban"), "assets/maps/actors/taliban.json"),
        (urls.RECENT_MAP_DATA, "assets/maps/recent.json"),
        (urls.STYLESHEET, "assets/conflict-monitor.css"),
        (urls.MAP_ASSETS, "assets/conflict-monitor"),
    ],
)
def test_public_paths(made: str, expected: str) -> None:
    assert made == expected


@pytest.mark.parametrize(
    ("src_uri", "directory_urls", "file", "url"),
    [
        ("countries/iraq.md", True, "countries/iraq/index.html", "countries/iraq/"),
        ("countries/iraq.md", False, "countries/iraq.html", "countries/iraq.html"),
        ("incidents/a-b.md", True, "incidents/a-b/index.html", "incidents/a-b/"),
        ("incidents/a-b.md", False, "incidents/a-b.html", "incidents/a-b.html"),
        ("actors/taliban/2021.md", True, "actors/taliban/2021/index.html", "actors/taliban/2021/"),
        ("actors/taliban/2021.md", False, "actors/taliban/2021.html", "actors/taliban/2021.html"),
        ("articles/2021/x.md", True, "articles/2021/x/index.html", "articles/2021/x/"),
        ("articles/2021/x.md", False, "articles/2021/x.html", "articles/2021/x.html"),
        # Index pages are the folder itself, never ``countries/index/``.
        ("countries/index.md", True, "countries/index.html", "countries/"),
        ("countries/index.md", False, "countries/index.html", "countries/index.html"),
        ("index.md", True, "index.html", ""),
        ("index.md", False, "index.html", "index.html"),
    ],
)
def test_page_file_and_url(src_uri: str, directory_urls: bool, file: str, url: str) -> None:
    assert urls.page_file(src_uri, directory_urls) == file
    assert urls.page_url(src_uri, directory_urls) == url


RELATIVE = [
    # (target, source, link)
    ("incidents/x/", "articles/2021/x/", "../../../incidents/x/"),
    ("incidents/x.html", "articles/2021/x.html", "../../incidents/x.html"),
    ("incidents/x/", "incidents/y/", "../x/"),
    ("incidents/x/", "", "incidents/x/"),
    ("countries/afghanistan/", "countries/", "afghanistan/"),
    ("countries/", "countries/afghanistan/", "../"),
    ("countries/afghanistan/", "countries/afghanistan/", "./"),
    ("index.html", "countries/afghanistan.html", "../index.html"),
    ("", "countries/afghanistan/", "../.."),
    # From data files: links are resolved against the file's own address.
    ("incidents/x/", "assets/maps/countries/afghanistan.json", "../../../incidents/x/"),
    ("incidents/x/", "assets/maps/recent.json", "../../incidents/x/"),
    ("assets/maps/recent.json", "index.html", "assets/maps/recent.json"),
]


@pytest.mark.parametrize(("target", "source", "link"), RELATIVE)
def test_relative_url(target: str, source: str, link: str) -> None:
    assert urls.relative_url(target, source) == link


@pytest.mark.parametrize(("target", "source", "link"), RELATIVE)
def test_relative_url_leads_to_its_target_in_a_browser(target: str, source: str, link: str) -> None:
    assert urljoin(SITE + source, link) == SITE + target


@pytest.mark.parametrize(
    ("source", "directory_urls", "pattern"),
    [
        ("articles/2021/x/", True, "../../../incidents/{id}/"),
        ("articles/2021/x.html", False, "../../incidents/{id}.html"),
        ("countries/afghanistan/", True, "../../incidents/{id}/"),
        ("countries/afghanistan.html", False, "../incidents/{id}.html"),
        ("countries/afghanistan/2021/", True, "../../../incidents/{id}/"),
        ("incidents/y/", True, "../{id}/"),
        ("incidents/y.html", False, "{id}.html"),
        ("", True, "incidents/{id}/"),
        ("index.html", False, "incidents/{id}.html"),
        ("assets/maps/countries/afghanistan.json", True, "../../../incidents/{id}/"),
        ("assets/maps/countries/afghanistan.json", False, "../../../incidents/{id}.html"),
        ("assets/maps/actors/taliban.json", True, "../../../incidents/{id}/"),
        ("assets/maps/recent.json", True, "../../incidents/{id}/"),
    ],
)
def test_incident_url_pattern(source: str, directory_urls: bool, pattern: str) -> None:
    assert urls.incident_url_pattern(source, directory_urls) == pattern
    incident = urls.page_url(urls.incident_page("2021-06-22-a"), directory_urls)
    assert urljoin(SITE + source, pattern.format(id="2021-06-22-a")) == SITE + incident


@pytest.mark.parametrize(
    ("src_uri", "shell"),
    [
        ("about.md", "cm-page-shell.md"),
        ("incidents/2021-06-22-a.md", "cm-page-shell/cm-page-shell.md"),
        ("actors/taliban/2021.md", "cm-page-shell/cm-page-shell/cm-page-shell.md"),
        ("countries/afghanistan/2021.md", "cm-page-shell/cm-page-shell/cm-page-shell.md"),
        ("articles/2021/index.md", "cm-page-shell/cm-page-shell.md"),
        ("countries/afghanistan/articles/page/2/index.md", "/".join(["cm-page-shell"] * 5) + ".md"),
    ],
)
def test_shell_page_stands_at_the_depth_of_its_pages(src_uri: str, shell: str) -> None:
    assert urls.shell_page(src_uri) == shell
    assert urls.is_shell(shell)
    assert not urls.is_shell(src_uri)
    # The shell's relative links are reused as they are by every page filled from it.
    for directory_urls in (True, False):
        page = urls.page_url(src_uri, directory_urls)
        shell_url = urls.page_url(urls.shell_page(src_uri, directory_urls), directory_urls)
        assert shell_url.count("/") == page.count("/")


@pytest.mark.parametrize(
    "src_uri",
    ["cm-page-shell-notes.md", "articles/cm-page-shell/x.md", "incidents/cm-page-shell.md"],
)
def test_pages_named_like_a_shell_are_not_shells(src_uri: str) -> None:
    assert not urls.is_shell(src_uri)
