"""The tiles under every map: OpenStreetMap's, another provider's, or none."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tiles:
    """A tile provider: URL template and the attribution its terms require."""

    url: str
    attribution: str
    max_zoom: int = 19


OPENSTREETMAP = Tiles(
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)


def choose_tiles(choice: str, attribution: str) -> Tiles | None:
    """The tiles an owner asked for (the ``map_tiles`` option): ``openstreetmap``,
    ``none`` (no tile host: country outlines served by the site) or a URL template,
    which needs the attribution its provider requires. ``ValueError`` says what is
    wrong with any other choice."""
    choice = choice.strip()
    if choice == "none":
        return None
    if choice == "openstreetmap":
        return OPENSTREETMAP
    if not choice.startswith("https://") or "{z}" not in choice:
        raise ValueError(
            f"map_tiles: {choice!r} is not `openstreetmap`, `none` or an https URL "
            "template with {z}, {x} and {y}"
        )
    if not attribution.strip():
        raise ValueError(
            "map_tiles_attribution: required with a tile URL (the provider's terms "
            "ask for it; for example `&copy; Provider contributors`)"
        )
    return Tiles(choice, attribution)
