"""A page per actor: who it is, its affiliations both ways, its incidents and articles."""

from __future__ import annotations

from functools import partial

from ..graph import Graph
from ..model import Actor
from ..prose.html import plain_text
from ..urls import actor_map_data, actor_page, actor_year_page
from .generated import GeneratedPage
from .listing import LATEST, year_pages


def pages(graph: Graph) -> list[GeneratedPage]:
    result = []
    for actor in graph.actors:
        incidents = graph.incidents_by_actor.get(actor.id, [])
        years, listing = year_pages(
            incidents, partial(actor_year_page, actor.id), actor.name, actor_page(actor.id)
        )
        result.append(
            GeneratedPage(
                actor_page(actor.id),
                actor.name,
                "actor.html",
                {
                    "actor": actor,
                    "map_src": actor_map_data(actor.id),
                    "countries": [graph.country(c) for c in actor.countries],
                    "affiliated_with": [graph.actor(a) for a in actor.affiliated_with],
                    "affiliates": graph.affiliates.get(actor.id, []),
                    "incidents": incidents[:LATEST],
                    "incident_count": len(incidents),
                    "years": years,
                    "articles": graph.articles_by_actor.get(actor.id, []),
                },
                description=partial(_description, actor),
                from_shell=True,
                table_of_contents=True,
            )
        )
        result.extend(listing)
    return result


def _description(actor: Actor) -> str:
    """What link previews say of an actor: its description, else what its page holds."""
    kind = actor.kind.replace("-", " ").capitalize()
    return plain_text(actor.description) or (
        f"{kind}: the incidents involving {actor.name} and the analysis that names it."
    )
