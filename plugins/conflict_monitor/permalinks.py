"""Permalink pages written from one page shell: an incident page costs one template render.

A publication can hold tens of thousands of incidents, each with its own page. Running
each through the site generator's full page pipeline (Markdown, theme template) would
cost more than every article together. Instead, the generator renders one *shell* page
in the theme, at the same depth as the incident pages, with markers where the title,
the page's own address and the body go; every incident page is that shell filled in.
"""

from __future__ import annotations

import gzip
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SHELL_ID = "cm-page-shell"  # the shell's address segment, replaced by each incident's id
TITLE_MARKER = "CONFLICT-MONITOR-PERMALINK-TITLE"
# The theme adds a heading to a page whose content has no "<h1": the body brings its own.
BODY_MARKER = "<!-- conflict-monitor: permalink body, with its own <h1> -->"
_TOKENS = re.compile(f"({re.escape(SHELL_ID)}|{TITLE_MARKER}|{re.escape(BODY_MARKER)})")


@dataclass(frozen=True)
class Permalink:
    """One page to write: where, its id (address segment), title and body HTML."""

    path: Path
    page_id: str
    title: str
    body: str


class Shell:
    """A rendered page split at its markers, filled in once per permalink page."""

    def __init__(self, page_html: str) -> None:
        if BODY_MARKER not in page_html:
            raise ValueError("the page shell has lost its body marker")
        self.parts = _TOKENS.split(page_html)  # literal, token, literal, token, ...

    def fill(self, page_id: str, title: str, body: str) -> str:
        values = {SHELL_ID: page_id, TITLE_MARKER: html.escape(title), BODY_MARKER: body}
        return "".join(values[part] if index % 2 else part for index, part in enumerate(self.parts))


def write_permalinks(shell: Shell, pages: Iterable[Permalink]) -> int:
    """Write every page; returns how many were written."""
    count = 0
    made: set[Path] = set()
    for page in pages:
        if page.path.parent not in made:
            page.path.parent.mkdir(parents=True, exist_ok=True)
            made.add(page.path.parent)
        page.path.write_text(shell.fill(page.page_id, page.title, page.body), encoding="utf-8")
        count += 1
    return count


def add_to_sitemap(sitemap: Path, shell_url: str, urls: Iterable[str]) -> None:
    """List the permalink pages in the sitemap (and drop the shell); rewrite the .gz too."""
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    text = re.sub(
        r"\s*<url>\s*<loc>[^<]*" + re.escape(shell_url) + r"</loc>.*?</url>",
        "",
        text,
        flags=re.S,
    )
    entries = "".join(
        f"\n    <url>\n         <loc>{html.escape(url)}</loc>\n    </url>" for url in sorted(urls)
    )
    text = text.replace("\n</urlset>", entries + "\n</urlset>")
    sitemap.write_text(text, encoding="utf-8")
    gzipped = sitemap.with_name(sitemap.name + ".gz")
    if gzipped.exists():
        gzipped.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
