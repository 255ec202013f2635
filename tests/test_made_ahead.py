"""What a build makes in its second process while the publication is checked: the map
code and the compiled templates, which the build's own process then does not make."""

from __future__ import annotations

from collections import Counter
from typing import Any

import jinja2
import pytest
from mkdocs.config import load_config

from conflict_monitor.build import make_ahead
from conflict_monitor.maps.files import map_builders
from conflict_monitor.maps.tiles import OPENSTREETMAP
from conflict_monitor.pages.render import COMPILED_TEMPLATES, PageRenderer
from conftest import REPO


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
