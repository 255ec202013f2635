"""`conflict-monitor import-acled`: ACLED exports as they come, in every layout and
re-save, made into incidents and actors that validate and build; rows left out with
their row number and reason; a second import that changes nothing."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pytest

from acled.exports import (
    BEFORE_2019,
    CURRENT,
    EVENTS,
    OLDER,
    european_resave,
    r_written,
    relaid,
    rows,
    shuffled,
    spreadsheet_resave,
    without_actor2,
    write_export,
)
from conflict_monitor.acled import ImportRefused, Report, import_acled
from conflict_monitor.acled.countries import country_code
from conflict_monitor.acled.values import parse_date, parse_inter
from conflict_monitor.build import check_publication
from conflict_monitor.cli import main
from conflict_monitor.load import load_publication
from conflict_monitor.model import Layout, Severity
from conftest import ACTORS, INCIDENTS, build_site, write_file, write_publication

SHER_KHAN_BANDAR = "2021-06-22-sher-khan-bandar-afg55321"


def imported(tmp_path: Path, export: str | bytes, name: str = "export.csv", **kw: Any) -> Report:
    """A new publication in tmp_path/pub (the conftest one, unless told otherwise) with
    the export imported."""
    root = tmp_path / "pub"
    if not root.exists():
        write_publication(root, **kw)
    return import_acled(write_export(tmp_path, name, export), root)


def publication_data(root: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The imported incidents (by ACLED event id) and every actor, as the build loads them."""
    publication, _problems = load_publication(root)
    incidents = {
        i.acled_event_id: i.model_dump() for i in publication.incidents.values() if i.acled_event_id
    }
    actors = {a.id: a.model_dump() for a in publication.actors.values()}
    return incidents, actors


def files(root: Path) -> dict[str, bytes]:
    """Every file of the data folder, by path, with its bytes."""
    data = root / "data"
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in data.rglob("*") if p.is_file()}


# Cell values as ACLED writes them


@pytest.mark.parametrize(
    "text", ["2021-06-22", "22 June 2021", "22-June-2021", "22-Jun-21", "22 Jun 2021"]
)
def test_dates_in_every_style_acled_writes(text: str) -> None:
    assert parse_date(text, 2021) == dt.date(2021, 6, 22)


def test_a_two_digit_year_is_read_with_the_year_column() -> None:
    assert parse_date("22-Jun-99", 1999) == dt.date(1999, 6, 22)
    assert parse_date("22-Jun-99", None) == dt.date(1999, 6, 22)
    assert parse_date("22-Jun-05", None) == dt.date(2005, 6, 22)


@pytest.mark.parametrize("text", ["2021-02-30", "6/22/2021", "22 Juin 2021", "June 2021", "44369"])
def test_what_is_not_an_acled_date(text: str) -> None:
    assert parse_date(text, 2021) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2", 2),
        ("2.0", 2),
        ("Rebel group", 2),
        ("Rebel groups", 2),
        ("state  forces", 1),
        ("Political militias", 3),
        ("Communal militia", 4),
        ("External/Other forces", 8),
        ("0", None),
        ("9", None),
        ("Bandits", None),
    ],
)
def test_actor_types_as_codes_and_as_names(text: str, code: int | None) -> None:
    assert parse_inter(text) == code


@pytest.mark.parametrize(
    ("iso", "iso3", "name", "expected"),
    [
        ("4", None, "Afghanistan", "AFG"),
        ("004", None, None, "AFG"),
        (None, "TJK", "Tajikistan", "TJK"),
        ("384", None, "Ivory Coast", "CIV"),
        (None, None, "Ivory Coast", "CIV"),
        (None, None, "Democratic Republic of Congo", "COD"),
        (None, None, "Republic of Congo", "COG"),
        (None, None, "Palestine", "PSE"),
        (None, None, "eSwatini", "SWZ"),
        ("0", None, "Kosovo", "XKX"),
        (None, "XKX", None, "XKX"),
        (None, None, "Russia", "RUS"),
        (None, None, "Turkey", "TUR"),
        (None, None, "Bolivia", "BOL"),
        (None, None, "Akrotiri and Dhekelia", None),
        ("4", None, "Tajikistan", "AFG"),  # the code decides
    ],
)
def test_countries_by_code_or_by_acleds_name(
    iso: str | None, iso3: str | None, name: str | None, expected: str | None
) -> None:
    assert country_code(iso, iso3, name) == expected


# Today's layout: incidents, actors, sources, summaries


def test_todays_export_makes_incidents_and_actors(tmp_path: Path) -> None:
    report = imported(tmp_path, CURRENT)
    root = tmp_path / "pub"
    assert (report.imported, report.updated, report.unchanged, report.skipped) == (4, 0, 0, 1)
    assert sorted(p for p in files(root) if p.startswith("incidents/acled/")) == [
        "incidents/acled/afg/2021.yaml",
        "incidents/acled/tjk/2021.yaml",
    ]
    incidents, actors = publication_data(root)
    assert sorted(incidents) == sorted(EVENTS)

    crossing = incidents["AFG55321"]
    assert crossing["id"] == SHER_KHAN_BANDAR
    assert crossing["date"] == dt.date(2021, 6, 22)
    assert (crossing["country"], crossing["admin1"], crossing["admin2"]) == (
        "AFG",
        "Kunduz",
        "Imam Sahib",
    )
    assert (crossing["latitude"], crossing["longitude"]) == (37.19, 68.61)
    assert crossing["sub_event_type"] == "Non-state actor overtakes territory"
    assert crossing["actor1"] == "taliban"  # the publication's own actor, by its name
    assert crossing["actor2"] == "military-forces-of-afghanistan-2004-2021"
    assert crossing["assoc_actor_2"] == ["police-forces-of-afghanistan-2004-2021"]
    assert [s["publisher"] for s in crossing["sources"]] == [
        "ACLED (Armed Conflict Location & Event Data)",
        "Pajhwok Afghan News",
        "Tolo News",
    ]
    assert crossing["summary"].endswith(r"to Tajikistan. \[size=no report\]")

    # The line break inside the quoted notes is a space; the next cells are in place.
    ied = incidents["AFG55402"]
    assert "planted on a road in PD5 of Kabul city" in ied["summary"]
    assert ied["fatalities"] == 3
    assert ied["admin2"] == "Kabul"

    # No notes: a summary made from the type and the place.
    panj = incidents["TJK1180"]
    assert (
        panj["summary"]
        == "Strategic development in Panj, Khatlon, Tajikistan, as recorded by ACLED."
    )
    assert panj["actor2"] is None
    assert (panj["time_precision"], panj["geo_precision"]) == (2, 2)

    attack = incidents["AFG55418"]
    assert attack["actor1"] == "iskp"
    assert attack["assoc_actor_2"] == ["health-workers-afghanistan", "women-afghanistan"]

    assert actors["military-forces-of-afghanistan-2004-2021"] == {
        "id": "military-forces-of-afghanistan-2004-2021",
        "name": "Military Forces of Afghanistan (2004-2021)",
        "kind": "state-force",
        "aliases": [],
        "countries": ["AFG"],
        "affiliated_with": [],
        "acled_inter": "State forces",
        "description": "",
        "links": [],
    }
    assert actors["unidentified-armed-group-afghanistan"]["kind"] == "armed-group"
    assert actors["unidentified-armed-group-afghanistan"]["acled_inter"] == "Political militia"
    assert actors["civilians-afghanistan"]["kind"] == "other"
    # An associated actor has no actor type of its own in ACLED's data.
    assert actors["women-afghanistan"]["acled_inter"] is None
    assert "tehrik-i-taliban-pakistan" not in actors  # only named by a skipped row
    assert report.actors_added == 7


def _written(iso_date: str, style: str) -> str:
    months = ("January", "February", "March", "April", "May", "June", "July", "August")
    day = dt.date.fromisoformat(iso_date)
    return (
        style.replace("%d", str(day.day))
        .replace("%B", months[day.month - 1])
        .replace("%Y", str(day.year))
    )


LAYOUTS = {
    "older, with data_id, iso3 and codes": OLDER,
    "columns shuffled": shuffled(CURRENT),
    "older, columns shuffled": shuffled(OLDER, seed=3),
    "written by R, with NA": r_written(CURRENT),
    "re-saved by a spreadsheet": spreadsheet_resave(CURRENT),
    "re-saved in a European locale": european_resave(CURRENT),
    "CRLF": CURRENT.replace("\n", "\r\n"),
    "22 June 2021": relaid(CURRENT, cells={"event_date": lambda d: _written(d, "%d %B %Y")}),
    "22-June-2021": relaid(CURRENT, cells={"event_date": lambda d: _written(d, "%d-%B-%Y")}),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_gives_the_same_incidents_and_actors(tmp_path: Path, layout: str) -> None:
    expected = imported(tmp_path / "current", CURRENT)
    report = imported(tmp_path / "other", LAYOUTS[layout])
    assert (report.imported, report.skipped) == (expected.imported, expected.skipped)
    assert [s.row for s in report.skips] == [6]
    assert publication_data(tmp_path / "other" / "pub") == publication_data(
        tmp_path / "current" / "pub"
    )


def test_a_layout_without_actor2(tmp_path: Path) -> None:
    imported(tmp_path / "current", CURRENT)
    report = imported(tmp_path / "other", without_actor2(CURRENT))
    assert report.imported == 4
    full, _ = publication_data(tmp_path / "current" / "pub")
    partial, actors = publication_data(tmp_path / "other" / "pub")
    for event_id, incident in partial.items():
        assert incident["actor2"] is None
        assert incident["assoc_actor_2"] == []
        assert incident == {**full[event_id], "actor2": None, "assoc_actor_2": []}
    assert "civilians-afghanistan" not in actors


def test_a_spreadsheet_resave_notes_what_it_did_to_the_encoding(tmp_path: Path) -> None:
    report = imported(tmp_path, european_resave(CURRENT.replace("Panj,,Panj", "Panj,,Pänj")))
    assert report.notices == [
        "note: export.csv is not UTF-8: read as Windows-1252, as a spreadsheet saves CSV "
        "(check names with accents, or save it as CSV UTF-8)"
    ]
    incidents, _ = publication_data(tmp_path / "pub")
    assert incidents["TJK1180"]["location"] == "Pänj"
    assert incidents["TJK1180"]["id"] == "2021-06-28-panj-tjk1180"


# Names matched to the publication's actors; ids that never collide

OWN_ACTORS = (
    ACTORS
    + """\
- id: afghan-forces
  name: Afghan National Defence and Security Forces
  kind: state-force
  aliases:
    - MILITARY FORCES OF  AFGHANISTAN (2004-2021)
    - Police\u00a0Forces of Afghanistan (2004-2021)
- id: civilians-afghanistan
  name: Afghan civilians
  kind: other
"""
)


def test_actors_matched_by_name_or_alias_and_new_ids_never_collide(tmp_path: Path) -> None:
    taken = INCIDENTS + INCIDENTS.split("- id: 2021-06-28-border-post")[0].replace(
        "2021-06-22-sher-khan-bandar", SHER_KHAN_BANDAR
    )
    report = imported(tmp_path, CURRENT, actors=OWN_ACTORS, incidents={"2021.yaml": taken})
    incidents, actors = publication_data(tmp_path / "pub")
    crossing = incidents["AFG55321"]
    # Aliases match whatever the case, the spaces and the non-breaking spaces.
    assert crossing["actor2"] == "afghan-forces"
    assert crossing["assoc_actor_2"] == ["afghan-forces"]
    # A writer's incident has the id the import would give: the import takes the next.
    assert crossing["id"] == SHER_KHAN_BANDAR + "-2"
    # `civilians-afghanistan` is a writer's actor of another name: ACLED's gets the next id.
    assert incidents["AFG55402"]["actor2"] == "civilians-afghanistan-2"
    assert actors["civilians-afghanistan-2"]["name"] == "Civilians (Afghanistan)"
    assert actors["civilians-afghanistan"]["name"] == "Afghan civilians"
    assert report.actors_added == 5
    assert _errors(tmp_path / "pub") == []


def test_an_alias_added_later_takes_acleds_name_over(tmp_path: Path) -> None:
    imported(tmp_path, CURRENT)
    root = tmp_path / "pub"
    actors = (root / "data" / "actors.yaml").read_text(encoding="utf-8")
    alias = "  name: Afghan army\n  aliases: [Military Forces of Afghanistan (2004-2021)]\n"
    write_file(root / "data" / "actors.yaml", actors.replace("  name: Afghan army\n", alias))
    report = imported(tmp_path, CURRENT)
    assert (report.updated, report.unchanged) == (1, 3)
    incidents, _ = publication_data(root)
    assert incidents["AFG55321"]["actor2"] == "afghan-army"
    assert incidents["AFG55321"]["id"] == SHER_KHAN_BANDAR


# Rows left out, with their row numbers

BAD_ROWS = """\
AFG60001,2021-07-01,2021,1,Political violence,Riots/Protests,Violent demonstration,\
Rioters (Afghanistan),,Rioters,,,,Rioters only,,4,South Asia,Afghanistan,Kabul,Kabul,,Kabul,\
34.5553,69.2075,1,Khaama Press,National,Old event type.,0,,1625097600
AFG60002,6/22/2021,2021,1,Political violence,Battles,Armed clash,Taliban,,Rebel group,,,,\
Rebel group only,,4,South Asia,Afghanistan,Kunduz,,,Kunduz,36.7280,68.8681,1,Tolo News,National,\
A date a spreadsheet rewrote.,0,,1625097600
AFG60003,2021-07-02,2021,1,Political violence,Battles,Armed clash,Taliban,,Rebel group,,,,\
Rebel group only,,4,South Asia,Afghanistan,Kunduz,,,Dushanbe,38.5598,68.7870,1,Tolo News,National,\
A point in Tajikistan.,0,,1625097600
AFG60004,2021-07-03,2021,1,Political violence,Battles,Armed clash,Taliban,,Rebel group,,,,\
Rebel group only,,4,South Asia,Afghanistan,Kabul,,,Kabul,69.2075,34.5553,1,Tolo News,National,\
Latitude and longitude swapped.,0,,1625097600
AFG55321,2021-06-22,2021,1,Political violence,Battles,Armed clash,Taliban,,Rebel group,,,,\
Rebel group only,,4,South Asia,Afghanistan,Kunduz,,,Sher Khan Bandar,37.19,68.61,1,Tolo News,\
National,The same event again.,0,,1625097600
AFG60005,2021-07-04,2021,1,Political violence,Battles,Armed clash,,,Rebel group,,,,\
Rebel group only,,4,South Asia,Afghanistan,Kabul,,,Kabul,34.5553,69.2075,1,Tolo News,National,\
No actor1.,0,,1625097600
AFG60006,2021-07-05,2021,1,Political violence,Battles,Armed clash,Taliban,,Rebel group,,,,\
Rebel group only,,4,South Asia,Afghanistan,Kabul,,,Kabul,34.5553,69.2075,1,Tolo News,National,\
Fatalities in words.,several,,1625097600
AFG60007,2098-07-05,2098,1,Political violence,Battles,Armed clash,Taliban,,Rebel group,,,,\
Rebel group only,,4,South Asia,Afghanistan,Kabul,,,Kabul,34.5553,69.2075,1,Tolo News,National,\
A date in the future.,0,,1625097600
AFG60008,2021-07-06,2021,1,Political violence,Battles,Armed clash,Taliban,,Rebel group,,,,
AFG60009,2021-07-07,2021,4,Political violence,Protests,Peaceful protest,Protesters (Afghanistan),,\
Protesters,,,,Protesters only,,4,South Asia,Afghanistan,Kabul,,,Kabul,34.5553,69.2075,1,\
Tolo News,National,A precision ACLED does not use.,0,,1625097600
XKX2205,2021-07-08,2021,1,Demonstrations,Protests,Peaceful protest,Protesters (Kosovo),,\
Protesters,,,,Protesters only,,0,Europe,Kosovo,Pristina,,,Pristina,42.6629,21.1655,1,\
Koha Ditore,National,A country with no ISO code.,0,,1625097600
"""


def test_rows_left_out_are_reported_with_their_row_and_reason(tmp_path: Path) -> None:
    report = imported(tmp_path, CURRENT + BAD_ROWS)
    assert report.lines()[:13] == [
        # Row 6, on line 7 of the file: row 3's notes hold a line break.
        "row 6 (PAK86011): skipped: Pakistan (PAK) is not a country of the publication "
        "(add it to data/countries.yaml to import its events)",
        "row 7 (AFG60001): skipped: event_type 'Riots/Protests' is not one of ACLED's six "
        "event types",
        "row 8 (AFG60002): skipped: event_date '6/22/2021' is not a date (ACLED writes "
        "2021-06-22, 22 June 2021, 22-June-2021 or 22-Jun-21)",
        "row 9 (AFG60003): skipped: (38.5598, 68.787) is about 107 km outside Afghanistan: "
        "the point lies in TJK",
        "row 10 (AFG60004): skipped: (69.2075, 34.5553) is about 1696 km outside Afghanistan: "
        "latitude and longitude look swapped",
        "row 11 (AFG55321): skipped: the same event_id_cnty as row 2, which is imported",
        "row 12 (AFG60005): skipped: actor1 is empty",
        "row 13 (AFG60006): skipped: fatalities 'several' is not a number",
        "row 14 (AFG60007): skipped: event_date: 2098-07-05 is not a plausible date for an "
        "event (1900 to today)",
        "row 15 (AFG60008): skipped: has 14 cells where the header has 31 columns (a delimiter "
        "or a quote out of place; export the file again)",
        "row 16 (AFG60009): skipped: time_precision 4 should be 1, 2 or 3",
        "row 17 (XKX2205): skipped: Kosovo (XKX) is not a country of the publication "
        "(add it to data/countries.yaml to import its events)",
        "added 7 actors to data/actors/acled.yaml",
    ]
    assert report.summary() == (
        "export.csv: 16 rows: imported 4, updated 0, unchanged 0, skipped 12"
    )
    _incidents, actors = publication_data(tmp_path / "pub")
    assert not any(a.startswith(("rioters", "protesters")) for a in actors)


def test_a_file_cut_short_in_an_older_layout(tmp_path: Path) -> None:
    report = imported(tmp_path, OLDER + "8372302,4\n")
    assert report.lines()[1] == (
        "row 7: skipped: has 2 cells where the header has 31 columns "
        "(a delimiter or a quote out of place; export the file again)"
    )
    assert report.imported == 4


def test_an_export_from_before_2019_is_skipped_row_by_row(tmp_path: Path) -> None:
    report = imported(tmp_path, BEFORE_2019)
    assert report.lines() == [
        "rows 2-3: skipped: the export has no sub_event_type column: ACLED's layout before "
        "2019, whose event types are not today's (download these events again from ACLED)",
        "export.csv: 2 rows: imported 0, updated 0, unchanged 0, skipped 2",
    ]
    assert not (tmp_path / "pub" / "data" / "incidents" / "acled").exists()


def test_an_export_without_a_needed_column(tmp_path: Path) -> None:
    names = [n for n in rows(CURRENT)[0] if n != "latitude"]
    report = imported(tmp_path, relaid(CURRENT, columns=names))
    assert report.lines()[0] == (
        "rows 2-6: skipped: the export has no latitude column "
        "(download the events again from ACLED with all columns)"
    )


def test_a_file_that_is_not_an_acled_export_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="its header has no event_id_cnty column"):
        imported(tmp_path, "id,date,place\n1,2021-06-22,Kabul\n")


# Idempotence, revisions, writers' files


def test_a_second_import_changes_nothing(tmp_path: Path) -> None:
    imported(tmp_path, CURRENT + BAD_ROWS)
    before = files(tmp_path / "pub")
    report = imported(tmp_path, CURRENT + BAD_ROWS)
    assert (report.imported, report.updated, report.unchanged, report.skipped) == (0, 0, 4, 12)
    assert report.written == report.removed == []
    assert report.actors_added == 0
    assert files(tmp_path / "pub") == before


def test_the_same_events_in_another_layout_change_nothing(tmp_path: Path) -> None:
    imported(tmp_path, CURRENT)
    before = files(tmp_path / "pub")
    report = imported(tmp_path, r_written(shuffled(OLDER)))
    assert (report.imported, report.updated, report.unchanged) == (0, 0, 4)
    assert files(tmp_path / "pub") == before


REVISED = (
    CURRENT.replace(
        "Sher Khan Bandar,37.1900,68.6100,1,", "Sher Khan Bandar port,37.1950,68.6100,1,"
    )
    .replace('exploded, killing 3 civilians.",3,', 'exploded, killing 4 civilians.",4,')
    .replace("TJK1180,2021-06-28,2021,", "TJK1180,2022-01-03,2022,")
)


def test_a_revised_event_is_updated_in_place_and_keeps_its_id(tmp_path: Path) -> None:
    imported(tmp_path, CURRENT)
    before, _ = publication_data(tmp_path / "pub")
    report = imported(tmp_path, REVISED)
    assert (report.imported, report.updated, report.unchanged) == (0, 3, 1)
    assert report.written == [
        "data/incidents/acled/afg/2021.yaml",
        "data/incidents/acled/tjk/2022.yaml",
    ]
    assert report.removed == ["data/incidents/acled/tjk/2021.yaml"]
    after, _ = publication_data(tmp_path / "pub")
    assert {e: i["id"] for e, i in after.items()} == {e: i["id"] for e, i in before.items()}
    assert after["AFG55321"]["location"] == "Sher Khan Bandar port"
    assert after["AFG55321"]["latitude"] == 37.195
    assert after["AFG55402"]["fatalities"] == 4
    assert after["TJK1180"]["date"] == dt.date(2022, 1, 3)
    assert after["AFG55418"] == before["AFG55418"]
    assert _errors(tmp_path / "pub") == []


def test_events_kept_in_writers_files_are_left_alone(tmp_path: Path) -> None:
    kept = INCIDENTS.replace(
        "  summary: The crossing was taken.",
        "  acled_event_id: AFG55321\n  summary: The crossing was taken.",
    )
    root = write_publication(tmp_path / "pub", incidents={"2021/06.yaml": kept})
    writers = files(root)
    report = imported(tmp_path, CURRENT)
    assert report.lines()[0] == (
        "row 2 (AFG55321): skipped: the event is incident 2021-06-22-sher-khan-bandar in "
        "data/incidents/2021/06.yaml, a writers' file, which the import leaves as it is"
    )
    assert report.imported == 3
    after = files(root)
    assert {p: after[p] for p in writers} == writers
    incidents, _ = publication_data(root)
    assert incidents["AFG55321"]["id"] == "2021-06-22-sher-khan-bandar"


def test_errors_in_the_imports_own_files_stop_it_before_it_writes(tmp_path: Path) -> None:
    imported(tmp_path, CURRENT)
    own = tmp_path / "pub" / "data" / "incidents" / "acled" / "afg" / "2021.yaml"
    write_file(own, own.read_text(encoding="utf-8").replace("fatalities: 3", "fatalities: -3"))
    before = files(tmp_path / "pub")
    with pytest.raises(
        ImportRefused, match=r"data/incidents/acled/afg/2021.yaml:\d+:\d+: fatalities"
    ):
        imported(tmp_path, REVISED)
    assert files(tmp_path / "pub") == before


# What it writes validates and builds strictly

MARKDOWN_NOTES = relaid(
    CURRENT,
    cells={
        "notes": lambda n: n.replace(
            "On 30 June 2021", "# 1. <b>Two</b> *polio* [vaccinators](javascript:x) &amp; 30 June"
        )
    },
)


def test_what_it_writes_validates_and_builds_strictly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    imported(tmp_path, MARKDOWN_NOTES)
    root = tmp_path / "pub"
    assert [p for p in check_publication(root) if p.severity is not Severity.INFO] == []
    built = build_site(root, caplog)
    assert built.messages(logging.WARNING) == []
    page = built.page("incidents/2021-06-30-jalalabad-afg55418/")
    # ACLED's notes are text: nothing in them is read as Markdown or HTML.
    assert (
        "# 1. &lt;b&gt;Two&lt;/b&gt; *polio* [vaccinators](javascript:x) &amp;amp; 30 June" in page
    )
    assert "ACLED (Armed Conflict Location &amp; Event Data)" in page
    assert "[size=no report]" in built.page(f"incidents/{SHER_KHAN_BANDAR}/")


# The command


def test_the_command_reports_and_a_dry_run_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_publication(tmp_path / "pub")
    export = write_export(tmp_path, "acled-2021.csv", CURRENT)
    before = files(root)
    assert main(["import-acled", str(export), "--root", str(root), "--dry-run"]) == 0
    dry = capsys.readouterr().out.splitlines()
    assert files(root) == before
    assert main(["import-acled", str(export), "--root", str(root)]) == 0
    done = capsys.readouterr().out.splitlines()
    assert done == [
        "row 6 (PAK86011): skipped: Pakistan (PAK) is not a country of the publication "
        "(add it to data/countries.yaml to import its events)",
        "added 7 actors to data/actors/acled.yaml",
        "wrote data/incidents/acled/afg/2021.yaml",
        "wrote data/incidents/acled/tjk/2021.yaml",
        "wrote data/actors/acled.yaml",
        "acled-2021.csv: 5 rows: imported 4, updated 0, unchanged 0, skipped 1",
    ]
    assert dry == [
        done[0],
        "would add 7 actors to data/actors/acled.yaml",
        *(line.replace("wrote", "would write") for line in done[2:5]),
        done[5],
        "dry run: nothing was written",
    ]
    assert main(["import-acled", str(export), "--root", str(root)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        done[0],
        "acled-2021.csv: 5 rows: imported 0, updated 0, unchanged 4, skipped 1",
    ]


def test_the_command_with_another_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_publication(tmp_path / "pub")
    (root / "data").rename(root / "db")
    export = write_export(tmp_path, "export.csv", CURRENT)
    assert main(["import-acled", str(export), "--root", str(root), "--data-dir", "db"]) == 0
    assert "wrote db/incidents/acled/afg/2021.yaml" in capsys.readouterr().out
    assert _errors(root, Layout(data_dir="db")) == []


def test_the_command_refuses_what_is_not_an_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_publication(tmp_path / "pub")
    assert main(["import-acled", str(tmp_path / "missing.csv"), "--root", str(root)]) == 1
    assert capsys.readouterr().err.startswith("error: missing.csv: cannot be read")


def _errors(root: Path, layout: Layout | None = None) -> list[str]:
    problems = check_publication(root, layout) if layout else check_publication(root)
    return [str(p) for p in problems if p.severity is not Severity.INFO]
