"""The incidents as data readers can take away: GeoJSON (RFC 7946) and CSV with ACLED's
column names, for the whole publication and for each country."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from operator import attrgetter
from typing import Any, NamedTuple

import pycountry

from .. import urls
from ..graph import Graph
from ..json_text import compact_json
from ..model import ACLED_INTER, Incident
from ..prose.html import plain_text

# ACLED's names wherever ACLED has the field, then ours. Lists are joined with "; "
# as ACLED joins them.
CSV_COLUMNS = (
    "id",
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "iso",
    "iso3",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "tags",
    "date_end",
    "fatalities_high",
    "source_url",
    "url",
)
_INTER_CODES = {name: code for code, name in ACLED_INTER.items()}


@dataclass(frozen=True)
class DownloadFile:
    """One file to download: where it is, its format and its size (its text is made
    when it is written: see ``Downloads.files``)."""

    path: str  # in the site: ``downloads/incidents.csv``
    format: str  # for readers: CSV, GeoJSON
    media_type: str
    size: int  # bytes, as served (UTF-8)


class Row(NamedTuple):
    """One incident in the downloads: its CSV line and GeoJSON feature, and their sizes
    in UTF-8."""

    csv: str
    feature: str
    csv_size: int
    feature_size: int

    @classmethod
    def of(cls, csv_line: str, feature: str) -> Row:
        return cls(csv_line, feature, len(csv_line.encode()), len(feature.encode()))


@dataclass(frozen=True)
class Download:
    """One country's (or the whole publication's) incidents, in both formats."""

    name: str  # what it covers, for readers: "All countries", "Afghanistan"
    rows: int
    files: tuple[DownloadFile, ...]


class Rows:
    """Incidents' rows, by incident (the same object while its text is the same), for as
    long as what every row shows besides its incident stays the same."""

    def __init__(self) -> None:
        self._rows: dict[int, tuple[Incident, Row]] = {}
        self._shared: tuple[object, ...] | None = None

    def made_with(self, shared: tuple[object, ...]) -> None:
        if shared != self._shared:
            self._rows.clear()
            self._shared = shared

    def get(self, incident: Incident) -> Row | None:
        kept = self._rows.get(id(incident))
        return kept[1] if kept is not None and kept[0] is incident else None

    def add(self, incident: Incident, row: Row) -> None:
        self._rows[id(incident)] = (incident, row)

    def keep_only(self, incidents: Iterable[Incident]) -> None:
        """Forget the rows of incidents no longer in the publication."""
        current = {id(i) for i in incidents}
        self._rows = {key: kept for key, kept in self._rows.items() if key in current}


class Downloads:
    """Every download of a publication, made once, when first asked for.

    Incidents imported from ACLED stay out unless ``include_imported``: ACLED's terms
    let a publication use its data but not hand it on as raw data.
    """

    def __init__(
        self,
        graph: Graph,
        site_url: str | None,
        *,
        directory_urls: bool = True,
        include_imported: bool = False,
        rows: Rows | None = None,
    ) -> None:
        """``rows``: rows made by an earlier build in this process (the live preview's),
        to reuse where nothing they show changed; this build's are added."""
        self.graph = graph
        self.site_url = site_url or "/"  # without it, addresses from the site's root
        self.directory_urls = directory_urls
        self.include_imported = include_imported
        self._rows: dict[str, Row] = {}
        self._csv = _CsvLines()
        self._kept_for_later = rows is not None
        self._kept = rows if rows is not None else Rows()
        self._kept.made_with(self._shared())

    def paths(self) -> list[str]:
        """The site paths of every download, known before any is made (and before their
        incidents are sorted: the files are made in another process)."""
        return [path for _name, csv, geojson, _incidents in self._places for path in (csv, geojson)]

    @cached_property
    def all(self) -> list[Download]:
        """The whole publication first, then each country, A-Z."""
        return [
            self._download(name, csv_path, geojson_path, incidents)
            for name, csv_path, geojson_path, incidents in self._covered
        ]

    def files(self, only: Collection[str] | None = None) -> Iterator[tuple[str, str]]:
        """The site path and text of every download (``only``: of these), made one at a
        time: each is written before the next is made (the whole publication's are tens
        of megabytes)."""
        for _name, csv_path, geojson_path, incidents in self._covered:
            if only is not None and csv_path not in only and geojson_path not in only:
                continue
            rows = [self._row(incident) for incident in incidents]
            if only is None or csv_path in only:
                yield csv_path, _CSV_HEADER + "".join(row.csv for row in rows)
            if only is None or geojson_path in only:
                features = ",\n".join(row.feature for row in rows)
                yield geojson_path, f"{_GEOJSON_START}{features}{_GEOJSON_END}"

    def written(self) -> None:
        """Every file was written (see ``files``): the rows are no longer needed but for
        the sizes (``all``), unless they are kept for a next build (the live preview's)."""
        if not self._kept_for_later:
            self.all  # noqa: B018 - made now, from the rows
            self._rows, self._kept = {}, Rows()

    def inputs(self) -> dict[str, object]:
        """Site path of each download -> what it is made from."""
        shared = self._shared()
        return {
            path: (name, incidents, shared)
            for name, csv, geojson, incidents in self._covered
            for path in (csv, geojson)
        }

    def offered(self, incidents: Iterable[Incident]) -> list[Incident]:
        """The incidents a download may hold, oldest first."""
        return sorted(filter(self.offers, incidents), key=_DATE_AND_ID)

    def offers(self, incident: Incident) -> bool:
        """Whether a download may hold the incident (see the class)."""
        return self.include_imported or incident.acled_event_id is None

    @cached_property
    def _places(self) -> list[tuple[str, str, str, list[Incident]]]:
        """Each download: the whole publication first, then each country, A-Z; with the
        paths of its CSV and GeoJSON files and the incidents it is made from."""
        graph = self.graph
        return [
            ("All countries", urls.INCIDENTS_CSV, urls.INCIDENTS_GEOJSON, graph.incidents),
            *(
                (
                    country.name,
                    urls.country_download(country, "csv"),
                    urls.country_download(country, "geojson"),
                    graph.incidents_by_country.get(country.iso3, []),
                )
                for country in graph.countries
            ),
        ]

    @cached_property
    def _covered(self) -> list[tuple[str, str, str, list[Incident]]]:
        """The downloads (see ``_places``), each with the incidents it holds, oldest first."""
        return [
            (name, csv, geo, self.offered(incidents)) for name, csv, geo, incidents in self._places
        ]

    def keep_rows(self, *, make: bool) -> None:
        """Forget the kept rows of incidents no longer in the publication, and with
        ``make`` make every incident's row now (those an earlier build made are reused),
        in this process, where the next build finds them: before a second process
        starts. Without, rows are made as the downloads are, in this process too."""
        incidents = self.graph.incidents
        if make:
            for incident in self.offered(incidents):
                self._row(incident)
        self._kept.keep_only(incidents)

    def _row(self, incident: Incident) -> Row:
        """An incident's CSV line and GeoJSON feature, made once for every file it is in."""
        row = self._rows.get(incident.id)
        if row is None:
            row = self._kept.get(incident)
            if row is None:
                record = self._record(incident)
                row = Row.of(self._csv.line(record), _feature(incident, record))
                self._kept.add(incident, row)
            self._rows[incident.id] = row
        return row

    def _shared(self) -> tuple[object, ...]:
        """What every row shows besides its incident: names of actors and countries."""
        graph = self.graph
        countries = {iso3: c.name for iso3, c in graph.publication.countries.items()}
        return (
            graph.actor_names,
            self._inter_codes,
            countries,
            self.site_url,
            self.directory_urls,
        )

    def _download(
        self, name: str, csv_path: str, geojson_path: str, incidents: list[Incident]
    ) -> Download:
        rows = [self._row(incident) for incident in incidents]
        csv_size = len(_CSV_HEADER) + sum(row.csv_size for row in rows)
        separators = len(",\n") * max(len(rows) - 1, 0)
        geojson_size = len(_GEOJSON_START) + sum(r.feature_size for r in rows) + separators
        return Download(
            name,
            len(rows),
            (
                DownloadFile(csv_path, "CSV", "text/csv", csv_size),
                DownloadFile(
                    geojson_path,
                    "GeoJSON",
                    "application/geo+json",
                    geojson_size + len(_GEOJSON_END),
                ),
            ),
        )

    def _record(self, incident: Incident) -> dict[str, Any]:
        """An incident as one row: names for actors and the country, codes kept."""
        graph, inter = self.graph, self._inter_codes
        country = graph.publication.countries[incident.country]
        actor_names = graph.actor_names
        page_before, page_after = self._incident_url

        def names(ids: Iterable[str]) -> str:
            return "; ".join(actor_names[a] for a in ids) if ids else ""

        return {
            "id": incident.id,
            "event_id_cnty": incident.acled_event_id,
            "event_date": incident.date.isoformat(),
            "year": incident.date.year,
            "time_precision": incident.time_precision,
            "event_type": incident.event_type,
            "sub_event_type": incident.sub_event_type,
            "actor1": actor_names[incident.actor1],
            "assoc_actor_1": names(incident.assoc_actor_1),
            "inter1": inter.get(incident.actor1),
            "actor2": actor_names[incident.actor2] if incident.actor2 else None,
            "assoc_actor_2": names(incident.assoc_actor_2),
            "inter2": inter.get(incident.actor2) if incident.actor2 else None,
            "iso": _iso_numeric(incident.country),
            "iso3": incident.country,
            "country": country.name,
            "admin1": incident.admin1,
            "admin2": incident.admin2,
            "location": incident.location,
            "latitude": incident.latitude,
            "longitude": incident.longitude,
            "geo_precision": incident.geo_precision,
            "source": "; ".join(s.publisher or s.url or "" for s in incident.sources),
            "notes": plain_text(incident.summary),
            "fatalities": incident.fatalities,
            "tags": "; ".join(incident.tags),
            "date_end": incident.date_end.isoformat() if incident.date_end else None,
            "fatalities_high": incident.fatalities_high,
            "source_url": "; ".join(s.url for s in incident.sources if s.url),
            "url": f"{page_before}{incident.id}{page_after}",
        }

    @cached_property
    def _inter_codes(self) -> dict[str, int | None]:
        """Each actor's ACLED interaction code (None for an actor without one)."""
        names = {a.id: a.acled_inter_name for a in self.graph.actors}
        return {actor: _INTER_CODES.get(name) if name else None for actor, name in names.items()}

    @cached_property
    def _incident_url(self) -> tuple[str, str]:
        """The address of any incident's page: what comes before its id and after."""
        page = urls.page_url(urls.incident_page("\0"), self.directory_urls)
        before, _, after = (self.site_url + page).partition("\0")
        return before, after


class _CsvLines:
    """Rows as CSV lines, RFC 4180 (CRLF, quoted as needed), one writer for them all."""

    def __init__(self) -> None:
        self._output = io.StringIO()
        self._writer = csv.writer(self._output)

    def line(self, record: dict[str, Any]) -> str:
        self._output.seek(0)
        self._output.truncate()
        self._writer.writerow([record[column] for column in CSV_COLUMNS])
        return self._output.getvalue()


@cache
def _iso_numeric(iso3: str) -> int | None:
    """A country's ISO 3166-1 numeric code (None for a code ISO leaves to its users)."""
    record = pycountry.countries.get(alpha_3=iso3)
    return int(record.numeric) if record else None


_DATE_AND_ID = attrgetter("date", "id")
_CSV_HEADER = _CsvLines().line({column: column for column in CSV_COLUMNS})  # ASCII
_GEOJSON_START = '{"type":"FeatureCollection","features":[\n'
_GEOJSON_END = "\n]}\n"


def _feature(incident: Incident, record: dict[str, Any]) -> str:
    """RFC 7946: a point at [longitude, latitude], with the incident's own fields as
    properties (ids, lists and sources as they are written)."""
    properties = incident.model_dump(mode="json", exclude_none=True)
    properties.update(country_name=record["country"], url=record["url"])
    feature = {
        "type": "Feature",
        "id": incident.id,
        "geometry": {"type": "Point", "coordinates": [incident.longitude, incident.latitude]},
        "properties": properties,
    }
    return compact_json(feature)
