"""The ``conflict-monitor`` command: checks for writers, without building the site; the
editors' JSON Schemas; ACLED data imported into the publication."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .acled import ImportRefused, import_acled
from .build import check_publication
from .collector import kept_for_the_build, release
from .model import Layout, Severity
from .schemas import write_schemas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="conflict-monitor",
        description="Tools for a conflict-monitor publication.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="check data/ and the articles' front matter; exit 1 on any error"
    )
    validate.add_argument("root", nargs="?", default=".", help="the publication's folder")
    validate.add_argument("--content-dir", default="content", help="the MkDocs docs folder")
    validate.add_argument("--data-dir", default="data", help="the data folder")
    validate.add_argument("--quiet", action="store_true", help="print errors only")
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
    args = parser.parse_args(argv)
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
    errors = [p for p in problems if p.severity is Severity.ERROR]
    for problem in problems:
        if problem.severity is Severity.ERROR:
            print(f"error: {problem}", file=sys.stderr)
        elif not args.quiet:
            print(f"{problem.severity.value}: {problem}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s); nothing was published.", file=sys.stderr)
        return 1
    if not args.quiet:
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
