"""A page per country: what is happening there, its incidents, articles and active actors."""

from __future__ import annotations

from collections import Counter

from ..graph import Graph
from ..urls import country_page
from . import GeneratedPage

LATEST_INCIDENTS = 50  # the page stays light; older incidents are on the incident pages


def pages(graph: Graph) -> list[GeneratedPage]:
    result = []
    for entry in graph.countries:
        incidents = graph.incidents_by_country.get(entry.iso3, [])
        result.append(
            GeneratedPage(
                country_page(entry),
                entry.name,
                "country.html",
                {
                    "country": entry,
                    "incidents": incidents[:LATEST_INCIDENTS],
                    "incident_count": len(incidents),
                    "fatalities": sum(i.fatalities for i in incidents),
                    "by_event_type": sorted(Counter(i.event_type for i in incidents).items()),
                    "articles": graph.articles_by_country.get(entry.iso3, []),
                    "actors": graph.actors_by_country.get(entry.iso3, []),
                },
            )
        )
    return result
