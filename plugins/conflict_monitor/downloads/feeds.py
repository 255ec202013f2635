"""Atom feeds of the analysis: one for the whole publication, one per country (an
article is in the feed of each country it covers). Made with feedgen."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Collection, Iterable

from .. import urls
from ..graph import Graph
from ..model import Article, CountryEntry
from ..prose.html import markdown_to_html

FEED_LENGTH = 50  # the latest articles in each feed
FEED_TYPE = "application/atom+xml"


def feed_paths(graph: Graph) -> list[str]:
    """The site paths of every feed, known before any is made."""
    return [urls.SITE_FEED, *(urls.country_feed(c) for c in graph.countries)]


def feeds(
    graph: Graph,
    site_name: str,
    site_url: str,
    *,
    directory_urls: bool = True,
    language: str = "en",
    only: Collection[str] | None = None,
) -> dict[str, str]:
    """Site path -> Atom XML of every feed. ``site_url`` is the site's address, with its
    trailing slash: feed readers need absolute links. ``only``: just these paths."""

    def absolute(src_uri: str) -> str:
        return site_url + urls.page_url(src_uri, directory_urls)

    def bylines(article: Article) -> list[dict[str, str]]:
        """Authors listed in data/authors.yaml with their page; else names as written."""
        return [
            {"name": a}
            if isinstance(a, str)
            else {"name": a.name, "uri": absolute(urls.author_page(a.id))}
            for a in graph.bylines(article)
        ]

    made = {}
    for path, (country, articles) in _feeds(graph).items():
        if only is not None and path not in only:
            continue
        title = site_name if country is None else f"{site_name}: {country.name}"
        page = site_url if country is None else absolute(urls.country_page(country))
        made[path] = _feed(
            title, page, site_url + path, articles, absolute, bylines, language, site_name
        )
    return made


def feed_inputs(graph: Graph) -> dict[str, object]:
    """Site path of each feed -> what it is made from."""
    return {
        path: (country, latest := articles[:FEED_LENGTH], [graph.bylines(a) for a in latest])
        for path, (country, articles) in _feeds(graph).items()
    }


def _feeds(graph: Graph) -> dict[str, tuple[CountryEntry | None, list[Article]]]:
    """Site path of each feed -> its country (None: the site's) and its articles."""
    made: dict[str, tuple[CountryEntry | None, list[Article]]] = {
        urls.SITE_FEED: (None, graph.articles)
    }
    for country in graph.countries:
        made[urls.country_feed(country)] = (
            country,
            graph.articles_by_country.get(country.iso3, []),
        )
    return made


def _feed(
    title: str,
    page: str,
    address: str,
    articles: Iterable[Article],
    absolute: Callable[[str], str],
    bylines: Callable[[Article], list[dict[str, str]]],
    language: str,
    publisher: str,
) -> str:
    # Imported here: feeds are made in the build's second process, and feedgen brings lxml
    # (a hundredth of a second at the start of every build otherwise).
    from feedgen.feed import FeedGenerator

    latest = list(articles)[:FEED_LENGTH]  # newest first
    feed = FeedGenerator()
    feed.id(address)
    feed.title(title)
    feed.link(href=page, rel="alternate", type="text/html")
    feed.link(href=address, rel="self", type=FEED_TYPE)
    feed.language(language)
    feed.author(name=publisher)  # for the articles that name no author
    feed.updated(max((_updated(a) for a in latest), default=_no_article_yet()))
    for article in latest:
        entry = feed.add_entry(order="append")
        entry.id(absolute(article.src_uri))
        entry.title(article.meta.title)
        entry.link(href=absolute(article.src_uri), rel="alternate", type="text/html")
        entry.summary(str(markdown_to_html(article.meta.summary)), type="html")
        entry.published(_midnight(article.meta.date))
        entry.updated(_updated(article))
        for author in bylines(article):
            entry.author(**author)
    return str(feed.atom_str(pretty=True).decode("utf-8"))


def _updated(article: Article) -> dt.datetime:
    return _midnight(article.meta.updated or article.meta.date)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _no_article_yet() -> dt.datetime:
    """The date of a feed with no article: the build's, as reproducible builds set it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "0")
    return dt.datetime.fromtimestamp(int(epoch) if epoch.isdigit() else 0, tz=dt.UTC)
