"""Items of the data files: each checked against its model, each kept with where it
was written; every mistake a located problem."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pycountry
from pydantic import BaseModel, ValidationError

from ..diagnostics import closest, did_you_mean, item_problems
from ..model import (
    Country,
    CountryEntry,
    Document,
    Flawed,
    Origin,
    Problem,
    Publication,
    Severity,
)
from ..slugs import slugify
from .history import is_new
from .yaml_files import PARSED_FILES

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


@dataclass(frozen=True)
class DataFiles:
    """The data folder's files that the load reads, by what they hold."""

    countries: Path  # read even when missing: a publication needs its countries
    actors: list[Path]
    incidents: list[Path]
    authors: list[Path]  # optional: without them, articles' authors are names as written

    @classmethod
    def of(cls, data: Path, root: Path, problems: list[Problem]) -> DataFiles:
        """The files of the data folder ``data``; any other file in its folders of actors
        and incidents is reported (see ``yaml_files``)."""

        def lists(name: str) -> list[Path]:
            return [p for p in (data / f"{name}.yaml", data / f"{name}.yml") if p.is_file()]

        return cls(
            data / "countries.yaml",
            lists("actors") + yaml_files(data / "actors", root, problems),
            yaml_files(data / "incidents", root, problems),
            lists("authors"),
        )

    def all(self) -> list[Path]:
        return [self.countries, *self.actors, *self.incidents, *self.authors]


def parsed_points(root: Path, paths: list[Path]) -> Iterator[tuple[str, float, float]]:
    """Each incident's country and point (ISO3, latitude, longitude) in the incident
    files at ``paths`` as they parse, before any check: those whose country is not text
    or whose coordinates are not degrees the model takes are left out."""
    for path in paths:
        items = PARSED_FILES.load(path, shown(root, path)).document.value
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            country = item.get("country")
            latitude = _degrees(item.get("latitude"), 90)
            longitude = _degrees(item.get("longitude"), 180)
            if isinstance(country, str) and latitude is not None and longitude is not None:
                yield country, latitude, longitude


def _degrees(value: object, limit: float) -> float | None:
    """A number of degrees as YAML parses it, if it is one the model takes: not a
    boolean (which Python counts as a number), not infinite, within ``limit``."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return float(value) if math.isfinite(value) and -limit <= value <= limit else None


def load_items(
    root: Path,
    path: Path,
    model: type[Item],
    kind: str,
    problems: list[Problem],
    publication: Publication,
) -> list[tuple[Item, Origin]]:
    """Every valid item of a list file. Each invalid one becomes problems, its id is
    remembered as invalid in ``publication`` and taken all the same (a second item with
    it is reported), and what of it passed its checks goes to ``publication.flawed``."""
    if not path.exists():
        return []
    loaded = PARSED_FILES.load(path, shown(root, path))
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
        # Checked once per version of the file, and an item whose text did not change the
        # same object from load to load: the live preview's rebuilds reuse them.
        kept = loaded.checked.get((model, index))
        check = partial(check_item, model, raw, document, (index,))
        if kept is None and not PARSED_FILES.keeps_items:  # a build: each item checked once
            item_problems: list[Problem] = []
            item, broken = check(item_problems)
        elif kept is None:
            key = (model, repr(raw))
            item, broken, item_problems = PARSED_FILES.checked_item(key, check)
            loaded.checked[(model, index)] = key, item, broken, item_problems
        else:
            key, item, broken, item_problems = kept
            if not broken and not item_problems:
                PARSED_FILES.still_checked(key, item)
        problems += item_problems
        origin = Origin(document.path, line, document, (index,))
        if not broken:
            items.append((item, origin))
            continue
        key_field = "iso3" if kind == "country" else "id"
        publication.invalid_ids[kind].add(str(raw.get(key_field)))
        publication.flawed.append(Flawed(item, origin, broken))
        if key_field not in broken and isinstance(item, Country):
            add_country(publication, item, origin, problems, publish=False)
        elif key_field not in broken and key_field in raw:
            add_unique(publication, kind, getattr(item, key_field), None, origin, problems)
    return items


def validate_item(
    model: type[Item],
    raw: dict[str, Any],
    document: Document,
    where: tuple[str | int, ...],
    problems: list[Problem],
) -> Item | None:
    """Check one item against its model; each error becomes a located problem."""
    item, broken = check_item(model, raw, document, where, problems)
    return None if broken else item


def check_item(
    model: type[Item],
    raw: dict[str, Any],
    document: Document,
    where: tuple[str | int, ...],
    problems: list[Problem],
) -> tuple[Item, frozenset[str]]:
    """Check one item against its model; each error becomes a located problem. Returns
    the item and no broken fields, or what of it passed its checks and the fields (and
    unknown keys) that did not (see ``model.Flawed``)."""
    try:
        return model.model_validate(raw), frozenset()
    except ValidationError as error:
        problems += item_problems(model, raw, document, where, error)
        locations = [detail["loc"] for detail in error.errors()]
    if any(not loc for loc in locations):  # a rule of the whole item: trust no field
        return model.model_construct(), frozenset([*model.model_fields, *map(str, raw)])
    return _sound_part(model, raw, {str(loc[0]) for loc in locations})


def _sound_part(
    model: type[Item], raw: dict[str, Any], broken: set[str]
) -> tuple[Item, frozenset[str]]:
    """The fields that passed their checks, each checked again alone to get its value as
    the model makes it (a quoted date a date, nested sources as Sources)."""
    # Where other keys are allowed (front matter), they are kept; but not a misspelling
    # of a broken field, reported with it already.
    extra = {
        key: value
        for key, value in raw.items()
        if model.model_config.get("extra") == "allow"
        and isinstance(key, str)
        and key not in model.model_fields
        and closest(key, model.model_fields) not in broken
    }
    item = model.model_construct(**extra)
    for name, value in raw.items():
        if name in model.model_fields and name not in broken:
            try:
                model.__pydantic_validator__.validate_assignment(item, name, value)
            except ValidationError:  # passed with the others, not alone: never guess
                broken.add(name)
    return item, frozenset(broken)


def add_country(
    publication: Publication,
    country: Country,
    origin: Origin,
    problems: list[Problem],
    *,
    publish: bool = True,
) -> None:
    """Add a covered country under its ISO name (or the publication's), with its slug;
    unless ``publish`` is False (a country with mistakes): then check its code, take it."""
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
    if not publish:
        add_unique(publication, "country", country.iso3, None, origin, problems)
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
    """Add an item to its kind's table, unless its id is taken (then a problem naming
    both places). A ``value`` of None takes the id for an item with mistakes, kept out of
    the table."""
    first = publication.origins.get((kind, key))
    if first is not None:
        problems.append(_defined_twice(publication.root, kind, key, first, origin))
        return
    if value is None:
        publication.origins[(kind, key)] = origin
        return
    tables: dict[str, dict[str, Any]] = {
        "country": publication.countries,
        "actor": publication.actors,
        "incident": publication.incidents,
        "author": publication.authors,
    }
    tables[kind][key] = value
    publication.origins[(kind, key)] = origin


def _defined_twice(root: Path, kind: str, key: str, first: Origin, second: Origin) -> Problem:
    """Both places, neither blamed for being read later; where git knows that one of them
    is new, that one, so that a writer never renames what is already published."""
    field_name = "iso3" if kind == "country" else "id"
    places = sorted([first, second], key=lambda origin: (origin.path, origin.line))
    message = f"{kind} {key!r} is defined twice: at {_at(places[0])} and {_at(places[1])}"
    new = [is_new(root, origin.path, origin.line, _last_line(origin)) for origin in places]
    if None not in new and new.count(True) == 1:  # git knows both; one of them is new
        where = places[new.index(True)]
        message += f"; the one at {_at(where)} is new, not in the last commit"
        hint = "remove it, or correct its code" if kind == "country" else "give it its own id"
    else:
        where = places[1]
        hint = (
            "list each country once"
            if kind == "country"
            else "keep the id of the one already published, and give the other its own"
        )
    return Problem(where.path, *where.position(field_name), field_name, message, hint)


def _at(origin: Origin) -> str:
    return f"{origin.path}:{origin.line}"


def _last_line(origin: Origin) -> int | None:
    """The item's last line: the one before the next item's (None: the end of the file)."""
    if origin.document is None or not origin.where or not isinstance(origin.where[-1], int):
        return None
    following = origin.document.positions.get((*origin.where[:-1], origin.where[-1] + 1))
    return following[0] - 1 if following else None


def _yaml_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return "single value"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
