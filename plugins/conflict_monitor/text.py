"""Writers' Markdown fields (summaries, descriptions) turned into safe HTML.

Formatting stays; scripts, event handlers, styles and unknown tags go (nh3, the
Ammonia sanitiser). Everything else a page shows is plain text, escaped by Jinja.
"""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

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


@lru_cache(maxsize=4096)
def markdown_to_html(text: str) -> Markup:
    """Render a writer's Markdown and sanitise it; links get ``rel="noopener noreferrer"``."""
    if not text:
        return Markup("")
    html = markdown.markdown(text, output_format="html")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)
