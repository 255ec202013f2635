"""What a build makes ahead, in a second process while the publication is checked and
linked (the build's own process is busy; the second core would idle): where the
incidents' points stand, from the data files as parsed, which the checks take; then
what needs no publication: the map code, which Folium makes, and the templates
compiled."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .. import rules
from ..load.items import DataFiles, parsed_points
from ..maps.files import map_builders
from ..maps.tiles import Tiles
from ..model import Layout
from ..pages.render import COMPILED_TEMPLATES, PageRenderer
from ..rules.borders import Places


@dataclass
class MadeAhead:
    map_builders: str  # maps.js
    compiled: dict[str, bytes]  # the theme's templates and the publication's, compiled

    def adopt(self) -> None:
        """Here, not compiled again: in this process, and in those it starts later.
        (The theme's were compiled before the site generator's plugins could add
        filters to it: a template that uses one is compiled here; one that a plugin
        replaced by a filter taking other arguments would be called wrongly.)"""
        COMPILED_TEMPLATES.adopt(self.compiled)


def make_ahead(
    tiles: Tiles | None,
    theme: jinja2.Environment,
    theme_pages: Iterable[str],
    templates_dir: Path | None,
    directory_urls: bool,
) -> MadeAhead:
    """The map code for ``tiles``, and compiled: the templates ``theme_pages`` of
    ``theme`` (the site generator's, using ``COMPILED_TEMPLATES``) and what they use,
    and the templates of the publication's generated pages."""
    COMPILED_TEMPLATES.compile(theme, theme_pages)
    renderer = PageRenderer(templates_dir, directory_urls=directory_urls)
    COMPILED_TEMPLATES.compile(renderer.env, renderer.template_names())
    return MadeAhead(map_builders(tiles), COMPILED_TEMPLATES.compiled())


def incident_places(root: Path, layout: Layout) -> Places:
    """Where the incidents' points stand against their countries' borders (see
    ``rules.place_ahead``), from the data files as parsed (those this process holds
    parsed already: a second process forked once they were)."""
    data = DataFiles.of(root / layout.data_dir, root, [])
    return rules.place_ahead(parsed_points(root, data.incidents))
