"""The monthly trend of incidents and fatalities, as numbers and as the geometry of a chart.

The chart is drawn at build time as inline SVG by a template (``_trend.html``);
the same numbers go into a table, so the trend reads without the picture.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Incident

WIDTH = 640
HEIGHT = 160
MARGIN = 24  # room for the axis labels


@dataclass(frozen=True)
class Month:
    start: dt.date  # first day of the month
    incidents: int
    fatalities: int
    incidents_change: int | None  # against the previous month; None for the first
    fatalities_change: int | None

    @property
    def label(self) -> str:
        return f"{self.start:%B %Y}"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    month: Month


@dataclass(frozen=True)
class TrendChart:
    months: list[Month]
    bars: list[Bar]  # incidents per month
    line: str  # SVG points of fatalities per month
    max_incidents: int
    max_fatalities: int
    width: int = WIDTH
    height: int = HEIGHT
    margin: int = MARGIN


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def monthly(incidents: Iterable[Incident]) -> list[Month]:
    """Every month from the first incident to the last, empty months included."""
    counts: Counter[dt.date] = Counter()
    deaths: Counter[dt.date] = Counter()
    for incident in incidents:
        month = _first_of_month(incident.date)
        counts[month] += 1
        deaths[month] += incident.fatalities
    if not counts:
        return []
    months = []
    current, last = min(counts), max(counts)
    previous: tuple[int, int] | None = None
    while current <= last:
        n, f = counts[current], deaths[current]
        months.append(
            Month(
                current,
                n,
                f,
                None if previous is None else n - previous[0],
                None if previous is None else f - previous[1],
            )
        )
        previous = (n, f)
        current = _next_month(current)
    return months


def chart(months: list[Month]) -> TrendChart | None:
    """Bars for incidents and a line for fatalities, scaled into the chart's box."""
    if not months:
        return None
    plot_width = WIDTH - 2 * MARGIN
    plot_height = HEIGHT - 2 * MARGIN
    step = plot_width / len(months)
    max_incidents = max(m.incidents for m in months) or 1
    max_fatalities = max(m.fatalities for m in months) or 1
    bars = []
    points = []
    for index, month in enumerate(months):
        height = plot_height * month.incidents / max_incidents
        x = MARGIN + index * step
        bars.append(
            Bar(
                round(x + step * 0.1, 2),
                round(HEIGHT - MARGIN - height, 2),
                round(step * 0.8, 2),
                round(height, 2),
                month,
            )
        )
        y = HEIGHT - MARGIN - plot_height * month.fatalities / max_fatalities
        points.append(f"{round(x + step / 2, 2)},{round(y, 2)}")
    return TrendChart(months, bars, " ".join(points), max_incidents, max_fatalities)
