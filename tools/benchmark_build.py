"""Build time of a conflict-monitor publication against plain Material on the same articles.

    python tools/benchmark_build.py [--articles 1000] [--incidents 20000] [--rounds 3]

Writes a synthetic publication (tools/make_publication.py), then builds, in this one
run, (1) plain Material for MkDocs with the same articles and hand-written pages and
the publication's own configuration less the plugin, and (2) the full publication with
the conflict-monitor plugin, and (3) the same with the plugin's second process turned off.
Each build runs ``--rounds`` times, the kinds alternated, into fresh folders.
Prints the median wall time of each, the ratio, and the pages and bytes written.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_publication import make  # noqa: E402


def plain_config(publication_config: dict[str, Any]) -> dict[str, Any]:
    """The publication's own MkDocs configuration without conflict-monitor: the same
    theme, Markdown extensions, search languages and sections, no plugin, no templates
    of ours, and no navigation entries for the pages the plugin generates."""
    config = dict(publication_config, site_name="Plain Material", strict=False)
    config["plugins"] = [
        plugin
        for plugin in config["plugins"]
        if not (isinstance(plugin, dict) and "conflict-monitor" in plugin)
    ]
    config["theme"] = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    own_pages = {"index.md", "methodology.md", "about.md"}
    config["nav"] = [entry for entry in config["nav"] if set(entry.values()) <= own_pages]
    return config


def build(folder: Path, config_file: Path, site: Path) -> float:
    """Wall time of one ``mkdocs build``, started after the disk has written out the
    previous build (this machine's disk can otherwise slow the next one by seconds)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    os.sync()
    started = time.perf_counter()
    subprocess.run(
        [str(mkdocs), "build", "-q", "-f", str(config_file), "-d", str(site)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        cwd=folder,
    )
    return time.perf_counter() - started


def one_process(publication_config: dict[str, Any]) -> dict[str, Any]:
    """The publication's configuration with the plugin's second process turned off."""
    config = dict(publication_config)
    config["plugins"] = [
        {"conflict-monitor": {**plugin["conflict-monitor"], "parallel": False}}
        if isinstance(plugin, dict) and "conflict-monitor" in plugin
        else plugin
        for plugin in config["plugins"]
    ]
    return config


def size(site: Path) -> tuple[int, int]:
    pages = sum(1 for _ in site.rglob("*.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return pages, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--incidents", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3, help="builds of each kind, alternated")
    args = parser.parse_args()
    times: dict[str, list[float]] = {"plain": [], "ours": [], "one process": []}
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        publication = root / "publication"
        make(publication, args.articles, args.incidents)
        plain = root / "plain"
        shutil.copytree(publication / "content", plain / "content")
        config = yaml.safe_load((publication / "mkdocs.yml").read_text(encoding="utf-8"))
        (plain / "mkdocs.yml").write_text(yaml.safe_dump(plain_config(config)), encoding="utf-8")
        (publication / "one-process.yml").write_text(
            yaml.safe_dump(one_process(config)), encoding="utf-8"
        )
        builds = {
            "plain": (plain, plain / "mkdocs.yml"),
            "ours": (publication, publication / "mkdocs.yml"),
            "one process": (publication, publication / "one-process.yml"),
        }
        for round_ in range(args.rounds):
            for kind, (folder, config_file) in builds.items():
                site = root / f"site-{kind.replace(' ', '-')}-{round_}"
                times[kind].append(build(folder, config_file, site))
        plain_pages, plain_bytes = size(root / "site-plain-0")
        our_pages, our_bytes = size(root / "site-ours-0")

    def shown(kind: str) -> str:
        runs = ", ".join(f"{t:.1f}" for t in times[kind])
        return f"{statistics.median(times[kind]):6.1f} s (median of {runs})"

    plain_time = statistics.median(times["plain"])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"articles: {args.articles}, incidents: {args.incidents}, cores: {cores}")
    print(f"plain Material:   {shown('plain')}  {plain_pages} pages, {plain_bytes / 1e6:.1f} MB")
    print(f"conflict-monitor: {shown('ours')}  {our_pages} pages, {our_bytes / 1e6:.1f} MB")
    print(f"  in one process: {shown('one process')}")
    print(f"ratio: {statistics.median(times['ours']) / plain_time:.2f}x plain Material")
    print(f"  in one process: {statistics.median(times['one process']) / plain_time:.2f}x")


if __name__ == "__main__":
    main()
