"""Maps in headless Chromium: every incident drawn, popups as text, nothing from other hosts."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from chromium import routed, serve, visit, wait_for_maps
from playwright.sync_api import Browser, Page

from conftest import ACTORS, ARTICLE, INCIDENTS, REPO, SAMPLE_PREFIX, Built, build_site

PAYLOAD = "<img src=x onerror=window.__pwned=1> ${window.__pwned=2} `x` \\u0041 </script>"


@pytest.fixture(scope="module")
def sample(sample_site: Path) -> Iterator[str]:
    with routed(sample_site, SAMPLE_PREFIX) as url:
        yield url


def _data(site: Path, path: str) -> list[list[object]]:
    return json.loads((site / path).read_text())["incidents"]  # type: ignore[no-any-return]


def _wait_for_outlines(page: Page, count: int = 1) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.cm-map[data-outlines=drawn]').length >= {count}",
        timeout=10_000,
    )


# The country outlines drawn in a map's outline pane: how many paths, the area of their
# boxes inside the map and inside their SVG's drawing surface (a path's box is where its
# shape lies, drawn or not), and the panes' stacking order.
OUTLINES_SEEN = """map => {
  const pane = map.querySelector('.leaflet-cmOutlines-pane');
  const tiles = map.querySelector('.leaflet-tile-pane');
  const svg = pane && pane.querySelector('svg');
  const within = (a, b) => ({
    left: Math.max(a.left, b.left), right: Math.min(a.right, b.right),
    top: Math.max(a.top, b.top), bottom: Math.min(a.bottom, b.bottom),
  });
  const box = map.getBoundingClientRect();
  const surface = svg ? within(box, svg.getBoundingClientRect()) : box;
  let area = 0;
  const paths = pane ? [...pane.querySelectorAll('path')] : [];
  for (const path of paths) {
    const r = within(surface, path.getBoundingClientRect());
    if (r.right > r.left && r.bottom > r.top) area += (r.right - r.left) * (r.bottom - r.top);
  }
  return {
    paths: paths.length,
    area: area,
    map_area: box.width * box.height,
    pane_z: pane ? Number(getComputedStyle(pane).zIndex) : null,
    tiles_z: tiles ? Number(getComputedStyle(tiles).zIndex) : null,
  };
}"""


@pytest.mark.parametrize(
    ("page", "kind", "data"),
    [
        ("countries/afghanistan/", "country", "assets/maps/countries/afghanistan.json"),
        ("countries/tajikistan/", None, None),  # no incidents: no map, no error
        ("actors/taliban/", "actor", "assets/maps/actors/taliban.json"),
        ("", "recent", "assets/maps/recent.json"),
    ],
)
def test_each_map_draws_every_incident_of_its_data(
    browser: Browser, sample: str, sample_site: Path, page: str, kind: str | None, data: str
) -> None:
    found = visit(browser, sample + page)
    if kind is None:
        assert found.page.locator(".cm-map").count() == 0
    else:
        (drawn,) = wait_for_maps(found.page)
        assert drawn["map"] == kind
        assert int(drawn["shown"]) == len(_data(sample_site, data)) > 0
    assert found.errors == []
    assert found.foreign == []
    found.page.context.close()


def test_an_incident_page_centres_its_incident_and_opens_its_popup(
    browser: Browser, sample: str
) -> None:
    found = visit(browser, sample + "incidents/2021-06-22-sher-khan-bandar-captured/")
    (drawn,) = wait_for_maps(found.page)
    assert drawn["focus"] == "2021-06-22-sher-khan-bandar-captured"
    popup = found.page.locator(".leaflet-popup-content")
    assert "Sher Khan Bandar, Kunduz" in popup.inner_text()
    assert "Taliban" in popup.inner_text()
    # No link to the page the reader is on.
    assert popup.locator("a").count() == 0
    assert found.tiles, "the map asks for OpenStreetMap tiles"
    assert found.errors == [] and found.foreign == []
    found.page.context.close()


def test_an_article_maps_the_incidents_it_cites(browser: Browser, sample: str) -> None:
    found = visit(browser, sample + "articles/2021/taliban-northern-offensive/")
    (drawn,) = wait_for_maps(found.page)
    assert drawn["map"] == "article" and drawn["shown"] == "3"
    assert found.errors == []
    found.page.context.close()


def test_maps_work_after_instant_navigation(browser: Browser, sample: str) -> None:
    found = visit(browser, sample + "countries/afghanistan/")
    wait_for_maps(found.page)
    # Material starts instant navigation once it has read the sitemap.
    found.page.wait_for_function(
        "performance.getEntriesByType('resource').some(r => r.name.endsWith('sitemap.xml'))"
    )
    found.page.wait_for_load_state("networkidle")
    found.page.evaluate("window.__same_document = true")  # lost if a new page is loaded
    found.page.get_by_role("link", name="Sher Khan Bandar").first.click()
    found.page.wait_for_url("**/incidents/2021-06-22-sher-khan-bandar-captured/")
    found.page.wait_for_selector(".cm-map[data-map=incident][data-ready]")
    (drawn,) = wait_for_maps(found.page)
    assert drawn["map"] == "incident"
    # Material swapped the page in place: no new document, the map code was not reloaded.
    assert found.page.evaluate("window.__same_document") is True
    assert found.errors == []
    found.page.context.close()


def _two_years(publication: Callable[..., Path], caplog: pytest.LogCaptureFixture) -> Built:
    """A publication whose country has incidents in 2020 and 2021."""
    incidents = INCIDENTS.replace("date: 2021-06-28", "date: 2020-06-28").replace(
        "id: 2021-06-28-border-post", "id: 2020-06-28-border-post"
    )
    return build_site(publication(incidents={"x.yaml": incidents}, articles={}), caplog)


def test_the_year_filter_shows_one_year(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, browser: Browser
) -> None:
    built = _two_years(publication, caplog)
    with serve(built.site) as base:
        found = visit(browser, base + "countries/afghanistan/")
        wait_for_maps(found.page)
        shown = lambda: found.page.locator(".cm-map").get_attribute("data-shown")  # noqa: E731
        assert shown() == "2"
        found.page.select_option(".cm-filter select", "2020")
        assert shown() == "1"
        found.page.select_option(".cm-filter select", "")
        assert shown() == "2"
        found.page.context.close()


def test_several_maps_on_one_page(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, browser: Browser
) -> None:
    text = ARTICLE + "\n[[map:country:AFG]]\n\nAnd the Taliban:\n\n[[map:actor:taliban]]\n"
    built = build_site(publication(articles={"2021/border.md": text}), caplog)
    with serve(built.site) as base:
        found = visit(browser, base + "articles/2021/border/")
        drawn = wait_for_maps(found.page, count=3)
        assert sorted(d["map"] for d in drawn) == ["actor", "article", "country"]
        _wait_for_outlines(found.page, count=3)
        fetched = found.page.evaluate(
            "performance.getEntriesByType('resource')"
            ".filter(r => r.name.endsWith('/world-110m.geojson')).length"
        )
        assert fetched == 1, "the outlines are fetched once for every map of the page"
        assert found.errors == []
        found.page.context.close()


def _outlines_painted(page: Page) -> bool:
    """Whether the reader sees the outlines: the map looks different with their pane hidden."""
    figure = page.locator(".cm-map")
    pane = page.locator(".cm-map .leaflet-cmOutlines-pane")
    shown = figure.screenshot(animations="disabled")
    pane.evaluate("pane => { pane.style.visibility = 'hidden'; }")
    hidden = figure.screenshot(animations="disabled")
    pane.evaluate("pane => { pane.style.visibility = ''; }")
    assert figure.screenshot(animations="disabled") == shown, "the map was still changing"
    return shown != hidden


def test_where_the_tile_host_is_blocked_the_outlines_show(browser: Browser, sample: str) -> None:
    found = visit(browser, sample + "countries/afghanistan/", block_tiles=True)
    wait_for_maps(found.page)
    _wait_for_outlines(found.page)
    assert found.tiles, "the map asked for tiles, and the tile host refused them all"
    seen = found.page.locator(".cm-map").evaluate(OUTLINES_SEEN)
    assert seen["paths"] > 10, seen
    # The outlines fill most of the map (the land around Afghanistan): not a stray path.
    assert seen["area"] > seen["map_area"] / 2, seen
    # Under the tiles: where tiles load, they cover the outlines.
    assert seen["tiles_z"] is not None and seen["pane_z"] < seen["tiles_z"], seen
    assert _outlines_painted(found.page)
    attribution = found.page.locator(".leaflet-control-attribution").inner_text()
    assert "OpenStreetMap" in attribution and "Natural Earth" in attribution
    assert found.errors == [] and found.foreign == []
    found.page.context.close()


def test_with_tiles_the_attribution_names_openstreetmap(browser: Browser, sample: str) -> None:
    found = visit(browser, sample + "countries/afghanistan/")
    wait_for_maps(found.page)
    _wait_for_outlines(found.page)
    attribution = found.page.locator(".leaflet-control-attribution")
    assert "OpenStreetMap contributors" in attribution.inner_text()
    assert "Outlines: Natural Earth" in attribution.inner_text()
    link = attribution.get_by_role("link", name="OpenStreetMap")
    assert link.get_attribute("href") == "https://www.openstreetmap.org/copyright"
    assert found.tiles and found.errors == [] and found.foreign == []
    found.page.context.close()


def test_without_tiles_the_map_asks_no_other_host(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, browser: Browser
) -> None:
    config = {
        "plugins": [
            "search",
            {
                "conflict-monitor": {
                    "templates_dir": str(REPO / "docs_templates"),
                    "map_tiles": "none",
                }
            },
        ]
    }
    built = build_site(publication(config=config), caplog)
    with serve(built.site) as base:
        found = visit(browser, base + "countries/afghanistan/")
        wait_for_maps(found.page)
        assert found.tiles == [] and found.foreign == []
        assert found.page.locator(".cm-map").get_attribute("data-outlines") == "drawn"
        seen = found.page.locator(".cm-map").evaluate(OUTLINES_SEEN)
        assert seen["paths"] > 10 and seen["area"] > seen["map_area"] / 2, seen
        assert _outlines_painted(found.page)
        attribution = found.page.locator(".leaflet-control-attribution").inner_text()
        assert "Natural Earth" in attribution and "OpenStreetMap" not in attribution
        assert found.errors == []
        found.page.context.close()


def test_nothing_runs_from_hostile_text_in_popups(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, browser: Browser
) -> None:
    hostile = json.dumps(PAYLOAD)
    actors = ACTORS.replace("name: Taliban", f"name: {hostile}")
    incidents = (
        INCIDENTS.replace("location: Sher Khan Bandar", f"location: {hostile}")
        .replace("admin1: Kunduz", f"admin1: {hostile}")
        .replace("summary: The crossing was taken.", f"summary: {hostile}")
    )
    root = publication(actors=actors, incidents={"x.yaml": incidents})
    built = build_site(root, caplog)
    with serve(built.site) as base:
        for path in (
            "countries/afghanistan/",
            "incidents/2021-06-22-sher-khan-bandar/",
            "actors/taliban/",
            "articles/2021/border/",
        ):
            found = visit(browser, base + path)
            wait_for_maps(found.page)
            texts = found.page.evaluate(
                """() => {
                  const out = [];
                  document.querySelectorAll('.cm-map').forEach(map => {
                    Object.values(map.cmLayers).forEach(layer => {
                      layer.openPopup();
                      out.push(map.querySelector('.leaflet-popup-content').textContent);
                    });
                  });
                  return out;
                }"""
            )
            assert texts and all(isinstance(t, str) for t in texts)
            assert any("<img src=x onerror=window.__pwned=1>" in t for t in texts), path
            assert found.page.evaluate("window.__pwned") is None, path
            assert found.page.locator(".leaflet-popup-content img").count() == 0
            assert found.errors == [], path
            found.page.context.close()


def test_without_javascript_the_incidents_are_listed(browser: Browser, sample: str) -> None:
    found = visit(browser, sample + "countries/afghanistan/", javascript=False)
    page = found.page
    assert page.locator("noscript").count() >= 1
    assert page.locator("table a", has_text="Sher Khan Bandar").count() == 1
    found.page.context.close()


def test_the_map_has_a_name_and_takes_keyboard_focus(browser: Browser, sample: str) -> None:
    found = visit(browser, sample + "countries/afghanistan/")
    wait_for_maps(found.page)
    region = found.page.get_by_role("region", name="Map of the incidents in Afghanistan")
    assert region.get_attribute("tabindex") == "0"
    region.focus()
    found.page.keyboard.press("+")  # Leaflet's keyboard zoom
    assert found.page.evaluate("document.activeElement.dataset.map") == "country"
    found.page.context.close()


def _tab_to(page: Page, test: str, presses: int = 30) -> None:
    """Press Tab until ``test`` (a JavaScript expression) holds of the focused element."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"(element => {test})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element such that {test}")


def test_the_keyboard_opens_popups_zooms_and_filters_years(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, browser: Browser
) -> None:
    built = _two_years(publication, caplog)
    with serve(built.site) as base:
        found = visit(browser, base + "countries/afghanistan/")
        page = found.page
        wait_for_maps(page)
        focused = "document.activeElement"
        popup = page.locator(".cm-map .leaflet-popup")
        page.get_by_role("region", name="Map of the incidents in Afghanistan").focus()

        # An incident is a button: Tab reaches it, Enter opens its popup and focuses it.
        _tab_to(page, "element.closest('.leaflet-overlay-pane') && element.role === 'button'")
        name = page.evaluate(f"{focused}.getAttribute('aria-label')")
        # Chromium lets Tab reach an SVG element that has focus listeners; others need this.
        assert page.evaluate(f"{focused}.getAttribute('tabindex')") == "0"
        assert name.startswith(("Sher Khan Bandar, Kunduz, 2021-06-22", "Border post, 2020-06-28"))
        page.keyboard.press("Enter")
        assert name.split(",")[0] in popup.inner_text()
        assert page.evaluate(f"!!{focused}.closest('.leaflet-popup')")
        page.keyboard.press("Tab")
        assert page.evaluate(f"{focused}.textContent") == "Incident page"
        # Escape closes it and gives the focus back to the incident; Space opens it again.
        page.keyboard.press("Escape")
        popup.wait_for(state="detached")
        assert page.evaluate(f"{focused}.getAttribute('aria-label')") == name
        page.keyboard.press(" ")
        assert name.split(",")[0] in popup.inner_text()
        assert page.evaluate(f"!!{focused}.closest('.leaflet-popup')")
        page.keyboard.press("Escape")
        popup.wait_for(state="detached")
        assert page.evaluate(f"{focused}.getAttribute('aria-label')") == name

        # The zoom buttons.
        zoom = lambda: page.evaluate("document.querySelector('.cm-map').cmMap.getZoom()")  # noqa: E731
        before = zoom()
        _tab_to(page, "element.getAttribute('aria-label') === 'Zoom in'")
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.querySelector('.cm-map').cmMap.getZoom() > {before}")

        # The year filter: Tab reaches it, the arrow keys choose a year.
        shown = lambda: page.locator(".cm-map").get_attribute("data-shown")  # noqa: E731
        assert shown() == "2"
        _tab_to(page, "element.matches('.cm-filter select')")
        page.keyboard.press("ArrowDown")
        assert page.locator(".cm-filter select").input_value() == "2021"
        assert shown() == "1"
        page.keyboard.press("ArrowUp")
        assert shown() == "2"
        assert found.errors == []
        page.context.close()
