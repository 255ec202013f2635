"""A permalink page per incident: what, where, when, who, and how we know."""

from __future__ import annotations

from functools import partial
from typing import Any

from ..graph import Graph
from ..model import GEO_PRECISION, TIME_PRECISION, Incident
from ..prose.html import plain_text
from ..urls import actor_page, country_map_data, country_page, incident_page
from .generated import GeneratedPage, UrlFor


def pages(graph: Graph) -> list[GeneratedPage]:
    result = []
    for country_incidents in graph.incidents_by_country.values():
        for index, incident in enumerate(country_incidents):
            result.append(
                GeneratedPage(
                    incident_page(incident.id),
                    f"{incident.location}, {incident.date.isoformat()}",
                    "incident.html",
                    partial(_shown, graph, country_incidents, index),
                    from_shell=True,
                    searchable=False,
                    description=partial(_description, graph, incident),
                    made_from=partial(_made_from, graph, country_incidents, index),
                    links=partial(_links, graph, country_incidents, index),
                )
            )
    result.sort(key=lambda page: page.src_uri)
    return result


def _description(graph: Graph, incident: Incident) -> str:
    """What link previews say of an incident: its summary, else what and where."""
    where = f"{incident.location}, {graph.country(incident.country).name}"
    return plain_text(incident.summary) or f"{incident.sub_event_type} in {where}."


def _made_from(graph: Graph, country_incidents: list[Incident], index: int) -> object:
    """What ``_shown`` shows an incident's page from: it, its neighbours, its actors' ids
    and names (all incident.html shows of them: an edit to an actor's description need
    not make its incidents' pages again), its country and the articles that cite it."""
    incident = country_incidents[index]
    return (  # one flat tuple: there are twenty thousand of them to compare
        *country_incidents[max(index - 1, 0) : index + 2],
        *(text for a in incident.actor_ids for text in (a, graph.actor_names[a])),
        graph.country(incident.country),
        graph.articles_by_incident.get(incident.id),
    )


def _neighbours(
    country_incidents: list[Incident], index: int
) -> tuple[Incident | None, Incident | None]:
    """The incidents before and after this one in its country (the list is newest
    first: the one before is the next in it)."""
    older = country_incidents[index + 1] if index + 1 < len(country_incidents) else None
    newer = country_incidents[index - 1] if index > 0 else None
    return older, newer


def _links(
    graph: Graph, country_incidents: list[Incident], index: int, url_for: UrlFor
) -> dict[str, str | None]:
    """Where an incident's page links to (its country, map data, actors and neighbours),
    for ``incident.html``, which shows each without a call."""
    incident = country_incidents[index]
    country = graph.country(incident.country)
    older, newer = _neighbours(country_incidents, index)
    return {
        "country_link": url_for(country_page(country)),
        "map_link": url_for(country_map_data(country)),
        "actor1_link": url_for(actor_page(incident.actor1)),
        "actor2_link": url_for(actor_page(incident.actor2)) if incident.actor2 else None,
        "previous_link": url_for(incident_page(older.id)) if older else None,
        "next_link": url_for(incident_page(newer.id)) if newer else None,
    }


def _shown(graph: Graph, country_incidents: list[Incident], index: int) -> dict[str, Any]:
    """What an incident's page shows; its neighbours are in the same country."""
    incident = country_incidents[index]
    older, newer = _neighbours(country_incidents, index)
    return {
        "incident": incident,
        "country": graph.country(incident.country),
        "map_src": country_map_data(graph.country(incident.country)),
        "actor1": graph.actor(incident.actor1),
        "actor2": graph.actor(incident.actor2) if incident.actor2 else None,
        "assoc_actor_1": [graph.actor(a) for a in incident.assoc_actor_1],
        "assoc_actor_2": [graph.actor(a) for a in incident.assoc_actor_2],
        "time_precision": TIME_PRECISION[incident.time_precision],
        "geo_precision": GEO_PRECISION[incident.geo_precision],
        "articles": graph.articles_by_incident.get(incident.id, []),
        "previous": older,
        "next": newer,
    }
