"""Material's search index and the pages MkDocs does not render: their entries made
beside MkDocs, as Material makes them, and the index of every page kept under
``mkdocs serve --dirty``. Material's search has no API for either; this module is
the one place that knows its index."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import SimpleNamespace
from typing import Any

from material.plugins.search.plugin import Parser
from mkdocs.config.defaults import MkDocsConfig


def search_index(config: MkDocsConfig) -> Any:
    """Material's search index of this build, if the site has Material's search."""
    return getattr(config.plugins.get("material/search"), "search_index", None)


# A section the templates leave out of search, whole (they nest no section in one):
# Material's parser would read it through only to drop it.
_LEFT_OUT = re.compile(r"<section\b[^>]*\bdata-search-exclude\b[^>]*>.*?</section>", re.S)


def search_entries(
    index: Any, html: str, url: str, title: str, meta: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The entries Material's search makes of a page's body (as for a page MkDocs
    renders: see ``SearchIndex.add_entry_from_context``), for a page written from a
    page shell in the second process, or a page MkDocs rendered and handed over with
    the metadata search reads (``search_meta``); they are added to the index at the
    end. (A section's address is the page's and the section's id, as Material makes it
    from the page's table of contents, whose entries link to the headings' ids.)"""
    parser = Parser()
    parser.feed(_LEFT_OUT.sub("", html))
    parser.close()
    page = SimpleNamespace(meta={"title": title} if meta is None else meta, title=title)
    before = len(index.entries)
    for section in parser.data:
        if not section.is_excluded():
            index.create_entry_for_section(section, [], url, page)
    made: list[dict[str, Any]] = index.entries[before:]
    del index.entries[before:]
    return made


def reads_alone_between(
    config: MkDocsConfig, before: Callable[..., Any], after: Callable[..., Any]
) -> bool:
    """Whether Material's search reads each page (its ``on_page_context``) between the
    handlers ``before`` and ``after`` of that event, and nothing else runs there: as when
    search is listed right before the plugin they are of, in ``mkdocs.yml``."""
    reads = getattr(config.plugins.get("material/search"), "on_page_context", None)
    handlers = config.plugins.events.get("page_context", [])
    if before not in handlers or after not in handlers:
        return False
    return handlers[handlers.index(before) + 1 : handlers.index(after)] == [reads]


def search_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """What Material's search reads of a page's metadata: its title, tags and boost."""
    return {key: meta[key] for key in ("title", "tags", "search") if key in meta}


def keep_every_page(config: MkDocsConfig, rebuilt: set[str]) -> None:
    """Under --dirty, Material's search merges its last index with this build's entries
    as if one page was written again; give it the index of every page instead."""
    search = config.plugins.get("material/search")
    last, now = (getattr(search, name, None) for name in ("search_index_prev", "search_index"))
    if last is None or now is None:
        return
    kept = [e for e in last.entries if e["location"].partition("#")[0] not in rebuilt]
    now.entries = kept + now.entries
    search.search_index_prev = None  # type: ignore[union-attr]
