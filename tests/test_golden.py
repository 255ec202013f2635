"""Golden files: the content of each kind of generated page, exactly.

A change to a template or to what a page shows changes these files; review the
difference, then write them again with `UPDATE_GOLDEN=1 make test`.
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


def _article_content(page_html: str) -> str:
    match = re.search(
        r'<article class="md-content__inner md-typeset">(.*?)</article>', page_html, re.S
    )
    assert match, "the page has no content"
    lines = [line.rstrip() for line in match.group(1).splitlines()]
    return "\n".join(line for line in lines if line) + "\n"


@pytest.fixture(scope="module")
def built_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = write_publication(tmp_path_factory.mktemp("golden") / "pub")
    built = build_site(root, None)
    return {kind: _article_content(built.page(path)) for kind, path in PAGES.items()}


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
