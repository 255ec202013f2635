"""The content model's rules that need the whole publication: references between items.

Each check returns problems located at the field that holds the mistake, with a
hint (``did you mean `taliban`?``) where a close match exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .problems import Problem, Severity, did_you_mean

if TYPE_CHECKING:
    from .publication import Origin, Publication

# Ids that would collide with the index pages of their kind (``/actors/`` is actors/index.md).
RESERVED_IDS = frozenset({"index"})


def check(publication: Publication) -> list[Problem]:
    """Every cross-reference problem of the publication, unsorted."""
    problems: list[Problem] = []
    invalid = publication.invalid_ids
    countries = publication.countries.keys() | invalid["country"]
    actors = publication.actors.keys() | invalid["actor"]
    incidents = publication.incidents.keys() | invalid["incident"]

    def refs(
        origin: Origin, field: str, values: Iterable[str | None], known: Iterable[str], what: str
    ) -> None:
        known = set(known)
        for index, value in enumerate(values):
            if value is None or value in known:
                continue
            where = (field, index) if field.endswith("s") or field.startswith("assoc") else (field,)
            problems.append(
                Problem(
                    origin.path,
                    *origin.position(*where),
                    field,
                    f"{value!r} is not {what}",
                    did_you_mean(value, known) or _add_hint(what),
                )
            )

    for kind, table in (("actor", publication.actors), ("incident", publication.incidents)):
        for item_id in table:
            if item_id in RESERVED_IDS:
                origin = publication.origins[(kind, item_id)]
                problems.append(
                    Problem(
                        origin.path,
                        *origin.position("id"),
                        "id",
                        f"{item_id!r} is reserved for the {kind}s' index page",
                        "choose another id",
                    )
                )

    seen_slugs: dict[str, str] = {}
    for iso3, entry in publication.countries.items():
        other = seen_slugs.setdefault(entry.slug, iso3)
        if other != iso3:
            origin = publication.origins[("country", iso3)]
            problems.append(
                Problem(
                    origin.path,
                    *origin.position("name"),
                    "name",
                    f"{entry.name!r} gives the same page address as {other}",
                    "give the countries different names",
                )
            )

    for actor_id, actor in publication.actors.items():
        origin = publication.origins[("actor", actor_id)]
        refs(origin, "countries", actor.countries, countries, "a country in data/countries.yaml")
        refs(origin, "affiliated_with", actor.affiliated_with, actors, "a known actor id")
        if actor_id in actor.affiliated_with:
            problems.append(
                Problem(
                    origin.path,
                    *origin.position("affiliated_with"),
                    "affiliated_with",
                    "an actor cannot be affiliated with itself",
                    "remove its own id",
                )
            )

    for incident_id, incident in publication.incidents.items():
        origin = publication.origins[("incident", incident_id)]
        refs(origin, "country", [incident.country], countries, "a country in data/countries.yaml")
        refs(origin, "actor1", [incident.actor1], actors, "a known actor id")
        refs(origin, "actor2", [incident.actor2], actors, "a known actor id")
        refs(origin, "assoc_actor_1", incident.assoc_actor_1, actors, "a known actor id")
        refs(origin, "assoc_actor_2", incident.assoc_actor_2, actors, "a known actor id")

    for article in [*publication.articles, *publication.drafts]:
        meta = article.meta
        refs(
            article.origin,
            "countries",
            meta.countries,
            countries,
            "a country in data/countries.yaml",
        )
        refs(article.origin, "actors", meta.actors, actors, "a known actor id")
        refs(article.origin, "incidents", meta.incidents, incidents, "a known incident id")
        if meta.updated is not None and meta.updated < meta.date:
            problems.append(
                Problem(
                    article.origin.path,
                    *article.origin.position("updated"),
                    "updated",
                    f"{meta.updated} is before date {meta.date}",
                    "correct one of them",
                )
            )

    problems += _unreferenced_actors(publication)
    return problems


def _add_hint(what: str) -> str:
    if "country" in what:
        return "add the country to data/countries.yaml or correct the code"
    kind = what.split()[-2] if what.endswith(" id") else "item"
    return f"add the {kind} to data/ or correct the id"


def _unreferenced_actors(publication: Publication) -> list[Problem]:
    """Actors nothing names yet: worth knowing, never a mistake."""
    named: set[str] = set()
    for incident in publication.incidents.values():
        named.update(incident.actor_ids)
    for article in publication.articles:
        named.update(article.meta.actors)
    for actor in publication.actors.values():
        named.update(actor.affiliated_with)
    notices = []
    for actor_id in sorted(publication.actors.keys() - named):
        origin = publication.origins[("actor", actor_id)]
        notices.append(
            Problem(
                origin.path,
                *origin.position("id"),
                "id",
                f"actor {actor_id!r} is not named by any incident or article yet",
                severity=Severity.INFO,
            )
        )
    return notices
