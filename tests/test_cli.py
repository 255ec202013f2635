"""`conflict-monitor validate`: the checks without a build, for writers and the PR check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conflict_monitor.cli import main
from conftest import INCIDENTS, REPO


def test_the_sample_publication_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(REPO)]) == 0
    assert "The publication is valid." in capsys.readouterr().out


def test_errors_exit_1_and_name_file_line_and_field(
    publication: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = INCIDENTS.replace("latitude: 37.19", "latitude: 137.19")
    root = publication(incidents={"2021/06.yaml": bad})
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    assert "error: data/incidents/2021/06.yaml:7:3: latitude: 137.19 is out of range" in err
    assert "1 error(s); nothing was published." in err


def test_errors_and_warnings_are_counted_together(
    publication: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = INCIDENTS.replace("  summary: The crossing was taken.\n", "", 1).replace(
        "latitude: 37.19", "latitude: 137.19"
    )
    root = publication(incidents={"2021/06.yaml": bad})
    assert main(["validate", "--quiet", "--lenient", str(root)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "1 error(s) and 1 warning(s); nothing was published."
    )
