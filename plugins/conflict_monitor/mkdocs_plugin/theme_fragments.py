"""Parts of the theme's pages rendered once for the many pages that show them alike.

Material renders its navigation (``partials/nav.html``) on every page: a fifth of the
time of rendering an article. On a page the navigation does not list (articles, and
every generated page but the section indexes) nothing in it is marked as current, so
it differs from one such page to the next only by its links, which are relative to
the page. Pages whose links to every item of the navigation (and to the home page and
logo) come out the same get the same navigation: ``base.html`` renders it through
``Fragments.navigation``, which renders it for the first of them only. A page the
navigation lists is rendered as the theme renders it.

The theme's stylesheets, scripts and settings for its scripts (``base.html``'s blocks
``styles``, ``scripts`` and ``config``) show no page at all, only links to the theme's
files: ``Fragments.same_for`` renders each once for the pages whose links to those
files (and to the site's root) come out the same. The header shows the page's title
and nothing else of it: ``Fragments.header`` renders it once, with a mark in place of
the title, and puts each page's title in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import jinja2
from mkdocs.utils import normalize_url


class Fragments:
    """What one build of the theme's pages rendered once (a new one for each build)."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, ...], str] = {}
        self._listed: tuple[Any, set[int], list[Any]] | None = None

    @jinja2.pass_context
    def navigation(
        self, context: jinja2.runtime.Context, *files: object, caller: Callable[[], str]
    ) -> str:
        """The navigation ``caller`` renders for the page of ``context``, whose links to
        ``files`` (the home page, the logo) are those of the pages it is rendered for."""
        page, nav = context.get("page"), context.get("nav")
        if page is None or nav is None:
            return caller()
        listed, items = self._listed_in(nav)
        if id(page) in listed:  # marked as the current page, its section opened
            return caller()
        # Which sections are open: none for a page the navigation does not list, unless
        # another plugin gives the page a place in it.
        opened = "".join("1" if getattr(item, "active", False) else "0" for item in items)
        addresses = [item.url for item in items if getattr(item, "url", None) is not None]
        key = ("navigation", opened, *_links(context, [*addresses, *files]))
        return self._once(key, caller)

    @jinja2.pass_context
    def same_for(
        self, context: jinja2.runtime.Context, name: str, *files: object, caller: Callable[[], str]
    ) -> str:
        """The part ``name`` that ``caller`` renders for every page whose links to
        ``files`` (paths in the site) and to the root are those of this one."""
        return self._once((name, *_links(context, files)), caller)

    @jinja2.pass_context
    def header(
        self, context: jinja2.runtime.Context, *files: object, caller: Callable[[], str]
    ) -> str:
        """The header ``caller`` renders (``partials/header.html``), which shows the site's
        name and the page's title: rendered once, with a mark where the title stands,
        for the pages whose links to ``files`` (the home page, the logo) and to the root
        are alike, and the mark replaced by each page's title as the header prints it."""
        page, features = context.get("page"), context.get("features") or ()
        config = context.get("config") or {}
        if page is None or "navigation.tabs.sticky" in features or _alternates(config):
            return caller()  # the tabs mark the current page; alternates link to it
        meta = page.meta
        title = meta["title"] if meta and meta.get("title") else page.title

        def with_mark() -> str:
            had, kept = "title" in meta, meta.get("title")
            meta["title"] = _TITLE
            try:
                return caller()
            finally:
                if had:
                    meta["title"] = kept
                else:
                    del meta["title"]

        made = self._once(("header", *_links(context, files)), with_mark)
        return made.replace(_TITLE, str(title))

    def _once(self, key: tuple[str, ...], render: Callable[[], str]) -> str:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = render()
        return made

    def _listed_in(self, nav: Any) -> tuple[set[int], list[Any]]:
        """The pages the navigation lists (by identity), and every item of it."""
        if self._listed is None or self._listed[0] is not nav:
            items: list[Any] = []
            _items(nav.items, items)
            self._listed = (nav, {id(page) for page in nav.pages}, items)
        return self._listed[1], self._listed[2]


def _links(context: jinja2.runtime.Context, files: Iterable[object]) -> list[str]:
    """The root, and each of ``files`` (paths in the site; none left out), as the theme's
    ``url`` filter links them from the page of ``context``."""
    page, base_url = context.get("page"), str(context.get("base_url"))
    return [base_url, *(normalize_url(str(f), page, base_url) for f in files if f)]


# Where the page's title stands in a header rendered once (see ``Fragments.header``).
_TITLE = "\x00conflict-monitor: the page's title\x00"


def _alternates(config: Any) -> bool:
    extra = config.get("extra") or {}
    return bool(extra.get("alternate"))


def _items(items: Iterable[Any], into: list[Any]) -> None:
    for item in items:
        into.append(item)
        _items(getattr(item, "children", None) or (), into)
