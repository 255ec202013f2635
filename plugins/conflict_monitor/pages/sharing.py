"""What link previews and search engines read in a page's ``<head>``: Open Graph and
Twitter card tags, and structured data (JSON-LD).

All of it is writers' and data's text: attribute values are escaped, and JSON-LD is
escaped as Jinja's ``tojson`` escapes it (``<``, ``>``, ``&`` and ``'`` as ``\\u``
escapes), so that no title can close the script it stands in.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from ..json_text import compact_json

PREVIEW_LENGTH = 300  # characters of a description shown in a link preview, at most
# Inside a JSON string, these escapes mean the same characters; in HTML they are no markup.
_JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


@dataclass(frozen=True)
class Preview:
    """What a link preview shows of a page."""

    title: str
    description: str  # plain text; empty: none
    url: str | None  # the page's permanent address; None for a site without one
    kind: str = "website"  # Open Graph type: ``article`` for an article


def preview_tags(preview: Preview, site_name: str) -> str:
    """Open Graph and Twitter card ``<meta>`` tags, escaped."""
    description = shortened(preview.description)
    tags = [
        ("property", "og:type", preview.kind),
        ("property", "og:site_name", site_name),
        ("property", "og:title", preview.title),
        ("property", "og:description", description),
        ("property", "og:url", preview.url or ""),
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", preview.title),
        ("name", "twitter:description", description),
    ]
    return "".join(
        f'<meta {attribute}="{name}" content="{escape(value)}">'
        for attribute, name, value in tags
        if value
    )


def json_ld(data: dict[str, Any]) -> str:
    """A ``<script type="application/ld+json">`` holding ``data``, safe inside HTML."""
    text = compact_json(data)
    return f'<script type="application/ld+json">{text.translate(_JSON_IN_HTML)}</script>'


def shortened(text: str, length: int = PREVIEW_LENGTH) -> str:
    """``text`` cut at a word to at most ``length`` characters, with an ellipsis if cut."""
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"
