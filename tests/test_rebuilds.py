"""The live preview rebuilds in one process (mkdocs serve): nothing may pile up from one
rebuild to the next, and a rebuild after one edit parses the edited data file only."""

from __future__ import annotations

import gc
import importlib
import os
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from conflict_monitor import build as site_build
from conflict_monitor import collector
from conflict_monitor.load import load_publication
from conflict_monitor.mkdocs_plugin import ConflictMonitorPlugin
from conflict_monitor.model import Problem, Publication
from conftest import INCIDENTS

SERVE_URL = "http://127.0.0.1:8000/"
# The module, not the function of the same name that conflict_monitor.load exports.
yaml_files = importlib.import_module("conflict_monitor.load.yaml_files")


@pytest.fixture
def sites(monkeypatch: pytest.MonkeyPatch) -> list[weakref.ref[site_build.Site]]:
    """Every ``Site`` the builds make, held weakly: alive only while something keeps it."""
    made: list[weakref.ref[site_build.Site]] = []
    prepare = site_build.prepare_site

    def prepare_and_watch(*args: Any, **kwargs: Any) -> site_build.Site:
        site = prepare(*args, **kwargs)
        made.append(weakref.ref(site))
        return site

    monkeypatch.setattr(site_build, "prepare_site", prepare_and_watch)
    return made


def test_serve_rebuilds_of_one_config_leave_nothing_behind(
    publication: Callable[..., Path], sites: list[weakref.ref[site_build.Site]]
) -> None:
    root = publication()
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.strict = False
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        lengths = []
        for _ in range(4):  # as mkdocs serve rebuilds: the same plugins, on_config again
            build(config, serve_url=SERVE_URL, dirty=False)
            listed = config.markdown_extensions, config.extra_css, config.extra_javascript
            lengths.append(tuple(map(len, listed)))
    finally:
        config.plugins.on_startup(command="build", dirty=False)
    assert lengths == lengths[:1] * 4
    collector.release()  # as the next rebuild starts: what the last one froze, collected
    gc.collect()
    assert len(sites) == 4
    assert [ref() is not None for ref in sites] == [False, False, False, True]
    page = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert page.count("conflict-monitor.css") == 1


def test_a_preview_rebuild_frees_the_last_publication_without_a_collection(
    publication: Callable[..., Path], sites: list[weakref.ref[site_build.Site]]
) -> None:
    """What a rebuild made (its publication, links and pages) goes as soon as the next
    rebuild replaces it: no reference cycle keeps it for the cycle collector, which
    walks every object of a large publication (see collector.py). (The collection that
    starts a rebuild does not walk the publication, which is frozen once loaded: only
    the references' counts free it.)"""
    root = publication()
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.strict = False
    config.plugins.on_startup(command="serve", dirty=True)
    graphs = []
    try:
        with collector.paused():
            for edit in range(3):
                incidents = root / "data" / "incidents" / "2021.yaml"
                incidents.write_text(INCIDENTS.replace("taken.", f"taken ({edit})."))
                build(config, serve_url=SERVE_URL, dirty=True)
                site = sites[-1]()
                assert site is not None
                graphs.append(weakref.ref(site.graph))
                del site
            collector.cancel_collections()
            assert [graph() is not None for graph in graphs] == [False, False, True]
    finally:
        config.plugins.on_startup(command="build", dirty=False)
        collector.release()


@pytest.mark.parametrize("pause", [False, True], ids=["saves-in-a-row", "reads-a-moment"])
def test_a_preview_rebuild_leaves_its_pages_to_a_collection_of_what_it_made(
    publication: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, pause: bool
) -> None:
    """A rebuild's pages, those in the navigation too (made after the publication is
    loaded and frozen), and the theme's templates it loaded go in a collection that
    walks only what the rebuild made: as the next rebuild starts, or just after the
    rebuild when the writer reads a moment. None is frozen with the publication, where
    only a collection of everything would find it (0.6 s at 20,000 incidents, see
    collector.py); the templates' environment is made before the publication is loaded."""
    pages_of_builds: list[list[weakref.ref[Page]]] = []
    templates_of_builds: list[list[weakref.ref[Any]]] = []
    on_env = ConflictMonitorPlugin.on_env

    def watch_pages(self: ConflictMonitorPlugin, env: Any, *, config: Any, files: Files) -> Any:
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        assert any(page.file.src_uri == "index.md" for page in pages)  # in the navigation
        pages_of_builds.append([weakref.ref(page) for page in pages])
        templates: list[weakref.ref[Any]] = []
        templates_of_builds.append(templates)
        get_template = env.get_template

        def watch_template(*args: Any, **kwargs: Any) -> Any:
            template = get_template(*args, **kwargs)
            templates.append(weakref.ref(template))
            return template

        env.get_template = watch_template  # the page's template and those it includes
        return on_env(self, env, config=config, files=files)

    monkeypatch.setattr(ConflictMonitorPlugin, "on_env", watch_pages)  # before it loads
    root = publication()

    def config() -> MkDocsConfig:  # read again at each rebuild, as mkdocs serve does
        return load_config(
            config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=False
        )

    config().plugins.on_startup(command="serve", dirty=True)  # the same plugins each time
    try:
        for edit in range(4):
            article = root / "content" / "articles" / "2021" / "border.md"
            article.write_text(article.read_text() + f"\nEdit {edit}.\n")
            build(config(), serve_url=SERVE_URL, dirty=True)
            collector.cancel_collections()
            if pause:
                collector._collect_the_rebuild()  # what the timer runs, as the writer reads
        alive = [sum(ref() is not None for ref in pages) for pages in pages_of_builds]
        assert alive[:3] == [0, 0, 0]
        assert all(len(templates) > 10 for templates in templates_of_builds)
        alive = [sum(ref() is not None for ref in templates) for templates in templates_of_builds]
        assert alive[:3] == [0, 0, 0]
    finally:
        config().plugins.on_startup(command="build", dirty=False)
        collector.release()


def _incident(month: int) -> str:
    """One incident a month, each with its own id (INCIDENTS' first, moved in time)."""
    first = INCIDENTS.split("\n- id:")[0]
    return first.replace("2021-06-22", f"2021-{month:02d}-22")


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The data files parsed, as writers see them, in order."""
    seen: list[str] = []
    parse = yaml_files.parse_yaml

    def parse_and_count(
        text: str, shown_as: str, line_offset: int = 0, **options: Any
    ) -> yaml_files.Loaded:
        if not options.get("every_position"):  # not a message's fields located
            seen.append(shown_as)
        return parse(text, shown_as, line_offset, **options)

    monkeypatch.setattr(yaml_files, "parse_yaml", parse_and_count)
    yield seen
    yaml_files.PARSED_FILES.keep_only([])


def _fresh(root: Path) -> tuple[Publication, list[Problem]]:
    """The publication loaded with nothing kept from earlier loads."""
    yaml_files.PARSED_FILES.keep_only([])
    return load_publication(root)


def test_a_load_after_one_edit_parses_the_edited_file_only(
    publication: Callable[..., Path], parsed: list[str]
) -> None:
    months = {f"2021-{m:02d}.yaml": _incident(m) for m in range(1, 13)}
    root = publication(incidents=months)
    march = root / "data" / "incidents" / "2021-03.yaml"
    original = march.read_text(encoding="utf-8")
    load_publication(root)
    assert len(parsed) == 14  # countries, actors, twelve months

    edits = {
        "a fatality more": original.replace("time_precision: 1", "time_precision: 2"),
        "broken": original.replace("location: Sher Khan Bandar", "location: [Sher"),
        "fixed again": original,
    }
    for what, text in edits.items():
        march.write_text(text, encoding="utf-8")
        parsed.clear()
        loaded = load_publication(root)
        assert parsed == ["data/incidents/2021-03.yaml"], what
        assert loaded == _fresh(root), what
        assert loaded[1] or what != "broken"

    parsed.clear()
    load_publication(root)  # nothing changed: nothing parsed
    assert parsed == []


@pytest.mark.parametrize("preview", [True, False], ids=["preview", "build"])
def test_only_the_live_preview_keeps_the_files_for_its_next_load(
    publication: Callable[..., Path], parsed: list[str], preview: bool
) -> None:
    """A build loads once: what it parsed goes once it is checked (the memory is the
    pages'), and messages are still placed at their fields before that."""
    root = publication()
    site = site_build.prepare_site(root, preview=preview)
    document = next(iter(site.graph.publication.origins.values())).document
    assert document is not None
    assert (document.value is not None) is preview
    parsed.clear()
    load_publication(root)
    assert (parsed == []) is preview
    site_build.prepare_site(root, preview=preview)  # leaves things as they were
    broken = INCIDENTS.replace("geo_precision: 2", "geo_precision: 7")
    (root / "data" / "incidents" / "2021.yaml").write_text(broken, encoding="utf-8")
    [problem] = site_build.check_publication(root)
    line = broken.split("\n").index("  geo_precision: 7") + 1
    assert (problem.field, problem.line, problem.column) == ("geo_precision", line, 3)


def test_an_edit_that_keeps_the_size_and_the_time_is_seen(
    publication: Callable[..., Path], parsed: list[str]
) -> None:
    """Within the file system's time resolution, size and time alone would miss it."""
    root = publication()
    incidents = root / "data" / "incidents" / "2021.yaml"
    load_publication(root)
    before = incidents.stat()
    incidents.write_text(INCIDENTS.replace("fatalities: 2", "fatalities: 3"), encoding="utf-8")
    os.utime(incidents, ns=(before.st_atime_ns, before.st_mtime_ns))
    parsed.clear()
    publication_, _ = load_publication(root)
    assert parsed == ["data/incidents/2021.yaml"]
    assert publication_.incidents["2021-06-28-border-post"].fatalities == 3
