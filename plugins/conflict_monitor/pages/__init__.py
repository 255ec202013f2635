"""The pages the publication's data generates: one module per kind of page.

Each module lists its pages as ``GeneratedPage`` records: where the page lives,
its title, its template and what the template shows. Rendering is separate
(``render``) and lazy, so a site generator renders each page once, when it
writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..graph import Graph


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where the page stands in the docs folder, e.g. ``actors/taliban.md``
    title: str
    template: str  # a template in docs_templates/conflict_monitor/
    # What the template shows; a function making it for pages made by the thousand, so
    # that it is made only when (and where) the page is written.
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] = field(default_factory=dict)
    # Incident pages and listings by year are many and alike: they are written from one
    # rendered page shell (see ``permalinks``) and stay out of the search index (every
    # line of them is found on the country's and actor's own pages).
    from_shell: bool = False

    def shown(self) -> Mapping[str, Any]:
        """What the template shows."""
        return self.context() if callable(self.context) else self.context


def site_pages(graph: Graph) -> list[GeneratedPage]:
    """Every page the data generates, in a stable order."""
    from . import actor, country, incident, indexes

    return [
        *indexes.pages(graph),
        *country.pages(graph),
        *actor.pages(graph),
        *incident.pages(graph),
    ]
