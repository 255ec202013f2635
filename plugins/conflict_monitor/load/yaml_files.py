"""Reading writers' YAML and front matter, remembering where every value stands.

YAML is parsed with libyaml (fast), and its events are turned into plain Python
values here, so that each value keeps its line and column and so that the YAML
pitfalls that lose data are refused: a key given twice in one mapping, tags that
build Python objects, aliases, a file that is not UTF-8.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import yaml

from ..diagnostics import field_path
from ..model import Document, Path_, Position, Problem

try:  # libyaml is in PyYAML's wheels; the pure-Python parser is a slow fallback
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# YAML 1.1 reads 010 as 8 and 1:30 as 90: a writer means neither.
_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # as YAML counts lines
_AMBIGUOUS_INT = re.compile(r"^[-+]?(0[0-9_]+|[0-9][0-9_]*(:[0-5]?[0-9])+)$")
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
    text: str,
    shown_as: str,
    line_offset: int = 0,
    *,
    every_position: bool = False,
    path: Path | None = None,
) -> Loaded:
    """Parse one YAML document; ``line_offset`` shifts lines (for front matter).
    The positions of the fields inside the document's top-level keys and items are
    worked out when first asked for (see ``Document``; from the file at ``path``, if
    the document is a whole file, in another process), unless ``every_position``."""
    document = Document(shown_as)
    if not every_position:
        document.locate = _Locate(text, line_offset, path)
    problems: list[Problem] = []
    loader = _Loader(text)
    try:
        _Builder(loader, document, problems, line_offset, every_position).build_document()
    except yaml.MarkedYAMLError as error:
        _forget_what_was_read(document, problems)
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
        _forget_what_was_read(document, problems)
        problems.append(Problem(shown_as, 0, 0, "", f"YAML error: {error}"))
    finally:
        loader.dispose()
    return Loaded(document, problems)


def _forget_what_was_read(document: Document, problems: list[Problem]) -> None:
    """A file YAML cannot read has no value, and its one problem is where YAML gives up:
    not the mistakes in what was read before it (values are built as the file is read)."""
    document.value, document.positions, document.reported = None, {}, set()
    problems.clear()


@dataclass(frozen=True)
class _Locate:
    """Every position of a document, from its text parsed again (see ``Document``). A
    whole file's (``path``) goes to another process without its text, which is most of
    what it would send: the text is read again from the file if a message needs it
    (as it is then: a file edited during the build is located as edited)."""

    text: str | None
    line_offset: int
    path: Path | None = None

    def __call__(self) -> dict[Path_, Position]:
        text = self.text
        if text is None and self.path is not None:
            text = read_text(self.path, "")[0]
        if text is None:  # gone since: the positions known from the start
            return {}
        loaded = parse_yaml(text, "", self.line_offset, every_position=True)
        return loaded.document.positions

    def __reduce__(self) -> tuple[Any, ...]:
        sent = None if self.path is not None else self.text
        return (_Locate, (sent, self.line_offset, self.path))


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
    return parse_yaml(text, shown_as, path=path)


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

    A file's bytes are read and hashed at every load (but a build's, which takes what
    it has just read: see ``just_read``): its size and modification time could miss an
    edit made within the file system's time resolution that keeps the size, and hashing
    costs milliseconds where parsing costs seconds. What a load hands
    out is shared with the next: nothing after parsing changes a ``Loaded`` but the
    record of its checked items, which depends on the file alone."""

    def __init__(self) -> None:
        self._parsed: dict[Path, _Parsed] = {}
        self._items: dict[Hashable, Any] = {}  # checked items, by model and text
        self._items_now: dict[Hashable, Any] = {}  # those met in the current load
        self._just_read: set[Path] = set()  # by this build, moments ago (``just_read``)
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
        return self.read(path, shown_as, partial(_parsed_yaml, path))

    def read(
        self,
        path: Path,
        shown_as: str,
        make: Callable[[str | None, list[Problem], str], Made],
        key: str = "",
    ) -> Made:
        """What ``make(text, problems, shown_as)`` makes of the file's text (None, with a
        problem saying why, if it cannot be read or is not UTF-8); made again only if its
        bytes, ``shown_as`` or ``key`` changed since the last read. A file this build
        has just read (``just_read``) is not read again until the load ends."""
        kept = self._parsed.get(path)
        if kept is not None and (kept.shown_as, kept.key) != (shown_as, key):
            kept = None  # made for another name or key: made again
        if kept is not None and path in self._just_read:
            return kept.made  # type: ignore[no-any-return]
        try:
            data = path.read_bytes()
        except OSError as error:
            self._parsed.pop(path, None)
            problem = Problem(shown_as, 0, 0, "", f"cannot be read: {error.strerror}")
            return make(None, [problem], shown_as)
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if kept is not None and kept.digest == digest:
            return kept.made  # type: ignore[no-any-return]
        made = make(*decode_text(data, shown_as), shown_as)
        self._parsed[path] = _Parsed(shown_as, key, digest, made)
        return made

    def entries(self, paths: Iterable[Path]) -> dict[Path, Any]:
        """What the cache holds of ``paths``, for another process's cache (``adopt``)."""
        return {path: self._parsed[path] for path in paths if path in self._parsed}

    def adopt(self, entries: dict[Path, Any]) -> None:
        """Files another process parsed (its ``entries``): each is still checked against
        the file's bytes when it is read (unless ``just_read``)."""
        self._parsed.update(entries)

    def just_read(self, paths: Iterable[Path]) -> None:
        """The files this build has just read and parsed (see read_ahead.py), here or in
        another process, and no others: the load that follows takes each as parsed,
        without reading it again. (A build reads each file once; an edit since shows in
        the next build.)"""
        self._just_read = {path for path in paths if path in self._parsed}

    def release(self) -> None:
        """Forget every file, and drop the values and texts of the data files' documents
        (their items are made): for a build, which shows no problem after its checks, so
        that the memory goes to the pages. Positions of fields are no longer worked out:
        a document answers with its items' (see ``Document``)."""
        for parsed in self._parsed.values():
            if isinstance(parsed.made, Loaded):
                parsed.made.document.value = parsed.made.document.locate = None
        self._parsed.clear()
        self._just_read.clear()
        self._items.clear()
        self._items_now.clear()
        _Builder.forget()

    def keep_only(self, paths: Iterable[Path]) -> None:
        """Forget every file but ``paths`` (the publication's files at the last load):
        the cache holds one publication, and nothing of files gone."""
        kept = set(paths)
        for path in [p for p in self._parsed if p not in kept]:
            del self._parsed[path]
        self._just_read.clear()  # read again by the next load, unless unchanged
        # Those of a file that does not parse now are kept for when it is fixed; all of
        # them while they are not many more than the publication's.
        items = {**self._items, **self._items_now}
        self._items = items if len(items) <= 2 * len(self._items_now) + 1000 else self._items_now
        self._items_now = {}


def _parsed_yaml(path: Path, text: str | None, problems: list[Problem], shown_as: str) -> Loaded:
    if text is None:
        return Loaded(Document(shown_as), problems)
    return parse_yaml(text, shown_as, path=path)


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


_UNMADE = object()  # not in the memo of values made
_Event = Any  # libyaml's events: PyYAML's type stubs leave their fields untyped


class _Builder:
    """Turns libyaml's events into Python values, recording positions and refusing
    pitfalls.

    Values are built from the parser's events, not from PyYAML's tree of nodes:
    composing a node for each value is most of the cost of parsing 20,000 incidents.
    """

    # The tag of each plain scalar's text (is ``1`` an int, ``2021-06-22`` a date?),
    # and the value made of it if it is not text: resolving and constructing run in
    # Python, and keys and most values (dates, counts, names) repeat from item to item.
    # Shared by every file on purpose; bounded by ``_remember``.
    _tags: ClassVar[dict[str, str]] = {}
    _made: ClassVar[dict[str, Any]] = {}

    def __init__(
        self,
        loader: yaml.SafeLoader,
        document: Document,
        problems: list[Problem],
        offset: int,
        every_position: bool,
    ) -> None:
        self.loader = loader
        self.next_event: Callable[[], _Event] = loader.get_event
        self.document = document
        self.problems = problems
        self.offset = offset
        self.every_position = every_position  # else the top level's only
        # Plain text is of another type than text (a number, date, boolean, null) only if
        # its first character starts one of YAML's types (a digit, a sign, y/n/t/f/o,
        # ~...): names, summaries and addresses are text without asking the resolver (or
        # a memo of its answers, which every distinct text would otherwise join). None if
        # a resolver types text whatever its first character.
        resolvers = loader.yaml_implicit_resolvers
        self.typed_from = None if None in resolvers else frozenset(resolvers)

    @classmethod
    def forget(cls) -> None:
        cls._tags.clear()
        cls._made.clear()

    @staticmethod
    def _remember(memo: dict[str, Any], text: str, value: Any) -> None:
        if len(memo) > 200_000:
            memo.clear()
        memo[text] = value

    def build_document(self) -> None:
        """The document's value (none in an empty file), refusing a second document."""
        self.next_event()  # the stream starts
        start = self.next_event()
        if isinstance(start, yaml.StreamEndEvent):
            return
        first = self.next_event()
        self.document.positions[()] = self._at(first)
        value = self.value(first, ())
        self.next_event()  # the document ends
        after = self.next_event()
        if not isinstance(after, yaml.StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                first.start_mark,
                "but found another document",
                after.start_mark,
            )
        self.document.value = value  # only once the whole file is read

    def _at(self, event: _Event) -> Position:
        return (event.start_mark.line + 1 + self.offset, event.start_mark.column + 1)

    def _problem(
        self, event: _Event, where: Path_, message: str, hint: str = "", *, here: bool = False
    ) -> None:
        """Report at the event, or (``here``) at the key or item that holds it."""
        line, column = self.document.position(where) if here else self._at(event)
        # The item's own place in its file is not a field: `sources[1].url`, not `[3]...`.
        field_name = field_path(where[1:] if where and isinstance(where[0], int) else where)
        self.problems.append(Problem(self.document.path, line, column, field_name, message, hint))
        self.document.reported.add(where)

    def value(self, event: _Event, where: Path_) -> Any:
        """The value that starts with ``event``; its own position is recorded by the
        caller."""
        kind = event.__class__
        if kind is yaml.ScalarEvent:
            tag = self._tag(event)
            if tag == _STR:
                return event.value  # most values: plain text, nothing to construct
            return self._scalar(event, tag, where)
        if kind is yaml.MappingStartEvent:
            return self._mapping(event, where)
        if kind is yaml.SequenceStartEvent:
            return self._sequence(event, where)
        self._refuse_alias(event, where, here=True)
        return None

    def _refuse_alias(self, event: _Event, where: Path_, *, here: bool) -> None:
        """An alias (*name) of an anchor (&name): refused, since an alias can refer to
        itself or multiply a file a billion times, and a writer gains little by it."""
        self._problem(
            event,
            where,
            "anchors and aliases (&name, *name) are not supported",
            "write the value out",
            here=here,
        )

    def _tag(self, event: _Event) -> str:
        """The scalar's tag: as written, or what its text resolves to if plain."""
        tag = event.tag
        if tag is not None and tag != "!":
            return tag  # type: ignore[no-any-return]
        if not event.implicit[0]:
            return _STR  # quoted
        text = event.value
        if self.typed_from is not None and text[:1] not in self.typed_from:
            return _STR
        tag = self._tags.get(text)
        if tag is None:
            resolve = self.loader.resolve
            tag = resolve(yaml.ScalarNode, text, event.implicit)  # type: ignore[no-untyped-call]
            self._remember(self._tags, text, tag)
        return tag  # type: ignore[no-any-return]

    def _pass_over(self, event: _Event) -> None:
        """Read past the value that starts with ``event`` (refused, not built)."""
        depth = 1 if event.__class__ in _STARTS else 0
        while depth:
            kind = self.next_event().__class__
            if kind in _STARTS:
                depth += 1
            elif kind in _ENDS:
                depth -= 1

    def _sequence(self, event: _Event, where: Path_) -> Any:
        if event.tag not in (None, "!", _SEQ):
            self._problem(event, where, f"the tag {event.tag} is not allowed", "remove it")
            self._pass_over(event)
            return None
        positions = self.document.positions if self.every_position or not where else None
        items: list[Any] = []
        while (item := self.next_event()).__class__ is not yaml.SequenceEndEvent:
            at = (*where, len(items))
            if positions is not None:
                positions[at] = self._at(item)
            items.append(self.value(item, at))
        return items

    def _mapping(self, event: _Event, where: Path_) -> Any:
        if event.tag not in (None, "!", _MAP):
            self._problem(event, where, f"the tag {event.tag} is not allowed", "remove it")
            self._pass_over(event)
            return None
        positions = self.document.positions if self.every_position or not where else None
        result: dict[Any, Any] = {}
        key_events: dict[Any, _Event] = {}  # where each key was first given
        while (key_event := self.next_event()).__class__ is not yaml.MappingEndEvent:
            key = self._key(key_event, where)
            if key is not _UNMADE and key in result:
                self._problem(
                    key_event,
                    (*where, key),
                    f"is given twice in this item (first on line {self._at(key_events[key])[0]})",
                    "keep one: YAML would silently keep only the last",
                )
                key = _UNMADE
            if key is _UNMADE:
                self._pass_over(self.next_event())
                continue
            at = (*where, key)
            if positions is not None:
                positions[at] = self._at(key_event)
            key_events[key] = key_event
            result[key] = self.value(self.next_event(), at)
        return result

    def _key(self, event: _Event, where: Path_) -> Any:
        """The key that ``event`` starts, or ``_UNMADE`` (reported) if it is refused."""
        if event.__class__ is yaml.AliasEvent:
            self._refuse_alias(event, where, here=False)  # where the key stands
            return _UNMADE
        if event.__class__ is not yaml.ScalarEvent:
            self._problem(event, where, "a key must be plain text")
            self._pass_over(event)
            return _UNMADE
        tag = self._tag(event)
        if tag == _STR:
            return event.value
        if tag == "tag:yaml.org,2002:merge":
            self._problem(event, where, "merge keys (<<) are not supported", "write the fields out")
            return _UNMADE
        key = self._scalar(event, tag, where)
        return key if isinstance(key, str | int) else str(key)

    def _scalar(self, event: _Event, tag: str, where: Path_) -> Any:
        text = event.value
        written = event.tag is None or event.tag == "!"  # plain: the tag is the text's
        if written and (made := self._made.get(text, _UNMADE)) is not _UNMADE:
            return made
        if tag not in _PLAIN_SCALARS:
            self._problem(
                event,
                where,
                f"the tag {tag} is not allowed",
                "write plain values; tags that build objects are refused",
            )
            return None
        if tag == _INT and _AMBIGUOUS_INT.match(text):
            self._problem(
                event,
                where,
                f"{text} is an ambiguous number in YAML (octal or base 60)",
                "write it without leading zeros or colons, or put it in quotes",
            )
            return None
        if tag == _FLOAT:
            try:  # coordinates: each different; Python reads them as YAML does
                return float(text)
            except ValueError:
                pass  # .inf, .nan, 1:30.5 (base 60) are YAML's own
        node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark)
        try:
            made = self.loader.construct_object(node, deep=True)
        except Exception:  # PyYAML raises many kinds on malformed tagged values
            if tag == "tag:yaml.org,2002:timestamp":
                self._problem(
                    event, where, f"{text!r} is not a real date", "write it as YYYY-MM-DD"
                )
            else:
                kind = tag.rsplit(":", 1)[-1]
                self._problem(event, where, f"{text!r} is not a valid {kind}", "remove the tag")
            return None
        if written:  # numbers, dates, booleans and nulls: none can be changed
            self._remember(self._made, text, made)
        return made


_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
