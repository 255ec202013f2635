"""The files the plugin adds to MkDocs' list: pages it generates, and pages and data
files it writes itself beside MkDocs (see ``build.write_generated_files``)."""

from __future__ import annotations

import os

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import urls
from ..pages.generated import UrlFor

log = get_plugin_logger("conflict-monitor")


class Generated(File):
    """A page or file the plugin generates; under ``mkdocs serve --dirty``, written again
    only if ``stale`` (MkDocs writes generated files at every build)."""

    stale = True

    def is_modified(self) -> bool:
        return self.stale


class WrittenLater(File):
    """An incident page or a map data file: a file of the site, so that links to it are
    checked like any, but one the plugin writes itself (``build.write_generated_files``).
    Tens of thousands of them, each made from the site's folder and URL style as read
    once from the config, and from a path already in the docs folder's form."""

    def __init__(self, src_uri: str, site_dir: str, directory_urls: bool) -> None:
        page = urls.page_file(src_uri, directory_urls) if src_uri.endswith(".md") else None
        super().__init__(
            src_uri,
            src_dir=None,
            dest_dir=site_dir,
            use_directory_urls=directory_urls,
            dest_uri=page,
            inclusion=InclusionLevel.NOT_IN_NAV,
        )
        self.generated_by = "conflict-monitor"

    @property
    def src_path(self) -> str:
        return os.path.normpath(self.src_uri)

    @src_path.setter
    def src_path(self, value: str) -> None:
        self.src_uri = value  # a docs-folder path already: not normalised again

    def is_documentation_page(self) -> bool:
        return False  # MkDocs must not render it

    def copy_file(self, dirty: bool = False) -> None:
        pass  # written by build.write_generated_files


def url_for_at(files: Files, src_uri: str) -> UrlFor:
    """Links from the page at ``src_uri`` to any file of the site, by its path."""
    page_file = files.src_uris[src_uri]

    def url_for(target: str) -> str:
        found = files.src_uris.get(target)
        if found is None:
            log.warning(f"{src_uri}: links to {target}, which is not in the site")
            return "#"
        return found.url_relative_to(page_file)

    return url_for
