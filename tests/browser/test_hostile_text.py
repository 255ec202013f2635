"""Hostile text in front matter, article bodies and data runs nowhere: checked in Chromium."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from chromium import serve
from playwright.sync_api import Browser

from conftest import ACTORS, INCIDENTS, build_site

PAYLOAD = (
    "</title></script><script>window.__pwned = 1</script>"
    '<img src=x onerror="window.__pwned = 2"> ${window.__pwned = 3} `'
)

ARTICLE = f"""\
---
title: {PAYLOAD!r}
date: 2021-06-30
summary: {PAYLOAD!r}
countries: [AFG]
actors: [taliban]
---

# Heading {PAYLOAD}

Body text. <script>window.__pwned = 4</script>
<img src="x" onerror="window.__pwned = 5">
<a href="javascript:window.__pwned = 6">a link</a>
"""

PAGES = [
    "articles/2021/hostile/",
    "articles/",
    "actors/",
    "actors/taliban/",
    "countries/afghanistan/",
    "incidents/2021-06-22-sher-khan-bandar/",
]


@pytest.mark.browser
def test_nothing_runs_from_hostile_text(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, browser: Browser
) -> None:
    actors = ACTORS.replace("name: Taliban", f"name: {PAYLOAD!r}").replace(
        "aliases: [Талибан]", f"aliases: [{PAYLOAD!r}]"
    )
    incidents = INCIDENTS.replace("location: Sher Khan Bandar", f"location: {PAYLOAD!r}")
    incidents = incidents.replace("publisher: Example News", f"publisher: {PAYLOAD!r}")
    root = publication(
        actors=actors, incidents={"x.yaml": incidents}, articles={"2021/hostile.md": ARTICLE}
    )
    built = build_site(root, caplog)
    with serve(built.site) as base:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in PAGES:
            page.goto(base + path, wait_until="networkidle")
            assert page.evaluate("window.__pwned") is None, path
            assert "window.__pwned = 1" in page.title() or path != PAGES[0]
        page.close()
    assert dialogs == []
