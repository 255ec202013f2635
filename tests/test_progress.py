"""Progress of a build: each stage's counts and seconds at info level, none above it."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ACTORS, REPO, build_site

BOTH_WAYS = pytest.mark.parametrize("parallel", [True, False], ids=["forked", "one process"])
SECONDS = re.compile(r" \(\d+\.\d\d s\)$")


def _plugins(parallel: bool) -> list[object]:
    templates = str(REPO / "docs_templates")
    return ["search", {"conflict-monitor": {"templates_dir": templates, "parallel": parallel}}]


@BOTH_WAYS
def test_each_stage_logs_its_counts_and_seconds(
    parallel: bool, publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    built = build_site(publication(), caplog, plugins=_plugins(parallel))
    timed = [
        SECONDS.sub(" (s)", m)
        for m in built.messages(logging.INFO)
        if SECONDS.search(m) and m.startswith("conflict-monitor: ")
    ]
    assert timed == [
        "conflict-monitor: Loaded and checked 5 files: 2 countries, 4 actors, 2 incidents, "
        "1 article, 0 drafts; 0 errors, 0 warnings, 0 notices (s)",
        "conflict-monitor: Linked 2 incidents and 1 article: 11 links (s)",
        "conflict-monitor: Generated 21 pages: 4 actor, 1 actors index, 1 articles index, "
        "3 articles listing, 1 countries index, 2 country, 1 downloads, 1 home, 2 incident, "
        "4 incidents year, 1 tags index (s)",
        "conflict-monitor: Wrote 6 downloads and feeds (s)",
        "conflict-monitor: Wrote 16 pages from their shells: 4 actor, 3 articles listing, "
        "2 country, 1 downloads, 2 incident, 4 incidents year (s)",
        "conflict-monitor: Wrote 7 map data files (s)",
    ]
    records = [r for r in built.log if SECONDS.search(r.getMessage())]
    assert {r.name for r in records} == {"mkdocs.plugins.conflict-monitor"}
    assert {r.levelno for r in records} == {logging.INFO}


def test_a_problem_is_counted_by_its_severity(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    actors = ACTORS + "- id: nobody\n  name: Nobody\n  kind: other\n"  # a notice
    built = build_site(publication(actors=actors), caplog)
    [loaded] = [m for m in built.messages(logging.INFO) if "Loaded and checked" in m]
    assert "5 actors" in loaded
    assert "0 errors, 0 warnings, 1 notice" in loaded


@BOTH_WAYS
def test_quiet_above_info(
    parallel: bool, publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    """As under ``mkdocs build -q``, which raises the level of MkDocs' loggers."""
    caplog.set_level(logging.WARNING, logger="mkdocs")
    build_site(publication(), None, plugins=_plugins(parallel))
    assert [r.getMessage() for r in caplog.records if SECONDS.search(r.getMessage())] == []
