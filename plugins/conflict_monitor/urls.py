"""Where each generated page lives, as a path in the docs folder (``countries/afghanistan.md``).

These paths become the spec's permanent public URLs: ``/countries/<slug>/``,
``/actors/<id>/``, ``/incidents/<id>/``. The site generator turns a path into a URL
(with ``use_directory_urls`` on or off); the core only names the page.
"""

from __future__ import annotations

from .permalinks import SHELL_ID
from .publication import CountryEntry

COUNTRY_INDEX = "countries/index.md"
ACTOR_INDEX = "actors/index.md"
ARTICLE_INDEX = "articles/index.md"


def country_page(country: CountryEntry) -> str:
    return f"countries/{country.slug}.md"


def actor_page(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


def incident_page(incident_id: str) -> str:
    return f"incidents/{incident_id}.md"


def country_year_page(country: CountryEntry, year: int) -> str:
    return f"countries/{country.slug}/{year}.md"


def actor_year_page(actor_id: str, year: int) -> str:
    return f"actors/{actor_id}/{year}.md"


def shell_page(src_uri: str) -> str:
    """The page shell for pages at the depth of ``src_uri`` (see permalinks.py)."""
    return "/".join([SHELL_ID] * (src_uri.count("/") + 1)) + ".md"


# Map data and code, in the site (see maps/).
MAP_ASSETS = "assets/conflict-monitor"
RECENT_MAP_DATA = "assets/maps/recent.json"


def country_map_data(country: CountryEntry) -> str:
    return f"assets/maps/countries/{country.slug}.json"


def actor_map_data(actor_id: str) -> str:
    return f"assets/maps/actors/{actor_id}.json"
