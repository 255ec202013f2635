"""A page per actor: who it is, its affiliations both ways, its incidents and articles."""

from __future__ import annotations

from ..graph import Graph
from ..urls import actor_page
from . import GeneratedPage


def pages(graph: Graph) -> list[GeneratedPage]:
    result = []
    for actor in graph.actors:
        incidents = graph.incidents_by_actor.get(actor.id, [])
        result.append(
            GeneratedPage(
                actor_page(actor.id),
                actor.name,
                "actor.html",
                {
                    "actor": actor,
                    "countries": [graph.country(c) for c in actor.countries],
                    "affiliated_with": [graph.actor(a) for a in actor.affiliated_with],
                    "affiliates": graph.affiliates.get(actor.id, []),
                    "incidents": incidents,
                    "articles": graph.articles_by_actor.get(actor.id, []),
                },
            )
        )
    return result
