"""Real builds of small publications in tmp_path: pages, links, drafts, errors."""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2.runtime
import pytest
from mkdocs.exceptions import Abort

from conflict_monitor import collector
from conflict_monitor.build import MapFiles, Site, prepare_site
from conflict_monitor.collector import release
from conflict_monitor.parallel import Background, Task
from conftest import (
    ACTORS,
    ARTICLE,
    COUNTRIES,
    INCIDENTS,
    REPO,
    build_site,
    child_processes,
    write_file,
    write_publication,
)

BIN = Path(sys.executable).parent


def test_generated_pages_at_the_spec_urls(publication: Callable[..., Path], caplog) -> None:
    built = build_site(publication(), caplog)
    for url_path in (
        "countries/",
        "countries/afghanistan/",
        "countries/tajikistan/",
        "actors/",
        "actors/taliban/",
        "actors/iskp/",
        "incidents/2021-06-22-sher-khan-bandar/",
        "incidents/2021-06-28-border-post/",
        "articles/",
        "articles/2021/border/",
    ):
        assert (built.site / url_path / "index.html").is_file(), url_path
    assert built.messages() == []


def test_pages_link_each_other_both_ways(publication: Callable[..., Path], caplog) -> None:
    built = build_site(publication(), caplog)
    country = built.page("countries/afghanistan/")
    assert 'href="../../incidents/2021-06-22-sher-khan-bandar/"' in country
    assert 'href="../../articles/2021/border/"' in country
    assert 'href="../../actors/taliban/"' in country
    actor = built.page("actors/taliban/")
    assert 'href="../../articles/2021/border/"' in actor
    assert 'href="../../incidents/2021-06-28-border-post/"' in actor
    # affiliation both ways
    # Written from a page shell: links go up to the site's root and down again.
    assert 'href="../../actors/islamic-state/"' in built.page("actors/iskp/")
    assert 'href="../../actors/iskp/"' in built.page("actors/islamic-state/")
    incident = built.page("incidents/2021-06-22-sher-khan-bandar/")
    assert 'href="../../articles/2021/border/"' in incident
    assert 'href="https://example.org/news/1" rel="noopener noreferrer"' in incident
    assert 'rel="next"' in incident
    assert "2\u20135" in built.page("incidents/2021-06-28-border-post/")
    article = built.page("articles/2021/border/")
    assert 'href="../../../incidents/2021-06-22-sher-khan-bandar/"' in article
    assert 'href="../../../countries/tajikistan/"' in article


def test_links_work_without_directory_urls(publication: Callable[..., Path], caplog) -> None:
    root = publication(config={"use_directory_urls": False})
    built = build_site(root, caplog)
    country = (built.site / "countries" / "afghanistan.html").read_text()
    assert 'href="../incidents/2021-06-22-sher-khan-bandar.html"' in country
    assert 'href="../actors/taliban.html"' in country
    assert built.messages() == []


def test_an_empty_publication_builds(publication: Callable[..., Path], caplog) -> None:
    root = publication(countries="[]\n", actors="[]\n", incidents={}, articles={})
    built = build_site(root, caplog)
    assert "No actors have been recorded yet." in built.page("actors/")
    assert "No countries are covered yet." in built.page("countries/")
    assert "No articles have been published yet." in built.page("articles/")


def test_a_publication_without_data_files_builds(publication: Callable[..., Path], caplog) -> None:
    root = publication(countries=None, actors=None, incidents={}, articles={})
    built = build_site(root, caplog)
    assert (built.site / "actors" / "index.html").is_file()


def test_drafts_are_not_published(publication: Callable[..., Path], caplog) -> None:
    draft = ARTICLE.replace("title: Border posts fall", "title: Unfinished\ndraft: true")
    root = publication(articles={"2021/border.md": ARTICLE, "2021/draft.md": draft})
    built = build_site(root, caplog)
    assert not (built.site / "articles" / "2021" / "draft").exists()
    assert "Unfinished" not in built.page("articles/")


def test_data_errors_fail_the_build_with_every_problem(
    publication: Callable[..., Path], caplog
) -> None:
    bad = INCIDENTS.replace("actor1: taliban\n  actor2", "actor1: talban\n  actor2").replace(
        "country: AFG\n  location: Border post", "country: XXA\n  location: Border post"
    )
    root = publication(incidents={"2021.yaml": bad})
    with pytest.raises(Abort):
        build_site(root, caplog, strict=False)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    lines = errors[0].splitlines()
    assert lines == [
        "2 error(s) in the publication's content:",
        "data/incidents/2021.yaml:12:3: actor1: 'talban' is not a known actor id "
        "(did you mean `taliban`?)",
        "data/incidents/2021.yaml:21:3: country: 'XXA' is not a country in "
        "data/countries.yaml (add the country to data/countries.yaml or correct the code)",
    ]


def test_unreferenced_actor_is_information_only(publication: Callable[..., Path], caplog) -> None:
    actors = ACTORS + "- id: nobody\n  name: Nobody\n  kind: other\n"
    built = build_site(publication(actors=actors), caplog)
    infos = built.messages(logging.INFO)
    assert any("actor 'nobody' is not named by any incident or article yet" in m for m in infos)
    assert built.messages() == []


@pytest.mark.parametrize(
    "address",
    [
        "actors/taliban.md",
        "incidents/2021-06-22-sher-khan-bandar.md",
        "countries/afghanistan/2021.md",
    ],
    ids=["actor", "incident", "year-listing"],
)
def test_a_writer_page_at_a_generated_address_is_refused(
    publication: Callable[..., Path], caplog, address: str
) -> None:
    root = publication()
    write_file(root / "content" / address, "# Mine\n")
    with pytest.raises(Abort):
        build_site(root, caplog)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [
        f"{address} in the docs folder takes the address of a generated page; rename or remove it"
    ]


def test_yml_files_are_read_and_other_files_reported(
    publication: Callable[..., Path], caplog
) -> None:
    root = publication(incidents={"2021.yml": INCIDENTS, "notes.YAML": "[]\n"})
    built = build_site(root, caplog, strict=False)
    assert (built.site / "incidents" / "2021-06-22-sher-khan-bandar" / "index.html").is_file()
    assert built.messages() == [
        "conflict-monitor: data/incidents/notes.YAML: is not read: only .yaml and .yml files "
        "hold data (rename it to end in .yaml)"
    ]


def test_a_country_named_in_another_script_gets_the_iso_address(
    publication: Callable[..., Path], caplog
) -> None:
    countries = COUNTRIES.replace("- iso3: TJK\n", "- iso3: TJK\n  name: Тоҷикистон\n")
    built = build_site(publication(countries=countries), caplog)
    assert "Тоҷикистон" in built.page("countries/tajikistan/")


def test_search_finds_who_an_actor_is_not_the_lists_of_its_page(
    publication: Callable[..., Path], caplog
) -> None:
    built = build_site(publication(), caplog)
    docs = json.loads((built.site / "search/search_index.json").read_text())["docs"]
    taliban = [d for d in docs if d["location"].startswith("actors/taliban/")]
    assert [d["location"] for d in taliban] == ["actors/taliban/"]
    assert "Талибан" in taliban[0]["text"]
    country = [d["location"] for d in docs if d["location"].startswith("countries/afghanistan/")]
    assert country == ["countries/afghanistan/"]
    # an incident's place is found on its article, not on every page that lists it
    assert not [d for d in docs if "Sher Khan Bandar" in d["text"] and "actors/" in d["location"]]


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name not in ("sitemap.xml", "sitemap.xml.gz")
    }


def test_the_second_process_writes_what_one_process_writes(tmp_path: Path) -> None:
    """Built from the command line (one thread: the incident pages are written by a
    second process) and in one process: the same files, byte for byte."""
    root = write_publication(tmp_path / "pub")
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-d", "site-forked"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "pages from page shells (in a second process)" in result.stderr
    built = build_site(root, None, plugins=_plugins(parallel=False))
    forked = _files(root / "site-forked")
    assert "incidents/2021-06-22-sher-khan-bandar/index.html" in forked
    assert "assets/maps/countries/afghanistan.json" in forked
    assert forked == _files(built.site)


def _plugins(**options: object) -> list[object]:
    """The test publication's plugins, with these options of conflict-monitor's."""
    return [
        "search",
        {"conflict-monitor": {"templates_dir": str(REPO / "docs_templates"), **options}},
    ]


@pytest.fixture
def backgrounds(monkeypatch: pytest.MonkeyPatch) -> list[Background]:
    """Every ``Background`` the builds make (the map code's, then the pages'); forking
    allowed even beside the browser driver's thread, so that the forked path is the one
    tested."""
    made: list[Background] = []

    class Recorded(Background):
        def __init__(self, task: Task, *, parallel: bool, texts: bool = True) -> None:
            super().__init__(task, parallel=parallel, texts=texts)
            made.append(self)

    monkeypatch.setattr("conflict_monitor.mkdocs_plugin.Background", Recorded)
    monkeypatch.setattr("conflict_monitor.parallel.Background", Recorded)  # the panels' start
    monkeypatch.setattr("conflict_monitor.mkdocs_plugin.can_fork", lambda: True)
    return made


@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
@pytest.mark.parametrize("parallel", [True, False], ids=["forked", "one-process"])
@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("{{ incident.wherever }}", ".* no attribute 'wherever'"),
        ("{{ incident.location + 1 }}", "TypeError: can only concatenate str .*"),
    ],
    ids=["undefined", "type-error"],
)
def test_a_broken_incident_template_fails_the_build_with_its_line(
    publication: Callable[..., Path],
    tmp_path: Path,
    caplog,
    backgrounds: list[Background],
    parallel: bool,
    line: str,
    error: str,
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "docs_templates", templates)
    incident = templates / "conflict_monitor" / "incident.html"
    incident.write_text(f"<h1>{line}</h1>\n", encoding="utf-8")
    options = _plugins(templates_dir=str(templates), parallel=parallel)
    with pytest.raises(Abort):
        build_site(publication(), caplog, plugins=options)
    assert [b.in_second_process for b in backgrounds] == ([True, True] if parallel else [False])
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert re.fullmatch(rf"incident pages: .*/incident\.html:1: {error}", errors[0])


@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
def test_the_second_process_makes_the_articles_panels_first(
    publication: Callable[..., Path],
    caplog,
    backgrounds: list[Background],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The build's own process, converting the articles, is the longer one: the second
    makes their panels and head tags before its own work, and this one makes none."""
    here, made_here = os.getpid(), []
    article_panel, head_tags = Site.article_panel, Site.head_tags

    def recorded(site: Site, src_uri: str, url_for: Callable[[str], str]) -> str:
        if os.getpid() == here:
            made_here.append(src_uri)
        return article_panel(site, src_uri, url_for)

    def recorded_head(site: Site, src_uri: str) -> str:
        if os.getpid() == here and src_uri in site.articles:
            made_here.append(f"head tags of {src_uri}")
        return head_tags(site, src_uri)

    monkeypatch.setattr(Site, "article_panel", recorded)
    monkeypatch.setattr(Site, "head_tags", recorded_head)
    # The article's page is made after the second process has made its panel.
    root = publication()
    (root / "hooks.py").write_text(
        "import time\n"
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    time.sleep(0.5 if 'articles/' in page.file.src_uri else 0)\n",
        encoding="utf-8",
    )
    built = build_site(root, caplog, hooks=[str(root / "hooks.py")])
    assert [b.in_second_process for b in backgrounds] == [True, True]
    assert made_here == []
    page = built.page("articles/2021/border/")
    assert '<aside class="cm-article-panel"' in page
    assert '<meta property="og:type" content="article">' in page


@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
@pytest.mark.parametrize("parallel", [True, False], ids=["forked", "one-process"])
def test_a_broken_article_panel_template_fails_the_build_with_its_line(
    publication: Callable[..., Path],
    tmp_path: Path,
    caplog,
    backgrounds: list[Background],
    parallel: bool,
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "docs_templates", templates)
    panel = templates / "conflict_monitor" / "article_panel.html"
    panel.write_text("<aside>{{ article.nowhere }}</aside>\n", encoding="utf-8")
    options = _plugins(templates_dir=str(templates), parallel=parallel)
    with pytest.raises(Abort):
        build_site(publication(), caplog, plugins=options)
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors[0] == "Error reading page 'articles/2021/border.md':"  # MkDocs' words
    assert re.search(r"/article_panel\.html:1: .* no attribute 'nowhere'", errors[1])
    assert len(errors) == 2


@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
def test_a_build_that_fails_stops_the_second_process(
    publication: Callable[..., Path], caplog, backgrounds: list[Background]
) -> None:
    root = publication()
    (root / "hooks.py").write_text(
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    raise RuntimeError('a later step of the build fails')\n",
        encoding="utf-8",
    )
    before = child_processes()
    with pytest.raises(RuntimeError, match="a later step"):
        build_site(root, caplog, hooks=[str(root / "hooks.py")])
    assert [b.in_second_process for b in backgrounds] == [True, True]
    assert child_processes() == before


@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
def test_a_build_that_fails_as_it_ends_stops_the_second_process(
    publication: Callable[..., Path],
    caplog,
    backgrounds: list[Background],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its own share of the map data failing to be written (a full disk), this process
    stops the other, which waits for articles to make the search entries of."""
    write = MapFiles.write

    def fails_here(maps: MapFiles, *args: Any, from_back: bool = False, **kwargs: Any) -> Any:
        if not from_back:  # this process's share, not the other's
            raise OSError(28, "No space left on device")
        return write(maps, *args, from_back=from_back, **kwargs)

    monkeypatch.setattr(MapFiles, "write", fails_here)
    before = child_processes()
    with pytest.raises(OSError, match="No space left"):
        build_site(publication(), caplog)
    assert [b.in_second_process for b in backgrounds] == [True, True]
    assert child_processes() == before


def test_a_build_sets_its_objects_aside_until_the_next_build(
    publication: Callable[..., Path], caplog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frozen out of the cycle collector's sight for a quick exit, and freed when the
    next build in the same process (mkdocs serve) starts."""
    sites: list[weakref.ref[Site]] = []

    def prepare(*args: Any, **kwargs: Any) -> Site:
        site = prepare_site(*args, **kwargs)
        sites.append(weakref.ref(site))
        return site

    monkeypatch.setattr("conflict_monitor.build.prepare_site", prepare)
    root = publication()
    build_site(root, caplog)
    assert gc.get_freeze_count() > 100_000
    build_site(root, caplog)
    build_site(root, caplog)
    assert [site() is not None for site in sites] == [False, False, True]
    release()


@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
def test_the_second_process_makes_the_map_code_while_the_publication_is_checked(
    publication: Callable[..., Path],
    caplog,
    backgrounds: list[Background],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sites: list[Site] = []

    def prepare(*args: Any, **kwargs: Any) -> Site:
        sites.append(prepare_site(*args, **kwargs))
        return sites[-1]

    monkeypatch.setattr("conflict_monitor.build.prepare_site", prepare)
    built = build_site(publication(), caplog)
    assert [b.in_second_process for b in backgrounds] == [True, True]
    assert sites[0].map_builders is not None  # made there, not here
    maps_js = built.site / "assets" / "conflict-monitor" / "maps.js"
    assert maps_js.read_text(encoding="utf-8") == sites[0].map_builders


@pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")
def test_data_errors_stop_the_second_process(
    publication: Callable[..., Path], caplog, backgrounds: list[Background]
) -> None:
    bad = INCIDENTS.replace("actor1: taliban\n  actor2", "actor1: talban\n  actor2")
    before = child_processes()
    with pytest.raises(Abort):
        build_site(publication(incidents={"2021.yaml": bad}), caplog, strict=False)
    assert [b.in_second_process for b in backgrounds] == [True]  # no pages were written
    assert child_processes() == before


def test_incident_pages_have_what_later_plugins_add_to_pages(
    publication: Callable[..., Path], caplog, backgrounds: list[Background]
) -> None:
    root = publication()
    (root / "hooks.py").write_text(
        "def on_post_page(output, page, config):\n"
        "    return output.replace('</body>', '<!-- seen by a later plugin --></body>')\n",
        encoding="utf-8",
    )
    built = build_site(root, caplog, hooks=[str(root / "hooks.py")])
    assert [b.in_second_process for b in backgrounds] == [True, True]
    assert "seen by a later plugin" in built.page("incidents/2021-06-22-sher-khan-bandar/")
    assert "seen by a later plugin" in built.page("actors/taliban/2021/")


def test_search_entries_of_a_shell_page_are_those_material_makes(sample_site: Path) -> None:
    """Actor and country pages are written beside MkDocs; their search entries are made
    there, with the sections search leaves out cut before parsing, as Material would."""
    from material.plugins.search.plugin import SearchIndex

    from conflict_monitor.mkdocs_plugin import search

    index = SearchIndex()
    for path in ("countries/afghanistan/index.html", "actors/taliban/index.html"):
        html = (sample_site / path).read_text(encoding="utf-8")
        body = html.split('<article class="md-content__inner md-typeset">', 1)[1]
        body = body.split("</article>", 1)[0]
        assert search._LEFT_OUT.search(body), "a section left out of search"
        made = search.search_entries(index, body, path, "Title")
        left_out, search._LEFT_OUT = search._LEFT_OUT, re.compile(r"(?!)")
        try:
            assert made == search.search_entries(index, body, path, "Title")
        finally:
            search._LEFT_OUT = left_out
        assert made and index.entries == []


def test_an_incident_row_is_made_once_for_every_page_that_links_it_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An incident is listed on its country's and actors' pages and their pages by year:
    its row is made once for the pages that link to it by the same address, and is the
    same on each of them."""
    made: list[tuple[str, str]] = []
    invoke = jinja2.runtime.Macro._invoke

    def count(macro: jinja2.runtime.Macro, arguments: list[Any], autoescape: bool) -> str:
        if macro.name == "incident_row":
            made.append((arguments[0].id, arguments[1]))
        return invoke(macro, arguments, autoescape)  # type: ignore[no-any-return]

    monkeypatch.setattr(jinja2.runtime.Macro, "_invoke", count)
    root = write_publication(tmp_path / "pub")
    built = build_site(root, None, plugins=_plugins(parallel=False))
    rows = [
        row
        for page in built.site.rglob("*.html")
        for row in re.findall(r"<tr><td><time[^\n]*</tr>", page.read_text(encoding="utf-8"))
    ]
    links = {(re.findall(r'href="([^"]*)"', row)[0], row) for row in rows}
    assert len(made) == len(set(made)) == len(links)
    assert len(rows) > 2 * len(made)  # each listed on more pages than it has depths
    assert len({link for link, _ in links}) == len(links)  # one row for each link


def test_full_collections_wait_while_a_build_makes_its_pages(
    publication: Callable[..., Path], caplog
) -> None:
    """Much of what a build makes lives to its end: a full collection would walk it all
    again, a few times a build. The collector is as it was once the build is over,
    failed or not."""
    root = publication()
    seen = root / "thresholds.txt"
    (root / "hooks.py").write_text(
        "import gc\n"
        "def on_page_content(html, page, config, files):\n"
        f"    with open({str(seen)!r}, 'a') as f:\n"
        "        f.write(f'{gc.get_threshold()[2]}\\n')\n"
        "    return html\n"
    )
    before = gc.get_threshold()
    build_site(root, caplog, hooks=[str(root / "hooks.py")])
    assert gc.get_threshold() == before
    assert {int(line) for line in seen.read_text().split()} == {1000}

    with pytest.raises(ValueError, match="made here"), collector.few_full_collections():
        assert gc.get_threshold()[2] == 1000
        raise ValueError("made here")
    assert gc.get_threshold() == before


def test_the_first_build_of_a_process_collects_nothing_as_it_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing was frozen before it: a collection then would walk every object that
    MkDocs, its theme and plugins made at start, for nothing."""
    release()
    collections: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda *args: collections.append(1) or 0)
    release()
    assert collections == []
    gc.freeze()  # as a build leaves what it made
    release()
    assert collections == [1] and gc.get_freeze_count() == 0


def test_loading_the_plugin_imports_nothing_only_the_second_process_needs() -> None:
    """Every build starts by importing the plugin, before the parsing starts: not the
    map code (folium, shapely), the feeds' (feedgen, lxml) nor urllib's and ssl's."""
    code = (
        "import sys, conflict_monitor.mkdocs_plugin\n"
        "heavy = ('folium', 'branca', 'shapely', 'numpy', 'feedgen', 'lxml', 'ssl',"
        " 'urllib.request')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
