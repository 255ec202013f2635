"""One ACLED row read as an incident: its values checked as the build checks them, so
that what the import writes passes ``conflict-monitor validate`` and the strict build.

Actors are named by ACLED and become ids only once the whole export is read (see
``actors.py``); until then an event's incident holds a stand-in actor id.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..model import EVENT_TYPES, CountryEntry, Incident, Source
from ..rules.borders import Borders
from ..slugs import slugify
from . import report
from .actors import name_key
from .columns import Header, Row
from .countries import country_code
from .report import Skipped
from .values import parse_date, parse_inter, parse_number, parse_whole

# ACLED credited as ACLED asks: by name, with its site.
ACLED = Source(
    publisher="ACLED (Armed Conflict Location & Event Data)", url="https://acleddata.com/"
)
STAND_IN = "acled-actor"  # an actor id until the export's actors are known
LOCATION_LENGTH = 60  # characters of a place's slug kept in an incident id
_EVENT_TYPES = {name.casefold(): name for name in EVENT_TYPES}
_SUB_EVENT_TYPES = {
    (event_type, sub.casefold()): sub for event_type, subs in EVENT_TYPES.items() for sub in subs
}
# What Markdown would read as formatting in ACLED's notes (which are plain text):
# ``[size=no report]`` is common, an asterisk or an underscore is not rare.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]])")
_MARKDOWN_BLOCK = re.compile(r"^([#>+-])|^(\d+)\.")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# The columns named in a reason, for the model's fields that have another name.
_COLUMNS = {"date": "event_date", "summary": "notes", "sources": "source"}


@dataclass(frozen=True)
class Event:
    """A row that makes an incident, with its actors still as ACLED names them."""

    row: int
    event_id: str
    incident: Incident  # with stand-in actor ids
    actor1: str
    actor2: str | None
    assoc_actor_1: list[str]
    assoc_actor_2: list[str]
    inter1: int | None
    inter2: int | None

    def with_actors(self, ids: Mapping[str, str], incident_id: str) -> Incident:
        """The incident with its id and its actors' ids (``ids``: by ``name_key``)."""

        def each(names: list[str]) -> list[str]:
            return list(dict.fromkeys(ids[name_key(name)] for name in names))

        return self.incident.model_copy(
            update={
                "id": incident_id,
                "actor1": ids[name_key(self.actor1)],
                "actor2": ids[name_key(self.actor2)] if self.actor2 else None,
                "assoc_actor_1": each(self.assoc_actor_1),
                "assoc_actor_2": each(self.assoc_actor_2),
            }
        )


class EventReader:
    """Reads the rows of one export into events, or says why a row is left out."""

    def __init__(
        self,
        header: Header,
        countries: Mapping[str, CountryEntry],
        countries_file: str,
        borders: Borders,
    ) -> None:
        self.header = header
        self.countries = countries
        self.countries_file = countries_file
        self.borders = borders
        missing = header.missing()
        # A reason every row shares: the export lacks a column.
        self.unreadable: str | None = None
        if missing:
            self.unreadable = report.missing_columns(missing)
        elif not header.has("sub_event_type"):
            self.unreadable = report.too_old()

    def read(self, row: Row) -> Event:
        """The row's event; raise ``Skipped`` with the reason it cannot be one."""
        if self.unreadable:
            raise Skipped(self.unreadable)
        if len(row.cells) < self.header.width:
            raise Skipped(report.wrong_width(len(row.cells), self.header.width))
        event_id = row.text("event_id_cnty")
        if event_id is None:
            raise Skipped(report.empty("event_id_cnty"))
        day = self._date(row)
        iso3 = self._country(row)
        event_type, sub_event_type = self._event_type(row)
        actor1 = _required(row, "actor1")
        actor2 = row.text("actor2")
        latitude = _number(row, "latitude")
        longitude = _number(row, "longitude")
        location = _required(row, "location")
        summary = _markdown_text(row.text("notes") or "") or _plain_summary(
            event_type, sub_event_type, location, row.text("admin1"), self.countries[iso3].name
        )
        fields: dict[str, Any] = {
            "id": incident_id(day, location, event_id),
            "date": day,
            "time_precision": _whole(row, "time_precision"),
            "country": iso3,
            "admin1": row.text("admin1"),
            "admin2": row.text("admin2"),
            "location": location,
            "latitude": latitude,
            "longitude": longitude,
            "geo_precision": _whole(row, "geo_precision"),
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "actor1": STAND_IN,
            "actor2": STAND_IN if actor2 else None,
            "fatalities": _whole(row, "fatalities", default=0),
            "summary": summary,
            "sources": [ACLED, *(Source(publisher=name) for name in row.items("source"))],
            "acled_event_id": event_id,
        }
        try:
            incident = Incident.model_validate(fields)
        except ValidationError as error:
            detail = error.errors()[0]
            field = str(detail["loc"][0]) if detail["loc"] else "row"
            column = _COLUMNS.get(field, field)
            message = str(detail["msg"]).removeprefix("Value error, ")
            raise Skipped(report.refused_value(column, detail["input"], message)) from error
        self._check_border(incident)
        return Event(
            row=row.number,
            event_id=event_id,
            incident=incident,
            actor1=actor1,
            actor2=actor2,
            assoc_actor_1=row.items("assoc_actor_1"),
            assoc_actor_2=row.items("assoc_actor_2"),
            inter1=parse_inter(row.text("inter1")),
            inter2=parse_inter(row.text("inter2")) if actor2 else None,
        )

    def _date(self, row: Row) -> dt.date:
        text = _required(row, "event_date")
        year_text = row.text("year")
        day = parse_date(text, parse_whole(year_text) if year_text else None)
        if day is None:
            raise Skipped(report.not_a_date(text))
        return day

    def _country(self, row: Row) -> str:
        name = row.text("country")
        iso3 = country_code(row.text("iso"), row.text("iso3"), name)
        if iso3 is None:
            raise Skipped(report.unknown_country(name or row.text("iso") or ""))
        if iso3 not in self.countries:
            raise Skipped(report.not_covered(name or iso3, iso3, self.countries_file))
        return iso3

    def _event_type(self, row: Row) -> tuple[str, str]:
        text = _required(row, "event_type")
        event_type = _EVENT_TYPES.get(text.casefold())
        if event_type is None:
            raise Skipped(report.unknown_event_type(text))
        sub_text = _required(row, "sub_event_type")
        sub = _SUB_EVENT_TYPES.get((event_type, sub_text.casefold()))
        if sub is None:
            raise Skipped(report.unknown_sub_event_type(sub_text, event_type))
        return event_type, sub

    def _check_border(self, incident: Incident) -> None:
        """The build's own check: a point more than 10 km outside its country is refused."""
        latitude, longitude = incident.latitude, incident.longitude
        placement = self.borders.place(incident.country, latitude, longitude)
        if placement.inside:
            return
        if self.borders.place(incident.country, longitude, latitude).inside:
            hint = "latitude and longitude look swapped"
        elif placement.found_in:
            hint = f"the point lies in {placement.found_in}"
        else:
            hint = "check the coordinates"
        name = self.countries[incident.country].name
        raise Skipped(report.outside_border(latitude, longitude, placement.distance_km, name, hint))


def incident_id(day: dt.date, location: str, event_id: str) -> str:
    """A new incident's id: its date, its place and ACLED's event id
    (``2021-06-22-sher-khan-bandar-afg55321``), unique as ACLED's ids are."""
    place = slugify(location)[:LOCATION_LENGTH].strip("-")
    return "-".join(part for part in (day.isoformat(), place, slugify(event_id)) if part)


def _required(row: Row, column: str) -> str:
    value = row.text(column)
    if value is None:
        raise Skipped(report.empty(column))
    return value


def _number(row: Row, column: str) -> float:
    text = _required(row, column)
    number = parse_number(text)
    if number is None:
        raise Skipped(report.not_a_number(column, text))
    return number


def _whole(row: Row, column: str, default: int | None = None) -> int:
    text = row.text(column)
    if text is None and default is not None:
        return default  # ACLED: fatalities 0 when unknown
    if text is None:
        raise Skipped(report.empty(column))
    number = parse_whole(text)
    if number is None:
        raise Skipped(report.not_a_number(column, text))
    return number


def _markdown_text(text: str) -> str:
    """ACLED's plain text as Markdown that shows it as it is."""
    text = _ENTITY.sub("&amp;", _MARKDOWN_INLINE.sub(r"\\\1", text)).replace("<", "&lt;")
    # A list or a heading when at the start: `- `, `+ `, `# `, `> `, `1. `
    return _MARKDOWN_BLOCK.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\.", text)


def _plain_summary(
    event_type: str, sub_event_type: str, location: str, admin1: str | None, country: str
) -> str:
    """A summary for a row without notes: an incident page must say what happened
    (``Armed clash in Kabul, Afghanistan, as recorded by ACLED.``)."""
    what = event_type.removesuffix("s") if sub_event_type == "Other" else sub_event_type
    place = ", ".join(dict.fromkeys(p for p in (location, admin1, country) if p))
    return _markdown_text(f"{what} in {place}, as recorded by ACLED.")
