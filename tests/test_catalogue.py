"""A catalogue of writers' mistakes: one each, with the exact file, line and a helpful message.

Each case writes a small valid publication, changes one file, and checks that
``validate`` reports exactly one error, located where the mistake is (or, for an item
with two mistakes, both: every check that can runs in the same run).
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conflict_monitor.build import check_publication
from conflict_monitor.cli import main
from conflict_monitor.load import load_publication
from conflict_monitor.model import Severity
from conftest import build_site, write_file, write_publication

INCIDENT = """\
- id: 2021-06-22-sher-khan-bandar
  date: 2021-06-22
  time_precision: 1
  country: AFG
  location: Sher Khan Bandar
  latitude: 37.19
  longitude: 68.61
  geo_precision: 1
  event_type: Battles
  sub_event_type: Non-state actor overtakes territory
  actor1: taliban
  summary: The crossing was taken.
  sources:
    - publisher: Example News
      url: https://example.org/news/1
"""

ACTOR = """\
- id: taliban
  name: Taliban
  kind: armed-group
  countries: [AFG]
- id: afghan-army
  name: Afghan army
  kind: state-force
  affiliated_with: [taliban]
"""

COUNTRIES = """\
- iso3: AFG
  region: Central Asia
  summary: North.
- iso3: TJK
  region: Central Asia
  summary: Across the river.
"""

ARTICLE = """\
---
title: Border posts fall
date: 2021-06-30
summary: The Taliban took the crossings.
countries: [AFG]
actors: [taliban]
incidents: [2021-06-22-sher-khan-bandar]
---

Text.
"""

INCIDENTS_FILE = "data/incidents/2021.yaml"
ACTORS_FILE = "data/actors.yaml"
COUNTRIES_FILE = "data/countries.yaml"
ARTICLE_FILE = "content/articles/border.md"
AUTHORS_FILE = "data/authors.yaml"  # optional: not in the base publication

AUTHOR = """\
- id: farida-nazarova
  name: Farida Nazarova
  role: Central Asia analyst
"""


def incident(old: str, new: str) -> dict[str, str | bytes]:
    assert old in INCIDENT
    return {INCIDENTS_FILE: INCIDENT.replace(old, new, 1)}


def actor(old: str, new: str) -> dict[str, str | bytes]:
    assert old in ACTOR
    return {ACTORS_FILE: ACTOR.replace(old, new, 1)}


def country(old: str, new: str) -> dict[str, str | bytes]:
    assert old in COUNTRIES
    return {COUNTRIES_FILE: COUNTRIES.replace(old, new, 1)}


def article(old: str, new: str) -> dict[str, str | bytes]:
    assert old in ARTICLE
    return {ARTICLE_FILE: ARTICLE.replace(old, new, 1)}


def author(old: str, new: str) -> dict[str, str | bytes]:
    """data/authors.yaml with one change, and the article naming its author."""
    assert old in AUTHOR
    return {
        AUTHORS_FILE: AUTHOR.replace(old, new, 1),
        **article("summary:", "authors: [farida-nazarova]\nsummary:"),
    }


def bylined(authors: str) -> dict[str, str | bytes]:
    """The article naming ``authors``, in a publication that lists its authors."""
    return {AUTHORS_FILE: AUTHOR, **article("summary:", f"authors: {authors}\nsummary:")}


# (case, files changed, expected error as printed, exactly; or each of them, in order)
CATALOGUE: list[tuple[str, dict[str, str | bytes], str | list[str]]] = [
    (
        "id not lowercase",
        {
            **incident("id: 2021-06-22-sher-khan-bandar", "id: Sher Khan"),
            **article("incidents: [2021-06-22-sher-khan-bandar]", "incidents: []"),
        },
        "data/incidents/2021.yaml:1:3: id: 'Sher Khan' is not a valid id (use lowercase ASCII "
        "letters, digits and hyphens, such as `sher-khan`)",
    ),
    (
        "id reused across files",
        {"data/incidents/2021.yaml": INCIDENT, "data/incidents/2022.yaml": INCIDENT},
        "data/incidents/2022.yaml:1:3: id: incident '2021-06-22-sher-khan-bandar' is defined "
        "twice: at data/incidents/2021.yaml:1 and data/incidents/2022.yaml:1 (keep the id of "
        "the one already published, and give the other its own)",
    ),
    (
        "date not real",
        incident("date: 2021-06-22", "date: 2021-02-30"),
        "data/incidents/2021.yaml:2:9: date: '2021-02-30' is not a real date (write it as "
        "YYYY-MM-DD)",
    ),
    (
        "date not a date",
        incident("date: 2021-06-22", "date: last Tuesday"),
        "data/incidents/2021.yaml:2:3: date: 'last Tuesday' is not a date (write it as YYYY-MM-DD)",
    ),
    (
        "date_end before date",
        incident("  time_precision", "  date_end: 2021-06-20\n  time_precision"),
        "data/incidents/2021.yaml:3:3: date_end: 2021-06-20 is before date 2021-06-22; correct "
        "one of them",
    ),
    (
        "time precision out of codes",
        incident("time_precision: 1", "time_precision: 4"),
        "data/incidents/2021.yaml:3:3: time_precision: 4 is not a precision code (use 1, 2 or 3 "
        "(ACLED))",
    ),
    (
        "country not covered",
        incident("country: AFG", "country: UZB"),
        "data/incidents/2021.yaml:4:3: country: 'UZB' is not a country in data/countries.yaml "
        "(add the country to data/countries.yaml or correct the code)",
    ),
    (
        "country not a code",
        incident("country: AFG", "country: Afghanistan"),
        "data/incidents/2021.yaml:4:3: country: 'Afghanistan' is not an ISO 3166-1 alpha-3 code "
        "(write three capital letters, such as AFG)",
    ),
    (
        "location missing",
        incident("  location: Sher Khan Bandar\n", ""),
        "data/incidents/2021.yaml:1:3: location: is required (add `location:` to this item)",
    ),
    (
        "latitude out of range",
        incident("latitude: 37.19", "latitude: 137.19"),
        "data/incidents/2021.yaml:6:3: latitude: 137.19 is out of range (must be less than or "
        "equal to 90)",
    ),
    (
        "longitude not a number",
        incident("longitude: 68.61", "longitude: 68.61E"),
        "data/incidents/2021.yaml:7:3: longitude: '68.61E' is not a number (write decimal "
        "degrees such as 37.19)",
    ),
    (
        "point in another country",
        incident("latitude: 37.19\n  longitude: 68.61", "latitude: 38.56\n  longitude: 68.77"),
        "data/incidents/2021.yaml:6:3: latitude: (38.56, 68.77) is about 108 km outside "
        "Afghanistan (the point lies in TJK; check the coordinates or the country)",
    ),
    (
        "latitude and longitude swapped",
        incident("latitude: 37.19\n  longitude: 68.61", "latitude: 68.61\n  longitude: 37.19"),
        "data/incidents/2021.yaml:6:3: latitude: (68.61, 37.19) is about 1658 km outside "
        "Afghanistan (latitude and longitude look swapped)",
    ),
    (
        "geo precision out of codes",
        incident("geo_precision: 1", "geo_precision: 0"),
        "data/incidents/2021.yaml:8:3: geo_precision: 0 is not a precision code (use 1, 2 or 3 "
        "(ACLED))",
    ),
    (
        "event type not ACLED's",
        incident("event_type: Battles", "event_type: Battle"),
        "data/incidents/2021.yaml:9:3: event_type: 'Battle' is not allowed (use 'Battles', "
        "'Protests', 'Riots', 'Explosions/Remote violence', 'Violence against civilians' or "
        "'Strategic developments')",
    ),
    (
        "sub-event type of another event type",
        incident(
            "sub_event_type: Non-state actor overtakes territory",
            "sub_event_type: Peaceful protest",
        ),
        "data/incidents/2021.yaml:10:3: sub_event_type: 'Peaceful protest' is not a sub-event "
        "type of 'Battles'; use one of: Government regains territory, Non-state actor overtakes "
        "territory, Armed clash",
    ),
    (
        "actor1 unknown",
        incident("actor1: taliban", "actor1: talibn"),
        "data/incidents/2021.yaml:11:3: actor1: 'talibn' is not a known actor id (did you mean "
        "`taliban`?)",
    ),
    (
        "actor2 unknown",
        incident("actor1: taliban", "actor1: taliban\n  actor2: ansf"),
        "data/incidents/2021.yaml:12:3: actor2: 'ansf' is not a known actor id (add the actor "
        "to data/ or correct the id)",
    ),
    (
        "associated actor unknown",
        incident(
            "actor1: taliban",
            "actor1: taliban\n  assoc_actor_1:\n    - afghan-army\n    - afgan-army",
        ),
        "data/incidents/2021.yaml:14:7: assoc_actor_1: 'afgan-army' is not a known actor id "
        "(did you mean `afghan-army`?)",
    ),
    (
        "fatalities negative",
        incident("actor1: taliban", "actor1: taliban\n  fatalities: -3"),
        "data/incidents/2021.yaml:12:3: fatalities: -3 is out of range (must be greater than or "
        "equal to 0)",
    ),
    (
        "fatalities not whole",
        incident("actor1: taliban", "actor1: taliban\n  fatalities: 2.5"),
        "data/incidents/2021.yaml:12:3: fatalities: 2.5 is not a whole number (write a whole "
        "number such as 0)",
    ),
    (
        "high figure below low",
        incident("actor1: taliban", "actor1: taliban\n  fatalities: 5\n  fatalities_high: 2"),
        "data/incidents/2021.yaml:13:3: fatalities_high: 2 is lower than fatalities (5)",
    ),
    (
        "no sources",
        incident(
            "  sources:\n    - publisher: Example News\n      url: https://example.org/news/1\n",
            "  sources: []\n",
        ),
        "data/incidents/2021.yaml:13:3: sources: needs at least one source (add a source with "
        "a publisher or a url)",
    ),
    (
        "source without publisher or url",
        incident(
            "    - publisher: Example News\n      url: https://example.org/news/1",
            "    - title: A report",
        ),
        "data/incidents/2021.yaml:14:7: sources[1]: a source needs a publisher or a url",
    ),
    (
        "source url not http",
        incident("url: https://example.org/news/1", "url: javascript:alert(1)"),
        "data/incidents/2021.yaml:15:7: sources[1].url: only http:// and https:// links are "
        "allowed",
    ),
    (
        "misspelt field",
        incident("latitude: 37.19", "lattitude: 37.19"),
        "data/incidents/2021.yaml:6:3: lattitude: is not a field of this item (did you mean "
        "`latitude`?)",
    ),
    (
        "field given twice",
        incident("  geo_precision: 1\n", "  geo_precision: 1\n  geo_precision: 2\n"),
        "data/incidents/2021.yaml:9:3: geo_precision: is given twice in this item (first on "
        "line 8) (keep one: YAML would silently keep only the last)",
    ),
    (
        "python tag",
        incident("location: Sher Khan Bandar", "location: !!python/object:os.system x"),
        "data/incidents/2021.yaml:5:13: location: the tag "
        "tag:yaml.org,2002:python/object:os.system is not allowed (write plain values; tags "
        "that build objects are refused)",
    ),
    (
        "not UTF-8",
        {INCIDENTS_FILE: INCIDENT.replace("Sher Khan", "Sh\xe9r Khan").encode("latin-1")},
        "data/incidents/2021.yaml:5: is not UTF-8 text (byte 0xe9) (save the file as UTF-8)",
    ),
    (
        "top level not a list",
        {INCIDENTS_FILE: INCIDENT.replace("- id", "  id")},
        "data/incidents/2021.yaml:1:3: must be a list of incident items, not a mapping (start "
        "each item with `- `)",
    ),
    (
        "YAML syntax error",
        incident("  country: AFG", " country: AFG"),
        "data/incidents/2021.yaml:4:2: YAML syntax error: did not find expected '-' indicator "
        "(check the indentation and quoting around this line)",
    ),
    (
        "tab indentation",
        incident("  country: AFG", "\tcountry: AFG"),
        "data/incidents/2021.yaml:4:1: YAML syntax error: found a tab character that violates "
        "indentation (indent with spaces, not tabs)",
    ),
    (
        "item not a mapping",
        {INCIDENTS_FILE: INCIDENT + "- just a sentence\n"},
        "data/incidents/2021.yaml:16:3: each item must be an incident with fields, not a single "
        "value",
    ),
    (
        "actor kind unknown",
        actor("kind: armed-group", "kind: militia"),
        "data/actors.yaml:3:3: kind: 'militia' is not allowed (use 'armed-group', "
        "'state-force', 'security-service', 'government', 'international-organisation', "
        "'political-party', 'person' or 'other')",
    ),
    (
        "affiliation unknown",
        actor("affiliated_with: [taliban]", "affiliated_with: [talibam]"),
        "data/actors.yaml:8:21: affiliated_with: 'talibam' is not a known actor id (did you "
        "mean `taliban`?)",
    ),
    (
        "reserved actor id",
        actor("id: afghan-army", "id: index"),
        "data/actors.yaml:5:3: id: 'index' is reserved for the site's own pages (choose "
        "another id)",
    ),
    (
        "ACLED actor type out of codes",
        actor("kind: state-force", "kind: state-force\n  acled_inter: 9"),
        "data/actors.yaml:8:3: acled_inter: 9 is not an ACLED actor type code; use 1 to 8",
    ),
    (
        "actor link not http",
        actor("kind: state-force", "kind: state-force\n  links: [ftp://x.org/a]"),
        "data/actors.yaml:8:11: links[1]: only http:// and https:// links are allowed",
    ),
    (
        "actor country not covered",
        actor("countries: [AFG]", "countries: [AFG, PAK]"),
        "data/actors.yaml:4:20: countries: 'PAK' is not a country in data/countries.yaml (add "
        "the country to data/countries.yaml or correct the code)",
    ),
    (
        "country code not real",
        country("iso3: TJK", "iso3: TJX"),
        "data/countries.yaml:4:3: iso3: 'TJX' is not an ISO 3166-1 alpha-3 code (did you mean "
        "`TJK`?)",
    ),
    (
        "country listed twice",
        country("iso3: TJK", "iso3: AFG"),
        "data/countries.yaml:4:3: iso3: country 'AFG' is defined twice: at data/countries.yaml:1"
        " and data/countries.yaml:4 (list each country once)",
    ),
    (
        "country region missing",
        country("  region: Central Asia\n  summary: North.\n", "  summary: North.\n"),
        "data/countries.yaml:1:3: region: is required (add `region:` to this item)",
    ),
    (
        "article summary missing",
        article("summary: The Taliban took the crossings.\n", ""),
        "content/articles/border.md:2:1: summary: is required (add `summary:` to this item)",
    ),
    (
        "article names unknown actor",
        article("actors: [taliban]", "actors: [taliban, csto]"),
        "content/articles/border.md:6:19: actors: 'csto' is not a known actor id (add the "
        "actor to data/ or correct the id)",
    ),
    (
        "article names unknown incident",
        article("incidents: [2021-06-22-sher-khan-bandar]", "incidents: [2021-06-22-sher-khan]"),
        "content/articles/border.md:7:13: incidents: '2021-06-22-sher-khan' is not a known "
        "incident id (did you mean `2021-06-22-sher-khan-bandar`?)",
    ),
    (
        "article date not a date",
        article("date: 2021-06-30", "date: June 30"),
        "content/articles/border.md:3:1: date: 'June 30' is not a date (write it as YYYY-MM-DD)",
    ),
    (
        "article without front matter",
        {ARTICLE_FILE: "# Just text\n"},
        "content/articles/border.md:1:1: has no front matter (start the file with `---`, the "
        "article's fields, and `---`)",
    ),
    (
        "article updated before date",
        article("date: 2021-06-30", "date: 2021-06-30\nupdated: 2021-06-01"),
        "content/articles/border.md:4:1: updated: 2021-06-01 is before date 2021-06-30 "
        "(correct one of them)",
    ),
    (
        "alias of an anchor",
        incident("actor1: taliban", "actor1: taliban\n  tags: &t [border]\n  assoc_actor_1: *t"),
        "data/incidents/2021.yaml:13:3: assoc_actor_1: anchors and aliases (&name, *name)"
        " are not supported (write the value out)",
    ),
    (
        "ambiguous octal number",
        incident("actor1: taliban", "actor1: taliban\n  fatalities: 010"),
        "data/incidents/2021.yaml:12:15: fatalities: 010 is an ambiguous number in YAML ("
        "octal or base 60) (write it without leading zeros or colons, or put it in quotes"
        ")",
    ),
    (
        "malformed tagged value",
        incident("geo_precision: 1", "geo_precision: !!bool nope"),
        "data/incidents/2021.yaml:8:18: geo_precision: 'nope' is not a valid bool (remove the tag)",
    ),
    (
        "precision code given as true",
        incident("time_precision: 1", "time_precision: true"),
        "data/incidents/2021.yaml:3:3: time_precision: true is not a precision code; use "
        "1, 2 or 3 (ACLED)",
    ),
    (
        "number given as text",
        incident("actor1: taliban", "actor1: taliban\n  fatalities: '3'"),
        "data/incidents/2021.yaml:12:3: fatalities: '3' is not a whole number (write a wh"
        "ole number such as 0)",
    ),
    (
        "date given as a number",
        incident("date: 2021-06-22", "date: 0"),
        "data/incidents/2021.yaml:2:3: date: 0 is not a date (write it as YYYY-MM-DD)",
    ),
    (
        "date in the future",
        incident("date: 2021-06-22", "date: 9999-12-31"),
        "data/incidents/2021.yaml:2:3: date: 9999-12-31 is not a plausible date for an ev"
        "ent (1900 to today)",
    ),
    (
        "unclosed quote",
        incident("location: Sher Khan Bandar", 'location: "Sher Khan Bandar'),
        "data/incidents/2021.yaml:5:13: YAML syntax error: the quoted text that starts he"
        "re is not closed (found unexpected end of stream) (close the quote or bracket)",
    ),
    (
        "unclosed front matter",
        {ARTICLE_FILE: ARTICLE.replace("---\n\nText.", "\nText.")},
        "content/articles/border.md:1:1: the front matter is not closed (end it with a li"
        "ne holding only `---`)",
    ),
    (
        "country name taking the index address",
        country("  summary: Across the river.", "  name: Index\n  summary: Across the river."),
        "data/countries.yaml:6:3: name: 'Index' gives the page address /countries/index/,"
        " reserved for the countries' index (give the country another name)",
    ),
    # An item with a mistake stays out of the site, but every check that does not read
    # the broken field still runs: all its mistakes come in one run.
    (
        "point swapped in an incident with another mistake",
        incident(
            "latitude: 37.19\n  longitude: 68.61",
            "latitude: 68.61\n  longitude: 37.19\n  fatalities: -3",
        ),
        [
            "data/incidents/2021.yaml:6:3: latitude: (68.61, 37.19) is about 1658 km outside "
            "Afghanistan (latitude and longitude look swapped)",
            "data/incidents/2021.yaml:8:3: fatalities: -3 is out of range (must be greater "
            "than or equal to 0)",
        ],
    ),
    (
        "id reused by an incident with another mistake",
        {
            "data/incidents/2021.yaml": INCIDENT,
            "data/incidents/2022.yaml": INCIDENT.replace(
                "actor1: taliban", "actor1: taliban\n  fatalities: many"
            ),
        },
        [
            "data/incidents/2022.yaml:1:3: id: incident '2021-06-22-sher-khan-bandar' is "
            "defined twice: at data/incidents/2021.yaml:1 and data/incidents/2022.yaml:1 (keep "
            "the id of the one already published, and give the other its own)",
            "data/incidents/2022.yaml:12:3: fatalities: 'many' is not a whole number (write a "
            "whole number such as 0)",
        ],
    ),
    (
        "unknown actor in an incident with another mistake",
        incident("actor1: taliban", "actor1: talibn\n  fatalities: -3"),
        [
            "data/incidents/2021.yaml:11:3: actor1: 'talibn' is not a known actor id (did you "
            "mean `taliban`?)",
            "data/incidents/2021.yaml:12:3: fatalities: -3 is out of range (must be greater "
            "than or equal to 0)",
        ],
    ),
    (
        "id of an actor with another mistake reused",
        {
            ACTORS_FILE: ACTOR.replace("kind: armed-group", "kind: militia")
            + "- id: taliban\n  name: Taliban movement\n  kind: armed-group\n"
        },
        [
            "data/actors.yaml:3:3: kind: 'militia' is not allowed (use 'armed-group', "
            "'state-force', 'security-service', 'government', 'international-organisation', "
            "'political-party', 'person' or 'other')",
            "data/actors.yaml:9:3: id: actor 'taliban' is defined twice: at data/actors.yaml:1 "
            "and data/actors.yaml:9 (keep the id of the one already published, and give the "
            "other its own)",
        ],
    ),
    (
        "reserved id of an actor with another mistake",
        actor("id: afghan-army\n  name: Afghan army\n", "id: index\n"),
        [
            "data/actors.yaml:5:3: id: 'index' is reserved for the site's own pages (choose "
            "another id)",
            "data/actors.yaml:5:3: name: is required (add `name:` to this item)",
        ],
    ),
    (
        "unknown actor in an article with another mistake",
        {
            ARTICLE_FILE: ARTICLE.replace("date: 2021-06-30", "date: June 30").replace(
                "actors: [taliban]", "actors: [taliban, csto]"
            )
        },
        [
            "content/articles/border.md:3:1: date: 'June 30' is not a date (write it as "
            "YYYY-MM-DD)",
            "content/articles/border.md:6:19: actors: 'csto' is not a known actor id (add the "
            "actor to data/ or correct the id)",
        ],
    ),
    # A place in a list is counted as writers count: from one.
    (
        "second associated actor not an id",
        incident("actor1: taliban", "actor1: taliban\n  assoc_actor_1: [afghan-army, Afghan Army]"),
        "data/incidents/2021.yaml:12:32: assoc_actor_1[2]: 'Afghan Army' is not a valid id (use "
        "lowercase ASCII letters, digits and hyphens, such as `afghan-army`)",
    ),
    (
        "alias in a list",
        incident(
            "url: https://example.org/news/1",
            "url: https://example.org/news/1\n    - &s {publisher: X}\n    - *s",
        ),
        "data/incidents/2021.yaml:17:7: sources[3]: anchors and aliases (&name, *name) are not "
        "supported (write the value out)",
    ),
    (
        "correction without a date",
        article(
            "date: 2021-06-30",
            "date: 2021-06-30\ncorrections:\n  - date: 0\n    note: Casualty figure corrected.",
        ),
        "content/articles/border.md:5:5: corrections[1].date: 0 is not a date (write it as "
        "YYYY-MM-DD)",
    ),
    # Dates in quotes, as JSON and many YAML tools write them, are dates (see
    # test_quoted_dates_are_dates); quoted text that is no date is not.
    (
        "quoted date not real",
        incident("date: 2021-06-22", 'date: "2021-02-30"'),
        "data/incidents/2021.yaml:2:3: date: '2021-02-30' is not a real date (write it as "
        "YYYY-MM-DD)",
    ),
    (
        "quoted date not ISO",
        article("date: 2021-06-30", 'date: "30/06/2021"'),
        "content/articles/border.md:3:1: date: '30/06/2021' is not a date (write it as YYYY-MM-DD)",
    ),
    (
        "article names unknown author",
        bylined("[farida-nazarov]"),
        "content/articles/border.md:4:11: authors: 'farida-nazarov' is not an author in "
        "data/authors.yaml (did you mean `farida-nazarova`?)",
    ),
    (
        "article names an author by name",
        bylined("[farida-nazarova, Farida Nazarova]"),
        "content/articles/border.md:4:28: authors: 'Farida Nazarova' is not an author in "
        "data/authors.yaml (name the author by id: `farida-nazarova`)",
    ),
    (
        "article names an author not listed",
        bylined("[editorial-team]"),
        "content/articles/border.md:4:11: authors: 'editorial-team' is not an author in "
        "data/authors.yaml (add the author to data/authors.yaml or correct the id)",
    ),
    (
        "author id reused",
        {AUTHORS_FILE: AUTHOR + AUTHOR},
        "data/authors.yaml:4:3: id: author 'farida-nazarova' is defined twice: at "
        "data/authors.yaml:1 and data/authors.yaml:4 (keep the id of the one already "
        "published, and give the other its own)",
    ),
    (
        "author id not valid",
        {AUTHORS_FILE: AUTHOR.replace("id: farida-nazarova", "id: Farida Nazarova")},
        "data/authors.yaml:1:3: id: 'Farida Nazarova' is not a valid id (use lowercase ASCII "
        "letters, digits and hyphens, such as `farida-nazarova`)",
    ),
    (
        "reserved author id",
        {AUTHORS_FILE: AUTHOR.replace("id: farida-nazarova", "id: index")},
        "data/authors.yaml:1:3: id: 'index' is reserved for the site's own pages (choose "
        "another id)",
    ),
    (
        "author name missing",
        author("  name: Farida Nazarova\n", ""),
        "data/authors.yaml:1:3: name: is required (add `name:` to this item)",
    ),
    (
        "author link not http",
        author("role: Central Asia analyst", "links: [javascript:alert(1)]"),
        "data/authors.yaml:3:11: links[1]: only http:// and https:// links are allowed",
    ),
    (
        "misspelt author field",
        author("role: Central Asia analyst", "link: [https://example.org/farida]"),
        "data/authors.yaml:3:3: link: is not a field of this item (did you mean `links`?)",
    ),
    (
        "authors file not a list",
        {AUTHORS_FILE: AUTHOR.replace("- id", "  id")},
        "data/authors.yaml:1:3: must be a list of author items, not a mapping (start each "
        "item with `- `)",
    ),
]


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    write_publication(
        root,
        countries=COUNTRIES,
        actors=ACTOR,
        incidents={"2021.yaml": INCIDENT},
        articles={"border.md": ARTICLE},
    )
    for name, content in files.items():
        write_file(root / name, content)


def _errors(root: Path) -> list[str]:
    return [str(p) for p in check_publication(root) if p.severity is Severity.ERROR]


def test_the_base_publication_is_valid(tmp_path: Path) -> None:
    _write(tmp_path, {})
    assert _errors(tmp_path) == []


@pytest.mark.parametrize(("case", "files", "expected"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_mistake_is_reported_where_it_is(
    tmp_path: Path, case: str, files: dict[str, str | bytes], expected: str | list[str]
) -> None:
    _write(tmp_path, files)
    assert _errors(tmp_path) == (expected if isinstance(expected, list) else [expected])


def test_every_mistake_of_a_run_is_reported_together(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {}
    for changed in (
        incident("actor1: taliban", "actor1: talibn"),
        actor("kind: armed-group", "kind: militia"),
        country("iso3: TJK", "iso3: TJX"),
        article("actors: [taliban]", "actors: [taliban, csto]"),
    ):
        files.update(changed)
    _write(tmp_path, files)
    errors = _errors(tmp_path)
    assert [e.split(":")[0] for e in errors] == [
        "content/articles/border.md",
        "data/actors.yaml",
        "data/countries.yaml",
        "data/incidents/2021.yaml",
    ]


# A duplicate id: both places named, neither blamed for being read later; where the
# publication is a git checkout, the one not in the last commit is named as new.
PUBLISHED = {"data/incidents/2021.yaml": INCIDENT}
ANOTHER = INCIDENT.replace("Sher Khan Bandar", "Kunduz").replace("The crossing", "The city")


WRITER = ["-c", "user.name=Writer", "-c", "user.email=w@example.org", "-c", "commit.gpgsign=false"]


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *WRITER, *args], check=True, capture_output=True)


def _published(root: Path) -> None:
    """The base publication, committed: what readers see."""
    _write(root, PUBLISHED)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Published")


def test_a_reused_id_names_the_new_item_in_a_new_file_though_it_sorts_first(
    tmp_path: Path,
) -> None:
    _published(tmp_path)
    write_file(tmp_path / "data/incidents/2020.yaml", ANOTHER)
    assert _errors(tmp_path) == [
        "data/incidents/2020.yaml:1:3: id: incident '2021-06-22-sher-khan-bandar' is defined "
        "twice: at data/incidents/2020.yaml:1 and data/incidents/2021.yaml:1; the one at "
        "data/incidents/2020.yaml:1 is new, not in the last commit (give it its own id)"
    ]


def test_a_reused_id_names_the_new_item_above_the_published_one(tmp_path: Path) -> None:
    _published(tmp_path)
    write_file(tmp_path / "data/incidents/2021.yaml", ANOTHER + INCIDENT)
    assert _errors(tmp_path) == [
        "data/incidents/2021.yaml:1:3: id: incident '2021-06-22-sher-khan-bandar' is defined "
        "twice: at data/incidents/2021.yaml:1 and data/incidents/2021.yaml:16; the one at "
        "data/incidents/2021.yaml:1 is new, not in the last commit (give it its own id)"
    ]


NEUTRAL = (
    "data/incidents/2021.yaml:1:3: id: incident '2021-06-22-sher-khan-bandar' is defined twice: "
    "at data/incidents/2020.yaml:1 and data/incidents/2021.yaml:1 (keep the id of the one "
    "already published, and give the other its own)"
)


def test_a_reused_id_blames_neither_when_both_are_committed(tmp_path: Path) -> None:
    _published(tmp_path)
    write_file(tmp_path / "data/incidents/2020.yaml", ANOTHER)
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "A pull request's commit")
    assert _errors(tmp_path) == [NEUTRAL]


def test_a_reused_id_blames_neither_without_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _published(tmp_path)
    write_file(tmp_path / "data/incidents/2020.yaml", ANOTHER)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    assert _errors(tmp_path) == [NEUTRAL]


def test_a_reused_id_blames_neither_outside_a_git_checkout(tmp_path: Path) -> None:
    _write(tmp_path, {**PUBLISHED, "data/incidents/2020.yaml": ANOTHER})
    assert _errors(tmp_path) == [NEUTRAL]


# Warnings: `make serve` shows them; the strict build (and so pull requests) fails on
# them, and so does `validate`, unless told to be lenient.
WARNINGS: list[tuple[str, dict[str, str | bytes], str]] = [
    (
        "incident without a summary",
        incident("  summary: The crossing was taken.\n", ""),
        "data/incidents/2021.yaml:1:3: summary: the incident has no summary; its page would "
        "say nothing of what happened (add `summary:` in the publication's own words)",
    ),
    (
        "misspelt front-matter key",
        article("summary:", "countires: [AFG]\nsummary:"),
        "content/articles/border.md:4:1: countires: is not an article field, and is ignored "
        "(did you mean `countries`?)",
    ),
    (
        "data file that is not YAML",
        {"data/incidents/2022.yml.txt": INCIDENT},
        "data/incidents/2022.yml.txt: is not read: only .yaml and .yml files hold data (rename "
        "it to end in .yaml)",
    ),
]


@pytest.mark.parametrize(("case", "files", "expected"), WARNINGS, ids=[c[0] for c in WARNINGS])
def test_a_warning_fails_validate_as_it_fails_the_strict_build(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    case: str,
    files: dict[str, str | bytes],
    expected: str,
) -> None:
    _write(tmp_path, files)
    assert main(["validate", "--quiet", str(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"warning: {expected}",
        "1 warning(s): the strict build and pull requests fail on them.",
    ]
    assert main(["validate", "--quiet", "--lenient", str(tmp_path)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "1 warning(s): the strict build and pull requests fail on them; --lenient lets them "
        "pass here."
    ]
    with pytest.raises(Abort):
        build_site(tmp_path, caplog)
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warned == [f"conflict-monitor: {expected}"]


def test_what_validate_passes_the_strict_build_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    _write(tmp_path, {})
    assert main(["validate", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "The publication is valid.\n"
    build_site(tmp_path, caplog)


# Dates in quotes are dates, in every date field; quoted text that is no date is not
# (see the catalogue).
QUOTED_DATES: dict[str, str | bytes] = {
    INCIDENTS_FILE: INCIDENT.replace(
        "date: 2021-06-22", 'date: "2021-06-22"\n  date_end: "2021-06-23"'
    ).replace(
        "url: https://example.org/news/1",
        "url: https://example.org/news/1\n      date: '2021-06-23'",
    ),
    ARTICLE_FILE: ARTICLE.replace(
        "date: 2021-06-30",
        'date: "2021-06-30"\nupdated: "2021-07-02"\ncorrections:\n'
        '  - {"date": "2021-07-02", "note": "The date of the attack corrected."}',
    ),
}


def test_quoted_dates_are_dates(tmp_path: Path) -> None:
    _write(tmp_path, QUOTED_DATES)
    publication, problems = load_publication(tmp_path)
    assert [str(p) for p in problems] == []
    (incident_,) = publication.incidents.values()
    assert (incident_.date, incident_.date_end) == (dt.date(2021, 6, 22), dt.date(2021, 6, 23))
    assert incident_.sources[0].date == dt.date(2021, 6, 23)
    (meta,) = [a.meta for a in publication.articles]
    assert (meta.date, meta.updated) == (dt.date(2021, 6, 30), dt.date(2021, 7, 2))
    assert meta.corrections[0].date == dt.date(2021, 7, 2)
