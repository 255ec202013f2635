"""What an article shows beyond its writer's text, and what search engines read of it:
the header under its title, and its schema.org ``NewsArticle``.

The panel at the end (countries, actors, incidents, corrections) is rendered by
``PageRenderer.render_article_panel``; the header links to its corrections log.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from .. import urls
from ..graph import Graph
from ..model import Article, SiteSettings
from ..prose.html import plain_text
from ..slugs import slugify

WORDS_PER_MINUTE = 200
_TAG = re.compile(r"<[^>]*>")


def word_count(html: str) -> int:
    """The words a reader reads in a sanitised page body (no scripts, styles, comments)."""
    return len(unescape(_TAG.sub(" ", html)).split())


def reading_minutes(words: int) -> int:
    """Minutes to read ``words``: at 200 words a minute, rounded, at least one."""
    return max(1, (words + WORDS_PER_MINUTE // 2) // WORDS_PER_MINUTE)


def header_context(article: Article, graph: Graph, words: int) -> dict[str, Any]:
    """What ``article_header.html`` shows under the article's title."""
    meta = article.meta
    return {
        "article": article,
        # Author records (linked to their pages) where the publication lists its authors
        # in data/authors.yaml; else the names as written.
        "authors": graph.bylines(article),
        "countries": [graph.country(c) for c in meta.countries],
        "reading_minutes": reading_minutes(words),
        # Each tag with the page of its articles (see archive.py).
        "tags": [(tag, urls.tag_page(slug)) for tag in meta.tags if (slug := slugify(tag))],
        "last_correction": max((c.date for c in meta.corrections), default=None),
    }


def absolute_url(settings: SiteSettings, src_uri: str) -> str | None:
    """The permanent address of the page at ``src_uri``; None for a site without one."""
    if not settings.url:
        return None
    return settings.url + urls.page_url(src_uri, settings.directory_urls)


def news_article(article: Article, graph: Graph, settings: SiteSettings) -> dict[str, Any]:
    """schema.org ``NewsArticle``: headline, dates, authors, description, address,
    publisher, and the countries it is about. Addresses only when the site has one."""
    meta = article.meta
    modified = max([meta.date, meta.updated or meta.date, *(c.date for c in meta.corrections)])
    authors = [
        {"@type": "Person", "name": author}
        if isinstance(author, str)
        else _with_url(
            {"@type": "Person", "name": author.name},
            absolute_url(settings, urls.author_page(author.id)),
        )
        for author in graph.bylines(article)
    ]
    publisher = _with_url({"@type": "Organization", "name": settings.name}, settings.url)
    countries = [graph.country(iso3) for iso3 in meta.countries]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": meta.title,
        "description": plain_text(meta.summary),
        "datePublished": meta.date.isoformat(),
        "dateModified": modified.isoformat(),
        # An article without a byline is the publication's own.
        "author": authors or [publisher],
        "publisher": publisher,
        "inLanguage": settings.language,
    }
    if address := absolute_url(settings, article.src_uri):
        data["url"] = address
        data["mainEntityOfPage"] = address
    if countries:
        data["about"] = [
            _with_url(
                {"@type": "Country", "name": c.name}, absolute_url(settings, urls.country_page(c))
            )
            for c in countries
        ]
        data["contentLocation"] = [{"@type": "Country", "name": c.name} for c in countries]
    return data


def _with_url(thing: dict[str, Any], url: str | None) -> dict[str, Any]:
    return {**thing, "url": url} if url else thing
