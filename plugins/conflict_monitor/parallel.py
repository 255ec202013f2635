"""Work done in a second process, on a machine's second core.

A build has work that does not wait on the rest: the site generator turns articles
and pages into HTML while the incident pages and the map data are written. On Linux
with two cores or more, that work runs in a forked copy of the build process
(``multiprocessing``'s ``fork`` start method), which shares the loaded publication
without copying or pickling it. Elsewhere, or when the build runs beside other
threads (the rebuilds of ``mkdocs serve``), the same work runs in this process.

The work may need texts the site generator makes later (the rendered page shells):
it asks for them by name and waits; the build hands them over with ``give``. The
other way, the work may first make what the build needs soon (the articles' panels,
where the incidents' points stand: ``HandedBack``); the build takes what has arrived,
and makes any other itself rather than wait for it. And once the work is done, the
second process may take over work of the build's as it comes (the search entries of
the pages rendered after that: ``Handoff``), so that the two end together.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import queue
import select
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from logging.handlers import QueueHandler
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from . import collector

Result = TypeVar("Result")
Made = TypeVar("Made")
Item = TypeVar("Item")
WaitForText = Callable[[str], str]
Task = Callable[[WaitForText], Result]  # the work: given a way to wait for a text


class WorkFailed(Exception):
    """The work in the second process failed; the message says how. Raised by the work
    itself, its message is passed on as it is (other errors are named by their type)."""


def can_fork() -> bool:
    """Whether a second process may be forked here: Linux, two cores, no other thread."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return sys.platform == "linux" and cores > 1 and threading.active_count() == 1


class Background(Generic[Result]):
    """Runs ``task`` in a second process if ``parallel`` (see ``can_fork``), else in
    ``finish``."""

    def __init__(self, task: Task[Result], *, parallel: bool, texts: bool = True) -> None:
        """``texts``: whether the work may wait for texts; if not, its report comes back
        as soon as it ends, not when ``finish`` says that nothing more is to come."""
        self.task = task
        self.texts: dict[str, str] = {}
        self.child: _Child[Result] | None = None
        if parallel:
            with contextlib.suppress(OSError):  # no fork possible: the work runs at the end
                self.child = _Child(task, texts=texts)

    @property
    def in_second_process(self) -> bool:
        return self.child is not None

    def give(self, name: str, text: str) -> None:
        """Hand over a text the work waits for."""
        if self.child is not None:
            self.child.inbox.put((name, text))  # queued: the build never waits here
        else:
            self.texts[name] = text

    def finish(self) -> Result:
        """Wait for the work (or do it now) and return its result; raises what it raised
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


class Shares:
    """``count`` pieces of work shared by the build's process and its second process: the
    build takes the next piece nobody took from the front, the second process from the
    back, until none is left. Made before the second process starts; without one, the
    build's process takes them all."""

    def __init__(self, count: int) -> None:
        self._ends: Any = [0, count]  # the first piece left and the end of those left
        self._lock: Any = contextlib.nullcontext()
        if "fork" in multiprocessing.get_all_start_methods():
            self._ends = multiprocessing.get_context("fork").Array("i", self._ends, lock=False)
            self._lock = multiprocessing.get_context("fork").Lock()

    def taken(self, *, from_back: bool = False) -> Iterator[int]:
        """The number of each piece this process takes, as it takes it."""
        while True:
            with self._lock:
                first, end = self._ends[0], self._ends[1]
                if first >= end:
                    return
                if from_back:
                    self._ends[1] = taken = end - 1
                else:
                    self._ends[0], taken = first + 1, first
            yield taken


def _hold_more(pipe: int) -> None:
    """Let the pipe written at ``pipe`` hold 1 MiB, not 64 KiB (Linux; elsewhere, as it
    is)."""
    with contextlib.suppress(ImportError, AttributeError, OSError):
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, 1 << 20)


class HandedBack(Generic[Made]):
    """What the second process makes before its own work, for this process, which
    needs it one piece at a time in the order of ``names``, each made by ``make(name)``
    (texts, or any value that pickles). This process takes each one that has arrived,
    and makes itself any that has not (at the start, or if the second process failed):
    it never waits for one to be made.

    They come on a pipe of their own, in batches, each a length and a pickle. This
    process reads without blocking, whatever bytes are there, and takes the batches
    that are whole; a batch partly read, already made and on its way (more than the
    pipe holds), is read to its end."""

    BATCH = 16  # pieces sent together
    _LENGTH = 8  # bytes of a batch's length
    _IN_FLIGHT = 5.0  # seconds to wait for the rest of a batch on its way, at most

    def __init__(
        self,
        names: list[str],
        make: Callable[[str], Made],
        made_here: Callable[[str], Made] | None = None,
    ) -> None:
        """``made_here``: what this process takes for a piece that has not arrived, if
        not ``make``'s (a stand-in that the work using it completes)."""
        self.names, self.make = names, make
        self.made_here = made_here or make
        self.arrived: dict[str, Made] = {}
        self._received = bytearray()
        self._reading: int | None
        self._reading, self._writing = os.pipe()
        os.set_blocking(self._reading, False)
        # The other process's sending thread would wait for this one to read every few
        # batches, and then for its own process's turn to send more.
        _hold_more(self._writing)

    def start(
        self, task: Task[Result], *, parallel: bool, texts: bool = True
    ) -> Background[Result]:
        """``task`` started as ``Background`` starts it (``texts`` as there), in a second
        process that makes what ``names`` name first; without one, ``task`` alone, and
        those made here."""
        here = os.getpid()

        def make_then(wait: WaitForText) -> Result:
            if os.getpid() != here:
                self._make_there()
            return task(wait)

        background = Background(make_then, parallel=parallel, texts=texts)
        os.close(self._writing)  # the other's end alone: its end reads as the end of texts
        if not background.in_second_process:
            self.close()
        return background

    def _make_there(self) -> None:
        """Make each piece, and send them by a thread of their own: the pipe holds fewer
        than this process makes, and it goes on with its work while the other reads."""
        if self._reading is not None:
            os.close(self._reading)  # this process's copy: the other's closing ends sending
        made: queue.SimpleQueue[dict[str, Made] | None] = queue.SimpleQueue()

        def send() -> None:
            with contextlib.suppress(OSError):  # the other stopped reading: nothing lost
                while (batch := made.get()) is not None:
                    data = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
                    view = memoryview(len(data).to_bytes(self._LENGTH, "big") + data)
                    while view:
                        view = view[os.write(self._writing, view) :]
            os.close(self._writing)

        threading.Thread(target=send, daemon=True).start()  # dies with this process
        batch: dict[str, Made] = {}
        try:
            for number, name in enumerate(self.names, start=1):
                batch[name] = self.make(name)
                if len(batch) == self.BATCH or number == len(self.names):
                    made.put(batch)
                    batch = {}
        except Exception:  # made again in the other process, which reports what failed
            logging.getLogger(__name__).debug("made in the build's process", exc_info=True)
        made.put(None)

    def get(self, name: str) -> Made:
        """The piece ``name``: made in the second process if it has arrived (or its batch
        is arriving), else here."""
        while name not in self.arrived and self._reading is not None:
            try:
                data = os.read(self._reading, 1 << 20)
            except BlockingIOError:  # nothing more yet
                if not self._received:
                    break
                # A batch made and on its way (more than a pipe holds): the rest follows.
                if not select.select([self._reading], [], [], self._IN_FLIGHT)[0]:
                    break
                continue
            if not data:  # the other process ended, or died: the rest are made here
                self.close()
                break
            self._received += data
            self._take_whole_batches()
        if name in self.arrived:
            return self.arrived.pop(name)
        return self.made_here(name)

    def _take_whole_batches(self) -> None:
        received, length = self._received, self._LENGTH
        while len(received) >= length:
            end = length + int.from_bytes(received[:length], "big")
            if len(received) < end:
                return
            self.arrived.update(pickle.loads(received[length:end]))
            del received[:end]

    def close(self) -> None:
        """Nothing more is needed from the second process."""
        if self._reading is not None:
            os.close(self._reading)
            self._reading = None
        self.arrived.clear()
        self._received.clear()


class Handoff(Generic[Item]):
    """Work this process hands to the second process once that one has nothing else to
    do (``idle``): each piece an item that pickles, sent as it comes; the second process
    takes them in order (``taken``) until this process says there are no more
    (``close``). Made before the second process starts; without one, nothing is idle
    and nothing is handed."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self._here = os.getpid()
        self._receiving, self._sending = context.Pipe(duplex=False)
        self._idle: Any = context.Value("b", 0, lock=False)
        self._open = True
        # A piece is a page (tens of kilobytes): this process would wait for the other to
        # read one before it sends the next.
        _hold_more(self._sending.fileno())

    @property
    def idle(self) -> bool:
        """Whether the second process waits for pieces (it has done the rest of its work)."""
        return self._open and bool(self._idle.value)

    def hand(self, item: Item) -> bool:
        """Send a piece (only once ``idle``: the second process reads as it is sent);
        whether it was sent (not if the other process died, or the piece does not
        pickle: this process does that piece itself)."""
        if not self._open:
            return False
        if not self._receiving.closed:  # this process's copy: the other's death ends sending
            self._receiving.close()
        try:
            data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # anything that does not pickle stays here
            return False
        try:
            self._sending.send_bytes(data)
        except OSError:  # it died: the build fails as it waits for its report
            self._open = False
            return False
        return True

    def close(self) -> None:
        """No more pieces: the second process ends its work with those it was sent."""
        if self._open:
            self._open = False
            with contextlib.suppress(OSError):  # it ended meanwhile: it reads no more
                self._sending.send_bytes(b"")
        self._sending.close()
        self._receiving.close()

    def taken(self) -> Iterator[Item]:
        """In the second process, once it has nothing else to do: each piece as it comes,
        until there are no more. In this process (no second one): none."""
        if os.getpid() == self._here:
            return
        self._sending.close()  # this process's copy: the other's closing ends the pieces
        self._idle.value = 1
        with contextlib.suppress(EOFError, OSError):  # the other ended: no more
            while data := self._receiving.recv_bytes():
                yield pickle.loads(data)


@dataclass
class _Report(Generic[Result]):
    """What the second process sends back when its work ends."""

    result: Result | None = None
    error: str | None = None
    logs: list[logging.LogRecord] = field(default_factory=list)


class _Child(Generic[Result]):
    """A forked process running the task: texts reach it on a queue; its report comes
    back on a pipe when it ends."""

    def __init__(self, task: Task[Result], *, texts: bool) -> None:
        context = multiprocessing.get_context("fork")
        self.inbox: multiprocessing.Queue[tuple[str, str] | None] = context.Queue()
        self.waits_for_texts = texts
        self.reports, report_to = context.Pipe(duplex=False)
        # What the build made so far, out of the collector's sight: in the forked process
        # it would otherwise touch, and so copy, every page of memory it walks.
        collector.set_aside()
        self.process = context.Process(
            target=_run_child,
            args=(task, self.inbox, report_to, texts),
            name="conflict-monitor",
            daemon=True,
        )
        try:
            self.process.start()
        finally:
            report_to.close()  # the child's end: closed here, so its death reads as EOF

    def wait(self) -> Result:
        if self.waits_for_texts:
            self.inbox.put(None)  # nothing more to come
        try:
            report: _Report[Result] | None = self.reports.recv()
        except EOFError:  # the process ended without a report: it was stopped
            report = None
        self.process.join()
        if report is None:  # and maybe texts left in the pipe that nobody will read
            self.inbox.cancel_join_thread()
        self._close()
        if report is None:
            code = self.process.exitcode or 0
            how = f"it was stopped by signal {-code}" if code < 0 else f"it exited with {code}"
            raise WorkFailed(f"the second process gave no result: {how}")
        for record in report.logs:
            logging.getLogger(record.name).handle(record)
        if report.error is not None:
            raise WorkFailed(report.error)
        return report.result  # type: ignore[return-value]

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.inbox.cancel_join_thread()  # what is still queued is for nobody
        self._close()

    def _close(self) -> None:
        self.inbox.close()
        self.reports.close()


def _run_child(  # pragma: no cover - runs in the child
    task: Task[Result],
    inbox: multiprocessing.Queue[tuple[str, str] | None],
    outbox: Connection,
    waits_for_texts: bool,
) -> None:
    """The child's whole life: run the task, and send back its result and log records."""
    _exit_with_the_build()
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    _send_logs_to(records)
    texts: dict[str, str] = {}
    ended = not waits_for_texts  # the build said it has nothing more to give

    def wait_for_text(name: str) -> str:
        nonlocal ended
        while name not in texts:
            given = None if ended else inbox.get()
            if given is None:
                ended = True
                raise WorkFailed(f"the build ended before {name} was made")
            texts[given[0]] = given[1]
        return texts[name]

    report: _Report[Result] = _Report()
    try:
        report.result = task(wait_for_text)
    except WorkFailed as error:  # reported to the parent, which fails the build
        report.error = str(error)
    except Exception as error:  # a fault of the generator's own: named, and traced
        report.error = f"{type(error).__name__}: {error}"
        logging.getLogger(__name__).debug("in the second process", exc_info=True)
    # Whatever the build still gives is read, if only to be dropped: a full pipe would
    # otherwise hold the build's own process at its exit.
    while not ended and inbox.get() is not None:
        pass
    while not records.empty():
        report.logs.append(records.get())
    outbox.send(report)
    outbox.close()


def _exit_with_the_build() -> None:  # pragma: no cover - runs in the child
    """Stop this process if the build's process dies (Ctrl-C, a kill): it must not go on
    writing into a site folder nobody waits for."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent's end of its pipe closes: it died
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _send_logs_to(records: queue.SimpleQueue[Any]) -> None:  # pragma: no cover - child
    """Keep every log record for the parent, which logs it again (so that, for example,
    a strict build counts its warnings)."""
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.handlers = []
            logger.propagate = True
    logging.root.handlers = [QueueHandler(records)]
