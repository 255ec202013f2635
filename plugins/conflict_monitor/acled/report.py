"""What the import tells the person who runs it: each row left out and why, the files
written, and the counts. Every message of the import is worded here."""

from __future__ import annotations

from dataclasses import dataclass, field

ACLED_DOWNLOAD_HINT = "download the events again from ACLED with all columns"


class ImportRefused(Exception):
    """Nothing can be imported (not an ACLED export, a data file that cannot be read):
    the import stops before it writes anything."""


class Skipped(Exception):
    """A row the import leaves out; the message says why."""


@dataclass(frozen=True, order=True)
class Skip:
    row: int  # as a spreadsheet counts rows: the header is row 1
    event_id: str
    reason: str


@dataclass
class Report:
    """The outcome of one import (or of a dry run: what it would do)."""

    export: str
    dry_run: bool = False
    rows: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skips: list[Skip] = field(default_factory=list)
    actors_added: int = 0
    actors_file: str = ""
    written: list[str] = field(default_factory=list)  # files, as shown from the root
    removed: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.skips)

    def lines(self) -> list[str]:
        """The report as printed: notices, skipped rows, files, then the counts."""
        add, write, remove = (
            ("would add", "would write", "would remove")
            if self.dry_run
            else ("added", "wrote", "removed")
        )
        lines = list(self.notices)
        lines += _skip_lines(sorted(self.skips))
        if self.actors_added:
            actors = f"{self.actors_added} actor{'s' if self.actors_added != 1 else ''}"
            lines.append(f"{add} {actors} to {self.actors_file}")
        lines += [f"{write} {path}" for path in self.written]
        lines += [f"{remove} {path}" for path in self.removed]
        lines.append(self.summary())
        if self.dry_run:
            lines.append("dry run: nothing was written")
        return lines

    def summary(self) -> str:
        return (
            f"{self.export}: {self.rows} row{'s' if self.rows != 1 else ''}: "
            f"imported {self.imported}, updated {self.updated}, "
            f"unchanged {self.unchanged}, skipped {self.skipped}"
        )


def _skip_lines(skips: list[Skip]) -> list[str]:
    """One line per skipped row; consecutive rows left out for the same reason (a
    column the whole export lacks) share one line."""
    lines: list[str] = []
    start = 0
    while start < len(skips):
        end = start
        while (
            end + 1 < len(skips)
            and skips[end + 1].reason == skips[start].reason
            and skips[end + 1].row == skips[end].row + 1
        ):
            end += 1
        first, last = skips[start], skips[end]
        if first is last:
            event = f" ({first.event_id})" if first.event_id else ""
            lines.append(f"row {first.row}{event}: skipped: {first.reason}")
        else:
            lines.append(f"rows {first.row}-{last.row}: skipped: {first.reason}")
        start = end + 1
    return lines


# Why a row is left out. Each names the column, the value and what to do about it.


def missing_columns(columns: list[str]) -> str:
    names = ", ".join(columns)
    return f"the export has no {names} column ({ACLED_DOWNLOAD_HINT})"


def too_old() -> str:
    return (
        "the export has no sub_event_type column: ACLED's layout before 2019, whose "
        "event types are not today's (download these events again from ACLED)"
    )


def wrong_width(cells: int, columns: int) -> str:
    return (
        f"has {cells} cells where the header has {columns} columns "
        "(a delimiter or a quote out of place; export the file again)"
    )


def empty(column: str) -> str:
    return f"{column} is empty"


def not_a_date(text: str) -> str:
    return (
        f"event_date {text!r} is not a date "
        "(ACLED writes 2021-06-22, 22 June 2021, 22-June-2021 or 22-Jun-21)"
    )


def not_a_number(column: str, text: str) -> str:
    return f"{column} {text!r} is not a number"


def unknown_country(country: str) -> str:
    return f"country {country!r} is not a country ACLED names with an ISO 3166-1 code"


def not_covered(name: str, iso3: str, countries_file: str) -> str:
    return (
        f"{name} ({iso3}) is not a country of the publication "
        f"(add it to {countries_file} to import its events)"
    )


def no_iso_code(name: str, code: str) -> str:
    return f"{name} ({code}) has no ISO 3166-1 code, which each country of a publication needs"


def unknown_event_type(text: str) -> str:
    return f"event_type {text!r} is not one of ACLED's six event types"


def unknown_sub_event_type(sub: str, event_type: str) -> str:
    return f"sub_event_type {sub!r} is not an ACLED sub-event type of {event_type!r}"


def refused_value(column: str, value: object, message: str) -> str:
    """The model's refusal (``Input should be 1, 2 or 3``) about a value of a column."""
    if message.startswith("Input should be") and isinstance(value, int | float | str):
        return f"{column} {value} {message.removeprefix('Input ')}"
    return f"{column}: {message}"


def outside_border(latitude: float, longitude: float, km: float, country: str, hint: str) -> str:
    return f"({latitude}, {longitude}) is about {km:.0f} km outside {country}: {hint}"


def repeated(first_row: int) -> str:
    return f"the same event_id_cnty as row {first_row}, which is imported"


def kept_by_writers(incident_id: str, path: str) -> str:
    return (
        f"the event is incident {incident_id} in {path}, a writers' file, "
        "which the import leaves as it is"
    )


def not_an_export(path: str) -> str:
    return (
        f"{path} is not an ACLED export: its header has no event_id_cnty column "
        f"({ACLED_DOWNLOAD_HINT})"
    )


def unreadable_publication(problems: list[str]) -> str:
    return (
        "the publication's data cannot be read, so the import cannot tell which "
        "actors and incidents exist; fix these first (conflict-monitor validate):\n"
        + "\n".join(problems)
    )


def broken_import_files(problems: list[str]) -> str:
    return (
        "the import's own files have errors; correct them (or delete the file, and "
        "import again) so that no incident is lost:\n" + "\n".join(problems)
    )


def not_utf8(path: str) -> str:
    return (
        f"note: {path} is not UTF-8: read as Windows-1252, as a spreadsheet saves CSV "
        "(check names with accents, or save it as CSV UTF-8)"
    )
