"""The core stands apart from MkDocs; the plugin runs under MkDocs and ProperDocs alike."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

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
