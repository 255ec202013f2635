"""Writers' Markdown is sanitised and every other field is shown as text."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_monitor.prose.html import markdown_to_html, plain_text
from conftest import ACTORS, INCIDENTS, build_site

HOSTILE = "<img src=x onerror=alert(1)> ${alert(2)} `x` <script>alert(3)</script>"


def test_markdown_keeps_formatting() -> None:
    html = markdown_to_html("**bold** and [a link](https://example.org)")
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer"' in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_markdown_drops_scripts_and_handlers(text: str) -> None:
    html = markdown_to_html(text).lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "style="):
        assert bad not in html


def test_hostile_text_in_data_is_shown_as_text(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    actors = ACTORS.replace("name: Taliban", f"name: {HOSTILE!r}")
    incidents = INCIDENTS.replace("location: Sher Khan Bandar", f"location: {HOSTILE!r}").replace(
        "summary: The crossing was taken.", f"summary: {HOSTILE!r}"
    )
    built = build_site(publication(actors=actors, incidents={"x.yaml": incidents}), caplog)
    for url_path in (
        "actors/",
        "actors/taliban/",
        "incidents/2021-06-22-sher-khan-bandar/",
        "countries/afghanistan/",
    ):
        article = built.page(url_path).split('<article class="md-content__inner md-typeset">')[1]
        article = article.split("</article>")[0]
        assert "<img src=x" not in article, url_path
        assert "<script>alert" not in article, url_path
        assert "&lt;img src=x onerror=alert(1)&gt;" in article, url_path


def test_an_incident_without_summary_is_a_warning(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    incidents = INCIDENTS.replace("  summary: The crossing was taken.\n", "")
    assert incidents != INCIDENTS
    built = build_site(publication(incidents={"x.yaml": incidents}), caplog, strict=False)
    assert built.messages() == [
        "conflict-monitor: data/incidents/x.yaml:1:3: summary: the incident has no summary; "
        "its page would say nothing of what happened (add `summary:` in the publication's own "
        "words)"
    ]


def test_a_misspelt_front_matter_key_is_a_warning(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    article = (
        "---\ntitle: T\ndate: 2021-06-30\nsummary: S\ncountries: []\nactors: []\n"
        "tgas: [x]\n---\n\n# T\n"
    )
    built = build_site(publication(articles={"a.md": article}), caplog, strict=False)
    assert built.messages() == [
        "conflict-monitor: content/articles/a.md:7:1: tgas: is not an article field, and "
        "is ignored (did you mean `tags`?)"
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*"aZé Жو 0123.,;:'\"?()-\n\t\r\x00\x07\x7f\xa0\u2028", "&amp;"])).map(
        "".join
    )
)
def test_plain_prose_is_shown_as_markdown_would_show_it(text: str) -> None:
    """Plain text skips Markdown when the summary has none: the words come out the same
    as rendered, then stripped of tags."""
    rendered = " ".join(html.unescape(nh3.clean(markdown_to_html(text), tags=set())).split())
    assert plain_text(text) == rendered
