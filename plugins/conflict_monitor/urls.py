"""Every public address of the site, in one place.

Pages are named by their path in the docs folder (``countries/afghanistan.md``), as
the site generator names them; ``page_url`` gives the address readers see:
``/countries/<slug>/``, ``/actors/<id>/``, ``/incidents/<id>/`` (or ``.html`` pages
when the site does not use directory URLs). These addresses are permanent: a
published link must never break.
"""

from __future__ import annotations

import posixpath

from .model import CountryEntry

# The index pages of each kind.
COUNTRY_INDEX = "countries/index.md"
ACTOR_INDEX = "actors/index.md"
ARTICLE_INDEX = "articles/index.md"
AUTHOR_INDEX = "authors/index.md"  # only when the publication has data/authors.yaml


def country_page(country: CountryEntry) -> str:
    return f"countries/{country.slug}.md"


def actor_page(actor_id: str) -> str:
    return f"actors/{actor_id}.md"


def incident_page(incident_id: str) -> str:
    return f"incidents/{incident_id}.md"


def author_page(author_id: str) -> str:
    return f"authors/{author_id}.md"


HOME = "index.md"
TAG_INDEX = "tags/index.md"


def paged(first: str, number: int) -> str:
    """Page ``number`` of a listing whose first page is ``first`` (an ``index.md``):
    ``articles/2021/index.md``, then ``articles/2021/page/2.md``."""
    if number == 1:
        return first
    return f"{posixpath.dirname(first)}/page/{number}.md"


def article_year_page(year: int) -> str:
    """The archive of a year's articles: ``/articles/<year>/``."""
    return f"articles/{year}/index.md"


def tag_page(tag_slug: str) -> str:
    """The articles with a tag: ``/tags/<slug>/``."""
    return f"tags/{tag_slug}/index.md"


def country_articles_page(country: CountryEntry) -> str:
    """Every article about a country: ``/countries/<slug>/articles/``."""
    return f"countries/{country.slug}/articles/index.md"


def country_year_page(country: CountryEntry, year: int) -> str:
    return f"countries/{country.slug}/{year}.md"


def actor_year_page(actor_id: str, year: int) -> str:
    return f"actors/{actor_id}/{year}.md"


# Page shells: rendered by the theme once per folder depth, then filled in for every
# incident page and year listing at that depth (see build/shells.py). Never published.
SHELL_ID = "cm-page-shell"


def shell_page(src_uri: str, directory_urls: bool = True) -> str:
    """The page shell for pages at the depth of ``src_uri``'s address: the shell is a
    page ``cm-page-shell/.../cm-page-shell.md``, and a section's ``index.md`` stands
    one folder higher than a page beside it (``articles/`` and ``articles/x/``)."""
    index = directory_urls and src_uri.rsplit("/", 1)[-1] == "index.md"
    return "/".join([SHELL_ID] * (src_uri.count("/") + (0 if index else 1))) + ".md"


def is_shell(src_uri: str) -> bool:
    """Whether ``src_uri`` is a page shell (at any depth), never a page of the site."""
    return src_uri.split("/", 1)[0].removesuffix(".md") == SHELL_ID


# The data page, the downloads and the feeds.
DATA_PAGE = "downloads.md"  # /downloads/
INCIDENTS_CSV = "downloads/incidents.csv"
INCIDENTS_GEOJSON = "downloads/incidents.geojson"
SITE_FEED = "feed.xml"


def country_download(country: CountryEntry, extension: str) -> str:
    """``downloads/<slug>.csv`` or ``.geojson``."""
    return f"downloads/{country.slug}.{extension}"


def country_feed(country: CountryEntry) -> str:
    """``feed-<slug>.xml``: at the top, beside the site's feed. The theme (Material)
    looks for a sitemap beside every ``<link rel="alternate">`` of a page; there is
    one only at the top."""
    return f"feed-{country.slug}.xml"


# Files of the site that are not pages.
STYLESHEET = "assets/conflict-monitor.css"  # the generated pages' styles
MAP_ASSETS = "assets/conflict-monitor"  # map libraries and code
RECENT_MAP_DATA = "assets/maps/recent.json"


# The live preview's problems, shown over the last build without errors (see preview.py).
PREVIEW_SCRIPT = "assets/conflict-monitor/preview.js"
PREVIEW_PROBLEMS = "assets/conflict-monitor/problems.html"


def map_asset(name: str) -> str:
    """A map library, its licence, or the map code: ``assets/conflict-monitor/<name>``."""
    return f"{MAP_ASSETS}/{name}"


def country_map_data(country: CountryEntry) -> str:
    return f"assets/maps/countries/{country.slug}.json"


def actor_map_data(actor_id: str) -> str:
    return f"assets/maps/actors/{actor_id}.json"


# From a page's path to its address.


def address(src_uri: str) -> str:
    """A page's path without its extension: ``incidents/<id>``."""
    return posixpath.splitext(src_uri)[0]


def page_file(src_uri: str, directory_urls: bool) -> str:
    """The file a page is written to in the built site: ``incidents/<id>/index.html``."""
    stem = address(src_uri)
    if posixpath.basename(stem) == "index":
        return f"{stem}.html"
    return f"{stem}/index.html" if directory_urls else f"{stem}.html"


def page_url(src_uri: str, directory_urls: bool) -> str:
    """A page's address from the site's root, as readers see it: ``incidents/<id>/``."""
    written = page_file(src_uri, directory_urls)
    return written.removesuffix("index.html") if directory_urls else written


def relative_url(target: str, source: str) -> str:
    """``target`` (an address from the site's root) as a link from ``source``: up from
    the source's folder to the folders they share, then down to the target (the
    addresses are the site's own: no ``..`` in them to resolve)."""
    folder = source if source.endswith("/") else source.rpartition("/")[0]
    up, down = folder.split("/"), target.split("/") if target else []
    if up[-1] == "":
        up.pop()
    shared = 0
    for step, other in zip(up, down, strict=False):
        if step != other:
            break
        shared += 1
    link = "/".join([".."] * (len(up) - shared) + down[shared:])
    if link.endswith("/") or not target.endswith("/"):
        return link or "."
    return (link or ".") + "/"


def incident_url_pattern(source: str, directory_urls: bool) -> str:
    """The link to any incident page from ``source``, with ``{id}`` for the incident's id
    (what map data and map code fill in)."""
    return relative_url(page_url(incident_page("{id}"), directory_urls), source)
