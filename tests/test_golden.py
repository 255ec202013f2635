"""Golden files: the content of each kind of generated page, exactly.

A change to a template or to what a page shows changes these files; review the
difference, then write them again with `UPDATE_GOLDEN=1 make test`.

For the pages written from a page shell (an incident page, a year listing) and for
pages of the same family that MkDocs renders itself (a country's, an actor's), the
golden file also holds what search engines and link previews read in ``<head>``: a
shell's title, address or description left behind would show there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import build_site, write_publication

GOLDEN = Path(__file__).parent / "golden"

PAGES = {
    "country": "countries/afghanistan/",
    "country-year": "countries/afghanistan/2021/",
    "countries-index": "countries/",
    "actor": "actors/iskp/",
    "actor-year": "actors/taliban/2021/",
    "actors-index": "actors/",
    "incident": "incidents/2021-06-28-border-post/",
    "articles-index": "articles/",
    "article": "articles/2021/border/",
}
# The kinds whose golden file holds the page's <head> as well: written from a shell
# (incident, country-year) and rendered by MkDocs (country, actor).
WITH_HEAD = {"incident", "country-year", "country", "actor"}
SITE_URL = "https://example.org/monitor/"  # canonical links need it

# What <head> says about the page itself: the title, the canonical link, the description,
# its feeds and any Open Graph or Twitter card; and the link to the plugin's stylesheet, relative
# to the page (a shell of another depth would break it). The theme's own scripts and
# styles are left out: their names change with every release of the theme.
_HEAD_TAG = re.compile(r"<title>.*?</title>|<(?:meta|link)\b[^>]*>", re.S)
_ABOUT_THE_PAGE = re.compile(
    r'^<title>|^<link rel="(?:canonical|alternate)"'
    r'|^<meta (?:name|property)="(?:description|og:|twitter:)'
    r'|^<link rel="stylesheet" href="[^"]*/conflict-monitor\.css"'
)


def _article_content(page_html: str) -> str:
    match = re.search(
        r'<article class="md-content__inner md-typeset">(.*?)</article>', page_html, re.S
    )
    assert match, "the page has no content"
    lines = [line.rstrip() for line in match.group(1).splitlines()]
    return "\n".join(line for line in lines if line) + "\n"


def _head_about_the_page(page_html: str) -> str:
    """The tags of <head> about the page itself, as written (escaping included)."""
    match = re.search(r"<head>(.*?)</head>", page_html, re.S)
    assert match, "the page has no head"
    tags = [" ".join(tag.split()) for tag in _HEAD_TAG.findall(match.group(1))]
    return "".join(f"{tag}\n" for tag in tags if _ABOUT_THE_PAGE.match(tag))


def _golden_text(kind: str, page_html: str) -> str:
    content = _article_content(page_html)
    if kind not in WITH_HEAD:
        return content
    return f"<!-- head -->\n{_head_about_the_page(page_html)}<!-- article -->\n{content}"


@pytest.fixture(scope="module")
def built_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = write_publication(tmp_path_factory.mktemp("golden") / "pub")
    built = build_site(
        root, None, site_url=SITE_URL, site_description="Armed conflict in Central Asia."
    )
    return {kind: _golden_text(kind, built.page(path)) for kind, path in PAGES.items()}


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_matches_its_golden_file(built_pages: dict[str, str], kind: str) -> None:
    golden = GOLDEN / f"{kind}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(built_pages[kind], encoding="utf-8")
    assert built_pages[kind] == golden.read_text(encoding="utf-8")


def test_two_builds_are_byte_identical(publication: Callable[..., Path], caplog) -> None:
    """Pages, map code and data, and the search index are the same from build to build."""
    root = publication()
    first = build_site(root, caplog)
    files = sorted(p for p in first.site.rglob("*") if p.is_file())
    pages = {p.relative_to(first.site): p.read_bytes() for p in files}
    second = build_site(root, caplog)
    again = {
        p.relative_to(second.site): p.read_bytes() for p in second.site.rglob("*") if p.is_file()
    }
    assert pages.keys() == again.keys()
    assert [path for path in pages if pages[path] != again[path]] == []
