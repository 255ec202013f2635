"""The GitHub workflows pass actionlint: a mistake in one is found before it runs."""

from __future__ import annotations

import shutil
import subprocess

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def test_workflows_pass_actionlint() -> None:
    node = shutil.which("node")
    assert node, "Node.js runs actionlint's WebAssembly build"
    result = subprocess.run(
        [node, str(REPO / "tools" / "actionlint.mjs"), *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
