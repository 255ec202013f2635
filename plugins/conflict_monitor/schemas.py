"""JSON Schemas of the writers' files, generated from the models, for editors.

With the YAML language server (VS Code's YAML extension and others), writers see
mistakes as they type. ``conflict-monitor schemas`` writes them into
``plugins/conflict_monitor/schemas/``; a test keeps them in step with the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pycountry
from pydantic import BaseModel

from .load.items import USER_ASSIGNED_CODES
from .model import EVENT_TYPES, Actor, ArticleMeta, Author, Country, Incident
from .rules import RESERVED_IDS

SCHEMAS_DIR = Path(__file__).with_name("schemas")


def _list_of(model: type[BaseModel], title: str, description: str) -> dict[str, Any]:
    item = model.model_json_schema()
    definitions = item.pop("$defs", {})
    if "id" in item["properties"]:  # the addresses of the site's own pages (rules)
        item["properties"]["id"]["not"] = {"enum": sorted(RESERVED_IDS)}
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": description,
        "type": "array",
        "items": item,
    }
    if definitions:
        schema["$defs"] = definitions
    return schema


def _incident_schema() -> dict[str, Any]:
    schema = _list_of(
        Incident, "Incidents", "A list of incidents (data/incidents/**/*.yaml); ACLED field names."
    )
    # Each sub-event type belongs to one event type.
    schema["items"]["allOf"] = [
        {
            "if": {"properties": {"event_type": {"const": event_type}}},
            "then": {"properties": {"sub_event_type": {"enum": list(subs)}}},
        }
        for event_type, subs in EVENT_TYPES.items()
    ]
    return schema


def _countries_schema() -> dict[str, Any]:
    schema = _list_of(
        Country, "Countries", "The countries the publication covers (data/countries.yaml)."
    )
    # Real ISO 3166-1 codes only, and those left to users that publications need (XKX).
    codes = [c.alpha_3 for c in pycountry.countries] + list(USER_ASSIGNED_CODES)
    schema["items"]["properties"]["iso3"]["enum"] = sorted(codes)
    return schema


def _not_blank(schema: Any) -> Any:
    """Text the models require (``min_length``) must hold more than spaces: they strip
    it before they count (``str_strip_whitespace``)."""
    if isinstance(schema, dict):
        if schema.get("type") == "string" and schema.get("minLength") and "pattern" not in schema:
            schema["pattern"] = "\\S"
        for value in schema.values():
            _not_blank(value)
    elif isinstance(schema, list):
        for value in schema:
            _not_blank(value)
    return schema


def schemas() -> dict[str, dict[str, Any]]:
    """Each schema by file name."""
    article = ArticleMeta.model_json_schema()
    article["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    article["title"] = "Article front matter"
    every = {
        "countries.schema.json": _countries_schema(),
        "actors.schema.json": _list_of(
            Actor, "Actors", "Actors the site may name (data/actors.yaml, data/actors/*.yaml)."
        ),
        "incidents.schema.json": _incident_schema(),
        "authors.schema.json": _list_of(
            Author, "Authors", "The publication's authors (data/authors.yaml, optional)."
        ),
        "article.schema.json": article,
    }
    return {name: _not_blank(schema) for name, schema in every.items()}


def render_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(folder: Path = SCHEMAS_DIR) -> list[Path]:
    """Write every schema; returns the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, schema in schemas().items():
        path = folder / name
        text = render_schema(schema)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
