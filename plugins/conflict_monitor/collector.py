"""A build's millions of objects and Python's cycle collector.

A build loads the publication once: millions of small objects that live to its end.
The cycle collector would walk them again and again for nothing, and once more at
exit to free them one by one (1.5 s at 20,000 incidents). So they are made with the
collector paused and then frozen (``gc.freeze``): never walked again, and at exit
they go with the process. A next build in the same process (``mkdocs serve``)
releases what the last one froze before it starts. While a build makes its pages, its
full collections wait (``few_full_collections``): what it makes there lives to its
end too.

The live preview, which makes only what changed, freezes its publication once loaded,
and the rest of a rebuild only once the rebuild is over. What a rebuild made after
the load and left (its pages, navigation and templates) is collected just after it
ends, or as the next starts, and what lives on frozen: the collector walks only the
objects made since the last freeze, a hundred thousand, in a few hundredths of a
second. What was frozen and died since (the theme's template environment, made
before the load, less its templates, which the plugin lets go of: a few dozen objects
a rebuild) waits for the writer to pause, or for a long run of rebuilds without a
pause: then the collector walks everything (see ``rebuild_ended``). The collections
run on a timer's thread; one runs at a time, and a rebuild that starts waits for one
that runs.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector paused while what is made inside is made (it makes no cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def kept_for_the_build() -> Iterator[None]:
    """What is made inside lives as long as the build: made with the collector paused,
    then frozen."""
    with paused():
        try:
            yield
        finally:
            gc.freeze()


@contextmanager
def few_full_collections() -> Iterator[None]:
    """While the pages are made: each leaves a few reference cycles (Jinja's), which the
    young generations collect as usual; but much of what is made lives to the build's
    end (pages, rows, search entries), and a full collection, which walks all of it
    again, waits (else a few a build, a twentieth of a second each at 20,000
    incidents)."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, max(old, _FULL_COLLECTION_RARELY))
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


_FULL_COLLECTION_RARELY = 1_000  # middle-generation collections between two full ones


def set_aside() -> None:
    """The build is done: freeze everything it made, for a quick exit."""
    gc.freeze()


def release() -> None:
    """A new build starts: what the last one froze is collected now (else the new build
    would freeze it again with its own, one more publication at every rebuild). The
    first build of a process has nothing to release: no collection."""
    cancel_collections()
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()


_timers: list[threading.Timer] = []  # the collections after the last rebuild
_collecting = threading.RLock()  # held by a collection, and while the state changes
_rebuild_left = False  # objects that the last rebuild made after its load, not collected
_rebuilds_uncollected = 0  # rebuilds ended since everything was last collected


def rebuild_ended(soon: float, pause: float) -> None:
    """A rebuild of the live preview ended (or failed): what it made after its load and
    left is collected in ``soon`` seconds, and what lives on frozen (the writer's
    browser reloads meanwhile); everything, if the writer pauses for ``pause``
    seconds."""
    global _rebuild_left, _rebuilds_uncollected
    cancel_collections()
    with _collecting:
        _rebuild_left = True
        _rebuilds_uncollected += 1
        soon_timer = threading.Timer(soon, _collect_the_rebuild)
        pause_timer = threading.Timer(pause, _collect_all)
        for timer in (soon_timer, pause_timer):
            timer.daemon = True
            timer.start()
            _timers.append(timer)


def rebuild_starts(full_every: int) -> None:
    """A rebuild of the live preview starts: what the last one left is collected now if
    it was not yet; everything, if ``full_every`` rebuilds ended without the writer
    pausing, so that memory stays flat however long they save without a pause. A
    collection that runs on a timer finishes first."""
    cancel_collections()
    with _collecting:
        if _rebuilds_uncollected >= full_every:
            _collect_all()
        elif _rebuild_left:
            _collect_the_rebuild()


def cancel_collections() -> None:
    """The collections waiting on a timer will not run (one that runs goes on)."""
    for timer in _timers:
        timer.cancel()
    _timers.clear()


def _collect_the_rebuild() -> None:
    global _rebuild_left
    with _collecting:
        gc.collect()  # frozen objects are not walked
        gc.freeze()
        _rebuild_left = False


def _collect_all() -> None:
    global _rebuild_left, _rebuilds_uncollected
    with _collecting:
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _rebuild_left, _rebuilds_uncollected = False, 0
