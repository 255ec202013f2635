"""The pages the publication's data generates: one module per kind of page.

Each module lists its pages as ``GeneratedPage`` records: where the page lives,
its title, its template and what the template shows. Rendering is separate
(``render``) and lazy, so a site generator renders each page once, when it
writes it.
"""

from __future__ import annotations

from ..downloads.incidents import Downloads
from ..graph import Graph
from ..model import SiteSettings
from . import actor, archive, authors, country, data, home, incident, indexes
from .generated import GeneratedPage

__all__ = ["GeneratedPage", "site_pages"]


def site_pages(graph: Graph, downloads: Downloads, settings: SiteSettings) -> list[GeneratedPage]:
    """Every page the data generates, in a stable order."""
    return [
        *home.pages(graph, settings),
        *indexes.pages(graph),
        *archive.pages(graph),
        *data.pages(downloads, settings),
        *country.pages(graph, feeds=settings.url is not None, downloadable=downloads.offers),
        *actor.pages(graph),
        *authors.pages(graph),
        *incident.pages(graph),
    ]
