"""ACLED exports as they come: the same four events in each of ACLED's layouts, and the
ways spreadsheets re-save them.

The texts below are written by hand the way ACLED's site writes its CSV (the header
verbatim, quotes only where a cell needs them) and the way its older export tool
did (``data_id`` first, dates as ``22 June 2021``, actor types as codes, ``iso3``
last). Variants (shuffled columns, other dates, NA cells) are made from them with
the csv module, never with the import's own code.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from pathlib import Path

CURRENT_COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,"
    "source,source_scale,notes,fatalities,tags,timestamp"
)

# ACLED's site today: 31 columns, ISO dates, actor types as names. Four events in the
# publication's countries (one with a line break inside its quoted notes) and one in
# Pakistan, which the test publication does not cover.
CURRENT = f"""\
{CURRENT_COLUMNS}
AFG55321,2021-06-22,2021,1,Political violence,Battles,Non-state actor overtakes territory,\
Taliban,,Rebel group,Military Forces of Afghanistan (2004-2021),\
Police Forces of Afghanistan (2004-2021),State forces,Rebel group-State forces,,4,\
South Asia,Afghanistan,Kunduz,Imam Sahib,,Sher Khan Bandar,37.1900,68.6100,1,\
Pajhwok Afghan News; Tolo News,National,"On 22 June 2021, Taliban fighters took the \
Sher Khan Bandar crossing after clashes with the ANDSF, who withdrew across the river \
to Tajikistan. [size=no report]",0,,1625097600
AFG55402,2021-06-25,2021,1,Political violence,Explosions/Remote violence,\
Remote explosive/landmine/IED,Unidentified Armed Group (Afghanistan),,Political militia,\
Civilians (Afghanistan),,Civilians,Political militia-Civilians,Civilian targeting,4,\
South Asia,Afghanistan,Kabul,Kabul,,Kabul,34.5553,69.2075,1,Khaama Press,National,\
"On 25 June 2021, an IED planted on a road
in PD5 of Kabul city exploded, killing 3 civilians.",3,,1625184000
TJK1180,2021-06-28,2021,2,Strategic developments,Strategic developments,Other,\
Military Forces of Tajikistan (1994-),,State forces,,,,State forces only,,762,\
Caucasus and Central Asia,Tajikistan,Khatlon,Panj,,Panj,37.2372,69.0989,2,Asia-Plus,\
National,,0,,1625270400
AFG55418,2021-06-30,2021,1,Political violence,Violence against civilians,Attack,\
Islamic State Khorasan Province,,Rebel group,Civilians (Afghanistan),\
Health Workers (Afghanistan); Women (Afghanistan),Civilians,Rebel group-Civilians,\
Civilian targeting,4,South Asia,Afghanistan,Nangarhar,Jalalabad,,Jalalabad,34.4265,\
70.4515,1,Pajhwok Afghan News; Twitter,Local partner-National,"On 30 June 2021, IS-K \
gunmen shot dead two polio vaccinators in Jalalabad city.",2,,1625356800
PAK86011,2021-06-26,2021,1,Political violence,Battles,Armed clash,\
Tehrik-i-Taliban Pakistan,,Rebel group,Military Forces of Pakistan (2018-),,State forces,\
Rebel group-State forces,,586,South Asia,Pakistan,Khyber Pakhtunkhwa,North Waziristan,,\
Miran Shah,33.0025,70.0706,1,Dawn,National,"On 26 June 2021, TTP militants clashed with \
the military near Miran Shah.",1,,1625270400
"""

# ACLED's export tool until 2022: data_id and iso first, event_id_no_cnty, dates in
# words, actor types and interactions as codes (0: no actor2), iso3 last.
OLDER = """\
data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,\
sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,\
country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,\
notes,fatalities,timestamp,iso3
8372011,4,AFG55321,55321,22 June 2021,2021,1,Battles,Non-state actor overtakes territory,\
Taliban,,2,Military Forces of Afghanistan (2004-2021),Police Forces of Afghanistan (2004-2021),\
1,12,South Asia,Afghanistan,Kunduz,Imam Sahib,,Sher Khan Bandar,37.1900,68.6100,1,\
Pajhwok Afghan News; Tolo News,National,"On 22 June 2021, Taliban fighters took the \
Sher Khan Bandar crossing after clashes with the ANDSF, who withdrew across the river \
to Tajikistan. [size=no report]",0,1625097600,AFG
8372114,4,AFG55402,55402,25 June 2021,2021,1,Explosions/Remote violence,\
Remote explosive/landmine/IED,Unidentified Armed Group (Afghanistan),,3,\
Civilians (Afghanistan),,7,37,South Asia,Afghanistan,Kabul,Kabul,,Kabul,34.5553,69.2075,1,\
Khaama Press,National,"On 25 June 2021, an IED planted on a road
in PD5 of Kabul city exploded, killing 3 civilians.",3,1625184000,AFG
8372290,762,TJK1180,1180,28 June 2021,2021,2,Strategic developments,Other,\
Military Forces of Tajikistan (1994-),,1,,,0,10,Caucasus and Central Asia,Tajikistan,Khatlon,\
Panj,,Panj,37.2372,69.0989,2,Asia-Plus,National,,0,1625270400,TJK
8372301,4,AFG55418,55418,30 June 2021,2021,1,Violence against civilians,Attack,\
Islamic State Khorasan Province,,2,Civilians (Afghanistan),\
Health Workers (Afghanistan); Women (Afghanistan),7,27,South Asia,Afghanistan,Nangarhar,\
Jalalabad,,Jalalabad,34.4265,70.4515,1,Pajhwok Afghan News; Twitter,Local partner-National,\
"On 30 June 2021, IS-K gunmen shot dead two polio vaccinators in Jalalabad city.",2,\
1625356800,AFG
8372255,586,PAK86011,86011,26 June 2021,2021,1,Battles,Armed clash,\
Tehrik-i-Taliban Pakistan,,2,Military Forces of Pakistan (2018-),,1,12,South Asia,Pakistan,\
Khyber Pakhtunkhwa,North Waziristan,,Miran Shah,33.0025,70.0706,1,Dawn,National,\
"On 26 June 2021, TTP militants clashed with the military near Miran Shah.",1,1625270400,PAK
"""

# ACLED before 2019: uppercase names, ALLY_ACTOR, and no sub-event types.
BEFORE_2019 = """\
GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,ACTOR1,\
ALLY_ACTOR_1,INTER1,ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,COUNTRY,ADMIN1,ADMIN2,ADMIN3,\
LOCATION,LATITUDE,LONGITUDE,GEO_PRECISION,SOURCE,NOTES,FATALITIES
700,AFG1001,1001,12/03/2017,2017,1,Battle-No change of territory,Taliban,,2,\
Military Forces of Afghanistan (2014-),,1,12,Afghanistan,Kunduz,Imam Sahib,,Imam Sahib,\
37.1750,68.9153,1,Pajhwok Afghan News,Clashes in Imam Sahib.,4
700,AFG1002,1002,13/03/2017,2017,1,Remote violence,Unidentified Armed Group (Afghanistan),,3,\
,,0,30,Afghanistan,Kabul,Kabul,,Kabul,34.5553,69.2075,1,Khaama Press,An IED exploded.,0
"""

EVENTS = ("AFG55321", "AFG55402", "TJK1180", "AFG55418")  # in the publication's countries


def rows(text: str) -> list[dict[str, str]]:
    """The rows of an export by column name, as csv reads them."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def relaid(
    text: str,
    *,
    columns: list[str] | None = None,
    cells: dict[str, Callable[[str], str]] | None = None,
    delimiter: str = ",",
    quote_all: bool = False,
    line_end: str = "\n",
) -> str:
    """The export with other columns (in another order, or fewer), cells changed by
    column, or another CSV dialect, as another tool would write it."""
    table = rows(text)
    names = columns or list(table[0])
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=delimiter,
        lineterminator=line_end,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(names)
    for row in table:
        writer.writerow([(cells or {}).get(n, str)(row[n]) for n in names])
    return out.getvalue()


def shuffled(text: str, seed: int = 7) -> str:
    names = list(rows(text)[0])
    random.Random(seed).shuffle(names)
    return relaid(text, columns=names)


def without_actor2(text: str) -> str:
    names = [n for n in rows(text)[0] if n not in ("actor2", "assoc_actor_2", "inter2")]
    return relaid(text, columns=names)


def r_written(text: str) -> str:
    """As R's write.csv writes a data frame: every text quoted, NA for a missing value."""
    table = rows(text)
    out = io.StringIO()
    out.write(",".join(f'"{n}"' for n in table[0]) + "\n")
    for row in table:
        cells = []
        for value in row.values():
            if value == "":
                cells.append("NA")
            elif value.lstrip("-").replace(".", "", 1).isdigit():
                cells.append(value)
            else:
                cells.append('"' + value.replace('"', '""') + '"')
        out.write(",".join(cells) + "\n")
    return out.getvalue()


def spreadsheet_resave(text: str) -> bytes:
    """As a spreadsheet saves "CSV UTF-8": a BOM, CRLF line ends, dates as 22-Jun-21,
    and non-breaking spaces where a name was pasted from the web."""
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

    def short_date(iso: str) -> str:
        year, month, day = iso.split("-")
        return f"{int(day)}-{months[int(month) - 1]}-{year[2:]}"

    def pasted(name: str) -> str:
        for words in ("Islamic State", "Sher Khan", "Kabul"):
            name = name.replace(words, words.replace(" ", "\u00a0") + "\u00a0")
        return name

    resaved = relaid(
        text,
        cells={"event_date": short_date, "actor1": pasted, "location": pasted},
        line_end="\r\n",
    )
    return b"\xef\xbb\xbf" + resaved.encode("utf-8")


def european_resave(text: str) -> bytes:
    """As a spreadsheet in a European locale saves CSV: semicolons, decimal commas,
    Windows-1252."""
    decimal = {c: (lambda v: v.replace(".", ",")) for c in ("latitude", "longitude")}
    return relaid(text, cells=decimal, delimiter=";", line_end="\r\n").encode("cp1252")


def write_export(folder: Path, name: str, content: str | bytes) -> Path:
    """The export saved as a file, as given (text as UTF-8, with its own line ends)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def synthetic(count: int, seed: int = 20210622) -> str:
    """A large export in today's layout (for the import's speed): ``count`` events in
    Afghanistan and Tajikistan, 200 actor names, some rows with no actor2."""
    rng = random.Random(seed)
    places = (
        ("AFG", 4, "Afghanistan", "Kunduz", 36.72, 68.86),
        ("AFG", 4, "Afghanistan", "Kabul", 34.55, 69.20),
        ("AFG", 4, "Afghanistan", "Herat", 34.34, 62.20),
        ("TJK", 762, "Tajikistan", "Khatlon", 37.90, 68.80),
    )
    events = (
        ("Battles", "Armed clash"),
        ("Explosions/Remote violence", "Air/drone strike"),
        ("Violence against civilians", "Attack"),
        ("Protests", "Peaceful protest"),
        ("Strategic developments", "Arrests"),
    )
    inter = ("State forces", "Rebel group", "Political militia", "Identity militia", "Civilians")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CURRENT_COLUMNS.split(","))
    for n in range(count):
        iso3, iso, country, admin1, lat, lon = rng.choice(places)
        event_type, sub = rng.choice(events)
        day = f"{rng.randrange(2018, 2024)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        actor2 = f"Group {rng.randrange(200)} ({country})" if n % 3 else ""
        writer.writerow(
            [
                f"{iso3}{n}", day, day[:4], rng.choice((1, 1, 2)), "Political violence",
                event_type, sub, f"Group {rng.randrange(200)} ({country})",
                f"Group {rng.randrange(200)} ({country}); Group {rng.randrange(200)} ({country})"
                if n % 5 == 0 else "",
                rng.choice(inter), actor2, "", rng.choice(inter) if actor2 else "", "", "",
                iso, "South Asia", country, admin1, f"District {n % 40}", "",
                f"Village {n % 997}", f"{lat + rng.uniform(-0.2, 0.2):.4f}",
                f"{lon + rng.uniform(-0.2, 0.2):.4f}", rng.choice((1, 2, 3)),
                "Pajhwok Afghan News; Khaama Press", "National",
                f"On that day, event number {n} happened near village {n % 997} [size=no report].",
                rng.choice((0, 0, 1, 3)), "", 1625097600 + n,
            ]
        )  # fmt: skip
    return out.getvalue()
