"""What git knows of an item of a data file: whether it is new (not in the last commit).

Used when an id is defined twice, so that a writer is told to rename the item they
have just added, never one already published. A publication that is no git checkout,
or a machine without git, gets no answer (None) and a message that blames neither.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

_UNCOMMITTED = "0" * 40  # git blame's commit for a line not committed yet
_BLAMED_LINE = re.compile(r"^([0-9a-f]{40}) \d+ \d+", re.MULTILINE)  # --porcelain


def is_new(root: Path, path: str, first: int, last: int | None) -> bool | None:
    """Whether lines ``first`` to ``last`` (None: to the end) of ``path``, relative to
    ``root``, are all new: True if none of them is in the last commit, False if some
    are, None where git cannot tell.

    Every line, not only the id's: two copies of an item share most lines, and git may
    count some lines of the old copy as new ones."""
    lines = f"{first},{last}" if last else f"{first},"
    blamed = _git(root, "blame", "--porcelain", "-L", lines, "--", path)
    if blamed is not None:
        commits = set(_BLAMED_LINE.findall(blamed))
        return commits == {_UNCOMMITTED} if commits else None
    # No blame: the file is not in the last commit (new), or git knows nothing here.
    listed = _git(root, "ls-tree", "--name-only", "HEAD", "--", path)
    if listed is None:
        return None  # no git, no checkout, or no commit yet
    return True if not listed.strip() else None


def _git(root: Path, *args: str) -> str | None:
    """The output of a git command run in ``root``, or None if it failed for any reason."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):  # no git on this machine, or it hung
        return None
    return done.stdout if done.returncode == 0 else None
