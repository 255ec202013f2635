"""The writers' guide's reference tables, made from the model so that they never drift:
actor kinds, ACLED's event types and sub-event types, ACLED's actor types (inter
codes) and the precision codes.

``conflict-monitor reference-tables`` rewrites the block between the markers in
README.md; a test fails while the README's block differs from what the model gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .model import ACLED_INTER, ACTOR_KIND_MEANINGS, EVENT_TYPES, GEO_PRECISION, TIME_PRECISION

START = "<!-- reference-tables:start -->"
END = "<!-- reference-tables:end -->"


def reference_tables() -> str:
    """The tables as Markdown, under level-4 headings (the guide's sections are level 3)."""
    precision_codes = sorted(TIME_PRECISION.keys() | GEO_PRECISION.keys())
    tables = [
        _table(
            "Actor kinds (`kind`)",
            ("kind", "meaning"),
            [(f"`{kind}`", meaning) for kind, meaning in ACTOR_KIND_MEANINGS.items()],
        ),
        _table(
            "ACLED event types (`event_type`) and sub-event types (`sub_event_type`)",
            ("event type", "its sub-event types"),
            [(event_type, "; ".join(subs)) for event_type, subs in EVENT_TYPES.items()],
        ),
        _table(
            "ACLED actor types (`acled_inter`: the code or the name)",
            ("code", "actor type"),
            [(str(code), name) for code, name in ACLED_INTER.items()],
        ),
        _table(
            "Precision codes (`time_precision`, `geo_precision`)",
            ("code", "`time_precision`: when", "`geo_precision`: where"),
            [
                (str(code), TIME_PRECISION.get(code, ""), GEO_PRECISION.get(code, ""))
                for code in precision_codes
            ],
        ),
    ]
    return "\n\n".join(tables) + "\n"


def _table(heading: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = [f"#### {heading}", "", _row(header), _row(["---"] * len(header))]
    lines += [_row(row) for row in rows]
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def reference_block() -> str:
    """The tables between their markers, as README.md holds them."""
    note = (
        "<!-- Made from plugins/conflict_monitor/model/items.py by `conflict-monitor "
        "reference-tables`: change the model and run it; do not edit this block. -->"
    )
    return f"{START}\n{note}\n\n{reference_tables()}\n{END}"


class MarkersMissing(ValueError):
    """The file has no block to rewrite."""


def with_reference_tables(text: str) -> str:
    """``text`` with the block between the markers replaced by the current tables."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise MarkersMissing(
            f"no block to rewrite: put `{START}` and, below it, `{END}` where the tables belong"
        )
    return text[:start] + reference_block() + text[end + len(END) :]


def current_block(text: str) -> str | None:
    """The block between the markers (markers included) as ``text`` holds it."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return None
    return text[start : end + len(END)]


def write_reference_tables(path: Path) -> bool:
    """Rewrite the block in the file at ``path``; whether the file changed."""
    text = path.read_text(encoding="utf-8")
    new = with_reference_tables(text)
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True
