"""Regenerate the country outlines shipped with the package, from world-atlas.

- plugins/conflict_monitor/geodata/borders-50m.json: 1:50m, for the checks that an
  incident's point lies in its country;
- plugins/conflict_monitor/assets/world-110m.geojson: 1:110m, the plain basemap of
  maps published without map tiles.


Run once when world-atlas changes (``cd tools && npm ci`` first):
    python tools/make_borders.py
The outlines are Natural Earth's 1:50m admin-0 countries (public domain), as
packaged in TopoJSON by world-atlas (ISC). The output keys each country by its
ISO 3166-1 alpha-3 code and keeps coordinates to 3 decimals (about 100 m).
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
ATLAS = HERE / "node_modules" / "world-atlas"
PACKAGE = HERE.parent / "plugins" / "conflict_monitor"


def decode_arcs(topology: dict, digits: int = 3) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * sx + tx, digits), round(y * sy + ty, digits)))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def countries(source: Path, digits: int) -> dict[str, list[list[list[tuple[float, float]]]]]:
    topology = json.loads(source.read_text())
    arcs = decode_arcs(topology, digits)
    found: dict[str, list[list[list[tuple[float, float]]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        record = pycountry.countries.get(numeric=geometry["id"]) if "id" in geometry else None
        if record is None or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        found.setdefault(record.alpha_3, []).extend(
            [ring(r, arcs) for r in polygon] for polygon in polygons
        )
    return dict(sorted(found.items()))


def main() -> None:
    borders = countries(ATLAS / "countries-50m.json", 3)
    target = PACKAGE / "geodata" / "borders-50m.json"
    output = {
        "source": "Natural Earth 1:50m admin-0 countries (public domain), via world-atlas 2.0.2",
        "countries": borders,
    }
    target.write_text(json.dumps(output, separators=(",", ":")) + "\n")
    print(f"{target.relative_to(HERE.parent)}: {len(borders)} countries")

    basemap = countries(ATLAS / "countries-110m.json", 2)
    features = [
        {
            "type": "Feature",
            "properties": {"iso3": iso3},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons},
        }
        for iso3, polygons in basemap.items()
    ]
    target = PACKAGE / "assets" / "world-110m.geojson"
    target.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
        + "\n"
    )
    print(f"{target.relative_to(HERE.parent)}: {len(features)} countries")


if __name__ == "__main__":
    main()
