"""The live preview's rebuilds: only the pages and files whose inputs changed.

A writer's edit changes a few items; the pages showing them are a few dozen of tens
of thousands. Each page and file is made from inputs (a template's context, an
article and what its panel shows, the incidents of a map); ``PreviewMemory`` keeps a
fingerprint of each output's inputs from the last build and tells which differ now.

A fingerprint holds values as they are (text, numbers, dates, and containers of
them) and items by identity: loading hands out the same item object for an item
whose text did not change (see ``load.yaml_files.ParsedFiles``), and items are
immutable. An input the fingerprint does not know (a new object each build) makes
its page stale every time: slower, never wrong. The memory keeps the last build's
inputs alive, so that an identity is never reused by a new object while compared.
Inputs by the ten thousand made of items and values only (an incident page's) are
kept as they are (``AsItIs``) and compared with ``==``, which looks at identity
first: the same answer as their fingerprints, without making them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .. import collector, urls
from ..downloads.feeds import feed_inputs
from ..downloads.incidents import Rows
from ..maps import files as map_files
from ..maps.tiles import Tiles
from ..model import Document, Origin, Problem
from ..pages.render import PageRenderer, embed_context, template_folders
from .site import Site

_PLAIN = {str, int, float, bool, dt.date, dt.datetime, type(None)}
_VALUES = (str, int, float, dt.date, enum.Enum)  # and their subclasses
# Items, and where things were written: the same object while their text is the same.
_BY_IDENTITY = (BaseModel, Origin, Document)


class AsItIs(tuple):  # type: ignore[type-arg]
    """Inputs compared as they are, with ``==`` (identity first, then value): immutable
    items and values only, so that the last build's are still what they were. For
    inputs by the ten thousand (incident pages), several times faster than fingerprints."""


class Fingerprints:
    """Fingerprints of inputs, within one build. Containers met again (a country's list
    of incidents on its page, in its map and in its download) are worked out once."""

    def __init__(self) -> None:
        self._known: dict[int, Hashable] = {}
        self.held: list[object] = []  # alive while their identities are compared

    def of(self, value: Any) -> Hashable:
        kind = type(value)
        if kind in _PLAIN or kind is AsItIs:
            return value  # type: ignore[no-any-return]
        key = id(value)
        known = self._known.get(key)
        if known is not None:
            return known
        self.held.append(value)
        made: Hashable
        if kind is list or kind is tuple:
            kinds = set(map(type, value))  # lists of items, by the thousand: by identity
            if kinds and all(issubclass(k, BaseModel) for k in kinds):
                made = ("ids", tuple(map(id, value)))
            else:  # values and items without a call for each (most of them)
                made = tuple(
                    v
                    if type(v) in _PLAIN
                    else ("id", id(v))  # alive while ``value`` is held
                    if isinstance(v, BaseModel)
                    else self.of(v)
                    for v in value
                )
        elif kind is dict or isinstance(value, Mapping):
            made = (
                "{}",
                tuple((k, v if type(v) in _PLAIN else self.of(v)) for k, v in value.items()),
            )
        elif isinstance(value, _VALUES):
            made = value
        elif isinstance(value, set | frozenset):
            made = frozenset(map(self.of, value))
        elif is_dataclass(value) and not isinstance(value, _BY_IDENTITY):
            made = _frozen(value)
            if made is None:
                compared = (f.name for f in fields(value) if f.compare)
                made = (kind, tuple(self.of(getattr(value, name)) for name in compared))
        else:
            made = ("id", key)
        self._known[key] = made
        return made


def _frozen(value: Any) -> Hashable | None:
    """A frozen dataclass of values (a reference in an article): itself, compared as a
    whole; None for any other."""
    if not value.__dataclass_params__.frozen:
        return None
    try:
        hash(value)
    except TypeError:
        return None
    return value  # type: ignore[no-any-return]


@dataclass
class Changes:
    stale: set[str]  # outputs new or made from other inputs than at the last build
    gone: set[str]  # outputs of the last build that this one does not make


class PreviewMemory:
    """What the preview's last build made, output by output; lasts as long as the
    preview. ``everything`` is what every output depends on (the site's settings, its
    templates, the site generator's configuration): when it changes, all is stale."""

    def __init__(self) -> None:
        self._last: dict[str, Hashable] = {}
        self._everything: object = None
        self._held: list[object] = []

    def compare(self, inputs: Mapping[str, object], everything: object) -> Changes:
        """The outputs whose inputs changed since the last build, and those gone; then
        remember these inputs for the next."""
        prints = Fingerprints()
        now = {output: prints.of(value) for output, value in inputs.items()}
        last = self._last if everything == self._everything else {}
        stale = {output for output, made in now.items() if last.get(output) != made}
        gone = set(self._last) - set(now)
        self._last, self._everything, self._held = now, everything, prints.held
        return Changes(stale, gone)

    def forget_all(self) -> None:
        """A build that failed or was cancelled: everything is made again at the next."""
        self._last.clear()


def site_inputs(site: Site, writer_pages: Iterable[str]) -> dict[str, object]:
    """What each output of the site is made from: each page (by docs-folder path) and
    each file written beside the pages (by site path). ``writer_pages``: the docs
    folder's Markdown pages; their text is the site generator's to watch, the parts the
    publication adds to them (an article's header and panel, references, maps) ours."""
    graph = site.graph
    inputs: dict[str, object] = {}
    for src_uri in writer_pages:
        inputs[src_uri] = _writer_page_inputs(site, src_uri)
    for src_uri, page in site.pages.items():
        made = (page.title, page.template, page.searchable, page.inputs(), page.described())
        inputs[src_uri] = (inputs.get(src_uri), made)  # with a writer's introduction
    for src_uri, page in site.permalinks.items():
        shown = (page.title, page.template, page.inputs())
        inputs[src_uri] = AsItIs(shown) if page.made_from is not None else shown
    inputs.update(map_files.data_inputs(graph))
    inputs.update(site.downloads.inputs())
    if site.settings.url:
        inputs.update(feed_inputs(graph))
    return inputs


def _writer_page_inputs(site: Site, src_uri: str) -> object:
    graph = site.graph
    article = site.articles.get(src_uri)
    references = article.references if article else site.page_references.get(src_uri, [])
    resolved = [
        embed_context(r.target, graph)
        if r.kind == "map"
        else site.resolve_reference(r.kind, r.target)
        for r in references
    ]
    if article is None:
        return resolved
    meta = article.meta
    return (
        article,
        resolved,
        graph.bylines(article),
        [graph.country(c) for c in meta.countries],
        [graph.actor(a) for a in meta.actors],
        [graph.incident(i) for i in meta.incidents],
    )


def compare_with_last(
    memory: PreviewMemory,
    site: Site,
    writer_pages: Iterable[str],
    config_file: Path,
    theme_folders: Iterable[Path],
    templates: Hashable = None,
) -> Changes:
    """The site's outputs to make again since the preview's last build (see
    ``site_inputs``). Every output, when what they all depend on changed: the site
    generator's configuration file, the theme's templates or the publication's, the
    site's settings, or the problems every page lists while there are errors."""
    try:
        configuration = config_file.read_bytes()
    except OSError:
        configuration = b""
    if templates is None:
        templates = tuple(_files_state(site.renderer.folders))
    theme = _files_state(theme_folders)
    everything = (configuration, theme, templates, site.settings, site.tiles, site.problems)
    with collector.paused():  # many small objects, no cycles: nothing to collect
        return memory.compare(site_inputs(site, writer_pages), everything)


def _files_state(folders: Iterable[Path]) -> list[tuple[str, int, int]]:
    """Every file under ``folders``, with its size and modification time."""
    state = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                state.append((str(path), stat.st_size, stat.st_mtime_ns))
    return state


def remove_output(site_dir: Path, output: str, directory_urls: bool) -> None:
    """Remove what the site holds for an output: a page (by docs-folder path) or a file
    written beside the pages (by site path)."""
    path = urls.page_file(output, directory_urls) if output.endswith(".md") else output
    (site_dir / path).unlink(missing_ok=True)


PREVIEW_SCRIPT = Path(__file__).resolve().parent.parent / "assets" / "preview.js"


def write_problems(site_dir: Path, site: Site, problems: list[Problem]) -> None:
    """The list of problems every page of the preview shows (``assets/preview.js``)
    while the publication has errors; empty once they are fixed."""
    shown = site.renderer.render_problems(problems) if problems else ""
    target = site_dir / urls.PREVIEW_PROBLEMS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(shown, encoding="utf-8")


class PreviewSession:
    """The live preview's state from rebuild to rebuild (``mkdocs serve --dirty``):
    what the last build made, the downloads' rows, and while the publication has
    errors the last build without them, which every page keeps showing under the list
    of the problems (see ``write_problems``): nothing to make again while a writer fixes
    a mistake, and only what changed once it is fixed."""

    def __init__(self) -> None:
        self.memory = PreviewMemory()
        self.download_rows = Rows()
        self.shown: Site | None = None  # the last build without errors
        self.problems: list[Problem] = []  # this build's, shown over ``shown``
        self._held_back: set[str] = set()  # writers' pages made as the list of problems
        self._renderers: dict[Hashable, PageRenderer] = {}
        self._templates: Hashable = None  # the publication's templates, as the renderer
        self._map_builders: dict[Tiles | None, str] = {}

    def map_builders(self, tiles: Tiles | None) -> str:
        """``maps.js`` for ``tiles``, made once (see ``maps.files.map_builders``)."""
        if tiles not in self._map_builders:
            self._map_builders = {tiles: map_files.map_builders(tiles)}
        return self._map_builders[tiles]

    def renderer(self, templates_dir: Path | None, directory_urls: bool) -> PageRenderer:
        """The renderer of every rebuild, its templates compiled once, while no template
        is added, changed or removed. (A new one each rebuild would leave its compiled
        templates to a collection of everything, see collector.py.)"""
        # Seen once a rebuild: what the renderer renders with is what the memory keeps.
        templates = self._templates = tuple(_files_state(template_folders(templates_dir)))
        key = (directory_urls, templates)
        if key not in self._renderers:  # and the last one goes
            renderer = PageRenderer(templates_dir, directory_urls=directory_urls)
            self._renderers = {key: renderer}
        return self._renderers[key]

    def rebuild(
        self,
        site: Site,
        writer_pages: Mapping[str, bool],
        config_file: Path,
        theme_folders: Iterable[Path],
        site_dir: Path,
    ) -> tuple[Site, set[str], set[str]]:
        """The site to show, the outputs to make again and those gone. ``writer_pages``:
        the docs folder's pages, each with whether its file changed since it was last
        written (the site generator makes those again whatever this says); a writer's
        page to make again for what the publication adds to it loses its output."""
        if site.problems and self.shown is not None:
            self.problems = site.problems
            self._held_back |= {page for page, changed in writer_pages.items() if changed}
            return self.shown, set(), set()
        self.problems = []
        changes = compare_with_last(
            self.memory, site, writer_pages, config_file, theme_folders, self._templates
        )
        remade = (changes.stale | self._held_back) & writer_pages.keys()
        for output in changes.gone | remade:
            remove_output(site_dir, output, site.directory_urls)
        self._held_back = set()
        if not site.problems:
            self.shown = site
        return site, changes.stale, changes.gone

    def forget(self) -> None:
        """A build that did not finish: everything is made again at the next."""
        self.memory.forget_all()
        self.shown = None
