"""Write a synthetic publication of any size, for benchmarks and scale checks.

    python tools/make_publication.py OUT --articles 1000 --incidents 20000

The publication is valid: real countries, points inside them, ACLED types, and
articles that name actors, countries and incidents. Output is deterministic.
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
COUNTRIES = {
    "AFG": ("Central Asia", 34.5, 67.0, 1.5),
    "TJK": ("Central Asia", 38.6, 70.0, 0.6),
    "UZB": ("Central Asia", 41.0, 64.5, 1.0),
    "KAZ": ("Central Asia", 48.0, 68.0, 3.0),
    "KGZ": ("Central Asia", 41.5, 74.5, 0.6),
    "PAK": ("South Asia", 30.0, 70.0, 1.5),
}
EVENTS = [
    ("Battles", "Armed clash"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Strategic developments", "Arrests"),
]


def make(out: Path, articles: int, incidents: int, actors: int = 200) -> None:
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
        for iso3, (region, *_rest) in COUNTRIES.items()
    ]
    actor_items = [
        {
            "id": f"actor-{n:04d}",
            "name": f"Actor {n:04d}",
            "kind": rng.choice(["armed-group", "state-force", "government", "person"]),
            "aliases": [f"Alias {n}", f"Актор {n}"],
            "countries": sorted(rng.sample(list(COUNTRIES), min(2, len(COUNTRIES)))),
            "affiliated_with": [f"actor-{n - 1:04d}"] if n % 10 else [],
        }
        for n in range(actors)
    ]
    borders = Borders()
    start = dt.date(2018, 1, 1)
    by_month: dict[str, list[dict[str, object]]] = {}
    for n in range(incidents):
        iso3 = rng.choice(list(COUNTRIES))
        _region, lat, lon, spread = COUNTRIES[iso3]
        while True:  # a point inside the country, as the checks require
            latitude = round(lat + rng.uniform(-spread, spread), 4)
            longitude = round(lon + rng.uniform(-spread, spread), 4)
            if borders.place(iso3, latitude, longitude).distance_km == 0:
                break
        event_type, sub = rng.choice(EVENTS)
        day = start + dt.timedelta(days=rng.randrange(365 * 4))
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
            "actor1": f"actor-{rng.randrange(actors):04d}",
            "actor2": f"actor-{rng.randrange(actors):04d}",
            "fatalities": rng.choice([0, 0, 1, 2, 5, 12]),
            "summary": f"Synthetic incident {n} near place {n}.",
            "sources": [{"publisher": "Synthetic Wire", "url": f"https://example.org/{n}"}],
        }
        by_month.setdefault(day.strftime("%Y-%m"), []).append(incident)
    incident_ids = [i["id"] for month in by_month.values() for i in month]

    (out / "data" / "countries.yaml").write_text(yaml.safe_dump(countries, sort_keys=False))
    (out / "data" / "actors.yaml").write_text(
        yaml.safe_dump(actor_items, sort_keys=False, allow_unicode=True)
    )
    for month, items in sorted(by_month.items()):
        (out / "data" / "incidents" / f"{month}.yaml").write_text(
            yaml.safe_dump(items, sort_keys=False)
        )
    for n in range(articles):
        day = start + dt.timedelta(days=n % (365 * 4))
        folder = out / "content" / "articles" / str(day.year)
        folder.mkdir(exist_ok=True)
        meta = {
            "title": f"Analysis {n}: the situation in week {n % 52}",
            "date": day,
            "summary": f"Synthetic analysis number {n}.",
            "countries": sorted(rng.sample(list(COUNTRIES), min(2, len(COUNTRIES)))),
            "actors": sorted(rng.sample([a["id"] for a in actor_items], 3)),
            "incidents": sorted(rng.sample(incident_ids, min(3, len(incident_ids)))),
        }
        body = "\n\n".join(
            f"## Section {s}\n\n" + " ".join(["Analysis text with *emphasis*."] * 40)
            for s in range(4)
        )
        (folder / f"analysis-{n:04d}.md").write_text(
            "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n"
            f"# {meta['title']}\n\n{body}\n"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--incidents", type=int, default=20000)
    parser.add_argument("--actors", type=int, default=200)
    args = parser.parse_args()
    make(args.out, args.articles, args.incidents, args.actors)


if __name__ == "__main__":
    main()
