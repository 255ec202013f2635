"""A generated page's table of contents, as MkDocs keeps one for a writer's page."""

from __future__ import annotations

import html
from collections.abc import Iterable

from mkdocs.structure.toc import AnchorLink, TableOfContents


def with_sections(toc: TableOfContents, sections: Iterable[tuple[str, str]]) -> TableOfContents:
    """``toc`` (from the page's Markdown: a writer's introduction) and then an entry for
    each section (id and text, as HTML) it lacks, under the page's title if the table
    has one."""
    known = set(_ids(toc))  # as Markdown made them: not HTML-escaped, unlike the page's
    ids = [(html.unescape(id_), text) for id_, text in sections]
    entries = [AnchorLink(text, id_, 2) for id_, text in ids if id_ not in known]
    items = list(toc)
    if items and items[0].level == 1:  # the theme lists the title's children
        items[0].children = [*items[0].children, *entries]
        return TableOfContents(items)
    return TableOfContents([*items, *entries])


def _ids(items: Iterable[AnchorLink]) -> Iterable[str]:
    for item in items:
        yield item.id
        yield from _ids(item.children)
