"""The writer's vocabulary: countries, actors, incidents, sources and articles.

Each model mirrors one item of ``../shared/spec/content-model.md`` (the content
model in the README). Field names follow the ACLED codebook where ACLED has the
same idea. The models check what one item can check on its own; what needs the
whole publication (ids that must exist, uniqueness) lives in ``rules``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

# Lowercase ASCII letters, digits and hyphens, starting with a letter or digit.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Identifier = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=200)]
ISO3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]

ACTOR_KINDS = (
    "armed-group",
    "state-force",
    "security-service",
    "government",
    "international-organisation",
    "political-party",
    "person",
    "other",
)
ActorKind = Literal[
    "armed-group",
    "state-force",
    "security-service",
    "government",
    "international-organisation",
    "political-party",
    "person",
    "other",
]

# ACLED's six event types and the sub-event types that belong to each.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
    ),
    "Protests": (
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
EventType = Literal[
    "Battles",
    "Protests",
    "Riots",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
]

# ACLED's actor types (inter codes 1-8).
ACLED_INTER = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

TIME_PRECISION = {
    1: "the exact day is known",
    2: "known to within a week",
    3: "known to within a month",
}
GEO_PRECISION = {
    1: "at the named place",
    2: "near the named place, or in part of a region",
    3: "only the region is known",
}


class _Strict(BaseModel):
    """Unknown fields are refused: a typo must not silently drop a value."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Country(_Strict):
    iso3: ISO3
    name: str | None = Field(default=None, min_length=1)
    region: str = Field(min_length=1)
    summary: str = ""


class Actor(_Strict):
    id: Identifier
    name: str = Field(min_length=1)
    kind: ActorKind
    aliases: list[str] = []
    countries: list[ISO3] = []
    affiliated_with: list[Identifier] = []
    acled_inter: str | int | None = None
    description: str = ""
    links: list[str] = []

    @field_validator("acled_inter")
    @classmethod
    def _known_actor_type(cls, value: str | int | None) -> str | int | None:
        if value is None:
            return None
        if isinstance(value, int):
            if value not in ACLED_INTER:
                raise ValueError("ACLED actor type codes run from 1 to 8")
            return value
        if value not in ACLED_INTER.values():
            known = ", ".join(ACLED_INTER.values())
            raise ValueError(f"not an ACLED actor type; use a code 1-8 or one of: {known}")
        return value

    @field_validator("links")
    @classmethod
    def _web_links(cls, links: list[str]) -> list[str]:
        for link in links:
            _require_web_url(link)
        return links

    @property
    def acled_inter_name(self) -> str | None:
        if isinstance(self.acled_inter, int):
            return ACLED_INTER[self.acled_inter]
        return self.acled_inter


class Source(_Strict):
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    date: dt.date | None = None
    language: str | None = None

    @field_validator("url")
    @classmethod
    def _web_url(cls, url: str | None) -> str | None:
        return None if url is None else _require_web_url(url)

    @model_validator(mode="after")
    def _publisher_or_url(self) -> Source:
        if not self.publisher and not self.url:
            raise ValueError("a source needs a publisher or a url")
        return self


class Incident(_Strict):
    id: Identifier
    date: dt.date
    date_end: dt.date | None = None
    time_precision: Literal[1, 2, 3]
    country: ISO3
    admin1: str | None = None
    admin2: str | None = None
    location: str = Field(min_length=1)
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    geo_precision: Literal[1, 2, 3]
    event_type: EventType
    sub_event_type: str
    actor1: Identifier
    actor2: Identifier | None = None
    assoc_actor_1: list[Identifier] = []
    assoc_actor_2: list[Identifier] = []
    fatalities: int = Field(default=0, ge=0)
    fatalities_high: int | None = Field(default=None, ge=0)
    summary: str = ""
    sources: list[Source] = Field(min_length=1)
    tags: list[str] = []

    # Fields are checked in the order they are declared, so each check below sees
    # the fields it compares with in ``info.data`` (absent when they were wrong).
    @field_validator("date_end")
    @classmethod
    def _ends_after_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("date")
        if end is not None and start is not None and end < start:
            raise ValueError(f"{end} is before date {start}; correct one of them")
        return end

    @field_validator("sub_event_type")
    @classmethod
    def _belongs_to_event_type(cls, sub: str, info: ValidationInfo) -> str:
        event_type = info.data.get("event_type")
        if event_type is not None and sub not in EVENT_TYPES[event_type]:
            raise ValueError(
                f"{sub!r} is not a sub-event type of {event_type!r}; "
                f"use one of: {', '.join(EVENT_TYPES[event_type])}"
            )
        return sub

    @field_validator("fatalities_high")
    @classmethod
    def _high_not_below_low(cls, high: int | None, info: ValidationInfo) -> int | None:
        low = info.data.get("fatalities")
        if high is not None and low is not None and high < low:
            raise ValueError(f"{high} is lower than fatalities ({low})")
        return high

    @property
    def actor_ids(self) -> list[str]:
        """Every actor of the incident: actor1, actor2 and the associated actors."""
        ids = [self.actor1]
        if self.actor2:
            ids.append(self.actor2)
        return ids + self.assoc_actor_1 + self.assoc_actor_2


class Correction(_Strict):
    date: dt.date
    note: str = Field(min_length=1)


class ArticleMeta(BaseModel):
    """An article's front matter. Other keys are left to the theme and other plugins."""

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)

    title: str = Field(min_length=1)
    date: dt.date
    updated: dt.date | None = None
    authors: list[str] = []
    summary: str = Field(min_length=1)
    countries: list[ISO3] = []
    actors: list[Identifier] = []
    incidents: list[Identifier] = []
    tags: list[str] = []
    draft: bool = False
    corrections: list[Correction] = []


def _require_web_url(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest:
        raise ValueError("only http:// and https:// links are allowed")
    return url
