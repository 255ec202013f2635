"""Authors: data/authors.yaml, their pages and the links both ways, on real builds."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import jsonschema
import pytest
import yaml
from mkdocs.exceptions import Abort

from conflict_monitor.build import check_publication
from conflict_monitor.model import Severity
from conflict_monitor.schemas import SCHEMAS_DIR
from conftest import ARTICLE, REPO, Built, build_site, write_file

AUTHORS = """\
- id: farida
  name: Farida Nazarova
  role: Central Asia analyst
  bio: Follows the **northern border**.
  links: [https://example.org/farida]
- id: sam
  name: Sam Reyes
"""

BORDER = ARTICLE.replace("summary:", "authors: [farida, sam]\nsummary:")
# Later than the border article: first on the author's page.
KABUL = """\
---
title: Kabul falls
date: 2021-08-15
authors: [farida]
summary: The capital changed hands.
countries: [AFG]
actors: [taliban]
---

# Kabul falls
"""
ARTICLES = {"2021/border.md": BORDER, "2021/kabul.md": KABUL}

HOSTILE = "<img src=x onerror=alert(1)> <script>alert(3)</script>"


def _with_authors(root: Path, authors: str = AUTHORS) -> Path:
    write_file(root / "data" / "authors.yaml", authors)
    return root


def _content(html: str) -> str:
    """The page's own content, without the theme's header, navigation and footer."""
    return html.split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]


def _links(built: Built, url_path: str) -> dict[str, str]:
    """Text -> address (from the site's root) of every link in a page's content."""
    found = re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', _content(built.page(url_path)))
    return {text: urljoin("/" + url_path, href).lstrip("/") for href, text in found}


def test_articles_and_author_pages_link_each_other(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    built = build_site(_with_authors(publication(articles=ARTICLES)), caplog)
    assert built.messages() == []

    # article -> author pages, from its byline
    article = built.page("articles/2021/border/")
    assert re.search(r'<p class="cm-byline">By <a [^>]*>Farida Nazarova</a> and <a ', article)
    farida = _links(built, "articles/2021/border/")["Farida Nazarova"]
    assert farida == "authors/farida/"
    assert _links(built, "articles/2021/border/")["Sam Reyes"] == "authors/sam/"

    # author page -> articles, newest first; bio as Markdown; the index reached from it
    page = _content(built.page(farida))
    assert "<h1>Farida Nazarova</h1>" in page
    assert "<strong>northern border</strong>" in page
    assert page.index("Kabul falls") < page.index("Border posts fall")
    links = _links(built, farida)
    assert links["Kabul falls"] == "articles/2021/kabul/"
    assert links["Border posts fall"] == "articles/2021/border/"
    assert links["https://example.org/farida"] == "https://example.org/farida"
    assert links["All authors"] == "authors/"

    # the index lists each author, A-Z, with their role and how many articles they wrote
    index = _links(built, "authors/")
    assert list(index) == ["Farida Nazarova", "Sam Reyes"]
    assert index["Sam Reyes"] == "authors/sam/"
    assert "Central Asia analyst · 2 articles" in built.page("authors/")
    assert "Border posts fall" in built.page("authors/sam/")
    assert "Kabul falls" not in built.page("authors/sam/")


def test_the_feed_names_authors_with_their_pages(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    root = _with_authors(publication(articles=ARTICLES, config={"site_url": "https://ex.org/m/"}))
    built = build_site(root, caplog)
    feed = feedparser.parse((built.site / "feed.xml").read_bytes())
    kabul = next(e for e in feed.entries if e.title == "Kabul falls")
    assert [(a.name, a.href) for a in kabul.authors] == [
        ("Farida Nazarova", "https://ex.org/m/authors/farida/")
    ]


def test_an_unknown_author_fails_the_build_where_it_is_named(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    articles = {"2021/border.md": BORDER.replace("[farida, sam]", "[farida, farid]")}
    root = _with_authors(publication(articles=articles))
    with pytest.raises(Abort):
        build_site(root, caplog)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors[0].splitlines() == [
        "1 error(s) in the publication's content:",
        "content/articles/2021/border.md:4:19: authors: 'farid' is not an author in "
        "data/authors.yaml (did you mean `farida`?)",
    ]


def test_without_authors_file_names_are_shown_as_written(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    article = ARTICLE.replace("summary:", "authors: [A. Writer, Editorial team, Sam]\nsummary:")
    built = build_site(publication(articles={"2021/border.md": article}), caplog)
    assert built.messages() == []
    assert '<p class="cm-byline">By A. Writer, Editorial team and Sam</p>' in built.page(
        "articles/2021/border/"
    )
    assert not (built.site / "authors").exists()


def test_an_author_listed_twice_is_reported(publication: Callable[..., Path]) -> None:
    root = _with_authors(
        publication(articles=ARTICLES), AUTHORS + "- id: farida\n  name: Farida N.\n"
    )
    errors = [str(p) for p in check_publication(root) if p.severity is Severity.ERROR]
    assert errors == [
        "data/authors.yaml:8:3: id: author 'farida' is defined twice: at data/authors.yaml:1 "
        "and data/authors.yaml:8 (keep the id of the one already published, and give the "
        "other its own)"
    ]


def test_hostile_text_of_an_author_is_shown_as_text(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    authors = (
        AUTHORS.replace("name: Farida Nazarova", f"name: {HOSTILE!r}")
        .replace("role: Central Asia analyst", f"role: {HOSTILE!r}")
        .replace("bio: Follows the **northern border**.", f"bio: {HOSTILE!r}")
    )
    built = build_site(_with_authors(publication(articles=ARTICLES), authors), caplog)
    for url_path in ("authors/", "authors/farida/", "articles/2021/border/"):
        html = built.page(url_path)
        assert "<script>alert" not in html, url_path
        assert "<img src=x" not in html, url_path
        assert "&lt;img src=x onerror=alert(1)&gt;" in _content(html), url_path


def test_the_authors_schema_accepts_the_sample_and_refuses_mistakes() -> None:
    schema = json.loads((SCHEMAS_DIR / "authors.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    sample = yaml.safe_load((REPO / "data/authors.yaml").read_text(encoding="utf-8"))
    assert sample and list(validator.iter_errors(sample)) == []
    first = (REPO / "data/authors.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first.endswith("=../plugins/conflict_monitor/schemas/authors.schema.json")
    assert list(validator.iter_errors([dict(sample[0], biography="x")]))
    assert list(validator.iter_errors([dict(sample[0], id="Farida Nazarova")]))


def test_the_sample_article_links_its_author(sample_site: Path) -> None:
    sample = yaml.safe_load((REPO / "data/authors.yaml").read_text(encoding="utf-8"))
    author = sample[0]["id"]
    article = (sample_site / "articles/2021/taliban-northern-offensive/index.html").read_text()
    assert f'href="../../../authors/{author}/" rel="author"' in article
    page = (sample_site / "authors" / author / "index.html").read_text()
    assert 'href="../../articles/2021/taliban-northern-offensive/"' in page
    assert f'href="{author}/"' in (sample_site / "authors/index.html").read_text()
