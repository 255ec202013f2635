"""An ACLED export imported into a publication: each row an incident, or a reason why not.

The publication is read first, as the build reads it. An event already imported
(found by its ``acled_event_id``) keeps its id, a permanent address: it is updated
in place when ACLED revised it, and left alone when nothing changed, so that a
second import of the same file writes nothing. An event a writer keeps in a file
of their own is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import collector
from ..load import load_publication
from ..load.items import shown
from ..model import DEFAULT_LAYOUT, Actor, Incident, Layout, Problem, Publication, Severity
from ..rules.borders import Borders
from . import report
from .actors import ActorDirectory, ActorUse, name_key
from .columns import read_export
from .incidents import Event, EventReader
from .report import ImportRefused, Report, Skip, Skipped
from .write import ACTORS_FILE, INCIDENTS_FOLDER, actors_text, incident_file, incidents_text


def import_acled(
    export: Path, root: Path, layout: Layout = DEFAULT_LAYOUT, *, dry_run: bool = False
) -> Report:
    """Import ``export`` into the publication at ``root``; with ``dry_run``, write
    nothing and report what would be done. Raise ``ImportRefused`` when nothing can be."""
    with collector.paused():  # a publication's worth of small objects, and no cycles
        return _Import(export, root, layout, dry_run).run()


@dataclass
class _Imported:
    """The import's own items as the publication holds them before this import."""

    files: dict[str, dict[str, Incident]] = field(default_factory=dict)  # path -> id -> item
    by_event: dict[str, tuple[Incident, str]] = field(default_factory=dict)  # with its path
    kept_by_writers: dict[str, tuple[str, str]] = field(default_factory=dict)  # id, path
    actors: dict[str, Actor] = field(default_factory=dict)


class _Import:
    def __init__(self, export: Path, root: Path, layout: Layout, dry_run: bool) -> None:
        self.root = root
        self.data = root / layout.data_dir
        self.layout = layout
        self.report = Report(export=export.name, dry_run=dry_run)
        self.export = read_export(export, export.name)
        self.report.notices += self.export.notices
        self.report.rows = len(self.export.rows)
        self.incidents_folder = shown(root, self.data / INCIDENTS_FOLDER)
        self.actors_file = shown(root, self.data / ACTORS_FILE)
        self.report.actors_file = self.actors_file

    def run(self) -> Report:
        publication = self._publication()
        imported = self._imported(publication)
        reader = EventReader(
            self.export.header,
            publication.countries,
            shown(self.root, self.data / "countries.yaml"),
            Borders(),
        )
        events = self._events(reader, imported)
        directory = ActorDirectory(
            publication.actors,
            own=imported.actors,
            taken=publication.invalid_ids["actor"],
        )
        actors = directory.resolve(_actor_uses(events))
        taken = set(publication.incidents) | publication.invalid_ids["incident"]
        changed: set[str] = set()
        for event in events:
            previous = imported.by_event.get(event.event_id)
            if previous is None:
                incident = event.with_actors(actors.ids, _unique(event.incident.id, taken))
                self.report.imported += 1
            else:
                old, old_path = previous
                incident = event.with_actors(actors.ids, old.id)
                if _same(incident, old):
                    self.report.unchanged += 1
                    continue
                self.report.updated += 1
                del imported.files[old_path][old.id]
                changed.add(old_path)
            path = shown(self.root, self.data / incident_file(incident))
            imported.files.setdefault(path, {})[incident.id] = incident
            changed.add(path)
        self._write_incidents(imported.files, changed)
        if actors.added or actors.changed:
            self.report.actors_added = len(actors.added)
            own = imported.actors | {a.id: a for a in [*actors.changed, *actors.added]}
            self._write(self.actors_file, actors_text(own.values()))
        return self.report

    def _publication(self) -> Publication:
        """The publication as the build reads it; refused when what it holds cannot be
        known (a data file that cannot be read) or the import's own files have errors."""
        publication, problems = load_publication(self.root, self.layout)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if publication.unreadable:
            raise ImportRefused(report.unreadable_publication([str(p) for p in errors]))
        own = [str(p) for p in errors if self._is_own(p)]
        if own:
            raise ImportRefused(report.broken_import_files(own))
        return publication

    def _is_own(self, where: Problem | str) -> bool:
        path = where.path if isinstance(where, Problem) else where
        return path == self.actors_file or path.startswith(self.incidents_folder + "/")

    def _imported(self, publication: Publication) -> _Imported:
        imported = _Imported()
        for incident_id, incident in publication.incidents.items():
            path = publication.origins[("incident", incident_id)].path
            if self._is_own(path):
                imported.files.setdefault(path, {})[incident_id] = incident
                if incident.acled_event_id:
                    imported.by_event[incident.acled_event_id] = (incident, path)
            elif incident.acled_event_id:
                imported.kept_by_writers[incident.acled_event_id] = (incident_id, path)
        for actor_id, actor in publication.actors.items():
            if publication.origins[("actor", actor_id)].path == self.actors_file:
                imported.actors[actor_id] = actor
        return imported

    def _events(self, reader: EventReader, imported: _Imported) -> list[Event]:
        """Every row that makes an incident; every other row reported with its reason."""
        events: list[Event] = []
        first_row: dict[str, int] = {}
        for row in self.export.rows:
            event_id = row.text("event_id_cnty") or ""
            try:
                if event_id in first_row:
                    raise Skipped(report.repeated(first_row[event_id]))
                if event_id in imported.kept_by_writers:
                    raise Skipped(report.kept_by_writers(*imported.kept_by_writers[event_id]))
                event = reader.read(row)
            except Skipped as skipped:
                self.report.skips.append(Skip(row.number, event_id, str(skipped)))
                continue
            first_row[event_id] = row.number
            events.append(event)
        return events

    def _write_incidents(self, files: dict[str, dict[str, Incident]], changed: set[str]) -> None:
        for path in sorted(changed):
            items = files.get(path, {})
            if items:
                self._write(path, incidents_text(items.values()))
            elif (self.root / path).exists():
                self.report.removed.append(path)
                if not self.report.dry_run:
                    (self.root / path).unlink()

    def _write(self, path: str, text: str) -> None:
        """Write a file of the import's own, unless it already holds these bytes."""
        target = self.root / path
        data = text.encode("utf-8")
        if target.exists() and target.read_bytes() == data:
            return
        self.report.written.append(path)
        if not self.report.dry_run:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


def _actor_uses(events: list[Event]) -> dict[str, ActorUse]:
    """Each actor name the events use (by its key), with its actor types and countries."""
    uses: dict[str, ActorUse] = {}
    for event in events:
        country = event.incident.country
        named = [
            (event.actor1, event.inter1),
            (event.actor2, event.inter2),
            *((name, None) for name in [*event.assoc_actor_1, *event.assoc_actor_2]),
        ]
        for name, inter in named:
            if name is None:
                continue
            use = uses.setdefault(name_key(name), ActorUse(name))
            use.countries.add(country)
            if inter is not None:
                use.inter[inter] += 1
    return uses


def _unique(incident_id: str, taken: set[str]) -> str:
    candidate, number = incident_id, 1
    while candidate in taken:
        number += 1
        candidate = f"{incident_id}-{number}"
    taken.add(candidate)
    return candidate


def _same(new: Incident, old: Incident) -> bool:
    return new.model_dump() == old.model_dump()
