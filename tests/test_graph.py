"""The link graph every generated page reads: what is listed where, once, and in which order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conflict_monitor.graph import build_graph
from conflict_monitor.model import (
    Actor,
    Article,
    ArticleMeta,
    Country,
    CountryEntry,
    Incident,
    Origin,
    Publication,
    Reference,
    Source,
)


def incident(
    incident_id: str,
    day: str,
    *,
    country: str = "AFG",
    actor1: str = "taliban",
    actor2: str | None = None,
    assoc_actor_1: tuple[str, ...] = (),
    assoc_actor_2: tuple[str, ...] = (),
) -> Incident:
    return Incident(
        id=incident_id,
        date=dt.date.fromisoformat(day),
        time_precision=1,
        country=country,
        location="Somewhere",
        latitude=36.7,
        longitude=68.9,
        geo_precision=1,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1=actor1,
        actor2=actor2,
        assoc_actor_1=list(assoc_actor_1),
        assoc_actor_2=list(assoc_actor_2),
        sources=[Source(publisher="Example News")],
    )


def actor(actor_id: str, name: str, *affiliated_with: str) -> Actor:
    return Actor(id=actor_id, name=name, kind="armed-group", affiliated_with=list(affiliated_with))


def article(
    name: str,
    *,
    countries: tuple[str, ...] = (),
    actors: tuple[str, ...] = (),
    incidents: tuple[str, ...] = (),
    in_prose: tuple[tuple[str, str], ...] = (),
) -> Article:
    meta = ArticleMeta(
        title=name,
        date=dt.date(2021, 7, 1),
        summary="Summary.",
        countries=list(countries),
        actors=list(actors),
        incidents=list(incidents),
    )
    references = [Reference(kind, target, None, 5, 1) for kind, target in in_prose]
    src_uri = f"articles/2021/{name}.md"
    return Article(src_uri, meta, Origin(f"content/{src_uri}", 1), references)


def country(iso3: str, name: str) -> CountryEntry:
    return CountryEntry(Country(iso3=iso3, region="Asia", summary="Text."), name, name.lower())


ACTORS = [
    actor("taliban", "Taliban"),
    actor("army", "Army"),
    actor("al-shabaab", "al-Shabaab"),
    actor("islamic-state", "Islamic State"),
    actor("iskp", "Islamic State Khorasan Province", "islamic-state"),
    actor("is-somalia", "Islamic State Somalia", "islamic-state", "al-shabaab"),
]


def publication(incidents: list[Incident], articles: list[Article] | None = None) -> Publication:
    return Publication(
        root=Path("pub"),
        countries={c.iso3: c for c in (country("AFG", "Afghanistan"), country("SOM", "Somalia"))},
        actors={a.id: a for a in ACTORS},
        incidents={i.id: i for i in incidents},
        articles=articles or [],
    )


def ids(incidents: list[Incident]) -> list[str]:
    return [i.id for i in incidents]


def test_incidents_newest_first_whatever_order_they_were_loaded_in() -> None:
    loaded = [
        incident("b-older", "2021-06-01"),
        incident("a-same-day", "2021-06-02"),
        incident("c-same-day", "2021-06-02", actor1="army"),
        incident("z-newest", "2021-06-03", country="SOM"),
    ]
    expected = ["z-newest", "c-same-day", "a-same-day", "b-older"]
    for order in (loaded, loaded[::-1]):
        graph = build_graph(publication(order))
        assert ids(graph.incidents) == expected
        assert ids(graph.incidents_by_country["AFG"]) == ["c-same-day", "a-same-day", "b-older"]
        assert ids(graph.incidents_by_actor["taliban"]) == ["z-newest", "a-same-day", "b-older"]


def test_an_incident_is_listed_once_per_actor_whatever_role_it_plays() -> None:
    graph = build_graph(
        publication(
            [
                incident(
                    "twice",
                    "2021-06-02",
                    actor1="taliban",
                    actor2="army",
                    assoc_actor_1=("taliban", "iskp"),
                    assoc_actor_2=("army", "iskp"),
                )
            ]
        )
    )
    for actor_id in ("taliban", "army", "iskp"):
        assert ids(graph.incidents_by_actor[actor_id]) == ["twice"]
    assert [(a.id, n) for a, n in graph.actors_by_country["AFG"]] == [
        ("army", 1),
        ("iskp", 1),
        ("taliban", 1),
    ]


def test_actors_by_country_most_incidents_first_then_by_name_ignoring_case() -> None:
    graph = build_graph(
        publication(
            [
                incident("1", "2021-06-01", actor1="army"),
                incident("2", "2021-06-02", actor1="taliban", actor2="al-shabaab"),
                incident("3", "2021-06-03", actor1="taliban", assoc_actor_1=("army",)),
                incident("4", "2021-06-04", actor1="taliban"),
                incident("5", "2021-06-05", country="SOM", actor1="al-shabaab"),
                incident("6", "2021-06-06", country="SOM", actor1="al-shabaab"),
            ]
        )
    )
    assert [(a.id, n) for a, n in graph.actors_by_country["AFG"]] == [
        ("taliban", 3),
        ("army", 2),
        ("al-shabaab", 1),
    ]
    assert [(a.id, n) for a, n in graph.actors_by_country["SOM"]] == [("al-shabaab", 2)]
    # "al-Shabaab" before "Army": names are compared without case.
    tied = build_graph(
        publication([incident("1", "2021-06-01", actor1="army", actor2="al-shabaab")])
    )
    assert [a.id for a, _ in tied.actors_by_country["AFG"]] == ["al-shabaab", "army"]


def test_articles_by_what_they_name_in_front_matter_or_prose() -> None:
    newer = article(
        "newer",
        countries=("AFG",),
        actors=("taliban",),
        in_prose=(("actor", "iskp"), ("actor", "taliban"), ("incident", "1"), ("country", "SOM")),
    )
    older = article("older", countries=("AFG",), actors=("iskp",), incidents=("1",))
    graph = build_graph(publication([incident("1", "2021-06-01")], [newer, older]))
    assert graph.articles_by_country == {"AFG": [newer, older], "SOM": [newer]}
    assert graph.articles_by_actor == {"taliban": [newer], "iskp": [newer, older]}
    assert graph.articles_by_incident == {"1": [newer, older]}


def test_map_references_name_no_article_subject() -> None:
    with_map = article("maps", countries=("AFG",), in_prose=(("map", "SOM"), ("map", "taliban")))
    graph = build_graph(publication([], [with_map]))
    assert graph.articles_by_country == {"AFG": [with_map]}
    assert graph.articles_by_actor == {}


def test_affiliates_are_listed_under_each_actor_they_are_affiliated_with() -> None:
    graph = build_graph(publication([]))
    assert {parent: [a.id for a in found] for parent, found in graph.affiliates.items()} == {
        "islamic-state": ["iskp", "is-somalia"],
        "al-shabaab": ["is-somalia"],
    }
