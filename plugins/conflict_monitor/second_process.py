"""Work done in a second process, on a machine's second core.

A build has two kinds of work that do not wait on each other: the site generator
turning articles and generated pages into HTML, and the plugin writing the tens of
thousands of incident pages and the map data. On Linux with two cores or more, the
second kind runs in a forked copy of the build process (``Background``), which shares
the loaded publication without copying or reloading it. Elsewhere, or when the build
runs beside other threads (the rebuilds of ``mkdocs serve``), the same work runs at
the end of the build. The work may need texts the site generator makes later (the
rendered page shells): it asks for them by name and waits; the build hands them over
with ``give``.

Reading the data files is shared the same way (``shared_with_a_second_process``).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import logging
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
WaitForText = Callable[[str], str]
Task = Callable[[WaitForText], int]  # the work: given a way to wait for a text, a count


class WorkFailed(Exception):
    """The work in the second process failed; the message says how. Raised by the work
    itself, its message is passed on as it is (other errors are named by their type)."""


def can_fork() -> bool:
    """Whether a second process may be forked here: Linux, two cores, no other thread."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return sys.platform == "linux" and cores > 1 and threading.active_count() == 1


def shared_with_a_second_process(
    work: Callable[[Item], Result], items: Sequence[Item], weights: Sequence[int]
) -> list[Result]:
    """``[work(item) for item in items]``, about half of the work (by weight) done by a
    forked process, which sends its results back pickled. Should that process fail, its
    share is done here after all: the results are the same either way."""
    mine, theirs = _halves(weights)
    if not mine or not theirs:
        return [work(item) for item in items]
    reading, writing = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:  # no memory or processes left for it: do it all here
        os.close(reading)
        os.close(writing)
        return [work(item) for item in items]
    if pid == 0:  # pragma: no cover - runs in the child, which never returns
        code = 0
        try:
            _die_with(parent)
            os.close(reading)
            results = pickle.dumps([work(items[i]) for i in theirs], pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writing, "wb") as output:
                output.write(results)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(writing)
    done: dict[int, Result] = {}
    try:
        for index in mine:
            done[index] = work(items[index])
    finally:
        with os.fdopen(reading, "rb") as source:
            report = source.read()
        _, status = os.waitpid(pid, 0)
    sent: list[Result] | None = None
    if status == 0 and report:
        with contextlib.suppress(Exception):
            sent = pickle.loads(report)  # our own child's bytes
    if sent is None or len(sent) != len(theirs):
        sent = [work(items[i]) for i in theirs]
    done.update(zip(theirs, sent, strict=True))
    return [done[index] for index in range(len(items))]


def _halves(weights: Sequence[int]) -> tuple[list[int], list[int]]:
    """Indexes split in two of about equal weight (heaviest first to the lighter side),
    each in its original order."""
    sides: tuple[list[int], list[int]] = ([], [])
    totals = [0, 0]
    for index in sorted(range(len(weights)), key=lambda i: -weights[i]):
        side = 0 if totals[0] <= totals[1] else 1
        sides[side].append(index)
        totals[side] += weights[index]
    return sorted(sides[0]), sorted(sides[1])


class Background:
    """Runs ``task`` in a second process if ``parallel`` (see ``can_fork``), else in
    ``finish``."""

    def __init__(self, task: Task, *, parallel: bool) -> None:
        self.task = task
        self.texts: dict[str, str] = {}
        self.child: _Child | None = None
        if parallel:
            with contextlib.suppress(OSError):  # no fork possible: the work runs at the end
                self.child = _Child(task)

    @property
    def in_second_process(self) -> bool:
        return self.child is not None

    def give(self, name: str, text: str) -> None:
        """Hand over a text the work waits for."""
        if self.child is not None:
            self.child.give(name, text)
        else:
            self.texts[name] = text

    def finish(self) -> int:
        """Wait for the work (or do it now) and return its count; raises what it raised
        here, or ``WorkFailed`` from the second process."""
        if self.child is not None:
            return self.child.wait()
        return self.task(self._text)

    def cancel(self) -> None:
        """Stop the work: the build failed."""
        if self.child is not None:
            self.child.kill()

    def _text(self, name: str) -> str:
        if name not in self.texts:
            raise WorkFailed(f"the build ended before {name} was made")
        return self.texts[name]


class _Child:
    """A forked process running the task. Texts reach it as files named on a pipe; its
    result and log records come back on another pipe, as JSON, when it ends."""

    def __init__(self, task: Task) -> None:
        self.folder = tempfile.mkdtemp(prefix="conflict-monitor-")
        # Removed at the latest when this process exits, even on Ctrl-C.
        self._remove_folder = weakref.finalize(self, shutil.rmtree, self.folder, True)
        self.given = 0
        inbox_read, self.inbox = os.pipe()
        self.outbox, outbox_write = os.pipe()
        # Whatever the build made so far: out of the collector's sight, which in the
        # forked process would otherwise copy every page of memory it walks.
        gc.freeze()
        parent = os.getpid()
        try:
            self.pid = os.fork()
        except OSError:
            for fd in (inbox_read, self.inbox, self.outbox, outbox_write):
                os.close(fd)
            self._remove_folder()
            raise
        if self.pid == 0:  # pragma: no cover - runs in the child, which never returns
            os.close(self.inbox)
            os.close(self.outbox)
            _run_child(task, inbox_read, outbox_write, parent)
        os.close(inbox_read)
        os.close(outbox_write)

    def give(self, name: str, text: str) -> None:
        path = os.path.join(self.folder, f"{self.given}.txt")
        self.given += 1
        with open(path, "w", encoding="utf-8") as output:
            output.write(text)
        # One short line: the pipe never fills, so the build never waits here.
        with contextlib.suppress(BrokenPipeError):  # it ended early: ``wait`` says why
            os.write(self.inbox, json.dumps([name, path]).encode() + b"\n")

    def wait(self) -> int:
        os.close(self.inbox)  # nothing more to come
        with os.fdopen(self.outbox, "rb") as results:
            report = results.read()
        _, status = os.waitpid(self.pid, 0)
        self._remove_folder()
        try:
            result: dict[str, Any] = json.loads(report)
        except ValueError:  # nothing, or cut short: the process was stopped
            how = (
                f"it was stopped by signal {os.WTERMSIG(status)}"
                if os.WIFSIGNALED(status)
                else f"it exited with status {os.waitstatus_to_exitcode(status)}"
            )
            raise WorkFailed(f"the second process gave no result: {how}") from None
        for level, logger, message in result["logs"]:
            logging.getLogger(logger).log(level, "%s", message)
        if result["error"] is not None:
            raise WorkFailed(result["error"])
        return int(result["count"])

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        for fd in (self.inbox, self.outbox):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._remove_folder()


def _die_with(parent: int) -> None:  # pragma: no cover - runs in a child
    """Ask Linux to stop this forked process if its parent dies first (Ctrl-C, a kill):
    it must not go on writing into a site folder nobody waits for."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _run_child(
    task: Task, inbox: int, outbox: int, parent: int
) -> None:  # pragma: no cover - child
    """The child's whole life: run the task, report, and leave without running the
    parent's exit handlers."""
    code = 0
    try:
        _die_with(parent)
        records = _capture_logs()
        texts: dict[str, str] = {}
        lines = os.fdopen(inbox, "rb")

        def wait_for_text(name: str) -> str:
            while name not in texts:
                line = lines.readline()
                if not line:
                    raise WorkFailed(f"the build ended before {name} was made")
                given, path = json.loads(line)
                with open(path, encoding="utf-8") as source:
                    texts[given] = source.read()
            return texts[name]

        result: dict[str, Any] = {"count": 0, "error": None}
        try:
            result["count"] = task(wait_for_text)
        except WorkFailed as error:  # reported to the parent, which fails the build
            result["error"] = str(error)
        except Exception as error:  # a fault of the generator's own: named, and traced
            result["error"] = f"{type(error).__name__}: {error}"
            logging.getLogger(__name__).debug("in the second process", exc_info=True)
        result["logs"] = records
        with os.fdopen(outbox, "wb") as output:
            output.write(json.dumps(result).encode())
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _capture_logs() -> list[tuple[int, str, str]]:
    """In the child, keep every log record for the parent, which logs it again (so that,
    for example, a strict build counts its warnings)."""
    records: list[tuple[int, str, str]] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if record.exc_info:
                message += "\n" + logging.Formatter().formatException(record.exc_info)
            records.append((record.levelno, record.name, message))

    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.handlers = []
            logger.propagate = True
    logging.root.handlers = [Keep()]
    return records
