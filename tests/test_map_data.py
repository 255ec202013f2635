"""The map data files: every incident once, as plain values, in the same bytes every build,
with incident links that lead to the incident pages from where each file stands."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from conflict_monitor import urls
from conflict_monitor.graph import build_graph
from conflict_monitor.load import load_publication
from conflict_monitor.maps.data import short_summary
from conflict_monitor.maps.files import RECENT, data_files, data_paths
from conflict_monitor.model import Actor, Incident, Publication, Source
from conftest import INCIDENTS, write_publication

SITE = "https://example.org/monitor/"
HOSTILE = "<img src=x onerror=alert(1)> `<script>alert(2)</script>` &lt;b&gt;"

CIVILIANS = f"""\
- id: 2021-07-02-kunduz-market
  date: 2021-07-02
  time_precision: 2
  country: AFG
  admin1: Kunduz
  location: Kunduz
  latitude: 36.7281234
  longitude: 68.8687654
  geo_precision: 1
  event_type: Violence against civilians
  sub_event_type: Attack
  actor1: iskp
  actor2: afghan-army
  assoc_actor_1: [taliban]
  fatalities: 3
  summary: {HOSTILE!r}
  sources:
    - publisher: Example News
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_publication(
        tmp_path / "pub", incidents={"2021.yaml": INCIDENTS, "civilians.yaml": CIVILIANS}
    )


def load(root: Path) -> dict[str, str]:
    publication, problems = load_publication(root)
    assert problems == []
    return data_files(build_graph(publication))


def rows(content: str) -> list[dict[str, Any]]:
    """The incidents of a data file as map.js reads them: lookups resolved."""
    data = json.loads(content)
    found = []
    for values in data["incidents"]:
        row = dict(zip(data["fields"], values, strict=True))
        row["type"] = data["types"][row["type"]]
        row["sub_event_type"] = data["sub_event_types"][row["sub_event_type"]]
        row["actors"] = [data["actors"][n] for n in row["actors"]]
        found.append(row)
    return found


def test_an_incident_as_the_map_reads_it(root: Path) -> None:
    recent = rows(load(root)[urls.RECENT_MAP_DATA])
    assert recent[0] == {
        "id": "2021-07-02-kunduz-market",
        "date": "2021-07-02",
        "type": "Violence against civilians",
        "sub_event_type": "Attack",
        "latitude": 36.7281,
        "longitude": 68.8688,
        "geo_precision": 1,
        "fatalities": 3,
        "fatalities_high": None,
        "place": "Kunduz, Kunduz",
        "actors": ["Islamic State Khorasan Province", "Afghan army"],
        "summary": "<script>alert(2)</script> <b>",
    }


def test_names_and_sub_event_types_stored_once_in_order_of_first_use(root: Path) -> None:
    data = json.loads(load(root)["assets/maps/countries/afghanistan.json"])
    assert data["actors"] == ["Islamic State Khorasan Province", "Afghan army", "Taliban"]
    assert data["sub_event_types"] == [
        "Attack",
        "Armed clash",
        "Non-state actor overtakes territory",
    ]


def test_every_incident_once_in_each_map_that_shows_it(root: Path) -> None:
    files = load(root)
    shown = {path: [row["id"] for row in rows(content)] for path, content in files.items()}
    assert shown == {
        "assets/maps/countries/afghanistan.json": [
            "2021-07-02-kunduz-market",
            "2021-06-28-border-post",
            "2021-06-22-sher-khan-bandar",
        ],
        "assets/maps/countries/tajikistan.json": [],
        "assets/maps/actors/afghan-army.json": [
            "2021-07-02-kunduz-market",
            "2021-06-22-sher-khan-bandar",
        ],
        "assets/maps/actors/islamic-state.json": [],
        "assets/maps/actors/iskp.json": ["2021-07-02-kunduz-market", "2021-06-28-border-post"],
        "assets/maps/actors/taliban.json": [
            "2021-07-02-kunduz-market",
            "2021-06-28-border-post",
            "2021-06-22-sher-khan-bandar",
        ],
        "assets/maps/recent.json": [
            "2021-07-02-kunduz-market",
            "2021-06-28-border-post",
            "2021-06-22-sher-khan-bandar",
        ],
    }


def test_the_home_map_shows_the_newest_incidents_only() -> None:
    source = Source(publisher="Example News")
    incidents = {
        f"i{n:03}": Incident(
            id=f"i{n:03}",
            date=dt.date(2020, 1, 1) + dt.timedelta(days=n),
            time_precision=1,
            country="AFG",
            location="Kabul",
            latitude=34.5,
            longitude=69.2,
            geo_precision=1,
            event_type="Protests",
            sub_event_type="Peaceful protest",
            actor1="protesters",
            sources=[source],
        )
        for n in range(RECENT + 1)
    }
    protesters = Actor(id="protesters", name="Protesters", kind="other")
    graph = build_graph(
        Publication(Path("pub"), actors={"protesters": protesters}, incidents=incidents)
    )
    recent = [row["id"] for row in rows(data_files(graph)[urls.RECENT_MAP_DATA])]
    assert recent == [f"i{n:03}" for n in range(RECENT, 0, -1)]


@pytest.mark.parametrize(
    ("summary", "text"),
    [
        ("**Bold** and [a link](https://example.org).", "Bold and a link."),
        ("First paragraph.\n\nSecond  one.", "First paragraph. Second one."),
        ("<img src=x onerror=alert(1)> text", "text"),
        ("<script>alert(1)</script>Text", "Text"),
        ("`<img src=x onerror=alert(1)>`", "<img src=x onerror=alert(1)>"),
        ("Tom &amp; Jerry &lt;b&gt;", "Tom & Jerry <b>"),
        ("", ""),
    ],
)
def test_summary_as_plain_text(summary: str, text: str) -> None:
    assert short_summary(summary) == text


@pytest.mark.parametrize(
    ("summary", "length", "text"),
    [
        (
            "Fighting spread to the north, then the south.",
            40,
            "Fighting spread to the north, then the…",
        ),
        ("Fighting spread to the north, then the south.", 32, "Fighting spread to the north…"),
        ("Fighting spread.", 16, "Fighting spread."),
        ("Fighting spread.", 15, "Fighting…"),
    ],
)
def test_summary_cut_at_a_word(summary: str, length: int, text: str) -> None:
    assert short_summary(summary, length) == text


def test_hostile_summary_stays_text_in_the_json(root: Path) -> None:
    content = load(root)[urls.RECENT_MAP_DATA]
    assert "<img" not in content
    assert "<script>alert(2)</script>" in rows(content)[0]["summary"]


def test_same_publication_gives_the_same_bytes(root: Path) -> None:
    assert load(root) == load(root)


def test_same_bytes_whatever_the_hash_seed(root: Path) -> None:
    script = (
        "import hashlib, json, sys\n"
        "from pathlib import Path\n"
        "from conflict_monitor.graph import build_graph\n"
        "from conflict_monitor.load import load_publication\n"
        "from conflict_monitor.maps.files import data_files\n"
        "files = data_files(build_graph(load_publication(Path(sys.argv[1]))[0]))\n"
        "print(hashlib.sha256(json.dumps(files).encode()).hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script, str(root)],
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_data_paths_are_the_files_made(root: Path) -> None:
    publication, _ = load_publication(root)
    graph = build_graph(publication)
    assert data_paths(graph) == list(data_files(graph))


@pytest.mark.parametrize(
    ("directory_urls", "country_map", "home_map"),
    [
        (True, "../../../incidents/{id}/", "../../incidents/{id}/"),
        (False, "../../../incidents/{id}.html", "../../incidents/{id}.html"),
    ],
)
def test_incident_links_lead_to_the_incident_page_from_each_file(
    root: Path, directory_urls: bool, country_map: str, home_map: str
) -> None:
    publication, _ = load_publication(root)
    files = data_files(build_graph(publication), directory_urls)
    patterns = {path: json.loads(content)["incident_url"] for path, content in files.items()}
    assert patterns["assets/maps/countries/afghanistan.json"] == country_map
    assert patterns["assets/maps/actors/iskp.json"] == country_map
    assert patterns[urls.RECENT_MAP_DATA] == home_map
    page = SITE + urls.page_url(urls.incident_page("2021-06-28-border-post"), directory_urls)
    for path, pattern in patterns.items():
        assert urljoin(SITE + path, pattern.format(id="2021-06-28-border-post")) == page, path
