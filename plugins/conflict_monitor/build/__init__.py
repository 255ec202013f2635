"""One build of a publication, independent of any site generator.

``site`` loads, checks and links the publication and renders generated pages by
path; ``ahead`` makes what needs no publication meanwhile (the map code, the
compiled templates); ``generated_files`` writes the pages made from page shells
(``shells``), the map data, the downloads and the feeds; ``sitemap`` lists them for
search engines; ``preview`` makes again what an edit changed. A site generator
adapter (MkDocs, ProperDocs) drives these; nothing here knows which one it is.
"""

from .ahead import MadeAhead, incident_places, make_ahead
from .generated_files import HandedPage, MapFiles, Written, write_generated_files
from .preview import (
    PREVIEW_SCRIPT,
    PreviewSession,
    write_problems,
)
from .shells import BODY_MARKER, SHELL_SOURCE
from .site import ArticleParts, Site, check_publication, prepare_site

__all__ = [
    "BODY_MARKER",
    "PREVIEW_SCRIPT",
    "SHELL_SOURCE",
    "ArticleParts",
    "HandedPage",
    "MadeAhead",
    "MapFiles",
    "PreviewSession",
    "Site",
    "Written",
    "check_publication",
    "incident_places",
    "make_ahead",
    "prepare_site",
    "write_generated_files",
    "write_problems",
]
