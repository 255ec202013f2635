"""In-prose references: writers link an actor, a country or an incident from their text.

    The [[actor:taliban]] took [[incident:2021-06-22-sher-khan-bandar-captured|the crossing]]
    on the border with [[country:TJK]].

    [[map:recent]]   [[map:country:AFG]]   [[map:actor:taliban]]

A ``map:`` reference alone in its paragraph (anywhere else it fails the build) places
a map of the latest incidents, or of a country's or an actor's incidents.

Each reference becomes a link to the page of what it names, with that page's name
as the text unless the writer gives one after ``|``. References are checked when
the publication loads, so an unknown one fails the build with its file and line.
The Markdown extension links each to its target page's address, relative to the page
being converted, once the site generator has resolved the writer's own links: a
reference names a page the site makes, whose address is known, and tens of thousands
of them cost nothing to resolve again.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from markdown import Extension, Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .. import urls
from ..model import Reference

KINDS = ("actor", "country", "incident", "map")
PATTERN = r"\[\[(actor|country|incident|map):([^\]|\s]+)(?:\|([^\]]+))?\]\]"
_REFERENCE = re.compile(PATTERN)
EMBED_CLASS = "cm-embed"
# The marker of an embedded map, as Markdown writes it (inside its own paragraph).
# (HTML does not nest a div in a paragraph: the sanitiser leaves empty ones around it.)
EMBED_MARKER = re.compile(
    r'(?:<p>\s*</p>\s*)?<div class="'
    + EMBED_CLASS
    + r'" data-embed="([^"]*)"></div>(?:\s*<p>\s*</p>)?'
)
# A reference's link as the extension writes it (see _ReferenceLink and _Links).
_LINK = re.compile(r'<a class="cm-ref cm-ref-(?:actor|country|incident)" href="[^"<>]*">(.*?)</a>')
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`\n]*`")


@dataclass(frozen=True)
class Target:
    """What a reference links to: a page's address from the site's root, and the link's
    default text."""

    url: str
    title: str


class Targets(Protocol):
    """What references link to: the pages of the publication being built."""

    def resolve_reference(self, kind: str, target: str) -> Target | None:
        """The page ``[[kind:target]]`` links to, or None for an unknown one."""

    def knows_map(self, target: str) -> bool:
        """Whether ``[[map:target]]`` names a map."""


def names_a_map(target: str, known: Callable[[str, str], bool]) -> bool:
    """Whether ``[[map:target]]`` names a map: ``recent``, or ``country:ISO3`` or
    ``actor:ID`` where ``known(kind, id)`` says the country or actor exists."""
    kind, _, item = target.partition(":")
    return target == "recent" or (kind in ("country", "actor") and known(kind, item))


def find_references(body: str, first_line: int = 1) -> list[Reference]:
    """Every reference in a Markdown body, outside code; ``first_line`` is the body's line."""
    if "[[" not in body:
        return []
    visible = _outside_code(body)
    found = []
    lines = visible.split("\n")
    for match in _REFERENCE.finditer(visible):
        kind, target, label = match.groups()
        line_start = visible.rfind("\n", 0, match.start()) + 1
        index = visible.count("\n", 0, match.start())
        alone = (
            lines[index].strip() == match.group(0)
            and (index == 0 or not lines[index - 1].strip())
            and (index + 1 == len(lines) or not lines[index + 1].strip())
        )
        found.append(
            Reference(
                kind, target, label, first_line + index, match.start() - line_start + 1, alone
            )
        )
    return found


def _outside_code(body: str) -> str:
    """The body with code blocks and code spans blanked out, lines and columns kept."""
    lines = []
    in_fence = False
    previous_blank_or_code = True
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            lines.append("")
            continue
        indented_code = previous_blank_or_code and (line.startswith(("    ", "\t")))
        if in_fence or indented_code:
            lines.append("")
            previous_blank_or_code = indented_code or previous_blank_or_code
            continue
        previous_blank_or_code = not line.strip()
        escaped = line.replace("\\`", "  ")  # an escaped backtick opens no code span
        lines.append(_CODE_SPAN.sub(lambda m: " " * len(m.group()), escaped))
    return "\n".join(lines)


def links_as_text(html: str) -> str:
    """A page's HTML with each reference's link as its text: what the site generator's
    search reads of it (it keeps a link's text, not the link), without parsing tens of
    thousands of links."""
    return _LINK.sub(r"\1", html) if "cm-ref" in html else html


class _ReferenceLink(InlineProcessor):
    def __init__(self, extension: ReferencesExtension) -> None:
        super().__init__(PATTERN)
        self.extension = extension

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        kind, target_id, label = m.group(1), m.group(2), m.group(3)
        if kind == "map":
            # A map stands alone in its paragraph (see _MapBlock); anywhere else it is a
            # mistake, and the writer's text is shown as it is.
            self.extension.unresolved.append(f"{m.group(0)} (a map must be alone in its paragraph)")
            return None, None, None
        targets = self.extension.targets()
        target = targets.resolve_reference(kind, target_id) if targets else None
        if target is None:
            # Unknown references fail the build when the publication loads; one that
            # Markdown reads where the check did not is recorded and fails it here.
            self.extension.unresolved.append(m.group(0))
            span = etree.Element("span", {"class": "cm-ref-missing"})
            span.text = label or target_id
            return span, m.start(0), m.end(0)
        # Linked once the site generator has resolved the other links (see _Links): a
        # link to nothing but an anchor is one it passes over at once.
        link = etree.Element("a", {"class": f"cm-ref cm-ref-{kind}", "href": "#"})
        link.text = label or target.title
        self.extension.links.append((link, target.url))
        return link, m.start(0), m.end(0)


class _Links(Treeprocessor):
    """Each reference's link: its target's address, relative to the page's."""

    def __init__(self, extension: ReferencesExtension) -> None:
        super().__init__()
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        page = self.extension.current_url
        for link, url in self.extension.links:
            link.set("href", urls.relative_url(url, page))
        self.extension.links.clear()


class _MapBlock(BlockProcessor):
    """A paragraph that is only ``[[map:...]]``: a marker the site generator replaces
    with the map and its list of incidents."""

    PATTERN = re.compile(r"^\[\[map:([^\]|\s]+)\]\]$")

    def __init__(self, parser: BlockParser, extension: ReferencesExtension) -> None:
        super().__init__(parser)
        self.extension = extension

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(self.PATTERN.match(block.strip()))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        match = self.PATTERN.match(blocks.pop(0).strip())
        assert match is not None
        target = match.group(1)
        targets = self.extension.targets()
        if not (targets and targets.knows_map(target)):
            self.extension.unresolved.append(match.group(0))
        etree.SubElement(parent, "div", {"class": EMBED_CLASS, "data-embed": target})


class ReferencesExtension(Extension):
    """Python-Markdown extension for ``[[kind:id]]`` and ``[[kind:id|text]]``.

    ``targets()`` gives what references link to (None before the publication is
    loaded); ``start_page`` says which page is converted next, so that links are
    relative to it.
    """

    def __init__(self, targets: Callable[[], Targets | None]) -> None:
        super().__init__()
        self.targets = targets
        self.current_url = ""  # the address of the page converted, from the site's root
        self.unresolved: list[str] = []  # unknown references met in the current page
        self.links: list[tuple[etree.Element, str]] = []  # its references' links, and to

    def start_page(self, url: str) -> None:
        """The next page converted is the one at ``url`` (from the site's root)."""
        self.current_url = url
        self.unresolved.clear()
        self.links.clear()

    def extendMarkdown(self, md: Markdown) -> None:
        # Before links (priority 160), so that `[[...]]` is not read as a link.
        md.inlinePatterns.register(_ReferenceLink(self), "conflict_monitor_references", 175)
        # After the site generator's own links (MkDocs resolves them at priority 0).
        md.treeprocessors.register(_Links(self), "conflict_monitor_reference_links", -10)
        # Just before plain paragraphs (priority 10).
        md.parser.blockprocessors.register(_MapBlock(md.parser, self), "conflict_monitor_maps", 12)
