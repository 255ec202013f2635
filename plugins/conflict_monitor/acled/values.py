"""The values of ACLED's cells as they come: dates in four styles, numbers as a
spreadsheet may re-save them, actor types as codes or as names."""

from __future__ import annotations

import datetime as dt
import re

from ..model import ACLED_INTER

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
# 22 June 2021, 22-June-2021, 22-Jun-21 (a spreadsheet's re-save), 22 Jun. 2021
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4}|\d{2})")


def parse_date(text: str, year: int | None = None) -> dt.date | None:
    """The date ACLED wrote, or None. A two-digit year is read with the export's
    ``year`` column when it agrees, else as the latest such year not in the future."""
    if match := _ISO_DATE.fullmatch(text):
        return _date(*(int(part) for part in match.groups()))
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day_text, month_name, year_text = match.groups()
        month = _MONTHS.get(month_name.lower())
        if month is None:
            return None
        full_year = int(year_text)
        if len(year_text) == 2:
            if year is not None and year % 100 == full_year:
                full_year = year
            else:
                full_year += 2000 if 2000 + full_year <= dt.date.today().year else 1900
        return _date(full_year, month, int(day_text))
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 31 June
        return None


def parse_number(text: str) -> float | None:
    """A decimal number; a decimal comma (a spreadsheet's re-save) is read as a point."""
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def parse_whole(text: str) -> int | None:
    """A whole number, also as a spreadsheet may write it (``3.0``)."""
    number = parse_number(text)
    if number is None or not number.is_integer():
        return None
    return int(number)


# ACLED's actor types by name, today's and older ones (plural, "communal", "other").
_INTER_NAMES = {name.casefold(): code for code, name in ACLED_INTER.items()} | {
    "state force": 1,
    "rebel groups": 2,
    "rebels": 2,
    "political militias": 3,
    "identity militias": 4,
    "communal militia": 4,
    "communal militias": 4,
    "ethnic militia": 4,
    "ethnic militias": 4,
    "rioter": 5,
    "protester": 6,
    "protestors": 6,
    "civilian": 7,
    "other forces": 8,
    "external forces": 8,
    "external/other force": 8,
}


def parse_inter(text: str | None) -> int | None:
    """An actor type as its code 1-8, from a code or a name; None for none (``0``, as
    older exports write inter2 without actor2) or for a name ACLED does not use."""
    if text is None:
        return None
    code = parse_whole(text)
    if code is not None:
        return code if code in ACLED_INTER else None
    return _INTER_NAMES.get(" ".join(text.casefold().split()))
