"""The publication as the stages share it: where each item was written, the articles,
the covered countries, and the whole loaded publication."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .items import Actor, ArticleMeta, Author, Country, Incident

Position = tuple[int, int]  # 1-based line and column
Path_ = tuple[str | int, ...]  # keys and list indexes from the top of a document


@dataclass
class Document:
    """One YAML document: its value, and the position of every key and item in it.

    The positions of the document itself and of its top-level keys and items are known
    from the start; those of the fields inside them are worked out the first time one
    is asked for (``locate``, from the document's text): a message needs them, a build
    without mistakes does not, and they would take more memory than the values."""

    path: str  # as shown to writers: relative to the publication's root
    value: Any = None
    positions: dict[Path_, Position] = field(default_factory=dict, compare=False)
    # Values already reported while reading (a bad date, a refused tag): the model
    # checks must not report them a second time.
    reported: set[Path_] = field(default_factory=set)
    # Every position of the document, worked out again from its text; None: all known.
    locate: Callable[[], dict[Path_, Position]] | None = field(
        default=None, compare=False, repr=False
    )

    def position(self, where: Path_) -> Position:
        """Where ``where`` stands, or its closest enclosing value that has a position."""
        if len(where) > 1 and self.locate is not None:
            self.positions, self.locate = self.locate() or self.positions, None
        for end in range(len(where), -1, -1):
            found = self.positions.get(where[:end])
            if found:
                return found
        return (1, 1)


@dataclass(frozen=True)
class Origin:
    """Where a writer wrote something: file (relative to the root) and line."""

    path: str
    line: int
    document: Document | None = None
    where: tuple[str | int, ...] = ()  # the item's place in its document

    def position(self, *field_path: str | int) -> tuple[int, int]:
        """Line and column of a field (or list entry) of this item."""
        if self.document is None:
            return (self.line, 0)
        return self.document.position((*self.where, *field_path))


@dataclass(frozen=True)
class Reference:
    """``[[kind:target|label]]`` written in a page's prose (see prose/references.py)."""

    kind: str  # actor | country | incident | map
    target: str  # the id, the ISO3 code of a country, or what a map shows
    label: str | None
    line: int  # 1-based, in the file
    column: int
    alone: bool = True  # alone in its paragraph (required of maps)


@dataclass
class Article:
    """An analysis article: its front matter, and where it lives in ``content/``."""

    src_uri: str  # relative to content/, e.g. ``articles/2021/border-posts.md``
    meta: ArticleMeta
    origin: Origin = field(compare=False)  # where it was written, not what it says
    references: list[Reference] = field(default_factory=list)  # ``[[kind:id]]`` in the body

    def names(self, kind: str) -> list[str]:
        """Ids (ISO3 codes for countries) the article names, in front matter or in prose."""
        listed = {
            "actor": self.meta.actors,
            "country": self.meta.countries,
            "incident": self.meta.incidents,
        }[kind]
        in_prose = [r.target for r in self.references if r.kind == kind]
        return list(dict.fromkeys([*listed, *in_prose]))

    @property
    def title(self) -> str:
        return self.meta.title


@dataclass
class CountryEntry:
    """A covered country with its display name and page slug resolved."""

    country: Country
    name: str
    slug: str

    @property
    def iso3(self) -> str:
        return self.country.iso3


@dataclass(frozen=True)
class Flawed:
    """An item with mistakes, reported already: kept out of the site, but still seen by
    the checks that need the whole publication, so that a writer gets every mistake in
    one run (a duplicate id, a point outside its country, an unknown actor).

    ``item`` (an Actor, Author, Country, Incident or Article) is built from the fields
    that passed their checks only; each field in ``broken`` is missing from it or holds
    its default: read none of them."""

    item: object
    origin: Origin
    broken: frozenset[str]


@dataclass
class Publication:
    """Every valid item of a publication, with where each was written."""

    root: Path
    countries: dict[str, CountryEntry] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)
    authors: dict[str, Author] = field(default_factory=dict)
    # data/authors.yaml as shown to writers, when the publication has one: then articles
    # name their authors by id; without it, authors are names shown as written.
    authors_file: str | None = None
    articles: list[Article] = field(default_factory=list)  # newest first
    # Where each (kind, id) was first written; an item with mistakes too, so that its id
    # counts as taken (see Flawed).
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    drafts: list[Article] = field(default_factory=list)
    # The other Markdown pages (home, about, ...), as docs-folder paths.
    writer_pages: list[str] = field(default_factory=list)
    # In-prose references in the other Markdown pages (home, about, ...), by file shown.
    page_references: dict[str, list[Reference]] = field(default_factory=dict)
    # Ids of items that failed their checks: already reported, so references to them
    # are not reported again as unknown.
    invalid_ids: dict[str, set[str]] = field(
        default_factory=lambda: {
            "country": set(),
            "actor": set(),
            "incident": set(),
            "author": set(),
        }
    )
    # Kinds with a file that could not be read at all: which ids it holds is unknown,
    # so references to that kind are not checked until the file is fixed.
    unreadable: set[str] = field(default_factory=set)
    # Items with mistakes, in the order read: never published, still checked (see Flawed).
    flawed: list[Flawed] = field(default_factory=list)


@dataclass(frozen=True)
class SiteSettings:
    """How the site is published: its name and address, and the terms of its data."""

    name: str = "Conflict monitor"
    url: str | None = None  # the site's address with its trailing slash, if it has one
    directory_urls: bool = True  # pages at ``incidents/<id>/``, not ``incidents/<id>.html``
    language: str = "en"
    data_licence: str = "CC BY 4.0"
    data_licence_url: str = "https://creativecommons.org/licenses/by/4.0/"
    # Incidents imported from ACLED in the downloads: ACLED's terms forbid handing on
    # its data as raw data unless the publication's licence with ACLED allows it.
    downloads_include_imported: bool = False

    def __post_init__(self) -> None:
        if self.url:  # links are made by adding paths to it
            object.__setattr__(self, "url", self.url.rstrip("/") + "/")


@dataclass(frozen=True)
class Layout:
    """Where a publication keeps its files, relative to its root."""

    content_dir: str = "content"
    data_dir: str = "data"
    articles_dir: str = "articles"  # inside content_dir


DEFAULT_LAYOUT = Layout()
