"""Fixtures that write small publications into tmp_path and build them for real."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import logging
import shutil
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conflict_monitor.model import Incident

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parent.parent

COUNTRIES = """\
- iso3: AFG
  region: Central Asia
  summary: The north of the country.
- iso3: TJK
  region: Central Asia
  summary: Across the river.
"""

ACTORS = """\
- id: taliban
  name: Taliban
  kind: armed-group
  aliases: [Талибан]
  countries: [AFG]
- id: afghan-army
  name: Afghan army
  kind: state-force
  countries: [AFG]
- id: islamic-state
  name: Islamic State
  kind: armed-group
- id: iskp
  name: Islamic State Khorasan Province
  kind: armed-group
  affiliated_with: [islamic-state]
"""

INCIDENTS = """\
- id: 2021-06-22-sher-khan-bandar
  date: 2021-06-22
  time_precision: 1
  country: AFG
  admin1: Kunduz
  location: Sher Khan Bandar
  latitude: 37.19
  longitude: 68.61
  geo_precision: 1
  event_type: Battles
  sub_event_type: Non-state actor overtakes territory
  actor1: taliban
  actor2: afghan-army
  summary: The crossing was taken.
  sources:
    - publisher: Example News
      url: https://example.org/news/1
- id: 2021-06-28-border-post
  date: 2021-06-28
  time_precision: 1
  country: AFG
  location: Border post
  latitude: 37.18
  longitude: 67.75
  geo_precision: 2
  event_type: Battles
  sub_event_type: Armed clash
  actor1: taliban
  assoc_actor_1: [iskp]
  fatalities: 2
  fatalities_high: 5
  summary: A post fell after a day of fighting.
  sources:
    - publisher: Example Agency
"""

ARTICLE = """\
---
title: Border posts fall
date: 2021-06-30
summary: The Taliban took the crossings.
countries: [AFG, TJK]
actors: [taliban, iskp]
incidents: [2021-06-22-sher-khan-bandar]
---

# Border posts fall

Text about Sher Khan Bandar.
"""


@dataclass
class Built:
    root: Path
    site: Path
    log: list[logging.LogRecord]

    def page(self, url_path: str) -> str:
        """The HTML of the page at a public URL path such as ``countries/afghanistan/``."""
        target = self.site / url_path
        if url_path.endswith("/") or url_path == "":
            target = target / "index.html"
        return target.read_text(encoding="utf-8")

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.log if r.levelno >= level]


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """`pytest -m "not browser"` runs without Playwright: the browser tests, all in
    tests/browser/, are not even imported."""
    if collection_path == BROWSER_TESTS:
        return config.option.markexpr.replace(" ", "") == "notbrowser" or None
    return None


BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/browser/ is a browser test (``-m browser``)."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium (Debian's), driven by Playwright: one for every browser test."""
    from chromium import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def write_publication(
    root: Path,
    *,
    countries: str | None = COUNTRIES,
    actors: str | None = ACTORS,
    incidents: dict[str, str] | None = None,
    articles: dict[str, str] | None = None,
    config: dict[str, object] | None = None,
) -> Path:
    """Write a small publication (the repository's templates, the given data) into root."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "data" / "incidents").mkdir(parents=True, exist_ok=True)
    (root / "content" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    if countries is not None:
        (root / "data" / "countries.yaml").write_text(countries, encoding="utf-8")
    if actors is not None:
        (root / "data" / "actors.yaml").write_text(actors, encoding="utf-8")
    for name, text in (incidents if incidents is not None else {"2021.yaml": INCIDENTS}).items():
        (root / "data" / "incidents" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "data" / "incidents" / name).write_text(text, encoding="utf-8")
    for name, text in (articles if articles is not None else {"2021/border.md": ARTICLE}).items():
        path = root / "content" / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    settings: dict[str, object] = {
        "site_name": "Test monitor",
        "docs_dir": "content",
        "theme": {"name": "material", "font": False, "features": ["navigation.instant"]},
        "plugins": [
            "search",
            {"conflict-monitor": {"templates_dir": str(REPO / "docs_templates")}},
        ],
        "validation": {
            "links": {"not_found": "warn", "anchors": "warn", "unrecognized_links": "warn"}
        },
    }
    settings.update(config or {})
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return root


def build_site(root: Path, caplog: pytest.LogCaptureFixture | None, **overrides: object) -> Built:
    """Build the publication at root with MkDocs' own build; strict unless told otherwise."""
    site = root / "site"
    if caplog is not None:
        caplog.set_level(logging.INFO)
        caplog.clear()
    config = load_config(
        config_file=str(root / "mkdocs.yml"), site_dir=str(site), **{"strict": True, **overrides}
    )
    build(config)
    return Built(root, site, list(caplog.records) if caplog is not None else [])


def make_publication_module() -> ModuleType:
    """tools/make_publication.py, which writes synthetic publications of any size."""
    spec = importlib.util.spec_from_file_location(
        "make_publication", REPO / "tools" / "make_publication.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def an_incident(**fields: object) -> Incident:
    """An incident of the model, with every field it needs (in Afghanistan, a clash
    involving the Taliban), and ``fields`` in their place."""
    return Incident.model_validate(
        {
            "id": "x",
            "date": dt.date(2021, 6, 22),
            "time_precision": 1,
            "country": "AFG",
            "location": "Place",
            "latitude": 34.5,
            "longitude": 69.2,
            "geo_precision": 1,
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "actor1": "taliban",
            "sources": [{"publisher": "Wire"}],
            **fields,
        }
    )


def write_file(path: Path, content: str | bytes) -> None:
    """Write text (UTF-8) or raw bytes, making the folders on the way."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def child_processes() -> set[str]:
    """The process ids of this process's children (Linux)."""
    found: set[str] = set()
    for task in Path("/proc/self/task").iterdir():
        with contextlib.suppress(FileNotFoundError):  # a thread that ended meanwhile
            found.update((task / "children").read_text().split())
    return found


@pytest.fixture
def publication(tmp_path: Path) -> Callable[..., Path]:
    def make(**kwargs: object) -> Path:
        return write_publication(tmp_path / "pub", **kwargs)  # type: ignore[arg-type]

    return make


# Material's instant navigation takes over only links within the site_url's path.
SAMPLE_PREFIX = "/conflict-monitor/"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own sample publication, built once, strictly, into a temporary folder."""
    root = tmp_path_factory.mktemp("sample")
    for name in ("content", "data", "docs_templates"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    config = load_config(
        config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True
    )
    build(config)
    return root / "site"
