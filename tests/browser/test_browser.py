"""The sample site in headless Chromium: pages render, read without JavaScript, stay local."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import routed, visit
from playwright.sync_api import Browser, Page, expect

from conftest import SAMPLE_PREFIX

PAGES = {
    "country": ("countries/afghanistan/", "Afghanistan"),
    "actor": ("actors/taliban/", "Taliban"),
    "actor index": ("actors/", "Actors"),
    "incident": ("incidents/2021-06-22-sher-khan-bandar-captured/", "Sher Khan Bandar"),
    "article": ("articles/2021/taliban-northern-offensive/", "Taliban"),
}


@pytest.fixture(scope="module")
def base_url(sample_site: Path) -> Iterator[str]:
    with routed(sample_site, SAMPLE_PREFIX) as url:
        yield url


def _open(browser: Browser, url: str, javascript: bool = True) -> tuple[Page, list[str], list[str]]:
    found = visit(browser, url, javascript=javascript, wait="networkidle")
    return found.page, found.errors, found.foreign


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_renders_locally_without_errors(browser: Browser, base_url: str, kind: str) -> None:
    path, heading = PAGES[kind]
    page, errors, foreign = _open(browser, base_url + path)
    assert heading in page.locator("article h1").first.inner_text()
    assert errors == []
    assert foreign == []
    page.context.close()


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_reads_without_javascript(browser: Browser, base_url: str, kind: str) -> None:
    path, heading = PAGES[kind]
    page, _errors, _foreign = _open(browser, base_url + path, javascript=False)
    assert heading in page.locator("article h1").first.inner_text()
    assert page.locator("article a").count() > 0
    page.context.close()


def test_instant_navigation_from_country_to_incident(browser: Browser, base_url: str) -> None:
    page, errors, _foreign = _open(browser, base_url + "countries/afghanistan/")
    # Material starts instant navigation once it has read the sitemap.
    page.wait_for_function(
        "performance.getEntriesByType('resource').some(r => r.name.endsWith('sitemap.xml'))"
    )
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__same_document = true")  # lost if the browser loads a new page
    page.get_by_role("link", name="Sher Khan Bandar").first.click()
    page.wait_for_url("**/incidents/2021-06-22-sher-khan-bandar-captured/")
    expect(page.locator("article h1")).to_contain_text("Sher Khan Bandar")
    page.get_by_role("link", name="Taliban", exact=True).first.click()
    page.wait_for_url("**/actors/taliban/")
    expect(page.locator("article h1")).to_have_text("Taliban")
    assert "Талибан" in page.locator("article").inner_text()
    assert page.evaluate("window.__same_document") is True, "navigated without instant loading"
    assert errors == []
    page.context.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Талибан", "actors/taliban/"),
        ("طالبان", "actors/taliban/"),
        ("ISKP", "actors/islamic-state-khorasan/"),
    ],
)
def test_search_finds_an_actor_by_any_alias(
    browser: Browser, base_url: str, query: str, expected: str
) -> None:
    page, errors, _foreign = _open(browser, base_url + "actors/")
    page.locator(".md-search__input").first.click()
    field = page.locator("input.md-search__input")
    field.fill(query)
    field.press("End")  # the search listens to key events
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    found = page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert any(href.endswith(expected) for href in found), found
    assert errors == []
    page.context.close()
