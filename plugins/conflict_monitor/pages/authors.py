"""A page per author and the authors' index, for a publication with data/authors.yaml."""

from __future__ import annotations

from ..graph import Graph
from ..urls import AUTHOR_INDEX, author_page
from .generated import GeneratedPage


def pages(graph: Graph) -> list[GeneratedPage]:
    if not graph.lists_authors:  # authors are names as written: no pages to link
        return []
    index = GeneratedPage(
        AUTHOR_INDEX,
        "Authors",
        "authors_index.html",
        {
            "authors": [
                (author, len(graph.articles_by_author.get(author.id, [])))
                for author in graph.authors
            ]
        },
    )
    return [
        index,
        *(
            GeneratedPage(
                author_page(author.id),
                author.name,
                "author.html",
                {"author": author, "articles": graph.articles_by_author.get(author.id, [])},
            )
            for author in graph.authors
        ),
    ]
