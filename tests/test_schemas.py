"""The JSON Schemas shipped for editors match the models and accept the sample data."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conflict_monitor.schemas import SCHEMAS_DIR, render_schema, schemas
from conftest import REPO


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
