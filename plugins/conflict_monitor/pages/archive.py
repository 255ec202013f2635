"""The analysis archive: the latest articles, every year's, every tag's and every
country's, in pages of ``PAGE_SIZE`` so that each stays light however many there are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from .. import urls
from ..graph import Graph
from ..model import Article
from ..slugs import slugify
from .generated import GeneratedPage

PAGE_SIZE = 25  # articles on a page of a listing
LATEST = 10  # articles on a country's own page


@dataclass(frozen=True)
class Tag:
    """A tag as readers see it, with the page of its articles."""

    name: str  # as the first article (newest) writes it
    slug: str
    articles: list[Article]

    @property
    def page(self) -> str:
        return urls.tag_page(self.slug)


def tags(graph: Graph) -> list[Tag]:
    """Every tag of the published articles, A-Z; tags written differently but giving the
    same address (``Border``, ``border``) are one."""
    by_slug: dict[str, list[Article]] = defaultdict(list)
    names: dict[str, str] = {}
    for article in graph.articles:  # newest first
        for tag in dict.fromkeys(article.meta.tags):
            slug = slugify(tag)
            if slug and article not in by_slug[slug]:
                names.setdefault(slug, tag)
                by_slug[slug].append(article)
    return sorted(
        (Tag(names[slug], slug, found) for slug, found in by_slug.items()),
        key=lambda tag: tag.name.casefold(),
    )


def by_year(articles: list[Article]) -> dict[int, list[Article]]:
    """Articles (newest first) by year, newest year first."""
    years: dict[int, list[Article]] = defaultdict(list)
    for article in articles:
        years[article.meta.date.year].append(article)
    return dict(sorted(years.items(), reverse=True))


def pages(graph: Graph) -> list[GeneratedPage]:
    """The archive's index, a listing per year, per tag (and the tags' index) and per
    country, each in pages of ``PAGE_SIZE``."""
    years = by_year(graph.articles)
    all_tags = tags(graph)
    made = [
        GeneratedPage(
            urls.ARTICLE_INDEX,
            "Analysis",
            "articles_index.html",
            {
                "articles": graph.articles[:PAGE_SIZE],
                "total": len(graph.articles),
                "years": [(y, len(a), urls.article_year_page(y)) for y, a in years.items()],
                "tags": all_tags,
            },
            table_of_contents=True,
        ),
        GeneratedPage(
            urls.TAG_INDEX, "Topics", "tags_index.html", {"tags": all_tags}, searchable=False
        ),
    ]
    for year, articles in years.items():
        made += listing(articles, urls.article_year_page(year), f"Analysis of {year}")
    for tag in all_tags:
        # Titled as the index of topics and the articles' headers name them.
        made += listing(tag.articles, tag.page, f"Topic: {tag.name}", topics=urls.TAG_INDEX)
    for country in graph.countries:
        about = graph.articles_by_country.get(country.iso3, [])
        if about:
            made += listing(
                about, urls.country_articles_page(country), f"Analysis of {country.name}"
            )
    return made


def listing(
    articles: list[Article],
    first: str,
    title: str,
    size: int = PAGE_SIZE,
    topics: str | None = None,
) -> list[GeneratedPage]:
    """A listing in pages: the first at ``first``, the others at ``.../page/<n>/``; a
    topic's links to the index of ``topics``."""
    count = max(1, -(-len(articles) // size))
    page_src = partial(urls.paged, first)
    return [
        GeneratedPage(
            page_src(number),
            title if number == 1 else f"{title} (page {number} of {count})",
            "articles_listing.html",
            # Many and alike, like the incident pages: written from a page shell.
            from_shell=True,
            searchable=False,
            context={
                "heading": title,
                "articles": articles[(number - 1) * size : number * size],
                "total": len(articles),
                "number": number,
                "pages": [page_src(n) for n in range(1, count + 1)],
                "archive": urls.ARTICLE_INDEX,
                "topics": topics,
            },
        )
        for number in range(1, count + 1)
    ]
