"""The live preview (``mkdocs serve --dirty``, as ``make serve`` runs it) makes again
only what an edit changed, and what it shows is what a full build shows."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from conflict_monitor import collector
from conflict_monitor.pages.render import SHIPPED_TEMPLATES, PageRenderer
from conftest import REPO, make_publication_module

SERVE_URL = "http://127.0.0.1:8000/conflict-monitor/"
SEARCH_INDEX = "search/search_index.json"  # compared entry by entry, in any order


class Preview:
    """A publication previewed as ``mkdocs serve --dirty`` does: one plugin for every
    rebuild, the configuration read again each time, one site folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.site = root / "preview"
        # MkDocs keeps one instance of a plugin with on_startup for the whole process.
        self._config(self.site).plugins.on_startup(command="serve", dirty=True)
        self.rebuild()

    def _config(self, site: Path) -> MkDocsConfig:
        config = load_config(
            config_file=str(self.root / "mkdocs.yml"), site_dir=str(site), strict=False
        )
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> None:
        build(self._config(self.site), serve_url=SERVE_URL, dirty=True)

    def full_build(self, site: Path) -> None:
        """The same publication previewed from nothing, into an empty folder (the end
        of this preview: its plugin is the same)."""
        shutil.rmtree(site, ignore_errors=True)
        config = self._config(site)
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url=SERVE_URL, dirty=True)


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _search_entries(site: Path) -> list[str]:
    index = json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))
    return sorted(json.dumps(entry, sort_keys=True) for entry in index["docs"])


def _preview(root: Path, parallel: bool = True, copy: bool = True) -> Iterator[Preview]:
    """The sample publication (or the one at ``root``, unless ``copy``) previewed;
    ``parallel``: incident pages written in a second process, as by default."""
    if copy:
        for name in ("content", "data", "docs_templates"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    if not parallel:
        config = config.replace(
            "  - conflict-monitor:\n", "  - conflict-monitor:\n      parallel: false\n"
        )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    made = Preview(root)
    try:
        yield made
    finally:  # the next builds in this process are not previews
        made._config(made.site).plugins.on_startup(command="build", dirty=False)
        collector.cancel_collections()  # no timer's thread left for later tests


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    yield from _preview(tmp_path)


@pytest.fixture
def preview_in_one_process(tmp_path: Path) -> Iterator[Preview]:
    """Where every template is rendered in this process, to be counted."""
    yield from _preview(tmp_path, parallel=False)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates rendered, by name, in order."""
    seen: list[str] = []
    render = PageRenderer._render

    def render_and_count(self: PageRenderer, name: str, context: dict[str, object]) -> str:
        seen.append(name)
        return render(self, name, context)

    monkeypatch.setattr(PageRenderer, "_render", render_and_count)
    return seen


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(pattern, replacement, text, count=1)
    assert count == 1, pattern
    path.write_text(edited, encoding="utf-8")


ARTICLE = "content/articles/2021/taliban-northern-offensive.md"
INCIDENTS = "data/incidents/2021/2021-06.yaml"
ADDED = """
- id: 2021-06-30-imam-sahib-market-shelled
  date: 2021-06-30
  time_precision: 1
  country: AFG
  admin1: Kunduz
  location: Imam Sahib
  latitude: 37.18
  longitude: 68.91
  geo_precision: 2
  event_type: Explosions/Remote violence
  sub_event_type: Shelling/artillery/missile attack
  actor1: taliban
  fatalities: 2
  sources:
    - url: https://example.org/imam-sahib
"""
# Each case: edits made one after the other, the preview rebuilt after each.
EDITS = {
    "an article's title": [(ARTICLE, r'title: "Afghanistan:', 'title: "Edited: Afghanistan:')],
    "an article's text": [(ARTICLE, r"\n\n", "\n\nA sentence the writer added.\n\n")],
    "an incident's summary": [(INCIDENTS, r"summary: >-\n", "summary: >-\n    Edited.\n")],
    "an incident's fatalities": [(INCIDENTS, r"fatalities: \d+", "fatalities: 41")],
    "an actor's name": [("data/actors.yaml", r"name: Taliban\n", "name: Taliban movement\n")],
    "an actor's description": [
        ("data/actors.yaml", r"description: >-\n", "description: >-\n    Edited.\n")
    ],
    "an incident added, then removed": [
        (INCIDENTS, r"\Z", ADDED),
        (INCIDENTS, re.escape(ADDED), ""),
    ],
    "a mistake in an article, then its fix": [
        (ARTICLE, r"date: 2021-06-30", "date: 2021-06-31"),
        (ARTICLE, r"date: 2021-06-31", "date: 2021-06-30"),  # as it was
    ],
    "an article edited while data has a mistake": [
        ("data/actors.yaml", r"name: Taliban\n", "name: [Taliban\n"),
        (ARTICLE, r"summer campaign", "summer offensive"),  # the same lines
        ("data/actors.yaml", r"name: \[Taliban\n", "name: Taliban\n"),  # as it was
    ],
    "a template of the publication's": [
        ("docs_templates/conflict_monitor/home.html", r"\Z", "<p>Edited.</p>\n")
    ],
    "a mistake, then its fix": [
        ("data/actors.yaml", r"name: Taliban\n", "name: [Taliban\n"),
        ("data/actors.yaml", r"name: \[Taliban\n", "name: Taliban movement\n"),
    ],
}


def _assert_same_site(preview: Preview, full: Path) -> None:
    assert _files(preview.site) == _files(full)
    _match, mismatch, errors = filecmp.cmpfiles(
        preview.site, full, sorted(_files(full) - {SEARCH_INDEX}), shallow=False
    )
    assert (mismatch, errors) == ([], [])
    assert _search_entries(preview.site) == _search_entries(full)


@pytest.mark.parametrize("case", sorted(EDITS))
def test_after_edits_the_preview_equals_a_full_build(
    preview: Preview, tmp_path: Path, case: str
) -> None:
    for file, pattern, replacement in EDITS[case]:
        _edit(preview.root / file, pattern, replacement)
        preview.rebuild()
    preview.full_build(tmp_path / "full")
    _assert_same_site(preview, tmp_path / "full")


def test_a_template_the_publication_adds_then_removes_shows_at_once(
    preview: Preview, tmp_path: Path
) -> None:
    """The preview keeps its templates from rebuild to rebuild: not one that a template
    of the publication's now overrides, nor that override once it is gone."""
    shipped = (SHIPPED_TEMPLATES / "tags_index.html").read_text(encoding="utf-8")
    override = preview.root / "docs_templates" / "conflict_monitor" / "tags_index.html"
    override.write_text(shipped + "<p>The publication's own.</p>\n", encoding="utf-8")
    preview.rebuild()
    preview.full_build(tmp_path / "with")
    _assert_same_site(preview, tmp_path / "with")
    assert "publication's own" in (preview.site / "tags" / "index.html").read_text("utf-8")
    override.unlink()
    preview.rebuild()
    preview.full_build(tmp_path / "without")
    _assert_same_site(preview, tmp_path / "without")


def test_a_mistake_keeps_the_last_pages_under_the_list_of_problems(preview: Preview) -> None:
    country = preview.site / "countries" / "afghanistan" / "index.html"
    problems = preview.site / "assets" / "conflict-monitor" / "problems.html"
    before = country.read_bytes()
    assert problems.read_text(encoding="utf-8") == ""
    assert b"assets/conflict-monitor/preview.js" in before

    _edit(preview.root / "data/actors.yaml", r"name: Taliban\n", "name: [Taliban\n")
    preview.rebuild()
    assert country.read_bytes() == before  # nothing made again while it is broken
    shown = problems.read_text(encoding="utf-8")
    assert "<code>data/actors.yaml:6:" in shown
    assert "cm-problems" in shown


def test_an_edit_renders_the_pages_that_show_it_and_no_others(
    preview_in_one_process: Preview, renders: list[str]
) -> None:
    preview = preview_in_one_process
    preview.rebuild()  # nothing changed: nothing made again
    assert renders == []

    _edit(preview.root / INCIDENTS, r"fatalities: \d+", "fatalities: 41")
    preview.rebuild()
    # The incident's page and its neighbours', its country's page and year, its actors'
    # pages, the home page (recent incidents): not every page of the publication.
    assert "incident.html" in renders
    assert renders.count("incident.html") <= 3
    assert renders.count("country.html") == 1
    assert "actor.html" in renders
    assert len(renders) < 20


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages whose Markdown MkDocs converted, in order."""
    seen: list[str] = []
    render = Page.render

    def render_and_count(self: Page, config: MkDocsConfig, files: Files) -> None:
        seen.append(self.file.src_uri)
        render(self, config, files)

    monkeypatch.setattr(Page, "render", render_and_count)
    return seen


def _made_after_one_edit(
    root: Path, articles: int, incidents: int, renders: list[str], conversions: list[str]
) -> int:
    """What a rebuild makes after one incident's edit, in a publication of this size."""
    make_publication = make_publication_module()
    make_publication.make(root, articles=articles, incidents=incidents, actors=40)
    previews = _preview(root, parallel=False, copy=False)
    preview = next(previews)
    renders.clear()
    conversions.clear()
    first = sorted((root / "data" / "incidents").rglob("*.yaml"))[0]
    _edit(first, r"fatalities: \d+", "fatalities: 1234")
    preview.rebuild()
    previews.close()
    assert "incident.html" in renders
    return len(renders) + len(conversions)


def test_what_a_rebuild_makes_does_not_grow_with_the_publication(
    tmp_path: Path, renders: list[str], conversions: list[str]
) -> None:
    small = _made_after_one_edit(tmp_path / "small", 20, 400, renders, conversions)
    large = _made_after_one_edit(tmp_path / "large", 40, 800, renders, conversions)
    print(small, large)
    assert large <= small + 2
