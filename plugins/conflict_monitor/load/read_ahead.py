"""The publication's files parsed on both cores while the site generator starts.

Parsing the data files' YAML and the articles' front matter is most of a load (1.7 s
at 20,000 incidents and 1,000 articles). So at the start of a build a second process
(see parallel.py) starts parsing them from the last, while the build's own process
parses them from the first once it needs them; each takes the next file nobody took,
until none is left. What the second process parsed joins this process's cache of
parsed files (``PARSED_FILES``, which is keyed by each file's bytes): the load that
follows takes every file as parsed, without reading it again (the build has just read
it); a later load reads each again, and parses those edited since.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import threading
from multiprocessing.connection import Connection
from pathlib import Path

from .. import collector
from ..model import Layout
from ..parallel import Background, Shares, WorkFailed, can_fork
from .articles import article_files, load_article
from .items import DataFiles, shown
from .yaml_files import PARSED_FILES

_SENT = object()  # what the second process's sending thread stops at


class ReadAhead:
    """Starts parsing the data files and articles of the publication at ``root`` in a
    second process, if one can be forked (see ``can_fork``); ``join`` parses the rest
    here."""

    def __init__(self, root: Path, layout: Layout) -> None:
        self.root = root
        self.content_dir = root / layout.content_dir
        data = DataFiles.of(root / layout.data_dir, root, [])  # the load reports the rest
        self.data = [path for path in data.all() if path.is_file()]
        self.files = self.data + article_files(root, layout)
        self.shares = Shares(len(self.files))
        PARSED_FILES.just_read(())  # none yet (a load that failed may have left some)
        self.background: Background[None] | None = None
        self.parsed: Connection | None = None  # what the second process sends
        if len(self.files) < 2 or not can_fork():
            return  # the load parses them
        # Each file the second process parses comes back as soon as it is parsed, then
        # None. This process closes its end for sending: the other's death reads as the
        # end of what it sends, even in the middle of a file.
        self.parsed, self._send = multiprocessing.get_context("fork").Pipe(duplex=False)
        background = Background(self._parse_there, parallel=True, texts=False)
        self._send.close()
        self.background = background if background.in_second_process else None

    def join(self) -> None:
        """Parse the files the second process has not taken, then take those it parsed
        into the cache of parsed files. A second process that failed leaves the files it
        took to the load."""
        if self.background is None or self.parsed is None:
            return  # the load parses them
        try:
            with collector.paused():  # millions of objects that make no cycles
                read = [self._read(index) for index in self.shares.taken()]
                with contextlib.suppress(EOFError, OSError):  # it ended without a word
                    while (parsed := self.parsed.recv()) is not None:
                        PARSED_FILES.adopt(parsed)
                        read.extend(parsed)  # the paths of what it parsed
                PARSED_FILES.just_read(read)  # the load reads none of them again
            with contextlib.suppress(WorkFailed):
                self.background.finish()
            self.background = None
        finally:
            self.cancel()  # if this process failed meanwhile

    def cancel(self) -> None:
        """Stop the second process, if it still runs, and close what came from it."""
        if self.background is not None:
            self.background.cancel()
            self.background = None
        if self.parsed is not None:
            self.parsed.close()

    def _parse_there(self, _: object) -> None:
        """The second process's part: the files nobody took, from the back, each sent as
        soon as it is parsed by a thread of its own (a file is more than a pipe holds,
        and the other process reads only once it has parsed its own)."""
        parsed: queue.SimpleQueue[object] = queue.SimpleQueue()

        def send() -> None:
            while (entries := parsed.get()) is not _SENT:
                self._send.send(entries)
            self._send.send(None)

        sending = threading.Thread(target=send, daemon=True)
        sending.start()
        try:
            with collector.paused():
                for index in self.shares.taken(from_back=True):
                    parsed.put(PARSED_FILES.entries([self._read(index)]))
        finally:
            parsed.put(_SENT)
            sending.join()
            self._send.close()

    def _read(self, index: int) -> Path:
        """Parse the file at ``index`` into the cache of parsed files."""
        path = self.files[index]
        if index < len(self.data):
            PARSED_FILES.load(path, shown(self.root, path))
        else:
            load_article(self.root, self.content_dir, path, [])
        return path
