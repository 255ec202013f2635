"""Whatever a writer's file holds, the checks answer with a clean list of problems."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflict_monitor.build import check_publication
from conflict_monitor.model import Problem
from conftest import write_file, write_publication

FIELDS = [
    "id",
    "date",
    "date_end",
    "time_precision",
    "country",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "assoc_actor_1",
    "fatalities",
    "fatalities_high",
    "summary",
    "sources",
    "tags",
    "kind",
    "name",
    "iso3",
    "region",
    "<<",
    "!!python/object:os.system",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dates(),
    st.sampled_from(["AFG", "taliban", "Battles", "2021-06-22"]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=6),
    ),
    max_leaves=25,
)

# Raw text, including YAML syntax that the dumper never writes (tags, anchors, tabs).
raw_yaml = st.lists(
    st.sampled_from(
        [*"- :\n\t[]{}!&*#|>'\"%@`,?abc019", "!!python/object ", "<<: ", "id: ", "date: "]
    ),
    max_size=80,
).map("".join)


def _check(kind_file: str, text: str | bytes) -> list[Problem]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_publication(root)
        write_file(root / kind_file, text)
        return check_publication(root)


FILES = st.sampled_from(["data/incidents/x.yaml", "data/actors.yaml", "data/countries.yaml"])
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(FILES, values)
def test_any_yaml_value_gives_problems_or_success(kind_file: str, value: object) -> None:
    problems = _check(kind_file, yaml.safe_dump(value, allow_unicode=True))
    assert all(isinstance(p, Problem) and p.path and p.message for p in problems)


@FUZZ
@given(FILES, raw_yaml)
def test_any_text_gives_problems_or_success(kind_file: str, text: str) -> None:
    problems = _check(kind_file, text)
    assert all(isinstance(p, Problem) and p.path and p.message for p in problems)


@FUZZ
@given(st.binary(max_size=100))
def test_any_bytes_give_problems_or_success(data: bytes) -> None:
    problems = _check("data/incidents/x.yaml", data)
    assert all(isinstance(p, Problem) and p.path and p.message for p in problems)


@FUZZ
@given(raw_yaml)
def test_any_front_matter_gives_problems_or_success(text: str) -> None:
    problems = _check("content/articles/x.md", f"---\n{text}\n---\n\nBody\n")
    assert all(isinstance(p, Problem) and p.path and p.message for p in problems)
