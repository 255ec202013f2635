"""Reading writers' YAML and front matter, remembering where every value stands.

YAML is parsed with libyaml (fast) into nodes, and the nodes are turned into plain
Python values here, so that each value keeps its line and column and so that the
YAML pitfalls that lose data are refused: a key given twice in one mapping, tags
that build Python objects, a file that is not UTF-8.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from ..diagnostics import field_path
from ..model import Document, Path_, Position, Problem

try:  # libyaml is in PyYAML's wheels; the pure-Python parser is a slow fallback
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
# YAML 1.1 reads 010 as 8 and 1:30 as 90: a writer means neither.
_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # as YAML counts lines
_AMBIGUOUS_INT = re.compile(r"^[-+]?(0[0-9_]+|[0-9][0-9_]*(:[0-5]?[0-9])+)$")


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """libyaml's parser with a memo of plain scalars' tags.

    Resolving a plain scalar's tag (is ``1`` an int, ``2021-06-22`` a date?) runs in
    Python for every value and dominates parsing; keys and common values repeat,
    and a plain scalar's tag depends only on its text.
    """

    _tags: dict[str, str] = {}  # noqa: RUF012 - shared on purpose, bounded below

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            tag = self._tags.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(self._tags) > 200_000:
                    self._tags.clear()
                self._tags[value] = tag
            return tag
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


_PLAIN_SCALARS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class Loaded:
    document: Document
    problems: list[Problem]
    # Each item of the document as its model checked it, by model and place, with its
    # text: a file that has not changed since the last load gives the same items.
    checked: dict[tuple[type, int], Any] = field(default_factory=dict)


def read_text(path: Path, shown_as: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown_as, 0, 0, "", f"cannot be read: {error.strerror}")]
    return decode_text(data, shown_as)


def decode_text(data: bytes, shown_as: str) -> tuple[str | None, list[Problem]]:
    """The text of a file's bytes, or a problem saying where it is not UTF-8."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                shown_as,
                line,
                0,
                "",
                f"is not UTF-8 text (byte {data[error.start]:#04x})",
                "save the file as UTF-8",
            )
        ]


def parse_yaml(
    text: str, shown_as: str, line_offset: int = 0, *, every_position: bool = False
) -> Loaded:
    """Parse one YAML document; ``line_offset`` shifts lines (for front matter).
    The positions of the fields inside the document's top-level keys and items are
    worked out when first asked for (see ``Document``), unless ``every_position``."""
    document = Document(shown_as)
    if not every_position:
        document.locate = _Locate(text, line_offset)
    problems: list[Problem] = []
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            builder = _Builder(loader, document, problems, line_offset, every_position)
            document.positions[()] = builder._at(node)
            document.value = builder.build(node, ())
    except yaml.MarkedYAMLError as error:
        what = error.problem or error.context or "invalid YAML"
        mark = error.problem_mark or error.context_mark
        context = error.context or ""
        if error.context_mark and ("quoted scalar" in context or "flow" in context):
            # An unclosed quote or bracket: the parser notices only where it gives up
            # (often the end of the file); the mistake is where it was opened.
            mark = error.context_mark
            opened = "quoted text" if "quoted" in context else "bracket"
            what = f"the {opened} that starts here is not closed ({what})"
        line = (mark.line + 1 + line_offset) if mark else 0
        column = (mark.column + 1) if mark else 0
        if "flow node" in context and (bracket := _last_open_bracket(text)):
            # An empty entry after `[`: the parser's mark is where it gave up, not the `[`.
            line, column = bracket[0] + line_offset, bracket[1]
        lines = _YAML_LINE_BREAK.split(text)
        if mark and mark.line >= len(lines):  # the end of a file with no final line break
            line, column = len(lines) + line_offset, len(lines[-1]) + 1
        problems.append(
            Problem(shown_as, line, column, "", f"YAML syntax error: {what}", _syntax_hint(what))
        )
    except yaml.YAMLError as error:
        problems.append(Problem(shown_as, 0, 0, "", f"YAML error: {error}"))
    finally:
        loader.dispose()
    return Loaded(document, problems)


@dataclass(frozen=True)
class _Locate:
    """Every position of a document, from its text parsed again (see ``Document``)."""

    text: str
    line_offset: int

    def __call__(self) -> dict[Path_, Position]:
        loaded = parse_yaml(self.text, "", self.line_offset, every_position=True)
        return loaded.document.positions


def _last_open_bracket(text: str) -> tuple[int, int] | None:
    """Line and column (1-based) of the last ``[`` or ``{`` left open, outside quotes
    and comments."""
    open_at: list[tuple[int, int]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        quote = ""
        for index, char in enumerate(line):
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"" and (index == 0 or line[index - 1] in " \t[{,:-"):
                quote = char
            elif char == "#" and (index == 0 or line[index - 1] in " \t"):
                break
            elif char in "[{":
                open_at.append((number, index + 1))
            elif char in "]}" and open_at:
                open_at.pop()
    return open_at[-1] if open_at else None


def load_yaml_file(path: Path, shown_as: str) -> Loaded:
    text, problems = read_text(path, shown_as)
    if text is None:
        return Loaded(Document(shown_as), problems)
    return parse_yaml(text, shown_as)


Made = TypeVar("Made")


@dataclass(frozen=True)
class _Parsed:
    shown_as: str
    key: str
    digest: bytes
    made: Any


class ParsedFiles:
    """The files read by earlier loads in this process, by their content, so that a
    rebuild of the live preview after one edit parses and checks the edited file only
    (parsing and checking are most of a load: seconds at 20,000 incidents).

    A file's bytes are read and hashed at every load: its size and modification time
    could miss an edit made within the file system's time resolution that keeps the
    size, and hashing costs milliseconds where parsing costs seconds. What a load hands
    out is shared with the next: nothing after parsing changes a ``Loaded`` but the
    record of its checked items, which depends on the file alone."""

    def __init__(self) -> None:
        self._parsed: dict[Path, _Parsed] = {}
        self._items: dict[Hashable, Any] = {}  # checked items, by model and text
        self._items_now: dict[Hashable, Any] = {}  # those met in the current load
        # Whether checked items are kept for the next load: not for a build, which loads
        # once (they take memory, and their keys time).
        self.keeps_items = True

    def checked_item(
        self, key: Hashable, check: Callable[[list[Problem]], tuple[Made, frozenset[str]]]
    ) -> tuple[Made, frozenset[str], list[Problem]]:
        """An item as ``check`` checks it (adding problems to the list it is given), with
        its broken fields and problems. An item that passed with the same text (``key``)
        at the last load is that same object: a file edited in one item keeps the others,
        and the live preview makes again only the pages of the one that changed."""
        item = self._items.get(key)
        if item is not None:
            self._items_now[key] = item
            return item, frozenset(), []
        problems: list[Problem] = []
        item, broken = check(problems)
        if not broken and not problems:
            self._items_now[key] = item
        return item, broken, problems

    def still_checked(self, key: Hashable, item: object) -> None:
        """An item of an unchanged file, kept for the next load (see ``checked_item``)."""
        self._items_now[key] = item

    def load(self, path: Path, shown_as: str) -> Loaded:
        """The file parsed, as ``load_yaml_file`` parses it; parsed again only if its
        bytes changed since the last load."""
        return self.read(path, shown_as, _parsed_yaml)

    def read(
        self,
        path: Path,
        shown_as: str,
        make: Callable[[str | None, list[Problem], str], Made],
        key: str = "",
    ) -> Made:
        """What ``make(text, problems, shown_as)`` makes of the file's text (None, with a
        problem saying why, if it cannot be read or is not UTF-8); made again only if its
        bytes, ``shown_as`` or ``key`` changed since the last read."""
        try:
            data = path.read_bytes()
        except OSError as error:
            self._parsed.pop(path, None)
            problem = Problem(shown_as, 0, 0, "", f"cannot be read: {error.strerror}")
            return make(None, [problem], shown_as)
        digest = hashlib.blake2b(data, digest_size=16).digest()
        kept = self._parsed.get(path)
        if kept is not None and (kept.digest, kept.shown_as, kept.key) == (digest, shown_as, key):
            return kept.made  # type: ignore[no-any-return]
        made = make(*decode_text(data, shown_as), shown_as)
        self._parsed[path] = _Parsed(shown_as, key, digest, made)
        return made

    def entries(self, paths: Iterable[Path]) -> dict[Path, Any]:
        """What the cache holds of ``paths``, for another process's cache (``adopt``)."""
        return {path: self._parsed[path] for path in paths if path in self._parsed}

    def adopt(self, entries: dict[Path, Any]) -> None:
        """Files another process parsed (its ``entries``): each is still checked against
        the file's bytes when it is read."""
        self._parsed.update(entries)

    def release(self) -> None:
        """Forget every file, and drop the values and texts of the data files' documents
        (their items are made): for a build, which shows no problem after its checks, so
        that the memory goes to the pages. Positions of fields are no longer worked out:
        a document answers with its items' (see ``Document``)."""
        for parsed in self._parsed.values():
            if isinstance(parsed.made, Loaded):
                parsed.made.document.value = parsed.made.document.locate = None
        self._parsed.clear()
        self._items.clear()
        self._items_now.clear()
        _Loader._tags.clear()

    def keep_only(self, paths: Iterable[Path]) -> None:
        """Forget every file but ``paths`` (the publication's files at the last load):
        the cache holds one publication, and nothing of files gone."""
        kept = set(paths)
        for path in [p for p in self._parsed if p not in kept]:
            del self._parsed[path]
        # Those of a file that does not parse now are kept for when it is fixed; all of
        # them while they are not many more than the publication's.
        items = {**self._items, **self._items_now}
        self._items = items if len(items) <= 2 * len(self._items_now) + 1000 else self._items_now
        self._items_now = {}


def _parsed_yaml(text: str | None, problems: list[Problem], shown_as: str) -> Loaded:
    return Loaded(Document(shown_as), problems) if text is None else parse_yaml(text, shown_as)


# One for the process: the live preview's rebuilds are loads in the same process.
PARSED_FILES = ParsedFiles()


@dataclass(frozen=True)
class MarkdownFile:
    """A Markdown file split into its front matter and body, with their first lines."""

    front_matter: str | None
    front_matter_line: int  # 0-based offset of the front matter's first line
    body: str
    body_line: int  # 1-based line where the body starts


def split_front_matter(text: str) -> MarkdownFile:
    """Split a Markdown file at its front matter (between ``---`` lines), if it has one."""
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "---":
        for number, line in enumerate(lines[1:], start=1):
            if line.rstrip() in ("---", "..."):
                return MarkdownFile(
                    "\n".join(lines[1:number]), 1, "\n".join(lines[number + 1 :]), number + 2
                )
    return MarkdownFile(None, 0, text, 1)


def _syntax_hint(what: str) -> str:
    if "tab" in what:
        return "indent with spaces, not tabs"
    if "is not closed" in what:
        return "close the quote or bracket"
    if "mapping values are not allowed" in what:
        return "put text that contains ': ' in quotes"
    return "check the indentation and quoting around this line"


class _Builder:
    """Turns libyaml nodes into Python values, recording positions and refusing pitfalls."""

    def __init__(
        self,
        loader: yaml.SafeLoader,
        document: Document,
        problems: list[Problem],
        offset: int,
        every_position: bool,
    ) -> None:
        self.loader = loader
        self.document = document
        self.problems = problems
        self.offset = offset
        self.every_position = every_position  # else the top level's only
        self.seen: set[int] = set()  # ids of the nodes built so far

    def _at(self, node: yaml.Node) -> Position:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def _problem(
        self, node: yaml.Node, where: Path_, message: str, hint: str = "", *, here: bool = False
    ) -> None:
        """Report at the node, or (``here``) at the key or item that holds it."""
        line, column = self.document.position(where) if here else self._at(node)
        # The item's own place in its file is not a field: `sources[1].url`, not `[3]...`.
        field_name = field_path(where[1:] if where and isinstance(where[0], int) else where)
        self.problems.append(Problem(self.document.path, line, column, field_name, message, hint))
        self.document.reported.add(where)

    def build(self, node: yaml.Node, where: Path_) -> Any:
        """The value of ``node``; its own position is recorded by the caller."""
        if node.tag == _STR:
            return node.value  # most values: plain text, nothing to construct
        if id(node) in self.seen:
            # An alias (*name) of an anchor (&name): refused, since an alias can refer to
            # itself or multiply a file a billion times, and a writer gains little by it.
            self._problem(
                node,
                where,
                "anchors and aliases (&name, *name) are not supported",
                "write the value out",
                here=True,  # the node is the anchor's: report where the alias stands
            )
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, where)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, where)
        return self._scalar(node, where)

    def _sequence(self, node: yaml.SequenceNode, where: Path_) -> Any:
        if node.tag != "tag:yaml.org,2002:seq":
            self._problem(node, where, f"the tag {node.tag} is not allowed", "remove it")
            return None
        positions = self.document.positions if self.every_position or not where else None
        items = []
        for index, item in enumerate(node.value):
            at = (*where, index)
            if positions is not None:
                positions[at] = self._at(item)
            items.append(self.build(item, at))
        return items

    def _mapping(self, node: yaml.MappingNode, where: Path_) -> Any:
        if node.tag != "tag:yaml.org,2002:map":
            self._problem(node, where, f"the tag {node.tag} is not allowed", "remove it")
            return None
        positions = self.document.positions if self.every_position or not where else None
        result: dict[Any, Any] = {}
        key_nodes: dict[Any, yaml.Node] = {}  # where each key was first given
        for key_node, value_node in node.value:
            if key_node.tag == _STR:
                key = key_node.value
            elif key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(
                    key_node, where, "merge keys (<<) are not supported", "write the fields out"
                )
                continue
            elif not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, where, "a key must be plain text")
                continue
            else:
                key = self._scalar(key_node, where)
                key = key if isinstance(key, str | int) else str(key)
            at = (*where, key)
            if key in result:
                first = key_nodes[key]
                self._problem(
                    key_node,
                    at,
                    f"is given twice in this item (first on line {self._at(first)[0]})",
                    "keep one: YAML would silently keep only the last",
                )
                continue
            if positions is not None:
                positions[at] = self._at(key_node)
            key_nodes[key] = key_node
            result[key] = self.build(value_node, at)
        return result

    def _scalar(self, node: yaml.Node, where: Path_) -> Any:
        if node.tag == _STR:
            return node.value  # most values: no constructor needed
        if node.tag not in _PLAIN_SCALARS:
            self._problem(
                node,
                where,
                f"the tag {node.tag} is not allowed",
                "write plain values; tags that build objects are refused",
            )
            return None
        if node.tag == _INT and _AMBIGUOUS_INT.match(node.value):
            self._problem(
                node,
                where,
                f"{node.value} is an ambiguous number in YAML (octal or base 60)",
                "write it without leading zeros or colons, or put it in quotes",
            )
            return None
        try:
            return self.loader.construct_object(node, deep=True)
        except Exception:  # PyYAML raises many kinds on malformed tagged values
            if node.tag == "tag:yaml.org,2002:timestamp":
                self._problem(
                    node, where, f"{node.value!r} is not a real date", "write it as YYYY-MM-DD"
                )
            else:
                kind = str(node.tag).rsplit(":", 1)[-1]
                self._problem(
                    node, where, f"{node.value!r} is not a valid {kind}", "remove the tag"
                )
            return None
