"""The incidents a map shows, as compact JSON: one file per country, per actor, and recent.

Each incident is a row of plain values (no HTML): the browser builds popups from them
as text. Names and types are stored once per file and referred to by number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..json_text import compact_json
from ..model import EVENT_TYPES, Incident
from ..prose.html import plain_text

FIELDS = (
    "id", "date", "type", "sub_event_type", "latitude", "longitude", "geo_precision",
    "fatalities", "fatalities_high", "place", "actors", "summary",
)  # fmt: skip
SUMMARY_LENGTH = 140  # characters of the summary shown in a popup
TYPES = list(EVENT_TYPES)


class _Values(NamedTuple):
    """What a map shows of an incident, in the order of ``FIELDS``; names where its file
    has numbers (the sub-event type, the actors)."""

    id: str
    date: str
    type: int
    sub_event_type: str
    latitude: float
    longitude: float
    geo_precision: int
    fatalities: int
    fatalities_high: int | None
    place: str
    actors: tuple[str, ...]
    summary: str


# Each incident's values, by id, for every map it is on (its country's, its actors', the
# latest): made once for them all (see ``data_file``).
MapValues = dict[str, _Values]


@dataclass(frozen=True)
class MapData:
    """A map's incidents, ready to be written as JSON."""

    incidents: list[Incident]
    actor_names: dict[str, str]  # actor id -> name

    def as_json(self, incident_url: str, made: MapValues | None = None) -> str:
        """The data file; ``incident_url`` is the link to an incident with ``{id}`` in it,
        relative to where the data is read from. ``made``: incidents' values made for
        other files of the same publication, to reuse (and add to)."""
        return compact_json(self.payload(incident_url, made))

    def payload(self, incident_url: str, made: MapValues | None = None) -> dict[str, Any]:
        subs: list[str] = []
        names: list[str] = []
        sub_index: dict[str, int] = {}
        name_index: dict[str, int] = {}

        def number(value: str, table: list[str], index: dict[str, int]) -> int:
            if value not in index:
                index[value] = len(table)
                table.append(value)
            return index[value]

        made = {} if made is None else made
        rows = []
        for incident in self.incidents:
            values = made.get(incident.id)
            if values is None:
                values = made[incident.id] = self._values(incident)
            row: list[Any] = [*values]  # in the order of FIELDS; then numbered in this file
            row[3] = number(values.sub_event_type, subs, sub_index)
            row[10] = [number(name, names, name_index) for name in values.actors]
            rows.append(row)
        return {
            "fields": FIELDS,
            "types": TYPES,
            "sub_event_types": subs,
            "actors": names,
            "incident_url": incident_url,
            "incidents": rows,
        }

    def _values(self, incident: Incident) -> _Values:
        actors = (incident.actor1, incident.actor2) if incident.actor2 else (incident.actor1,)
        return _Values(
            incident.id,
            incident.date.isoformat(),
            TYPES.index(incident.event_type),
            incident.sub_event_type,
            round(incident.latitude, 4),
            round(incident.longitude, 4),
            incident.geo_precision,
            incident.fatalities,
            incident.fatalities_high,
            _place(incident),
            tuple(self.actor_names[a] for a in actors),
            short_summary(incident.summary),
        )


def _place(incident: Incident) -> str:
    parts = [incident.location, incident.admin1]
    return ", ".join(p for p in parts if p)


def short_summary(markdown_text: str, length: int = SUMMARY_LENGTH) -> str:
    """The start of a summary as plain text (rendered, tags dropped), cut at a word."""
    text = plain_text(markdown_text)
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "…"


def map_data(incidents: Iterable[Incident], actor_names: dict[str, str]) -> MapData:
    return MapData(list(incidents), actor_names)
