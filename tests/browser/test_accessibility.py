"""Accessibility of the sample site: WCAG 2.1 level AA as axe-core checks it, and what
axe does not check: the keyboard's way past the header to the content, the focus in
sight at every stop of the Tab key, one h1 and the language on every page, and names
for the maps and for what the keyboard reaches in them.

axe-core comes from tools/package.json (`make test` installs it). Its findings are
fixed, not silenced: no rule is disabled here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import routed, visit, wait_for_maps
from playwright.sync_api import Browser, Page, expect

from conftest import REPO, SAMPLE_PREFIX

AXE = REPO / "tools" / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.0 and 2.1, levels A and AA; and, of axe's best practices, a name for every
# dialog (Material's search is one).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "rules": {"aria-dialog-name": {"enabled": True}},
}
FAILING = ("serious", "critical")

# Leaflet 1.9 draws map tiles with `mix-blend-mode: plus-lighter` (against hairline
# seams between tiles in Chromium), a blend mode axe-core 4.11 does not know: on any
# page with a map, its color-contrast rule stops with an error and checks nothing. The
# tiles of the tests are blank (chromium.BLANK_PNG): drawn normally they look the same.
TILES_DRAWN_NORMALLY = ".leaflet-container img.leaflet-tile { mix-blend-mode: normal !important; }"

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}

LANGUAGE = "en"  # theme.language in mkdocs.yml

# A page of each kind; the 404 page is served, as static hosts do, at an address the
# site does not have.
PAGES = {
    "home": "",
    "article": "articles/2021/taliban-northern-offensive/",
    "archive": "articles/",
    "countries index": "countries/",
    "country": "countries/afghanistan/",
    "year listing": "countries/afghanistan/2021/",
    "actor index": "actors/",
    "actor": "actors/taliban/",
    "incident": "incidents/2021-06-22-sher-khan-bandar-captured/",
    "data": "downloads/",
    "author": "authors/farida-nazarova/",
    "404": "no-such-page/",
}


@pytest.fixture(scope="module")
def base_url(sample_site: Path) -> Iterator[str]:
    with routed(sample_site, SAMPLE_PREFIX) as url:
        yield url


def _open(browser: Browser, site: Path, base_url: str, kind: str) -> Page:
    """The page of that kind, loaded, its maps drawn, Material's instant navigation on."""
    address = base_url + PAGES[kind]
    if kind == "404":
        page = visit(browser, "about:blank").page
        body = (site / "404.html").read_bytes()
        page.route(
            address, lambda route: route.fulfill(status=404, body=body, content_type="text/html")
        )
        page.goto(address, wait_until="networkidle")
    else:
        page = visit(browser, address, wait="networkidle").page
    if maps := page.locator(".cm-map").count():
        wait_for_maps(page, maps)
    # Material takes over links (and so the skip link) once it has read the sitemap.
    page.wait_for_function(
        "performance.getEntriesByType('resource').some(r => r.name.endsWith('sitemap.xml'))"
    )
    return page


def _axe(page: Page) -> dict[str, Any]:
    page.add_style_tag(content=TILES_DRAWN_NORMALLY)
    if not page.evaluate("typeof axe !== 'undefined'"):
        assert AXE.is_file(), "axe-core comes from tools/package.json: `make test` installs it"
        page.add_script_tag(path=str(AXE))
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)  # type: ignore[no-any-return]


def _findings(results: dict[str, Any]) -> list[str]:
    """axe's serious and critical violations, and the rules it could not check, in words."""
    found = []
    for rule in results["violations"]:
        if rule["impact"] in FAILING:
            found.append(f"{rule['id']} ({rule['impact']}): {rule['help']}")
            for node in rule["nodes"]:
                summary = "; ".join(
                    line.strip()
                    for line in node["failureSummary"].splitlines()[1:]
                    if line.strip() and not line.startswith("Fix ")
                )
                found.append(f"    {', '.join(map(str, node['target']))}: {summary}")
    for rule in results["incomplete"]:  # an error in a rule leaves the whole page unchecked
        for node in rule["nodes"]:
            for check in node["any"] + node["all"] + node["none"]:
                if check["id"] == "error-occurred":
                    message = (check.get("data") or {}).get("message", check["message"])
                    found.append(f"{rule['id']}: axe could not check the page: {message}")
    return found


def _palettes(page: Page) -> list[dict[str, str]]:
    """The colour palettes the site offers (Material's palette switch), or the one it has."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => {
          const options = [...document.querySelectorAll('input.md-option[data-md-color-scheme]')];
          return (options.length ? options : [document.body]).map(e => ({
            scheme: e.getAttribute('data-md-color-scheme'),
            primary: e.getAttribute('data-md-color-primary'),
            accent: e.getAttribute('data-md-color-accent'),
          }));
        }"""
    )


@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_serious_violation(
    browser: Browser, sample_site: Path, base_url: str, kind: str
) -> None:
    page = _open(browser, sample_site, base_url, kind)
    problems = []
    for palette in _palettes(page):
        page.evaluate(
            "p => Object.entries(p).forEach(([k, v]) => v && "
            "document.body.setAttribute('data-md-color-' + k, v))",
            palette,
        )
        for viewport, size in VIEWPORTS.items():
            page.set_viewport_size(size)  # type: ignore[arg-type]
            findings = _findings(_axe(page))
            problems += [f"[{palette['scheme']} palette, {viewport}] {f}" for f in findings]
    page.context.close()
    where = f"the {kind} page, /{PAGES[kind]}"
    assert problems == [], f"axe on {where}:\n" + "\n".join(problems)


def _follows_content(page: Page) -> bool:
    """Whether the focus is on what comes after the start of the content (not on the
    header or the navigation before it)."""
    return page.evaluate(  # type: ignore[no-any-return]
        "(document.getElementById('cm-content').compareDocumentPosition(document.activeElement)"
        " & Node.DOCUMENT_POSITION_FOLLOWING) !== 0"
    )


# A page written from Markdown (Material's own skip link would be there), a generated
# page, one written from a shell, and the 404.
@pytest.mark.parametrize("kind", ["article", "country", "incident", "404"])
def test_skip_link_is_the_first_tab_stop_and_takes_the_focus_to_the_content(
    browser: Browser, sample_site: Path, base_url: str, kind: str
) -> None:
    page = _open(browser, sample_site, base_url, kind)
    skip = page.locator("a.md-skip:visible")
    assert skip.count() == 1, "one skip link"
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    expect(page.locator("#cm-content")).to_be_focused()
    page.keyboard.press("Tab")
    assert _follows_content(page), "the Tab key after the skip link went back to the header"
    page.context.close()


def test_skip_link_after_instant_navigation(
    browser: Browser, sample_site: Path, base_url: str
) -> None:
    """Instant navigation replaces the content but keeps the header, the skip link's."""
    page = _open(browser, sample_site, base_url, "article")
    page.evaluate("window.__same_document = true")
    page.locator(".md-nav--primary").get_by_role("link", name="Countries").click()
    page.wait_for_url("**/countries/")
    page.locator("article").get_by_role("link", name="Afghanistan").first.click()
    page.wait_for_url("**/countries/afghanistan/")
    assert page.evaluate("window.__same_document") is True, "navigated without instant loading"
    skip = page.locator("a.md-skip:visible")
    assert skip.count() == 1, "one skip link"
    skip.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#cm-content")).to_be_focused()
    expect(page.locator("#cm-content h1")).to_contain_text("Afghanistan")
    page.context.close()


# Tab stops the test leaves to others: Material's search results, a scrolling box that
# the focus reaches as Material closes the search (it does on leaving the search box);
# the maps, tests/browser/test_maps.py.
NOT_WALKED = ".md-search__scrollwrap, .cm-map, .cm-map *"


@pytest.mark.parametrize("kind", ["home", "article", "country", "incident", "data", "404"])
def test_every_tab_stop_is_in_sight(
    browser: Browser, sample_site: Path, base_url: str, kind: str
) -> None:
    page = _open(browser, sample_site, base_url, kind)
    page.add_style_tag(content="*, ::before, ::after { transition: none !important; }")
    stops: list[str] = []
    hidden: list[str] = []
    for _ in range(300):
        page.keyboard.press("Tab")
        stop, in_sight, walked = page.evaluate(
            """selector => {
              const e = document.activeElement, box = e.getBoundingClientRect();
              const shown = e.checkVisibility({opacityProperty: true, visibilityProperty: true});
              return [e.outerHTML.slice(0, 120), shown && box.width > 0 && box.height > 0,
                      !e.matches(selector)];
            }""",
            NOT_WALKED,
        )
        if stop.startswith("<body") or stop in stops[:1]:
            break
        stops.append(stop)
        if walked and not in_sight:
            hidden.append(stop)
    page.context.close()
    assert len(stops) > 5
    assert hidden == [], "the focus went out of sight at:\n" + "\n".join(hidden)


@pytest.mark.parametrize("kind", PAGES)
def test_one_h1_and_the_language(
    browser: Browser, sample_site: Path, base_url: str, kind: str
) -> None:
    page = _open(browser, sample_site, base_url, kind)
    assert page.locator("html").get_attribute("lang") == LANGUAGE
    headings = page.locator("h1").all_inner_texts()
    assert len(headings) == 1, f"h1s: {headings}"
    expect(page.locator("#cm-content h1")).to_be_visible()
    page.context.close()


@pytest.mark.parametrize("kind", ["home", "country", "actor", "incident"])
def test_maps_and_what_the_keyboard_reaches_in_them_have_names(
    browser: Browser, sample_site: Path, base_url: str, kind: str
) -> None:
    page = _open(browser, sample_site, base_url, kind)
    maps = page.locator(".cm-map")
    assert maps.count() > 0
    for each in maps.all():
        expect(each).to_have_role("region")
        expect(each).to_have_accessible_name(re.compile(r"\w"))
    stops = page.locator(".cm-map [tabindex='0'], .cm-map a[href], .cm-map button").all()
    assert stops, "nothing in the maps for the keyboard"
    for stop in stops:
        expect(stop).to_have_accessible_name(re.compile(r"\w"))
    page.context.close()
