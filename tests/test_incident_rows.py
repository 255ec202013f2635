"""The rows of incident tables link each incident by the address the page's link
functions give it, though only the first is asked for: a table's links differ by the
incident's id alone, but on a page among the incidents' own (where one is itself)."""

from __future__ import annotations

import re

import pytest
from mkdocs.utils import get_relative_url

from conflict_monitor import urls
from conflict_monitor.pages.generated import PageAbout
from conflict_monitor.pages.render import PageRenderer, _links
from conftest import an_incident

TABLE = (
    '{% from "_macros.html" import incident_table with context %}'
    '{{ incident_table(incidents, "c") }}'
)


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize(
    "page",
    ["countries/afghanistan.md", "countries/afghanistan/2021.md", "index.md", "incidents/b.md"],
)
def test_each_row_links_its_incident_as_the_pages_links_do(page: str, directory_urls: bool) -> None:
    """As MkDocs links a page to another; with ids that stand for a folder ("incidents")
    or for the page itself ("b", on its own page: "./")."""
    asked: list[str] = []

    def url_for(target: str) -> str:
        asked.append(target)
        here = urls.page_url(page, directory_urls) or "./"
        return get_relative_url(urls.page_url(target, directory_urls) or "./", here)

    incidents = [an_incident(id=i) for i in ("incidents", "a", "b", "kunduz-2021", "b-2")]
    renderer = PageRenderer(None, directory_urls=directory_urls)
    context = {"incidents": incidents, "page": PageAbout(page, "t"), **_links(url_for)}
    html = renderer.env.from_string(TABLE).render(context)
    expected = [url_for(urls.incident_page(i.id)) for i in incidents]
    assert re.findall(r'<a href="([^"]*)"', html) == expected
    if not page.startswith("incidents/"):  # asked until one link gives the rest
        assert len(asked) - len(expected) == 2
