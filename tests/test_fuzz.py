"""Whatever a writer's file holds, the checks answer, and every answer points into it.

Loading never raises: any exception fails these tests. Every problem names a file of
the publication and a line and column that exist in it. A valid item with one field
made wrong is reported at that field, on the line where the writer wrote it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflict_monitor.build import check_publication
from conflict_monitor.model import Problem, Severity
from conftest import ACTORS, COUNTRIES, INCIDENTS, write_file, write_publication

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

# The line breaks of YAML (and of the editors writers use).
LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")


def _lines(path: Path) -> list[str]:
    """The file's lines as an editor numbers them, counting a last empty line."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    return LINE_BREAK.split(text)


def _assert_located(root: Path, problems: list[Problem]) -> None:
    """Every problem names a file of the publication, and a line and column within it."""
    for problem in problems:
        assert problem.message, problem
        path = root / problem.path
        assert problem.path and path.is_file(), f"no such file: {problem}"
        lines = _lines(path)
        assert 0 <= problem.line <= len(lines), f"{problem} (the file has {len(lines)} lines)"
        if problem.line and problem.column:
            width = len(lines[problem.line - 1])
            assert 1 <= problem.column <= width + 1, f"{problem} (the line is {width} long)"
    assert problems == sorted(set(problems)), "problems are reported sorted, each once"


def _check(kind_file: str, text: str | bytes) -> list[Problem]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_publication(root)
        write_file(root / kind_file, text)
        problems = check_publication(root)
        _assert_located(root, problems)
        return problems


FILES = st.sampled_from(["data/incidents/x.yaml", "data/actors.yaml", "data/countries.yaml"])
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(FILES, values)
def test_any_yaml_value_gives_located_problems(kind_file: str, value: object) -> None:
    _check(kind_file, yaml.safe_dump(value, allow_unicode=True))


@FUZZ
@given(FILES, raw_yaml)
def test_any_text_gives_located_problems(kind_file: str, text: str) -> None:
    _check(kind_file, text)


@FUZZ
@given(st.binary(max_size=100))
def test_any_bytes_give_located_problems(data: bytes) -> None:
    _check("data/incidents/x.yaml", data)


@FUZZ
@given(raw_yaml)
def test_any_front_matter_gives_located_problems(text: str) -> None:
    _check("content/articles/x.md", f"---\n{text}\n---\n\nBody\n")


# Found by the tests above.
@pytest.mark.parametrize(
    ("text", "line", "column"), [("[\n", 1, 1), ("- x\n- [\n", 2, 3), ("id: ['a', [b], \n", 1, 5)]
)
def test_an_unclosed_bracket_is_reported_where_it_opens(text: str, line: int, column: int) -> None:
    (problem,) = _check("data/incidents/x.yaml", text)
    assert "bracket that starts here" in problem.message
    assert (problem.line, problem.column) == (line, column), str(problem)


@pytest.mark.parametrize("text", ["id: x\nsummary", "- id: x\n  summary"])
def test_a_mistake_at_the_end_of_a_file_is_on_its_last_line(text: str) -> None:
    """In a file that does not end with a line break, libyaml puts the end of the
    file on a line after the last."""
    (problem,) = _check("data/incidents/x.yaml", text)
    assert problem.line == 2, str(problem)


# --- One field made wrong -------------------------------------------------------------

ID = re.compile(r"[a-z0-9][a-z0-9-]*")
KNOWN_ACTORS = {actor["id"] for actor in yaml.safe_load(ACTORS)}
KNOWN_COUNTRIES = {country["iso3"] for country in yaml.safe_load(COUNTRIES)}
BATTLES = {"Government regains territory", "Non-state actor overtakes territory", "Armed clash"}
ACTOR_KINDS = {
    "armed-group",
    "state-force",
    "security-service",
    "government",
    "international-organisation",
    "political-party",
    "person",
    "other",
}
EVENT_TYPES = {
    "Battles",
    "Protests",
    "Riots",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
}


def _text_except(*allowed: str) -> st.SearchStrategy[str]:
    """Text that is none of ``allowed`` (compared as the checks do: stripped)."""
    return st.text(max_size=30).filter(lambda s: s.strip() not in allowed)


# Not text, and not null either: null is right for an optional field.
not_text = st.one_of(
    st.booleans(), st.integers(), st.floats(), st.dates(), st.lists(st.none(), min_size=1)
)
blank = st.text(" \t", max_size=3)
not_an_id = st.one_of(
    not_text,
    st.text(max_size=30).filter(lambda s: not ID.fullmatch(s.strip())),
    st.text("abc-", min_size=201, max_size=210).map(lambda s: "a" + s),
)
not_a_number = st.one_of(st.none(), st.booleans(), st.text(max_size=10), st.dates())
not_a_latitude = st.one_of(
    not_a_number,
    st.floats(allow_nan=True).filter(lambda x: math.isnan(x) or not -90 <= x <= 90),
)
not_a_longitude = st.one_of(
    not_a_number,
    st.floats(allow_nan=True).filter(lambda x: math.isnan(x) or not -180 <= x <= 180),
)
not_a_precision = st.one_of(
    st.none(), st.booleans(), st.text(max_size=5), st.floats(), st.integers()
).filter(lambda v: v not in (1, 2, 3) or isinstance(v, bool))  # 1.0 is taken as 1
today = dt.date.today()
not_an_event_date = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=20),
    st.dates(max_value=dt.date(1899, 12, 31)),
    st.dates(min_value=today + dt.timedelta(days=2)),
)
not_a_country = st.one_of(not_text, _text_except(*KNOWN_COUNTRIES))
not_an_actor = st.one_of(not_text, _text_except(*KNOWN_ACTORS))

# file -> (its items, field -> values that field can never take)
WRONG: dict[str, tuple[str, dict[str, st.SearchStrategy[object]]]] = {
    "data/incidents/2021.yaml": (
        INCIDENTS,
        {
            "id": not_an_id,
            "date": not_an_event_date,
            "time_precision": not_a_precision,
            "country": not_a_country,
            "location": st.one_of(blank, not_text),
            "latitude": not_a_latitude,
            "longitude": not_a_longitude,
            "geo_precision": not_a_precision,
            "event_type": st.one_of(not_text, _text_except(*EVENT_TYPES)),
            "sub_event_type": st.one_of(not_text, _text_except(*BATTLES)),
            "actor1": st.one_of(st.none(), not_an_actor),
            "actor2": not_an_actor,
            "fatalities": st.one_of(
                st.none(),
                st.booleans(),
                st.text(max_size=5),
                st.floats(),
                st.integers(max_value=-1),
            ),
            "summary": not_text,  # optional: empty is allowed
            "sources": st.one_of(st.just([]), not_text, st.text(max_size=10)),
        },
    ),
    "data/actors.yaml": (
        ACTORS,
        {
            "id": not_an_id,
            "name": st.one_of(blank, not_text),
            "kind": st.one_of(not_text, _text_except(*ACTOR_KINDS)),
            "countries": st.one_of(not_text, st.lists(not_a_country, min_size=1, max_size=3)),
        },
    ),
    "data/countries.yaml": (
        COUNTRIES,
        {
            "iso3": st.one_of(not_text, st.text(max_size=5).filter(lambda s: len(s.strip()) != 3)),
            "region": st.one_of(blank, not_text),
            "summary": st.one_of(blank, not_text),
        },
    ),
}


# Every field as likely as any other, whichever file it is in.
FILE_FIELDS = [(file, field) for file, (_, fields) in sorted(WRONG.items()) for field in fields]


def _field_lines(text: str, field: str) -> range:
    """The lines where the first item of a dumped list sets ``field`` (its value may
    continue on the lines after, up to the item's next field)."""
    lines = text.splitlines()
    first = next(
        n for n, line in enumerate(lines) if re.match(rf"(- |  ){re.escape(field)}:", line)
    )
    after = next(
        (n for n in range(first + 1, len(lines)) if re.match(r"(- |  )[^ -]", lines[n])),
        len(lines),
    )
    return range(first + 1, after + 1)


@st.composite
def one_field_wrong(draw: st.DrawFn) -> tuple[str, str, object]:
    """A data file, a field of its first item, and a value that field can never take."""
    file, field = draw(st.sampled_from(FILE_FIELDS))
    return file, field, draw(WRONG[file][1][field])


@FUZZ
@given(one_field_wrong())
def test_a_wrong_field_is_reported_where_it_is_written(case: tuple[str, str, object]) -> None:
    file, field, value = case
    items = yaml.safe_load(WRONG[file][0])
    items[0][field] = value
    text = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=math.inf)
    lines = _field_lines(text, field)
    errors = [p for p in _check(file, text) if p.severity is Severity.ERROR]
    assert any(
        p.path == file and p.line in lines and re.split(r"[.\[]", p.field)[0] == field
        for p in errors
    ), f"{field}: {value!r} not reported at {file}:{lines}: {[str(p) for p in errors]}"


def test_fields_are_located_when_a_message_needs_them() -> None:
    """A document knows where its top-level items stand; the fields inside them are
    located from its text when first asked for, at the same places."""
    parse_yaml = importlib.import_module("conflict_monitor.load.yaml_files").parse_yaml
    lazy = parse_yaml(INCIDENTS, "data/incidents/2021.yaml").document
    every = parse_yaml(INCIDENTS, "data/incidents/2021.yaml", every_position=True).document
    items = len(lazy.value)
    assert set(lazy.positions) == {(), *((index,) for index in range(items))}
    assert len(every.positions) > 10 * items
    for where, position in every.positions.items():
        assert lazy.position(where) == position


def test_a_key_given_twice_names_the_line_of_the_first() -> None:
    """Even spelt differently: YAML reads `true` and `True` as the same key."""
    parse_yaml = importlib.import_module("conflict_monitor.load.yaml_files").parse_yaml
    text = "- id: x\n  name: A\n  true: 1\n  other: 2\n  True: 3\n"
    [problem] = parse_yaml(text, "data/actors.yaml").problems
    assert (problem.line, problem.column) == (5, 3)
    assert "first on line 3" in problem.message


# Values PyYAML writes and reads back: what a writer's file can hold without a pitfall.
plain_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=20),
        st.dates(),
        st.sampled_from(["1.5", "1_000", ".inf", "yes", "~", "12:30"]),  # quoted
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8) | st.integers(), children, max_size=6),
    ),
    max_leaves=25,
)


@FUZZ
@given(plain_values, st.sampled_from([False, True, None]))
def test_a_file_is_read_as_yaml_reads_it(value: object, flow: bool | None) -> None:
    """Whatever YAML writes, in any style, is read back as YAML reads it: the same
    values, with each number, date and boolean made as PyYAML makes it."""
    parse_yaml = importlib.import_module("conflict_monitor.load.yaml_files").parse_yaml
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow)
    loaded = parse_yaml(text, "data/actors.yaml")
    expected = yaml.safe_load(text)
    if loaded.problems:  # only the numbers YAML 1.1 reads in base 8 or 60
        assert all("ambiguous number" in p.message for p in loaded.problems), loaded.problems
        return
    assert loaded.document.value == expected
    assert repr(loaded.document.value) == repr(expected)  # -0.0, and int not bool


@pytest.mark.parametrize(
    "text",
    [
        *("1.5", "+1.5", "-0.0", "1.5e+3", "1_0.5", "190:20:30.15", ".inf", "-.inf", ".5"),
        *("12", "+12", "-3", "1_000", "0b101", "0x1F", "0o17"),
        *("2021-06-22", "2021-6-2", "2021-06-22T10:00:00Z", "2021-06-22 10:00:00.5"),
        *("yes", "No", "off", "~", "null", "", "1e3", "AFG", "'1.5'"),
        *("!!float 12", "!!null yes"),  # and then 12 and yes, plain: an int, a boolean
    ],
)
def test_a_plain_value_is_made_as_yaml_makes_it(text: str) -> None:
    """Numbers, dates, booleans and nulls, in each form YAML 1.1 reads, and twice (the
    second is the value made before)."""
    parse_yaml = importlib.import_module("conflict_monitor.load.yaml_files").parse_yaml
    plain = text.rsplit(" ", 1)[-1]
    source = f"first: {text}\nagain: {text}\nplain: {plain}\n"
    loaded = parse_yaml(source, "data/actors.yaml")
    expected = yaml.safe_load(source)
    assert (loaded.document.value, loaded.problems) == (expected, [])
    assert repr(loaded.document.value) == repr(expected)


def test_refused_yaml_is_reported_and_the_rest_of_the_file_read() -> None:
    """Each pitfall is reported where it is written; the values around it are read."""
    parse_yaml = importlib.import_module("conflict_monitor.load.yaml_files").parse_yaml
    text = (
        "- id: a\n"
        "  sources: !!python/object:os.system {command: [ls, -l]}\n"
        "  tags: !!set [x]\n"
        "  [name]: A\n"
        "  <<: {kind: state}\n"
        "  aliases: &names [B]\n"
        "  also: *names\n"
        "  summary: read\n"
        "- id: b\n"
    )
    loaded = parse_yaml(text, "data/actors.yaml")
    assert [(p.line, p.column, p.field) for p in loaded.problems] == [
        (2, 12, "sources"),
        (3, 9, "tags"),
        (4, 3, ""),
        (5, 3, ""),
        (7, 3, "also"),
    ]
    assert loaded.document.value == [
        {
            "id": "a",
            "sources": None,
            "tags": None,
            "aliases": ["B"],
            "also": None,
            "summary": "read",
        },
        {"id": "b"},
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- id: a\n---\n- id: b\n", 2, "another document"),
        ("- id: a\n...\n- id: b\n", 3, "document start"),
        ("- id: a\n  id: b\n  name: [\n", 3, "not closed"),  # after a key given twice
    ],
)
def test_a_file_yaml_cannot_read_has_no_items_and_one_problem(
    text: str, line: int, message: str
) -> None:
    """Not the items before the mistake (the rest would go missing without a word), nor
    the mistakes found before it: the one problem is where YAML gives up."""
    parse_yaml = importlib.import_module("conflict_monitor.load.yaml_files").parse_yaml
    loaded = parse_yaml(text, "data/actors.yaml")
    [problem] = loaded.problems
    assert (problem.line, message in problem.message) == (line, True)
    assert loaded.document.value is None


@pytest.mark.parametrize(
    ("text", "field", "line", "value"),
    [
        ("- id: a\n  name: &n Name\n  also: *n\n", "also", 3, None),  # text too
        ("- id: a\n  &k name: Name\n  *k : Other\n", "", 3, {"id": "a", "name": "Name"}),
        ("- id: a\n  tags: !!str [x]\n", "tags", 2, None),
    ],
)
def test_aliases_and_tags_are_refused_wherever_they_stand(
    text: str, field: str, line: int, value: object
) -> None:
    parse_yaml = importlib.import_module("conflict_monitor.load.yaml_files").parse_yaml
    loaded = parse_yaml(text, "data/actors.yaml")
    [problem] = loaded.problems
    assert (problem.field, problem.line) == (field, line)
    assert ("aliases" in problem.message) is ("*" in text)
    item = loaded.document.value[0]
    assert (item[field] if field else item) == value


def test_an_empty_file_has_no_value() -> None:
    parse_yaml = importlib.import_module("conflict_monitor.load.yaml_files").parse_yaml
    for text in ("", "# nothing yet\n"):
        loaded = parse_yaml(text, "data/actors.yaml")
        assert (loaded.document.value, loaded.problems) == (None, [])
