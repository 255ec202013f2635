"""The writers' guide's reference tables come from the model, and README.md holds them as
the model gives them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflict_monitor.cli import main
from conflict_monitor.model import ACTOR_KIND_MEANINGS, ACTOR_KINDS, EVENT_TYPES
from conflict_monitor.reference_tables import (
    END,
    START,
    MarkersMissing,
    current_block,
    reference_block,
    reference_tables,
    with_reference_tables,
)
from conftest import REPO


@pytest.mark.readme
def test_readme_reference_tables_are_current() -> None:
    """Reads README.md: fails until its block is what the model gives."""
    block = current_block((REPO / "README.md").read_text(encoding="utf-8"))
    assert block is not None, f"README.md has no block between {START} and {END}"
    assert block == reference_block(), "run `conflict-monitor reference-tables` (README.md)"


def test_every_actor_kind_has_one_meaning() -> None:
    assert list(ACTOR_KIND_MEANINGS) == list(ACTOR_KINDS)
    assert all(meaning.strip() and "\n" not in meaning for meaning in ACTOR_KIND_MEANINGS.values())


def _rows(markdown: str, heading: str) -> list[list[str]]:
    """The body rows of the table under ``heading``, cell by cell."""
    section = markdown.split(f"#### {heading}\n", 1)[1].split("\n\n#### ", 1)[0]
    lines = [line for line in section.strip().splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[2:]]


def test_the_tables_read_back_as_the_model() -> None:
    tables = reference_tables()
    kinds = _rows(tables, "Actor kinds (`kind`)")
    assert [(kind.strip("`"), meaning) for kind, meaning in kinds] == list(
        ACTOR_KIND_MEANINGS.items()
    )
    events = _rows(
        tables, "ACLED event types (`event_type`) and sub-event types (`sub_event_type`)"
    )
    assert {event: tuple(subs.split("; ")) for event, subs in events} == EVENT_TYPES
    precision = _rows(tables, "Precision codes (`time_precision`, `geo_precision`)")
    assert [row[0] for row in precision] == ["1", "2", "3"]
    assert all(len(row) == 3 and all(row) for row in precision)


def test_only_the_block_between_the_markers_is_rewritten(tmp_path: Path) -> None:
    text = f"# Guide\n\nBefore.\n\n{START}\nold tables\n{END}\n\nAfter.\n"
    rewritten = with_reference_tables(text)
    assert rewritten == f"# Guide\n\nBefore.\n\n{reference_block()}\n\nAfter.\n"
    assert with_reference_tables(rewritten) == rewritten
    with pytest.raises(MarkersMissing):
        with_reference_tables("# Guide without the markers\n")


def test_the_command_rewrites_the_block_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"Intro.\n\n{START}\n{END}\n", encoding="utf-8")
    assert main(["reference-tables", str(readme)]) == 0
    assert current_block(readme.read_text(encoding="utf-8")) == reference_block()
    assert main(["reference-tables", str(readme)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"wrote {readme}", f"{readme} is up to date"]
    readme.write_text("No markers.\n", encoding="utf-8")
    assert main(["reference-tables", str(readme)]) == 1
    assert "no block to rewrite" in capsys.readouterr().err
