"""The home page: the latest analysis, the map of recent incidents, the covered
countries with their latest counts, and the way to the data, the method and the
feeds. Made from the data at every build; a writer's ``content/index.md`` stays on
top of it as an introduction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from itertools import takewhile
from typing import Any

from .. import urls
from ..graph import Graph
from ..model import Incident, SiteSettings
from .generated import GeneratedPage
from .render import embed_context

LATEST = 10  # analyses on the home page
RECENT_DAYS = 30


def pages(graph: Graph, settings: SiteSettings) -> list[GeneratedPage]:
    def shown() -> Mapping[str, Any]:
        # "Recent" counts from the newest incident, not from the day of the build: the
        # same data always gives the same page.
        until = graph.incidents[0].date if graph.incidents else None
        since = until - dt.timedelta(days=RECENT_DAYS - 1) if until else None
        return {
            "articles": graph.articles[:LATEST],
            "more_articles": len(graph.articles) > LATEST,
            "recent": embed_context("recent", graph),
            "until": until,
            "countries": [
                (country, _since(found, since), len(found))
                for country in graph.countries
                for found in [graph.incidents_by_country.get(country.iso3, [])]
            ],
            "methodology": "methodology.md" in graph.publication.writer_pages,
            "feed": urls.SITE_FEED if settings.url else None,
            "data_page": urls.DATA_PAGE,
            "archive": urls.ARTICLE_INDEX,
            "recent_days": RECENT_DAYS,
        }

    return [GeneratedPage(urls.HOME, "Home", "home.html", shown, table_of_contents=True)]


def _since(newest_first: list[Incident], day: dt.date | None) -> int:
    """How many of the incidents (newest first) happened on ``day`` or after."""
    if day is None:
        return 0
    return sum(1 for _ in takewhile(lambda incident: incident.date >= day, newest_first))
