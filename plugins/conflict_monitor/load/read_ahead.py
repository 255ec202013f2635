"""The data files parsed on both cores while the site generator starts.

Parsing the YAML is most of a load (1.5 s at 20,000 incidents), and the site
generator spends half a second listing its files before it asks for the
publication. So at the start of a build a second process (see parallel.py) starts
parsing the data files from the last, while the build's own process parses them from
the first once it needs them; each takes the next file nobody took, until none is
left. What the second process parsed joins this process's cache of parsed files
(``PARSED_FILES``, which is keyed by each file's bytes): the load that follows finds
every file parsed, and one edited meanwhile is parsed again, as it would be anyway.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from .. import collector
from ..parallel import Background, Shares, WorkFailed, can_fork
from .items import shown
from .yaml_files import PARSED_FILES


def data_files(data_dir: Path) -> list[Path]:
    """The YAML files of the data folder, sorted."""
    found = data_dir.glob("**/*") if data_dir.is_dir() else []
    return sorted(p for p in found if p.suffix in (".yaml", ".yml") and p.is_file())


class ReadAhead:
    """Starts parsing the data files of the publication at ``root`` in a second process,
    if one can be forked (see ``can_fork``); ``join`` parses the rest here."""

    def __init__(self, root: Path, data_dir: Path) -> None:
        self.root = root
        self.files = data_files(data_dir)
        self.shares = Shares(len(self.files))
        self.background: Background[dict[Path, Any]] | None = None
        if len(self.files) > 1 and can_fork():
            background = Background(
                lambda _: self._parse(from_back=True), parallel=True, texts=False
            )
            self.background = background if background.in_second_process else None

    def join(self) -> None:
        """Parse the files the second process has not taken, then take its own into the
        cache of parsed files. A second process that failed leaves its files to the load."""
        if self.background is None:
            return  # the load parses them
        background, self.background = self.background, None
        self._parse(from_back=False)
        with contextlib.suppress(WorkFailed):
            PARSED_FILES.adopt(background.finish())

    def cancel(self) -> None:
        if self.background is not None:
            self.background.cancel()
            self.background = None

    def _parse(self, *, from_back: bool) -> dict[Path, Any]:
        """Parse the files nobody took yet, one at a time, from the front or the back;
        what the cache keeps of those this process parsed."""
        taken = []
        with collector.paused():  # millions of objects that make no cycles
            for index in self.shares.taken(from_back=from_back):
                path = self.files[index]
                PARSED_FILES.load(path, shown(self.root, path))
                taken.append(path)
        return PARSED_FILES.entries(taken)
