"""The GitHub workflows pass actionlint and zizmor: a mistake or a security hole in
one is found before it runs. Every action is pinned to a commit, and the lock
that CI installs agrees with pyproject.toml."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
DEPENDABOT = REPO / ".github" / "dependabot.yml"

# `uses: owner/repo[/path]@<full commit SHA> # v<version>`: a tag or branch can be
# moved to other code, a commit cannot; the comment names the release, and
# Dependabot updates it along with the SHA.
PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}\s+#\s+v\d+(\.\d+)*")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<value>.*?)\s*$", re.MULTILINE)


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


def test_workflows_pass_zizmor() -> None:
    """zizmor's offline audits find nothing: no unpinned action, no permission
    wider than a job needs, no credentials left in the checkout, no template
    injection, no cache poisoning; and Dependabot waits before proposing a
    release. A finding that is a false positive is ignored in the workflow
    itself, with a comment saying why, never here."""
    zizmor = Path(sys.executable).parent / "zizmor"
    assert WORKFLOWS, "no workflow to audit"
    result = subprocess.run(
        [
            str(zizmor),
            "--offline",
            "--strict-collection",
            "--color=never",
            *map(str, WORKFLOWS),
            str(DEPENDABOT),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    """zizmor (offline) requires the full SHA but not the comment naming the
    version; a reviewer needs it, and so does Dependabot to update it."""
    for workflow in WORKFLOWS:
        text = workflow.read_text(encoding="utf-8")
        steps_and_jobs = [
            item
            for job in yaml.safe_load(text)["jobs"].values()
            for item in [job, *job.get("steps", [])]
            if "uses" in item
        ]
        uses = [m["value"] for m in USES_LINE.finditer(text)]
        # Every `uses:` the YAML holds was read as a line here.
        assert len(uses) == len(steps_and_jobs), workflow.name
        for value in uses:
            if value.startswith("./"):  # an action of this repository
                continue
            assert PINNED.fullmatch(value), f"{workflow.name}: uses: {value}"


def test_lock_satisfies_pyproject() -> None:
    """requirements.lock, which CI installs, pins a version of every dependency
    that pyproject.toml allows: a pull request that raises a bound in
    pyproject.toml (as Dependabot's do) must recompile the lock too."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [
        Requirement(spec)
        for spec in [
            *project["project"]["dependencies"],
            *project["project"]["optional-dependencies"]["dev"],
        ]
    ]
    pinned: dict[str, set[str]] = {}
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    for m in re.finditer(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", lock, re.MULTILINE):
        pinned.setdefault(canonicalize_name(m[1]), set()).add(m[2])
    for req in wanted:
        versions = pinned.get(canonicalize_name(req.name))
        assert versions, f"{req.name} is not in requirements.lock"
        for version in versions:
            assert req.specifier.contains(version, prereleases=True), (
                f"requirements.lock pins {req.name}=={version}, "
                f"outside pyproject.toml's {req}: recompile the lock"
            )
