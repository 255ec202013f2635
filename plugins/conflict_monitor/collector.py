"""A build's millions of objects and Python's cycle collector.

A build loads the publication once: millions of small objects that live to its end.
The cycle collector would walk them again and again for nothing, and once more at
exit to free them one by one (1.5 s at 20,000 incidents). So they are made with the
collector paused and then frozen (``gc.freeze``): never walked again, and at exit
they go with the process. A next build in the same process (``mkdocs serve``)
releases what the last one froze before it starts.
"""

from __future__ import annotations

import gc
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
    gc.unfreeze()
    gc.collect()
