"""What a built site holds besides the pages' content: the sitemap, the templates a
publication gets without writing any, and no site at all from a mistyped folder."""

from __future__ import annotations

import gzip
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

import conflict_monitor
from conflict_monitor import urls
from conftest import build_site, write_file, write_publication

SITE_URL = "https://example.org/monitor/"
SHIPPED = Path(conflict_monitor.__file__).parent / "templates"  # the package's own
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# The pages the fixture's data generates, by address: MkDocs renders the countries' and
# actors' pages; the incident pages and the listings by year are written from shells.
GENERATED = [
    "countries/afghanistan",
    "countries/tajikistan",
    "countries/afghanistan/2021",
    "actors/taliban",
    "actors/afghan-army",
    "actors/islamic-state",
    "actors/iskp",
    "actors/taliban/2021",
    "actors/afghan-army/2021",
    "actors/iskp/2021",
    "incidents/2021-06-22-sher-khan-bandar",
    "incidents/2021-06-28-border-post",
]


def _pages_in_site(site: Path, directory_urls: bool) -> list[str]:
    """The public URL of every HTML page the built site holds (the 404 page is none)."""
    found = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative != "404.html":
            found.append(
                SITE_URL + (relative.removesuffix("index.html") if directory_urls else relative)
            )
    return sorted(found)


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-files"])
def test_the_sitemap_lists_every_page_once_and_no_shell(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, directory_urls: bool
) -> None:
    built = build_site(publication(), caplog, site_url=SITE_URL, use_directory_urls=directory_urls)
    sitemap = built.site / "sitemap.xml"
    root = ET.parse(sitemap).getroot()
    assert root.tag == f"{SITEMAP}urlset"
    listed = [entry.findtext(f"{SITEMAP}loc") for entry in root.iter(f"{SITEMAP}url")]

    assert [url for url in listed if f"/{urls.SHELL_ID}" in str(url)] == []
    # Sorted, not as a set: a page listed twice shows.
    assert sorted(map(str, listed)) == _pages_in_site(built.site, directory_urls)
    suffix = "/" if directory_urls else ".html"
    assert [a for a in GENERATED if SITE_URL + a + suffix not in listed] == []
    # MkDocs writes a gzipped copy beside it (1.6 always does): it must not still
    # list the shells.
    assert gzip.decompress((built.site / "sitemap.xml.gz").read_bytes()) == sitemap.read_bytes()


def _plugin_alone(root: Path) -> Path:
    """The publication at root with the plugin's default options: no templates folder
    named, none in the publication, and no `custom_dir` for the theme."""
    return write_publication(root, articles={}, config={"plugins": ["search", "conflict-monitor"]})


def test_a_publication_without_templates_builds_with_the_shipped_ones(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _plugin_alone(tmp_path / "pub")
    monkeypatch.chdir(tmp_path)  # not the repository, whose docs_templates/ could be found
    built = build_site(root, caplog)  # strict
    country = built.page("countries/afghanistan/")
    assert "<h1>Afghanistan</h1>" in country
    assert "The north of the country." in country
    incident = built.page("incidents/2021-06-28-border-post/")
    assert "<h1>Border post: Armed clash</h1>" in incident
    assert "A post fell after a day of fighting." in incident
    shipped_css = (SHIPPED / "conflict-monitor.css").read_text(encoding="utf-8")
    assert (built.site / urls.STYLESHEET).read_text(encoding="utf-8") == shipped_css


# A page of each kind whose template a publication may override, and that template.
TEMPLATE_OF = {
    "incidents/2021-06-28-border-post/": "incident.html",
    "incidents/2021-06-22-sher-khan-bandar/": "incident.html",
    "countries/afghanistan/2021/": "incidents_year.html",
    "actors/taliban/2021/": "incidents_year.html",
    "countries/afghanistan/": "country.html",
    "actors/taliban/": "actor.html",
    "countries/": "countries_index.html",
    "actors/": "actors_index.html",
}
OURS = '<p class="ours">Reported by our desk</p>'


@pytest.mark.parametrize("template", ["incident.html", "incidents_year.html", "country.html"])
def test_a_template_overridden_by_name_changes_only_its_pages(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, template: str
) -> None:
    """The publication's copy of one shipped template, edited; it still imports the
    shipped macros, and every other page kind keeps the shipped template."""
    root = _plugin_alone(tmp_path / "pub")
    shipped = (SHIPPED / template).read_text(encoding="utf-8")
    write_file(
        root / "docs_templates" / "conflict_monitor" / template,
        shipped.replace("<h1>", f"{OURS}\n<h1>", 1),
    )
    monkeypatch.chdir(tmp_path)
    built = build_site(root, caplog)
    pages = {address: built.page(address) for address in TEMPLATE_OF}
    overridden = {address for address, name in TEMPLATE_OF.items() if name == template}
    assert {address for address, html in pages.items() if OURS in html} == overridden


def test_a_mistyped_data_dir_fails_the_build_naming_the_folder_and_the_option(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    """`data/` is there, but mkdocs.yml names `dta/`: not an empty site."""
    root = publication(config={"plugins": [{"conflict-monitor": {"data_dir": "dta"}}]})
    with pytest.raises(Abort):
        build_site(root, caplog)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    # The cause alone: not every reference to a country or actor reported as unknown too.
    assert errors[0].splitlines()[1:] == [
        "dta: the publication's data folder does not exist "
        "(create it, or correct `data_dir` in mkdocs.yml)"
    ]
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    "nav",
    [None, ["index.md", "articles/index.md"], ["index.md", {"Topics": "tags/index.md"}]],
    ids=["no-nav", "nav-without-topics", "nav-with-topics"],
)
def test_a_generated_index_is_in_the_nav_where_the_publication_puts_it(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, nav: object
) -> None:
    """In the sidebar MkDocs makes without a `nav:`, or where the publication's `nav:`
    names it; else left out without MkDocs telling the writer of a page they never wrote
    that it is missing from the nav."""
    built = build_site(publication(), caplog, nav=nav)
    home = built.page("")
    topics_link = re.search(r'<a href="tags/" class="md-nav__link', home)
    assert (topics_link is not None) == (nav != ["index.md", "articles/index.md"])
    assert not [m for m in built.messages(logging.INFO) if 'not included in the "nav"' in m]
    assert "<h1>Topics</h1>" in built.page("tags/")
