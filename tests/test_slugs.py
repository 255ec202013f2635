"""Slugs made from country names are permanent addresses (``/countries/<slug>/``):
the same name must give the same slug in every release."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from conflict_monitor.load import load_publication
from conflict_monitor.slugs import slugify
from conftest import write_publication


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Afghanistan", "afghanistan"),
        ("Côte d'Ivoire", "cote-d-ivoire"),
        ("Bosnia and Herzegovina", "bosnia-and-herzegovina"),
        ("Korea, Democratic People's Republic of", "korea-democratic-people-s-republic-of"),
        ("Korea, Republic of", "korea-republic-of"),
        ("Congo, The Democratic Republic of the", "congo-the-democratic-republic-of-the"),
        ("Virgin Islands, U.S.", "virgin-islands-u-s"),
        ("Guinea-Bissau", "guinea-bissau"),
        ("Türkiye", "turkiye"),
        ("Curaçao", "curacao"),
        ("Åland Islands", "aland-islands"),
        ("São Tomé and Príncipe", "sao-tome-and-principe"),
        ("Saint Barthélemy", "saint-barthelemy"),
        # Decomposed accents (as some editors save them) fold the same way.
        ("Co\u0302te d'Ivoire", "cote-d-ivoire"),
        # Compatibility characters become their ASCII letters and digits.
        ("\ufb01nance", "finance"),
        ("Region \u2163", "region-iv"),
    ],
)
def test_country_names(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("--Hello__World--", "hello-world"),
        ("  Hello  ", "hello"),
        ("A  --  B", "a-b"),
        ("a/b.c:d", "a-b-c-d"),
        ("North & South (2021)", "north-south-2021"),
        ("!!!", ""),
        ("", ""),
    ],
)
def test_separators_collapse_and_never_lead_or_trail(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize("name", ["Тоҷикистон", "افغانستان", "日本", "ישראל"])
def test_non_latin_scripts_give_no_slug(name: str) -> None:
    assert slugify(name) == ""


def test_every_iso_country_name_gives_its_own_slug() -> None:
    slugs = {record.alpha_3: slugify(record.name) for record in pycountry.countries}
    assert "" not in slugs.values()
    assert len(set(slugs.values())) == len(slugs)


def test_a_name_in_another_script_takes_the_iso_name_address(tmp_path: Path) -> None:
    countries = "- iso3: TJK\n  name: Тоҷикистон\n  region: Central Asia\n  summary: North.\n"
    root = write_publication(tmp_path, countries=countries, articles={}, incidents={})
    publication, _ = load_publication(root)
    assert publication.countries["TJK"].name == "Тоҷикистон"
    assert publication.countries["TJK"].slug == "tajikistan"
