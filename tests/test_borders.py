"""Whether an incident's point lies in its country: what the placement check tells writers.

Real places are checked against the shipped Natural Earth outlines; the tolerance is
checked against two square countries whose distances can be worked out by hand.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from conflict_monitor.rules.borders import Borders, Placement


@pytest.fixture(scope="module")
def borders() -> Borders:
    return Borders()


@pytest.mark.parametrize(
    ("iso3", "latitude", "longitude"),
    [("AFG", 34.53, 69.17), ("BIH", 43.86, 18.41), ("CIV", 5.35, -4.02), ("TJK", 38.56, 68.78)],
)
def test_a_city_inside_its_country(
    borders: Borders, iso3: str, latitude: float, longitude: float
) -> None:
    assert borders.place(iso3, latitude, longitude) == Placement(True, 0.0, None)


@pytest.mark.parametrize(
    ("iso3", "latitude", "longitude", "found_in", "at_least", "at_most"),
    [
        ("AFG", 34.01, 71.58, "PAK", 30, 60),  # Peshawar, across the Khyber Pass
        ("AFG", 38.56, 68.78, "TJK", 100, 170),  # Dushanbe, north of the Panj
        ("HRV", 43.86, 18.41, "BIH", 60, 120),  # Sarajevo
    ],
)
def test_a_city_across_the_border(
    borders: Borders,
    iso3: str,
    latitude: float,
    longitude: float,
    found_in: str,
    at_least: float,
    at_most: float,
) -> None:
    placement = borders.place(iso3, latitude, longitude)
    assert not placement.inside
    assert placement.found_in == found_in
    assert at_least < placement.distance_km < at_most


def test_swapped_coordinates_are_not_inside(borders: Borders) -> None:
    placement = borders.place("AFG", 69.17, 34.53)  # Kabul, latitude and longitude swapped
    assert not placement.inside
    assert placement.found_in == "RUS"


def test_a_point_at_sea_is_found_in_no_country(borders: Borders) -> None:
    placement = borders.place("AFG", 0.0, 0.0)
    assert not placement.inside
    assert placement.found_in is None


def test_a_country_with_no_outline_lets_every_point_pass(borders: Borders) -> None:
    assert not borders.knows("XXK")
    assert borders.place("XXK", 42.6, 20.9) == Placement(True, 0.0, None)


# Two squares of one degree side by side on the equator: WST (0-1 E), EST (1-2 E).
SQUARES = {
    "countries": {
        "WST": [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]],
        "EST": [[[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]],
    }
}
KM_PER_DEGREE_AT_HALF_A_DEGREE_NORTH = 111.32 * math.cos(math.radians(0.5))


@pytest.fixture
def squares(tmp_path: Path) -> Borders:
    path = tmp_path / "squares.json"
    path.write_text(json.dumps(SQUARES), encoding="utf-8")
    return Borders(path)


@pytest.mark.parametrize(
    ("longitude", "inside", "found_in"),
    [
        (1.05, True, None),  # 5.6 km into the neighbour: within the tolerance
        (1.089, True, None),  # 9.9 km
        (1.091, False, "EST"),  # 10.1 km
        (1.5, False, "EST"),  # 55.7 km
    ],
)
def test_ten_km_tolerance(
    squares: Borders, longitude: float, inside: bool, found_in: str | None
) -> None:
    placement = squares.place("WST", 0.5, longitude)
    assert placement.inside is inside
    assert placement.found_in == found_in
    expected_km = (longitude - 1) * KM_PER_DEGREE_AT_HALF_A_DEGREE_NORTH
    assert placement.distance_km == pytest.approx(expected_km, rel=1e-6)


def test_a_point_beyond_every_outline(squares: Borders) -> None:
    placement = squares.place("WST", 0.5, 3.0)
    assert (placement.inside, placement.found_in) == (False, None)
    assert placement.distance_km == pytest.approx(2 * KM_PER_DEGREE_AT_HALF_A_DEGREE_NORTH)


def test_points_placed_at_once_are_placed_as_one_by_one() -> None:
    """Inside, near a border, across it, at sea, in a disputed territory (Crimea, the
    Golan Heights, Kashmir), and for a country without an outline."""
    rng = random.Random(7)
    centres = {"UKR": (48.5, 32.0), "ISR": (31.5, 35.0), "IND": (28.0, 77.0), "AFG": (34.5, 67.0)}
    points = [
        (iso3, round(lat + rng.uniform(-6, 6), 4), round(lon + rng.uniform(-6, 6), 4))
        for iso3, (lat, lon) in centres.items()
        for _ in range(150)
    ]
    points += [("UKR", 45.0, 34.0), ("ISR", 33.0, 35.8), ("IND", 34.5, 76.0), ("XKX", 42.6, 21.2)]
    at_once, one_by_one = Borders(), Borders()
    at_once.place_all(points)
    placed = [at_once.place(*point) for point in points]
    assert placed == [one_by_one.place(*point) for point in points]
    assert {p.territory is not None for p in placed} == {True, False}
    assert {p.inside for p in placed} == {True, False}
