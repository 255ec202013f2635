"""The core stands apart from MkDocs; the plugin runs under MkDocs and ProperDocs alike."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import REPO

BIN = Path(sys.executable).parent


def test_core_imports_nothing_from_mkdocs() -> None:
    code = (
        "import sys, conflict_monitor.build, conflict_monitor.cli, conflict_monitor.pages.render\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material',"
        " 'properdocs'))\n"
        "print(leaked)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_plugin_is_registered_for_mkdocs() -> None:
    from importlib.metadata import entry_points

    (plugin,) = entry_points(group="mkdocs.plugins", name="conflict-monitor")
    assert plugin.value == "conflict_monitor.mkdocs_plugin:ConflictMonitorPlugin"


def test_properdocs_builds_the_same_publication(publication: Callable[..., Path]) -> None:
    root = publication()
    result = subprocess.run(
        [str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", "site"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "Taliban" in (root / "site/actors/taliban/index.html").read_text()
    assert (root / "site/incidents/2021-06-22-sher-khan-bandar/index.html").is_file()


def test_mkdocs_is_pinned_below_2() -> None:
    pyproject = (REPO / "pyproject.toml").read_text()
    assert '"mkdocs>=1.6.1,<2"' in pyproject
    assert "mkdocs==1.6.1 " in (REPO / "requirements.lock").read_text()
