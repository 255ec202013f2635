"""One build of a publication, independent of any site generator.

``Site`` holds what a build needs once: the checked publication, its link graph,
the pages it generates and the renderer. A site generator adapter (MkDocs,
ProperDocs) creates one per build and asks it to render pages by path.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from html import escape as escape_html
from pathlib import Path
from typing import Any

from .. import collector, rules, urls
from ..downloads.feeds import FEED_TYPE, feed_paths, feeds
from ..downloads.incidents import Downloads, Rows
from ..graph import Graph, build_graph
from ..load import load_publication
from ..load.yaml_files import PARSED_FILES
from ..maps import files as map_files
from ..maps.tiles import OPENSTREETMAP, Tiles
from ..model import (
    DEFAULT_LAYOUT,
    Article,
    ContentError,
    Layout,
    Problem,
    Publication,
    Reference,
    Severity,
    SiteSettings,
)
from ..pages import GeneratedPage, site_pages
from ..pages.article import absolute_url, news_article, word_count
from ..pages.generated import UrlFor
from ..pages.render import PageRenderer, long_date
from ..pages.sharing import Preview, json_ld, preview_tags
from ..prose.html import escaped_for_the_theme, plain_text, sanitise_page
from ..prose.references import EMBED_CLASS, EMBED_MARKER, Target, names_a_map
from ..rules.borders import Places
from . import progress
from .shells import HEAD_MARKER, Sections, headings
from .sitemap import add_to_sitemap, sitemap_entries

DEFAULT_SETTINGS = SiteSettings()
# A generated page's own heading, left out under a writer's introduction, which has one.
_LEADING_HEADING = re.compile(r"^\s*<h1\b[^>]*>.*?</h1>", re.S)


@dataclass
class Site:
    graph: Graph
    pages: dict[str, GeneratedPage]  # by docs-folder path, rendered by the site generator
    permalinks: dict[str, GeneratedPage]  # written from a page shell (see shells.py)
    articles: dict[str, Article]  # published articles by docs-folder path
    drafts: set[str]  # docs-folder paths of draft articles
    renderer: PageRenderer
    notices: list[Problem]  # warnings and information, sorted
    downloads: Downloads
    settings: SiteSettings = DEFAULT_SETTINGS
    tiles: Tiles | None = OPENSTREETMAP  # the maps' tiles; None: outlines from the site
    # A live preview of a publication with errors: what every page shows (see prepare_site).
    problems: list[Problem] = field(default_factory=list)
    # The references in the docs folder's pages other than articles, by docs-folder path.
    page_references: dict[str, list[Reference]] = field(default_factory=dict)
    _targets: dict[tuple[str, str], Target | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    map_builders: str | None = None  # maps.js, if made elsewhere (see maps.files)

    @property
    def directory_urls(self) -> bool:
        return self.settings.directory_urls

    def written_later(self) -> list[str]:
        """Every file written beside the site generator (see generated_files.py): pages
        from shells, map data, downloads and feeds."""
        feeds = feed_paths(self.graph) if self.settings.url else []
        return [
            *self.permalinks,
            *map_files.data_paths(self.graph),
            *self.downloads.paths(),
            *feeds,
        ]

    def feeds(self, only: Collection[str] | None = None) -> dict[str, str]:
        """Site path -> text of each feed (``only``: of these); none for a site without
        an address (feed readers need absolute links)."""
        settings = self.settings
        if not settings.url:
            return {}
        return feeds(
            self.graph,
            settings.name,
            settings.url,
            directory_urls=settings.directory_urls,
            language=settings.language,
            only=only,
        )

    @cached_property
    def feed_links(self) -> dict[str, str]:
        """The ``<link rel="alternate">`` tags of the pages that announce feeds: the home
        page (the site's feed) and each country page (the site's and its own)."""
        settings, site_url = self.settings, self.settings.url
        if not site_url:
            return {}

        def link(title: str, path: str) -> str:
            return (
                f'<link rel="alternate" type="{FEED_TYPE}" title="{escape_html(title)}" '
                f'href="{escape_html(site_url + path)}">'
            )

        site_feed = link(settings.name, urls.SITE_FEED)
        links = {urls.HOME: site_feed}
        for country in self.graph.countries:
            own = link(f"{settings.name}: {country.name}", urls.country_feed(country))
            links[urls.country_page(country)] = site_feed + own
        return links

    def assets(self) -> dict[str, str | Path]:
        """Files the site serves besides its pages (site path -> file, or text): the map
        libraries and code, and the generated pages' stylesheet."""
        stylesheet = self.renderer.find_file("conflict-monitor.css")
        maps = map_files.static_assets(self.tiles, self.map_builders)
        return {**maps, urls.STYLESHEET: stylesheet}

    def source(self, src_uri: str) -> str:
        """What the site generator reads for a generated page: its title, as front matter
        (the body is rendered when the page is)."""
        page = self.pages[src_uri]
        # A JSON string is a valid YAML scalar: any title survives quoting.
        title = json.dumps(page.title, ensure_ascii=False)
        unsearched = "" if page.searchable else "search:\n  exclude: true\n"
        return f"---\ntitle: {title}\n{unsearched}---\n"

    def taken_addresses(self, written: Collection[str]) -> list[str]:
        """The pages of the docs folder (``written``) at the address of a generated page,
        each as a message; a publication's own index page of a section is welcome."""
        return [
            f"{src_uri} in the docs folder takes the address of a generated page; "
            "rename or remove it"
            for src_uri in sorted({*self.pages, *self.permalinks} & set(written))
            if not (src_uri in self.pages and src_uri.endswith("index.md"))
        ]

    def shells(self) -> list[str]:
        """The page shells the site generator renders (see shells.py), sorted."""
        return self._shells

    @cached_property
    def _shells(self) -> list[str]:
        return sorted({urls.shell_page(p, self.directory_urls) for p in self.permalinks})

    def page_body(
        self,
        src_uri: str,
        html: str,
        url_for: UrlFor,
        generated: bool,
        panel: Callable[[str], str] | None = None,
    ) -> tuple[str, ArticleParts | None]:
        """The body of a page as readers get it: a generated page rendered; a writer's
        page (``html`` from its Markdown) sanitised, with its maps; for an introduction
        to a generated page (the home page, an index) that page after it. While the
        publication has errors (a live preview), every page is the list of them.
        And for an article, its header and panel (``panel(src_uri)``, if given: made
        ahead, see ``article_panel``), which go around its body once search has read it
        (see ``ArticleParts``)."""
        if self.problems:
            return self.render_page(src_uri, url_for), None
        if generated:
            return (self.render_page(src_uri, url_for) if src_uri in self.pages else html), None
        written = sanitise_page(html)
        body = self.render_embeds(written, url_for)
        if src_uri in self.pages:  # the writer's introduction to a generated page
            body += _LEADING_HEADING.sub("", self.render_page(src_uri, url_for), count=1)
        if (article := self.articles.get(src_uri)) is None:
            return body, None
        words = word_count(written)
        return body, ArticleParts(
            self.renderer.render_article_header(article, self.graph, url_for, words),
            panel(src_uri) if panel is not None else self.article_panel(src_uri, url_for),
        )

    def article_panel(self, src_uri: str, url_for: UrlFor) -> str:
        """The panel at the end of the article at ``src_uri``. It shows the publication
        alone, not what the site generator makes of the article: a build makes the
        panels in its second process while this one converts the articles."""
        return self.renderer.render_article_panel(self.articles[src_uri], self.graph, url_for)

    def page_markdown(self, markdown: str) -> str:
        """A writer's Markdown as the site generator converts it: none while the page
        shows the problems instead, so that its links and references to the items of a
        publication that did not load are not reported as well."""
        return "" if self.problems else markdown

    def theme_meta(
        self, src_uri: str, meta: Mapping[str, Any], title: str | None
    ) -> dict[str, Any]:
        """A page's metadata as the theme may print it raw: title and description
        (an article's summary, unless it has its own) escaped."""
        article = self.articles.get(src_uri)
        return escaped_for_the_theme(meta, title, article.meta.summary if article else None)

    def sitemap_entries(self) -> str:
        """The sitemap's entries of the pages made from shells (none for a site without
        an address): made beside the site generator, with the pages."""
        if not (site_url := self.settings.url):
            return ""
        return sitemap_entries(site_url, self.directory_urls, frozenset(self.permalinks))

    def finish(self, site_dir: Path, sitemap: str) -> None:
        """Once every page is written: the page shells go, and the sitemap (if the site
        has an address) lists the pages made from them (``sitemap``: their entries)."""
        shutil.rmtree(site_dir / urls.SHELL_ID, ignore_errors=True)
        for shell in self.shells():  # a shell at the top stands beside the folder
            (site_dir / urls.page_file(shell, self.directory_urls)).unlink(missing_ok=True)
        if site_url := self.settings.url:

            def address(src_uri: str) -> str:
                return site_url + urls.page_url(src_uri, self.directory_urls)

            add_to_sitemap(
                site_dir / "sitemap.xml", sitemap, {address(shell) for shell in self.shells()}
            )

    def render_page(self, src_uri: str, url_for: UrlFor) -> str:
        if self.problems:  # a live preview of a publication with errors (see prepare_site)
            return self.renderer.render_problems(self.problems)
        page = self.pages.get(src_uri) or self.permalinks[src_uri]
        return self.renderer.render(page, url_for)

    def sections(self, src_uri: str, body: str, written: str = "") -> Sections:
        """The sections (id and text of their headings) of a generated page that has a
        table of contents, in ``body``; not those of a writer's introduction to it
        (``written``, whose own headings the site generator lists as the writer asked)."""
        page = self.pages.get(src_uri) or self.permalinks.get(src_uri)
        if page is None or not page.table_of_contents or self.problems:
            return ()
        theirs = {id_ for id_, _ in headings(written)}
        return tuple(section for section in headings(body) if section[0] not in theirs)

    def with_head_tags(self, src_uri: str, page_html: str, head: str | None = None) -> str:
        """A page as the site generator wrote it, with what its ``<head>`` tells feed
        readers (``feed_links``), link previews and search engines (``head_tags``, or
        ``head`` if given: made ahead). A page shell gets a marker where each page made
        from it gets its own."""
        tags = self.feed_links.get(src_uri, "")
        if urls.is_shell(src_uri):
            tags += HEAD_MARKER
        else:
            tags += self.head_tags(src_uri) if head is None else head
        return page_html.replace("</head>", tags + "</head>", 1) if tags else page_html

    def head_tags(self, src_uri: str) -> str:
        """A page's Open Graph and Twitter card tags, and an article's schema.org
        ``NewsArticle``; nothing for a page without a description (listings, writers'
        pages other than articles). ``og:url`` only for a site with an address."""
        settings = self.settings
        url = absolute_url(settings, src_uri)
        if (article := self.articles.get(src_uri)) is not None:
            preview = Preview(article.title, plain_text(article.meta.summary), url, "article")
            structured = json_ld(news_article(article, self.graph, settings))
            return preview_tags(preview, settings.name) + structured
        page = self.pages.get(src_uri) or self.permalinks.get(src_uri)
        if page is None or not (description := page.described()):
            return ""
        return preview_tags(Preview(page.title, description, url), settings.name)

    def render_embeds(self, html: str, url_for: UrlFor) -> str:
        """Replace the markers of embedded maps (``[[map:...]]``) with the maps."""
        if EMBED_CLASS not in html:
            return html
        return EMBED_MARKER.sub(
            lambda m: self.renderer.render_embed(m.group(1), self.graph, url_for), html
        )

    def knows_map(self, target: str) -> bool:
        """Whether ``[[map:target]]`` names a map: recent, or a known country or actor."""
        publication = self.graph.publication
        ids = {"country": publication.countries.keys(), "actor": publication.actors.keys()}
        return names_a_map(target, lambda kind, item: item in ids[kind])

    def resolve_reference(self, kind: str, target: str) -> Target | None:
        """The page an in-prose reference links to, or None for an unknown one."""
        key = (kind, target)  # articles name the same actors and incidents again and again
        if key not in self._targets:
            self._targets[key] = self._resolve_reference(kind, target)
        return self._targets[key]

    def _resolve_reference(self, kind: str, target: str) -> Target | None:
        publication, directory_urls = self.graph.publication, self.directory_urls
        if kind == "actor" and target in publication.actors:
            page = urls.actor_page(target)
            return Target(urls.page_url(page, directory_urls), publication.actors[target].name)
        if kind == "country" and target in publication.countries:
            country = publication.countries[target]
            return Target(urls.page_url(urls.country_page(country), directory_urls), country.name)
        if kind == "incident" and target in publication.incidents:
            incident = publication.incidents[target]
            page = urls.incident_page(target)
            title = f"{incident.location}, {long_date(incident.date)}"
            return Target(urls.page_url(page, directory_urls), title)
        return None


@dataclass(frozen=True)
class ArticleParts:
    """What an article shows around its writer's text: its header (when, by whom, about
    which countries) and its panel (what the analysis rests on). Search finds an article
    by its own words, so they are added once search has read the page (``around``)."""

    header: str
    panel: str

    def around(self, body: str) -> str:
        """The article's body with its header under its title (after the body's first
        ``<h1>``, or first of all when the body has none: the theme then puts the title
        above it), and its panel at the end."""
        end = body.find("</h1>")
        if end < 0:
            return self.header + body + self.panel
        end += len("</h1>")
        return f"{body[:end]}\n{self.header}{body[end:]}{self.panel}"


def check_publication(root: Path, layout: Layout = DEFAULT_LAYOUT) -> list[Problem]:
    """Every problem of the publication at ``root``, sorted: what ``validate`` reports."""
    return _checked(root, layout)[1]


def _checked(
    root: Path, layout: Layout, places: Callable[[], Places] | None = None
) -> tuple[Publication, list[Problem]]:
    """The publication loaded, each item checked, then the whole; every problem, sorted.
    ``places``: the incidents' points placed ahead (see ``prepare_site``)."""
    # Millions of small objects and no cycles: the cycle collector would walk them again
    # and again for nothing (a third of the time at 20,000 incidents).
    with collector.paused():
        publication, problems = load_publication(root, layout)
        problems += rules.check(publication, places)
    return publication, sorted(set(problems))


def prepare_site(
    root: Path,
    templates_dir: Path | None = None,
    layout: Layout = DEFAULT_LAYOUT,
    *,
    settings: SiteSettings = DEFAULT_SETTINGS,
    tiles: Tiles | None = OPENSTREETMAP,
    preview: bool = False,
    download_rows: Rows | None = None,
    renderer: PageRenderer | None = None,
    places: Callable[[], Places] | None = None,
) -> Site:
    """Load, check and link the publication; raise ``ContentError`` listing every error.

    ``templates_dir``: the publication's template overrides, if any (see render.py).
    ``preview``: for a live preview, which must keep answering while a writer fixes a
    mistake: instead of raising, a site of no items whose every page lists the errors
    and warnings (``Site.problems``). No items rather than the last good build: nothing
    stale looks current, and a preview started on a broken publication works too.
    ``download_rows``: the downloads' rows of the preview's last build, to reuse.
    ``renderer``: the preview's, kept from build to build with its templates.
    ``places``: where the incidents' points stand against their countries' borders,
    worked out in another process (see ahead.py), asked for once the items are loaded;
    any point not among them is placed here."""
    watch = progress.Stopwatch()
    PARSED_FILES.keeps_items = preview  # for the next load: the live preview's only
    try:
        publication, problems = _checked(root, layout, places)
    finally:
        PARSED_FILES.keeps_items = True
    progress.loaded(publication, problems, watch.lap())
    errors = any(p.severity is Severity.ERROR for p in problems)
    if errors and not preview:
        raise ContentError(problems)
    if not preview:  # nothing to show from the files now: their memory goes to the pages
        PARSED_FILES.release()
    if errors:
        shown = [p for p in problems if p.severity is not Severity.INFO]
        publication, problems = Publication(root=root), []
    else:
        shown = []
    graph = build_graph(publication)
    progress.linked(graph, watch.lap())
    if renderer is None:
        renderer = PageRenderer(templates_dir, directory_urls=settings.directory_urls)
    renderer.forget_rows()
    downloads = Downloads(
        graph,
        settings.url,
        directory_urls=settings.directory_urls,
        include_imported=settings.downloads_include_imported,
        # Not the empty site's: the rows of the publication are still good for its fix.
        rows=None if shown else download_rows,
    )
    pages: dict[str, GeneratedPage] = {}
    permalinks: dict[str, GeneratedPage] = {}
    for page in site_pages(graph, downloads, settings):
        if page.src_uri in pages or page.src_uri in permalinks:  # the checks prevent it
            raise ContentError(
                [Problem("", 0, 0, "", f"two generated pages would share {page.src_uri}")]
            )
        (permalinks if page.from_shell else pages)[page.src_uri] = page
    progress.generated([*pages.values(), *permalinks.values()], watch.lap())
    return Site(
        graph=graph,
        pages=pages,
        permalinks=permalinks,
        articles={a.src_uri: a for a in publication.articles},
        drafts={a.src_uri for a in publication.drafts},
        renderer=renderer,
        notices=problems,
        downloads=downloads,
        settings=settings,
        tiles=tiles,
        problems=shown,
        page_references={
            path.removeprefix(f"{layout.content_dir}/"): references
            for path, references in publication.page_references.items()
        },
    )
