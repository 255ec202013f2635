"""The index pages: all countries, all actors (grouped by kind)."""

from __future__ import annotations

from itertools import groupby

from ..graph import Graph
from ..model import ACTOR_KINDS
from ..urls import ACTOR_INDEX, COUNTRY_INDEX
from .generated import GeneratedPage

KIND_HEADINGS = {
    "armed-group": "Armed groups",
    "state-force": "State forces",
    "security-service": "Security services",
    "government": "Governments",
    "international-organisation": "International organisations",
    "political-party": "Political parties",
    "person": "People",
    "other": "Other actors",
}


def pages(graph: Graph) -> list[GeneratedPage]:
    by_kind = {
        kind: list(group)
        for kind, group in groupby(
            sorted(graph.actors, key=lambda a: ACTOR_KINDS.index(a.kind)), key=lambda a: a.kind
        )
    }
    return [
        GeneratedPage(
            COUNTRY_INDEX,
            "Countries",
            "countries_index.html",
            {
                "countries": [
                    (
                        c,
                        len(graph.incidents_by_country.get(c.iso3, [])),
                        len(graph.articles_by_country.get(c.iso3, [])),
                    )
                    for c in graph.countries
                ],
            },
        ),
        GeneratedPage(
            ACTOR_INDEX,
            "Actors",
            "actors_index.html",
            {
                "groups": [
                    (
                        KIND_HEADINGS[kind],
                        [
                            (
                                a,
                                len(graph.incidents_by_actor.get(a.id, [])),
                                len(graph.articles_by_actor.get(a.id, [])),
                            )
                            for a in actors
                        ],
                    )
                    for kind, actors in by_kind.items()
                ],
            },
            table_of_contents=True,
        ),
    ]
