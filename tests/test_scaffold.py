"""`conflict-monitor new`: a draft article that validates and builds once published, any
title kept as written, nothing overwritten or named wrongly; an incident template that
names every field of the model."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
import yaml

from conflict_monitor.build import check_publication
from conflict_monitor.cli import main
from conflict_monitor.load import load_publication
from conflict_monitor.model import EVENT_TYPES, Incident, Severity, Source
from conflict_monitor.scaffold import (
    ScaffoldRefused,
    incident_template,
    markdown_text,
    new_article,
)
from conftest import build_site, write_publication

DAY = dt.date(2021, 7, 1)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A publication without articles: the sample countries, actors and incidents."""
    return write_publication(tmp_path / "pub", articles={})


def _published(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count("\ndraft: true\n") == 1
    path.write_text(text.replace("\ndraft: true\n", "\ndraft: false\n"), encoding="utf-8")


def _heading(page: str) -> str:
    """The text of the page's first heading, as readers see it."""
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert found, "no h1"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def test_a_new_article_is_a_draft_that_builds_strictly_once_published(
    root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = new_article(
        root, "Border posts fall", countries=["AFG", "tjk"], actors=["taliban"], today=DAY
    )
    assert path == root / "content/articles/2021/border-posts-fall.md"
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert meta["date"] == DAY
    assert meta["countries"] == ["AFG", "TJK"]
    assert meta["summary"].startswith("Replace this sentence")
    assert check_publication(root) == []
    draft = build_site(root, caplog)
    assert not (draft.site / "articles/2021/border-posts-fall").exists()

    _published(path)
    problems = check_publication(root)
    assert [p for p in problems if p.severity is not Severity.INFO] == []
    built = build_site(root, caplog)
    page = built.page("articles/2021/border-posts-fall/")
    assert _heading(page) == "Border posts fall"
    assert 'href="../../../countries/afghanistan/"' in page  # the [[country:AFG]] example
    assert "border-posts-fall" in built.page("actors/taliban/")


HOSTILE_TITLES = [
    '"Quoted": the #1 risk, C# & F# <script>alert(1)</script>',
    "- a leading dash: 'single' quotes, a colon: and # a hash",
    "[[actor:taliban]] *not bold* _nor this_ `nor code` {#not-an-id} \\ ! [x](y) &amp;",
    "? key: | > % @ &anchor *alias !!python/object",
    "1:30",
    "yes",
    "  Талибан:   «наступление»\n на севере  ",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_any_title_is_kept_as_written(root: Path, title: str) -> None:
    path = new_article(root, title, countries=["AFG"], slug="hostile", today=DAY)
    publication, problems = load_publication(root)
    assert problems == []
    [draft] = publication.drafts
    assert draft.meta.title == " ".join(title.split())  # line breaks and runs of spaces go
    # The body's example only: the title's heading is not read as a reference.
    assert [(r.kind, r.target) for r in draft.references] == [("country", "AFG")]
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert [line for line in body.splitlines() if line.startswith("#")] == [
        f"# {markdown_text(draft.meta.title)}"
    ]


def test_a_hostile_title_reaches_the_page_as_text(
    root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    title = '"C# & F#": <b>[[actor:taliban]]</b> *#1* {#x} — Талибан'
    path = new_article(root, title, countries=["AFG"], today=DAY)
    assert path.name == "c-f-b-actor-taliban-b-1-x.md"
    _published(path)
    page = build_site(root, caplog).page("articles/2021/c-f-b-actor-taliban-b-1-x/")
    assert _heading(page) == title
    shown_title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert shown_title and html.unescape(shown_title.group(1)) == f"{title} - Test monitor"


def test_a_title_without_latin_letters_needs_a_slug(root: Path) -> None:
    with pytest.raises(ScaffoldRefused, match="choose one with --slug"):
        new_article(root, "Талибан на севере", today=DAY)
    with pytest.raises(ScaffoldRefused, match=r"not a valid address.*such as taliban-north"):
        new_article(root, "Талибан на севере", slug="Taliban North", today=DAY)
    path = new_article(root, "Талибан на севере", slug="taliban-north", today=DAY)
    assert path.name == "taliban-north.md"


def test_an_existing_article_is_never_overwritten(root: Path) -> None:
    existing = root / "content/articles/2021/border-posts-fall.md"
    existing.parent.mkdir(parents=True)
    existing.write_text("the writer's own work\n", encoding="utf-8")
    with pytest.raises(ScaffoldRefused, match=r"border-posts-fall\.md already exists"):
        new_article(root, "Border posts fall", today=DAY)
    assert existing.read_text(encoding="utf-8") == "the writer's own work\n"


def test_unknown_countries_and_actors_are_all_named_with_a_suggestion(root: Path) -> None:
    with pytest.raises(ScaffoldRefused) as refused:
        new_article(
            root,
            "Border posts fall",
            countries=["AFG", "TJX", "Afghanistan"],
            actors=["talibn", "taliban"],
            today=DAY,
        )
    assert str(refused.value).splitlines() == [
        "--country TJX: not a country in data/countries.yaml (did you mean `TJK`?)",
        "--country Afghanistan: not a country in data/countries.yaml (did you mean `AFG`?)",
        "--actor talibn: not a known actor id (did you mean `taliban`?)",
    ]
    assert not (root / "content/articles").exists()


def test_the_command_writes_the_article_and_refuses_a_second_time(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["new", "article", "Border posts: fall", "--country", "AFG", "--root", str(root)]
    assert main([*command, "--actor", "taliban"]) == 0
    assert "border-posts-fall.md: a draft" in capsys.readouterr().out
    assert main(command) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["new", "article", "Elsewhere", "--country", "XYZ", "--root", str(root)]) == 1
    assert "error: --country XYZ: not a country" in capsys.readouterr().err


# The incident template, filled in as a writer would.
INCIDENT_VALUES = {
    "id": "2021-06-25-kunduz-clash",
    "date": "2021-06-25",
    "date_end": "2021-06-26",
    "time_precision": "2",
    "country": "AFG",
    "admin1": "Kunduz",
    "admin2": "Kunduz",
    "location": "Kunduz",
    "latitude": "36.73",
    "longitude": "68.86",
    "geo_precision": "1",
    "event_type": "Battles",
    "sub_event_type": "Armed clash",
    "actor1": "taliban",
    "actor2": "afghan-army",
    "assoc_actor_1": "[iskp]",
    "assoc_actor_2": "[]",
    "fatalities": "3",
    "fatalities_high": "5",
    "summary": "Fighting in the city.",
    "tags": "[kunduz]",
    "acled_event_id": "AFG12345",
}
SOURCE_VALUES = {
    "title": "Fighting in Kunduz",
    "publisher": "Example News",
    "url": "https://example.org/kunduz",
    "date": "2021-06-26",
    "language": "en",
}
_FIELD_LINE = re.compile(r"^(?P<lead> *(?:- )?)(?P<key>\w+):(?: \[\])?(?P<comment> +#.*)?$")


def _filled_in(template: str) -> str:
    def fill(match: re.Match[str]) -> str:
        lead, key = match["lead"], match["key"]
        if key == "sources":
            return match[0]
        value = (SOURCE_VALUES if len(lead) >= 4 else INCIDENT_VALUES)[key]
        return f"{lead}{key}: {value}{match['comment'] or ''}"

    return "\n".join(_FIELD_LINE.sub(fill, line) for line in template.splitlines()) + "\n"


def _uncommented(template: str) -> str:
    return re.sub(r"(?m)^( +)# ", r"\1", template)  # the optional fields, not the notes


def _problems(tmp_path: Path, incidents: str) -> list[str]:
    root = write_publication(tmp_path / "pub", incidents={"2021/06.yaml": incidents}, articles={})
    return [str(p) for p in check_publication(root) if p.severity is not Severity.INFO]


def test_the_incident_template_names_every_field_of_the_model() -> None:
    [incident] = yaml.safe_load(_uncommented(incident_template()))
    assert list(incident) == [  # required first, then the optional ones
        *(n for n, f in Incident.model_fields.items() if f.is_required() or n == "summary"),
        *(n for n, f in Incident.model_fields.items() if not f.is_required() and n != "summary"),
    ]
    assert set(incident["sources"][0]) == set(Source.model_fields)


def test_the_incident_template_filled_in_is_a_valid_incident(tmp_path: Path) -> None:
    everything = _filled_in(_uncommented(incident_template()))
    assert _problems(tmp_path / "all", everything) == []
    as_printed = _filled_in(incident_template())  # the optional fields left commented out
    assert _problems(tmp_path / "required", as_printed) == []
    [incident] = yaml.safe_load(as_printed)
    assert "date_end" not in incident
    assert list(incident["sources"][0]) == ["publisher", "url"]


def test_the_incident_template_lists_each_sub_event_type_whole_on_a_line() -> None:
    comments = [line for line in incident_template().splitlines() if line.startswith("#")]
    for event_type, subs in EVENT_TYPES.items():
        assert any(line.startswith(f"#   {event_type}: ") for line in comments), event_type
        for sub in subs:
            assert any(sub in line for line in comments), sub


def test_the_command_prints_the_incident_template(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "incident"]) == 0
    assert capsys.readouterr().out == incident_template()
