"""Is an incident's point inside (or close to) its country, or in a disputed territory its
country claims or holds? Natural Earth outlines, 1:50m.

The outlines ship with the package (``geodata/borders-50m.json``, made by
``tools/make_borders.py``). Countries are drawn as Natural Earth draws them, after who
holds the ground: Crimea in Russia, the Golan in Israel, Somaliland apart from Somalia.
Publications code such places as ACLED and the UN do, so the file also holds the
disputed territories, each with the countries that claim it and those that hold it: a
point in one of them is accepted under any of these countries, and named with the
territory. A shape is built only when an incident needs it, once per build, and
shapely is imported only then: a build places its incidents in another process (see
build/ahead.py), and this one takes the places (``adopt``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shapely.geometry import MultiPolygon, Point

BORDERS_FILE = Path(__file__).resolve().parent.parent / "geodata" / "borders-50m.json"

# The 1:50m outlines are simplified: places on a river border can fall a few
# kilometres on the wrong side. Points closer than this to the border pass.
TOLERANCE_KM = 10.0
KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Territory:
    """A disputed territory, and the countries under which a point in it is accepted."""

    name: str
    claimed_by: tuple[str, ...]  # ISO3 codes: the sovereign the UN recognises first, or the holder
    held_by: tuple[str, ...]  # countries that hold it, directly or through forces they back

    @property
    def countries(self) -> tuple[str, ...]:
        return self.claimed_by + tuple(c for c in self.held_by if c not in self.claimed_by)


@dataclass(frozen=True)
class Placement:
    inside: bool  # in the country or a territory it claims or holds, or within the tolerance
    distance_km: float  # from the nearest of their borders, 0 when inside
    found_in: str | None  # another country the point lies in, when it is outside
    territory: Territory | None = None  # the disputed territory the point is accepted in


_INSIDE = Placement(True, 0.0, None)
Polygons = list[list[list[list[float]]]]  # polygons -> rings -> points
Shape = tuple["MultiPolygon", Any]  # the shape, and its prepared twin for fast tests
Places = dict[tuple[str, float, float], Placement]  # (ISO3, latitude, longitude)


@lru_cache(maxsize=2)
def _read(path: Path) -> dict[str, Any]:
    """The outlines file, read once per process (it is 1.7 MB)."""
    content: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return content


def _build(polygons: Polygons) -> Shape:
    import shapely
    from shapely import prepared
    from shapely.geometry import MultiPolygon, Polygon

    shape = MultiPolygon([Polygon(rings[0], rings[1:]) for rings in polygons])
    shape = shape.buffer(0)  # mends rings that touch themselves
    shapely.prepare(shape)  # for the tests of many points at once (``place_all``)
    return shape, prepared.prep(shape)


def _point(longitude: float, latitude: float) -> Point:
    from shapely.geometry import Point

    return Point(longitude, latitude)


def _distance_km(shape: Shape, point: Point, latitude: float) -> float:
    if shape[1].contains(point):
        return 0.0
    # Distance in degrees, converted with the shorter east-west degree at this
    # latitude: a lower bound, so that no point near the border is refused.
    degrees = shape[0].distance(point)
    return float(degrees) * KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.1)


@lru_cache(maxsize=1)
def shared_borders() -> Borders:
    """The shipped outlines, for every check in this process."""
    return Borders()


class Borders:
    """Country outlines by ISO3 code, and the disputed territories, loaded lazily."""

    def __init__(self, path: Path = BORDERS_FILE) -> None:
        self.path = path
        self._shapes: dict[str, Shape] = {}
        self._territory_shapes: dict[str, Shape] = {}
        self._claims: dict[str, list[Territory]] | None = None
        self._placed: Places = {}

    @property
    def _outlines(self) -> dict[str, Polygons]:
        outlines: dict[str, Polygons] = _read(self.path)["countries"]
        return outlines

    @property
    def _territories(self) -> dict[str, dict[str, Any]]:
        territories: dict[str, dict[str, Any]] = _read(self.path).get("territories", {})
        return territories

    def knows(self, iso3: str) -> bool:
        return iso3 in self._outlines

    def name(self, iso3: str) -> str:
        """A country's short English name, for the countries that claim or hold a territory."""
        names: dict[str, str] = _read(self.path).get("names", {})
        return names.get(iso3, iso3)

    def claims(self, iso3: str) -> list[Territory]:
        """The disputed territories ``iso3`` claims or holds, by name."""
        if self._claims is None:
            self._claims = {}
            for name, entry in sorted(self._territories.items()):
                territory = Territory(name, tuple(entry["claimed_by"]), tuple(entry["held_by"]))
                for country in territory.countries:
                    self._claims.setdefault(country, []).append(territory)
        return self._claims.get(iso3, [])

    def _shape(self, iso3: str) -> Shape:
        if iso3 not in self._shapes:
            self._shapes[iso3] = _build(self._outlines[iso3])
        return self._shapes[iso3]

    def _territory_shape(self, name: str) -> Shape:
        if name not in self._territory_shapes:
            self._territory_shapes[name] = _build(self._territories[name]["polygons"])
        return self._territory_shapes[name]

    def place(self, iso3: str, latitude: float, longitude: float) -> Placement:
        """Where the point stands against ``iso3``'s border and the disputed territories it
        claims or holds (countries with no outline pass). A point in such a territory is
        named with it, whether or not Natural Earth draws the territory inside ``iso3``."""
        # Remembered: the live preview checks the same points at every rebuild.
        key = (iso3, latitude, longitude)
        placed = self._placed.get(key)
        if placed is None:
            if len(self._placed) > 200_000:
                self._placed.clear()
            placed = self._placed[key] = self._place(iso3, latitude, longitude)
        return placed

    def placed(self) -> Places:
        """Every point placed so far, for another process's ``adopt``."""
        return dict(self._placed)

    def adopt(self, places: Places) -> None:
        """Points another process placed (its ``placed``), answered here without a shape."""
        self._placed.update(places)

    def place_all(self, points: Iterable[tuple[str, float, float]]) -> None:
        """Place many points (``iso3``, latitude, longitude) at once, for ``place`` to
        answer: those well inside their country and in none of the territories it claims
        or holds, as most are, in one test per country and territory (tens of thousands
        of incidents); the others one by one, as ``place`` would."""
        if len(self._placed) > 200_000:  # bounded, as in ``place``
            self._placed.clear()
        by_country: dict[str, set[tuple[float, float]]] = {}
        for iso3, latitude, longitude in points:
            if (iso3, latitude, longitude) not in self._placed and self.knows(iso3):
                by_country.setdefault(iso3, set()).add((latitude, longitude))
        if not by_country:
            return  # every point placed already (see ``adopt``): shapely is not needed
        import shapely

        for iso3, located in by_country.items():
            latitudes, longitudes = (list(axis) for axis in zip(*sorted(located), strict=True))
            inside = shapely.contains_xy(self._shape(iso3)[0], longitudes, latitudes)
            for territory in self.claims(iso3):
                shape = self._territory_shape(territory.name)[0]
                inside &= ~shapely.contains_xy(shape, longitudes, latitudes)
            for latitude, longitude, plainly_inside in zip(
                latitudes, longitudes, inside.tolist(), strict=True
            ):
                if plainly_inside:
                    self._placed[(iso3, latitude, longitude)] = _INSIDE
                else:
                    self.place(iso3, latitude, longitude)

    def _place(self, iso3: str, latitude: float, longitude: float) -> Placement:
        if not self.knows(iso3):
            return Placement(True, 0.0, None)
        point = _point(longitude, latitude)
        claimed = [(self._territory_shape(t.name), t) for t in self.claims(iso3)]
        for shape, claim in claimed:
            if shape[1].contains(point):
                return Placement(True, 0.0, None, claim)
        km = _distance_km(self._shape(iso3), point, latitude)
        if km == 0.0:
            return Placement(True, 0.0, None)
        # Off every outline: the nearest counts, a territory before its country when they
        # share the coast or the border the point is near.
        nearest: list[tuple[float, Territory | None]] = [(km, None)]
        nearest += [(_distance_km(shape, point, latitude), t) for shape, t in claimed]
        km, territory = min(nearest, key=lambda near: (near[0], near[1] is None))
        if km <= TOLERANCE_KM:
            return Placement(True, km, None, territory)
        return Placement(False, km, self.country_at(latitude, longitude))

    def country_at(self, latitude: float, longitude: float) -> str | None:
        point = _point(longitude, latitude)
        for iso3, rings in self._outlines.items():
            if not _bbox_contains(rings, longitude, latitude):
                continue
            if self._shape(iso3)[1].contains(point):
                return iso3
        return None


def _bbox_contains(polygons: Polygons, x: float, y: float) -> bool:
    for rings in polygons:
        xs = [p[0] for p in rings[0]]
        ys = [p[1] for p in rings[0]]
        if min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys):
            return True
    return False
