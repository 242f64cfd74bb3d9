"""Server-rendered SVG line charts of indicators: computed here, drawn by a template.

The chart is a picture (role="img") with a text alternative; the same numbers are always in a
table beside it, so nothing depends on seeing the chart or on JavaScript.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 640
HEIGHT = 280
LEFT = 64
RIGHT = 24
TOP = 20
BOTTOM = 44


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    date: dt.date
    value: Decimal


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass
class LineChart:
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM
    points: list[Point] = field(default_factory=list)
    baseline: Point | None = None
    target: Point | None = None
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The measured line, starting at the baseline."""
        line = ([self.baseline] if self.baseline else []) + self.points
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(line))

    @property
    def target_path(self) -> str:
        """The planned course from the baseline to the target, drawn dashed."""
        if not (self.baseline and self.target):
            return ""
        return f"M{self.baseline.x:.1f},{self.baseline.y:.1f} L{self.target.x:.1f},{self.target.y:.1f}"


def _nice_step(span: float) -> float:
    if span <= 0:
        return 1.0
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    # German number format: 1.234,5
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def line_chart(
    *,
    baseline: tuple[dt.date, Decimal],
    target: tuple[dt.date, Decimal],
    values: list[tuple[dt.date, Decimal]],
) -> LineChart:
    """Place the baseline, the target and the measured values on a common date and value axis."""
    chart = LineChart()
    dates = [baseline[0], target[0], *(d for d, _v in values)]
    numbers = [float(baseline[1]), float(target[1]), *(float(v) for _d, v in values)]
    first, last = min(dates), max(dates)
    days = max((last - first).days, 1)
    low, high = min(numbers), max(numbers)
    step = _nice_step(high - low if high > low else abs(high) or 1)
    axis_low = math.floor(low / step) * step
    axis_high = math.ceil(high / step) * step
    if axis_high == axis_low:
        axis_high = axis_low + step
    plot_width = chart.plot_right - chart.plot_left
    plot_height = chart.plot_bottom - chart.plot_top

    def place(date: dt.date, value: Decimal) -> Point:
        x = chart.plot_left + (date - first).days / days * plot_width
        y = chart.plot_bottom - (float(value) - axis_low) / (axis_high - axis_low) * plot_height
        return Point(round(x, 1), round(y, 1), date, value)

    chart.baseline = place(*baseline)
    chart.target = place(*target)
    chart.points = [place(d, v) for d, v in sorted(values)]
    tick = axis_low
    while tick <= axis_high + step / 1000:
        y = chart.plot_bottom - (tick - axis_low) / (axis_high - axis_low) * plot_height
        chart.y_ticks.append(Tick(round(y, 1), _number(tick)))
        tick += step
    years = range(first.year, last.year + 1)
    if len(years) > 1:
        for year in years:
            date = dt.date(year, 1, 1)
            if first <= date <= last:
                x = chart.plot_left + (date - first).days / days * plot_width
                chart.x_ticks.append(Tick(round(x, 1), str(year)))
    chart.x_ticks.insert(0, Tick(chart.plot_left, first.strftime("%m/%Y")))
    chart.x_ticks.append(Tick(chart.plot_right, last.strftime("%m/%Y")))
    # Labels that would overlap are left out (the table has every date).
    kept: list[Tick] = []
    for candidate in sorted(chart.x_ticks, key=lambda t: t.position):
        if not kept or candidate.position - kept[-1].position >= 56:
            kept.append(candidate)
    chart.x_ticks = kept
    return chart
