"""What an article shows under its title and at its end, and what link previews and
search engines read in the <head> of articles, countries, actors and incidents: real
builds of small publications, read with an HTML parser."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conflict_monitor import mkdocs_plugin as plugin_module
from conflict_monitor.parallel import Handoff
from conftest import ACTORS, COUNTRIES, INCIDENTS, REPO, Built, build_site

SITE_URL = "https://example.org/monitor/"
SITE_NAME = 'Monitor & "partners"'

# 3 words of title and 1,000 of text, some in emphasis: 5 minutes at 200 words a minute
# (6 if rounded up).
LONG_TEXT = " ".join(f"<em>word{n}</em>" if n % 10 == 0 else f"word{n}" for n in range(1000))

ARTICLE = f"""\
---
title: Border posts fall
date: 2021-06-30
updated: 2021-07-04
authors: [A. Writer, B. Writer, C. Writer]
summary: The Taliban *took* the crossings.
countries: [AFG, TJK]
actors: [taliban]
corrections:
  - date: 2021-07-02
    note: "The crossing is **Sher Khan Bandar**, not Imam Sahib. <script>alert('x')</script>"
  - date: 2021-07-05
    note: Corrected the number of soldiers.
---

# Border posts fall

{LONG_TEXT}
"""

# No heading of its own (the theme shows the title), no update, no authors, no
# corrections, a few words.
SHORT = """\
---
title: A short note
date: 2021-08-01
summary: Short.
countries: [TJK]
actors: []
---

Only a few words here.
"""

# What HTML, attributes, JSON and scripts must escape, in titles and summaries.
HOSTILE = "Guns & \"roses\" <b>'bold'</b></script><script>alert(1)</script>"


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        """The text inside, with its whitespace collapsed."""
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join("".join(parts).split())

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.walk()

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        """Elements with the tag and the attributes (``class_`` for one of the classes)."""
        wanted = {k.rstrip("_"): v for k, v in attrs.items()}
        return [
            e
            for e in self.walk()
            if e.tag == tag
            and all(
                v in e.attrs.get(k, "").split() if k == "class" else e.attrs.get(k) == v
                for k, v in wanted.items()
            )
        ]

    def find(self, tag: str, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}>"
        return found[0]

    def links(self) -> list[tuple[str, str]]:
        return [(a.text(), a.attrs["href"]) for a in self.find_all("a")]


_VOID = {"meta", "link", "br", "img", "input", "hr", "source", "col", "wbr", "area", "base"}


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page_html: str) -> Element:
    tree = _Tree()
    tree.feed(page_html)
    tree.close()
    return tree.root


def content(page: Element) -> Element:
    return page.find("article", class_="md-content__inner")


def sharing_tags(page: Element) -> dict[str, str]:
    """Open Graph and Twitter card tags of the page's <head>, each name once."""
    head = page.find("head")
    found: dict[str, str] = {}
    for meta in head.find_all("meta"):
        name = meta.attrs.get("property") or meta.attrs.get("name") or ""
        if name.startswith(("og:", "twitter:")):
            assert name not in found, f"{name} twice"
            found[name] = meta.attrs["content"]
    return found


def structured_data(page: Element) -> list[object]:
    return [
        json.loads(script.text()) for script in page.find_all("script", type="application/ld+json")
    ]


@pytest.fixture
def built(publication: Callable[..., Path], caplog: pytest.LogCaptureFixture) -> Built:
    root = publication(articles={"2021/border.md": ARTICLE, "2021/short.md": SHORT})
    return build_site(root, caplog, site_url=SITE_URL, site_name=SITE_NAME)


def test_the_header_under_the_title(built: Built) -> None:
    article = content(parse(built.page("articles/2021/border/")))
    elements = [e for e in article.children if isinstance(e, Element)]
    assert [e.tag for e in elements[:2]] == ["h1", "header"]
    header = elements[1]
    assert header.text() == (
        "30 June 2021 · Updated 4 July 2021 · 5 min read "
        "By A. Writer, B. Writer and C. Writer "
        "Countries: Afghanistan, Tajikistan "
        "Corrected on 5 July 2021: see the corrections."
    )
    dates = [t.attrs["datetime"] for t in header.find_all("time")]
    assert dates == ["2021-06-30", "2021-07-04", "2021-07-05"]
    assert header.find("p", class_="cm-article-countries").links() == [
        ("Afghanistan", "../../../countries/afghanistan/"),
        ("Tajikistan", "../../../countries/tajikistan/"),
    ]


def test_an_article_without_a_heading_has_its_header_under_the_themes_title(
    built: Built,
) -> None:
    article = content(parse(built.page("articles/2021/short/")))
    elements = [e for e in article.children if isinstance(e, Element)]
    assert [e.tag for e in elements[:3]] == ["h1", "header", "p"]
    assert elements[0].text() == "A short note"
    header = elements[1]
    # No update, no authors, no corrections; at least a minute to read.
    assert header.text() == "1 August 2021 · 1 min read Country: Tajikistan"
    assert header.find_all("p", class_="cm-correction-notice") == []


def test_a_corrected_article_says_so_at_the_top_and_links_its_log(built: Built) -> None:
    article = content(parse(built.page("articles/2021/border/")))
    notice = article.find("header").find("p", class_="cm-correction-notice")
    # The latest correction, linked to the log at the end of the article.
    assert notice.text() == "Corrected on 5 July 2021: see the corrections."
    assert notice.find("time").attrs["datetime"] == "2021-07-05"
    assert notice.links() == [("see the corrections", "#cm-corrections")]
    panel = article.find("aside", class_="cm-article-panel")
    assert panel.find("h3", id="cm-corrections").text() == "Corrections"


def test_corrections_are_markdown_and_sanitised(built: Built) -> None:
    page_html = built.page("articles/2021/border/")
    notes = content(parse(page_html)).find("ul", class_="cm-corrections")
    first, second = notes.find_all("li")
    assert first.find("strong").text() == "Sher Khan Bandar"
    assert first.find("time").text() == "2 July 2021"
    assert first.find("p").text() == "The crossing is Sher Khan Bandar, not Imam Sahib."
    assert second.find("p").text() == "Corrected the number of soldiers."
    assert "**" not in notes.text()
    assert "alert('x')" not in page_html


def test_preview_tags_of_an_article(built: Built) -> None:
    page = parse(built.page("articles/2021/border/"))
    assert sharing_tags(page) == {
        "og:type": "article",
        "og:site_name": SITE_NAME,
        "og:title": "Border posts fall",
        "og:description": "The Taliban took the crossings.",
        "og:url": f"{SITE_URL}articles/2021/border/",
        "twitter:card": "summary",
        "twitter:title": "Border posts fall",
        "twitter:description": "The Taliban took the crossings.",
    }


@pytest.mark.parametrize(
    ("path", "title", "description"),
    [
        ("countries/afghanistan/", "Afghanistan", "The north of the country."),
        (
            "actors/iskp/",
            "Islamic State Khorasan Province",
            "Armed group: the incidents involving Islamic State Khorasan Province and the "
            "analysis that names it.",
        ),
        (
            "incidents/2021-06-28-border-post/",
            "Border post, 2021-06-28",
            "A post fell after a day of fighting.",
        ),
    ],
)
def test_preview_tags_of_generated_pages(
    built: Built, path: str, title: str, description: str
) -> None:
    page = parse(built.page(path))
    assert sharing_tags(page) == {
        "og:type": "website",
        "og:site_name": SITE_NAME,
        "og:title": title,
        "og:description": description,
        "og:url": SITE_URL + path,
        "twitter:card": "summary",
        "twitter:title": title,
        "twitter:description": description,
    }
    assert structured_data(page) == []


def test_each_incident_page_has_its_own_preview(built: Built) -> None:
    """Incident pages are filled in from one shell: none keeps another's tags."""
    page = parse(built.page("incidents/2021-06-22-sher-khan-bandar/"))
    tags = sharing_tags(page)
    assert tags["og:title"] == "Sher Khan Bandar, 2021-06-22"
    assert tags["og:description"] == "The crossing was taken."
    assert tags["og:url"] == f"{SITE_URL}incidents/2021-06-22-sher-khan-bandar/"
    assert "cm-page-shell" not in built.page("incidents/2021-06-22-sher-khan-bandar/")


def test_listings_have_no_preview_tags(built: Built) -> None:
    assert sharing_tags(parse(built.page("countries/afghanistan/2021/"))) == {}


def test_news_article(built: Built) -> None:
    (data,) = structured_data(parse(built.page("articles/2021/border/")))
    publisher = {"@type": "Organization", "name": SITE_NAME, "url": SITE_URL}
    assert data == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Border posts fall",
        "description": "The Taliban took the crossings.",
        "datePublished": "2021-06-30",
        # The last correction came after the last update: a change all the same.
        "dateModified": "2021-07-05",
        "author": [
            {"@type": "Person", "name": "A. Writer"},
            {"@type": "Person", "name": "B. Writer"},
            {"@type": "Person", "name": "C. Writer"},
        ],
        "publisher": publisher,
        "inLanguage": "en",
        "url": f"{SITE_URL}articles/2021/border/",
        "mainEntityOfPage": f"{SITE_URL}articles/2021/border/",
        "about": [
            {"@type": "Country", "name": "Afghanistan", "url": f"{SITE_URL}countries/afghanistan/"},
            {"@type": "Country", "name": "Tajikistan", "url": f"{SITE_URL}countries/tajikistan/"},
        ],
        "contentLocation": [
            {"@type": "Country", "name": "Afghanistan"},
            {"@type": "Country", "name": "Tajikistan"},
        ],
    }
    (short,) = structured_data(parse(built.page("articles/2021/short/")))
    # Without a byline, the publication is the author.
    assert short["author"] == [publisher]
    assert short["dateModified"] == "2021-08-01"


def test_hostile_text_stays_text_in_previews_and_structured_data(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    quoted = json.dumps(HOSTILE)  # a YAML double-quoted string
    article = (
        ARTICLE.replace("title: Border posts fall", f"title: {quoted}")
        .replace("summary: The Taliban *took* the crossings.", f"summary: {quoted}")
        .replace("# Border posts fall", "# Heading")
    )
    countries = COUNTRIES.replace("summary: The north of the country.", f"summary: {quoted}")
    actors = ACTORS.replace("name: Islamic State Khorasan Province", f"name: {quoted}")
    incidents = INCIDENTS.replace("location: Border post", f"location: {quoted}")
    root = publication(
        countries=countries,
        actors=actors,
        incidents={"2021.yaml": incidents},
        articles={"2021/border.md": article},
    )
    built = build_site(root, caplog, site_url=SITE_URL, site_name=SITE_NAME)

    page_html = built.page("articles/2021/border/")
    page = parse(page_html)
    tags = sharing_tags(page)
    assert tags["og:title"] == tags["twitter:title"] == HOSTILE
    assert tags["og:site_name"] == SITE_NAME
    (data,) = structured_data(page)
    assert data["headline"] == HOSTILE
    # The markup in the summary is Markdown's to drop; the text around it stays.
    assert data["description"] == tags["og:description"] == "Guns & \"roses\" 'bold'"
    # The script holds no markup: nothing in it can end it or open another.
    script = page_html.split('<script type="application/ld+json">', 1)[1].split("</script>")[0]
    assert not {"<", ">", "&"} & set(script)

    for path, field_, expected in [
        ("countries/afghanistan/", "og:description", "Guns & \"roses\" 'bold'"),
        ("actors/iskp/", "og:title", HOSTILE),
        ("incidents/2021-06-28-border-post/", "og:title", f"{HOSTILE}, 2021-06-28"),
    ]:
        assert sharing_tags(parse(built.page(path)))[field_] == expected, path
    assert "<script>alert(1)" not in "".join(
        built.page(p) for p in ("actors/iskp/", "incidents/2021-06-28-border-post/")
    )


def test_without_a_site_address_previews_have_no_url(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    root = publication(articles={"2021/border.md": ARTICLE})
    built = build_site(root, caplog)
    for path in (
        "articles/2021/border/",
        "countries/afghanistan/",
        "incidents/2021-06-28-border-post/",
    ):
        tags = sharing_tags(parse(built.page(path)))
        assert "og:url" not in tags, path
        assert tags["og:title"] and tags["twitter:card"] == "summary", path
    (data,) = structured_data(parse(built.page("articles/2021/border/")))
    assert "url" not in data and "mainEntityOfPage" not in data
    assert data["publisher"] == {"@type": "Organization", "name": "Test monitor"}
    assert data["about"][0] == {"@type": "Country", "name": "Afghanistan"}


AUTHORS = """\
- id: a-writer
  name: A. Writer
- id: b-writer
  name: B. Writer
"""


def test_listed_authors_link_to_their_pages(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    article = ARTICLE.replace(
        "authors: [A. Writer, B. Writer, C. Writer]", "authors: [a-writer, b-writer]"
    )
    root = publication(articles={"2021/border.md": article})
    (root / "data" / "authors.yaml").write_text(AUTHORS, encoding="utf-8")
    built = build_site(root, caplog, site_url=SITE_URL)
    page = parse(built.page("articles/2021/border/"))
    byline = content(page).find("header").find("p", class_="cm-byline")
    assert byline.links() == [
        ("A. Writer", "../../../authors/a-writer/"),
        ("B. Writer", "../../../authors/b-writer/"),
    ]
    (data,) = structured_data(page)
    assert data["author"] == [
        {"@type": "Person", "name": "A. Writer", "url": f"{SITE_URL}authors/a-writer/"},
        {"@type": "Person", "name": "B. Writer", "url": f"{SITE_URL}authors/b-writer/"},
    ]


def test_search_finds_an_article_by_its_own_words(built: Built) -> None:
    """Not by its header or panel, which every article has: search would otherwise
    answer a country's or an actor's name with every article's panel."""
    docs = json.loads((built.site / "search/search_index.json").read_text())["docs"]
    article = [d for d in docs if d["location"].startswith("articles/2021/border/")]
    assert article, "the article is not in the search index"
    assert any("word999" in d["text"] for d in article)
    words = " ".join(f"{d['title']} {d['text']}" for d in article)
    for shown_around in ("In this article", "Published", "min read", "Corrected on"):
        assert shown_around not in words
    page = content(parse(built.page("articles/2021/border/")))
    assert page.find("header", class_="cm-article-header") is not None
    assert page.find("aside", class_="cm-article-panel") is not None


REFERENCES = """\
---
title: Crossings
date: 2021-07-01
summary: Who took the crossings.
countries: [AFG]
actors: [taliban]
---

# Crossings

The [[actor:taliban]] took [[incident:2021-06-22-sher-khan-bandar|the *crossing*]] in
[[country:AFG]] &amp; more.

## What [[actor:taliban|the movement]] holds

- [[country:AFG]]
- [[actor:taliban]] and *[[actor:taliban|the movement]]*

| Where | Who |
| --- | --- |
| [[country:AFG]] | [[actor:taliban]] |
"""


def test_search_reads_a_reference_as_its_text_with_the_same_index(
    publication: Callable[..., Path],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Search is handed each reference's link as its text (parsing the links is most of
    its time on an article): the index is the one it makes of the links themselves, and
    the page keeps them."""
    root = publication(articles={"2021/crossings.md": REFERENCES})
    index = root / "site" / "search" / "search_index.json"
    as_text = plugin_module.links_as_text
    changed: list[bool] = []

    def links_as_text(html: str) -> str:
        text = as_text(html)
        changed.append(text != html)
        return text

    monkeypatch.setattr(plugin_module, "links_as_text", links_as_text)
    built = build_site(root, caplog)
    assert any(changed), "search read the links"
    shown_as_text = index.read_text(encoding="utf-8")
    links = content(parse(built.page("articles/2021/crossings/"))).links()
    assert ("the crossing", "../../../incidents/2021-06-22-sher-khan-bandar/") in links
    assert ("the movement", "../../../actors/taliban/") in links

    monkeypatch.setattr(plugin_module, "links_as_text", lambda html: html)
    build_site(root, caplog)
    assert index.read_text(encoding="utf-8") == shown_as_text
    docs = json.loads(shown_as_text)["docs"]
    assert any(d["title"] == "What the movement holds" for d in docs)
    assert any("The Taliban took the crossing in Afghanistan" in d["text"] for d in docs)


TAGGED = """\
---
title: Kunduz & the north
date: 2021-07-02
summary: What the north's fall means.
countries: [AFG]
actors: [taliban]
tags: [north, borders]
search:
  boost: 2
---

# Kunduz & the north

Kunduz fell; [[actor:taliban]] took the roads.

## The roads

North to the Panj.
"""

UNSEARCHED = """\
---
title: Left out
date: 2021-07-03
summary: Not in search.
countries: [AFG]
actors: [taliban]
search:
  exclude: true
---

# Left out

Nothing to find.
"""


SEARCHED = {
    "2021/border.md": ARTICLE,
    "2021/crossings.md": REFERENCES,
    "2021/north.md": TAGGED,
    "2021/left-out.md": UNSEARCHED,
}


@pytest.fixture
def handed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The addresses of the articles handed to the second process, which is made idle
    before the first article is searched (else it is idle only once its own work is
    done, which a small publication may not leave time for)."""
    idle, hand = Handoff.idle, Handoff.hand
    addresses: list[str] = []

    def idle_once_it_is(handoff: Handoff[Any]) -> bool:
        deadline = time.monotonic() + 30
        while not idle.fget(handoff) and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.01)
        return bool(idle.fget(handoff))  # type: ignore[attr-defined]

    def counted(handoff: Handoff[Any], page: Any) -> bool:
        addresses.append(page[1])
        return hand(handoff, page)

    monkeypatch.setattr(Handoff, "idle", property(idle_once_it_is))
    monkeypatch.setattr(Handoff, "hand", counted)
    return addresses


def _plugins(*, parallel: bool, search_first: bool = True) -> list[object]:
    ours = {
        "conflict-monitor": {"templates_dir": str(REPO / "docs_templates"), "parallel": parallel}
    }
    return ["search", ours] if search_first else [ours, "search"]


@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
@pytest.mark.parametrize("indexed_here", [0, 1, 2])
def test_articles_searched_in_the_second_process_are_indexed_as_search_indexes_them(
    publication: Callable[..., Path],
    caplog: pytest.LogCaptureFixture,
    handed: list[str],
    monkeypatch: pytest.MonkeyPatch,
    indexed_here: int,
) -> None:
    """Once the second process is idle, it makes the search entries of the articles
    rendered after that (here, all but the first ``indexed_here``): the index is the
    one Material's search makes in one process, entry for entry and in its order
    (tags, boosts and sections kept; an article left out of search left out)."""
    root = publication(articles=SEARCHED)
    index = root / "site" / "search" / "search_index.json"
    build_site(root, caplog, plugins=_plugins(parallel=False))
    alone = index.read_text(encoding="utf-8")
    assert handed == []
    idle, asked = Handoff.idle, itertools.count()
    monkeypatch.setattr(
        Handoff, "idle", property(lambda h: next(asked) >= indexed_here and idle.fget(h))
    )
    build_site(root, caplog, plugins=_plugins(parallel=True))
    names = ("border", "crossings", "north")[indexed_here:]  # in the order MkDocs renders
    assert handed == [f"articles/2021/{name}/" for name in names]
    assert index.read_text(encoding="utf-8") == alone
    docs = json.loads(alone)["docs"]
    north = [d for d in docs if d["location"].startswith("articles/2021/north/")]
    assert {d.get("boost") for d in north} == {2} and north[0]["tags"] == ["north", "borders"]
    assert any(d["location"] == "articles/2021/north/#the-roads" for d in north)
    assert not [d for d in docs if d["location"].startswith("articles/2021/left-out/")]


@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
def test_articles_are_not_handed_over_where_search_reads_them_after_the_plugin(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, handed: list[str]
) -> None:
    """Listed after conflict-monitor, search reads each page once the plugin has put it
    back: it indexes every article itself, and none twice."""
    root = publication(articles=SEARCHED)
    index = root / "site" / "search" / "search_index.json"
    build_site(root, caplog, plugins=_plugins(parallel=False, search_first=False))
    alone = index.read_text(encoding="utf-8")
    build_site(root, caplog, plugins=_plugins(parallel=True, search_first=False))
    assert handed == []
    assert index.read_text(encoding="utf-8") == alone


HOOK = """\
from mkdocs.plugins import event_priority

@event_priority(25)
def on_page_context(context, page, config, nav):
    if page.file.src_uri.startswith("articles/"):
        with open("seen.txt", "a", encoding="utf-8") as seen:
            seen.write(f"{page.file.src_uri} {len(page.content)}\\n")
    return context
"""


@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
def test_articles_are_not_handed_over_where_another_plugin_reads_them_beside_search(
    publication: Callable[..., Path],
    caplog: pytest.LogCaptureFixture,
    handed: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A plugin that reads pages between the swap for search and its undoing sees each
    article whole (as search reads it), never emptied for the second process."""
    root = publication(articles=SEARCHED)
    (root / "hooks.py").write_text(HOOK, encoding="utf-8")
    monkeypatch.chdir(root)
    build_site(root, caplog, plugins=_plugins(parallel=True), hooks=[str(root / "hooks.py")])
    assert handed == []
    seen = (root / "seen.txt").read_text(encoding="utf-8").split("\n")[:-1]
    lengths = [int(line.split()[1]) for line in seen if line.startswith("articles/2021/")]
    assert len(lengths) == 4 and 0 not in lengths
