"""The live preview (mkdocs serve) keeps answering while the publication has errors:
every page lists them; the build for publishing still fails on them."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from conftest import ACTORS, INCIDENTS

# An actor id written as markup: the message quotes it, and it must stay text.
HOSTILE = INCIDENTS.replace(
    "actor1: taliban\n  actor2", 'actor1: "<script>alert(1)</script>"\n  actor2', 1
)
BROKEN_ACTORS = "- id: taliban\n  name: [Taliban\n"
PROBLEMS = [
    "data/actors.yaml:2:9: YAML syntax error",
    "data/incidents/2021.yaml:12:3: actor1: '<script>alert(1)</script>' is not a valid id",
]
SHOWN = [
    "<code>data/actors.yaml:2:9</code>: YAML syntax error",
    "<code>data/incidents/2021.yaml:12:3</code> <code>actor1</code>: "
    "&#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39; is not a valid id",
]
BANNER = 'class="admonition failure cm-problems"'


@pytest.fixture
def command() -> Iterator[Callable[[MkDocsConfig, str], None]]:
    """Start the plugins as the given MkDocs command does. MkDocs keeps a plugin with
    ``on_startup`` for every later configuration in the process: the next test finds
    it started as ``mkdocs build``, as before."""
    started: list[MkDocsConfig] = []

    def start(config: MkDocsConfig, name: str) -> None:
        config.plugins.on_startup(command=name, dirty=False)
        started.append(config)

    yield start
    for config in started:
        config.plugins.on_startup(command="build", dirty=False)


def _break(root: Path) -> None:
    (root / "data" / "actors.yaml").write_text(BROKEN_ACTORS, encoding="utf-8")
    (root / "data" / "incidents" / "2021.yaml").write_text(HOSTILE, encoding="utf-8")


def _fix(root: Path) -> None:
    (root / "data" / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    (root / "data" / "incidents" / "2021.yaml").write_text(INCIDENTS, encoding="utf-8")


def _pages(site: Path) -> dict[str, str]:
    """Every page MkDocs rendered (not the theme's 404 page), by path."""
    return {
        str(p.relative_to(site)): p.read_text(encoding="utf-8")
        for p in site.rglob("*.html")
        if p.name != "404.html"
    }


def test_the_preview_shows_every_problem_on_every_page_until_fixed(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, command
) -> None:
    root = publication()
    _break(root)
    site = root / "site"
    # Non-strict, as `make serve` runs it: the problems are logged as errors.
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site), strict=False)
    command(config, "serve")
    caplog.set_level(logging.INFO)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=False)

    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    shown = [e.removeprefix("conflict-monitor: ") for e in errors]
    assert [e[: len(p)] for e, p in zip(shown, PROBLEMS, strict=True)] == PROBLEMS
    pages = _pages(site)
    assert {"index.html", "articles/2021/border/index.html", "countries/index.html"} <= set(pages)
    for path, html in pages.items():
        assert html.count(BANNER) == 1, path
        assert all(shown in html for shown in SHOWN), path
        assert "<script>alert(1)" not in html, path
        assert "Welcome." not in html, path  # the writer's text waits for the data

    _fix(root)
    caplog.clear()
    build(config, serve_url="http://127.0.0.1:8000/", dirty=False)

    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    pages = _pages(site)
    assert not [path for path, html in pages.items() if "cm-problems" in html]
    assert "Welcome." in pages["index.html"]
    assert "Sher Khan Bandar" in pages["countries/afghanistan/index.html"]


def test_a_strict_preview_logs_the_problems_without_stopping(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, command
) -> None:
    """`mkdocs serve` with `strict: true` in mkdocs.yml: MkDocs would abort the rebuild
    on any warning or error logged, so the problems are logged as information."""
    root = publication()
    _break(root)
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.strict = True
    command(config, "serve")
    caplog.set_level(logging.INFO)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=False)
    ours = [r for r in caplog.records if r.name == "mkdocs.plugins.conflict-monitor"]
    logged = [r.getMessage().removeprefix("conflict-monitor: ") for r in ours]
    assert all(any(m.startswith(p) for m in logged) for p in PROBLEMS)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert BANNER in (root / "site" / "index.html").read_text(encoding="utf-8")


def test_the_build_for_publishing_still_fails_on_the_problems(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture, command
) -> None:
    root = publication()
    _break(root)
    config = load_config(
        config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True
    )
    command(config, "build")
    caplog.set_level(logging.INFO)
    with pytest.raises(Abort):
        build(config)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    lines = errors[0].splitlines()
    assert lines[0] == "2 error(s) in the publication's content:"
    assert [line[: len(p)] for line, p in zip(lines[1:], PROBLEMS, strict=True)] == PROBLEMS


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch_until(url: str, wanted: Callable[[str], bool], deadline: float) -> str:
    """The page at ``url`` once ``wanted`` holds of it (the server rebuilds meanwhile)."""
    html = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                html = response.read().decode("utf-8")
        except OSError:
            html = ""
        if wanted(html):
            return html
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show what was wanted in time; last: {html[:300]!r}")


def test_a_real_mkdocs_serve_answers_with_the_problems_then_the_site(
    publication: Callable[..., Path],
) -> None:
    root = publication()
    _break(root)
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "mkdocs"),
            "serve",
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        deadline = time.monotonic() + 50
        url = f"http://127.0.0.1:{port}/"
        broken = _fetch_until(url, lambda html: BANNER in html, deadline)
        assert all(shown in broken for shown in SHOWN)
        _fix(root)
        fixed = _fetch_until(url, lambda html: "Welcome." in html, deadline)
        assert "cm-problems" not in fixed
    finally:
        server.terminate()
        try:
            _, stderr = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            _, stderr = server.communicate()
    assert re.search(r"data/actors\.yaml:2:9: YAML syntax error", stderr.decode())
    assert "appear stuck" not in stderr.decode()


def test_the_preview_looks_for_saves_more_often_than_mkdocs(
    publication: Callable[..., Path],
) -> None:
    """MkDocs' server looks every half second: a quarter of a second of each edit's two
    on average. Its watches, those made before the plugin's and after, look every
    fifth of a second; a server that runs already is left as it is."""
    from mkdocs.livereload import LiveReloadServer

    from conflict_monitor.mkdocs_plugin import ConflictMonitorPlugin
    from conflict_monitor.mkdocs_plugin.watching import (
        PREVIEW_LOOKS_EVERY,
        look_for_changes_every,
    )

    root = publication()
    config = load_config(str(root / "mkdocs.yml"))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))
    assert server.observer.timeout == 0.5  # MkDocs' own
    server.watch(config.docs_dir)  # as MkDocs does before the plugins' on_serve
    plugin = config.plugins["conflict-monitor"]
    assert isinstance(plugin, ConflictMonitorPlugin)
    plugin.on_config(config)
    server = plugin.on_serve(server, config=config, builder=lambda: None)
    (root / "extra").mkdir()
    server.watch(str(root / "extra"))  # as MkDocs does after: `watch:` in mkdocs.yml
    looks = {emitter.watch.path: emitter.timeout for emitter in server.observer.emitters}
    assert {config.docs_dir, str(root / "data"), str(root / "extra")} <= looks.keys()
    assert set(looks.values()) == {PREVIEW_LOOKS_EVERY}
    assert PREVIEW_LOOKS_EVERY < 0.5
    server.observer.start()  # running: left as it is
    try:
        look_for_changes_every(server, 1.0)
        assert server.observer.timeout == PREVIEW_LOOKS_EVERY
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()
