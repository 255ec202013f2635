"""Every page of a built site, for the tests that read them all (privacy, no JavaScript)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _ConfigLoader(yaml.SafeLoader):
    """YAML as MkDocs reads it, but for its own tags (``!ENV``, ``!!python/name:``),
    read as nothing: only plain settings are looked up here."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config(site: Path) -> dict[str, Any]:
    """The mkdocs.yml of the publication whose built site is ``site``: it stands beside
    the built folder, as the ``sample_site`` fixture builds it."""
    text = (site.parent / "mkdocs.yml").read_text(encoding="utf-8")
    config: dict[str, Any] = yaml.load(text, Loader=_ConfigLoader)
    return config


def site_url(site: Path) -> str:
    """The ``site_url`` of the publication whose built site is ``site``."""
    return str(mkdocs_config(site)["site_url"]).rstrip("/") + "/"


def page_address(file: PurePosixPath) -> str:
    """The address of a built HTML file, from the site's root: ``actors/`` for
    ``actors/index.html``, ``404.html`` as it is."""
    if file.name == "index.html":
        return "" if str(file.parent) == "." else f"{file.parent}/"
    return str(file)


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, by address from its root: each page the
    sitemap lists and each HTML file in the folder (the 404 page is in no sitemap).
    Fails if the sitemap lists a page that was not written."""
    written = {
        page_address(PurePosixPath(path.relative_to(site).as_posix()))
        for path in site.rglob("*.html")
    }
    root = site_url(site)
    listed = set()
    for loc in ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc"):
        address = (loc.text or "").strip()
        assert address.startswith(root), f"the sitemap lists {address}, outside {root}"
        listed.add(address.removeprefix(root))
    assert listed <= written, f"listed in the sitemap but not written: {listed - written}"
    return sorted(written)


def page_file(site: Path, address: str) -> Path:
    """The HTML file of the page at ``address`` (as ``site_pages`` gives it)."""
    return site / address / "index.html" if address.endswith("/") or not address else site / address
