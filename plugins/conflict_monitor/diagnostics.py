"""What writers read when an item breaks the content model: pydantic's errors in
the writers' words, and "did you mean" for every misspelt name or id."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from .model import Document, Problem
from .slugs import slugify


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known value closest to ``value``, or None when nothing is close."""
    matches = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """A hint naming the closest known value, or ``""`` when nothing is close."""
    match = closest(value, known)
    return f"did you mean `{match}`?" if match else ""


def field_path(where: Iterable[str | int]) -> str:
    """A field inside an item as writers count: ``sources[1].url`` for the url of the
    first source (lists count from one, as a writer reads the file)."""
    text = ""
    for part in where:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def item_problems(
    model: type[BaseModel],
    raw: dict[str, Any],
    document: Document,
    where: tuple[str | int, ...],
    error: ValidationError,
) -> list[Problem]:
    """Each of pydantic's errors about one item, located in its document."""
    problems = []
    details = [d for d in error.errors() if (*where, *d["loc"]) not in document.reported]
    # A misspelt required field shows up twice: its right name as missing and (where
    # unknown fields are refused) the misspelling as unknown. Report it once.
    typos: dict[str, str] = {}  # the required field -> what the writer wrote instead
    for key in raw:
        name = None if key in model.model_fields else closest(str(key), model.model_fields)
        if name and name not in raw and model.model_fields[name].is_required():
            typos[name] = str(key)
    for name, key in sorted(typos.items()):
        line, column = document.position((*where, key))
        problems.append(
            Problem(
                document.path,
                line,
                column,
                key,
                "is not a field of this item",
                f"did you mean `{name}`?",
            )
        )
    for detail in details:
        loc = tuple(detail["loc"])
        if len(loc) == 1 and (
            (detail["type"] == "missing" and loc[0] in typos)
            or (detail["type"] == "extra_forbidden" and loc[0] in typos.values())
        ):
            continue
        line, column = document.position((*where, *loc))
        field_name = field_path(loc)
        message, hint = _explain(model, detail)
        problems.append(Problem(document.path, line, column, field_name, message, hint))
    return problems


def _explain(model: type[BaseModel], detail: Any) -> tuple[str, str]:
    """A writer's message and hint for one pydantic error."""
    kind = detail["type"]
    loc = detail["loc"]
    name = str(loc[-1]) if loc else ""
    message = str(detail["msg"]).removeprefix("Value error, ")
    if kind == "missing":
        return "is required", f"add `{name}:` to this item"
    if kind == "extra_forbidden":
        return (
            "is not a field of this item",
            did_you_mean(name, model.model_fields) or "remove it, or check the spelling",
        )
    if kind == "string_pattern_mismatch":
        if name == "iso3" or "A-Z" in str(detail.get("ctx", {}).get("pattern", "")):
            return (
                f"{detail['input']!r} is not an ISO 3166-1 alpha-3 code",
                "write three capital letters, such as AFG",
            )
        suggestion = slugify(str(detail["input"]))
        return (
            f"{detail['input']!r} is not a valid id",
            "use lowercase ASCII letters, digits and hyphens"
            + (f", such as `{suggestion}`" if suggestion else ""),
        )
    if kind == "date_not_real":  # as for a date written without quotes (yaml_files)
        return f"{detail['input']!r} is not a real date", "write it as YYYY-MM-DD"
    if kind.startswith("date_"):
        return f"{detail['input']!r} is not a date", "write it as YYYY-MM-DD"
    if kind == "too_short" and name == "sources":
        return "needs at least one source", "add a source with a publisher or a url"
    if kind == "too_short":
        return "is empty", "write a value or remove the field"
    if kind == "literal_error" and name in ("time_precision", "geo_precision"):
        return f"{detail['input']!r} is not a precision code", "use 1, 2 or 3 (ACLED)"
    if kind == "literal_error":
        return f"{detail['input']!r} is not allowed", message.replace("Input should be", "use")
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{detail['input']!r} is out of range", message.replace("Input should be", "must be")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{detail['input']!r} is not a whole number", "write a whole number such as 0"
    if kind in ("float_type", "float_parsing"):
        return f"{detail['input']!r} is not a number", "write decimal degrees such as 37.19"
    if kind in ("list_type",):
        return "must be a list", f"write `{name}: [a, b]` or one `- item` per line"
    if kind in ("string_type",):
        return f"{detail['input']!r} must be text", "put the value in quotes"
    return message, ""
