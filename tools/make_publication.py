"""Write a synthetic publication of any size, for benchmarks and scale checks.

    python tools/make_publication.py OUT [--shape reference|legacy] [--articles 1000] ...

The publication is valid: real countries, points inside them, ACLED types, and
articles that name actors, countries and incidents. Output is deterministic.

``--shape reference`` (the default) is the shape of a newsroom's publication that the
benchmark measures: 30 countries, 400 actors with aliases, incidents over 4 years with
a summary of about 30 words, one titled source and two actors each, and articles of
about 1,000 words with headings, links to other articles and ``[[country:...]]`` and
``[[actor:...]]`` references. ``--shape legacy`` is the earlier, smaller shape: 6
countries, 200 actors, one-line summaries, and articles of repeated emphasised text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

from conflict_monitor.rules.borders import Borders

REPO = Path(__file__).resolve().parent.parent

# Points known to be well inside each country, and a spread in degrees around them.
LEGACY_COUNTRIES = {
    "AFG": ("Central Asia", 34.5, 67.0, 1.5),
    "TJK": ("Central Asia", 38.6, 70.0, 0.6),
    "UZB": ("Central Asia", 41.0, 64.5, 1.0),
    "KAZ": ("Central Asia", 48.0, 68.0, 3.0),
    "KGZ": ("Central Asia", 41.5, 74.5, 0.6),
    "PAK": ("South Asia", 30.0, 70.0, 1.5),
}
# Large countries: a point drawn around the centre lands inside nearly every time.
REFERENCE_COUNTRIES = {
    "AFG": ("Central Asia", 34.5, 67.0, 1.5),
    "PAK": ("South Asia", 30.0, 70.0, 1.5),
    "UZB": ("Central Asia", 41.0, 64.5, 1.0),
    "KAZ": ("Central Asia", 48.0, 68.0, 3.0),
    "IRN": ("Middle East", 32.5, 54.0, 2.0),
    "IRQ": ("Middle East", 33.0, 43.5, 1.0),
    "SYR": ("Middle East", 35.0, 38.5, 0.8),
    "SAU": ("Middle East", 24.0, 45.0, 3.0),
    "YEM": ("Middle East", 15.5, 47.5, 1.0),
    "TUR": ("Europe", 39.0, 35.0, 1.5),
    "UKR": ("Europe", 49.0, 31.5, 2.0),
    "EGY": ("North Africa", 26.5, 29.5, 2.0),
    "LBY": ("North Africa", 27.0, 17.0, 3.0),
    "DZA": ("North Africa", 28.0, 3.0, 3.0),
    "SDN": ("North Africa", 15.5, 30.0, 2.0),
    "MLI": ("West Africa", 17.0, -2.0, 2.0),
    "NER": ("West Africa", 17.0, 9.0, 2.0),
    "NGA": ("West Africa", 9.5, 8.0, 2.0),
    "TCD": ("Middle Africa", 15.0, 19.0, 2.0),
    "CAF": ("Middle Africa", 6.5, 20.5, 1.2),
    "COD": ("Middle Africa", -2.5, 23.5, 3.0),
    "AGO": ("Middle Africa", -12.0, 17.5, 2.5),
    "SSD": ("East Africa", 7.5, 30.0, 1.0),
    "ETH": ("East Africa", 9.0, 39.5, 2.0),
    "SOM": ("East Africa", 4.0, 45.5, 0.6),
    "MMR": ("Southeast Asia", 21.0, 96.0, 1.0),
    "IND": ("South Asia", 22.0, 79.0, 3.0),
    "MEX": ("Latin America", 24.0, -103.0, 1.5),
    "COL": ("Latin America", 4.0, -73.5, 1.5),
    "BRA": ("Latin America", -10.0, -52.0, 5.0),
}
SHAPES = {"reference": REFERENCE_COUNTRIES, "legacy": LEGACY_COUNTRIES}
DEFAULT_ACTORS = {"reference": 400, "legacy": 200}
# Words of the synthetic prose: enough of them that the text compresses and indexes
# like writing, not like one repeated sentence.
_PROSE = (
    "the a of in and to on near after before during forces fighters village district "
    "road checkpoint convoy market clashes attack shelling drone strike protest arrest "
    "reported local officials said residents fled killed wounded displaced government "
    "militia police army group commander rival control border town province river "
    "bridge crossing supply ceasefire talks negotiations aid humanitarian agencies "
    "access week month since earlier later overnight morning evening northern southern "
    "eastern western central heavy sporadic renewed continued escalation pressure"
)
WORDS = _PROSE.split(" ")
EVENTS = [
    ("Battles", "Armed clash"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Strategic developments", "Arrests"),
]


def dump(value: object, **options: object) -> str:
    """YAML as ``yaml.safe_dump`` writes it, with libyaml where installed (ten times faster)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(value, Dumper=dumper, **options)


def words(rng: random.Random, count: int) -> str:
    """``count`` words of synthetic prose, as one sentence."""
    text = " ".join(rng.choice(WORDS) for _ in range(count))
    return text[0].upper() + text[1:] + "."


def check_centres(countries: dict[str, tuple[str, float, float, float]], borders: Borders) -> None:
    """Each centre well inside its country, not in a territory it disputes."""
    for iso3, (_region, lat, lon, _spread) in countries.items():
        placed = borders.place(iso3, lat, lon)
        if not placed.inside or placed.distance_km or placed.territory is not None:
            raise SystemExit(f"{iso3}: ({lat}, {lon}) is not well inside the country")


def make(
    out: Path,
    articles: int,
    incidents: int,
    actors: int | None = None,
    shape: str = "reference",
) -> None:
    """Write a publication of ``shape`` (``reference`` or ``legacy``) into ``out``."""
    reference = shape == "reference"
    countries_by_code = SHAPES[shape]
    codes = list(countries_by_code)
    actors = DEFAULT_ACTORS[shape] if actors is None else actors
    rng = random.Random(20210622)
    if out.exists():
        shutil.rmtree(out)
    (out / "data" / "incidents").mkdir(parents=True)
    (out / "content" / "articles").mkdir(parents=True)
    shutil.copytree(REPO / "docs_templates", out / "docs_templates")
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    for page in ("index.md", "about.md", "methodology.md"):
        shutil.copy(REPO / "content" / page, out / "content" / page)

    countries = [
        {"iso3": iso3, "region": region, "summary": f"Synthetic country {iso3}."}
        for iso3, (region, *_rest) in countries_by_code.items()
    ]
    actor_items = [
        {
            "id": f"actor-{n:04d}",
            "name": f"Actor {n:04d}",
            "kind": rng.choice(["armed-group", "state-force", "government", "person"]),
            "aliases": [f"Alias {n}", f"Актор {n}"],
            "countries": sorted(rng.sample(codes, min(2, len(codes)))),
            "affiliated_with": [f"actor-{n - 1:04d}"] if n % 10 else [],
        }
        for n in range(actors)
    ]
    borders = Borders()
    check_centres(countries_by_code, borders)
    start = dt.date(2018, 1, 1)
    by_month: dict[str, list[dict[str, object]]] = {}
    for n in range(incidents):
        iso3 = rng.choice(codes)
        _region, lat, lon, spread = countries_by_code[iso3]
        while True:  # a point inside the country, as the checks require
            latitude = round(lat + rng.uniform(-spread, spread), 4)
            longitude = round(lon + rng.uniform(-spread, spread), 4)
            if borders.place(iso3, latitude, longitude).distance_km == 0:
                break
        event_type, sub = rng.choice(EVENTS)
        day = start + dt.timedelta(days=rng.randrange(365 * 4))
        # Two different actors (the legacy shape drew each on its own).
        actor1, actor2 = rng.sample(range(actors), 2) if reference else (0, 0)
        source: dict[str, object] = {"publisher": "Synthetic Wire"}
        if reference:
            source["title"] = f"{event_type} near place {n}, {day:%d %B %Y}"
        source["url"] = f"https://example.org/{n}"
        incident = {
            "id": f"{day.isoformat()}-incident-{n:05d}",
            "date": day,
            "time_precision": rng.choice([1, 1, 2]),
            "country": iso3,
            "admin1": f"Province {rng.randrange(8)}",
            "location": f"Place {n}",
            "latitude": latitude,
            "longitude": longitude,
            "geo_precision": rng.choice([1, 1, 2, 3]),
            "event_type": event_type,
            "sub_event_type": sub,
            "actor1": f"actor-{actor1 if reference else rng.randrange(actors):04d}",
            "actor2": f"actor-{actor2 if reference else rng.randrange(actors):04d}",
            "fatalities": rng.choice([0, 0, 1, 2, 5, 12]),
            "summary": words(rng, rng.randint(25, 35))
            if reference
            else f"Synthetic incident {n} near place {n}.",
            "sources": [source],
        }
        by_month.setdefault(day.strftime("%Y-%m"), []).append(incident)
    incident_ids = [i["id"] for month in by_month.values() for i in month]

    (out / "data" / "countries.yaml").write_text(dump(countries, sort_keys=False))
    (out / "data" / "actors.yaml").write_text(
        dump(actor_items, sort_keys=False, allow_unicode=True)
    )
    for month, items in sorted(by_month.items()):
        (out / "data" / "incidents" / f"{month}.yaml").write_text(dump(items, sort_keys=False))
    days = [start + dt.timedelta(days=n % (365 * 4)) for n in range(articles)]
    for n, day in enumerate(days):
        folder = out / "content" / "articles" / str(day.year)
        folder.mkdir(exist_ok=True)
        meta = {
            "title": f"Analysis {n}: the situation in week {n % 52}",
            "date": day,
            "summary": f"Synthetic analysis number {n}.",
            "countries": sorted(rng.sample(codes, min(2, len(codes)))),
            "actors": sorted(rng.sample([a["id"] for a in actor_items], 3)),
            "incidents": sorted(rng.sample(incident_ids, min(3, len(incident_ids)))),
        }
        if reference:
            body = reference_body(rng, n, days, codes, actors)
        else:
            body = "\n\n".join(
                f"## Section {s}\n\n" + " ".join(["Analysis text with *emphasis*."] * 40)
                for s in range(4)
            )
        (folder / f"analysis-{n:04d}.md").write_text(
            "---\n" + dump(meta, sort_keys=False) + f"---\n\n# {meta['title']}\n\n{body}\n"
        )


def reference_body(
    rng: random.Random, n: int, days: list[dt.date], codes: list[str], actors: int
) -> str:
    """About 1,000 words: five sections of three paragraphs, each paragraph with a
    reference to a country or an actor, and a link to another article in each section."""
    sections = []
    for s in range(5):
        paragraphs = []
        for p in range(3):
            if p % 2:
                named = f"[[actor:actor-{rng.randrange(actors):04d}]]"
            else:
                named = f"[[country:{rng.choice(codes)}]]"
            paragraphs.append(f"{words(rng, 30)} In {named}, {words(rng, 30)[:-1].lower()}.")
            paragraphs[-1] += " " + words(rng, 2)
        other = rng.randrange(len(days))
        link = f"../{days[other].year}/analysis-{other:04d}.md"
        paragraphs.append(f"{words(rng, 20)} See [analysis {other}]({link}).")
        sections.append(f"## Section {s}: {words(rng, 3)[:-1]}\n\n" + "\n\n".join(paragraphs))
    return "\n\n".join(sections)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--incidents", type=int, default=20000)
    parser.add_argument("--actors", type=int, help="400 (reference) or 200 (legacy)")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="reference")
    args = parser.parse_args()
    make(args.out, args.articles, args.incidents, args.actors, args.shape)


if __name__ == "__main__":
    main()
