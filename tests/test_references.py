"""In-prose references (`[[actor:id]]`, `[[country:ISO3]]`, `[[incident:id]]`): checked, linked."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conflict_monitor.build import check_publication
from conflict_monitor.prose.references import find_references
from conftest import ARTICLE, build_site

PROSE = (
    ARTICLE
    + """
The [[actor:taliban]] took [[incident:2021-06-22-sher-khan-bandar|the crossing]] near
[[country:TJK]]; [[actor:afghan-army|the army
withdrew]].

`[[actor:not-checked-in-code]]`

```
[[actor:not-checked-in-a-fence]]
```
"""
)


def test_references_are_found_outside_code_with_their_lines() -> None:
    found = find_references(PROSE.split("---\n", 2)[2], first_line=9)
    assert [(r.kind, r.target, r.label, r.line, r.column) for r in found] == [
        ("actor", "taliban", None, 14, 5),
        ("incident", "2021-06-22-sher-khan-bandar", "the crossing", 14, 28),
        ("country", "TJK", None, 15, 1),
        ("actor", "afghan-army", "the army\nwithdrew", 15, 18),
    ]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_references_become_links(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, directory_urls: bool
) -> None:
    root = publication(
        articles={"2021/border.md": PROSE}, config={"use_directory_urls": directory_urls}
    )
    built = build_site(root, caplog)
    page = (
        built.page("articles/2021/border/")
        if directory_urls
        else (built.site / "articles/2021/border.html").read_text()
    )
    prefix, suffix = ("../../../", "/") if directory_urls else ("../../", ".html")
    assert (
        f'<a class="cm-ref cm-ref-actor" href="{prefix}actors/taliban{suffix}">Taliban</a>' in page
    )
    assert (
        f'<a class="cm-ref cm-ref-incident" href="{prefix}incidents/2021-06-22-sher-khan-bandar'
        f'{suffix}">the crossing</a>' in page
    )
    assert f'href="{prefix}countries/tajikistan{suffix}">Tajikistan</a>' in page
    assert "[[actor:not-checked-in-code]]" in page
    assert built.messages() == []


def test_an_actor_named_only_in_prose_lists_the_article(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    built = build_site(publication(articles={"2021/border.md": PROSE}), caplog)
    assert 'href="../../articles/2021/border/"' in built.page("actors/afghan-army/")


def test_an_unknown_reference_fails_with_file_and_line(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    text = ARTICLE + "\nThe [[actor:talban]] advanced.\n"
    root = publication(articles={"2021/border.md": text})
    assert [str(p) for p in check_publication(root) if p.severity == "error"] == [
        "content/articles/2021/border.md:14:5: [[actor:talban]]: 'talban' is not a known "
        "actor id (did you mean `taliban`?)"
    ]
    with pytest.raises(Abort):
        build_site(root, caplog, strict=False)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert "content/articles/2021/border.md:14:5: [[actor:talban]]" in errors[0]


def test_an_unknown_reference_in_another_page_fails_too(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    root = publication()
    (root / "content" / "index.md").write_text("# Home\n\nSee [[country:UZB]].\n")
    assert [str(p) for p in check_publication(root) if p.severity == "error"] == [
        "content/index.md:3:5: [[country:UZB]]: 'UZB' is not a country in data/countries.yaml "
        "(add the country to data/countries.yaml or correct the code)"
    ]
    with pytest.raises(Abort):
        build_site(root, caplog, strict=False)


def test_a_reference_the_check_cannot_see_still_fails_the_build(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    # An indented paragraph in a list item is text to Markdown but looks like code.
    root = publication()
    (root / "content" / "about.md").write_text("# About\n\n- item\n\n    [[actor:nobody]]\n")
    with pytest.raises(Abort):
        build_site(root, caplog, strict=False)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors[-1] == "about.md: unknown reference(s): [[actor:nobody]]"


def test_a_map_must_stand_alone_in_its_paragraph(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    text = ARTICLE + "\nSee [[map:recent]] here.\n\n[[map:country:XXX]]\n"
    root = publication(articles={"2021/border.md": text})
    assert [str(p) for p in check_publication(root) if p.severity == "error"] == [
        "content/articles/2021/border.md:14:5: [[map:recent]]: a map must stand alone in its "
        "paragraph (put it on a line of its own, with a blank line before and after)",
        "content/articles/2021/border.md:16:1: [[map:country:XXX]]: 'country:XXX' is not a map "
        "(use [[map:recent]], [[map:country:ISO3]] or [[map:actor:ID]] with a known country "
        "or actor)",
    ]


def test_a_map_in_a_heading_fails_the_build(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    root = publication()
    (root / "content" / "about.md").write_text("# About\n\n### [[map:recent]]\n")
    with pytest.raises(Abort):
        build_site(root, caplog, strict=False)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert "a map must stand alone in its paragraph" in errors[-1]


def test_a_map_in_a_page(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    root = publication()
    (root / "content" / "about.md").write_text("# About\n\n[[map:country:TJK]]\n\n[[map:recent]]\n")
    page = build_site(root, caplog).page("about/")
    assert "No incidents have been recorded for Tajikistan yet." in page
    assert 'data-map="recent"' in page and 'data-src="../assets/maps/recent.json"' in page
    assert "<caption>The latest incidents</caption>" in page
