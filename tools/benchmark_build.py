"""Build time of a conflict-monitor publication against plain Material on the same articles.

    python tools/benchmark_build.py [--shape reference|legacy|both] [--rounds 3]
                                    [--articles 1000] [--incidents 20000] [--one-process]

Writes a synthetic publication of each shape asked for (tools/make_publication.py),
then builds, in this one run, (1) plain Material for MkDocs with the same articles and
hand-written pages and the publication's own configuration less the plugin, and (2)
the full publication with the conflict-monitor plugin, and, with ``--one-process``,
(3) the same with the plugin's second process turned off. Each build runs
``--rounds`` times, the kinds alternated, into fresh folders under /dev/shm where
it exists (repeated builds on a slow disk measure the disk). Prints, for each shape,
the median wall time of each kind, the ratio, the peak memory of each build (the
largest resident set of the build's processes) and the pages and bytes written.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_publication import DEFAULT_ACTORS, SHAPES, make  # noqa: E402


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


def build(folder: Path, config_file: Path, site: Path, scratch: Path) -> tuple[float, int]:
    """Wall time and peak resident memory (bytes) of one ``mkdocs build``, started after
    the disk has written out what is pending (a slow disk can otherwise slow the build
    by seconds). The peak is that of the build's process or of its second process, which
    it waits for, whichever is larger (``wait4`` reports the largest)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(scratch))
    mkdocs = Path(sys.executable).with_name("mkdocs")
    os.sync()
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(mkdocs), "build", "-q", "-f", str(config_file), "-d", str(site)],
        env=env,
        stdout=subprocess.DEVNULL,
        cwd=folder,
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, process.args)
    return elapsed, usage.ru_maxrss * 1024  # kilobytes on Linux


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


@dataclass
class Runs:
    """The builds of one kind: wall times and peaks, and what the first one wrote."""

    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)
    pages: int = 0
    bytes: int = 0

    def line(self, label: str) -> str:
        runs = ", ".join(f"{t:.1f}" for t in self.times)
        return (
            f"{label:<18}{statistics.median(self.times):6.1f} s (median of {runs}), "
            f"peak RSS {max(self.peaks) / 2**20:5.0f} MiB, "
            f"{self.pages} pages, {self.bytes / 1e6:.1f} MB"
        )


def measure(shape: str, args: argparse.Namespace, scratch: Path) -> dict[str, Runs]:
    """Write the publication of ``shape`` and build each kind ``args.rounds`` times."""
    root = scratch / shape
    publication = root / "publication"
    make(publication, args.articles, args.incidents, shape=shape)
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
    }
    if args.one_process:
        builds["one process"] = (publication, publication / "one-process.yml")
    runs = {kind: Runs() for kind in builds}
    for round_ in range(args.rounds):
        for kind, (folder, config_file) in builds.items():
            site = root / f"site-{kind.replace(' ', '-')}-{round_}"
            elapsed, peak = build(folder, config_file, site, scratch)
            runs[kind].times.append(elapsed)
            runs[kind].peaks.append(peak)
            if round_ == 0:
                runs[kind].pages, runs[kind].bytes = size(site)
            shutil.rmtree(site)  # memory, on /dev/shm
    shutil.rmtree(root)
    return runs


def report(shape: str, args: argparse.Namespace, runs: dict[str, Runs]) -> None:
    countries, actors = len(SHAPES[shape]), DEFAULT_ACTORS[shape]
    print(
        f"\n{shape} shape: {args.articles} articles, {args.incidents} incidents, "
        f"{countries} countries, {actors} actors"
    )
    plain_time = statistics.median(runs["plain"].times)
    print(runs["plain"].line("plain Material:"))
    print(runs["ours"].line("conflict-monitor:"))
    if "one process" in runs:
        print(runs["one process"].line("  in one process:"))
    print(f"ratio: {statistics.median(runs['ours'].times) / plain_time:.2f}x plain Material")
    if "one process" in runs:
        print(f"  in one process: {statistics.median(runs['one process'].times) / plain_time:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=[*sorted(SHAPES), "both"], default="reference")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--incidents", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3, help="builds of each kind, alternated")
    parser.add_argument(
        "--one-process", action="store_true", help="also build with parallel: false"
    )
    args = parser.parse_args()
    shapes = ["reference", "legacy"] if args.shape == "both" else [args.shape]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as scratch:
        print(
            f"cores: {cores}, Python {platform.python_version()}, {platform.system()}, "
            f"builds in {Path(scratch).parent}, rounds: {args.rounds}"
        )
        for shape in shapes:
            report(shape, args, measure(shape, args, Path(scratch)))


if __name__ == "__main__":
    main()
