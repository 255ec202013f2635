"""A page the publication's data generates, before it is rendered."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

UrlFor = Callable[[str], str]  # docs-folder path of a page -> URL relative to the current page


@dataclass(frozen=True)
class PageAbout:
    """What a template reads of the page it renders, as ``page``: its path and title."""

    src_uri: str
    title: str


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where the page stands in the docs folder, e.g. ``actors/taliban.md``
    title: str
    template: str  # a template in docs_templates/conflict_monitor/
    # What the template shows; a function making it for pages made by the thousand, so
    # that it is made only when (and where) the page is written.
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] = field(default_factory=dict)
    # Pages by the hundred or thousand (incidents, actors, countries, listings) are written
    # from one rendered page shell (see ``build/shells.py``), beside the site generator.
    from_shell: bool = False
    # Whether search finds the page. Incident pages and listings by year stay out (every
    # line of them is found on the country's and actor's pages), and so do listings of
    # articles (search finds each article on its own page).
    searchable: bool = True
    # Whether the page gets a table of contents of its sections (``<h2 id>``) in the
    # theme's sidebar, as the theme gives writers' pages: long pages in sections.
    table_of_contents: bool = False
    # Plain text: what link previews (Open Graph, Twitter cards) say of the page; a
    # function for pages made by the thousand. Empty: the page gets no preview tags.
    description: str | Callable[[], str] = ""
    # What the page is made from, where that is cheaper to tell than what it shows (the
    # live preview compares it from build to build to know what changed): items and
    # values only, which the preview may compare as they are. Else None, and what it
    # shows is what it is made from.
    made_from: Callable[[], object] | None = None
    # Links the template shows, worked out for the page's place (``links(url_for)``) by
    # the page rather than by the template's link functions: for pages made by the
    # thousand, where a call from a template costs as much as a line.
    links: Callable[[UrlFor], Mapping[str, str | None]] | None = None

    def about(self) -> PageAbout:
        """The page as its template sees it. Not the page itself, whose context holds the
        whole publication: rendering leaves reference cycles behind (Jinja's), and through
        them a live preview would keep every rebuild's publication until a collection."""
        return PageAbout(self.src_uri, self.title)

    def shown(self) -> Mapping[str, Any]:
        """What the template shows."""
        return self.context() if callable(self.context) else self.context

    def inputs(self) -> object:
        """What the page is made from (see ``made_from``)."""
        return self.made_from() if self.made_from is not None else self.shown()

    def described(self) -> str:
        """What link previews say of the page, as plain text (empty: no preview tags)."""
        return self.description() if callable(self.description) else self.description
