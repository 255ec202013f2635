"""An ACLED export read as it comes: its text, its header, and its rows.

ACLED's downloads have changed over the years (31 columns today; ``data_id``,
``event_id_no_cnty`` and ``iso3`` before; uppercase names and no
``sub_event_type`` before 2019), and spreadsheets re-save them with a BOM, CRLF
line ends, another delimiter or another encoding. Columns are found by name,
never by position; a cell that is empty or ``NA`` is missing.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .report import ImportRefused, not_an_export, not_utf8

# Older names of today's columns.
ALIASES = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}
# Without these a row cannot become an incident (``country`` may be ``iso`` or ``iso3``).
REQUIRED = (
    "event_date",
    "time_precision",
    "event_type",
    "actor1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
)
COUNTRY_COLUMNS = ("iso", "iso3", "country")
MISSING = frozenset({"", "NA"})
# Control characters a spreadsheet may leave in a cell; YAML refuses most of them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


@dataclass(frozen=True)
class Header:
    """The columns of one export, by their (today's) names."""

    index: dict[str, int]  # column name -> position
    width: int

    def has(self, column: str) -> bool:
        return column in self.index

    def missing(self) -> list[str]:
        """Required columns this export does not have (``sub_event_type`` aside)."""
        absent = [c for c in REQUIRED if c not in self.index]
        if not any(c in self.index for c in COUNTRY_COLUMNS):
            absent.append("country")
        return absent


@dataclass(frozen=True)
class Row:
    """One row of the export; ``number`` counts as a spreadsheet does (the header is 1)."""

    number: int
    cells: list[str]
    header: Header

    def text(self, column: str) -> str | None:
        """The cell as text on one line (any run of spaces, line breaks or non-breaking
        spaces made one space), or None when the column is absent, empty or ``NA``."""
        position = self.header.index.get(column)
        if position is None or position >= len(self.cells):
            return None
        raw = self.cells[position]
        if _CONTROL.search(raw):
            raw = _CONTROL.sub(" ", raw)
        value = " ".join(raw.split())
        return None if value in MISSING else value

    def items(self, column: str) -> list[str]:
        """A ``; ``-separated cell (associated actors, sources) as a list, in order,
        each once."""
        value = self.text(column)
        if value is None:
            return []
        parts = (" ".join(part.split()) for part in value.split(";"))
        return list(dict.fromkeys(p for p in parts if p and p not in MISSING))


@dataclass
class Export:
    """The rows of an export, with what was noticed while reading it."""

    header: Header
    rows: list[Row]
    notices: list[str]


def read_export(path: Path, shown_as: str) -> Export:
    """Read the export at ``path``; raise ``ImportRefused`` when it cannot be one."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"{shown_as}: cannot be read: {error.strerror}") from error
    text, notices = _decode(data, shown_as)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    names = next(reader, None)
    header = _header(names or [])
    if not header.has("event_id_cnty"):
        raise ImportRefused(not_an_export(shown_as))
    return Export(header, list(_rows(reader, header)), notices)


def _rows(reader: Iterator[list[str]], header: Header) -> Iterator[Row]:
    for number, cells in enumerate(reader, start=2):
        # A blank line, or a line of bare delimiters a spreadsheet adds at the end.
        if not any(cell.strip() for cell in cells):
            continue
        yield Row(number, cells, header)


def _decode(data: bytes, shown_as: str) -> tuple[str, list[str]]:
    """The file's text: UTF-8 (with or without a BOM), UTF-16 with its BOM, or else
    Windows-1252, as spreadsheets save CSV on Windows."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), [not_utf8(shown_as)]


def _delimiter(header_line: str) -> str:
    """ACLED writes commas; a spreadsheet in many locales saves semicolons, or tabs."""
    return max((",", ";", "\t"), key=header_line.count)


def _header(names: list[str]) -> Header:
    index: dict[str, int] = {}
    for position, name in enumerate(names):
        column = "_".join(name.replace("\ufeff", "").lower().split())
        column = ALIASES.get(column, column)
        index.setdefault(column, position)
    return Header(index, len(names))
