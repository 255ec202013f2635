"""The data page (``/downloads/``): every download with its size and rows, the licence,
how to cite the data, and a schema.org ``Dataset`` for dataset search engines."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import urls
from ..downloads.incidents import Downloads
from ..model import SiteSettings
from .generated import GeneratedPage

TITLE = "Data"


def pages(downloads: Downloads, settings: SiteSettings) -> list[GeneratedPage]:
    """The data page; its sizes and counts are those of the files, so it is made (from a
    page shell, see build/shells.py) when and where they are."""

    def shown() -> Mapping[str, Any]:
        return {
            "downloads": downloads.all,
            "settings": settings,
            "citation": citation(settings),
            "dataset": dataset(settings, downloads),
        }

    def made_from() -> object:  # the downloads are costly to make just to compare them
        return downloads.inputs(), settings

    page = GeneratedPage(
        urls.DATA_PAGE,
        TITLE,
        "downloads.html",
        shown,
        from_shell=True,
        searchable=False,
        table_of_contents=True,
        made_from=made_from,
    )
    return [page]


def citation(settings: SiteSettings) -> str:
    """How to cite the data, in a form any style guide can be fitted to."""
    page = urls.page_url(urls.DATA_PAGE, settings.directory_urls)
    where = f", {settings.url}{page}" if settings.url else ""
    return f"{settings.name}, incident data{where}, licensed under {settings.data_licence}."


def dataset(settings: SiteSettings, downloads: Downloads) -> dict[str, Any]:
    """schema.org ``Dataset``: name, licence, coverage in time and space, each file."""
    site = settings.url or "/"
    offered = list(filter(downloads.offers, downloads.graph.incidents))
    dates = [i.date for i in offered] + [i.date_end for i in offered if i.date_end]
    described: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{settings.name}: incidents",
        "description": (
            f"Incidents of armed conflict and political violence recorded by {settings.name}: "
            f"date, place, actors, fatalities and sources of {len(offered)} incidents."
        ),
        "url": site + urls.page_url(urls.DATA_PAGE, settings.directory_urls),
        "license": settings.data_licence_url,
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": settings.name, "url": site},
        "spatialCoverage": [
            {"@type": "Place", "name": download.name}
            for download in downloads.all[1:]
            if download.rows
        ],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f"{download.name} ({file.format})",
                "encodingFormat": file.media_type,
                "contentUrl": site + file.path,
                "contentSize": f"{file.size} B",
            }
            for download in downloads.all
            if download.rows  # a country's files with no incident are not offered
            for file in download.files
        ],
    }
    if dates:
        described["temporalCoverage"] = f"{min(dates).isoformat()}/{max(dates).isoformat()}"
    return described
