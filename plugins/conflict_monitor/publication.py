"""The whole publication loaded from disk: countries, actors, incidents and articles.

``load_publication`` reads every file, checks each item against the models and the
publication against ``rules``, and returns what is valid together with every
problem found, sorted, so a writer sees all of them in one run.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pycountry
from pydantic import BaseModel, ValidationError

from . import collector, rules
from .load import Document, Loaded, load_yaml_file, parse_yaml, read_text, split_front_matter
from .model import Actor, ArticleMeta, Country, Incident
from .problems import Problem, Severity, did_you_mean
from .references import Reference, find_references
from .second_process import shared_with_a_second_process
from .slugs import slugify

Item = TypeVar("Item", bound=BaseModel)


@dataclass(frozen=True)
class Origin:
    """Where a writer wrote something: file (relative to the root) and line."""

    path: str
    line: int
    document: Document | None = None
    where: tuple[str | int, ...] = ()  # the item's place in its document

    def position(self, *field_path: str | int) -> tuple[int, int]:
        """Line and column of a field (or list entry) of this item."""
        if self.document is None:
            return (self.line, 0)
        return self.document.position((*self.where, *field_path))


@dataclass
class Article:
    """An analysis article: its front matter, and where it lives in ``content/``."""

    src_uri: str  # relative to content/, e.g. ``articles/2021/border-posts.md``
    meta: ArticleMeta
    origin: Origin
    references: list[Reference] = field(default_factory=list)  # ``[[kind:id]]`` in the body

    def names(self, kind: str) -> list[str]:
        """Ids (ISO3 codes for countries) the article names, in front matter or in prose."""
        listed = {
            "actor": self.meta.actors,
            "country": self.meta.countries,
            "incident": self.meta.incidents,
        }[kind]
        in_prose = [r.target for r in self.references if r.kind == kind]
        return list(dict.fromkeys([*listed, *in_prose]))

    @property
    def title(self) -> str:
        return self.meta.title


@dataclass
class CountryEntry:
    """A covered country with its display name and page slug resolved."""

    country: Country
    name: str
    slug: str

    @property
    def iso3(self) -> str:
        return self.country.iso3


@dataclass
class Publication:
    root: Path
    countries: dict[str, CountryEntry] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    drafts: list[Article] = field(default_factory=list)
    # In-prose references in the other Markdown pages (home, about, ...), by file shown.
    page_references: dict[str, list[Reference]] = field(default_factory=dict)
    # Ids of items that failed their checks: already reported, so references to them
    # are not reported again as unknown.
    invalid_ids: dict[str, set[str]] = field(
        default_factory=lambda: {"country": set(), "actor": set(), "incident": set()}
    )
    # Kinds with a file that could not be read at all: which ids it holds is unknown,
    # so references to that kind are not checked until the file is fixed.
    unreadable: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Layout:
    """Where a publication keeps its files, relative to its root."""

    content_dir: str = "content"
    data_dir: str = "data"
    articles_dir: str = "articles"  # inside content_dir


DEFAULT_LAYOUT = Layout()


def load_publication(
    root: Path, layout: Layout = DEFAULT_LAYOUT, *, parallel: bool = False
) -> tuple[Publication, list[Problem]]:
    """Load and check everything; return the valid publication and all problems, sorted.

    ``parallel``: read the incident files in two processes (see ``can_fork``)."""
    # Millions of small objects and no cycles: the cycle collector would walk them again
    # and again for nothing (a third of the time at 20,000 incidents).
    with collector.paused():
        return _load_publication(root, layout, parallel)


def _load_publication(
    root: Path, layout: Layout, parallel: bool
) -> tuple[Publication, list[Problem]]:
    publication = Publication(root=root)
    problems: list[Problem] = []
    data = root / layout.data_dir

    for entry in _load_items(
        root,
        data / "countries.yaml",
        Country,
        "country",
        problems,
        publication.invalid_ids["country"],
        publication.unreadable,
    ):
        _add_country(publication, entry, problems)

    actor_files = [p for p in (data / "actors.yaml", data / "actors.yml") if p.exists()]
    actor_files += _yaml_files(data / "actors", root, problems)
    for path in actor_files:
        for actor, origin in _load_items(
            root,
            path,
            Actor,
            "actor",
            problems,
            publication.invalid_ids["actor"],
            publication.unreadable,
        ):
            _add_unique(publication.actors, "actor", actor.id, actor, origin, publication, problems)

    incident_files = _yaml_files(data / "incidents", root, problems)
    for path, loaded in zip(
        incident_files, _read_yaml_files(root, incident_files, parallel), strict=True
    ):
        for incident, origin in _load_items(
            root,
            path,
            Incident,
            "incident",
            problems,
            publication.invalid_ids["incident"],
            publication.unreadable,
            loaded,
        ):
            _add_unique(
                publication.incidents,
                "incident",
                incident.id,
                incident,
                origin,
                publication,
                problems,
            )

    content_dir = root / layout.content_dir
    articles_dir = content_dir / layout.articles_dir
    if content_dir.is_dir():
        for path in sorted(content_dir.glob("**/*.md")):
            if articles_dir in path.parents:
                continue
            text, _read_problems = read_text(path, _shown(root, path))  # MkDocs reports those
            split = split_front_matter(text or "")
            references = find_references(split.body, split.body_line)
            if references:
                publication.page_references[_shown(root, path)] = references
    if articles_dir.is_dir():
        for path in sorted(articles_dir.glob("**/*.md")):
            article = _load_article(root, root / layout.content_dir, path, problems)
            if article is None:
                continue
            (publication.drafts if article.meta.draft else publication.articles).append(article)
    publication.articles.sort(key=lambda a: (a.meta.date, a.src_uri), reverse=True)

    problems += rules.check(publication)
    return publication, sorted(set(problems))


def _yaml_files(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
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
                    _shown(root, path),
                    0,
                    0,
                    "",
                    "is not read: only .yaml and .yml files hold data",
                    "rename it to end in .yaml",
                    severity=Severity.WARNING,
                )
            )
    return found


PARALLEL_FROM = 1_000_000  # bytes of incident files: below, a second process gains nothing


def _read_yaml_files(root: Path, paths: list[Path], parallel: bool) -> list[Loaded]:
    """Each file parsed, in order; shared with a second process when it pays."""
    files = [(path, _shown(root, path)) for path in paths]
    sizes = [path.stat().st_size for path in paths]
    if parallel and sum(sizes) >= PARALLEL_FROM:
        return shared_with_a_second_process(_read_yaml_file, files, sizes)
    return [_read_yaml_file(file) for file in files]


def _read_yaml_file(file: tuple[Path, str]) -> Loaded:
    return load_yaml_file(*file)


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _load_items(
    root: Path,
    path: Path,
    model: type[Item],
    kind: str,
    problems: list[Problem],
    invalid_ids: set[str],
    unreadable: set[str],
    loaded: Loaded | None = None,
) -> list[tuple[Item, Origin]]:
    """Every valid item of a list file (``loaded`` already, or read here); each invalid
    one becomes problems."""
    if loaded is None:
        if not path.exists():
            return []
        loaded = load_yaml_file(path, _shown(root, path))
    problems += loaded.problems
    document = loaded.document
    if loaded.problems and document.value is None:
        unreadable.add(kind)
        return []
    if document.value is None:
        return []  # an empty file is an empty list
    if not isinstance(document.value, list):
        unreadable.add(kind)
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
            invalid_ids.add(str(raw.get("iso3" if kind == "country" else "id")))
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
        details = [d for d in error.errors() if (*where, *d["loc"]) not in document.reported]
        # A misspelt required field shows up twice: its right name as missing and (where
        # unknown fields are refused) the misspelling as unknown. Report it once.
        typos: dict[str, str] = {}  # the required field -> what the writer wrote instead
        for key in raw:
            name = None if key in model.model_fields else _closest(str(key), model)
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
            field_name = ".".join(str(part) for part in loc)
            message, hint = _explain(model, detail)
            problems.append(Problem(document.path, line, column, field_name, message, hint))
        return None


def _closest(name: str, model: type[BaseModel]) -> str | None:
    matches = difflib.get_close_matches(name, sorted(model.model_fields), n=1, cutoff=0.6)
    return matches[0] if matches else None


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


def _yaml_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return "single value"


def _add_country(
    publication: Publication, entry: tuple[Country, Origin], problems: list[Problem]
) -> None:
    country, origin = entry
    record = pycountry.countries.get(alpha_3=country.iso3)
    if record is None:
        publication.invalid_ids["country"].add(country.iso3)
        known = [c.alpha_3 for c in pycountry.countries]
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
    name = country.name or record.name
    # A name in another script gives no ASCII slug: the ISO short name gives the address.
    slug = slugify(name) or slugify(record.name)
    _add_unique(
        publication.countries,
        "country",
        country.iso3,
        CountryEntry(country, name, slug),
        origin,
        publication,
        problems,
    )


def _add_unique(
    table: dict[str, Any],
    kind: str,
    key: str,
    value: Any,
    origin: Origin,
    publication: Publication,
    problems: list[Problem],
) -> None:
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
    table[key] = value
    publication.origins[(kind, key)] = origin


def _load_article(
    root: Path, content_dir: Path, path: Path, problems: list[Problem]
) -> Article | None:
    shown = _shown(root, path)
    text, read_problems = read_text(path, shown)
    problems += read_problems
    if text is None:
        return None
    split = split_front_matter(text)
    front = split.front_matter
    if front is None and text.startswith("---"):
        problems.append(
            Problem(
                shown,
                1,
                1,
                "",
                "the front matter is not closed",
                "end it with a line holding only `---`",
            )
        )
        return None
    if front is None:
        problems.append(
            Problem(
                shown,
                1,
                1,
                "",
                "has no front matter",
                "start the file with `---`, the article's fields, and `---`",
            )
        )
        return None
    loaded = parse_yaml(front, shown, line_offset=split.front_matter_line)
    problems += loaded.problems
    if loaded.problems:
        return None
    if not isinstance(loaded.document.value, dict):
        problems.append(Problem(shown, 2, 1, "", "front matter must be fields (`title: ...`)"))
        return None
    meta = validate_item(ArticleMeta, loaded.document.value, loaded.document, (), problems)
    if meta is None:
        return None
    return Article(
        path.relative_to(content_dir).as_posix(),
        meta,
        Origin(shown, 1, loaded.document),
        find_references(split.body, split.body_line),
    )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
