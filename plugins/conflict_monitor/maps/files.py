"""Every file the maps need in the site: libraries, map code, outlines and incident data."""

from __future__ import annotations

from pathlib import Path

from .. import urls
from ..graph import Graph
from ..model import Incident
from .data import MapValues, map_data
from .tiles import Tiles

ASSETS = Path(__file__).resolve().parent.parent / "assets"
RECENT = 50  # incidents on the home page's map and in its table

# Served from the site itself, in this order (stylesheets, then scripts).
STYLESHEETS = ("leaflet.css", "MarkerCluster.css", "MarkerCluster.Default.css")
SCRIPTS = ("leaflet.js", "leaflet.markercluster.js", "map.js", "maps.js")
LICENCES = ("leaflet.LICENSE", "leaflet.markercluster.LICENSE", "VERSIONS")
# What every page loads: the map libraries and code, and the generated pages' styles.
PAGE_STYLESHEETS = [*(urls.map_asset(name) for name in STYLESHEETS), urls.STYLESHEET]
PAGE_SCRIPTS = [urls.map_asset(name) for name in SCRIPTS]


def map_builders(tiles: Tiles | None) -> str:
    """``maps.js``: each kind of map's builder, made with Folium. Imported here, when the
    builders are made, not with the plugin: a build makes them in its second process
    while the publication is checked, and its own process never waits for Folium."""
    from .builders import builders_script

    return builders_script(tiles)


def static_assets(tiles: Tiles | None, builders: str | None = None) -> dict[str, str | Path]:
    """Site path -> file on disk or generated text, for the map code and libraries;
    ``builders``: ``maps.js``, if made already (see ``map_builders``)."""
    files: dict[str, str | Path] = {}
    for name in STYLESHEETS + LICENCES + ("leaflet.js", "leaflet.markercluster.js"):
        files[urls.map_asset(name)] = ASSETS / "vendor" / name
    files[urls.map_asset("map.js")] = ASSETS / "map.js"
    files[urls.map_asset("maps.js")] = builders if builders is not None else map_builders(tiles)
    # Country outlines, drawn under the tiles of every map (what a reader sees when the
    # tile host is blocked) and as the only base with `map_tiles: none`.
    files[urls.map_asset("world-110m.geojson")] = ASSETS / "world-110m.geojson"
    files[urls.map_asset("world-atlas.LICENSE")] = ASSETS / "world-atlas.LICENSE"
    return files


def data_files(graph: Graph, directory_urls: bool = True) -> dict[str, str]:
    """Site path -> JSON of the incidents each map shows, linking incident pages from
    where the file stands: every map data file at once (a build writes them one at a
    time: ``build.MapFiles``)."""
    made: MapValues = {}
    return {
        path: data_file(graph, path, incidents, directory_urls, made)
        for path, incidents in shown_incidents(graph).items()
    }


def data_file(
    graph: Graph,
    path: str,
    incidents: list[Incident],
    directory_urls: bool,
    made: MapValues | None = None,
) -> str:
    """The JSON of the map data file at ``path`` (of ``shown_incidents``). ``made``: the
    incidents' values made for the other files of ``graph`` (see ``MapData.as_json``)."""
    incident_url = urls.incident_url_pattern(path, directory_urls)
    return map_data(incidents, graph.actor_names).as_json(incident_url, made)


def data_paths(graph: Graph) -> list[str]:
    """The site paths of the map data files, known before any is made."""
    return list(shown_incidents(graph))


def data_inputs(graph: Graph) -> dict[str, object]:
    """Site path of each map data file -> what it is made from."""
    names = graph.actor_names
    return {path: (incidents, names) for path, incidents in shown_incidents(graph).items()}


def shown_incidents(graph: Graph) -> dict[str, list[Incident]]:
    """Site path of each map data file -> the incidents its maps show."""
    shown = {}
    for country in graph.countries:
        shown[urls.country_map_data(country)] = graph.incidents_by_country.get(country.iso3, [])
    for actor in graph.actors:
        shown[urls.actor_map_data(actor.id)] = graph.incidents_by_actor.get(actor.id, [])
    shown[urls.RECENT_MAP_DATA] = graph.incidents[:RECENT]
    return shown
