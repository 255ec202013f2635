"""The content model's rules that need the whole publication: references between items.

Each check returns problems located at the field that holds the mistake, with a
hint (``did you mean `taliban`?``) where a close match exists.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import TypeVar

from ..diagnostics import did_you_mean
from ..model import (
    Actor,
    Article,
    ArticleMeta,
    Incident,
    Origin,
    Problem,
    Publication,
    Reference,
    Severity,
)
from ..prose.references import names_a_map
from ..urls import SHELL_ID
from .authors import check_authors
from .borders import Borders, Places, Territory, shared_borders

# Ids that would collide with the index pages of their kind (``/actors/`` is actors/index.md).
RESERVED_IDS = frozenset({"index", SHELL_ID})

WHAT = {
    "country": "a country in data/countries.yaml",
    "actor": "a known actor id",
    "incident": "a known incident id",
}
ADD_HINT = {
    "country": "add the country to data/countries.yaml or correct the code",
    "actor": "add the actor to data/ or correct the id",
    "incident": "add the incident to data/ or correct the id",
}


def place_ahead(points: Iterable[tuple[str, float, float]]) -> Places:
    """Where each point (ISO3, latitude, longitude) stands, as ``check`` asks of each
    incident's (and of its latitude and longitude swapped, for one outside its country):
    worked out ahead, in a process of the build that has nothing else to do, for
    ``check`` to take (``places``)."""
    borders, points = shared_borders(), list(points)
    borders.place_all(points)
    for iso3, latitude, longitude in points:
        if not borders.place(iso3, latitude, longitude).inside:
            borders.place(iso3, longitude, latitude)
    return borders.placed()


def check(publication: Publication, places: Callable[[], Places] | None = None) -> list[Problem]:
    """Every cross-reference problem of the publication, unsorted. ``places``: points
    placed ahead (see ``place_ahead``), asked for when the borders are checked, last;
    any other is placed here."""
    problems: list[Problem] = []
    invalid = publication.invalid_ids
    known_ids = {
        "country": publication.countries.keys() | invalid["country"],
        "actor": publication.actors.keys() | invalid["actor"],
        "incident": publication.incidents.keys() | invalid["incident"],
    }

    def refs(
        origin: Origin,
        field: str,
        values: Iterable[str | None],
        kind: str,
        *,
        listed: bool = True,
    ) -> None:
        if kind in publication.unreadable:
            return  # the file that may define it could not be read; reported already
        known = known_ids[kind]
        for index, value in enumerate(values):
            if value is None or value in known:
                continue
            where = (field, index) if listed else (field,)
            problems.append(
                Problem(
                    origin.path,
                    *origin.position(*where),
                    field,
                    f"{value!r} is not {WHAT[kind]}",
                    did_you_mean(value, known) or ADD_HINT[kind],
                )
            )

    # Items with mistakes too: each check that reads none of their broken fields.
    actors = _with_flawed(publication, "actor", publication.actors, Actor)
    incidents = _with_flawed(publication, "incident", publication.incidents, Incident)
    ids = [(a.id, origin) for a, origin, broken in actors if "id" not in broken]
    ids += [(i.id, origin) for i, origin, broken in incidents if "id" not in broken]
    for item_id, origin in ids:
        if item_id in RESERVED_IDS:
            problems.append(
                Problem(
                    origin.path,
                    *origin.position("id"),
                    "id",
                    f"{item_id!r} is reserved for the site's own pages",
                    "choose another id",
                )
            )

    seen_slugs: dict[str, str] = {}
    for iso3, entry in publication.countries.items():
        other = seen_slugs.setdefault(entry.slug, iso3)
        if other != iso3 or entry.slug in RESERVED_IDS:
            origin = publication.origins[("country", iso3)]
            taken = f"as {other}'s" if other != iso3 else "reserved for the countries' index"
            problems.append(
                Problem(
                    origin.path,
                    *origin.position("name"),
                    "name",
                    f"{entry.name!r} gives the page address /countries/{entry.slug}/, {taken}",
                    "give the country another name",
                )
            )

    for actor, origin, broken in actors:
        if "countries" not in broken:
            refs(origin, "countries", actor.countries, "country")
        if "affiliated_with" in broken:
            continue
        refs(origin, "affiliated_with", actor.affiliated_with, "actor")
        if "id" not in broken and actor.id in actor.affiliated_with:
            problems.append(
                Problem(
                    origin.path,
                    *origin.position("affiliated_with"),
                    "affiliated_with",
                    "an actor cannot be affiliated with itself",
                    "remove its own id",
                )
            )

    borders = shared_borders()
    if places is not None:
        borders.adopt(places())
    borders.place_all(
        (incident.country, incident.latitude, incident.longitude)
        for incident, _origin, broken in incidents
        if broken.isdisjoint(("country", "latitude", "longitude"))
    )
    countries, known_actors = publication.countries, known_ids["actor"]
    for incident, origin, broken in incidents:
        if (  # most: nothing to report but, perhaps, where the point lies
            not broken
            and incident.summary
            and incident.country in countries
            and all(actor in known_actors for actor in incident.actor_ids)
        ):
            problems += _outside_border(borders, incident, origin, publication)
            continue
        if "country" not in broken:
            refs(origin, "country", [incident.country], "country", listed=False)
            point = broken.isdisjoint(("latitude", "longitude"))
            if point and incident.country in publication.countries:
                problems += _outside_border(borders, incident, origin, publication)
        if "summary" not in broken and not incident.summary:
            problems.append(
                Problem(
                    origin.path,
                    *origin.position("id"),
                    "summary",
                    "the incident has no summary; its page would say nothing of what happened",
                    "add `summary:` in the publication's own words",
                    severity=Severity.WARNING,
                )
            )
        if "actor1" not in broken:
            refs(origin, "actor1", [incident.actor1], "actor", listed=False)
        if "actor2" not in broken:
            refs(origin, "actor2", [incident.actor2], "actor", listed=False)
        if "assoc_actor_1" not in broken:
            refs(origin, "assoc_actor_1", incident.assoc_actor_1, "actor")
        if "assoc_actor_2" not in broken:
            refs(origin, "assoc_actor_2", incident.assoc_actor_2, "actor")

    articles = [(a, frozenset[str]()) for a in [*publication.articles, *publication.drafts]]
    articles += [(f.item, f.broken) for f in publication.flawed if isinstance(f.item, Article)]
    for article, broken in articles:
        meta = article.meta
        if "countries" not in broken:
            refs(article.origin, "countries", meta.countries, "country")
        if "actors" not in broken:
            refs(article.origin, "actors", meta.actors, "actor")
        if "incidents" not in broken:
            refs(article.origin, "incidents", meta.incidents, "incident")
        problems += _front_matter_typos(article)
        problems += _unknown_references(
            article.origin.path, article.references, known_ids, publication.unreadable
        )
        dated = broken.isdisjoint(("date", "updated"))
        if dated and meta.updated is not None and meta.updated < meta.date:
            problems.append(
                Problem(
                    article.origin.path,
                    *article.origin.position("updated"),
                    "updated",
                    f"{meta.updated} is before date {meta.date}",
                    "correct one of them",
                )
            )

    for path, references in publication.page_references.items():
        problems += _unknown_references(path, references, known_ids, publication.unreadable)

    problems += check_authors(publication, RESERVED_IDS)
    problems += _unreferenced_actors(publication)
    return problems


Item = TypeVar("Item")


def _with_flawed(
    publication: Publication, kind: str, table: dict[str, Item], model: type[Item]
) -> list[tuple[Item, Origin, frozenset[str]]]:
    """The valid items of a kind, where each was written, and no broken field; then its
    items with mistakes, and their broken fields (see ``model.Flawed``)."""
    origins = publication.origins
    items = [(item, origins[(kind, key)], frozenset[str]()) for key, item in table.items()]
    items += [(f.item, f.origin, f.broken) for f in publication.flawed if isinstance(f.item, model)]
    return items


def _outside_border(
    borders: Borders, incident: Incident, origin: Origin, publication: Publication
) -> list[Problem]:
    placement = borders.place(incident.country, incident.latitude, incident.longitude)
    if placement.inside and placement.territory is None:
        return []
    name = publication.countries[incident.country].name
    where = (origin.path, *origin.position("latitude"), "latitude")
    if placement.territory is not None:
        territory = placement.territory
        # Off the territory's outline but within the tolerance: say how far, rounded up.
        km = math.ceil(placement.distance_km)
        lies = f"lies within {km} km of" if km else "lies in"
        return [
            Problem(
                *where,
                f"({incident.latitude}, {incident.longitude}) {lies} {territory.name}, "
                f"{_claimed_and_held(territory, borders, publication)}; the point is "
                f"accepted as {name}",
                severity=Severity.INFO,
            )
        ]
    if placement.inside:
        return []
    if borders.place(incident.country, incident.longitude, incident.latitude).inside:
        hint = "latitude and longitude look swapped"
    elif placement.found_in:
        hint = f"the point lies in {placement.found_in}; check the coordinates or the country"
    else:
        hint = "check the coordinates (decimal degrees, north and east positive)"
    return [
        Problem(
            *where,
            f"({incident.latitude}, {incident.longitude}) is about "
            f"{placement.distance_km:.0f} km outside {name}",
            hint,
        )
    ]


def _claimed_and_held(territory: Territory, borders: Borders, publication: Publication) -> str:
    """``which Ukraine and Russia claim``, ``which Cyprus claims and Turkey holds``: each
    country under the publication's name for it, if it covers it."""

    def names(codes: list[str]) -> str:
        return " and ".join(
            publication.countries[c].name if c in publication.countries else borders.name(c)
            for c in codes
        )

    claimants = list(territory.claimed_by)
    text = f"which {names(claimants)} claim{'s' if len(claimants) == 1 else ''}"
    holders = [c for c in territory.held_by if c not in claimants]
    if holders:
        text += f" and {names(holders)} hold{'s' if len(holders) == 1 else ''}"
    return text


def _unknown_references(
    path: str,
    references: list[Reference],
    known_ids: dict[str, set[str]],
    unreadable: set[str],
) -> list[Problem]:
    def known(kind: str, item: str) -> bool:
        # A kind with an unreadable file may hold the id: reported already.
        return kind in unreadable or item in known_ids[kind]

    problems = []
    for reference in references:
        where = (path, reference.line, reference.column, f"[[{reference.kind}:{reference.target}]]")
        if reference.kind != "map":
            if not known(reference.kind, reference.target):
                hint = did_you_mean(reference.target, known_ids[reference.kind])
                problems.append(
                    Problem(
                        *where,
                        f"{reference.target!r} is not {WHAT[reference.kind]}",
                        hint or ADD_HINT[reference.kind],
                    )
                )
        elif not names_a_map(reference.target, known):
            problems.append(
                Problem(
                    *where,
                    f"{reference.target!r} is not a map",
                    "use [[map:recent]], [[map:country:ISO3]] or [[map:actor:ID]] with a "
                    "known country or actor",
                )
            )
        elif not reference.alone:
            problems.append(
                Problem(
                    *where,
                    "a map must stand alone in its paragraph",
                    "put it on a line of its own, with a blank line before and after",
                )
            )
    return problems


def _front_matter_typos(article: Article) -> list[Problem]:
    """Front matter may hold keys for the theme; one that looks like ours is likely a typo."""
    found = []
    for key in sorted(article.meta.model_extra or {}):
        hint = did_you_mean(key, ArticleMeta.model_fields)
        if hint:
            found.append(
                Problem(
                    article.origin.path,
                    *article.origin.position(key),
                    key,
                    "is not an article field, and is ignored",
                    hint,
                    severity=Severity.WARNING,
                )
            )
    return found


def _unreferenced_actors(publication: Publication) -> list[Problem]:
    """Actors nothing names yet: worth knowing, never a mistake."""
    named: set[str] = set()
    for incident in publication.incidents.values():
        named.update(incident.actor_ids)
    for article in publication.articles:
        named.update(article.meta.actors)
    for actor in publication.actors.values():
        named.update(actor.affiliated_with)
    for flawed in publication.flawed:  # an item with mistakes names its actors all the same
        item = flawed.item.meta if isinstance(flawed.item, Article) else flawed.item
        actor_fields = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
        for field in (*actor_fields, "affiliated_with", "actors"):
            value = None if field in flawed.broken else getattr(item, field, None)
            named.update([value] if isinstance(value, str) else value or [])
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
