"""Articles and the other Markdown pages: front matter checked, references found."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from ..model import Article, ArticleMeta, Document, Flawed, Layout, Origin, Problem, Reference
from ..prose.references import find_references
from .items import check_item, shown
from .yaml_files import PARSED_FILES, parse_yaml, read_text, split_front_matter


def article_files(root: Path, layout: Layout) -> list[Path]:
    """The publication's articles: the Markdown files of its articles folder, sorted."""
    articles_dir = root / layout.content_dir / layout.articles_dir
    return sorted(articles_dir.glob("**/*.md")) if articles_dir.is_dir() else []


def page_references(path: Path, root: Path) -> list[Reference]:
    """The in-prose references of a page that is not an article (home, about, ...)."""
    text, _read_problems = read_text(path, shown(root, path))  # MkDocs reports those
    split = split_front_matter(text or "")
    return find_references(split.body, split.body_line)


def load_article(
    root: Path, content_dir: Path, path: Path, problems: list[Problem]
) -> Article | Flawed | None:
    """The article in ``path``; Flawed (with problems saying why) when its front matter
    has mistakes, None when it is unusable. Read again only when the file changed."""
    src_uri = path.relative_to(content_dir).as_posix()
    article, found = PARSED_FILES.read(
        path, shown(root, path), partial(_article, src_uri), key=f"article:{src_uri}"
    )
    problems += found
    if isinstance(article, Article):  # its front matter kept for the next load
        PARSED_FILES.still_checked(_meta_key(article.origin.document), article.meta)
    return article


def _meta_key(front_matter: Document | None) -> tuple[object, ...]:
    """An article's front matter, as ``ParsedFiles.checked_item`` knows it: the same
    text gives the same ``ArticleMeta``, and its listings need not be made again."""
    return (ArticleMeta, repr(front_matter.value if front_matter else None))


def _article(
    src_uri: str, text: str | None, problems: list[Problem], where: str
) -> tuple[Article | Flawed | None, list[Problem]]:
    if text is None:
        return None, problems
    split = split_front_matter(text)
    front = split.front_matter
    if front is None:
        closed = not text.startswith("---")
        problems.append(
            Problem(
                where,
                1,
                1,
                "",
                "has no front matter" if closed else "the front matter is not closed",
                "start the file with `---`, the article's fields, and `---`"
                if closed
                else "end it with a line holding only `---`",
            )
        )
        return None, problems
    loaded = parse_yaml(front, where, line_offset=split.front_matter_line)
    problems += loaded.problems
    if loaded.problems:
        return None, problems
    if not isinstance(loaded.document.value, dict):
        problems.append(Problem(where, 2, 1, "", "front matter must be fields (`title: ...`)"))
        return None, problems
    meta, broken, found = PARSED_FILES.checked_item(
        _meta_key(loaded.document),
        partial(check_item, ArticleMeta, loaded.document.value, loaded.document, ()),
    )
    problems += found
    article = Article(
        src_uri,
        meta,
        Origin(where, 1, loaded.document),
        find_references(split.body, split.body_line),
    )
    return (Flawed(article, article.origin, broken) if broken else article), problems
