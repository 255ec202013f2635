"""A page shell filled in for each page written from it (build/shells.py), and the
tables of contents of generated pages."""

from __future__ import annotations

from mkdocs.structure.toc import get_toc

from conflict_monitor.build.shells import (
    BODY_MARKER,
    TITLE_MARKER,
    TOC_ID,
    TOC_TITLE,
    Shell,
    headings,
)
from conflict_monitor.mkdocs_plugin.toc import with_sections

SIDEBAR = (
    '<nav class="md-nav md-nav--secondary" aria-label="Table of contents">\n'
    '  <label class="md-nav__title">Table of contents</label>\n'
    '  <ul class="md-nav__list" data-md-component="toc">\n'
    f'    <li class="md-nav__item"><a href="#{TOC_ID}" class="md-nav__link">'
    f"{TOC_TITLE}</a></li>\n"
    "  </ul>\n"
    "</nav>"
)


def _shell(sidebar: str) -> Shell:
    page = (
        f"<title>{TITLE_MARKER}</title><a href='/cm-page-shell/'>here</a>"
        f'<nav class="md-nav md-nav--primary"><ul class="md-nav__list">'
        f'<li class="md-nav__item">Home</li></ul></nav>{sidebar}<main>{BODY_MARKER}</main>'
    )
    return Shell(page, "cm-page-shell")


def test_a_page_gets_its_own_headings_where_the_shell_has_its_one_entry() -> None:
    body = (
        '<h1>Afghanistan</h1><h2 id="incidents">Incidents</h2>'
        '<h2 id="actors">Active <em>actors</em></h2>'
    )
    contents = headings(body)
    assert contents == (("incidents", "Incidents"), ("actors", "Active actors"))
    page = _shell(SIDEBAR).fill(
        "countries/afghanistan", "Afghanistan", body.encode(), b"", contents
    )
    text = page.decode()
    assert '<a href="#incidents" class="md-nav__link">Incidents</a>' in text
    assert '<a href="#actors" class="md-nav__link">Active actors</a>' in text
    assert text.index("#incidents") < text.index("#actors")
    assert "md-nav__title" in text and TOC_ID not in text and TOC_TITLE not in text
    assert '<li class="md-nav__item">Home</li>' in text  # the site's navigation as it was


def test_a_page_without_headings_gets_an_empty_sidebar_as_the_theme_gives() -> None:
    page = _shell(SIDEBAR).fill("incidents/x", "X", b"<h1>X</h1>").decode()
    assert '<nav class="md-nav md-nav--secondary" aria-label="Table of contents"></nav>' in page
    assert TOC_ID not in page and "md-nav__title" not in page


def test_a_theme_without_the_entry_writes_pages_without_a_table_of_contents() -> None:
    """A publication whose theme templates do not give the shell its entry (its own
    partials/toc.html) loses the tables of contents, not its pages."""
    empty = '<nav class="md-nav md-nav--secondary" aria-label="Table of contents"></nav>'
    page = _shell(empty).fill("countries/a", "A", b"<h2 id='x'>X</h2>", b"", (("x", "X"),))
    assert empty in page.decode()


def test_a_writers_introduction_keeps_its_own_entries_before_the_sections() -> None:
    """A generated page rendered by the site generator after a writer's introduction
    (the home page, an index) lists the introduction's headings, then its sections,
    under the page's title where the table has one, each once."""
    intro = get_toc(
        [
            {
                "level": 1,
                "id": "home",
                "name": "Home",
                "children": [
                    {"level": 2, "id": "about", "name": "About us", "children": []},
                ],
            }
        ]
    )
    toc = with_sections(intro, [("about", "About us"), ("latest", "Latest analysis")])
    [title] = toc
    assert [(item.id, item.title, item.level) for item in title.children] == [
        ("about", "About us", 2),
        ("latest", "Latest analysis", 2),
    ]
    flat = with_sections(get_toc([]), [("latest", "Latest analysis")])
    assert [(item.url, item.title) for item in flat] == [("#latest", "Latest analysis")]


def test_a_theme_whose_entry_differs_leaves_no_marker_in_the_pages() -> None:
    changed = SIDEBAR.replace('class="md-nav__item"', 'class="md-toc__item"')
    page = _shell(changed).fill("countries/a", "A", b"<h2 id='x'>X</h2>", b"", (("x", "X"),))
    assert TOC_TITLE not in page.decode() and TOC_ID not in page.decode()


def test_headings_as_markdown_and_templates_write_them() -> None:
    body = (
        '<h2 class="wide" id="by-year">By year</h2>'  # attr_list puts the id anywhere
        '<h2 id="method">Sources &amp; method<a class="headerlink" href="#method">&para;</a></h2>'
        "<h2 data-note='a > b' id='quoted'>Quoted</h2>"
        "<h2>No id, no entry</h2>"
    )
    assert headings(body) == (
        ("by-year", "By year"),
        ("method", "Sources &amp; method"),
        ("quoted", "Quoted"),
    )


def test_a_table_of_contents_shown_twice_is_filled_in_twice() -> None:
    page = _shell(SIDEBAR + SIDEBAR).fill("a", "A", b"", b"", (("x", "X"),)).decode()
    assert page.count('<a href="#x" class="md-nav__link">X</a>') == 2
    assert TOC_ID not in page and TOC_TITLE not in page


def test_an_entry_is_not_listed_twice_however_its_id_is_escaped() -> None:
    toc = get_toc([{"level": 2, "id": "a&b", "name": "A &amp; B", "children": []}])
    toc = with_sections(toc, [("a&amp;b", "A &amp; B"), ("c", "C")])
    assert [item.id for item in toc] == ["a&b", "c"]
