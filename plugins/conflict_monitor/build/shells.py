"""Permalink pages written from one page shell: an incident page costs one template render.

A publication can hold tens of thousands of incidents, each with its own page, and a
listing of incidents per year for every country and actor. Running each through the
site generator's full page pipeline (Markdown, theme template) would cost more than
every article together. Instead, the generator renders one *shell* page in the theme
at each folder depth (``cm-page-shell/cm-page-shell.md`` stands where
``incidents/<id>.md`` does, see ``urls.shell_page``), with markers where the title,
the page's own address and the body go; every such page is its shell filled in.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

TITLE_MARKER = "CONFLICT-MONITOR-PERMALINK-TITLE"
# The theme adds a heading to a page whose content has no "<h1": the body brings its own.
BODY_MARKER = "<!-- conflict-monitor: permalink body, with its own <h1> -->"
# Where each page's own tags for link previews go in the shell's <head> (see
# ``Site.with_head_tags``); the shell's own title and address are replaced anyway.
HEAD_MARKER = "<!-- conflict-monitor: permalink head -->"
# The one entry of a shell's table of contents (docs_templates/partials/toc.html gives
# it): each page written from the shell gets its own headings there, or no table.
TOC_ID, TOC_TITLE = "CONFLICT-MONITOR-TOC-ID", "CONFLICT-MONITOR-TOC-TITLE"
TOC_MARKER = "<!-- conflict-monitor: permalink table of contents -->"
# What the site generator reads for a shell: a page out of the search index.
SHELL_SOURCE = (
    f"---\ntitle: {TITLE_MARKER}\nsearch:\n  exclude: true\n"
    f"conflict_monitor_toc:\n  url: '#{TOC_ID}'\n  title: {TOC_TITLE}\n---\n"
)
# The theme's table of contents (its title and list, in the sidebar's <nav>), and in it
# the shell's one entry.
_TOC = re.compile(r'<nav class="md-nav md-nav--secondary"[^>]*>(.*?)</nav>', re.DOTALL)
_TOC_ENTRY = re.compile(r'<li class="md-nav__item">.*?</li>', re.DOTALL)
# A section's heading, its id, and the permalink (¶) that Markdown's toc extension adds.
_HEADING = re.compile(r"""<h2\b((?:[^>"']|"[^"]*"|'[^']*')*)>(.*?)</h2>""", re.DOTALL)
_ID = re.compile(r"""\bid=(?:"([^"]*)"|'([^']*)')""")
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")

Sections = tuple[tuple[str, str], ...]  # a page's sections: id and text (HTML) of each

_INDENT = re.compile(r"\n\s+")
_WRITE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC


@dataclass(frozen=True)
class Permalink:
    """One page to write: where, its address (``incidents/<id>``), title and body HTML.

    The body and head are kept as UTF-8, as they are written: every page's are held
    until its shell comes, and a ``str`` with one character past Latin-1 (an en dash,
    a name in Cyrillic or Arabic script) takes two bytes for every character."""

    path: str  # the file to write
    address: str  # the page's path without extension, as the shell's is in the shell
    title: str
    body: bytes
    head: bytes = b""  # the page's own tags at the end of <head>, if the shell has a place
    sections: Sections = ()  # for its table of contents, if it has one


def headings(body: str) -> Sections:
    """The id and text (HTML, without tags) of each ``<h2>`` with an id in a page's
    body, for its table of contents."""
    found = []
    for attributes, text in _HEADING.findall(body):
        if (id_ := _ID.search(attributes)) is not None:
            plain = _TAG.sub("", _PERMALINK.sub("", text)).strip()
            found.append((id_[1] if id_[1] is not None else id_[2], plain))
    return tuple(found)


class Shell:
    """A rendered page split at its markers, filled in once per permalink page."""

    def __init__(self, page_html: str, address: str) -> None:
        if BODY_MARKER not in page_html:
            raise ValueError("the page shell has lost its body marker")
        # Without the theme's table of contents of ours (a publication's own theme), none;
        # nor without an entry as ours gives it (another version of the theme).
        self._toc: tuple[bytes, list[bytes], bytes] | None = None
        if TOC_TITLE in page_html:
            page_html = _TOC.sub(self._take_table_of_contents, page_html)
        markers = "|".join(
            re.escape(m) for m in (address, TITLE_MARKER, BODY_MARKER, HEAD_MARKER, TOC_MARKER)
        )
        tokens = re.compile(f"({markers})")
        self.address = address
        # Indentation is a fifth of a theme page; written twenty thousand times, it
        # counts. A newline keeps the whitespace the theme meant (it has no <pre>).
        parts = tokens.split(page_html)  # literal, token, literal, token, ...
        self.parts = [p if i % 2 else _INDENT.sub("\n", p) for i, p in enumerate(parts)]
        self._encoded = [p.encode() for p in self.parts]  # as written: encoded once

    def _take_table_of_contents(self, table: re.Match[str]) -> str:
        """Keep the theme's table of contents (its title, list and the shell's entry) to
        fill in for each page, and leave a marker where it stood (at each place, if the
        theme shows it twice)."""
        inside = table[1]
        if TOC_TITLE not in inside:
            return table[0]  # not the shell's: as it is
        entry = _TOC_ENTRY.search(inside)
        if self._toc is None and entry is not None and TOC_TITLE in entry[0]:
            parts = re.split(f"({TOC_ID}|{TOC_TITLE})", _INDENT.sub("\n", entry[0]))
            self._toc = (
                _INDENT.sub("\n", inside[: entry.start()]).encode(),
                [part.encode() for part in parts],
                _INDENT.sub("\n", inside[entry.end() :]).encode(),
            )
        start, end = table.start(1) - table.start(), table.end(1) - table.start()
        return table[0][:start] + TOC_MARKER + table[0][end:]

    def fill(
        self,
        address: str,
        title: str,
        body: bytes,
        head: bytes = b"",
        sections: Sections = (),
    ) -> bytes:
        """The page's UTF-8: the shell's with this page's address, title, body, head and
        table of contents."""
        values = {
            self.address: address.encode(),
            TITLE_MARKER: html.escape(title).encode(),
            BODY_MARKER: body,
            HEAD_MARKER: head,
            TOC_MARKER: self._table_of_contents(sections),
        }
        parts = self.parts
        return b"".join(
            values[parts[index]] if index % 2 else part for index, part in enumerate(self._encoded)
        )

    def _table_of_contents(self, sections: Sections) -> bytes:
        """The theme's table of contents with an entry per section; none without."""
        if self._toc is None or not sections:
            return b""
        start, entry, end = self._toc
        entries = []
        for id_, text in sections:
            values = {TOC_ID.encode(): id_.encode(), TOC_TITLE.encode(): text.encode()}
            entries += [values.get(part, part) for part in entry]
        return b"".join([start, *entries, end])


@dataclass(frozen=True)
class ShellPages:
    """The pages filled in from one shell."""

    shell: str  # the shell's path in the docs folder: its rendered HTML is asked for by it
    address: str  # the shell's address, standing where each page's goes
    pages: list[Permalink]


def write_from_shells(groups: Iterable[ShellPages], shell_html: Callable[[str], str]) -> int:
    """Write every page of every group; ``shell_html`` gives (or waits for) a shell."""
    return sum(
        write_permalinks(Shell(shell_html(group.shell), group.address), group.pages)
        for group in groups
    )


def write_permalinks(shell: Shell, pages: Iterable[Permalink]) -> int:
    """Write every page from the shell; returns how many were written."""
    count = 0
    made: set[str] = set()
    for page in pages:
        folder = os.path.dirname(page.path)
        if folder not in made:
            try:
                os.mkdir(folder)  # one call where the parent exists: the common case
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            made.add(folder)
        _write(page.path, shell.fill(page.address, page.title, page.body, page.head, page.sections))
        count += 1
    return count


def _write(path: str, data: bytes) -> None:
    """Write a file in three system calls: none of open()'s buffering or terminal checks."""
    output = os.open(path, _WRITE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(output, view) :]
    finally:
        os.close(output)
