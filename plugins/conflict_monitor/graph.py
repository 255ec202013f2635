"""The links between everything: which incidents and articles belong to each country and actor.

Built once per build from a checked ``Publication``; every generated page reads
from it, so nothing is looked up or re-linked per page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import attrgetter

from .model import Actor, Article, Author, CountryEntry, Incident, Publication

_DATE_AND_ID = attrgetter("date", "id")


def _newest_first(incidents: list[Incident]) -> list[Incident]:
    return sorted(incidents, key=_DATE_AND_ID, reverse=True)


@dataclass
class Graph:
    publication: Publication
    incidents: list[Incident] = field(default_factory=list)  # newest first
    incidents_by_country: dict[str, list[Incident]] = field(default_factory=dict)
    incidents_by_actor: dict[str, list[Incident]] = field(default_factory=dict)
    articles_by_country: dict[str, list[Article]] = field(default_factory=dict)
    articles_by_actor: dict[str, list[Article]] = field(default_factory=dict)
    articles_by_incident: dict[str, list[Article]] = field(default_factory=dict)
    articles_by_author: dict[str, list[Article]] = field(default_factory=dict)  # newest first
    affiliates: dict[str, list[Actor]] = field(default_factory=dict)  # who is affiliated with X
    actors_by_country: dict[str, list[tuple[Actor, int]]] = field(default_factory=dict)
    actor_names: dict[str, str] = field(default_factory=dict)  # id -> name

    @property
    def countries(self) -> list[CountryEntry]:
        """Covered countries, A-Z by name."""
        return sorted(self.publication.countries.values(), key=lambda c: c.name.casefold())

    @property
    def actors(self) -> list[Actor]:
        """Every actor, A-Z by name."""
        return sorted(self.publication.actors.values(), key=lambda a: (a.name.casefold(), a.id))

    @property
    def articles(self) -> list[Article]:
        """Published articles, newest first."""
        return self.publication.articles

    def actor(self, actor_id: str) -> Actor:
        return self.publication.actors[actor_id]

    def country(self, iso3: str) -> CountryEntry:
        return self.publication.countries[iso3]

    def incident(self, incident_id: str) -> Incident:
        return self.publication.incidents[incident_id]

    @property
    def authors(self) -> list[Author]:
        """The publication's authors (data/authors.yaml), A-Z by name."""
        return sorted(self.publication.authors.values(), key=lambda a: (a.name.casefold(), a.id))

    @property
    def lists_authors(self) -> bool:
        """Whether the publication has data/authors.yaml: then each author has a page."""
        return self.publication.authors_file is not None

    def bylines(self, article: Article) -> list[Author | str]:
        """An article's authors: each one listed in data/authors.yaml, or, for a
        publication without that file, the names as written."""
        named = list(dict.fromkeys(article.meta.authors))  # each once, in order
        if not self.lists_authors:
            return list(named)
        return [self.publication.authors[a] for a in named]


def build_graph(publication: Publication) -> Graph:
    """Link a checked publication; every list is sorted so that output is deterministic."""
    graph = Graph(publication)
    graph.actor_names = {actor_id: a.name for actor_id, a in sorted(publication.actors.items())}
    # Sorted once: each country's and actor's incidents are taken in that order.
    graph.incidents = _newest_first(list(publication.incidents.values()))
    by_country: dict[str, list[Incident]] = defaultdict(list)
    by_actor: dict[str, list[Incident]] = defaultdict(list)
    actors_of: dict[str, list[str]] = {}  # each incident's actors, once each, in order
    for incident in graph.incidents:
        by_country[incident.country].append(incident)
        actors_of[incident.id] = actor_ids = list(dict.fromkeys(incident.actor_ids))
        for actor_id in actor_ids:
            by_actor[actor_id].append(incident)
    graph.incidents_by_country = dict(by_country)
    graph.incidents_by_actor = dict(by_actor)

    articles_by: dict[str, dict[str, list[Article]]] = {
        "country": defaultdict(list),
        "actor": defaultdict(list),
        "incident": defaultdict(list),
    }
    for article in publication.articles:  # already newest first
        for kind, by_id in articles_by.items():
            for named in article.names(kind):
                by_id[named].append(article)
    graph.articles_by_country = dict(articles_by["country"])
    graph.articles_by_actor = dict(articles_by["actor"])
    graph.articles_by_incident = dict(articles_by["incident"])
    by_author: dict[str, list[Article]] = defaultdict(list)
    for article in publication.articles:  # already newest first
        for author_id in dict.fromkeys(article.meta.authors):
            if author_id in publication.authors:
                by_author[author_id].append(article)
    graph.articles_by_author = dict(by_author)

    affiliates: dict[str, list[Actor]] = defaultdict(list)
    for actor in graph.actors:
        for parent in actor.affiliated_with:
            affiliates[parent].append(actor)
    graph.affiliates = dict(affiliates)

    for iso3, incidents in graph.incidents_by_country.items():
        counts: Counter[str] = Counter()
        for incident in incidents:
            counts.update(actors_of[incident.id])
        graph.actors_by_country[iso3] = sorted(
            ((publication.actors[a], n) for a, n in counts.items()),
            key=lambda pair: (-pair[1], pair[0].name.casefold()),
        )
    return graph
