"""The whole publication read from disk: countries, actors, incidents and articles.

``load_publication`` reads every file, checks each item against the model, and
returns what is valid together with every problem found, so a writer sees all of
them in one run. What needs the whole publication (references between items) is
checked next, by ``rules``; an item with mistakes stays out of the publication, but
what of it passed its checks is kept for them (``Publication.flawed``).
"""

from __future__ import annotations

from pathlib import Path

from ..model import (
    DEFAULT_LAYOUT,
    Actor,
    Author,
    Country,
    Flawed,
    Incident,
    Layout,
    Problem,
    Publication,
)
from .articles import load_article, page_references
from .items import DataFiles, add_country, add_unique, load_items, shown
from .yaml_files import PARSED_FILES

__all__ = ["load_publication"]


def load_publication(
    root: Path, layout: Layout = DEFAULT_LAYOUT
) -> tuple[Publication, list[Problem]]:
    """Load every file and check every item; return the valid publication and all
    problems found."""
    publication = Publication(root=root)
    problems: list[Problem] = _missing_folders(root, layout)
    data = root / layout.data_dir
    if not data.is_dir():  # reported: every reference to its items would be reported too
        publication.unreadable.update(("country", "actor", "incident"))

    files = DataFiles.of(data, root, problems)
    for country, origin in load_items(
        root, files.countries, Country, "country", problems, publication
    ):
        add_country(publication, country, origin, problems)

    for path in files.actors:
        for actor, origin in load_items(root, path, Actor, "actor", problems, publication):
            add_unique(publication, "actor", actor.id, actor, origin, problems)
    for path in files.incidents:
        for incident, origin in load_items(root, path, Incident, "incident", problems, publication):
            add_unique(publication, "incident", incident.id, incident, origin, problems)
    if files.authors:
        publication.authors_file = shown(root, files.authors[0])
    for path in files.authors:
        for author, origin in load_items(root, path, Author, "author", problems, publication):
            add_unique(publication, "author", author.id, author, origin, problems)
    read = files.all()

    content_dir = root / layout.content_dir
    articles_dir = content_dir / layout.articles_dir
    for path in sorted(content_dir.glob("**/*.md")):
        if articles_dir in path.parents:
            read.append(path)
            article = load_article(root, content_dir, path, problems)
            if isinstance(article, Flawed):
                publication.flawed.append(article)
            elif article is not None:
                (publication.drafts if article.meta.draft else publication.articles).append(article)
        else:
            publication.writer_pages.append(path.relative_to(content_dir).as_posix())
            if references := page_references(path, root):
                publication.page_references[shown(root, path)] = references
    publication.articles.sort(key=lambda a: (a.meta.date, a.src_uri), reverse=True)
    PARSED_FILES.keep_only(read)  # what the next load may reuse: this publication's files

    return publication, problems


def _missing_folders(root: Path, layout: Layout) -> list[Problem]:
    """A folder the publication names but does not have: a typo would otherwise build an
    empty site without a word."""
    return [
        Problem(
            folder,
            0,
            0,
            "",
            f"the publication's {what} folder does not exist",
            f"create it, or correct `{option}` in mkdocs.yml",
        )
        for folder, what, option in (
            (layout.data_dir, "data", "data_dir"),
            (layout.content_dir, "pages", "docs_dir"),
        )
        if not (root / folder).is_dir()
    ]
