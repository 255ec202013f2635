"""The sitemap lists the pages written from shells, and not the shells themselves."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from collections.abc import Collection
from functools import lru_cache
from html import escape
from pathlib import Path

from .. import urls

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


@lru_cache(maxsize=1)  # the live preview's rebuilds: the same pages, build after build
def sitemap_entries(site_url: str, directory_urls: bool, src_uris: frozenset[str]) -> str:
    """The sitemap's entries of the pages at ``src_uris`` (docs-folder paths), sorted."""
    addresses = sorted(site_url + urls.page_url(p, directory_urls) for p in src_uris)
    # &, < and > escaped, as XML text needs (not by xml.sax's escape, whose import brings
    # urllib's and ssl's: a fiftieth of a second at the start of every build).
    return "".join(
        f"  <url>\n    <loc>{escape(a, quote=False)}</loc>\n  </url>\n" for a in addresses
    )


def add_to_sitemap(sitemap: Path, added: str, shells: Collection[str]) -> None:
    """Add the entries ``added`` (see ``sitemap_entries``) to the site generator's sitemap
    and drop the page ``shells`` (full URLs) from it; rewrite its gzipped copy too, if
    it has one."""
    if not sitemap.is_file():
        return
    ET.register_namespace("", NAMESPACE)
    tree = ET.parse(sitemap)
    root = tree.getroot()
    for entry in root.findall(f"{{{NAMESPACE}}}url"):
        if entry.findtext(f"{{{NAMESPACE}}}loc") in shells:
            root.remove(entry)
    ET.indent(tree)
    # Tens of thousands of entries added as text: a tree of them takes far longer to build
    # and write than the few that MkDocs lists.
    listed = ET.tostring(root, encoding="unicode")
    if listed.endswith("/>"):  # no page of its own: ``<urlset ... />``
        listed = listed[:-2] + ">\n</urlset>"
    start, end = listed.rsplit("</urlset>", 1)
    with sitemap.open("w", encoding="utf-8") as out:
        out.write(f"<?xml version='1.0' encoding='utf-8'?>\n{start}{added}</urlset>{end}")
    gzipped = sitemap.with_name(sitemap.name + ".gz")
    if gzipped.exists():
        # Level 6, zlib's default: a third of the time of the highest, a tenth larger.
        gzipped.write_bytes(gzip.compress(sitemap.read_bytes(), compresslevel=6, mtime=0))
