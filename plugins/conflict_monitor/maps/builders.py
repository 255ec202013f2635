"""The map builders, made with Folium: one per kind of map, shared by every page of that kind.

Folium writes the Leaflet code of a map (the map, its tile layer, the incidents layer)
for one container id. Here each kind of map is made once per build, with stable ids,
and its code is wrapped in a function of the container, so that any number of pages,
and any number of maps on one page, use it: the page holds only an empty container
naming its kind and data. No script runs from a page's own HTML, which also keeps
maps working when the theme swaps pages in place (Material's instant navigation).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

# What each kind of map offers the reader.
KINDS: dict[str, dict[str, Any]] = {
    "country": {"filter": True},  # all of a country's incidents, with a year filter
    "actor": {"filter": True},  # all of an actor's incidents, with a year filter
    "incident": {"focus": True},  # a country's incidents, centred on one
    "article": {},  # the incidents an article cites
    "recent": {},  # the latest incidents, for the home page
}


@dataclass(frozen=True)
class Tiles:
    """A tile provider: URL template and the attribution its terms require."""

    url: str
    attribution: str
    max_zoom: int = 19


OPENSTREETMAP = Tiles(
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)


def choose_tiles(choice: str, attribution: str) -> Tiles | None:
    """The tiles an owner asked for (the ``map_tiles`` option): ``openstreetmap``,
    ``none`` (no tile host: country outlines served by the site) or a URL template,
    which needs the attribution its provider requires. ``ValueError`` says what is
    wrong with any other choice."""
    choice = choice.strip()
    if choice == "none":
        return None
    if choice == "openstreetmap":
        return OPENSTREETMAP
    if not choice.startswith("https://") or "{z}" not in choice:
        raise ValueError(
            f"map_tiles: {choice!r} is not `openstreetmap`, `none` or an https URL "
            "template with {z}, {x} and {y}"
        )
    if not attribution.strip():
        raise ValueError(
            "map_tiles_attribution: required with a tile URL (the provider's terms "
            "ask for it; for example `&copy; Provider contributors`)"
        )
    return Tiles(choice, attribution)


class _Incidents(MacroElement):
    """Hands the map to the site's map code, which draws the incidents."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "ConflictMonitor.addIncidents({{ this._parent.get_name() }}, cm_container, "
        "{{ this.options|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Incidents"
        self.options = options


def _stable_ids(element: Element, prefix: str) -> None:
    """Folium names elements with random ids; give them ids that do not change."""
    counter = 0

    def walk(parent: Element) -> None:
        nonlocal counter
        for child in parent._children.values():
            counter += 1
            child._id = f"{prefix}_{counter}"
            walk(child)

    element._id = prefix
    walk(element)


def builder_code(kind: str, tiles: Tiles | None) -> str:
    """The JavaScript function that builds a map of ``kind`` in a given container.

    map.js draws the site's country outlines on every map, in a pane under the tiles:
    the tiles cover them once loaded, and they are what a reader sees where the tile
    host is blocked. Without tiles (``basemap``) they are the map's only base."""
    options = dict(KINDS[kind], basemap=tiles is None)
    world = folium.Map(
        location=[30, 60], zoom_start=3, tiles=None, prefer_canvas=True, control_scale=True
    )
    # The site serves Leaflet itself: no script or stylesheet from another host.
    world.default_js = []
    world.default_css = []
    if tiles is not None:
        folium.TileLayer(
            tiles=tiles.url, attr=tiles.attribution, max_zoom=tiles.max_zoom, name="tiles"
        ).add_to(world)
    _Incidents(options).add_to(world)
    _stable_ids(world, f"cm_{kind}")
    figure: Any = world.get_root()
    figure.render()
    script: str = figure.script.render()
    container_id = json.dumps(world.get_name())
    if script.count(container_id) != 1:
        raise RuntimeError("Folium's map code no longer names its container once")
    body = script.replace(container_id, "cm_container")
    lines = [line.rstrip() for line in body.splitlines() if line.strip()]
    return (
        f"ConflictMonitor.register({json.dumps(kind)}, function (cm_container) {{\n"
        + "\n".join(lines)
        + "\n});\n"
    )


def builders_script(tiles: Tiles | None) -> str:
    """Every kind's builder, in one file the site loads with its other scripts."""
    header = (
        "// Map builders made with Folium when the site was built, one per kind of map.\n"
        "// Generated by conflict-monitor: do not edit.\n"
    )
    return (
        header + "".join(builder_code(kind, tiles) for kind in KINDS) + "ConflictMonitor.start();\n"
    )
