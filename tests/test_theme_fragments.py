"""The theme's navigation, rendered once for the pages that show it alike, is on every
page what the theme renders for that page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

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


def _pages(site: Path) -> dict[str, str]:
    return {
        page.relative_to(site).as_posix(): page.read_text(encoding="utf-8")
        for page in sorted(site.rglob("*.html"))
    }


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_page_is_the_page_the_theme_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, directory_urls: bool
) -> None:
    """Byte for byte, with the navigation, header, stylesheets, scripts and their
    settings rendered once for the pages that show them alike, and rendered for each
    page."""
    root = _publication(tmp_path / "pub")
    made: list[str] = []
    parts = ("navigation", "same_for", "header")

    def counted(part: Callable[..., str]) -> Callable[..., str]:
        @jinja2.pass_context
        def render(self: Fragments, context: Context, *args: object, caller: Any) -> str:
            return part(self, context, *args, caller=lambda: made.append("") or caller())

        return render

    @jinja2.pass_context
    def each_page(self: Fragments, context: Context, *_: object, caller: Any) -> str:
        made.append("")
        return caller()  # type: ignore[no-any-return]

    for name in parts:
        monkeypatch.setattr(Fragments, name, counted(getattr(Fragments, name)))
    once = _pages(build_site(root, None, use_directory_urls=directory_urls).site)
    rendered = len(made)
    for name in parts:  # as the theme renders them
        monkeypatch.setattr(Fragments, name, each_page)
    made.clear()
    theirs = _pages(build_site(root, None, use_directory_urls=directory_urls).site)
    assert once == theirs
    navigations = {m.group(0) for page in once.values() if (m := NAVIGATION.search(page))}
    assert len(once) > 20
    assert len(navigations) > 5  # the pages at each place their own
    assert rendered < len(made) / 2  # most parts of most pages rendered before


def test_a_section_opened_for_a_page_it_does_not_list_is_shown_open() -> None:
    """Should another plugin give an unlisted page a place in the navigation (a section
    of it opened), the page gets the navigation rendered for that."""
    fragments = Fragments()
    listed = SimpleNamespace(url="about/", active=False, children=None)
    section = SimpleNamespace(url=None, active=False, children=[listed])
    nav = SimpleNamespace(items=[section], pages=[listed])
    context = {"page": SimpleNamespace(url="articles/x/"), "nav": nav, "base_url": "../.."}
    rendered: list[bool] = []

    def render() -> str:
        rendered.append(section.active)
        return f"opened: {section.active}"

    navigation = Fragments.navigation.__get__(fragments)  # as base.html calls it
    assert navigation(context, caller=render) == "opened: False"
    section.active = True
    assert navigation(context, caller=render) == "opened: True"
    section.active = False
    assert navigation(context, caller=render) == "opened: False"
    assert rendered == [False, True]
