"""The second process: writing incident pages while the site generator builds the rest.

Work given to the background runs both ways: forked, and at the end of the build in
the build's own process (where no fork is possible or allowed).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflict_monitor.collector import release
from conflict_monitor.parallel import (
    Background,
    HandedBack,
    Handoff,
    Shares,
    WaitForText,
    WorkFailed,
)
from conftest import child_processes

# The test session may hold a thread of the browser driver; the work forked here never
# touches what such a thread could hold.
pytestmark = pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")


@pytest.fixture(autouse=True)
def _released() -> Iterator[None]:
    yield
    release()  # what forking set aside


BOTH_WAYS = pytest.mark.parametrize("parallel", [True, False], ids=["forked", "at-the-end"])


@BOTH_WAYS
def test_the_work_waits_for_the_texts_it_needs(parallel: bool, tmp_path: Path) -> None:
    def work(wait_for: WaitForText) -> int:
        (tmp_path / "before").write_text("written before the shell came")
        shell = wait_for("shell")
        for name in ("a", "b", "c"):
            (tmp_path / name).write_text(shell.replace("BODY", name))
        return 3

    background = Background(work, parallel=parallel)
    assert background.in_second_process is parallel
    background.give("shell", "<main>BODY — ünïcode</main>")
    assert background.finish() == 3
    assert (tmp_path / "b").read_text() == "<main>b — ünïcode</main>"
    assert (tmp_path / "before").is_file()


@BOTH_WAYS
def test_texts_may_come_in_any_order(parallel: bool, tmp_path: Path) -> None:
    def work(wait_for: WaitForText) -> int:
        (tmp_path / "out").write_text(wait_for("first") + wait_for("second"))
        return 1

    background = Background(work, parallel=parallel)
    background.give("second", "2" * 200_000)  # far more than a pipe holds
    background.give("first", "1")
    assert background.finish() == 1
    assert (tmp_path / "out").read_text() == "1" + "2" * 200_000


@BOTH_WAYS
def test_each_share_of_the_work_is_taken_once(parallel: bool) -> None:
    """The build takes pieces from the front, the second process from the back (from
    the moment it starts, without waiting for the build to say it has given all)."""
    shares = Shares(2000)

    def slowly(pieces: Iterator[int]) -> list[int]:
        taken = []
        for piece in pieces:
            time.sleep(0.0005)
            taken.append(piece)
        return taken

    background = Background(
        lambda _: slowly(shares.taken(from_back=True)), parallel=parallel, texts=False
    )
    time.sleep(0.2)  # the second process has started taking
    here = slowly(shares.taken())
    there = background.finish()
    assert sorted(here + there) == list(range(2000))
    assert here == sorted(here)
    assert there == sorted(there, reverse=True)
    assert (len(there) > 0) is parallel


def test_work_that_waits_for_no_text_fails_if_it_asks_for_one() -> None:
    background = Background(lambda wait_for: wait_for("shell"), parallel=True, texts=False)
    with pytest.raises(WorkFailed, match="the build ended before shell was made"):
        background.finish()


@BOTH_WAYS
def test_log_records_of_the_work_reach_the_build(parallel: bool, caplog) -> None:
    def work(wait_for: WaitForText) -> int:
        logging.getLogger("mkdocs.plugins.conflict-monitor").warning("a warning from the work")
        return 0

    caplog.set_level(logging.INFO)
    Background(work, parallel=parallel).finish()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == ["a warning from the work"]
    assert warnings[0].name == "mkdocs.plugins.conflict-monitor"


def test_a_failure_the_work_names_is_reported_as_it_is() -> None:
    def work(wait_for: WaitForText) -> int:
        raise WorkFailed("incident.html:3: 'where' is undefined")

    with pytest.raises(WorkFailed, match=r"^incident\.html:3: 'where' is undefined$"):
        Background(work, parallel=True).finish()


def test_any_other_failure_in_the_second_process_is_named_and_traced(caplog) -> None:
    def work(wait_for: WaitForText) -> int:
        return len(None)  # type: ignore[arg-type]

    caplog.set_level(logging.DEBUG)
    with pytest.raises(WorkFailed, match=r"^TypeError: object of type 'NoneType' has no len"):
        Background(work, parallel=True).finish()
    traces = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert any("Traceback" in trace and "len(None)" in trace for trace in traces)


def test_texts_given_after_the_work_failed_hold_nothing_up() -> None:
    """The build goes on giving shells after the work failed: far more than a pipe holds,
    and the build's process must still finish, with no thread left behind."""

    def work(wait_for: WaitForText) -> int:
        raise WorkFailed("a broken template")

    background = Background(work, parallel=True)
    for name in ("a", "b", "c"):
        background.give(name, name * 200_000)
    with pytest.raises(WorkFailed, match="a broken template"):
        background.finish()
    deadline = time.monotonic() + 10
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() == 1


def test_a_failure_at_the_end_is_raised_as_it_is() -> None:
    def work(wait_for: WaitForText) -> int:
        raise KeyError("a bug")

    with pytest.raises(KeyError):
        Background(work, parallel=False).finish()


@BOTH_WAYS
def test_a_text_that_never_comes_fails_the_work(parallel: bool) -> None:
    def work(wait_for: WaitForText) -> int:
        wait_for("a shell")
        return 1

    with pytest.raises(WorkFailed, match="the build ended before a shell was made"):
        Background(work, parallel=parallel).finish()


def test_a_second_process_that_dies_is_reported() -> None:
    def work(wait_for: WaitForText) -> int:
        os.kill(os.getpid(), signal.SIGKILL)
        return 1

    with pytest.raises(WorkFailed, match="stopped by signal 9"):
        Background(work, parallel=True).finish()


def test_a_failed_build_stops_the_second_process(tmp_path: Path) -> None:
    before = child_processes()

    def work(wait_for: WaitForText) -> int:
        wait_for("a shell that never comes")
        return 1

    background = Background(work, parallel=True)
    assert child_processes() - before
    background.cancel()
    assert child_processes() == before


ORPHANED = """
import os, sys, time
from pathlib import Path
from conflict_monitor.parallel import Background

started = Path(sys.argv[1])

def work(wait_for):
    started.write_text("working")
    while True:  # never waits for a text: only its parent's death can stop it
        time.sleep(0.05)

background = Background(work, parallel=True)
while not started.exists():
    time.sleep(0.01)
print(background.child.process.pid, flush=True)
os._exit(0)  # the build dies without a word: no cancel, no finish
"""


def test_the_second_process_dies_with_the_build(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", ORPHANED, str(tmp_path / "started")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    child = Path("/proc") / result.stdout.strip()
    deadline = time.monotonic() + 10
    while child.exists() and "zombie" not in _state(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not child.exists() or "zombie" in _state(child)


def _state(process: Path) -> str:
    try:
        return (process / "status").read_text()
    except OSError:
        return "zombie"  # gone while read


def _handed_back(made_here: list[str], fails: str = "", slow_there: float = 0) -> HandedBack:
    """Texts ``text of <name>``; those made in this process are listed in ``made_here``;
    the one named ``fails`` fails; each takes ``slow_there`` seconds in the other."""
    here = os.getpid()

    def make(name: str) -> str:
        if name == fails:
            raise ValueError(f"{name} cannot be made")
        if os.getpid() == here:
            made_here.append(name)
        else:
            time.sleep(slow_there)
        return f"text of {name}"

    assert HandedBack.BATCH == 16
    return HandedBack([f"t{n}" for n in range(40)], make)


def _work(_: WaitForText) -> int:
    """The second process's own work: long enough for the texts to be handed over (those
    not handed over when it ends are made in the build's process)."""
    time.sleep(0.5)
    return 7


def test_texts_handed_back_are_made_there_before_the_work() -> None:
    made_here: list[str] = []
    texts = _handed_back(made_here)
    background = texts.start(_work, parallel=True)
    assert background.in_second_process
    assert background.finish() == 7  # the texts were made before it
    assert [texts.get(f"t{n}") for n in range(40)] == [f"text of t{n}" for n in range(40)]
    assert made_here == []
    texts.close()


def test_a_text_not_handed_back_yet_is_made_here_without_waiting() -> None:
    made_here: list[str] = []
    texts = _handed_back(made_here, slow_there=0.05)  # the first batch: 0.8 s there
    background = texts.start(_work, parallel=True)
    started = time.monotonic()
    assert texts.get("t0") == "text of t0"
    assert time.monotonic() - started < 0.5
    assert background.finish() == 7
    assert texts.get("t39") == "text of t39"  # handed back meanwhile
    assert made_here == ["t0"]
    texts.close()


def test_texts_the_second_process_fails_to_make_are_made_here_and_fail_here() -> None:
    made_here: list[str] = []
    texts = _handed_back(made_here, fails="t20")
    background = texts.start(_work, parallel=True)
    assert background.finish() == 7  # its own work goes on
    assert [texts.get(f"t{n}") for n in range(16)] == [f"text of t{n}" for n in range(16)]
    assert texts.get("t17") == "text of t17"  # in the batch that failed: made here
    with pytest.raises(ValueError, match="t20 cannot be made"):
        texts.get("t20")
    assert made_here == ["t17"]
    texts.close()


def test_texts_of_a_second_process_that_dies_are_made_here() -> None:
    made_here: list[str] = []
    texts = _handed_back(made_here, slow_there=0.01)

    def dies(_: WaitForText) -> int:
        os.kill(os.getpid(), signal.SIGKILL)  # after the texts, even in the middle of sending
        return 7

    background = texts.start(dies, parallel=True)
    with pytest.raises(WorkFailed, match="signal 9"):
        background.finish()
    assert [texts.get(f"t{n}") for n in range(40)] == [f"text of t{n}" for n in range(40)]
    texts.close()


def test_without_a_second_process_the_work_runs_alone_and_texts_are_made_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("conflict_monitor.parallel._Child", _NoFork)
    made_here: list[str] = []
    texts = _handed_back(made_here)
    background = texts.start(lambda _: 7, parallel=True)
    assert not background.in_second_process
    assert texts.get("t3") == "text of t3"
    assert background.finish() == 7
    assert made_here == ["t3"]  # not all forty again at the end
    texts.close()


class _NoFork:
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise OSError("no fork here")


def test_a_piece_on_its_way_is_waited_for() -> None:
    """A batch larger than the pipe holds comes in several reads: once it has started
    to arrive, the rest follows, and the piece is the second process's."""
    big = "x" * 3_000_000  # three pipes' worth

    def busy(_: WaitForText) -> int:  # holding the interpreter: its sending thread is slow
        ends = time.monotonic() + 1.0
        while time.monotonic() < ends:
            pass
        return 7

    pieces = HandedBack(["big"], lambda name: big, made_here=lambda name: "made here")
    background = pieces.start(busy, parallel=True)
    time.sleep(0.3)  # made there, and on its way: the pipe is full
    assert pieces.get("big") == big
    assert background.finish() == 7
    pieces.close()


def test_a_piece_not_handed_back_is_made_here_as_said() -> None:
    here = os.getpid()

    def make(name: str) -> str:
        if os.getpid() != here:
            raise ValueError("not made there")
        return "made by make"

    pieces = HandedBack(["piece"], make, made_here=lambda name: "stand-in")
    background = pieces.start(_work, parallel=True)
    assert background.finish() == 7
    assert pieces.get("piece") == "stand-in"
    pieces.close()


def _idle(handoff: Handoff[str]) -> None:
    deadline = time.monotonic() + 30
    while not handoff.idle:
        assert time.monotonic() < deadline, "the second process never became idle"
        time.sleep(0.01)


def test_work_handed_over_once_the_second_process_is_idle_is_done_there_in_order() -> None:
    handoff: Handoff[str] = Handoff()

    def work(_: WaitForText) -> list[str]:
        time.sleep(0.2)  # its own work first: not idle meanwhile
        return [f"{os.getpid()}:{piece.upper()}" for piece in handoff.taken()]

    background = Background(work, parallel=True, texts=False)
    assert not handoff.idle
    _idle(handoff)
    for piece in ("a", "b" * 100_000, "c"):  # one more than a pipe holds
        handoff.hand(piece)
    handoff.close()
    done = background.finish()
    assert [d.partition(":")[2] for d in done] == ["A", "B" * 100_000, "C"]
    assert {d.partition(":")[0] for d in done} != {str(os.getpid())}


def test_without_a_second_process_nothing_is_idle_and_nothing_handed() -> None:
    handoff: Handoff[str] = Handoff()
    background = Background(lambda _: list(handoff.taken()), parallel=False, texts=False)
    assert not handoff.idle
    assert background.finish() == []
    handoff.close()
    assert not handoff.idle


def test_handing_work_to_a_second_process_that_died_holds_nothing_up() -> None:
    handoff: Handoff[str] = Handoff()

    def work(_: WaitForText) -> None:
        for _piece in handoff.taken():
            os._exit(1)

    background = Background(work, parallel=True, texts=False)
    _idle(handoff)
    assert handoff.hand("x")
    assert background.child is not None
    background.child.process.join(timeout=30)  # it read one piece, and died
    assert not handoff.hand("y")
    assert not handoff.idle
    handoff.close()
    with pytest.raises(WorkFailed, match="exited with 1"):
        background.finish()


def test_a_piece_that_does_not_pickle_is_not_handed() -> None:
    """Said so, for this process to do it; the pieces after it go as usual."""
    handoff: Handoff[object] = Handoff()
    background = Background(lambda _: list(handoff.taken()), parallel=True, texts=False)
    _idle(handoff)  # type: ignore[arg-type]
    assert handoff.hand("a")
    assert not handoff.hand(lambda: None)
    assert handoff.hand("b")
    handoff.close()
    assert background.finish() == ["a", "b"]
