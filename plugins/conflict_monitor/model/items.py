"""The writer's vocabulary: countries, actors, incidents, sources and articles.

Each model mirrors one item of ``../shared/spec/content-model.md`` (the content
model in the README). Field names follow the ACLED codebook where ACLED has the
same idea. The models check what one item can check on its own; what needs the
whole publication (ids that must exist, uniqueness) lives in ``rules``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .values import Day, WebUrl

# Lowercase ASCII letters, digits and hyphens, starting with a letter or digit.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Identifier = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=200)]
ISO3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


def _not_a_boolean(value: object) -> object:
    # Python counts True as 1: a precision code of `true` is a mistake, not 1.
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a precision code; use 1, 2 or 3 (ACLED)")
    return value


Precision = Annotated[Literal[1, 2, 3], BeforeValidator(_not_a_boolean)]

EARLIEST = dt.date(1900, 1, 1)


def _empty_list() -> Any:
    """A list field's default: a new empty list for each item that leaves the field
    out. (A default of ``[]`` would be deep-copied for each: a quarter of the time of
    checking an incident.) Editors' schemas still show the default."""
    return Field(default_factory=list, json_schema_extra={"default": []})


# Any day up to this one is not in the future: what most incidents are checked against.
_TODAY_AT_START = dt.date.today()


def _plausible_event_date(day: dt.date) -> dt.date:
    """Incidents happened: not before 1900, and not after tomorrow (time zones)."""
    if EARLIEST <= day <= _TODAY_AT_START:
        return day
    latest = dt.date.today() + dt.timedelta(days=1)
    if not EARLIEST <= day <= latest:
        raise ValueError(f"{day} is not a plausible date for an event (1900 to today)")
    return day


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
ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)
# What each kind is for, in one line: the writers' guide's table is made from it.
ACTOR_KIND_MEANINGS: dict[str, str] = {
    "armed-group": "A non-state group that fights: rebels, insurgents, militias, jihadist groups.",
    "state-force": "A state's armed forces, police or border guards acting as the state.",
    "security-service": "A state's intelligence or security agency, such as Tajikistan's GKNB.",
    "government": "A government, a ministry or another civilian state body.",
    "international-organisation": "An organisation of states or one of its missions: "
    "the UN and UNAMA, the CSTO, the EU.",
    "political-party": "A party or political movement that does not fight.",
    "person": "One named person: a leader, an official, a commander, a spokesperson.",
    "other": "Anyone else: civilians, protesters, rioters, companies, unidentified groups.",
}

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


# Strict: YAML already gives each value its type, and nothing is converted behind
# the writer's back (``true`` is not 1, ``0`` is not a date, ``"12"`` is not 12).
_WRITERS_FIELDS = ConfigDict(
    frozen=True, strict=True, str_strip_whitespace=True, use_attribute_docstrings=True
)


class _Strict(BaseModel):
    """Unknown fields are refused: a typo must not silently drop a value."""

    model_config = ConfigDict(**_WRITERS_FIELDS, extra="forbid")


class Country(_Strict):
    iso3: ISO3
    """ISO 3166-1 alpha-3 code, such as AFG."""
    name: str | None = Field(default=None, min_length=1)
    """Display name; defaults to the ISO short name. The page address is made from it."""
    region: str = Field(min_length=1)
    """Free text used to group countries, such as Central Asia."""
    summary: str = Field(min_length=1)
    """Markdown: one or two paragraphs for the country page."""


class Actor(_Strict):
    id: Identifier
    """Permanent id, part of the URL /actors/<id>/: lowercase letters, digits, hyphens."""
    name: str = Field(min_length=1)
    kind: ActorKind
    """What sort of actor this is."""
    aliases: list[str] = _empty_list()
    """Other names, in any script; search finds the actor by each."""
    countries: list[ISO3] = _empty_list()
    """ISO3 codes of the countries where the actor is active."""
    affiliated_with: list[Identifier] = _empty_list()
    """Ids of other actors: parent group, alliance, employer."""
    acled_inter: str | int | None = Field(
        default=None, json_schema_extra={"enum": [*ACLED_INTER, *ACLED_INTER.values(), None]}
    )
    """ACLED actor type, as text (Rebel group) or its code 1-8."""
    description: str = ""
    """Markdown."""
    links: list[WebUrl] = _empty_list()
    """Reference pages about the actor (http or https)."""

    @field_validator("acled_inter")
    @classmethod
    def _known_actor_type(cls, value: str | int | None) -> str | int | None:
        if value is None:
            return None
        if isinstance(value, int):
            if value not in ACLED_INTER:
                raise ValueError(f"{value} is not an ACLED actor type code; use 1 to 8")
            return value
        if value not in ACLED_INTER.values():
            known = ", ".join(ACLED_INTER.values())
            raise ValueError(f"not an ACLED actor type; use a code 1-8 or one of: {known}")
        return value

    @property
    def acled_inter_name(self) -> str | None:
        if isinstance(self.acled_inter, int):
            return ACLED_INTER[self.acled_inter]
        return self.acled_inter


class Source(_Strict):
    # The rule of ``_publisher_or_url``, for the editors' JSON Schema.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {
                    "required": ["publisher"],
                    "properties": {"publisher": {"type": "string", "pattern": "\\S"}},
                },
                {"required": ["url"], "properties": {"url": {"type": "string"}}},
            ]
        }
    )

    title: str | None = None
    publisher: str | None = None
    """Who published it; required when there is no url."""
    url: WebUrl | None = None
    """http or https only."""
    date: Day | None = None
    language: str | None = None
    """Language code, such as en, ru, fa."""

    @model_validator(mode="after")
    def _publisher_or_url(self) -> Source:
        if not self.publisher and not self.url:
            raise ValueError("a source needs a publisher or a url")
        return self


class Incident(_Strict):
    id: Identifier
    """Permanent id, part of the URL /incidents/<id>/: lowercase letters, digits, hyphens."""
    date: Day
    """When it happened, YYYY-MM-DD (ACLED event_date)."""
    date_end: Day | None = None
    """For events over several days: the last day."""
    time_precision: Precision
    """1 the exact day, 2 within a week, 3 within a month (ACLED)."""
    country: ISO3
    """ISO3 code, listed in data/countries.yaml."""
    admin1: str | None = None
    """Province or region."""
    admin2: str | None = None
    """District."""
    location: str = Field(min_length=1)
    """The named place."""
    latitude: float = Field(ge=-90, le=90)
    """WGS84 decimal degrees, north positive."""
    longitude: float = Field(ge=-180, le=180)
    """WGS84 decimal degrees, east positive."""
    geo_precision: Precision
    """1 the named place, 2 near it or part of a region, 3 only the region (ACLED)."""
    event_type: EventType
    """One of ACLED's six event types."""
    sub_event_type: str
    """An ACLED sub-event type of the event type."""
    actor1: Identifier
    """Id of the main actor."""
    actor2: Identifier | None = None
    """Id of the other side, if any."""
    assoc_actor_1: list[Identifier] = _empty_list()
    """Ids of actors acting with actor1."""
    assoc_actor_2: list[Identifier] = _empty_list()
    """Ids of actors acting with actor2."""
    fatalities: int = Field(default=0, ge=0)
    """Lowest reliable figure; 0 when unknown (ACLED)."""
    fatalities_high: int | None = Field(default=None, ge=0)
    """Highest reliable figure (UCDP high)."""
    summary: str = ""
    """Markdown: what happened, in the publication's own words."""
    sources: list[Source] = Field(min_length=1)
    """At least one source, each with a publisher or a url."""
    tags: list[str] = _empty_list()
    acled_event_id: str | None = Field(default=None, min_length=1)
    """ACLED's event id (event_id_cnty) of an incident imported from ACLED data."""

    @field_validator("date", "date_end")
    @classmethod
    def _plausible(cls, day: dt.date | None) -> dt.date | None:
        return None if day is None else _plausible_event_date(day)

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
    date: Day
    note: str = Field(min_length=1)


class Author(_Strict):
    """One of the publication's authors (data/authors.yaml)."""

    id: Identifier
    """Permanent id, part of the URL /authors/<id>/: lowercase letters, digits, hyphens."""
    name: str = Field(min_length=1)
    """As readers see it in bylines and on the author's page."""
    role: str | None = Field(default=None, min_length=1)
    """What the author does for the publication, such as Central Asia analyst."""
    bio: str = ""
    """Markdown: a few sentences for the author's page."""
    links: list[WebUrl] = _empty_list()
    """The author's pages elsewhere (http or https)."""


class ArticleMeta(BaseModel):
    """An article's front matter. Other keys are left to the theme and other plugins."""

    model_config = ConfigDict(**_WRITERS_FIELDS, extra="allow")

    title: str = Field(min_length=1)
    date: Annotated[Day, Field(ge=EARLIEST, le=dt.date(2100, 12, 31))]
    """Publication date, YYYY-MM-DD."""
    updated: Day | None = None
    """Date of the last substantive change."""
    authors: list[str] = _empty_list()
    """Ids from data/authors.yaml when the publication has that file; else names as written."""
    summary: str = Field(min_length=1)
    """One or two sentences for listings, feeds and social previews."""
    countries: list[ISO3]
    """ISO3 codes; each gets a link to its country page."""
    actors: list[Identifier]
    """Actor ids; each gets a link to its actor page."""
    incidents: list[Identifier] = _empty_list()
    """Incident ids shown with the article."""
    tags: list[str] = _empty_list()
    draft: bool = False
    """Drafts are shown by `serve`, never published."""
    corrections: list[Correction] = _empty_list()
    """Public corrections log."""
