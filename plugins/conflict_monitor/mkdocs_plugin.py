"""The MkDocs (and ProperDocs) adapter: MkDocs events call the core, nothing else here.

ProperDocs loads the same plugin through the ``mkdocs.plugins`` entry point and
redirects the ``mkdocs`` imports below to itself.
"""

from __future__ import annotations

import html
import json
import posixpath
import shutil
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .build import Site, prepare_site
from .collector import kept_for_the_build, release, set_aside
from .maps import files as map_files
from .maps.builders import OPENSTREETMAP, Tiles
from .permalinks import (
    BODY_MARKER,
    SHELL_ID,
    TITLE_MARKER,
    Permalink,
    ShellPages,
    add_to_sitemap,
    write_from_shells,
)
from .problems import ContentError, Severity
from .publication import Article, Layout
from .references import ReferencesExtension, Target
from .render import TEMPLATE_FOLDER, TemplateProblem
from .second_process import (
    Background,
    WaitForText,
    WorkFailed,
    can_fork,
)
from .text import sanitise_page
from .urls import MAP_ASSETS, shell_page

log = get_plugin_logger("conflict-monitor")

STYLESHEET = "assets/conflict-monitor.css"  # the generated pages' styles, in the site


class ConflictMonitorConfig(Config):
    data_dir = c.Type(str, default="data")
    """Folder of countries.yaml, actors and incidents, relative to mkdocs.yml."""
    templates_dir = c.Type(str, default="docs_templates")
    """Folder whose conflict_monitor/ subfolder holds the generated pages' templates."""
    articles_dir = c.Type(str, default="articles")
    """Folder of the analysis articles inside the docs folder."""
    map_tiles = c.Type(str, default="openstreetmap")
    """Map tiles: `openstreetmap`, `none` (country outlines served by the site) or a URL."""
    map_tiles_attribution = c.Type(str, default="")
    """The attribution a tile provider given by URL requires (HTML)."""
    parallel = c.Type(bool, default=True)
    """Write incident pages and map data in a second process while the pages build."""


class ConflictMonitorPlugin(BasePlugin[ConflictMonitorConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.files: Files | None = None
        self.root = Path.cwd()
        self.references = ReferencesExtension(self._resolve_reference, self._knows_map)
        self.tiles: Tiles | None = OPENSTREETMAP
        self.background: Background | None = None

    def _resolve_reference(self, kind: str, target: str) -> Target | None:
        return self.site.resolve_reference(kind, target) if self.site else None

    def _knows_map(self, target: str) -> bool:
        return self.site.knows_map(target) if self.site else False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        config.markdown_extensions.append(self.references)  # type: ignore[arg-type]
        self.tiles = self._tiles()
        for name in map_files.STYLESHEETS:
            config.extra_css.append(f"{MAP_ASSETS}/{name}")
        config.extra_css.append(STYLESHEET)
        for name in map_files.SCRIPTS:
            config.extra_javascript.append(f"{MAP_ASSETS}/{name}")
        return config

    def _tiles(self) -> Tiles | None:
        choice = self.config.map_tiles.strip()
        if choice == "none":
            return None
        if choice == "openstreetmap":
            return OPENSTREETMAP
        if not choice.startswith("https://") or "{z}" not in choice:
            raise PluginError(
                f"map_tiles: {choice!r} is not `openstreetmap`, `none` or an https URL "
                "template with {z}, {x} and {y}"
            )
        if not self.config.map_tiles_attribution.strip():
            raise PluginError(
                "map_tiles_attribution: required with a tile URL (the provider's terms "
                "ask for it; for example `&copy; Provider contributors`)"
            )
        return Tiles(choice, self.config.map_tiles_attribution)

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        self.references.current_page = page.file.src_uri
        self.references.unresolved.clear()
        return markdown

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._cancel()
        release()  # what an earlier build in this process (mkdocs serve) set aside

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        docs_dir = Path(config.docs_dir).resolve()
        layout = Layout(
            content_dir=_relative(docs_dir, self.root),
            data_dir=self.config.data_dir,
            articles_dir=self.config.articles_dir,
        )
        try:
            with kept_for_the_build():
                site = prepare_site(
                    self.root,
                    self.root / self.config.templates_dir,
                    layout,
                    parallel=self.config.parallel and can_fork(),
                )
        except ContentError as error:
            raise PluginError(str(error)) from None
        for notice in site.notices:
            if notice.severity is Severity.WARNING:
                log.warning(str(notice))
            else:
                log.info(str(notice))

        for src_uri in [*site.pages, *site.permalinks]:
            if src_uri not in files.src_uris:
                continue
            if src_uri in site.pages and src_uri.endswith("index.md"):
                continue  # the publication wrote its own index page: keep it
            raise PluginError(
                f"{src_uri} in the docs folder takes the address of a "
                "generated page; rename or remove it"
            )
        for src_uri, page in site.pages.items():
            if src_uri in files.src_uris:
                continue  # the publication's own index page
            # The body is rendered later (on_page_content), once every page's URL is known.
            # Generated pages are reached from their index pages, not listed in the sidebar.
            inclusion = (
                InclusionLevel.UNDEFINED
                if src_uri.endswith("index.md")
                else InclusionLevel.NOT_IN_NAV
            )
            files.append(
                File.generated(
                    config,
                    src_uri,
                    content=_front_matter(page.title),
                    inclusion=inclusion,
                )
            )
        for src_uri in site.permalinks:
            files.append(_WrittenLater(config, src_uri))
        self._add_map_files(files, config, site)
        self._add_shells_first(files, config, site)
        stylesheet = (
            self.root / self.config.templates_dir / TEMPLATE_FOLDER / "conflict-monitor.css"
        )
        if stylesheet.is_file() and STYLESHEET not in files.src_uris:
            files.append(File.generated(config, STYLESHEET, abs_src_path=str(stylesheet)))
        for src_uri in site.articles:
            article = files.src_uris.get(src_uri)
            if article is not None:
                article.inclusion = InclusionLevel.NOT_IN_NAV  # listed on the Analysis page
        for src_uri in site.drafts:
            draft = files.src_uris.get(src_uri)
            if draft is not None:
                draft.inclusion = InclusionLevel.DRAFT  # shown by `serve`, never built
        self.site = site
        self.files = files
        return files

    def _add_map_files(self, files: Files, config: MkDocsConfig, site: Site) -> None:
        for path, source in map_files.static_assets(self.tiles).items():
            if isinstance(source, Path):
                files.append(File.generated(config, path, abs_src_path=str(source)))
            else:
                files.append(File.generated(config, path, content=source))
        for path in map_files.data_paths(site.graph):
            files.append(_WrittenLater(config, path))

    @staticmethod
    def _add_shells_first(files: Files, config: MkDocsConfig, site: Site) -> None:
        """Add the page shells, and move every other file after them: MkDocs builds
        pages in this order, and the incident pages wait for their shells."""
        others = list(files)
        for shell in sorted({shell_page(src_uri) for src_uri in site.permalinks}):
            files.append(
                File.generated(
                    config, shell, content=_SHELL_SOURCE, inclusion=InclusionLevel.NOT_IN_NAV
                )
            )
        for file in others:
            files.remove(file)
            files.append(file)

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Every plugin has added its files: start writing the incident pages and the
        map data, in a second process where it can, while MkDocs builds the pages."""
        if self.site is not None:
            self.background = Background(
                partial(_write_later, self.site, files, config),
                parallel=self.config.parallel and can_fork(),
            )
        return nav

    # Last: a shell is the page as every other plugin leaves it (minified, for example).
    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.background is not None and page.file.src_uri.startswith(SHELL_ID + "/"):
            self.background.give(page.file.src_uri, output)
        return output

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        site = self.site
        if site is None:
            return html
        src_uri = page.file.src_uri

        url_for = partial(_url_for, files, page.file)

        if src_uri.startswith(SHELL_ID + "/"):
            return BODY_MARKER
        if self.references.unresolved:
            unknown = ", ".join(self.references.unresolved)
            raise PluginError(f"{page.file.src_path}: unknown reference(s): {unknown}")
        _escape_theme_fields(page, site.articles.get(src_uri))
        try:
            if src_uri in site.pages and page.file.generated_by:
                return site.render_page(src_uri, url_for)
            if src_uri in site.articles:
                body = site.render_embeds(sanitise_page(html), url_for)
                return body + site.render_article_panel(src_uri, url_for)
            if not page.file.generated_by:
                return site.render_embeds(sanitise_page(html), url_for)  # the publication's
        except TemplateProblem as error:
            raise PluginError(str(error)) from None
        return html

    # First: other plugins' post_build finds every incident page written.
    @event_priority(100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Wait for the incident pages and listings (or write them now)."""
        site, files, background = self.site, self.files, self.background
        if site is None or files is None or background is None:
            return
        self.background = None
        try:
            count = background.finish()
        except WorkFailed as error:
            raise PluginError(f"incident pages: {error}") from None
        shutil.rmtree(Path(config.site_dir) / SHELL_ID, ignore_errors=True)
        if config.site_url:
            add_to_sitemap(
                Path(config.site_dir) / "sitemap.xml",
                (config.site_url + _file(files, src).url for src in sorted(site.permalinks)),
            )
        where = " (in a second process)" if background.in_second_process else ""
        log.info(f"Wrote {count} incident and listing pages{where}")
        set_aside()

    def on_build_error(self, *, error: Exception) -> None:
        self._cancel()

    def _cancel(self) -> None:
        if self.background is not None:
            self.background.cancel()
            self.background = None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in (self.config.data_dir, self.config.templates_dir):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server


class _WrittenLater(File):
    """An incident page or a map data file: a file of the site, so that links to it
    resolve and are checked like links to any page, but one that the plugin writes
    itself (see ``_write_later``)."""

    def __init__(self, config: MkDocsConfig, src_uri: str) -> None:
        super().__init__(
            src_uri,
            src_dir=None,
            dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls,
            inclusion=InclusionLevel.NOT_IN_NAV,
        )
        self.generated_by = "conflict-monitor"
        self._content = ""
        if src_uri.endswith(".md"):
            stem = posixpath.splitext(src_uri)[0]
            self.dest_uri = f"{stem}/index.html" if config.use_directory_urls else f"{stem}.html"

    def is_documentation_page(self) -> bool:
        return False  # MkDocs must not render it

    def copy_file(self, dirty: bool = False) -> None:
        pass  # written from the page shell after the build


# A page shell: rendered by the theme once, then filled in for every page at its depth.
_SHELL_SOURCE = f"---\ntitle: {TITLE_MARKER}\nsearch:\n  exclude: true\n---\n"


def _write_later(site: Site, files: Files, config: MkDocsConfig, shell_html: WaitForText) -> int:
    """Write the map data, then the incident pages and listings from their shells."""
    pattern = "incidents/{id}/" if config.use_directory_urls else "incidents/{id}.html"
    map_files.write_data_files(
        Path(config.site_dir), site.graph, lambda path: get_relative_url(pattern, path)
    )
    by_shell: dict[str, list[str]] = {}
    for src_uri in site.permalinks:
        by_shell.setdefault(shell_page(src_uri), []).append(src_uri)
    groups = []
    for shell_src, pages in sorted(by_shell.items()):
        # A page links to others by the same relative URLs as its shell, which stands at
        # the same depth: work each link out once for all of them. The bodies are made
        # first, while MkDocs is still making the shells.
        url_for = cache(partial(_url_for, files, _file(files, shell_src)))
        try:
            bodies = [_permalink(site, files, url_for, src_uri) for src_uri in pages]
        except TemplateProblem as error:
            raise WorkFailed(str(error)) from None
        groups.append(ShellPages(shell_src, posixpath.splitext(shell_src)[0], bodies))
    return write_from_shells(groups, shell_html)


def _permalink(site: Site, files: Files, url_for: Callable[[str], str], src_uri: str) -> Permalink:
    return Permalink(
        _file(files, src_uri).abs_dest_path,
        posixpath.splitext(src_uri)[0],
        site.permalinks[src_uri].title,
        site.render_page(src_uri, url_for),
    )


def _file(files: Files, src_uri: str) -> File:
    found = files.src_uris.get(src_uri)
    assert found is not None, src_uri
    return found


def _url_for(files: Files, page_file: File, target: str) -> str:
    found = files.src_uris.get(target)
    if found is None:
        log.warning(f"{page_file.src_uri}: links to {target}, which is not in the site")
        return "#"
    return found.url_relative_to(page_file)


def _escape_theme_fields(page: Page, article: Article | None) -> None:
    """Escape what the theme prints raw: MkDocs renders theme templates without
    autoescaping, and Material prints the title and description as they are.

    Called once per page, after every page has been read and before any is rendered
    into the theme, so that navigation and neighbours show escaped titles too.
    """
    meta = dict(page.meta)
    meta["title"] = html.escape(str(page.title or ""), quote=True)
    description = meta.get("description") or (article.meta.summary if article else None)
    if description:
        meta["description"] = html.escape(str(description), quote=True)
    page.meta = meta


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _front_matter(title: str) -> str:
    # A JSON string is a valid YAML scalar: any title survives quoting.
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n"
