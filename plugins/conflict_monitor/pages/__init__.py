"""The pages the publication's data generates: one module per kind of page.

Each module lists its pages as ``GeneratedPage`` records: where the page lives,
its title, its template and what the template shows. Rendering is separate
(``render``) and lazy, so a site generator renders each page once, when it
writes it.
"""

from __future__ import annotations

from ..graph import Graph
from . import actor, country, incident, indexes
from .generated import GeneratedPage

__all__ = ["GeneratedPage", "site_pages"]


def site_pages(graph: Graph) -> list[GeneratedPage]:
    """Every page the data generates, in a stable order."""
    return [
        *indexes.pages(graph),
        *country.pages(graph),
        *actor.pages(graph),
        *incident.pages(graph),
    ]
