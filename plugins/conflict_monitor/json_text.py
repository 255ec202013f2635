"""Values as compact JSON, as the site writes them: map data, downloads, and what search
engines read of an article. orjson writes what the standard library's
``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` writes, several times
faster (tens of thousands of incidents, in every file they are in); only a number below
0.0001 may be written another way (``0.00001`` for ``1e-05``), with the same value."""

from __future__ import annotations

import json
from typing import Any

import orjson


def compact_json(value: Any) -> str:
    """``value`` (dicts with text keys, lists, tuples, text, numbers, booleans, None) as
    JSON without spaces, with its characters as they are (UTF-8, not ``\\u`` escapes)."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:  # an integer beyond 64 bits (a writer's typo): as it is
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
