"""The ``conflict-monitor`` command: checks for writers, without building the site; the
editors' JSON Schemas; ACLED data imported into the publication; new articles and the
incident template; the writers' guide's reference tables."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .acled import ImportRefused, import_acled
from .build import check_publication
from .collector import kept_for_the_build, release
from .model import Layout, Problem, Severity
from .reference_tables import MarkersMissing, write_reference_tables
from .scaffold import ScaffoldRefused, incident_template, new_article
from .schemas import write_schemas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="conflict-monitor",
        description="Tools for a conflict-monitor publication.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate",
        help="check data/ and the articles' front matter; exit 1 on any error or warning, "
        "as the strict build fails on them",
    )
    validate.add_argument("root", nargs="?", default=".", help="the publication's folder")
    validate.add_argument("--content-dir", default="content", help="the MkDocs docs folder")
    validate.add_argument("--data-dir", default="data", help="the data folder")
    validate.add_argument("--quiet", action="store_true", help="print only what fails the check")
    validate.add_argument(
        "--lenient",
        action="store_true",
        help="let warnings pass, as `make serve` does (the strict build and pull requests "
        "still fail on them)",
    )
    commands.add_parser(
        "schemas", help="write the JSON Schemas of the data files and front matter for editors"
    )
    acled = commands.add_parser(
        "import-acled",
        help="import an ACLED export (CSV) as incidents and actors in data/",
        description="Import an ACLED export: each row becomes an incident (updated in place "
        "when ACLED revised it) or is reported with the reason it was skipped.",
    )
    acled.add_argument("export", help="the CSV file downloaded from ACLED")
    acled.add_argument("--root", default=".", help="the publication's folder")
    acled.add_argument("--content-dir", default="content", help="the MkDocs docs folder")
    acled.add_argument("--data-dir", default="data", help="the data folder")
    acled.add_argument(
        "--dry-run", action="store_true", help="write nothing; report what would be done"
    )
    _add_new_commands(commands)
    args = parser.parse_args(argv)
    if args.command == "new":
        return _new(args)
    if args.command == "reference-tables":
        return _reference_tables(Path(args.readme))
    if args.command == "schemas":
        for path in write_schemas():
            print(f"wrote {path}")
        return 0
    if args.command == "import-acled":
        return _import_acled(args)

    root = Path(args.root)
    layout = Layout(content_dir=args.content_dir, data_dir=args.data_dir)
    release()  # what an earlier check in this process set aside
    with kept_for_the_build():
        problems = check_publication(root, layout)
    return _report(problems, quiet=args.quiet, lenient=args.lenient)


def _report(problems: list[Problem], *, quiet: bool, lenient: bool) -> int:
    """Print the problems; fail on what fails the strict build (warnings too, unless
    ``lenient``), so that a check that passes means a build that passes."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    failing = {Severity.ERROR} if lenient else {Severity.ERROR, Severity.WARNING}
    for problem in problems:
        if problem.severity in failing or not quiet:
            print(f"{problem.severity.value}: {problem}", file=sys.stderr)
    if errors:
        also = f" and {len(warnings)} warning(s)" if warnings else ""
        print(f"{len(errors)} error(s){also}; nothing was published.", file=sys.stderr)
        return 1
    if warnings:
        why = f"{len(warnings)} warning(s): the strict build and pull requests fail on them"
        print(f"{why}; --lenient lets them pass here." if lenient else f"{why}.", file=sys.stderr)
        return 0 if lenient else 1
    if not quiet:
        print("The publication is valid.")
    return 0


def _import_acled(args: argparse.Namespace) -> int:
    layout = Layout(content_dir=args.content_dir, data_dir=args.data_dir)
    try:
        report = import_acled(Path(args.export), Path(args.root), layout, dry_run=args.dry_run)
    except ImportRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line)
    return 0


def _add_new_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new = commands.add_parser("new", help="start an article, or print an incident to fill in")
    kinds = new.add_subparsers(dest="what", required=True)
    article = kinds.add_parser(
        "article",
        help="write a draft article, content/articles/<year>/<slug>.md",
        description="Write a draft article with its front matter filled in. The countries, "
        "actors and authors must exist in the publication's data; an existing file is "
        "never overwritten.",
    )
    article.add_argument("title", help="the article's title, in quotes")
    for option, metavar, what in (
        ("--country", "ISO3", "a country it is about"),
        ("--actor", "ID", "an actor it names"),
        ("--author", "ID", "an author"),
    ):
        article.add_argument(
            option, action="append", default=[], metavar=metavar, help=f"{what} (repeat for more)"
        )
    article.add_argument("--slug", help="the file name and address (default: from the title)")
    article.add_argument("--root", default=".", help="the publication's folder")
    article.add_argument("--content-dir", default="content", help="the MkDocs docs folder")
    article.add_argument("--data-dir", default="data", help="the data folder")
    kinds.add_parser(
        "incident", help="print a commented incident to paste into a data/incidents file"
    )
    tables = commands.add_parser(
        "reference-tables",
        help="rewrite the reference tables in the README from the model",
    )
    tables.add_argument("readme", nargs="?", default="README.md", help="the file to rewrite")


def _new(args: argparse.Namespace) -> int:
    if args.what == "incident":
        print(incident_template(), end="")
        return 0
    try:
        path = new_article(
            Path(args.root),
            args.title,
            countries=args.country,
            actors=args.actor,
            authors=args.author,
            slug=args.slug,
            layout=Layout(content_dir=args.content_dir, data_dir=args.data_dir),
        )
    except ScaffoldRefused as refused:
        for line in str(refused).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 1
    print(f"wrote {path}: a draft, shown by `make serve` only; set `draft: false` to publish")
    return 0


def _reference_tables(readme: Path) -> int:
    try:
        changed = write_reference_tables(readme)
    except (MarkersMissing, OSError) as error:
        print(f"error: {readme}: {error}", file=sys.stderr)
        return 1
    print(f"wrote {readme}" if changed else f"{readme} is up to date")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
