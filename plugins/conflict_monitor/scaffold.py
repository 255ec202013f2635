"""New files for writers: an article with its front matter filled in, and an incident
template to paste into a data file.

``new_article`` writes ``content/articles/<year>/<slug>.md`` as a draft, after checking
the countries, actors and authors it names against the publication's data.
``incident_template`` is a commented incident made from the model, so it names every
field the build accepts, required ones first.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from .diagnostics import closest, did_you_mean
from .load import load_publication
from .model import (
    DEFAULT_LAYOUT,
    EVENT_TYPES,
    GEO_PRECISION,
    TIME_PRECISION,
    Incident,
    Layout,
    Publication,
    Source,
)
from .rules import RESERVED_IDS
from .slugs import slugify

SUMMARY_PLACEHOLDER = (
    "Replace this sentence with one or two sentences that say what the article finds; "
    "listings, feeds and link previews show them."
)
SLUG_LENGTH = 80  # characters of the title's slug kept in the file name


class ScaffoldRefused(Exception):
    """Nothing was written; the message says why and what to do instead."""


def new_article(
    root: Path,
    title: str,
    *,
    countries: Sequence[str] = (),
    actors: Sequence[str] = (),
    authors: Sequence[str] = (),
    slug: str | None = None,
    layout: Layout = DEFAULT_LAYOUT,
    today: dt.date | None = None,
) -> Path:
    """Write a draft article into the publication at ``root``; return its path.

    Refused (``ScaffoldRefused``) when the title gives no address and no ``slug`` is
    given, when a country, actor or author is unknown (every one is named), or when
    the file exists."""
    title = " ".join(title.split())  # a heading and a front-matter line hold no line breaks
    if not title:
        raise ScaffoldRefused("the title is empty: give the article's title in quotes")
    slug = _checked_slug(title, slug)
    if not (root / layout.data_dir).is_dir():
        raise ScaffoldRefused(
            f"{root / layout.data_dir} does not exist: run the command in the publication's "
            "folder, or name it with --root"
        )
    publication, _problems = load_publication(root, layout)  # `validate` reports those
    unknown = _unknown_countries(countries, publication)
    countries = [code.upper() for code in countries]  # `--country afg` is AFG
    unknown += _unknown_ids("actor", actors, publication)
    if publication.authors_file is not None:
        unknown += _unknown_ids("author", authors, publication)
    if unknown:
        raise ScaffoldRefused("\n".join(unknown))

    day = today or dt.date.today()
    articles = root / layout.content_dir / layout.articles_dir
    path = articles / str(day.year) / f"{slug}.md"
    text = article_text(title, day, countries, actors, authors)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:  # never overwrites
            file.write(text)
    except FileExistsError:
        raise ScaffoldRefused(
            f"{path} already exists: open it to edit that article, or choose another "
            "address with --slug"
        ) from None
    return path


def article_slug(title: str) -> str:
    """The file name (and address) an article gets from its title:
    ``Afghanistan: the Taliban's push`` -> ``afghanistan-the-talibans-push``."""
    slug = slugify(re.sub("['\u2019]", "", title))  # "Taliban's" -> talibans, not taliban-s
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0]  # cut at a word
    return slug


def _checked_slug(title: str, slug: str | None) -> str:
    if slug is None:
        slug = article_slug(title)
        if not slug:
            raise ScaffoldRefused(
                f"the title {title!r} has no Latin letters or digits to make the article's "
                "address from: choose one with --slug, such as --slug taliban-offensive"
            )
    elif slugify(slug) != slug:
        suggestion = slugify(slug)
        raise ScaffoldRefused(
            f"--slug {slug!r} is not a valid address: use lowercase ASCII letters, digits "
            "and hyphens" + (f", such as {suggestion}" if suggestion else "")
        )
    if slug in RESERVED_IDS:
        raise ScaffoldRefused(f"{slug!r} is reserved for the site's own pages: choose another")
    return slug


def _unknown_countries(codes: Sequence[str], publication: Publication) -> list[str]:
    if "country" in publication.unreadable:
        return [_unreadable("data/countries.yaml")] if codes else []
    known = publication.countries.keys() | publication.invalid_ids["country"]
    by_name = {entry.name.casefold(): iso3 for iso3, entry in publication.countries.items()}
    messages = []
    for code in codes:
        if code.upper() in known:
            continue
        # A writer may give the name rather than the code: --country Afghanistan.
        named = by_name.get(code.casefold()) or by_name.get(closest(code.casefold(), by_name) or "")
        hint = f"did you mean `{named}`?" if named else did_you_mean(code.upper(), known)
        messages.append(
            f"--country {code}: not a country in data/countries.yaml ("
            + (hint or "give its ISO 3166-1 alpha-3 code, or add the country first")
            + ")"
        )
    return messages


def _unknown_ids(kind: str, ids: Sequence[str], publication: Publication) -> list[str]:
    where = "data/actors.yaml" if kind == "actor" else publication.authors_file or ""
    if kind in publication.unreadable:
        return [_unreadable(where)] if ids else []
    items: Collection[str] = publication.actors if kind == "actor" else publication.authors
    known = set(items) | publication.invalid_ids[kind]
    return [
        f"--{kind} {item_id}: not a known {kind} id ("
        + (did_you_mean(item_id, known) or f"add the {kind} to {where} first, or correct the id")
        + ")"
        for item_id in ids
        if item_id not in known
    ]


def _unreadable(what: str) -> str:
    return f"{what} could not be read: run `conflict-monitor validate` and fix it first"


def article_text(
    title: str,
    day: dt.date,
    countries: Sequence[str],
    actors: Sequence[str],
    authors: Sequence[str] = (),
) -> str:
    """A draft article: complete front matter and the start of a body."""
    # Each field through yaml.safe_dump: any title, quotes, colons and `#` included,
    # reads back as written.
    lines = ["---", _field("title", title), _field("date", day)]
    if authors:
        lines.append(_field("authors", list(authors)))
    else:
        lines += [
            "# Optional: author ids from data/authors.yaml (names as written without it).",
            "# " + _field("authors", []),
        ]
    lines += [
        "# One or two sentences for listings, feeds and link previews.",
        _field("summary", SUMMARY_PLACEHOLDER),
        "# ISO3 codes of the countries it is about; each gets a link to its country page.",
        _field("countries", list(countries)),
        "# Ids of the actors it names (data/actors.yaml); each gets a link to its actor page.",
        _field("actors", list(actors)),
        "# Optional: incident ids, shown on the article's map. Remove the `# ` to use it.",
        "# " + _field("incidents", []),
        "# Optional: topics, such as [border-security].",
        "# " + _field("tags", []),
        "# A draft is shown by `make serve` only and is never published: set it to false",
        "# to publish the article.",
        _field("draft", True),
        "---",
        "",
        f"# {markdown_text(title)}",
        "",
        "Write the article here, in Markdown. Link a country, an actor or an incident by",
        f"its id: {_example_references(countries, actors)}.",
        "",
    ]
    return "\n".join(lines)


def _example_references(countries: Sequence[str], actors: Sequence[str]) -> str:
    """References to what the article names; with nothing named, an example in code,
    which the build leaves as it is (an unknown id would fail it)."""
    if not countries and not actors:
        return "`[[country:AFG]]`, `[[actor:taliban]]`"
    found = [f"[[country:{code}]]" for code in countries[:1]]
    found += [f"[[actor:{actor_id}]]" for actor_id in actors[:1]]
    return ", ".join(found)


def _field(name: str, value: object) -> str:
    """``name: value`` as one line; a list in brackets, as writers write them."""
    if isinstance(value, list):
        listed = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
        return f"{name}: {listed.strip()}"
    return yaml.safe_dump({name: value}, allow_unicode=True, width=10_000).rstrip("\n")


# Characters that mean something in a Markdown heading: emphasis, links and references,
# code, attribute lists (`{#id}`), closing `#`s; `&` and `<` start entities and HTML.
_MARKDOWN_ESCAPES = {c: "\\" + c for c in "\\`*_{}[]#!"} | {"&": "&amp;", "<": "&lt;"}


def markdown_text(text: str) -> str:
    """Text that Markdown shows as written: ``C# & F#`` -> ``C\\# &amp; F\\#``."""
    return "".join(_MARKDOWN_ESCAPES.get(c, c) for c in text)


# The incident template. Optional for the model, but the strict build warns without it.
_FILLED_IN = ("summary",)
# A source needs a publisher or a url: both are offered, the others commented out.
_SOURCE_FILLED_IN = ("publisher", "url")
# For the fields whose docstring in the model says nothing more than their name.
_MEANINGS = {
    (Incident, "tags"): "Words that group incidents, such as [border].",
    (Source, "title"): "Title of the report or article.",
    (Source, "date"): "When it was published, YYYY-MM-DD.",
}
_COMMENT_COLUMN = 28


def incident_template() -> str:
    """A commented incident to paste into a file under data/incidents/: the fields to
    fill in first, then the optional ones commented out, each with what it means."""
    to_fill: list[str] = []
    optional: list[str] = []
    for name, info in Incident.model_fields.items():
        required = info.is_required() or name in _FILLED_IN
        if name == "sources":
            block = _sources_block()
        else:
            value = _empty_value(info.annotation)
            block = [_template_line(Incident, name, value, "  ", commented=not required)]
        (to_fill if required else optional).extend(block)
    to_fill[0] = "- " + to_fill[0].removeprefix("  ")  # the item starts at its first field
    lines = [*_template_header(), "", "# To fill in:", *to_fill]
    lines += ["# Optional: remove the `# ` in front of a field to use it.", *optional]
    return "\n".join(lines) + "\n"


def _template_header() -> list[str]:
    intro = (
        "A new incident. Paste it at the end of a file under data/incidents/ (any .yaml "
        "file there: one a month, data/incidents/2021/06.yaml, keeps them easy to find), "
        "fill in each value, and delete the optional fields you do not use."
    )
    lines = [*textwrap.wrap(intro, 86), ""]
    lines.append("event_type is one of ACLED's event types; sub_event_type one of its own:")
    for event_type, subs in EVENT_TYPES.items():
        lines += _listed(f"  {event_type}: ", subs)
    lines.append("")
    for name, codes in (("time_precision", TIME_PRECISION), ("geo_precision", GEO_PRECISION)):
        lines += _listed(f"{name}: ", [f"{code} {words}" for code, words in codes.items()])
    return [f"# {line}".rstrip() for line in lines]


def _listed(start: str, entries: Sequence[str], width: int = 94) -> list[str]:
    """``start`` and the entries joined by ``; ``, on as many lines as they need; an
    entry is never split, so that it can be copied whole."""
    lines = [start.rstrip()]
    indent = " " * (len(start) - len(start.lstrip()) + 2)
    for index, entry in enumerate(entries):
        text = entry + (";" if index < len(entries) - 1 else "")
        if len(lines[-1]) + 1 + len(text) > width and lines[-1].strip() != start.strip():
            lines.append(indent + text)
        else:
            lines[-1] += " " + text
    return lines


def _sources_block() -> list[str]:
    lines = [_template_line(Incident, "sources", "", "  ")]
    commented: list[str] = []
    for name, info in Source.model_fields.items():
        to_fill = name in _SOURCE_FILLED_IN
        line = _template_line(
            Source, name, _empty_value(info.annotation), "      ", commented=not to_fill
        )
        (lines if to_fill else commented).append(line)
    lines[1] = "    - " + lines[1].removeprefix("      ")  # the first source's first field
    return lines + commented


def _template_line(
    model: type[BaseModel], name: str, value: str, indent: str, *, commented: bool = False
) -> str:
    meaning = model.model_fields[name].description or _MEANINGS.get((model, name), "")
    field = indent + ("# " if commented else "") + f"{name}:" + (f" {value}" if value else "")
    return f"{field.ljust(_COMMENT_COLUMN - 1)} # {meaning}" if meaning else field


def _empty_value(annotation: Any) -> str:
    """What an empty field shows: ``[]`` for a list (a list it stays), else nothing."""
    return "[]" if getattr(annotation, "__origin__", None) is list else ""
