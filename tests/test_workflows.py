"""The GitHub workflows: linted with actionlint, and wired to check and deploy."""

from __future__ import annotations

import shutil
import subprocess

import yaml

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


def test_pull_requests_validate_build_and_test() -> None:
    check = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text())
    assert "pull_request" in check[True]  # YAML 1.1 reads the key `on` as true
    steps = [step.get("run", "") for step in check["jobs"]["check"]["steps"]]
    assert steps.index("make validate") < steps.index("make build")
    assert any("make test" in run for run in steps)


def test_main_deploys_to_pages() -> None:
    deploy = yaml.safe_load((REPO / ".github/workflows/deploy.yml").read_text())
    assert deploy[True]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "") for job in deploy["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    assert deploy["permissions"]["pages"] == "write"
