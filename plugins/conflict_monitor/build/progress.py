"""Progress of a build, stage by stage: counts and seconds, at info level.

A publication of 20,000 incidents builds for a while; these lines say where the time
goes. They are logged under the name of the plugin's logger in MkDocs
(``mkdocs.plugins.conflict-monitor``, with its ``conflict-monitor:`` prefix), so that
``mkdocs build`` shows them and ``-q`` silences them, without this module importing
MkDocs. Every line's format is here.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable, MutableMapping
from typing import Any

from ..graph import Graph
from ..model import Problem, Publication, Severity
from ..pages import GeneratedPage

LOGGER_NAME = "mkdocs.plugins.conflict-monitor"


class _Prefixed(logging.LoggerAdapter[logging.Logger]):
    """The prefix MkDocs' ``get_plugin_logger`` puts before a plugin's lines."""

    def process(self, msg: Any, kwargs: MutableMapping[str, Any]) -> tuple[Any, Any]:
        return f"conflict-monitor: {msg}", kwargs


log = _Prefixed(logging.getLogger(LOGGER_NAME), {})


class Stopwatch:
    """Seconds since it started, or since the last lap."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        seconds, self.started = now - self.started, now
        return seconds


def _timed(line: str, seconds: float) -> None:
    log.info(f"{line} ({seconds:.2f} s)")


def loaded(publication: Publication, problems: list[Problem], seconds: float) -> None:
    """The publication read and checked: files, items, problems."""
    data_files = {origin.path for origin in publication.origins.values()}
    articles = [*publication.articles, *publication.drafts]
    pages = {a.origin.path for a in articles} | {f.origin.path for f in publication.flawed}
    files = len(data_files | pages) + len(publication.writer_pages)
    severities = Counter(p.severity for p in problems)
    items = [
        _count(len(publication.countries), "country", "countries"),
        _count(len(publication.actors), "actor"),
        _count(len(publication.incidents), "incident"),
        _count(len(publication.articles), "article"),
        _count(len(publication.drafts), "draft"),
    ]
    found = [
        _count(severities[Severity.ERROR], "error"),
        _count(severities[Severity.WARNING], "warning"),
        _count(severities[Severity.INFO], "notice"),
    ]
    _timed(
        f"Loaded and checked {_count(files, 'file')}: {', '.join(items)}; {', '.join(found)}",
        seconds,
    )


def linked(graph: Graph, seconds: float) -> None:
    """The link graph built: how many links between items it holds."""
    lists = (
        graph.incidents_by_country,
        graph.incidents_by_actor,
        graph.articles_by_country,
        graph.articles_by_actor,
        graph.articles_by_incident,
        graph.articles_by_author,
    )
    links = sum(len(items) for by_item in lists for items in by_item.values())
    _timed(
        f"Linked {_count(len(graph.incidents), 'incident')} and "
        f"{_count(len(graph.articles), 'article')}: {_count(links, 'link')}",
        seconds,
    )


def generated(pages: Iterable[GeneratedPage], seconds: float) -> None:
    """The generated pages listed (each is rendered later, when it is written)."""
    total, kinds = _by_kind(pages)
    _timed(f"Generated {total} pages: {kinds}", seconds)


def from_shells(pages: Iterable[GeneratedPage], seconds: float) -> None:
    """The incident pages, the listings by year and the data page written."""
    total, kinds = _by_kind(pages)
    _timed(f"Wrote {total} pages from their shells: {kinds}", seconds)


def written(what: str, count: int, seconds: float) -> None:
    """Files written beside the site generator: ``count`` of ``what``."""
    _timed(f"Wrote {count} {what}", seconds)


def _count(count: int, noun: str, plural: str = "") -> str:
    """``1 article``, ``2 articles``."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _by_kind(pages: Iterable[GeneratedPage]) -> tuple[int, str]:
    """How many pages, and how many of each kind (the name of its template), A-Z."""
    kinds = Counter(page.template.removesuffix(".html").replace("_", " ") for page in pages)
    return kinds.total(), ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
