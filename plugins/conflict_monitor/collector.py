"""A build's millions of objects and Python's cycle collector.

A build loads the publication once: millions of small objects that live to its end.
The cycle collector would walk them again and again for nothing, and once more at
exit to free them one by one (1.5 s at 20,000 incidents). So they are made with the
collector paused and then frozen (``gc.freeze``): never walked again, and at exit
they go with the process. A next build in the same process (``mkdocs serve``)
releases what the last one froze before it starts, or, in the live preview that
makes only what changed, a few seconds after the last one ended.
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


def set_aside() -> None:
    """The build is done: freeze everything it made, for a quick exit."""
    gc.freeze()


def release() -> None:
    """A new build starts: what the last one froze is collected now (else the new build
    would freeze it again with its own, one more publication at every rebuild)."""
    cancel_release_later()
    gc.unfreeze()
    gc.collect()


_later: threading.Timer | None = None
_builds_uncollected = 0  # builds ended since the last collection


def release_later(seconds: float) -> None:
    """A build ended: what the builds froze is collected in ``seconds`` (and the rest
    frozen again), unless a build starts first (see ``release_if_due``): the live
    preview's collection runs while the writer reads, not while they wait for a page."""
    global _later, _builds_uncollected
    cancel_release_later()
    _builds_uncollected += 1

    def collect() -> None:
        global _builds_uncollected
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        _builds_uncollected = 0

    _later = threading.Timer(seconds, collect)
    _later.daemon = True
    _later.start()


def release_if_due(builds: int) -> None:
    """A build starts: the collection waits for its end, unless ``builds`` builds have
    ended without one (a writer saving without a pause): then it runs now, so that
    memory stays flat."""
    global _builds_uncollected
    cancel_release_later()
    if _builds_uncollected >= builds:
        release()
        _builds_uncollected = 0


def cancel_release_later() -> None:
    global _later
    if _later is not None:
        _later.cancel()
        _later = None
