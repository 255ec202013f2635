"""Hostile text in front matter, article bodies and data runs nowhere: checked in Chromium.

Every page kind is opened, and on each: no dialog opens, no element the hostile
text would make as markup exists (a script of its own, an ``on...`` handler, a
``javascript:`` link), and the text is shown as written, whole, in the <title>, the
theme's header and the page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from chromium import serve
from playwright.sync_api import Browser, Dialog

from conftest import ACTORS, COUNTRIES, INCIDENTS, REPO, build_site

# Each piece escapes one context, and calls alert() if it ever runs: as an element in
# the body, after the end of <title> or of a <script>, out of a double- or
# single-quoted attribute, and in a JavaScript template literal.
PAYLOAD = (
    "</title></script><script>alert('cm-xss-1')</script>"
    "<img src=x onerror=\"alert('cm-xss-2')\"> ${alert('cm-xss-3')} ` "
    "\"><svg onload=alert('cm-xss-4')> '><img src=x onerror=alert('cm-xss-5')>"
)
HOSTILE = json.dumps(PAYLOAD)  # as a YAML (double-quoted) string

ARTICLE = f"""\
---
title: {HOSTILE}
date: 2021-06-30
summary: {HOSTILE}
countries: [AFG]
actors: [taliban]
---

# Heading {PAYLOAD}

Body text. <script>alert('cm-xss-6')</script>
<img src="x" onerror="alert('cm-xss-7')">
<a href="javascript:alert('cm-xss-8')">a link</a>
<svg onload="alert('cm-xss-9')"></svg>
"""

SITE = "Test monitor"

# Every page kind, with its title: the hostile text is on each.
PAGES = {
    "articles/2021/hostile/": PAYLOAD,
    "articles/": "Analysis",
    "actors/": "Actors",
    "actors/taliban/": PAYLOAD,
    "actors/taliban/2021/": f"{PAYLOAD}: incidents in 2021",
    "countries/": "Countries",
    "countries/afghanistan/": "Afghanistan",
    "countries/afghanistan/2021/": "Afghanistan: incidents in 2021",
    "incidents/2021-06-22-sher-khan-bandar/": f"{PAYLOAD}, 2021-06-22",
}

# What the hostile text would make, were it markup: scripts of its own, handlers
# (on...), javascript: links. In <head> as well as <body>.
INJECTED = """() => {
    const found = [];
    for (const element of document.querySelectorAll("*")) {
        const name = element.localName;
        // Structured data (JSON-LD) holds the text as data, and runs nowhere, as long
        // as the text has not broken out of it: then it is no longer JSON.
        if (name === "script" && element.type === "application/ld+json") {
            try {
                JSON.parse(element.textContent);
                continue;
            } catch (error) {
                found.push(`<script type="application/ld+json">: ${error}`);
            }
        }
        if (name === "script" && element.textContent.includes("cm-xss")) {
            found.push(`<script>${element.textContent.trim().slice(0, 40)}`);
        }
        for (const attribute of element.attributes) {
            if (attribute.name.startsWith("on")) {
                found.push(`<${name} ${attribute.name}="${attribute.value.slice(0, 40)}">`);
            } else if (/^\\s*javascript:/i.test(attribute.value)) {
                found.push(`<${name} ${attribute.name}="${attribute.value.slice(0, 40)}">`);
            }
        }
    }
    return found;
}"""

# The site's theme, with the publication's overrides (its <title>) as mkdocs.yml has it.
THEME = {
    "name": "material",
    "font": False,
    "features": ["navigation.instant"],
    "custom_dir": str(REPO / "docs_templates"),
}
HEADER_TOPIC = ".md-header__topic[data-md-component=header-topic]"


def test_nothing_runs_from_hostile_text(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, browser: Browser
) -> None:
    actors = ACTORS.replace("name: Taliban", f"name: {HOSTILE}").replace(
        "aliases: [Талибан]", f"aliases: [{HOSTILE}]"
    )
    incidents = INCIDENTS.replace("location: Sher Khan Bandar", f"location: {HOSTILE}")
    incidents = incidents.replace("publisher: Example News", f"publisher: {HOSTILE}")
    countries = COUNTRIES.replace("region: Central Asia", f"region: {HOSTILE}").replace(
        "summary: The north of the country.", f"summary: {HOSTILE}"
    )
    root = publication(
        countries=countries,
        actors=actors,
        incidents={"x.yaml": incidents},
        articles={"2021/hostile.md": ARTICLE},
        config={"theme": THEME},
    )
    built = build_site(root, caplog)
    failures: list[str] = []
    with serve(built.site) as base:
        page = browser.new_page()
        dialogs: list[str] = []

        def opened(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", opened)
        for path, title in PAGES.items():
            page.goto(base + path, wait_until="networkidle")
            if dialogs:
                failures.append(f"{path}: dialogs opened: {dialogs}")
                dialogs.clear()
            injected = page.evaluate(INJECTED)
            if injected:
                failures.append(f"{path}: elements made from the text: {injected}")
            if page.title() != f"{title} - {SITE}":
                failures.append(f"{path}: <title> is {page.title()!r}")
            topic = page.locator(HEADER_TOPIC).inner_text().strip()
            if topic != title:
                failures.append(f"{path}: the header shows {topic!r}")
            if PAYLOAD not in page.locator("body").inner_text():
                failures.append(f"{path}: the hostile text is not shown whole, as text")
        page.close()
    assert not failures, "\n".join(failures)
