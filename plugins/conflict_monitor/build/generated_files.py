"""Writing what the site generator does not: the map data, the downloads and feeds,
and the pages made from shells (incident pages, listings by year, the data page).
This is the work that runs beside the site generator (see parallel.py)."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any

from .. import collector, urls
from ..maps import files as map_files
from ..maps.data import MapValues
from ..pages.generated import UrlFor
from ..pages.render import TemplateProblem
from ..parallel import Handoff, Shares, WaitForText, WorkFailed
from . import progress
from .shells import Permalink, ShellPages, write_from_shells
from .site import Site

# What search finds on a page: (body HTML, URL, title, the page's metadata, if not only
# its title) -> the search index's entries.
IndexPage = Callable[[str, str, str, Mapping[str, Any] | None], list[dict[str, Any]]]
# A page the site generator rendered, handed over for search (see ``write_generated_files``):
# its body as search reads it, URL, title and metadata.
HandedPage = tuple[str, str, str, Mapping[str, Any]]


@dataclass(frozen=True)
class MapFiles:
    """The map data files to write, shared by the build's two processes (see ``Shares``):
    each writes those it takes, as soon as it has nothing else to do. Made before the
    second process starts."""

    paths: list[str]
    shares: Shares

    @classmethod
    def of(cls, site: Site, only: Collection[str] | None = None) -> MapFiles:
        """The map data files of ``site`` (``only``: those among these)."""
        paths = [p for p in map_files.data_paths(site.graph) if only is None or p in only]
        return cls(paths, Shares(len(paths)))

    def write(self, site: Site, site_dir: Path, *, from_back: bool = False) -> tuple[int, float]:
        """Write those nobody took yet, one at a time, from the front or the back; how
        many this wrote, in how many seconds."""
        watch = progress.Stopwatch()
        shown = map_files.shown_incidents(site.graph)
        values: MapValues = {}  # each incident's, for every file it is in
        made = (
            (path, map_files.data_file(site.graph, path, shown[path], site.directory_urls, values))
            for path in (self.paths[index] for index in self.shares.taken(from_back=from_back))
        )
        return _write_all(site_dir, made), watch.lap()

    @staticmethod
    def report(here: tuple[int, float], there: Written) -> None:
        """Say how many were written, by this process (``here``, as ``write`` says) and
        by the other (``there``), in how many seconds of work."""
        files, seconds = here[0] + there.map_files, here[1] + there.map_seconds
        progress.written("map data files", files, seconds)


@dataclass
class Written:
    """What ``write_generated_files`` wrote: how many pages, and the search index's
    entries of those that search finds (made here, beside the site generator), and how
    many of the map data files (in how many seconds)."""

    pages: int
    search_entries: list[dict[str, Any]] = field(default_factory=list)
    map_files: int = 0
    map_seconds: float = 0.0
    sitemap: str = ""  # the sitemap's entries of the pages made from shells (see Site.finish)
    # The search entries of each page handed over (see ``handed``), in the order handed.
    handed_entries: list[list[dict[str, Any]]] = field(default_factory=list)


@collector.few_full_collections()
def write_generated_files(
    site: Site,
    site_dir: Path,
    url_for_at: Callable[[str], UrlFor],
    shell_html: WaitForText,
    only: Collection[str] | None = None,
    index_page: IndexPage | None = None,
    maps: MapFiles | None = None,
    handed: Handoff[HandedPage] | None = None,
) -> Written:
    """Write the downloads and feeds, then every page made from a shell, then the map
    data files nobody took (``maps``; all of them if None: see ``MapFiles``); then, with
    nothing else to do, make the search entries of the pages the site generator hands
    over as it renders them (``handed``; its own process is the longer one then).
    ``url_for_at(src_uri)`` links from the page at ``src_uri``; ``shell_html`` gives (or
    waits for) a rendered shell. ``only``: just these pages (docs-folder paths) and
    files (site paths), for the live preview. ``index_page``: the site generator's
    search, for the pages search finds."""
    watch = progress.Stopwatch()
    # Each written as it is made: not held while the next is made, nor while the pages are.
    made = chain(site.downloads.files(only), site.feeds(only).items())
    progress.written("downloads and feeds", _write_all(site_dir, made), watch.lap())
    site.downloads.written()
    by_shell: dict[str, list[str]] = {}
    for src_uri in site.permalinks if only is None else sorted(site.permalinks.keys() & only):
        by_shell.setdefault(urls.shell_page(src_uri, site.directory_urls), []).append(src_uri)
    groups = []
    search_entries: list[dict[str, Any]] = []
    site_root = str(site_dir)  # joined as text: a path object for each of 20,000 pages costs
    for shell_src, pages in sorted(by_shell.items()):
        # A page links to others by the same relative URLs as its shell, which stands at
        # the same depth: work each link out once for all of them. The bodies are made
        # first, while the site generator is still making the shells.
        url_for = cache(url_for_at(shell_src))
        bodies = []
        for src_uri in pages:
            page = site.permalinks[src_uri]
            try:
                body = site.render_page(src_uri, url_for)
            except TemplateProblem as error:
                raise WorkFailed(str(error)) from None
            if page.searchable and index_page is not None:
                url = urls.page_url(src_uri, site.directory_urls)
                search_entries += index_page(body, url, page.title, None)
            bodies.append(
                Permalink(
                    os.path.join(site_root, urls.page_file(src_uri, site.directory_urls)),
                    urls.address(src_uri),
                    page.title,
                    body.encode(),
                    # after the body, whose Markdown it reuses (cached)
                    (site.feed_links.get(src_uri, "") + site.head_tags(src_uri)).encode(),
                    site.sections(src_uri, body),
                )
            )
        groups.append(ShellPages(shell_src, urls.address(shell_src), bodies))
    # A shell as the site generator rendered it, with a place for each page's own tags.
    count = write_from_shells(groups, lambda shell: site.with_head_tags(shell, shell_html(shell)))
    from_shells = (
        site.permalinks.values()
        if only is None
        else [site.permalinks[p] for p in only if p in site.permalinks]
    )
    progress.from_shells(from_shells, watch.lap())
    written = Written(count, search_entries, sitemap=site.sitemap_entries())
    if maps is None:
        MapFiles.report(MapFiles.of(site, only).write(site, site_dir), Written(0))
    else:
        written.map_files, written.map_seconds = maps.write(site, site_dir, from_back=True)
    if handed is not None and index_page is not None:
        written.handed_entries = [index_page(*page) for page in handed.taken()]
    return written


def _write_all(site_dir: Path, texts: Iterable[tuple[str, str]]) -> int:
    """Write each text at its path in the site; how many were written."""
    count = 0
    for path, text in texts:
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        count += 1
    return count
