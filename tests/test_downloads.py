"""The data downloads (CSV and GeoJSON, site-wide and per country) and the data page, on
real builds of small publications: every file parsed back, every figure on the page
checked against the file it describes."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath
from typing import Any

import pytest
import yaml

from conflict_monitor.downloads.incidents import CSV_COLUMNS
from conftest import INCIDENTS, REPO, Built, build_site

SITE_URL = "https://example.org/monitor/"

# Two more incidents, in Tajikistan, with everything a row can hold: an end date, a
# high figure, associated actors on both sides, several sources (one without a url,
# one without a publisher), tags, and a summary in Markdown with a comma and a line
# break inside it. Some text is not ASCII: sizes are counted in bytes, not characters.
TAJIK_INCIDENTS = """\
- id: 2021-07-05-panj-crossing
  date: 2021-07-05
  date_end: 2021-07-07
  time_precision: 2
  country: TJK
  admin1: Khatlon
  admin2: Panj
  location: Panj
  latitude: 37.23
  longitude: 69.1
  geo_precision: 3
  event_type: Battles
  sub_event_type: Armed clash
  actor1: taliban
  actor2: afghan-army
  assoc_actor_1: [iskp, islamic-state]
  assoc_actor_2: [taliban]
  fatalities: 3
  fatalities_high: 12
  summary: |
    Fighting **near** the [bridge](https://example.org/bridge), then
    a retreat across the `river`.
  tags: [border, river crossing]
  sources:
    - publisher: Example News
      url: https://example.org/news/2
    - url: https://example.org/wire/3
    - publisher: Radio Example
- id: 2021-07-20-dushanbe
  date: 2021-07-20
  time_precision: 1
  country: TJK
  location: Dushanbe
  latitude: 38.56
  longitude: 68.78
  geo_precision: 1
  event_type: Strategic developments
  sub_event_type: Agreement
  actor1: afghan-army
  summary: Talks in the capital, Душанбе.
  sources:
    - publisher: Example Agency
"""

# What each incident of the publication above is, as the files must give it back.
EXPECTED = {
    "2021-06-22-sher-khan-bandar": {"country": "AFG", "lat": 37.19, "lon": 68.61},
    "2021-06-28-border-post": {"country": "AFG", "lat": 37.18, "lon": 67.75},
    "2021-07-05-panj-crossing": {"country": "TJK", "lat": 37.23, "lon": 69.1},
    "2021-07-20-dushanbe": {"country": "TJK", "lat": 38.56, "lon": 68.78},
}
COUNTRY_FILES = {"AFG": "downloads/afghanistan", "TJK": "downloads/tajikistan"}

# An incident imported from ACLED, older than every other: it must not be handed on.
IMPORTED = """\
- id: 2021-05-01-imported
  date: 2021-05-01
  time_precision: 1
  country: AFG
  location: Imported place
  latitude: 36.7
  longitude: 67.1
  geo_precision: 1
  event_type: Battles
  sub_event_type: Armed clash
  actor1: taliban
  sources:
    - publisher: ACLED
  summary: Imported from ACLED.
  acled_event_id: AFG55555
"""


def _incidents(**extra: str) -> dict[str, str]:
    return {"2021.yaml": INCIDENTS, "tajikistan.yaml": TAJIK_INCIDENTS, **extra}


def _plugins(**options: object) -> list[object]:
    """The ``plugins`` of mkdocs.yml with these options of ours."""
    ours = {"templates_dir": str(REPO / "docs_templates"), **options}
    return ["search", {"conflict-monitor": ours}]


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    # newline="" as the csv module asks: a line break inside quotes stays in its field.
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def _read_geojson(path: Path) -> dict[str, Any]:
    collection: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return collection


def _csv_ids(built: Built, stem: str) -> list[str]:
    return [row["id"] for row in _read_csv(built.site / f"{stem}.csv")[1]]


def _geojson_ids(built: Built, stem: str) -> list[str]:
    features = _read_geojson(built.site / f"{stem}.geojson")["features"]
    return [feature["properties"]["id"] for feature in features]


@pytest.fixture
def built(publication: Callable[..., Path], caplog: pytest.LogCaptureFixture) -> Built:
    root = publication(incidents=_incidents(), config={"site_url": SITE_URL})
    return build_site(root, caplog)


def test_every_incident_once_site_wide_and_once_in_its_own_country(built: Built) -> None:
    for ids in (
        _csv_ids(built, "downloads/incidents"),
        _geojson_ids(built, "downloads/incidents"),
    ):
        assert sorted(ids) == sorted(EXPECTED)  # each exactly once, none missing
    for iso3, stem in COUNTRY_FILES.items():
        own = sorted(i for i, e in EXPECTED.items() if e["country"] == iso3)
        assert sorted(_csv_ids(built, stem)) == own, stem
        assert sorted(_geojson_ids(built, stem)) == own, stem
    assert built.messages() == []


def test_geojson_is_rfc_7946_points_at_longitude_latitude(built: Built) -> None:
    collection = _read_geojson(built.site / "downloads/incidents.geojson")
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946 dropped it: WGS84 always
    for feature in collection["features"]:
        expected = EXPECTED[feature["id"]]
        assert feature["type"] == "Feature"
        assert feature["properties"]["id"] == feature["id"]
        assert feature["geometry"]["type"] == "Point"
        assert feature["geometry"]["coordinates"] == [expected["lon"], expected["lat"]]


def test_geojson_properties_are_the_incidents_as_written(built: Built) -> None:
    written = {i["id"]: i for i in yaml.safe_load(TAJIK_INCIDENTS)}["2021-07-05-panj-crossing"]
    features = _read_geojson(built.site / "downloads/tajikistan.geojson")["features"]
    properties = next(f["properties"] for f in features if f["id"] == written["id"])
    for field in (
        "country",
        "admin1",
        "admin2",
        "location",
        "actor1",
        "actor2",
        "assoc_actor_1",
        "assoc_actor_2",
        "fatalities",
        "fatalities_high",
        "summary",
        "tags",
        "sources",
    ):
        # (the loader drops the line break YAML's `|` ends a block with)
        value = written[field].strip() if field == "summary" else written[field]
        assert properties[field] == value, field
    assert properties["date"] == "2021-07-05"
    assert properties["date_end"] == "2021-07-07"
    assert properties["country_name"] == "Tajikistan"
    assert properties["url"] == SITE_URL + "incidents/2021-07-05-panj-crossing/"


def test_csv_header_is_acleds_columns_with_our_id_first_and_url_last(built: Built) -> None:
    header, _rows = _read_csv(built.site / "downloads/incidents.csv")
    assert header == list(CSV_COLUMNS)
    # Whoever reads ACLED's files reads ours: its column names, as ACLED spells them.
    acled = {
        "event_id_cnty", "event_date", "year", "time_precision", "event_type",
        "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
        "inter2", "iso", "country", "admin1", "admin2", "location", "latitude",
        "longitude", "geo_precision", "source", "notes", "fatalities", "tags",
    }  # fmt: skip
    assert acled <= set(header)
    assert (header[0], header[-1]) == ("id", "url")
    for stem in COUNTRY_FILES.values():
        assert _read_csv(built.site / f"{stem}.csv")[0] == header, stem


def test_csv_rows_hold_each_field_of_the_incident(built: Built) -> None:
    rows = {row["id"]: row for row in _read_csv(built.site / "downloads/incidents.csv")[1]}
    panj = rows["2021-07-05-panj-crossing"]
    assert panj["event_date"] == "2021-07-05"
    assert panj["year"] == "2021"
    assert (panj["time_precision"], panj["geo_precision"]) == ("2", "3")
    assert (panj["event_type"], panj["sub_event_type"]) == ("Battles", "Armed clash")
    assert panj["date_end"] == "2021-07-07"
    assert (panj["fatalities"], panj["fatalities_high"]) == ("3", "12")
    assert (panj["iso"], panj["iso3"], panj["country"]) == ("762", "TJK", "Tajikistan")
    assert (panj["admin1"], panj["admin2"], panj["location"]) == ("Khatlon", "Panj", "Panj")
    # Actors by name, as ACLED writes them, lists joined with "; "
    assert (panj["actor1"], panj["actor2"]) == ("Taliban", "Afghan army")
    assert panj["assoc_actor_1"] == "Islamic State Khorasan Province; Islamic State"
    assert panj["assoc_actor_2"] == "Taliban"
    assert panj["source"] == "Example News; https://example.org/wire/3; Radio Example"
    assert panj["source_url"] == "https://example.org/news/2; https://example.org/wire/3"
    assert panj["tags"] == "border; river crossing"
    assert panj["event_id_cnty"] == ""  # not imported
    # Empty cells for what the incident does not have, never "None"
    dushanbe = rows["2021-07-20-dushanbe"]
    for column in ("actor2", "admin1", "admin2", "date_end", "fatalities_high", "source_url"):
        assert dushanbe[column] == "", column
    assert dushanbe["fatalities"] == "0"
    for incident_id, expected in EXPECTED.items():
        row = rows[incident_id]
        assert (float(row["latitude"]), float(row["longitude"])) == (
            expected["lat"],
            expected["lon"],
        )


def test_csv_notes_are_the_summary_as_plain_text(built: Built) -> None:
    rows = {row["id"]: row for row in _read_csv(built.site / "downloads/incidents.csv")[1]}
    notes = rows["2021-07-05-panj-crossing"]["notes"]
    assert notes == "Fighting near the bridge, then a retreat across the river."
    # the comma in the summary did not split the row
    assert rows["2021-07-05-panj-crossing"]["fatalities"] == "3"


def test_csv_and_geojson_link_each_incident_to_its_page(built: Built) -> None:
    """The ``url`` of a row is the canonical address of a page that was built."""
    rows = _read_csv(built.site / "downloads/incidents.csv")[1]
    features = _read_geojson(built.site / "downloads/incidents.geojson")["features"]
    links = [r["url"] for r in rows] + [f["properties"]["url"] for f in features]
    assert len(links) == 2 * len(EXPECTED)
    for link in links:
        assert link.startswith(SITE_URL)
        assert (built.site / link.removeprefix(SITE_URL) / "index.html").is_file(), link


def test_row_links_follow_use_directory_urls(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    root = publication(config={"site_url": SITE_URL, "use_directory_urls": False})
    built = build_site(root, caplog)
    for row in _read_csv(built.site / "downloads/incidents.csv")[1]:
        assert row["url"] == f"{SITE_URL}incidents/{row['id']}.html"
        assert (built.site / row["url"].removeprefix(SITE_URL)).is_file()


def test_a_country_without_incidents_gets_empty_files(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    built = build_site(publication(), caplog)  # the fixture's incidents are all in AFG
    header, rows = _read_csv(built.site / "downloads/tajikistan.csv")
    assert (header, rows) == (list(CSV_COLUMNS), [])
    assert _read_geojson(built.site / "downloads/tajikistan.geojson") == {
        "type": "FeatureCollection",
        "features": [],
    }
    # There, for a reader's script that fetches every country's, but not offered to
    # readers as if it held data.
    country = built.page("countries/tajikistan/")
    assert "tajikistan.csv" not in country
    assert "No incident in Tajikistan is in the" in country
    assert "afghanistan.csv" in built.page("countries/afghanistan/")
    rows = {row[0][0]: row[1:] for row in _data_page(built).table}
    assert rows["Tajikistan"] == [("0", None), ("No incident", None)]
    offered = [d["contentUrl"] for d in _data_page(built).dataset["distribution"]]
    assert offered and not any("tajikistan" in url for url in offered)
    assert rows["Afghanistan"][0] == ("2", None)


# The data page


class _DataPage(HTMLParser):
    """The rows of the downloads table (their cells: the row's header, what it covers,
    then its data cells), the JSON-LD, and the text of the page's article."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str | None]]] = []  # cells: (text, link)
        self.json_ld: list[str] = []
        self.text: list[str] = []
        self.links: list[tuple[str, str | None]] = []  # (text, href) in the article
        self._in: list[str] = []
        self._cell: list[str] | None = None
        self._link: str | None = None
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag == "td" or (tag == "th" and found.get("scope") == "row"):
            self._cell, self._link = [], None
        elif tag == "a":
            if self._cell is not None:
                self._link = found.get("href")
            if "article" in self._in:
                self.links.append(("", found.get("href")))
        elif tag == "script" and found.get("type") == "application/ld+json":
            self.json_ld.append("")
            self._in_json_ld = True
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json_ld = False
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(("".join(self._cell).strip(), self._link))
            self._cell = None
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld[-1] += data
        if self._cell is not None:
            self._cell.append(data)
        if "article" in self._in:
            self.text.append(data)
            if self._in[-1] == "a" and self.links:
                text, href = self.links[-1]
                self.links[-1] = (text + data, href)

    @property
    def table(self) -> list[list[tuple[str, str | None]]]:
        return [row for row in self.rows if row]  # the header row has no td, nor row header

    @property
    def dataset(self) -> dict[str, Any]:
        assert len(self.json_ld) == 1
        described: dict[str, Any] = json.loads(self.json_ld[0])
        return described

    @property
    def prose(self) -> str:
        return " ".join("".join(self.text).split())


def _data_page(built: Built) -> _DataPage:
    parser = _DataPage()
    parser.feed(built.page("downloads/"))
    return parser


def _shown_size(text: str) -> tuple[float, int]:
    """``(856 bytes)``, ``(12 kB)``, ``(3.4 MB)``: the figure and its unit in bytes."""
    found = re.search(r"\(([\d.]+) (bytes|kB|MB)\)", text)
    assert found, text
    return float(found[1]), {"bytes": 1, "kB": 1000, "MB": 1_000_000}[found[2]]


def _download_files(built: Built) -> set[Path]:
    return {p for p in built.site.glob("downloads/*") if p.suffix in (".csv", ".geojson")}


def _data_rows(path: Path) -> int:
    if path.suffix == ".csv":
        return len(_read_csv(path)[1])
    return len(_read_geojson(path)["features"])


def test_data_page_lists_each_download_with_its_rows_and_size(built: Built) -> None:
    table = _data_page(built).table
    assert [row[0][0] for row in table] == ["All countries", "Afghanistan", "Tajikistan"]
    listed = set()
    for (_name, _), (rows, _), *files in table:
        if rows == "0":  # its files are there, but hold no incident: not offered
            assert files == [("No incident", None)]
            continue
        assert len(files) == 2
        for text, href in files:
            assert href is not None
            path = built.site / normpath(f"downloads/{href}")  # relative to /downloads/
            listed.add(path.relative_to(built.site).as_posix())
            assert int(rows) == _data_rows(path), href
            figure, unit = _shown_size(text)
            # rounded to the unit shown: never further from the file than half of it
            assert abs(figure * unit - path.stat().st_size) <= unit / 2, (text, href)
    on_disk = {p.relative_to(built.site).as_posix() for p in _download_files(built)}
    assert listed == on_disk
    assert len(on_disk) == 6


def test_data_page_dataset_describes_the_files_exactly(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    licence_url = "https://opendatacommons.org/licenses/odbl/1-0/"
    root = publication(
        incidents=_incidents(),
        config={
            "site_url": SITE_URL,
            "plugins": _plugins(data_licence="ODbL 1.0", data_licence_url=licence_url),
        },
    )
    built = build_site(root, caplog)
    page = _data_page(built)
    dataset = page.dataset
    assert dataset["@context"] == "https://schema.org"
    assert dataset["@type"] == "Dataset"
    assert dataset["license"] == licence_url
    assert dataset["temporalCoverage"] == "2021-06-22/2021-07-20"
    assert dataset["url"] == SITE_URL + "downloads/"
    formats = {".csv": "text/csv", ".geojson": "application/geo+json"}
    described = set()
    for distribution in dataset["distribution"]:
        assert distribution["@type"] == "DataDownload"
        assert distribution["contentUrl"].startswith(SITE_URL)
        path = built.site / distribution["contentUrl"].removeprefix(SITE_URL)
        assert path.is_file(), distribution["contentUrl"]
        assert distribution["contentSize"] == f"{path.stat().st_size} B"
        assert distribution["encodingFormat"] == formats[path.suffix]
        described.add(path)
    assert described == set(_download_files(built))
    assert sorted(p["name"] for p in dataset["spatialCoverage"]) == ["Afghanistan", "Tajikistan"]
    # The licence as readers see it, and in the citation
    assert "The data is published under ODbL 1.0." in page.prose
    assert "licensed under ODbL 1.0." in page.prose
    assert ("ODbL 1.0", licence_url) in page.links


def test_imported_incidents_stay_out_of_the_downloads_by_default(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    root = publication(incidents=_incidents(**{"imported.yaml": IMPORTED}))
    built = build_site(root, caplog)
    for stem in ("downloads/incidents", "downloads/afghanistan"):
        assert "2021-05-01-imported" not in _csv_ids(built, stem)
        assert "2021-05-01-imported" not in _geojson_ids(built, stem)
    page = _data_page(built)
    assert "Incidents imported from ACLED are shown on the site" in page.prose
    assert [row[1][0] for row in page.table] == ["4", "2", "2"]
    assert page.dataset["temporalCoverage"] == "2021-06-22/2021-07-20"
    # left out of the files only: the site still shows it
    assert (built.site / "incidents/2021-05-01-imported/index.html").is_file()


def test_a_country_whose_incidents_are_all_imported_says_why_it_has_no_download(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    imported = IMPORTED.replace("country: AFG", "country: TJK").replace(
        "latitude: 36.7\n  longitude: 67.1", "latitude: 37.23\n  longitude: 69.1"
    )
    built = build_site(publication(incidents=_incidents(**{"tajikistan.yaml": imported})), caplog)
    country = built.page("countries/tajikistan/")
    assert "tajikistan.csv" not in country
    assert "imported from ACLED, whose terms keep them out of the" in country
    assert "yet" not in country.split("Data and updates")[1]


def test_imported_incidents_in_the_downloads_when_the_publication_may(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    root = publication(
        incidents=_incidents(**{"imported.yaml": IMPORTED}),
        config={"plugins": _plugins(downloads_include_imported=True)},
    )
    built = build_site(root, caplog)
    for stem in ("downloads/incidents", "downloads/afghanistan"):
        assert _csv_ids(built, stem).count("2021-05-01-imported") == 1
        assert _geojson_ids(built, stem).count("2021-05-01-imported") == 1
    assert "2021-05-01-imported" not in _csv_ids(built, "downloads/tajikistan")
    rows = {r["id"]: r for r in _read_csv(built.site / "downloads/incidents.csv")[1]}
    assert rows["2021-05-01-imported"]["event_id_cnty"] == "AFG55555"
    page = _data_page(built)
    assert "Incidents imported from ACLED" not in page.prose
    assert [row[1][0] for row in page.table] == ["5", "3", "2"]
    assert page.dataset["temporalCoverage"] == "2021-05-01/2021-07-20"
