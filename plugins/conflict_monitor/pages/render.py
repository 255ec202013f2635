"""Rendering generated pages with Jinja templates, autoescaped.

The package ships every template (``conflict_monitor/templates/``); a publication
overrides any of them by name in its own ``docs_templates/conflict_monitor/``, as
Material's ``custom_dir`` does for the theme. Templates get the page's context and
functions that give the URL of any other page, relative to the page being rendered;
the site generator supplies ``url_for``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, MutableMapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.compiler
import jinja2.meta
import jinja2.nodes
import pycountry
from markupsafe import Markup, escape

from .. import urls
from ..graph import Graph
from ..maps.data import map_data
from ..maps.files import RECENT
from ..model import Actor, Article, Author, CountryEntry, Incident, Problem
from ..prose.html import markdown_to_html
from .article import header_context
from .generated import GeneratedPage, PageAbout, UrlFor

TEMPLATE_FOLDER = "conflict_monitor"  # a publication's overrides, in its templates folder
SHIPPED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled by earlier builds in this process, by name; Jinja compiles one
    again when its source changed. The live preview's rebuilds compile nothing new."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()

    def compiled(self) -> dict[str, bytes]:
        """Every template compiled so far, to hand to another process (see ``adopt``)."""
        return dict(self._compiled)

    def adopt(self, compiled: dict[str, bytes]) -> None:
        """Templates another process compiled: not compiled again here."""
        self._compiled.update(compiled)

    def compile(self, env: jinja2.Environment, names: Iterable[str]) -> None:
        """Compile the templates ``names`` of ``env`` (whose cache this must be), and the
        templates they extend, include or import by a name written out."""
        waiting, seen = list(names), set()
        while waiting:
            name = waiting.pop()
            if name in seen:
                continue
            seen.add(name)
            try:
                source = env.loader.get_source(env, name)[0] if env.loader else ""
                env.get_template(name)
            except jinja2.TemplateError:
                continue  # reported when a page needs it
            waiting += filter(None, jinja2.meta.find_referenced_templates(env.parse(source)))


COMPILED_TEMPLATES = CompiledTemplates()


class TemplateProblem(Exception):
    """A template a page needs is missing or fails: named with its file and line."""


def template_folders(templates_dir: Path | None) -> list[Path]:
    """Where templates are looked for, first found first: the publication's overrides,
    then the shipped templates."""
    override = templates_dir / TEMPLATE_FOLDER if templates_dir is not None else None
    return [*([override] if override and override.is_dir() else []), SHIPPED_TEMPLATES]


# Values whose text has no character to escape: counts, coordinates, dates.
_NOTHING_TO_ESCAPE = frozenset({int, float, bool, dt.date, dt.datetime})


def escape_output(value: object) -> str:
    """What a template outputs, escaped as Jinja escapes it (``markupsafe.escape``) and
    as text: Jinja joins it with the rest of the page at once. Text is most of it, tens
    of values on each of tens of thousands of pages, and escaped here without making a
    ``Markup`` of each value (half the cost of Jinja's own); numbers and dates as their
    text, which has nothing to escape; text already marked safe, and anything else, as
    Jinja would."""
    if type(value) is str:
        return (
            value.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("'", "&#39;")
            .replace('"', "&#34;")
        )
    if type(value) is Markup:
        return value
    if type(value) in _NOTHING_TO_ESCAPE:
        return str(value)
    return escape(value)


class _OutputEscapedHere(jinja2.compiler.CodeGenerator):
    """Jinja's code generator, but for what a template outputs: escaped by
    ``escape_output`` (the environment's), where Jinja would call ``markupsafe.escape``.
    Left to Jinja: output that is not escaped, and output inside an ``{% autoescape %}``
    block whose setting is known only as the page renders. (Should Jinja rename the
    method overridden here, its own escaping is used again: slower, the same text.)"""

    def _output_child_pre(
        self, node: jinja2.nodes.Expr, frame: jinja2.compiler.Frame, finalize: Any
    ) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_output(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class _Environment(jinja2.Environment):
    """Jinja's, with each template's globals in one dict rather than chained to the
    environment's (a ``ChainMap``): they are copied into every page's context, which a
    dict does in C, a few microseconds a page. (The renderer sets its globals before it
    loads a template.) And what templates output is escaped by ``escape_output``."""

    code_generator_class = _OutputEscapedHere
    escape_output = staticmethod(escape_output)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


class PageRenderer:
    """Renders generated pages and article panels; each template is compiled once per
    process (see ``CompiledTemplates``)."""

    def __init__(self, templates_dir: Path | None, *, directory_urls: bool = True) -> None:
        """``templates_dir``: the publication's folder of overrides (with its
        ``conflict_monitor/`` subfolder), if it has one."""
        self.folders = template_folders(templates_dir)
        self.directory_urls = directory_urls
        self.env = _Environment(
            loader=jinja2.FileSystemLoader(self.folders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            # A renderer serves one build, or rebuilds of the same templates (see
            # build/preview.py): no file's date checked at every page's lookup.
            auto_reload=False,
            bytecode_cache=COMPILED_TEMPLATES,
        )
        self.env.filters["markdown"] = markdown_to_html
        self.env.filters["long_date"] = long_date
        self.env.filters["language_name"] = language_name
        self.env.filters["file_size"] = file_size
        self.env.globals["incident_rows"] = self._incident_rows
        # Each incident table row made, by the row's template, incident and link.
        self._rows: dict[tuple[str, str, str], str] = {}

    def forget_rows(self) -> None:
        """A new build: the incidents, and the rows made of them, may have changed."""
        self._rows.clear()

    @jinja2.pass_context
    def _incident_rows(
        self,
        context: jinja2.runtime.Context,
        incidents: Iterable[Incident],
        row: jinja2.runtime.Macro,
    ) -> Markup:
        """The rows of an incident table, each made by ``row`` (a macro of the incident
        and the link to its page) once for every page that links to it alike: tens of
        thousands of incidents are each listed on their country's and actors' pages.

        Each link is the first one's with the incident's id in place of the first's, as
        the page's link functions would give it: from a page outside the incidents'
        folder, one incident's address differs from another's by its id alone."""
        incident_url = context["incident_url"]
        page = context.get("page")
        alike = not (isinstance(page, PageAbout) and page.src_uri.startswith("incidents/"))
        around: tuple[str, str] | None = None  # what comes before an id in a link, and after
        rows = self._rows
        made = []
        for incident in incidents:
            if around is not None:
                href = around[0] + incident.id + around[1]
            else:
                href = incident_url(incident.id)
                if alike and href.count(incident.id) == 1:
                    before, _, after = href.partition(incident.id)
                    around = (before, after)
            key = (row.name, incident.id, href)
            html = rows.get(key)
            if html is None:
                html = rows[key] = row(incident, href)
            made.append(html)
        return Markup("".join(made))

    def template_names(self) -> list[str]:
        """Every template a page may be rendered with: the publication's and the package's."""
        return sorted(n for n in self.env.list_templates() if n.endswith(".html"))

    def find_file(self, name: str) -> Path:
        """A file beside the templates (the stylesheet): the publication's, else shipped."""
        return next(f / name for f in self.folders if (f / name).is_file())

    def template(self, name: str) -> jinja2.Template:
        try:
            return self.env.get_template(name)
        except jinja2.TemplateNotFound as missing:
            searched = ", ".join(str(folder) for folder in self.folders)
            raise TemplateProblem(f"template {missing.name} is missing from {searched}") from None

    def _render(self, name: str, context: dict[str, Any]) -> str:
        template = self.template(name)
        try:
            return template.render(context)
        except jinja2.TemplateError as error:
            line = getattr(error, "lineno", None)
            where = f"{template.filename}:{line}" if line else self._failed_at(error, template)
            raise TemplateProblem(f"{where}: {error}") from None
        except Exception as error:  # a filter or an operation failed on a line of it
            where = self._failed_at(error, template)
            raise TemplateProblem(f"{where}: {type(error).__name__}: {error}") from None

    def _failed_at(self, error: Exception, template: jinja2.Template) -> str:
        """``file:line`` of the innermost template line that failed, from the traceback
        (where Jinja puts template lines), or the template's file."""
        folders = tuple(str(folder) for folder in self.folders)
        where = str(template.filename)
        trace = error.__traceback__
        while trace is not None:
            filename = trace.tb_frame.f_code.co_filename
            if filename.startswith(folders):
                where = f"{filename}:{trace.tb_lineno}"
            trace = trace.tb_next
        return where

    def render(self, page: GeneratedPage, url_for: UrlFor) -> str:
        shown = {**page.shown(), "page": page.about(), **_links(url_for)}
        if page.links is not None:
            shown.update(page.links(url_for))
        return self._render(page.template, shown)

    def render_problems(self, problems: list[Problem]) -> str:
        """The page shown instead of every page while the publication has errors."""
        return self._render("problems.html", {"problems": problems})

    def render_embed(self, target: str, graph: Graph, url_for: UrlFor) -> str:
        return self._render("map_embed.html", {**embed_context(target, graph), **_links(url_for)})

    def render_article_header(
        self, article: Article, graph: Graph, url_for: UrlFor, words: int
    ) -> str:
        """What readers see under an article's title; ``words``: the length of its text."""
        context = header_context(article, graph, words)
        return self._render("article_header.html", {**context, **_links(url_for)})

    def render_article_panel(self, article: Article, graph: Graph, url_for: UrlFor) -> str:
        meta = article.meta
        incidents = [graph.incident(i) for i in meta.incidents]
        map_incidents = None
        if incidents:
            # The article's few incidents travel with the page; links relative to it.
            page_url = urls.page_url(article.src_uri, self.directory_urls)
            incident_url = urls.incident_url_pattern(page_url, self.directory_urls)
            map_incidents = map_data(incidents, graph.actor_names).payload(incident_url)
        return self._render(
            "article_panel.html",
            {
                "article": article,
                "countries": [graph.country(c) for c in meta.countries],
                "actors": [graph.actor(a) for a in meta.actors],
                "authors": graph.bylines(article),  # Author records, or names as written
                "incidents": incidents,
                "map_incidents": map_incidents,
                **_links(url_for),
            },
        )


def embed_context(target: str, graph: Graph) -> dict[str, Any]:
    """What an embedded map (``[[map:...]]``) shows; see references.py."""
    kind, _, item = target.partition(":")
    if kind == "country" and item in graph.publication.countries:
        country = graph.country(item)
        return {
            "kind": "country",
            "title": f"Map of the incidents in {country.name}",
            "src": urls.country_map_data(country),
            "page": urls.country_page(country),
            "name": country.name,
            "incidents": [],
            "empty": country.iso3 not in graph.incidents_by_country,
        }
    if kind == "actor" and item in graph.publication.actors:
        actor = graph.actor(item)
        return {
            "kind": "actor",
            "title": f"Map of the incidents involving {actor.name}",
            "src": urls.actor_map_data(actor.id),
            "page": urls.actor_page(actor.id),
            "name": actor.name,
            "incidents": [],
            "empty": actor.id not in graph.incidents_by_actor,
        }
    if target != "recent":
        return {"kind": "unknown", "title": target, "incidents": [], "empty": True}
    return {
        "kind": "recent",
        "title": "Map of the latest incidents",
        "src": urls.RECENT_MAP_DATA,
        "page": None,
        "name": None,
        "incidents": graph.incidents[:RECENT],
        "empty": not graph.incidents,
    }


def _links(url_for: UrlFor) -> dict[str, Callable[..., str]]:
    def country_url(country: CountryEntry) -> str:
        return url_for(urls.country_page(country))

    def actor_url(actor: Actor | str) -> str:
        return url_for(urls.actor_page(actor if isinstance(actor, str) else actor.id))

    def incident_url(incident: Incident | str) -> str:
        return url_for(urls.incident_page(incident if isinstance(incident, str) else incident.id))

    def article_url(article: Article) -> str:
        return url_for(article.src_uri)

    def author_url(author: Author | str) -> str:
        return url_for(urls.author_page(author if isinstance(author, str) else author.id))

    return {
        "url_for": url_for,
        "country_url": country_url,
        "actor_url": actor_url,
        "incident_url": incident_url,
        "article_url": article_url,
        "author_url": author_url,
        "author_index_url": lambda: url_for(urls.AUTHOR_INDEX),
        "actor_index_url": lambda: url_for(urls.ACTOR_INDEX),
        "country_index_url": lambda: url_for(urls.COUNTRY_INDEX),
    }


def file_size(size: int) -> str:
    """``850 bytes``, ``12 kB``, ``3.4 MB``."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"


@cache
def language_name(code: str) -> str:
    """``Russian`` for ``ru``, ``Dari`` for ``prs`` (ISO 639 codes, with or without a
    region: ``en-GB``); the code itself if it names no language."""
    base = code.split("-")[0].lower()
    key = "alpha_2" if len(base) == 2 else "alpha_3"
    found = pycountry.languages.get(**{key: base})
    return str(found.name) if found is not None else code


@lru_cache(maxsize=8192)  # a day for every incident on its page, most days many times
def long_date(value: dt.date) -> str:
    """``22 June 2021``."""
    return f"{value.day} {value:%B %Y}"
