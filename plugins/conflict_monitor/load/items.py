"""Items of the data files: each checked against its model, each kept with where it
was written; every mistake a located problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import pycountry
from pydantic import BaseModel, ValidationError

from ..diagnostics import did_you_mean, item_problems
from ..model import Country, CountryEntry, Document, Origin, Problem, Publication, Severity
from ..slugs import slugify
from .yaml_files import load_yaml_file

Item = TypeVar("Item", bound=BaseModel)

# Codes ISO 3166-1 leaves to its users that publications need, with their names: Kosovo's,
# as ACLED and the European Union write it.
USER_ASSIGNED_CODES = {"XKX": "Kosovo"}


def shown(root: Path, path: Path) -> str:
    """A file as writers see it: relative to the publication's root."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def yaml_files(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """The YAML files of a data folder, sorted; any other file is reported, never skipped
    silently (an incident in `2021.YML` or `2021.yaml.txt` would otherwise be lost)."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(p for p in folder.glob("**/*") if p.is_file()):
        if path.suffix in (".yaml", ".yml"):
            found.append(path)
        elif not path.name.startswith(".") and path.suffix.lower() != ".md":
            problems.append(
                Problem(
                    shown(root, path),
                    0,
                    0,
                    "",
                    "is not read: only .yaml and .yml files hold data",
                    "rename it to end in .yaml",
                    severity=Severity.WARNING,
                )
            )
    return found


def load_items(
    root: Path,
    path: Path,
    model: type[Item],
    kind: str,
    problems: list[Problem],
    publication: Publication,
) -> list[tuple[Item, Origin]]:
    """Every valid item of a list file; each invalid one becomes problems, and its id
    is remembered as invalid in ``publication``."""
    if not path.exists():
        return []
    loaded = load_yaml_file(path, shown(root, path))
    problems += loaded.problems
    document = loaded.document
    if loaded.problems and document.value is None:
        publication.unreadable.add(kind)
        return []
    if document.value is None:
        return []  # an empty file is an empty list
    if not isinstance(document.value, list):
        publication.unreadable.add(kind)
        problems.append(
            Problem(
                document.path,
                *document.position(()),
                "",
                f"must be a list of {kind} items, not a {_yaml_kind(document.value)}",
                "start each item with `- `",
            )
        )
        return []
    items = []
    for index, raw in enumerate(document.value):
        line = document.position((index,))[0]
        if not isinstance(raw, dict):
            problems.append(
                Problem(
                    document.path,
                    line,
                    document.position((index,))[1],
                    "",
                    f"each item must be {_article(kind)} {kind} with fields, "
                    f"not a {_yaml_kind(raw)}",
                )
            )
            continue
        item = validate_item(model, raw, document, (index,), problems)
        if item is None:
            publication.invalid_ids[kind].add(str(raw.get("iso3" if kind == "country" else "id")))
        else:
            items.append((item, Origin(document.path, line, document, (index,))))
    return items


def validate_item(
    model: type[Item],
    raw: dict[str, Any],
    document: Document,
    where: tuple[str | int, ...],
    problems: list[Problem],
) -> Item | None:
    """Check one item against its model; each error becomes a located problem."""
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        problems += item_problems(model, raw, document, where, error)
        return None


def add_country(
    publication: Publication, country: Country, origin: Origin, problems: list[Problem]
) -> None:
    """Add a covered country under its ISO name (or the publication's), with its slug."""
    record = pycountry.countries.get(alpha_3=country.iso3)
    iso_name = record.name if record else USER_ASSIGNED_CODES.get(country.iso3)
    if iso_name is None:
        publication.invalid_ids["country"].add(country.iso3)
        known = [c.alpha_3 for c in pycountry.countries] + list(USER_ASSIGNED_CODES)
        problems.append(
            Problem(
                origin.path,
                *origin.position("iso3"),
                "iso3",
                f"{country.iso3!r} is not an ISO 3166-1 alpha-3 code",
                did_you_mean(country.iso3, known) or "see the ISO 3166-1 list",
            )
        )
        return
    name = country.name or iso_name
    # A name in another script gives no ASCII slug: the ISO short name gives the address.
    slug = slugify(name) or slugify(iso_name)
    add_unique(
        publication, "country", country.iso3, CountryEntry(country, name, slug), origin, problems
    )


def add_unique(
    publication: Publication,
    kind: str,
    key: str,
    value: Any,
    origin: Origin,
    problems: list[Problem],
) -> None:
    """Add an item to its kind's table, unless its id is taken (then a problem)."""
    first = publication.origins.get((kind, key))
    if first is not None:
        field_name = "iso3" if kind == "country" else "id"
        problems.append(
            Problem(
                origin.path,
                *origin.position(field_name),
                field_name,
                f"{kind} {key!r} is already defined at {first.path}:{first.line}",
                f"give each {kind} its own {field_name}",
            )
        )
        return
    tables: dict[str, dict[str, Any]] = {
        "country": publication.countries,
        "actor": publication.actors,
        "incident": publication.incidents,
    }
    tables[kind][key] = value
    publication.origins[(kind, key)] = origin


def _yaml_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return "single value"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
