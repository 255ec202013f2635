"""Time from an edit to the page showing it under ``mkdocs serve``, and its memory.

    python tools/benchmark_serve.py [--articles 1000] [--incidents 20000] [--edits 10]
                                    [--shape reference|legacy]

Writes a synthetic publication (tools/make_publication.py) into a folder under
/dev/shm where it exists, and starts ``mkdocs serve --dirty --no-strict --watch data
--watch docs_templates`` on it, on a free port of 127.0.0.1. Once the home page
answers, it makes ``--edits`` rounds of five edits: (1) a sentence of an article's
body, (2) the summary of one incident in its month's file, (3) the description of
one actor in data/actors.yaml, each set to a new marker, (4) a mistake: that
incident's actor1 set to the marker, an actor that does not exist, and (5) its fix:
actor1 back, and the summary set to a new marker. After each edit it polls the page
that shows the change (the article, /incidents/<id>/, /actors/<id>/, the list of
problems every page shows, assets/conflict-monitor/problems.html) every 0.1 s
until the marker is there (at most ``--timeout`` seconds, else a timeout is
recorded), and records the seconds from the file being written to the marker showing,
the rebuilds the server logged meanwhile and the resident memory of the server (its
process and any children). Prints a table of the edits and, per kind, the median and
maximum time and whether the last edit took longer than the first. The server is
stopped and the publication removed however the run ends (Ctrl-C, an error).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_publication import SHAPES, dump, make

# No proxy: every request goes to the server on 127.0.0.1.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
KINDS = ("article", "incident", "actor", "mistake", "fix")


@dataclass
class Edit:
    kind: str
    number: int
    seconds: float | None  # None: the marker did not show in time
    rebuilds: int  # logged by the server meanwhile
    rss: int  # bytes, the server's, after the edit showed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float) -> str | None:
    """The page's text, or None if it does not answer (yet). The server holds a
    request for a page while it rebuilds, hence the long timeout."""
    try:
        with OPENER.open(url, timeout=max(timeout, 0.1)) as response:
            return str(response.read().decode("utf-8", "replace"))
    except OSError:  # URLError, HTTPError, a refused or reset connection, a timeout
        return None


def shows(url: str, marker: str, written: float, timeout: float) -> float | None:
    """Seconds from ``written`` until the page at ``url`` shows ``marker``, polled every
    0.1 s, or None after ``timeout`` seconds."""
    deadline = written + timeout
    while (left := deadline - time.monotonic()) > 0:
        if marker in (fetch(url, left) or ""):
            return time.monotonic() - written
        time.sleep(0.1)
    return None


def rss(pid: int) -> int:
    """Resident memory in bytes of ``pid`` and all its descendants."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):  # ended meanwhile
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    family, total = {pid}, 0
    for child, parent in sorted(parents.items()):
        if parent in family:
            family.add(child)
    for member in family:
        with contextlib.suppress(OSError):
            status = Path(f"/proc/{member}/status").read_text()
            found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            total += int(found[1]) * 1024 if found else 0
    return total


def set_in_yaml(path: Path, id_: str, key: str, value: str, **options: Any) -> None:
    """Set ``key`` of the item ``id_`` in the list in ``path``, written back as
    make_publication writes it."""
    items = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    next(item for item in items if item["id"] == id_)[key] = value
    path.write_text(dump(items, sort_keys=False, **options), encoding="utf-8")


class Publication:
    """The three things edited, the pages that show them, and how to edit each."""

    def __init__(self, root: Path, base: str) -> None:
        self.root = root
        articles = sorted((root / "content" / "articles").rglob("analysis-*.md"))
        self.article = articles[len(articles) // 2]
        slug = self.article.relative_to(root / "content").with_suffix("")
        months = sorted((root / "data" / "incidents").glob("*.yaml"))
        self.month = months[len(months) // 2]
        items = yaml.load(self.month.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        self.incident = str(items[len(items) // 2]["id"])
        self.actor = "actor-0001"
        self.pages = {
            "article": f"{base}{slug.as_posix()}/",
            "incident": f"{base}incidents/{self.incident}/",
            "actor": f"{base}actors/{self.actor}/",
            # The list of problems every page shows while the publication has errors.
            "mistake": f"{base}assets/conflict-monitor/problems.html",
            "fix": f"{base}incidents/{self.incident}/",
        }
        self.actor1 = str(items[len(items) // 2]["actor1"])
        # The words that open the article's first paragraph, replaced by the first marker.
        opening = re.search(r"^[A-Z][\w ]*\w", self.article.read_text(encoding="utf-8"), re.M)
        if opening is None:
            raise SystemExit(f"{self.article}: no paragraph to edit")
        self.previous = opening[0]

    def edit(self, kind: str, marker: str) -> None:
        if kind == "article":
            text = self.article.read_text(encoding="utf-8")
            self.article.write_text(text.replace(self.previous, marker, 1), encoding="utf-8")
            self.previous = marker
        elif kind == "incident":
            set_in_yaml(self.month, self.incident, "summary", marker)
        elif kind == "mistake":  # an actor that does not exist, named by the marker
            set_in_yaml(self.month, self.incident, "actor1", marker)
        elif kind == "fix":  # the actor back, and the summary set to the marker
            items = yaml.load(self.month.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            item = next(item for item in items if item["id"] == self.incident)
            item["actor1"], item["summary"] = self.actor1, marker
            self.month.write_text(dump(items, sort_keys=False), encoding="utf-8")
        else:
            actors = self.root / "data" / "actors.yaml"
            set_in_yaml(actors, self.actor, "description", marker, allow_unicode=True)


def rebuilds(log: Path) -> int:  # the rebuilds the server has logged
    return log.read_text(encoding="utf-8", errors="replace").count("Detected file changes")


def run(root: Path, args: argparse.Namespace) -> list[Edit]:
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    path = urllib.parse.urlsplit(config.get("site_url", "")).path or "/"
    port = free_port()
    base = f"http://127.0.0.1:{port}{path.rstrip('/')}/"
    publication = Publication(root, base)
    log = root / "serve.log"
    command = [str(Path(sys.executable).with_name("mkdocs")), "serve", "--dirty", "--no-strict"]
    command += ["--dev-addr", f"127.0.0.1:{port}", "--watch", "data", "--watch", "docs_templates"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(root))
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        started = time.monotonic()
        while fetch(base, 5) is None:
            if server.poll() is not None or time.monotonic() - started > args.start_timeout:
                raise SystemExit("the server did not answer; its log:\n" + log.read_text())
            time.sleep(0.5)
        print(f"first build and home page: {time.monotonic() - started:.1f} s")
        for kind, url in publication.pages.items():
            if fetch(url, 60) is None:
                raise SystemExit(f"{kind} page {url} does not answer")
        edits = []
        for number in range(1, args.edits + 1):
            for kind in KINDS:
                marker = f"benchmarkmarker{kind}{number}x{time.time_ns()}"
                before = rebuilds(log)
                publication.edit(kind, marker)
                written = time.monotonic()
                seconds = shows(publication.pages[kind], marker, written, args.timeout)
                edit = Edit(kind, number, seconds, rebuilds(log) - before, rss(server.pid))
                edits.append(edit)
                shown = "timeout" if seconds is None else f"{seconds:.2f} s"
                print(f"  {kind} {number}: {shown}, {edit.rss / 2**20:.0f} MB", flush=True)
        return edits
    finally:
        stop(server)


def stop(server: subprocess.Popen[bytes]) -> None:
    """Terminate the server's process group; kill it if it has not ended in 15 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)


def report(edits: list[Edit], timeout: float) -> None:
    print(f"\n{'kind':<9} {'edit':>4} {'seconds':>8} {'rebuilds':>8} {'RSS MB':>7}")
    for e in sorted(edits, key=lambda e: (KINDS.index(e.kind), e.number)):
        seconds = "timeout" if e.seconds is None else f"{e.seconds:.2f}"
        print(f"{e.kind:<9} {e.number:>4} {seconds:>8} {e.rebuilds:>8} {e.rss / 2**20:>7.0f}")
    for kind in KINDS:
        # A timeout counts as the full timeout for the median and the maximum.
        times = [timeout if e.seconds is None else e.seconds for e in edits if e.kind == kind]
        slower = "yes" if times[-1] > times[0] else "no"
        print(
            ("\n" if kind == KINDS[0] else "")
            + f"{kind:<9} median {statistics.median(times):6.2f} s, max {max(times):6.2f} s, "
            f"last slower than first: {slower} ({times[0]:.2f} -> {times[-1]:.2f} s)"
        )
    memory = [e.rss / 2**20 for e in edits]
    print(f"server RSS: {memory[0]:.0f} MB after the first edit, {memory[-1]:.0f} MB at the end")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=sorted(SHAPES), default="reference")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--incidents", type=int, default=20000)
    parser.add_argument("--edits", type=int, default=10, help="edits of each kind (1 or more)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds for one edit")
    parser.add_argument("--start-timeout", type=float, default=600, help="seconds to start")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # cleans up as Ctrl-C does
    shm = Path("/dev/shm")
    root = Path(tempfile.mkdtemp(prefix="benchmark-serve-", dir=shm if shm.is_dir() else None))
    try:
        print(
            f"cores: {len(os.sched_getaffinity(0))}, Python {platform.python_version()}; "
            f"{args.shape} shape, {args.articles} articles, {args.incidents} incidents, in {root}"
        )
        make(root, args.articles, args.incidents, shape=args.shape)
        report(run(root, args), args.timeout)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
