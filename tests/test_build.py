"""Real builds of small publications in tmp_path: pages, links, drafts, errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import ACTORS, ARTICLE, COUNTRIES, INCIDENTS, build_site


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
    assert 'href="../islamic-state/"' in built.page("actors/iskp/")
    assert 'href="../iskp/"' in built.page("actors/islamic-state/")
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


def test_a_writer_page_at_a_generated_address_is_refused(
    publication: Callable[..., Path], caplog
) -> None:
    root = publication()
    (root / "content" / "actors").mkdir()
    (root / "content" / "actors" / "taliban.md").write_text("# Mine\n")
    with pytest.raises(Abort):
        build_site(root, caplog)


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


def test_a_writer_page_at_an_incident_address_is_refused(
    publication: Callable[..., Path], caplog
) -> None:
    root = publication()
    (root / "content" / "incidents").mkdir()
    (root / "content" / "incidents" / "2021-06-22-sher-khan-bandar.md").write_text("# Mine\n")
    with pytest.raises(Abort):
        build_site(root, caplog)


@pytest.mark.parametrize(
    ("url", "page_id", "pattern"),
    [
        ("../../../incidents/s/", "s", "../../../incidents/{id}/"),
        ("../../incidents/html.html", "html", "../../incidents/{id}.html"),
        ("../../../incidents/incidents/", "incidents", "../../../incidents/{id}/"),
    ],
)
def test_incident_links_of_article_maps(url: str, page_id: str, pattern: str) -> None:
    from conflict_monitor.render import _url_pattern

    assert _url_pattern(url, page_id) == pattern
