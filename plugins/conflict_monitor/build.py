"""One build of a publication, independent of any site generator.

``Site`` holds what a build needs once: the checked publication, its link graph,
the pages it generates and the renderer. A site generator adapter (MkDocs,
ProperDocs) creates one per build and asks it to render pages by path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .graph import Graph, build_graph
from .pages import GeneratedPage, site_pages
from .problems import ContentError, Problem, Severity
from .publication import DEFAULT_LAYOUT, Article, Layout, load_publication
from .render import PageRenderer, UrlFor


@dataclass
class Site:
    graph: Graph
    pages: dict[str, GeneratedPage]  # by docs-folder path
    articles: dict[str, Article]  # published articles by docs-folder path
    drafts: set[str]  # docs-folder paths of draft articles
    renderer: PageRenderer
    notices: list[Problem]  # warnings and information, sorted

    def render_page(self, src_uri: str, url_for: UrlFor) -> str:
        return self.renderer.render(self.pages[src_uri], url_for)

    def render_article_panel(self, src_uri: str, url_for: UrlFor) -> str:
        return self.renderer.render_article_panel(self.articles[src_uri], self.graph, url_for)


def check_publication(root: Path, layout: Layout = DEFAULT_LAYOUT) -> list[Problem]:
    """Every problem of the publication at ``root``, sorted: what ``validate`` reports."""
    return load_publication(root, layout)[1]


def prepare_site(root: Path, templates_dir: Path, layout: Layout = DEFAULT_LAYOUT) -> Site:
    """Load, check and link the publication; raise ``ContentError`` listing every error."""
    publication, problems = load_publication(root, layout)
    if any(p.severity is Severity.ERROR for p in problems):
        raise ContentError(problems)
    graph = build_graph(publication)
    renderer = PageRenderer(templates_dir)
    return Site(
        graph=graph,
        pages={page.src_uri: page for page in site_pages(graph)},
        articles={a.src_uri: a for a in publication.articles},
        drafts={a.src_uri for a in publication.drafts},
        renderer=renderer,
        notices=problems,
    )
