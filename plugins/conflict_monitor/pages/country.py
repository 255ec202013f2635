"""A page per country: what is happening there, its incidents, articles and active actors."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any

from ..graph import Graph
from ..model import Incident
from ..prose.html import plain_text
from ..urls import (
    DATA_PAGE,
    country_articles_page,
    country_download,
    country_feed,
    country_map_data,
    country_page,
    country_year_page,
)
from .generated import GeneratedPage
from .listing import LATEST, year_pages
from .trend import chart, monthly

NO_PROVINCE = "Province not given"
LATEST_ARTICLES = 10  # the rest are on the country's listing of analysis


def pages(
    graph: Graph, feeds: bool, downloadable: Callable[[Incident], bool]
) -> list[GeneratedPage]:
    """Each country's page and its listings by year; ``feeds``: the site has feeds;
    ``downloadable``: whether an incident is in the data downloads."""
    result = []
    for entry in graph.countries:
        incidents = graph.incidents_by_country.get(entry.iso3, [])
        years, listing = year_pages(
            incidents, partial(country_year_page, entry), entry.name, country_page(entry)
        )
        months = monthly(incidents)
        articles = graph.articles_by_country.get(entry.iso3, [])
        context = {
            "country": entry,
            "map_src": country_map_data(entry),
            "incidents": incidents[:LATEST],
            "incident_count": len(incidents),
            "fatalities": sum(i.fatalities for i in incidents),
            "by_event_type": sorted(Counter(i.event_type for i in incidents).items()),
            "by_province": sorted(
                Counter(i.admin1 or NO_PROVINCE for i in incidents).items(),
                key=lambda pair: (-pair[1], pair[0]),
            ),
            "months": months,
            "trend": chart(months),
            "years": years,
            "articles": articles[:LATEST_ARTICLES],
            "article_count": len(articles),
            "articles_page": country_articles_page(entry),
            "actors": graph.actors_by_country.get(entry.iso3, []),
            "downloads": {
                "csv": country_download(entry, "csv"),
                "geojson": country_download(entry, "geojson"),
                "rows": sum(map(downloadable, incidents)),
            },
            "data_page": DATA_PAGE,
            "feed": country_feed(entry) if feeds else None,
        }
        result.append(
            GeneratedPage(
                country_page(entry),
                entry.name,
                "country.html",
                context,
                description=partial(plain_text, entry.country.summary),
                from_shell=True,
                table_of_contents=True,
                made_from=partial(_made_from, context),
            )
        )
        result.extend(listing)
    return result


def _made_from(context: dict[str, Any]) -> object:
    """What a country's page is made from: what it shows, but of its active actors only
    their ids and names (all country.html shows of them)."""
    actors = [(actor.id, actor.name, count) for actor, count in context["actors"]]
    return {**context, "actors": actors}
