"""How often the live preview looks for a writer's saves.

MkDocs' server (1.6) looks for changed files every half second: a quarter of a second
on average, and up to half a second, of the two seconds in which a writer's edit
should show. Its watchdog observer polls each watched folder on a thread of its own,
at an interval fixed when the server is made, before plugins run; here the observer
and the watches already made take a shorter one, before the observer starts. Only
watchdog's private attribute allows it: an observer without it keeps MkDocs' interval.
"""

from __future__ import annotations

from typing import Any

# Each look lists the watched folders: 4 ms for a thousand articles, 2% of a core.
PREVIEW_LOOKS_EVERY = 0.2  # seconds


def look_for_changes_every(server: Any, seconds: float) -> None:
    """The server's observer (``server.observer``) looks every ``seconds``: in each
    folder watched so far, and in those watched from now on."""
    from watchdog.observers.api import BaseObserver  # here: a build does not watch

    observer = getattr(server, "observer", None)
    if not isinstance(observer, BaseObserver) or observer.is_alive():
        return
    for looker in (observer, *observer.emitters):
        if isinstance(getattr(looker, "_timeout", None), float | int):
            looker._timeout = seconds  # type: ignore[attr-defined]
