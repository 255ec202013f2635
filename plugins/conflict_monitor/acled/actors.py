"""ACLED's actor names matched to the publication's actors, and the rest made actors.

A name matches an actor whose name or alias is the same text, whatever its case,
spacing or non-breaking spaces; writers' actors come before the import's own. A
name that matches none becomes an actor of the import's own file, its id made from
its name and its kind from ACLED's actor type (``inter1``/``inter2``).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..model import ACLED_INTER, Actor
from ..rules import RESERVED_IDS
from ..slugs import slugify

ID_LENGTH = 80  # characters of a name's slug kept in an id
# ACLED's actor types (inter codes) as the model's kinds.
KIND_BY_INTER = {
    1: "state-force",
    2: "armed-group",
    3: "armed-group",
    4: "armed-group",
    5: "other",
    6: "other",
    7: "other",
    8: "other",
}
# ACLED names state actors after their state whatever their inter code (foreign
# forces are 8): the name says more about what they are.
KIND_BY_PREFIX = {
    "government of ": "government",
    "military forces of ": "state-force",
    "police forces of ": "state-force",
}


def name_key(name: str) -> str:
    """A name as names are compared: case, spacing and non-breaking spaces aside."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass
class ActorUse:
    """How an export uses one actor name: as which actor types, in which countries."""

    name: str  # as first written in the export
    inter: Counter[int] = field(default_factory=Counter)
    countries: set[str] = field(default_factory=set)

    def actor_type(self) -> int | None:
        """The actor type the export gives the name most often (the lower code on a tie)."""
        if not self.inter:
            return None
        return min(self.inter.items(), key=lambda pair: (-pair[1], pair[0]))[0]


@dataclass
class Resolution:
    ids: dict[str, str]  # name key -> actor id
    added: list[Actor]  # new actors, for the import's file
    changed: list[Actor]  # the import's own actors with new countries


class ActorDirectory:
    """The publication's actors by every name they go by."""

    def __init__(self, actors: Mapping[str, Actor], own: Iterable[str], taken: Iterable[str]):
        """``own``: ids of the actors in the import's own file; ``taken``: every actor
        id in use, the ids of invalid items included."""
        self.actors = actors
        self.own = set(own)
        self.taken = set(taken) | set(actors) | RESERVED_IDS
        self.by_name: dict[str, str] = {}
        # Writers' actors first: a writer who adds ACLED's name as an alias takes it over.
        for actor_id in sorted(actors, key=lambda a: (a in self.own, a)):
            actor = actors[actor_id]
            for name in (actor.name, *actor.aliases):
                self.by_name.setdefault(name_key(name), actor_id)

    def resolve(self, uses: Mapping[str, ActorUse]) -> Resolution:
        """An actor id for every name used (by its key); new actors for the names no
        actor goes by, with ids given in the order of their names, so that the same
        export gives the same ids whatever the order of its rows."""
        ids: dict[str, str] = {}
        added: list[Actor] = []
        countries: dict[str, set[str]] = {}
        for key, use in sorted(uses.items(), key=lambda pair: (pair[0], pair[1].name)):
            actor_id = self.by_name.get(key)
            if actor_id is None:
                actor = self._new_actor(use)
                added.append(actor)
                self.by_name[key] = actor.id
                actor_id = actor.id
            elif actor_id in self.own:
                countries.setdefault(actor_id, set()).update(use.countries)
            ids[key] = actor_id
        changed = []
        for actor_id, seen in sorted(countries.items()):
            actor = self.actors[actor_id]
            if not seen <= set(actor.countries):
                update = sorted(seen | set(actor.countries))
                changed.append(actor.model_copy(update={"countries": update}))
        return Resolution(ids, added, changed)

    def _new_actor(self, use: ActorUse) -> Actor:
        code = use.actor_type()
        kind = next(
            (k for prefix, k in KIND_BY_PREFIX.items() if name_key(use.name).startswith(prefix)),
            KIND_BY_INTER.get(code or 0, "other"),
        )
        return Actor.model_validate(
            {
                "id": self._new_id(use.name),
                "name": use.name,
                "kind": kind,
                "countries": sorted(use.countries),
                "acled_inter": ACLED_INTER[code] if code else None,
            }
        )

    def _new_id(self, name: str) -> str:
        base = slugify(name)[:ID_LENGTH].strip("-")
        if not base:  # a name with no Latin letters or digits
            base = "actor-" + hashlib.sha256(name_key(name).encode()).hexdigest()[:8]
        candidate, number = base, 1
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.taken.add(candidate)
        return candidate
