"""The monthly trend on country pages: every month counted, changes against the month before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from conflict_monitor.model import Incident
from conflict_monitor.pages.trend import chart, monthly
from conftest import INCIDENTS, an_incident, build_site


def _incident(day: dt.date, fatalities: int) -> Incident:
    return an_incident(id=f"x-{day.isoformat()}-{fatalities}", date=day, fatalities=fatalities)


def test_months_without_incidents_are_counted_as_zero() -> None:
    months = monthly(
        [
            _incident(dt.date(2021, 1, 5), 2),
            _incident(dt.date(2021, 1, 20), 1),
            _incident(dt.date(2021, 4, 1), 7),
        ]
    )
    assert [(m.start.month, m.incidents, m.fatalities) for m in months] == [
        (1, 2, 3),
        (2, 0, 0),
        (3, 0, 0),
        (4, 1, 7),
    ]
    assert [m.incidents_change for m in months] == [None, -2, 0, 1]
    assert [m.fatalities_change for m in months] == [None, -3, 0, 7]


def test_a_year_boundary_is_crossed() -> None:
    months = monthly([_incident(dt.date(2020, 12, 31), 0), _incident(dt.date(2021, 2, 1), 0)])
    assert [m.label for m in months] == ["December 2020", "January 2021", "February 2021"]


def test_the_chart_scales_the_busiest_month_to_full_height() -> None:
    months = monthly([_incident(dt.date(2021, 1, 5), 4), _incident(dt.date(2021, 2, 5), 0)])
    drawn = chart(months)
    assert drawn is not None
    tallest = max(bar.height for bar in drawn.bars)
    assert tallest == drawn.height - 2 * drawn.margin
    assert chart([]) is None


def test_the_country_page_shows_the_trend_as_svg_and_table(
    publication: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    incidents = INCIDENTS.replace("date: 2021-06-28", "date: 2021-08-28").replace(
        "id: 2021-06-28-border-post", "id: 2021-08-28-border-post"
    )
    built = build_site(publication(incidents={"x.yaml": incidents}, articles={}), caplog)
    page = built.page("countries/afghanistan/")
    assert '<svg role="img" aria-labelledby="cm-trend-title cm-trend-desc"' in page
    assert page.count('class="cm-trend-bar"') == 3  # June, July (none), August
    assert '<time datetime="2021-07">July 2021</time></th><td>0</td><td>\u22121</td>' in page
    assert "In August 2021: 1 incident (+1 on the month before)" in page
