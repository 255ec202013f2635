"""What a build makes in its second process while the publication is checked: where the
incidents' points stand, the map code and the compiled templates, which the build's own
process then does not make."""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conflict_monitor.build import check_publication, make_ahead
from conflict_monitor.build import site as site_module
from conflict_monitor.maps.files import map_builders
from conflict_monitor.maps.tiles import OPENSTREETMAP
from conflict_monitor.model import Severity
from conflict_monitor.pages.render import COMPILED_TEMPLATES, PageRenderer
from conflict_monitor.rules import borders as borders_module
from conftest import REPO, build_site, write_publication
from test_disputed import ACTORS, countries, incident


def test_templates_compiled_ahead_are_not_compiled_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = load_config(config_file=str(REPO / "mkdocs.yml"))
    monkeypatch.setattr(COMPILED_TEMPLATES, "_compiled", {})  # as in a new process
    theme = config.theme.get_env()
    theme.bytecode_cache = COMPILED_TEMPLATES
    pages = ("main.html", *config.theme.static_templates)
    made = make_ahead(OPENSTREETMAP, theme, pages, REPO / "docs_templates", True)
    assert made.map_builders == map_builders(OPENSTREETMAP)

    monkeypatch.setattr(COMPILED_TEMPLATES, "_compiled", {})  # the build's own process
    made.adopt()
    compiled: Counter[str] = Counter()
    compile_template = jinja2.Environment.compile

    def compile_and_count(
        self: jinja2.Environment, source: Any, name: Any = None, *args: Any
    ) -> Any:
        compiled[name] += 1
        return compile_template(self, source, name, *args)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_and_count)
    theme = config.theme.get_env()
    theme.bytecode_cache = COMPILED_TEMPLATES
    for name in ("main.html", "base.html", "partials/header.html", "404.html"):
        theme.get_template(name)
    renderer = PageRenderer(REPO / "docs_templates")
    names = renderer.template_names()
    assert {"incident.html", "country.html", "_macros.html"} <= set(names)
    for name in names:
        renderer.template(name)
    assert compiled == Counter()


def test_a_build_places_the_points_in_its_second_process_with_the_same_verdicts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build's own process takes the places its second process worked out from the
    parsed files: it builds no shape, and every verdict is the check's own (a point in a
    territory, one far outside, one with latitude and longitude swapped)."""
    incidents = (
        incident(1, "UKR", 44.95, 34.1)  # Crimea
        + incident(2, "AFG", 38.56, 68.77)  # in Tajikistan
        + incident(3, "AFG", 68.61, 37.19)  # swapped
        + incident(4, "AFG", 34.53, 69.17)  # Kabul
    )
    root = write_publication(
        tmp_path,
        countries=countries("AFG", "UKR"),
        actors=ACTORS,
        incidents={"2024.yaml": incidents},
        articles={},
    )
    expected = [str(p) for p in check_publication(root) if p.severity is not Severity.INFO]
    assert len(expected) == 2

    build_process, build_shape = os.getpid(), borders_module._build
    load = site_module.load_publication

    def build_shape_elsewhere(polygons: borders_module.Polygons) -> borders_module.Shape:
        assert os.getpid() != build_process, "a shape built in the build's own process"
        return build_shape(polygons)

    def load_slowly(*args: Any) -> Any:  # as a large publication loads: the places come first
        loaded = load(*args)
        time.sleep(1.0)
        return loaded

    monkeypatch.setattr(borders_module, "_build", build_shape_elsewhere)
    monkeypatch.setattr(site_module, "load_publication", load_slowly)
    borders_module.shared_borders.cache_clear()  # nothing placed by an earlier check
    with pytest.raises(Abort):
        build_site(root, caplog, strict=False)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors[0].splitlines()[1:] == expected  # and none for Crimea or Kabul


def test_points_the_model_refuses_are_not_placed_ahead(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An infinite or out-of-range coordinate is the check's to report, as for any build:
    placing it ahead would fail (no traceback, every problem listed)."""
    incidents = (
        incident(1, "AFG", 34.53, 69.17).replace("34.53", ".inf")
        + incident(2, "AFG", 34.53, 69.17).replace("69.17", "-.inf")
        + incident(3, "AFG", 134.53, 69.17)
        + incident(4, "AFG", 34.53, 69.17)
    )
    root = write_publication(
        tmp_path,
        countries=countries("AFG"),
        actors=ACTORS,
        incidents={"2024.yaml": incidents},
        articles={},
    )
    expected = [str(p) for p in check_publication(root) if p.severity is not Severity.INFO]
    assert len(expected) == 3
    with pytest.raises(Abort):
        build_site(root, caplog, strict=False)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors[0].splitlines()[1:] == expected
