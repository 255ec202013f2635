"""Build time of a conflict-monitor publication against plain Material on the same articles.

    python tools/benchmark_build.py [--articles 1000] [--incidents 20000]

Writes a synthetic publication (tools/make_publication.py), then builds, in this one
run, (1) plain Material for MkDocs with the same articles and hand-written pages and
the same navigation, and (2) the full publication with the conflict-monitor plugin.
Prints the wall time of each, the ratio, and the pages and bytes written.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_publication import make  # noqa: E402

PLAIN_CONFIG = {
    "site_name": "Plain Material",
    "docs_dir": "content",
    "theme": {"name": "material", "font": False, "features": ["navigation.instant"]},
    "plugins": ["search"],
    # The same navigation as the publication's: articles are reached from a listing,
    # not each listed in the sidebar (which alone makes Material several times slower).
    "nav": ["index.md", "methodology.md", "about.md"],
}


def build(folder: Path, site: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    started = time.perf_counter()
    subprocess.run(
        [str(mkdocs), "build", "-q", "-f", str(folder / "mkdocs.yml"), "-d", str(site)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def size(site: Path) -> tuple[int, int]:
    pages = sum(1 for _ in site.rglob("*.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return pages, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--incidents", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        publication = root / "publication"
        make(publication, args.articles, args.incidents)
        plain = root / "plain"
        shutil.copytree(publication / "content", plain / "content")
        (plain / "mkdocs.yml").write_text(yaml.safe_dump(PLAIN_CONFIG))

        plain_time = build(plain, root / "plain-site")
        ours_time = build(publication, root / "site")
        plain_pages, plain_bytes = size(root / "plain-site")
        our_pages, our_bytes = size(root / "site")

    print(f"articles: {args.articles}, incidents: {args.incidents}, cores: {os.cpu_count()}")
    print(
        f"plain Material:   {plain_time:6.1f} s  {plain_pages:6d} pages  "
        f"{plain_bytes / 1e6:7.1f} MB"
    )
    print(f"conflict-monitor: {ours_time:6.1f} s  {our_pages:6d} pages  {our_bytes / 1e6:7.1f} MB")
    print(f"ratio: {ours_time / plain_time:.2f}x plain Material")


if __name__ == "__main__":
    main()
