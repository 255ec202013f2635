"""The MkDocs (and ProperDocs) adapter: MkDocs events call the core, nothing else here.
ProperDocs loads it by the ``mkdocs.plugins`` entry point and redirects the imports below."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import Any, cast

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from .. import build, urls
from ..collector import (
    few_full_collections,
    kept_for_the_build,
    rebuild_ended,
    rebuild_starts,
    release,
    set_aside,
)
from ..load.read_ahead import ReadAhead
from ..maps import files as map_files
from ..maps.tiles import OPENSTREETMAP, Tiles, choose_tiles
from ..model import ContentError, Layout, Severity, SiteSettings
from ..pages.render import COMPILED_TEMPLATES, TemplateProblem
from ..parallel import Background, HandedBack, Handoff, Task, WaitForText, WorkFailed, can_fork
from ..prose.references import ReferencesExtension, links_as_text
from ..rules.borders import Places
from . import search
from .files import Generated, WrittenLater, url_for_at
from .theme_fragments import Fragments
from .toc import with_sections
from .watching import PREVIEW_LOOKS_EVERY, look_for_changes_every

log = get_plugin_logger("conflict-monitor")
# The live preview's garbage (see collector.py): what a rebuild made after its load,
# collected this many seconds after it; the rest, a few dozen objects a rebuild, when
# the writer pauses for this many seconds, or at the 100th rebuild in a row without a
# pause. That full collection walks every object of the publication (0.6 s at 20,000
# incidents): a writer saving without a pause waits for it once in a hundred saves.
PREVIEW_COLLECTS_SOON = 0.2
PREVIEW_COLLECTS_IN_A_PAUSE = 5.0
PREVIEW_COLLECTS_EVERY = 100
# An article's head tags, made ahead beside its panel, by this name and the article's.
HEAD_TAGS = "head tags of "
PLACES = "places"  # where the incidents' points stand, made ahead (see build/ahead.py)


class ConflictMonitorConfig(Config):
    data_dir = c.Type(str, default="data")
    """Folder of countries.yaml, actors and incidents, relative to mkdocs.yml."""
    templates_dir = c.Type(str, default="docs_templates")
    """Folder whose conflict_monitor/ subfolder overrides shipped templates by name."""
    articles_dir = c.Type(str, default="articles")
    """Folder of the analysis articles inside the docs folder."""
    map_tiles = c.Type(str, default="openstreetmap")
    """Map tiles: `openstreetmap`, `none` (country outlines served by the site) or a URL."""
    map_tiles_attribution = c.Type(str, default="")
    """The attribution a tile provider given by URL requires (HTML)."""
    parallel = c.Type(bool, default=True)
    """Write incident pages and map data in a second process while the pages build."""
    data_licence = c.Type(str, default=SiteSettings.data_licence)
    """The licence of the data downloads, as readers see it (`CC BY 4.0`)."""
    data_licence_url = c.Type(str, default=SiteSettings.data_licence_url)
    """The licence's text."""
    downloads_include_imported = c.Type(bool, default=False)
    """Put incidents imported from ACLED in the downloads (if your terms with ACLED allow)."""


class ConflictMonitorPlugin(BasePlugin[ConflictMonitorConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: build.Site | None = None
        self.root = Path.cwd()
        self.references = ReferencesExtension(lambda: self.site)
        self.tiles: Tiles | None = OPENSTREETMAP
        self.background: Background[build.Written] | None = None
        self.maps: build.MapFiles | None = None  # shared by the two processes
        self.read_ahead: ReadAhead | None = None
        self.preview = False  # mkdocs serve: errors are shown on the pages, not raised
        # mkdocs serve --dirty: each rebuild makes only the pages whose inputs changed.
        self.session: build.PreviewSession | None = None
        self.stale: set[str] | None = None  # in this rebuild; None: every page
        self.rebuilt: set[str] = set()  # URLs of the pages MkDocs wrote in this rebuild
        self.kept_files: dict[tuple[str, str, bool], WrittenLater] = {}  # for rebuilds
        self.article_parts: dict[str, build.ArticleParts] = {}  # until search has read
        # Pages' HTML, and the text search reads of it (see _before_search).
        self.searched: dict[str, tuple[str, str]] = {}
        self.panels: HandedBack[str] | None = None  # the articles' panels and head tags, made ahead
        # Articles whose search entries the second process makes, once it is idle, and
        # where their entries go in the index (see _before_search).
        self.handoff: Handoff[build.HandedPage] | None = None
        self.handed_at: list[int] = []
        self.last_files: Files | None = None  # the live preview's, until its rebuild ends
        self.last_env: Any = None  # MkDocs' template environment of that rebuild (jinja2)
        self.making_pages = ExitStack()  # while a build makes its pages (see on_nav)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = command == "serve"
        self.session = build.PreviewSession() if self.preview and dirty else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        try:
            self.tiles = choose_tiles(self.config.map_tiles, self.config.map_tiles_attribution)
        except ValueError as error:
            raise PluginError(str(error)) from None
        # Once per config: a config built again (a rebuild in-process) comes back here.
        if self.references not in config.markdown_extensions:  # type: ignore[comparison-overlap]
            config.markdown_extensions.append(self.references)  # type: ignore[arg-type]
            config.extra_css.extend(map_files.PAGE_STYLESHEETS)
            config.extra_javascript.extend(map_files.PAGE_SCRIPTS)
            if self.session is not None:
                config.extra_javascript.append(urls.PREVIEW_SCRIPT)
        return config

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        self.references.start_page(page.url)
        if self.session is not None and self.session.problems:
            return ""  # the page is the list of problems (see on_page_content)
        return self.site.page_markdown(markdown) if self.site else markdown

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._cancel()
        if self.session is None:
            release()  # what an earlier build in this process (mkdocs serve) set aside
        else:
            self._let_go_of_last_pages()
            rebuild_starts(full_every=PREVIEW_COLLECTS_EVERY)
        if self.config.parallel and not self.preview:  # while MkDocs lists its files
            self.read_ahead = ReadAhead(self.root, self._layout(config))

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        layout, settings = self._layout(config), self._settings(config)
        templates_dir = self.root / self.config.templates_dir
        if self.session is not None:
            self.last_files = files
        try:
            with kept_for_the_build():
                if self.read_ahead is not None:
                    self.read_ahead.join()
                    self.read_ahead = None
                ahead, places = self._start_ahead(config, templates_dir)
                try:
                    site = build.prepare_site(
                        self.root,
                        templates_dir,
                        layout,
                        settings=settings,
                        tiles=self.tiles,
                        preview=self.preview,
                        download_rows=self.session.download_rows if self.session else None,
                        renderer=self.session.renderer(templates_dir, settings.directory_urls)
                        if self.session is not None
                        else None,
                        places=partial(places.get, PLACES) if places is not None else None,
                    )
                except BaseException:
                    if ahead is not None:
                        ahead.cancel()
                    raise
                finally:
                    if places is not None:
                        places.close()
        except ContentError as error:
            raise PluginError(str(error)) from None
        if self.session is not None:
            site.map_builders = self.session.map_builders(self.tiles)
        if ahead is not None:
            try:
                made = ahead.finish()
            except WorkFailed as error:  # made here, when needed
                log.debug(f"map code and templates made here: {error}")
            else:
                made.adopt()
                site.map_builders = made.map_builders
        for notice in site.notices:
            (log.warning if notice.severity is Severity.WARNING else log.info)(str(notice))
        for problem in site.problems:  # in the preview; strict would count them and stop it
            (log.info if config.strict else log.error)(str(problem))
        if taken := site.taken_addresses(files.src_uris):
            raise PluginError("\n".join(taken))

        self.stale, self.rebuilt = None, set()  # every page, unless the preview knows better
        if self.session is not None:
            site = self._rebuild(site, files, config)

        def add(src_uri: str, inclusion: InclusionLevel, **source: Any) -> None:
            file = cast(
                Generated, Generated.generated(config, src_uri, inclusion=inclusion, **source)
            )
            # Assets and shells at every build; pages when what they show changed.
            file.stale = self.stale is None or src_uri in self.stale or src_uri not in site.pages
            files.append(file)

        # Shells first: MkDocs builds pages in this order; the incident pages wait for them.
        for shell in site.shells():
            add(shell, InclusionLevel.NOT_IN_NAV, content=build.SHELL_SOURCE)
        for file in [f for f in files if not urls.is_shell(f.src_uri)]:
            files.remove(file)
            files.append(file)
        for src_uri in [p for p in site.pages if p not in files.src_uris]:
            # Generated pages are reached from their section's index page, not the sidebar;
            # their body is rendered in on_page_content, once every page's URL is known.
            # An index is in the sidebar MkDocs makes without a `nav:`; a `nav:` lists those
            # it names, and MkDocs is not told of the others (no writer made them: they are
            # reached by their links), but for the home page.
            listed = src_uri == urls.HOME or (src_uri.endswith("index.md") and config.nav is None)
            level = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            add(src_uri, level, content=site.source(src_uri))
        written_later = site.written_later()
        for file in self._written_later(config, written_later):
            files.append(file)
        current = set(written_later)
        self.kept_files = {k: f for k, f in self.kept_files.items() if k[0] in current}
        if self.session is not None:
            add(
                urls.PREVIEW_SCRIPT,
                InclusionLevel.UNDEFINED,
                abs_src_path=str(build.PREVIEW_SCRIPT),
            )
        for path, source in site.assets().items():
            if path not in files.src_uris:  # unless the publication has its own
                kind = "abs_src_path" if isinstance(source, Path) else "content"
                add(path, InclusionLevel.UNDEFINED, **{kind: str(source)})
        for src_uri in site.articles.keys() | site.drafts:  # listed on the Analysis page;
            if (written := files.src_uris.get(src_uri)) is not None:  # drafts: `serve` only
                draft = src_uri in site.drafts
                written.inclusion = InclusionLevel.DRAFT if draft else InclusionLevel.NOT_IN_NAV
        self.site = site
        return files

    def _let_go_of_last_pages(self) -> None:
        """The rebuild's files, pages and navigation refer to each other: those cycles
        broken as the rebuild ends, its files (frozen with the publication) go without a
        collection of everything, and its pages with the rest of what it made (see
        collector.py). The theme's templates, which MkDocs loads into an environment made
        before the publication was loaded and frozen, go with the rest too."""
        if self.last_env is not None and self.last_env.cache is not None:
            self.last_env.cache.clear()
        self.last_env = None
        if self.last_files is not None:
            for file in self.last_files:
                page, file.page = file.page, None
                if page is not None:
                    section = page.parent
                    page.parent = page.previous_page = page.next_page = None
                    while section is not None:
                        section.children, section.parent, section = [], None, section.parent
            self.last_files = None

    def _rebuild(self, site: build.Site, files: Files, config: MkDocsConfig) -> build.Site:
        """Under ``mkdocs serve --dirty``: the site to show, and what to make again."""
        assert self.session is not None
        writer_pages = {f.src_uri: f.is_modified() for f in files.documentation_pages()}
        config_file = Path(config.config_file_path or "mkdocs.yml")
        # The theme's own templates change with its version only: a new process.
        theme = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        site_dir = Path(config.site_dir)
        site, self.stale, gone = self.session.rebuild(
            site, writer_pages, config_file, theme, site_dir
        )
        self.rebuilt.update(urls.page_url(p, config.use_directory_urls) for p in gone)
        return site

    def _written_later(
        self, config: MkDocsConfig, src_uris: Iterable[str]
    ) -> Iterator[WrittenLater]:
        """The files of pages and data files written beside MkDocs; the same from rebuild
        to rebuild of the live preview (tens of thousands of them)."""
        site_dir, directory_urls = config.site_dir, config.use_directory_urls
        for src_uri in src_uris:
            if self.session is None:
                yield WrittenLater(src_uri, site_dir, directory_urls)
                continue
            key = (src_uri, site_dir, directory_urls)
            if (file := self.kept_files.get(key)) is None:
                file = self.kept_files[key] = WrittenLater(src_uri, site_dir, directory_urls)
            yield file

    def _start_ahead(
        self, config: MkDocsConfig, templates_dir: Path
    ) -> tuple[Background[build.MadeAhead] | None, HandedBack[Places] | None]:
        """What the second core makes while this process checks the publication (see
        build/ahead.py): first where the incidents' points stand, which the checks take
        (and place the points themselves, if these have not come); then what needs no
        publication. Neither where no second process may start."""
        if not self.config.parallel or self.preview or not can_fork():
            return None, None
        layout = self._layout(config)
        places = HandedBack(
            [PLACES],
            lambda _: build.incident_places(self.root, layout),
            made_here=lambda _: {},  # none placed ahead: the checks place what they check
        )
        made_ahead = partial(self._made_ahead, config, templates_dir)
        return places.start(made_ahead, parallel=True, texts=False), places

    def _made_ahead(
        self, config: MkDocsConfig, templates_dir: Path, _wait: WaitForText
    ) -> build.MadeAhead:
        theme = config.theme.get_env()
        theme.bytecode_cache = COMPILED_TEMPLATES  # as on_env sets it
        pages = ("main.html", *config.theme.static_templates)
        return build.make_ahead(self.tiles, theme, pages, templates_dir, config.use_directory_urls)

    def _layout(self, config: MkDocsConfig) -> Layout:
        docs_dir = os.path.relpath(config.docs_dir, self.root)
        return Layout(docs_dir, self.config.data_dir, self.config.articles_dir)

    def _settings(self, config: MkDocsConfig) -> SiteSettings:
        return SiteSettings(
            name=config.site_name,
            url=config.site_url or None,
            directory_urls=config.use_directory_urls,
            language=str(config.theme.get("language") or "en"),
            data_licence=self.config.data_licence,
            data_licence_url=self.config.data_licence_url,
            downloads_include_imported=self.config.downloads_include_imported,
        )

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        env.bytecode_cache = COMPILED_TEMPLATES  # the theme's, compiled once per process
        fragments = Fragments()  # see base.html
        env.globals.update(
            cm_navigation=fragments.navigation,
            cm_same_for=fragments.same_for,
            cm_header=fragments.header,
        )
        if self.session is not None:
            self.last_env = env
        return env

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Every plugin has added its files: start writing incident pages and map data."""
        if self.site is not None:
            parallel = self.config.parallel and can_fork()
            if self.session is not None:  # made here before a second process starts: kept
                self.site.downloads.keep_rows(make=parallel)
            site_dir, url_for = Path(config.site_dir), partial(url_for_at, files)
            index = search.search_index(config)
            self.maps = build.MapFiles.of(self.site, self.stale)
            # Articles are handed over only where search alone reads them as they are
            # swapped for it (see _before_search): no other plugin sees them empty.
            between = (self._before_search, self._search_has_read)
            hands = parallel and not self.preview and index is not None
            hands = hands and search.reads_alone_between(config, *between)
            self.handoff = Handoff() if hands else None
            self.handed_at = []
            work: Task[build.Written] = partial(
                build.write_generated_files,
                self.site,
                site_dir,
                url_for,
                only=self.stale,
                index_page=partial(search.search_entries, index) if index is not None else None,
                maps=self.maps,  # and here, once the pages are made (see on_post_build)
                handed=self.handoff,
            )
            if not self.preview:  # the pages of a build (see collector.py)
                self.making_pages.enter_context(few_full_collections())
            if parallel and not self.preview:
                # The second process starts with the articles' panels (they need only the
                # publication): this process, converting the articles, is the longer one.
                self.panels = self._panels(self.site, files)
                self.background = self.panels.start(work, parallel=parallel)
            else:
                self.background = Background(work, parallel=parallel)
        return nav

    @staticmethod
    def _panels(site: build.Site, files: Files) -> HandedBack[str]:
        """The articles' panels, in the order MkDocs converts the articles, then their
        head tags (named ``HEAD_TAGS`` + the article), in the order it writes them."""
        articles = [f.src_uri for f in files.documentation_pages() if f.src_uri in site.articles]

        def make(name: str) -> str:
            if name.startswith(HEAD_TAGS):
                return site.head_tags(name.removeprefix(HEAD_TAGS))
            return site.article_panel(name, url_for_at(files, name))

        return HandedBack([*articles, *(HEAD_TAGS + a for a in articles)], make)

    # Last: a shell is the page as every other plugin leaves it (minified, for example).
    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        self.rebuilt.add(page.url)
        if self.background is not None and urls.is_shell(page.file.src_uri):
            self.background.give(page.file.src_uri, output)
        if self.site is None:
            return output
        src_uri, head = page.file.src_uri, None
        if self.panels is not None and src_uri in self.site.articles:
            head = self.panels.get(HEAD_TAGS + src_uri)  # made ahead
        return self.site.with_head_tags(src_uri, output, head)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        site, src_uri = self.site, page.file.src_uri
        if site is None:
            return html
        if urls.is_shell(src_uri):
            return build.BODY_MARKER
        if self.session is not None and self.session.problems:
            return site.renderer.render_problems(self.session.problems)
        if unknown := ", ".join(self.references.unresolved):
            raise PluginError(f"{page.file.src_path}: unknown reference(s): {unknown}")
        page.meta = site.theme_meta(src_uri, page.meta, page.title)
        generated = page.file.generated_by is not None
        try:
            panel = self.panels.get if self.panels is not None else None
            body, parts = site.page_body(
                src_uri, html, url_for_at(files, src_uri), generated, panel
            )
        except TemplateProblem as error:
            raise PluginError(str(error)) from None
        if parts is not None:
            self.article_parts[src_uri] = parts
        if sections := site.sections(src_uri, body, html):
            page.toc = with_sections(page.toc, sections)
        return body

    # Before Material's search reads the page.
    @event_priority(50)
    def _before_search(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """Search reads each reference's link as its text, all it keeps of a link: the
        same index, in less time. Not a page with ``data-search-`` attributes, which
        search takes out of the page it read.

        Once the second process has done the rest of its work, it makes an article's
        entries instead (this process is the longer one then): search here reads
        nothing of the article, and its entries go where search would have put them."""
        html = page.content
        if self.site is not None and html and "data-search-" not in html:
            text = links_as_text(html)
            if (
                self.handoff is not None  # made only where search has an index
                and page.file.src_uri in self.site.articles
                and not (page.meta.get("search") or {}).get("exclude")
                and self.handoff.idle
                and self.handoff.hand((text, page.url, page.title, search.search_meta(page.meta)))
            ):
                self.handed_at.append(len(search.search_index(config).entries))
                text = ""
            if text is not html:
                self.searched[page.file.src_uri], page.content = (html, text), text
        return context

    # After Material's search (listed before this plugin, as it usually is) has read the
    # page, and before the plugins listed after this one.
    def _search_has_read(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        if (searched := self.searched.pop(page.file.src_uri, None)) is not None:
            html, text = searched
            if page.content != text:  # changed meanwhile by a plugin listed before
                log.warning(
                    f"{page.file.src_uri}: a plugin changed the page while search read it, "
                    "and its change is dropped: list conflict-monitor right after search "
                    "in mkdocs.yml"
                )
            page.content = html
        return context

    # After every plugin's: an article is found by its own words, not its header or panel.
    @event_priority(-50)
    def _after_search(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if (parts := self.article_parts.pop(page.file.src_uri, None)) is not None:
            page.content = parts.around(page.content or "")
        return context

    on_page_context = CombinedEvent(_before_search, _search_has_read, _after_search)

    # First: other plugins' post_build finds every incident page written.
    @event_priority(100)
    def _write_the_rest(self, *, config: MkDocsConfig) -> None:
        """Wait for the incident pages and listings (or write them now)."""
        site, background, maps, handoff = self.site, self.background, self.maps, self.handoff
        if site is None or background is None or maps is None:
            return
        self.background, self.maps, self.handoff = None, None, None
        if self.panels is not None:  # every article is converted
            self.panels.close()
            self.panels = None
        try:
            written_here = maps.write(site, Path(config.site_dir))
        except BaseException:  # the other process, waiting for more, is stopped
            background.cancel()
            raise
        finally:
            if handoff is not None:
                handoff.close()  # every page is rendered
        try:
            written = background.finish()
        except WorkFailed as error:
            raise PluginError(f"incident pages: {error}") from None
        maps.report(written_here, written)
        site.finish(Path(config.site_dir), written.sitemap)
        index = search.search_index(config)
        if index is not None:
            # Each handed article's entries where search would have put them, the last
            # first (those of articles in a row stand at the same place, in their order).
            handed = zip(self.handed_at, written.handed_entries, strict=True)
            for at, entries in reversed(list(handed)):
                index.entries[at:at] = entries
            index.entries += written.search_entries
            self.rebuilt.update(e["location"].partition("#")[0] for e in written.search_entries)
        if self.session is not None:
            search.keep_every_page(config, self.rebuilt)
            build.write_problems(Path(config.site_dir), site, self.session.problems)
        where = " (in a second process)" if background.in_second_process else ""
        log.info(f"Wrote {written.pages} pages from page shells{where}")

    # Last: the build is over for every plugin.
    @event_priority(-100)
    def _build_over(self, *, config: MkDocsConfig) -> None:
        self.making_pages.close()
        if self.session is None:
            set_aside()
        else:
            self._rebuild_over()

    on_post_build = CombinedEvent(_write_the_rest, _build_over)

    def on_build_error(self, *, error: Exception) -> None:
        self._cancel()
        self._forget()
        if self.session is not None:  # what the failed rebuild made goes as well
            self._rebuild_over()

    def _rebuild_over(self) -> None:
        """A rebuild of the live preview ended: what it made goes (see collector.py)."""
        self._let_go_of_last_pages()
        rebuild_ended(PREVIEW_COLLECTS_SOON, PREVIEW_COLLECTS_IN_A_PAUSE)

    def _forget(self) -> None:
        if self.session is not None:  # what a build did not finish is made again
            self.session.forget()

    def _cancel(self) -> None:  # the plugin outlives a build under mkdocs serve
        self.making_pages.close()
        if self.background is not None:
            self.background.cancel()
            self._forget()
        if self.read_ahead is not None:
            self.read_ahead.cancel()
        if self.panels is not None:
            self.panels.close()
            self.panels = None
        if self.handoff is not None:
            self.handoff.close()
        self.site, self.background, self.read_ahead, self.handoff = None, None, None, None
        self.article_parts, self.searched, self.handed_at = {}, {}, []

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        look_for_changes_every(server, PREVIEW_LOOKS_EVERY)
        for folder in (self.config.data_dir, self.config.templates_dir):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server
