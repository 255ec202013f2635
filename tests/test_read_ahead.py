"""The data files parsed on both cores while the site generator starts: the load that
follows parses nothing twice and loads exactly what it would have loaded alone."""

from __future__ import annotations

import os
import pickle
import struct
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conflict_monitor.collector import release
from conflict_monitor.load import load_publication
from conflict_monitor.load.articles import article_files
from conflict_monitor.load.read_ahead import ReadAhead
from conflict_monitor.load.yaml_files import PARSED_FILES, Loaded, parse_yaml
from conflict_monitor.model import Layout, Publication
from conflict_monitor.parallel import WorkFailed
from conftest import make_publication_module

pytestmark = pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
LAYOUT = Layout("content", "data", "articles")


@pytest.fixture(autouse=True)
def _released() -> Iterator[None]:
    yield
    release()  # what forking set aside


@pytest.fixture
def root(tmp_path: Path) -> Path:
    make_publication_module().make(tmp_path, 3, 400)
    return tmp_path


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files this process parses from now on, by the name writers see."""
    names: list[str] = []
    module = sys.modules[Loaded.__module__]  # the package has a function of its name
    parse = module.parse_yaml

    def counted(text: str, shown_as: str, line_offset: int = 0, **options: Any) -> Loaded:
        if not options.get("every_position"):  # not a message's fields located
            names.append(shown_as)
        return parse(text, shown_as, line_offset, **options)  # type: ignore[no-any-return]

    monkeypatch.setattr(module, "parse_yaml", counted)
    monkeypatch.setattr("conflict_monitor.load.articles.parse_yaml", counted)  # front matter
    return names


def loaded(root: Path) -> tuple[Publication, list[str]]:
    publication, problems = load_publication(root, LAYOUT)
    return publication, [str(p) for p in problems]


def forget_parsed_files() -> None:
    PARSED_FILES.keep_only([])


def read_slowly_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process takes its time over each file (patched after the fork: here only), so
    that the other takes some even on a machine busy with other work."""
    read = ReadAhead._read

    def read_slowly(self: ReadAhead, index: int) -> Path:
        time.sleep(0.05)
        return read(self, index)

    monkeypatch.setattr(ReadAhead, "_read", read_slowly)


def test_both_processes_parse_and_the_load_parses_nothing_again(
    root: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    forget_parsed_files()
    ahead = ReadAhead(root, LAYOUT)
    assert ahead.background is not None, "no second process"
    read_slowly_here(monkeypatch)
    ahead.join()
    here = list(parsed)
    publication, problems = loaded(root)
    assert parsed == here, "parsed again by the load"
    files = [*(root / "data").glob("**/*.yaml"), *(root / "content/articles").glob("**/*.md")]
    assert len(files) > 10
    assert set(here) < {p.relative_to(root).as_posix() for p in files}, "the other parsed none"
    forget_parsed_files()
    assert (publication, problems) == loaded(root)


def test_the_load_reads_no_file_the_build_has_just_read(
    root: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nor hashes it to see whether it changed: the build read it moments ago."""
    forget_parsed_files()
    ahead = ReadAhead(root, LAYOUT)
    read_slowly_here(monkeypatch)
    ahead.join()
    read: list[Path] = []
    read_bytes = Path.read_bytes

    def counted(path: Path) -> bytes:
        read.append(path)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    publication, problems = loaded(root)
    assert [p for p in read if p in ahead.files] == []
    assert len(ahead.files) > 10
    monkeypatch.undo()
    forget_parsed_files()
    assert (publication, problems) == loaded(root)


def test_a_file_edited_after_it_was_parsed_ahead_is_parsed_again_by_the_next_load(
    root: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    forget_parsed_files()
    ahead = ReadAhead(root, LAYOUT)
    ahead.join()
    loaded(root)
    edited = sorted((root / "data" / "incidents").glob("*.yaml"))[-1]  # the other's first
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("fatalities: ", "fatalities: 10", 1), encoding="utf-8")
    parsed.clear()
    publication, _ = loaded(root)
    assert parsed == [edited.relative_to(root).as_posix()]
    assert any(i.fatalities >= 10 for i in publication.incidents.values())


def test_files_a_failed_second_process_took_are_parsed_by_the_load(
    root: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    forget_parsed_files()

    def fails(ahead: ReadAhead, _: object) -> None:
        next(ahead.shares.taken(from_back=True))  # takes one, then fails without a word
        raise WorkFailed("stopped")

    monkeypatch.setattr(ReadAhead, "_parse_there", fails)
    ahead = ReadAhead(root, LAYOUT)
    ahead.join()
    publication, problems = loaded(root)
    files = [*(root / "data").glob("**/*.yaml"), *(root / "content/articles").glob("**/*.md")]
    assert len(parsed) == len(set(parsed)) == len(files)
    assert len(publication.incidents) == 400
    assert problems == []


def test_a_second_process_killed_while_it_sends_a_file_holds_nothing_up(
    root: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed in the middle of a message (out of memory, say): this process reads the
    end of what it sent, and the load parses every file."""
    forget_parsed_files()

    def killed_while_sending(ahead: ReadAhead, _: object) -> None:
        next(ahead.shares.taken(from_back=True))
        # The start of a message as a Connection sends it (its length, then its bytes),
        # cut short.
        os.write(ahead._send.fileno(), struct.pack("!i", 10_000_000) + b"x" * 1000)
        os._exit(1)

    monkeypatch.setattr(ReadAhead, "_parse_there", killed_while_sending)
    ahead = ReadAhead(root, LAYOUT)
    ahead.join()
    publication, problems = loaded(root)
    assert len(publication.incidents) == 400
    assert problems == []


def test_a_mistake_in_a_file_parsed_ahead_is_located_as_the_load_alone_locates_it(
    root: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second process sends a file's values without its text (most of what it would
    send): the fields of a message are located in the file, read again for them."""
    for path in (root / "data" / "incidents").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("geo_precision: ", "geo_precision: 9", 1), encoding="utf-8")
    forget_parsed_files()
    ahead = ReadAhead(root, LAYOUT)
    read_slowly_here(monkeypatch)
    ahead.join()
    here = set(parsed)
    incident_files = {p.relative_to(root).as_posix() for p in root.glob("data/incidents/*")}
    assert incident_files - here, "the other parsed no incident file"
    publication, problems = loaded(root)
    assert len([p for p in problems if "geo_precision" in p]) == len(incident_files)
    forget_parsed_files()
    assert (publication, problems) == loaded(root)


def test_a_field_of_a_file_gone_since_it_was_parsed_elsewhere_is_located_at_its_item(
    tmp_path: Path,
) -> None:
    """A document from another process is located from its file, read again: gone
    meanwhile, its fields stand at their item's line, known from the parsing."""
    path = tmp_path / "2021.yaml"
    text = "- id: a\n  date: 2021-06-22\n- id: b\n  date: 2021-06-23\n"
    sent = pickle.loads(pickle.dumps(parse_yaml(text, "data/incidents/2021.yaml", path=path)))
    path.write_text(text, encoding="utf-8")
    assert sent.document.position((1, "date")) == (4, 3)
    gone = pickle.loads(pickle.dumps(parse_yaml(text, "data/incidents/2021.yaml", path=path)))
    path.unlink()
    assert gone.document.position((1, "date")) == (3, 3)  # the item's line


def test_a_file_the_failed_second_process_took_is_read_again_though_an_earlier_load_kept_it(
    root: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only what this build read is taken as read: a file kept from the last load and
    edited since, which the second process took and never sent, is read and parsed."""
    forget_parsed_files()
    loaded(root)  # every file kept, as the last build left them
    edited = article_files(root, LAYOUT)[-1]  # the other process's first
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("summary: ", "summary: Edited ", 1), encoding="utf-8")

    def fails(ahead: ReadAhead, _: object) -> None:
        next(ahead.shares.taken(from_back=True))  # takes the edited file, then fails
        raise WorkFailed("stopped")

    monkeypatch.setattr(ReadAhead, "_parse_there", fails)
    ReadAhead(root, LAYOUT).join()
    parsed.clear()
    publication, _ = loaded(root)
    assert parsed == [edited.relative_to(root).as_posix()]
    assert any(a.meta.summary.startswith("Edited ") for a in publication.articles)


def test_what_a_failed_load_left_taken_as_read_is_read_by_the_next_build(
    root: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A load that failed before its end leaves its files taken as read: the next
    build's read-ahead reads every file again, and parses the one edited since."""
    forget_parsed_files()
    ahead = ReadAhead(root, LAYOUT)
    ahead.join()  # and the load that should follow fails: its files stay taken as read
    edited = sorted((root / "data" / "incidents").glob("*.yaml"))[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("location: ", "location: Edited ", 1), encoding="utf-8")
    ReadAhead(root, LAYOUT).join()
    publication, _ = loaded(root)
    assert any(i.location.startswith("Edited ") for i in publication.incidents.values())
