"""The publication's files parsed on both cores while the site generator starts.

Parsing the data files' YAML and the articles' front matter is most of a load (1.7 s
at 20,000 incidents and 1,000 articles). So at the start of a build a second process
(see parallel.py) starts parsing them from the last, while the build's own process
parses them from the first once it needs them; each takes the next file nobody took,
until none is left. What the second process parsed joins this process's cache of
parsed files (``PARSED_FILES``, which is keyed by each file's bytes): the load that
follows finds every file parsed, and one edited meanwhile is parsed again, as it
would be anyway.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
from pathlib import Path
from typing import Any

from .. import collector
from ..model import Layout
from ..parallel import Background, Shares, WorkFailed, can_fork
from .articles import article_files, load_article
from .items import shown
from .yaml_files import PARSED_FILES


def data_files(data_dir: Path) -> list[Path]:
    """The YAML files of the data folder, sorted."""
    found = data_dir.glob("**/*") if data_dir.is_dir() else []
    return sorted(p for p in found if p.suffix in (".yaml", ".yml") and p.is_file())


class ReadAhead:
    """Starts parsing the data files and articles of the publication at ``root`` in a
    second process, if one can be forked (see ``can_fork``); ``join`` parses the rest
    here."""

    def __init__(self, root: Path, layout: Layout) -> None:
        self.root = root
        self.content_dir = root / layout.content_dir
        self.data = data_files(root / layout.data_dir)
        self.files = self.data + article_files(root, layout)
        self.shares = Shares(len(self.files))
        self.background: Background[None] | None = None
        if len(self.files) > 1 and can_fork():
            # Each file the second process parses comes back as soon as it is parsed (a
            # queue's own thread sends it), then None.
            self.parsed: multiprocessing.Queue[dict[Path, Any] | None] = (
                multiprocessing.get_context("fork").Queue()
            )
            background = Background(self._parse_there, parallel=True, texts=False)
            self.background = background if background.in_second_process else None

    def join(self) -> None:
        """Parse the files the second process has not taken, then take those it parsed
        into the cache of parsed files. A second process that failed leaves the files it
        took to the load."""
        if self.background is None:
            return  # the load parses them
        background, self.background = self.background, None
        with collector.paused():  # millions of objects that make no cycles
            for index in self.shares.taken():
                self._read(index)
            # Until its last file (None), or it ended without a word and nothing is left.
            while True:
                try:
                    parsed = self.parsed.get(timeout=0.1)
                except queue.Empty:
                    if background.running():
                        continue
                    break
                if parsed is None:
                    break
                PARSED_FILES.adopt(parsed)
        with contextlib.suppress(WorkFailed):
            background.finish()

    def cancel(self) -> None:
        if self.background is not None:
            self.background.cancel()
            self.background = None

    def _parse_there(self, _: object) -> None:
        """The second process's part: the files nobody took, from the back."""
        try:
            with collector.paused():
                for index in self.shares.taken(from_back=True):
                    self.parsed.put(PARSED_FILES.entries([self._read(index)]))
        finally:
            self.parsed.put(None)

    def _read(self, index: int) -> Path:
        """Parse the file at ``index`` into the cache of parsed files."""
        path = self.files[index]
        if index < len(self.data):
            PARSED_FILES.load(path, shown(self.root, path))
        else:
            load_article(self.root, self.content_dir, path, [])
        return path
