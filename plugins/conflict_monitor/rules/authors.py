"""Authors: when the publication lists them in data/authors.yaml, articles name them by id.

Without that file, an article's ``authors`` are names shown as written, so a
publication that has never listed its authors keeps building.
"""

from __future__ import annotations

from collections.abc import Collection

from ..diagnostics import did_you_mean
from ..model import Article, Author, Problem, Publication


def check_authors(publication: Publication, reserved_ids: Collection[str]) -> list[Problem]:
    """Author ids that take a reserved address, and articles (drafts too) naming an
    author the file does not list."""
    authors_file = publication.authors_file
    if authors_file is None:
        return []
    # Items with mistakes too (reported already): each read for the fields that passed.
    flawed = [(f.item, f.origin, f.broken) for f in publication.flawed]
    ids = [(a.id, publication.origins[("author", a.id)]) for a in publication.authors.values()]
    ids += [(a.id, o) for a, o, broken in flawed if isinstance(a, Author) and "id" not in broken]
    problems = []
    for author_id, origin in ids:
        if author_id not in reserved_ids:
            continue
        problems.append(
            Problem(
                origin.path,
                *origin.position("id"),
                "id",
                f"{author_id!r} is reserved for the site's own pages",
                "choose another id",
            )
        )
    if "author" in publication.unreadable:
        return problems  # which ids the file holds is unknown; reported already
    known = publication.authors.keys() | publication.invalid_ids["author"]
    articles = [*publication.articles, *publication.drafts]
    articles += [a for a, _, broken in flawed if isinstance(a, Article) and "authors" not in broken]
    for article in articles:
        problems += _unknown_authors(article, publication, known, authors_file)
    return problems


def _unknown_authors(
    article: Article, publication: Publication, known: Collection[str], authors_file: str
) -> list[Problem]:
    problems = []
    for index, written in enumerate(article.meta.authors):
        if written in known:
            continue
        problems.append(
            Problem(
                article.origin.path,
                *article.origin.position("authors", index),
                "authors",
                f"{written!r} is not an author in {authors_file}",
                _hint(written, publication, known, authors_file),
            )
        )
    return problems


def _hint(written: str, publication: Publication, known: Collection[str], authors_file: str) -> str:
    # A writer used to naming authors in full writes the name, not the id.
    by_name = {a.name.casefold(): a.id for a in publication.authors.values()}
    if written.casefold() in by_name:
        return f"name the author by id: `{by_name[written.casefold()]}`"
    return did_you_mean(written, known) or f"add the author to {authors_file} or correct the id"
