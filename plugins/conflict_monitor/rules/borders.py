"""Is an incident's point inside (or close to) its country? Natural Earth outlines, 1:50m.

The outlines ship with the package (``geodata/borders-50m.json``, made by
``tools/make_borders.py``); a country's shape is built only when an incident
needs it, once per build.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely import prepared
from shapely.geometry import MultiPolygon, Point, Polygon

BORDERS_FILE = Path(__file__).resolve().parent.parent / "geodata" / "borders-50m.json"

# The 1:50m outlines are simplified: places on a river border can fall a few
# kilometres on the wrong side. Points closer than this to the border pass.
TOLERANCE_KM = 10.0
KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Placement:
    inside: bool  # inside the country, or within the tolerance of its border
    distance_km: float  # from the border, 0 when inside
    found_in: str | None  # another country the point lies in, when it is outside


Outlines = dict[str, list[list[list[list[float]]]]]  # ISO3 -> polygons -> rings -> points


@lru_cache(maxsize=2)
def _read_outlines(path: Path) -> Outlines:
    """The outlines file, read once per process (it is 1.6 MB)."""
    outlines: Outlines = json.loads(path.read_text(encoding="utf-8"))["countries"]
    return outlines


class Borders:
    """Country outlines by ISO3 code, loaded lazily."""

    def __init__(self, path: Path = BORDERS_FILE) -> None:
        self.path = path
        self._shapes: dict[str, Any] = {}

    @property
    def _outlines(self) -> Outlines:
        return _read_outlines(self.path)

    def knows(self, iso3: str) -> bool:
        return iso3 in self._outlines

    def _shape(self, iso3: str) -> tuple[MultiPolygon, Any]:
        if iso3 not in self._shapes:
            polygons = [Polygon(rings[0], rings[1:]) for rings in self._outlines[iso3]]
            shape = MultiPolygon(polygons).buffer(0)  # mends rings that touch themselves
            self._shapes[iso3] = (shape, prepared.prep(shape))
        return self._shapes[iso3]  # type: ignore[no-any-return]

    def place(self, iso3: str, latitude: float, longitude: float) -> Placement:
        """Where the point stands against ``iso3``'s border (countries with no outline pass)."""
        if not self.knows(iso3):
            return Placement(True, 0.0, None)
        point = Point(longitude, latitude)
        shape, fast = self._shape(iso3)
        if fast.contains(point):
            return Placement(True, 0.0, None)
        # Distance in degrees, converted with the shorter east-west degree at this
        # latitude: a lower bound, so that no point near the border is refused.
        degrees = shape.distance(point)
        km = degrees * KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.1)
        if km <= TOLERANCE_KM:
            return Placement(True, km, None)
        return Placement(False, km, self.country_at(latitude, longitude))

    def country_at(self, latitude: float, longitude: float) -> str | None:
        point = Point(longitude, latitude)
        for iso3, rings in self._outlines.items():
            if not _bbox_contains(rings, longitude, latitude):
                continue
            if self._shape(iso3)[1].contains(point):
                return iso3
        return None


def _bbox_contains(polygons: list[list[list[list[float]]]], x: float, y: float) -> bool:
    for rings in polygons:
        xs = [p[0] for p in rings[0]]
        ys = [p[1] for p in rings[0]]
        if min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys):
            return True
    return False
