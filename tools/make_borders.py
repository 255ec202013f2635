"""Regenerate plugins/conflict_monitor/geodata/borders-50m.json from world-atlas.

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
SOURCE = HERE / "node_modules" / "world-atlas" / "countries-50m.json"
TARGET = HERE.parent / "plugins" / "conflict_monitor" / "geodata" / "borders-50m.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * sx + tx, 3), round(y * sy + ty, 3)))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def main() -> None:
    topology = json.loads(SOURCE.read_text())
    arcs = decode_arcs(topology)
    countries: dict[str, list[list[list[tuple[float, float]]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        record = pycountry.countries.get(numeric=geometry.get("id", "")) if "id" in geometry else None
        if record is None or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        countries.setdefault(record.alpha_3, []).extend(
            [ring(r, arcs) for r in polygon] for polygon in polygons
        )
    output = {
        "source": "Natural Earth 1:50m admin-0 countries (public domain), via world-atlas 2.0.2",
        "countries": dict(sorted(countries.items())),
    }
    TARGET.write_text(json.dumps(output, separators=(",", ":")) + "\n")
    print(f"{TARGET.relative_to(HERE.parent)}: {len(countries)} countries")


if __name__ == "__main__":
    main()
