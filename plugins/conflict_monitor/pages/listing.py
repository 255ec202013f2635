"""Incidents split by year: a page stays light however long the record grows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ..model import Incident
from .generated import GeneratedPage

LATEST = 50  # incidents shown on a country's or actor's own page


def by_year(incidents: list[Incident]) -> dict[int, list[Incident]]:
    """Incidents (newest first) grouped by year, newest year first."""
    years: dict[int, list[Incident]] = defaultdict(list)
    for incident in incidents:
        years[incident.date.year].append(incident)
    return dict(sorted(years.items(), reverse=True))


def year_pages(
    incidents: list[Incident], src_uri: Callable[[int], str], owner_title: str, owner_page: str
) -> tuple[list[tuple[int, int, str]], list[GeneratedPage]]:
    """One page per year of a country's or actor's incidents; and (year, count, page)."""
    links = []
    pages = []
    for year, incidents_of_year in by_year(incidents).items():
        page_src = src_uri(year)
        links.append((year, len(incidents_of_year), page_src))
        pages.append(
            GeneratedPage(
                page_src,
                f"{owner_title}: incidents in {year}",
                "incidents_year.html",
                {
                    "owner_title": owner_title,
                    "owner_page": owner_page,
                    "year": year,
                    "incidents": incidents_of_year,
                },
                from_shell=True,
                searchable=False,
            )
        )
    return links, pages
