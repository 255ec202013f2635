"""The theme's navigation, rendered once for the pages that show it alike, is on every
page what the theme renders for that page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from jinja2.runtime import Context

from conflict_monitor.mkdocs_plugin.theme_fragments import Fragments
from conftest import ARTICLE, REPO, build_site, write_publication

NAVIGATION = re.compile(r'<nav class="md-nav md-nav--primary".*?\n</nav>', re.S)


def _publication(root: Path) -> Path:
    """Pages at several depths, in and out of the navigation, some of them side by side
    in folders that share their first part with a page of the navigation."""
    write_publication(
        root,
        articles={
            "2021/border.md": ARTICLE,
            "2021/later.md": ARTICLE.replace("title: ", "title: Later, "),
            "2020/earlier.md": ARTICLE.replace("title: ", "title: Earlier, "),
        },
        config={
            "theme": {
                "name": "material",
                "custom_dir": str(REPO / "docs_templates"),  # base.html, which uses it
                "font": False,
                "features": ["navigation.instant", "navigation.sections"],
            },
            "plugins": [
                "search",
                {"conflict-monitor": {"templates_dir": str(REPO / "docs_templates")}},
            ],
            "nav": [
                {"Home": "index.md"},
                {"Analysis": "articles/index.md"},
                {"About": [{"About us": "about/index.md"}, {"Contact": "about/contact.md"}]},
                {"Source": "https://example.org/"},
            ],
        },
    )
    for page in ("about/index.md", "about/contact.md", "about/team/history.md"):
        path = root / "content" / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {path.stem.title()}\n\nText.\n", encoding="utf-8")
    return root


def _navigations(site: Path) -> dict[str, str]:
    return {
        page.relative_to(site).as_posix(): m.group(0)
        for page in sorted(site.rglob("*.html"))
        if (m := NAVIGATION.search(page.read_text(encoding="utf-8")))
    }


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_page_has_the_navigation_the_theme_renders_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, directory_urls: bool
) -> None:
    root = _publication(tmp_path / "pub")
    made: list[str] = []
    navigation = Fragments.navigation

    @jinja2.pass_context
    def counted(self: Fragments, context: Context, caller: Callable[[], str]) -> str:
        return navigation(self, context, lambda: made.append("") or caller())  # type: ignore[no-any-return]

    @jinja2.pass_context
    def each_page(self: Fragments, context: Context, caller: Callable[[], str]) -> str:
        made.append("")
        return caller()

    monkeypatch.setattr(Fragments, "navigation", counted)
    once = _navigations(build_site(root, None, use_directory_urls=directory_urls).site)
    rendered = len(made)
    monkeypatch.setattr(Fragments, "navigation", each_page)  # as the theme renders it
    made.clear()
    theirs = _navigations(build_site(root, None, use_directory_urls=directory_urls).site)
    assert once == theirs
    assert len(once) > 20
    assert rendered < len(made)  # some pages got one rendered before
    assert len(set(once.values())) > 5  # and the pages at each place their own
