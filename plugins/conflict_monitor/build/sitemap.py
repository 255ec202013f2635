"""The sitemap lists the pages written from shells, and not the shells themselves."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterable
from pathlib import Path

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def add_to_sitemap(sitemap: Path, addresses: Iterable[str], shells: Collection[str]) -> None:
    """Add ``addresses`` (full URLs) to the site generator's sitemap and drop the page
    ``shells`` (full URLs) from it; rewrite its gzipped copy too, if it has one."""
    if not sitemap.is_file():
        return
    ET.register_namespace("", NAMESPACE)
    tree = ET.parse(sitemap)
    root = tree.getroot()
    for entry in root.findall(f"{{{NAMESPACE}}}url"):
        if entry.findtext(f"{{{NAMESPACE}}}loc") in shells:
            root.remove(entry)
    for address in sorted(addresses):
        entry = ET.SubElement(root, f"{{{NAMESPACE}}}url")
        ET.SubElement(entry, f"{{{NAMESPACE}}}loc").text = address
    ET.indent(tree)
    tree.write(sitemap, encoding="utf-8", xml_declaration=True)
    gzipped = sitemap.with_name(sitemap.name + ".gz")
    if gzipped.exists():
        gzipped.write_bytes(gzip.compress(sitemap.read_bytes(), mtime=0))
