"""The JSON Schemas shipped for editors match the models and accept the sample data."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conflict_monitor import model as items
from conflict_monitor.load.yaml_files import split_front_matter
from conflict_monitor.schemas import SCHEMAS_DIR, render_schema, schemas
from conftest import REPO
from test_catalogue import (
    ACTOR,
    ACTORS_FILE,
    ARTICLE,
    ARTICLE_FILE,
    CATALOGUE,
    COUNTRIES,
    COUNTRIES_FILE,
    INCIDENT,
    INCIDENTS_FILE,
    QUOTED_DATES,
    _errors,
    _write,
)


def test_shipped_schemas_are_current() -> None:
    for name, schema in schemas().items():
        shipped = (SCHEMAS_DIR / name).read_text(encoding="utf-8")
        assert shipped == render_schema(schema), f"run `conflict-monitor schemas` ({name})"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS_DIR / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _as_json(data: object) -> object:
    return json.loads(json.dumps(data, default=str))  # dates as the strings editors see


@pytest.mark.parametrize(
    ("schema", "data_file"),
    [
        ("countries.schema.json", "data/countries.yaml"),
        ("actors.schema.json", "data/actors.yaml"),
        ("incidents.schema.json", "data/incidents/2021/2021-06.yaml"),
    ],
)
def test_sample_data_matches_its_schema(schema: str, data_file: str) -> None:
    data = yaml.safe_load((REPO / data_file).read_text(encoding="utf-8"))
    errors = list(_validator(schema).iter_errors(_as_json(data)))
    assert errors == []


def test_each_data_file_names_its_schema_for_the_yaml_language_server() -> None:
    for data_file in [
        REPO / "data/countries.yaml",
        REPO / "data/actors.yaml",
        *sorted((REPO / "data/incidents").rglob("*.yaml")),
    ]:
        first = data_file.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), data_file
        target = (data_file.parent / first.split("=", 1)[1]).resolve()
        assert target.is_file(), data_file


def test_incident_schema_knows_which_sub_event_types_belong_where() -> None:
    incidents = yaml.safe_load(
        (REPO / "data/incidents/2021/2021-06.yaml").read_text(encoding="utf-8")
    )
    wrong = dict(incidents[0], sub_event_type="Peaceful protest")
    assert list(_validator("incidents.schema.json").iter_errors(_as_json([wrong])))
    unknown_field = dict(incidents[0], lattitude=1)
    assert list(_validator("incidents.schema.json").iter_errors(_as_json([unknown_field])))


# The schema and the validator agree on every mistake of the catalogue (test_catalogue.py)
# that a schema can see in one file, read as the editors read it.
ONLY_THE_VALIDATOR = {
    "id reused across files": "an id is unique across files; a schema sees one file",
    "country listed twice": "uniqueItems compares whole items, not one field of each",
    "author id reused": "uniqueItems compares whole items, not one field of each",
    "country not covered": "data/countries.yaml, another file, lists the covered countries",
    "actor country not covered": "data/countries.yaml, another file, lists them",
    "actor1 unknown": "actors are defined in other files",
    "actor2 unknown": "actors are defined in other files",
    "associated actor unknown": "actors are defined in other files",
    "affiliation unknown": "the schema cannot list the ids of the other items",
    "article names unknown actor": "actors are defined in other files",
    "article names unknown incident": "incidents are defined in other files",
    "article names unknown author": "authors are defined in data/authors.yaml",
    "article names an author by name": "authors are defined in data/authors.yaml",
    "article names an author not listed": "authors are defined in data/authors.yaml",
    "point in another country": "borders: the schema has no map",
    "latitude and longitude swapped": "borders: the schema has no map",
    "date_end before date": "JSON Schema cannot compare two fields",
    "high figure below low": "JSON Schema cannot compare two fields",
    "article updated before date": "JSON Schema cannot compare two fields",
    "date in the future": "today changes every day; a schema is written once",
    "country name taking the index address": "the address is made from the name (slugify)",
    "field given twice": "YAML keeps the last; the language server reports it itself",
    "alias of an anchor": "the parser resolves the alias before the schema sees the value",
    "alias in a list": "the parser resolves the alias before the schema sees the value",
    "ambiguous octal number": "010 is a number to a schema (8 in YAML 1.1, 10 in YAML 1.2)",
}
# The editor's YAML parser reports these; no value reaches the schema.
NO_YAML_TO_SEE = {
    "not UTF-8",
    "YAML syntax error",
    "tab indentation",
    "unclosed quote",
    "python tag",
    "malformed tagged value",
    "article without front matter",
    "unclosed front matter",
}


class _AsEditorsRead(yaml.SafeLoader):
    """YAML as the editors' language server reads it (YAML 1.2): a plain date is text."""


_AsEditorsRead.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _schema_errors(name: str, content: str | bytes) -> list[str] | None:
    """What the file's schema says of it, or None when the file is not YAML to read."""
    if name.endswith(".md"):
        schema = "article.schema.json"
    elif name.startswith("data/incidents/"):
        schema = "incidents.schema.json"
    else:
        schema = name.removeprefix("data/").replace(".yaml", ".schema.json")
    try:
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        if name.endswith(".md"):
            text = split_front_matter(text).front_matter
            if text is None:
                return None
        data = yaml.load(text, Loader=_AsEditorsRead)
    except (UnicodeDecodeError, yaml.YAMLError, KeyError):  # KeyError: `!!bool nope`
        return None
    validator = jsonschema.Draft202012Validator(
        json.loads((SCHEMAS_DIR / schema).read_text(encoding="utf-8")),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    return [error.message for error in validator.iter_errors(data)]


@pytest.mark.parametrize(("case", "files", "expected"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_the_schema_refuses_what_the_validator_refuses(
    tmp_path: Path, case: str, files: dict[str, str | bytes], expected: object
) -> None:
    _write(tmp_path, files)
    assert _errors(tmp_path)
    said = {name: _schema_errors(name, content) for name, content in files.items()}
    if case in NO_YAML_TO_SEE:
        assert None in said.values()
        return
    assert None not in said.values()
    refused = any(said.values())
    assert refused == (case not in ONLY_THE_VALIDATOR), said


@pytest.mark.parametrize("files", [{}, QUOTED_DATES], ids=["base publication", "quoted dates"])
def test_the_schema_accepts_what_the_validator_accepts(
    tmp_path: Path, files: dict[str, str | bytes]
) -> None:
    _write(tmp_path, files)
    assert _errors(tmp_path) == []
    every = {
        COUNTRIES_FILE: COUNTRIES,
        ACTORS_FILE: ACTOR,
        INCIDENTS_FILE: INCIDENT,
        ARTICLE_FILE: ARTICLE,
        **files,
    }
    assert {name: _schema_errors(name, text) for name, text in every.items()} == {
        name: [] for name in every
    }


def test_no_field_of_an_item_has_a_default_to_copy() -> None:
    """A default of ``[]`` is deep-copied for every item that leaves the field out: a
    quarter of the time of checking an incident, at twenty thousand of them. Lists
    default to a new empty one (and their schemas still show ``[]``)."""
    models = (items.Country, items.Actor, items.Incident, items.Source, items.Author)
    for model in (*models, items.ArticleMeta, items.Correction):
        for name, field in model.model_fields.items():
            assert not isinstance(field.default, list | dict | set), (model.__name__, name)
    raw = yaml.safe_load((REPO / "data/incidents/2021/2021-06.yaml").read_text(encoding="utf-8"))
    raw[0].pop("tags", None)
    first, second = items.Incident.model_validate(raw[0]), items.Incident.model_validate(raw[0])
    assert first.tags == [] and first.tags is not second.tags
    assert items.Incident.model_json_schema()["properties"]["tags"]["default"] == []
