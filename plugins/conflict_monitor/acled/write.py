"""The import's own files: where each imported incident and actor is kept, and their
text, the same bytes for the same items (sorted, fields in the model's order).

Incidents go to ``incidents/acled/<iso3>/<year>.yaml`` and actors to
``actors/acled.yaml`` in the data folder. Writers' files are never written.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any, cast

import yaml

from ..model import Actor, Incident

try:  # libyaml is in PyYAML's wheels; the pure-Python emitter gives the same text, slower
    _Base: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment]
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeDumper


class _Dumper(_Base):  # type: ignore[misc,valid-type]
    """Lists of names on one line (``countries: [AFG, TJK]``), as writers write them;
    everything else in blocks."""

    def represent_list(self, data: list[Any]) -> yaml.SequenceNode:
        flow = all(isinstance(item, str) for item in data)
        node = self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)
        return cast(yaml.SequenceNode, node)


_Dumper.add_representer(list, _Dumper.represent_list)

INCIDENTS_FOLDER = PurePosixPath("incidents", "acled")  # in the data folder
ACTORS_FILE = PurePosixPath("actors", "acled.yaml")
LINE_WIDTH = 100

INCIDENTS_HEADER = """\
# Incidents imported from ACLED by `conflict-monitor import-acled`, which rewrites
# this file: an edit made here is lost at the next import that revises the event.
# To keep an incident as you write it, move it (with its id and acled_event_id)
# to a file of your own under data/incidents/; the import then leaves it alone.
"""
ACTORS_HEADER = """\
# Actors named in ACLED data that matched no actor of the publication, added by
# `conflict-monitor import-acled`, which rewrites this file. To describe one, move
# it (with its id) to your own actors file: ACLED's name still finds it. To merge
# one into an actor of yours, add ACLED's name to your actor's aliases.
"""


def incident_file(incident: Incident) -> PurePosixPath:
    """Where an imported incident is kept, in the data folder: by country and year."""
    return INCIDENTS_FOLDER / incident.country.lower() / f"{incident.date.year}.yaml"


def incidents_text(incidents: Iterable[Incident]) -> str:
    """A file of incidents, oldest first."""
    ordered = sorted(incidents, key=lambda i: (i.date, i.id))
    return INCIDENTS_HEADER + "\n" + _yaml([incident_item(i) for i in ordered])


def actors_text(actors: Iterable[Actor]) -> str:
    """A file of actors, by id."""
    ordered = sorted(actors, key=lambda a: a.id)
    return ACTORS_HEADER + "\n" + _yaml([_fields(a) for a in ordered])


def incident_item(incident: Incident) -> dict[str, Any]:
    """An incident as it is written: every field that has a value, fatalities always
    (ACLED's 0 is a figure)."""
    item = _fields(incident)
    item["sources"] = [_fields(source) for source in incident.sources]
    return item


def _fields(model: Any) -> dict[str, Any]:
    return {
        name: value
        for name, value in model.model_dump().items()
        if value is not None and value != [] and value != ""
    }


def _yaml(items: list[dict[str, Any]]) -> str:
    """The items as a YAML list, a blank line between items (only an item starts a line
    with ``- ``: the entries of its lists and its wrapped lines are indented)."""
    text = yaml.dump(
        items,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=LINE_WIDTH,
        default_flow_style=False,
    )
    return text.replace("\n- ", "\n\n- ")
