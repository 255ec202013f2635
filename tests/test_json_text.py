"""Compact JSON as the site writes it (map data, downloads, structured data): the same
text as the standard library's, faster; and a number too large for the fast writer still
written, in a real build."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from conflict_monitor.json_text import compact_json
from conftest import INCIDENTS, build_site, write_publication


def _standard(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_NUMBERS = st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.floats(
    allow_nan=False, allow_infinity=False
).filter(lambda number: number == 0 or abs(number) >= 1e-4)
_VALUES = st.recursive(
    st.none() | st.booleans() | _NUMBERS | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=30,
)


@given(_VALUES)
def test_the_same_text_as_the_standard_library(value: Any) -> None:
    assert compact_json(value) == _standard(value)


@given(st.floats(min_value=-1e-4, max_value=1e-4, allow_nan=False))
def test_a_small_number_keeps_its_value(number: float) -> None:
    assert json.loads(compact_json([number])) == [number]


def test_text_as_it_is_and_what_json_must_escape() -> None:
    text = 'Душанбе, "quoted", back\\slash, tab\tand\nnew line, \x00, \u2028'
    assert compact_json({"t": (text,)}) == _standard({"t": [text]})
    assert "Душанбе" in compact_json(text)


def test_an_integer_beyond_64_bits_is_written_as_it_is() -> None:
    assert compact_json({"fatalities": 10**30}) == '{"fatalities":' + str(10**30) + "}"


def test_a_build_writes_a_number_beyond_64_bits(tmp_path: Path) -> None:
    """A writer's typo in a count: the downloads and map data still hold it, whole."""
    huge = 10**25
    incidents = INCIDENTS.replace("fatalities: 2\n", f"fatalities: {huge}\n", 1).replace(
        "  fatalities_high: 5\n", "", 1
    )
    assert incidents != INCIDENTS
    built = build_site(write_publication(tmp_path, incidents={"2021.yaml": incidents}), None)
    geojson = json.loads((built.site / "downloads" / "incidents.geojson").read_text("utf-8"))
    counts = [f["properties"]["fatalities"] for f in geojson["features"]]
    assert huge in counts
    maps = json.loads((built.site / "assets" / "maps" / "recent.json").read_text("utf-8"))
    column = maps["fields"].index("fatalities")
    assert huge in [row[column] for row in maps["incidents"]]
