"""The repository's sample publication builds strictly and has the pages the spec promises."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import yaml

from conflict_monitor.pages.render import PageRenderer
from conftest import REPO


def test_sample_site_has_the_spec_urls(sample_site: Path) -> None:
    for url_path in (
        "countries/afghanistan/",
        "countries/tajikistan/",
        "countries/uzbekistan/",
        "actors/",
        "actors/taliban/",
        "articles/2021/taliban-northern-offensive/",
    ):
        assert (sample_site / url_path / "index.html").is_file(), url_path


def test_every_seed_incident_has_a_page(sample_site: Path) -> None:
    incidents = yaml.safe_load((REPO / "data/incidents/2021/2021-06.yaml").read_text())
    ids = {incident["id"] for incident in incidents}
    assert {
        "2021-06-22-sher-khan-bandar-captured",
        "2021-06-23-shortepa-soldiers-cross-to-uzbekistan",
        "2021-06-28-shahrituz-border-post-falls",
    } <= ids
    for incident_id in ids:
        assert (sample_site / "incidents" / incident_id / "index.html").is_file()


def test_sher_khan_bandar_on_the_article_and_its_incident(sample_site: Path) -> None:
    article = (sample_site / "articles/2021/taliban-northern-offensive/index.html").read_text()
    incident = (
        sample_site / "incidents/2021-06-22-sher-khan-bandar-captured/index.html"
    ).read_text()
    assert "Sher Khan Bandar" in article
    assert "Sher Khan Bandar" in incident
    # the article links the incident, and the incident page links back to the article
    assert 'href="../../../incidents/2021-06-22-sher-khan-bandar-captured/"' in article
    assert 'href="../../articles/2021/taliban-northern-offensive/"' in incident


def test_a_source_names_its_language_in_words(sample_site: Path) -> None:
    page = sample_site / "incidents/2021-06-23-shortepa-soldiers-cross-to-uzbekistan/index.html"
    text = page.read_text(encoding="utf-8")
    assert " · in Uzbek" in text
    assert "language: uz" not in text


def _table_of_contents(page: str) -> list[tuple[str, str]]:
    """The entries (target, text) of the table of contents in the theme's sidebar."""
    sidebar = re.search(r'<nav class="md-nav md-nav--secondary"[^>]*>(.*?)</nav>', page, re.S)
    assert sidebar is not None
    entries = re.findall(
        r'<a href="([^"]*)" class="md-nav__link">\s*<span[^>]*>(.*?)</span>', sidebar[1], re.S
    )
    return [(href, text.strip()) for href, text in entries]


def test_generated_pages_in_sections_have_a_table_of_contents_of_them(
    sample_site: Path,
) -> None:
    """Country and actor pages and the data page (written from a page shell like
    incident pages), the home page and the analysis index get the table of contents
    the theme gives a writer's page: their own sections, in order. Incident pages have
    none, as they have few sections."""
    expected = {
        "countries/afghanistan/": ["Incidents", "Analysis", "Active actors", "Data and updates"],
        "actors/taliban/": ["Incidents", "Analysis"],
        "downloads/": ["Formats", "Licence", "How to cite"],
        "": [
            "Latest analysis",
            "Latest incidents",
            "Countries we cover",
            "Data, method and updates",
        ],
        "articles/": ["Latest", "By year", "By topic"],
        "actors/": [
            "Armed groups",
            "State forces",
            "Security services",
            "Governments",
            "International organisations",
            "People",
        ],
    }
    for url_path, titles in expected.items():
        page = (sample_site / url_path / "index.html").read_text(encoding="utf-8")
        contents = _table_of_contents(page)
        assert [text for _, text in contents] == titles, url_path
        for href, _ in contents:  # each entry leads to its section
            assert re.search(f'<h2 id="{href[1:]}"', page), (url_path, href)
    page = sample_site / "incidents/2021-06-22-sher-khan-bandar-captured/index.html"
    assert _table_of_contents(page.read_text(encoding="utf-8")) == []
    assert "CONFLICT-MONITOR" not in page.read_text(encoding="utf-8")


def test_every_actor_the_article_names_has_a_page(sample_site: Path) -> None:
    actors = yaml.safe_load((REPO / "data/actors.yaml").read_text())
    for actor in actors:
        assert (sample_site / "actors" / actor["id"] / "index.html").is_file(), actor["id"]


def test_no_broken_internal_link(sample_site: Path) -> None:
    base = urlparse(yaml.safe_load((REPO / "mkdocs.yml").read_text())["site_url"]).path
    broken = []
    for page in sorted(sample_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        page_url = "/" + page.relative_to(sample_site).as_posix()
        for href in re.findall(r'href="([^"#]*)(?:#[^"]*)?"', html):
            if not href or urlparse(href).scheme or href.startswith("//"):
                continue
            if href.startswith(base):  # absolute, as on the 404 page
                href = "/" + href.removeprefix(base)
            target = sample_site / unquote(urljoin(page_url, href)).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page_url} -> {href}")
    assert broken == []


def test_nothing_loaded_from_other_hosts(sample_site: Path) -> None:
    pattern = re.compile(
        r'<script[^>]+src="(?:https?:)?//|<link[^>]+rel="(?:stylesheet|preconnect|preload)"'
        r'[^>]+href="(?:https?:)?//'
    )
    offenders = [
        str(page.relative_to(sample_site))
        for page in sample_site.rglob("*.html")
        if pattern.search(page.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_an_incident_pages_map_is_the_figure_every_other_map_is(sample_site: Path) -> None:
    """incident.html writes out _map.html's figure (a macro call costs more than the rest
    of the page, 20,000 times): a change to one must be made to the other."""
    renderer = PageRenderer(REPO / "docs_templates")
    map_figure = renderer.template("_map.html").module.map_figure  # type: ignore[attr-defined]
    incident_id = "2021-06-22-sher-khan-bandar-captured"
    page = (sample_site / "incidents" / incident_id / "index.html").read_text(encoding="utf-8")
    title = "Map of Sher Khan Bandar and the other incidents in Afghanistan"
    src = "../../assets/maps/countries/afghanistan.json"
    expected = str(map_figure("incident", title, src=src, focus=incident_id)).strip()
    assert expected in page
