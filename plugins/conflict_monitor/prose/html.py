"""Writers' Markdown fields (summaries, descriptions) turned into safe HTML.

Formatting stays; scripts, event handlers, styles and unknown tags go (nh3, the
Ammonia sanitiser). Everything else a page shows is plain text, escaped by Jinja.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from html import escape as escape_html
from html import unescape as unescape_html
from typing import Any

import markdown
import nh3
from markupsafe import Markup, escape

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


# One converter for the whole build: making a Markdown instance costs more than
# converting a short summary with it.
_CONVERTER = markdown.Markdown(output_format="html")


# Text in which Markdown would see nothing but paragraphs has none of these characters
# (nor control characters, which the sanitiser drops) and no line that starts a list or
# code, or ends in a line break (two spaces).
_MARKDOWN_CHARACTERS = re.compile(r"[*_`\[\]<>#!&\\|~=\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARKDOWN_LINE_START = re.compile(r"\s*([-+]|\d+[.)])(\s|$)| {4}|\t")


def _is_plain_prose(text: str) -> bool:
    """Whether Markdown would see nothing in ``text`` but paragraphs."""
    if _MARKDOWN_CHARACTERS.search(text):
        return False
    return not any(
        _MARKDOWN_LINE_START.match(line) or line.endswith("  ") for line in text.split("\n")
    )


@lru_cache(maxsize=4096)
def markdown_to_html(text: str) -> Markup:
    """Render a writer's Markdown and sanitise it; links get ``rel="noopener noreferrer"``."""
    if not text:
        return Markup("")
    if _is_plain_prose(text):
        # Plain prose, as most summaries are: paragraphs, escaped, without Markdown's cost.
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        return Markup("\n".join(f"<p>{escape(p)}</p>" for p in paragraphs))
    html = _CONVERTER.reset().convert(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)


# Remembered: an incident's summary is asked for as text by its page's link preview,
# the downloads and the map data.
@lru_cache(maxsize=2**16)
def plain_text(markdown_text: str) -> str:
    """A writer's Markdown as plain text on one line: rendered, then tags dropped."""
    if _is_plain_prose(markdown_text):
        return " ".join(markdown_text.split())  # plain prose, as most summaries are
    rendered = nh3.clean(markdown_to_html(markdown_text), tags=set())
    return " ".join(unescape_html(rendered).split())


# An article's body may use everything Markdown and its extensions write (tables,
# footnotes, figures, code highlighting, attribute lists), and no scripts, frames,
# forms, styles or event handlers.
_ARTICLE_TAGS = _ALLOWED_TAGS | {
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "figure", "figcaption", "table",
    "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "span", "div",
    "dl", "dt", "dd", "details", "summary", "kbd", "mark", "del", "ins", "s", "small", "cite",
    "q", "time", "u", "var", "samp", "section", "aside", "nav",
}  # fmt: skip
_ARTICLE_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "details": {"open"},
    "div": {"data-embed"},  # the marker of an embedded map (references.py)
}


# Made once: each page is then cleaned without the sets above converted again.
_PAGE_CLEANER = nh3.Cleaner(
    tags=_ARTICLE_TAGS,
    attributes=_ARTICLE_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    strip_comments=True,
)


def sanitise_page(html: str) -> str:
    """A page written by the publication, without anything that could run in a browser."""
    return _PAGE_CLEANER.clean(html)


def escaped_for_the_theme(
    meta: Mapping[str, Any], title: str | None, summary: str | None
) -> dict[str, Any]:
    """A page's metadata with what a theme prints raw escaped: its title, and its
    description (a writer's, else the summary). MkDocs renders theme templates without
    autoescaping, and Material prints the title and description as they are."""
    escaped = dict(meta)
    escaped["title"] = escape_html(str(title or ""))
    description = meta.get("description") or summary
    if description:
        escaped["description"] = escape_html(str(description))
    return escaped
