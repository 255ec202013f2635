"""The types every stage shares: the writer's items, the loaded publication, problems.

``items`` holds the writer's vocabulary (countries, actors, incidents, sources and
article front matter, checked by pydantic); ``publication`` the publication as it
was loaded, with where each item was written; ``problems`` what the checks report.
"""

from .items import (
    ACLED_INTER,
    ACTOR_KIND_MEANINGS,
    ACTOR_KINDS,
    EVENT_TYPES,
    GEO_PRECISION,
    TIME_PRECISION,
    Actor,
    ArticleMeta,
    Author,
    Correction,
    Country,
    Incident,
    Source,
)
from .problems import ContentError, Problem, Severity
from .publication import (
    DEFAULT_LAYOUT,
    Article,
    CountryEntry,
    Document,
    Flawed,
    Layout,
    Origin,
    Path_,
    Position,
    Publication,
    Reference,
    SiteSettings,
)

__all__ = [
    "ACLED_INTER",
    "ACTOR_KINDS",
    "ACTOR_KIND_MEANINGS",
    "DEFAULT_LAYOUT",
    "EVENT_TYPES",
    "GEO_PRECISION",
    "TIME_PRECISION",
    "Actor",
    "Article",
    "ArticleMeta",
    "Author",
    "ContentError",
    "Correction",
    "Country",
    "CountryEntry",
    "Document",
    "Flawed",
    "Incident",
    "Layout",
    "Origin",
    "Path_",
    "Position",
    "Problem",
    "Publication",
    "Reference",
    "Severity",
    "SiteSettings",
    "Source",
]
