"""Server-side SVG charts: geometry computed here, drawn by demography/includes/chart.html.

Every chart carries its own text alternative (title, description) and the table of its numbers,
which is also what its CSV download contains. Colours are presentation attributes, so the
same markup works on a web page and in a WeasyPrint PDF.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from zukunftswerkstatt.core.text import single_full_stop

from .indicators import INDICATORS

PALETTE = ["#0b5675", "#b35c00", "#1e6b34", "#6a3d9a", "#8a1c4a", "#4a5560"]
"""At least 3:1 against white (WCAG 1.4.11); the last one is used for the association."""
MALE_COLOUR = "#0b5675"
FEMALE_COLOUR = "#b35c00"
COMPARED_KEYS = ["share_under_20", "share_65_plus", "old_age_dependency_ratio", "average_age"]
PYRAMID_GROUPS = [(a, a + 4) for a in range(0, 90, 5)] + [(90, None)]


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    width: int
    height: int
    headers: list[str]
    rows: list[list[Any]]
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    texts: list[dict] = field(default_factory=list)
    rules: list[dict] = field(default_factory=list)
    legend: list[dict] = field(default_factory=list)
    note: str = ""

    @property
    def csv_rows(self) -> list[list[Any]]:
        return [self.headers, *self.rows]

    @property
    def labelled_rows(self) -> list[list[tuple[str, Any]]]:
        """Each row's cells with their column header (shown in each cell on narrow screens)."""
        return [list(zip(self.headers, row, strict=False)) for row in self.rows]


def _fmt(value: float | int | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    base = 10**exponent
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * base:
            return step * base
    return 10 * base


def _year_ticks(first: int, last: int) -> list[int]:
    """At most about eight evenly spaced years (1, 2, 5, 10, … apart) between first and last."""
    span = max(last - first, 1)
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50) if span / s <= 8), 100)
    start = -(-first // step) * step
    return list(range(start, last + 1, step)) or [first]


def _label_of(series) -> str:
    return str(series.name)


def population_over_time(columns: list) -> Chart:
    """Lines of the population on its reference date (31 December, or 30 June) per town (and the association)."""
    width, height = 640, 320
    left, right, top, bottom = 64, 16, 16, 40
    years = sorted({y for s in columns for y in s.structures})
    headers = [_("Year"), *[_label_of(s) for s in columns]]
    rows = [[y, *[s.total(y) for s in columns]] for y in years]
    days = {
        (structure.reference_date.month, structure.reference_date.day)
        for s in columns
        for structure in s.structures.values()
        if structure.reference_date is not None
    }
    if days == {(6, 30)}:
        text = _("Inhabitants on 30 June per year, %(first)s to %(last)s, for %(names)s.")
    elif days <= {(12, 31)}:
        text = _("Inhabitants on 31 December per year, %(first)s to %(last)s, for %(names)s.")
    else:
        text = _(
            "Inhabitants per year on the reference date of the figures (31 December or 30 June), "
            "%(first)s to %(last)s, for %(names)s."
        )
    chart = Chart(
        slug="population",
        title=_("Population over time"),
        description=single_full_stop(
            text
            % {
                "first": years[0] if years else "–",
                "last": years[-1] if years else "–",
                "names": ", ".join(_label_of(s) for s in columns),
            }
        ),
        width=width,
        height=height,
        headers=headers,
        rows=rows,
    )
    if not years:
        return chart
    maximum = _nice_max(max((s.total(y) or 0) for s in columns for y in years))
    span = max(years[-1] - years[0], 1)

    def x(year):
        if years[0] == years[-1]:
            return (left + width - right) / 2
        return left + (year - years[0]) * (width - left - right) / span

    def y(value):
        return top + (1 - value / maximum) * (height - top - bottom)

    for step in range(5):
        value = maximum * step / 4
        chart.rules.append({"x1": left, "x2": width - right, "y1": y(value), "y2": y(value)})
        chart.texts.append({"x": left - 6, "y": y(value) + 4, "text": _fmt(value), "anchor": "end"})
    for year in _year_ticks(years[0], years[-1]):
        chart.texts.append({"x": x(year), "y": height - bottom + 18, "text": str(year), "anchor": "middle"})
    for index, series in enumerate(columns):
        colour = PALETTE[-1] if series.key == "all" else PALETTE[index % (len(PALETTE) - 1)]
        points = [(x(yr), y(series.total(yr))) for yr in years if series.total(yr) is not None]
        chart.lines.append(
            {
                "points": " ".join(f"{px:.1f},{py:.1f}" for px, py in points),
                "colour": colour,
                "dash": "6 3" if series.key == "all" else "",
                "dots": [{"x": px, "y": py} for px, py in points],
            }
        )
        chart.legend.append(
            {"label": _label_of(series), "colour": colour, "dash": "6 3" if series.key == "all" else ""}
        )
    return chart


def _pyramid_groups(structure) -> list[tuple[int, int | None]]:
    if structure.is_single_years():
        return PYRAMID_GROUPS
    groups = sorted({(c.age_from, c.age_to) for c in structure.cells}, key=lambda g: g[0])
    return groups


def _group_label(age_from: int, age_to: int | None) -> str:
    if age_to is None:
        return _("%(age)s and over") % {"age": age_from}
    if age_to == age_from:
        return str(age_from)
    return f"{age_from}–{age_to}"


def pyramid(series, *, slug: str = "pyramid", title: str = "") -> Chart:
    """Men to the left, women to the right, by age group, on the latest reference date with ages and sexes."""
    structure = series.latest_by_age_and_sex
    groups = _pyramid_groups(structure)

    def count(sex, low, high):
        return sum(
            c.count
            for c in structure.cells
            if c.sex == sex and c.age_from >= low and (high is None or (c.age_to is not None and c.age_to <= high))
        )

    headers = [_("Age"), _("Men"), _("Women")]
    rows = [[_group_label(a, b), count("m", a, b), count("f", a, b)] for a, b in groups]
    width, row_height = 640, 16
    top, bottom, middle_gap = 8, 36, 76
    height = top + bottom + row_height * len(groups)
    centre = width / 2
    half = centre - middle_gap / 2 - 16
    maximum = _nice_max(max([max(r[1], r[2]) for r in rows] + [1]))
    date = structure.reference_date
    chart = Chart(
        slug=slug,
        title=title or _("Age structure (population pyramid), %(place)s") % {"place": _label_of(series)},
        description=_("Men (left) and women (right) by age group on %(date)s; %(total)s inhabitants in all.")
        % {
            "date": date_format(date or dt.date(structure.year, 12, 31), "SHORT_DATE_FORMAT"),
            "total": _fmt(structure.total),
        },
        width=width,
        height=height,
        headers=headers,
        rows=rows,
        note=" ".join(
            text
            for text in (
                "" if structure.is_single_years() else _("The age groups of the official table have different widths."),
                _("The age structure is illustrative, not official.") if structure.is_illustrative else "",
            )
            if text
        ),
    )
    for index, (label, men, women) in enumerate(rows):
        y = top + (len(rows) - 1 - index) * row_height
        men_width = men / maximum * half
        women_width = women / maximum * half
        chart.rects.append(
            {
                "x": centre - middle_gap / 2 - men_width,
                "y": y + 1,
                "w": men_width,
                "h": row_height - 2,
                "colour": MALE_COLOUR,
            }
        )
        chart.rects.append(
            {"x": centre + middle_gap / 2, "y": y + 1, "w": women_width, "h": row_height - 2, "colour": FEMALE_COLOUR}
        )
        chart.texts.append({"x": centre, "y": y + row_height - 4, "text": label, "anchor": "middle", "size": 10})
    axis_y = height - bottom + 14
    for fraction in (0, 0.5, 1):
        value = maximum * fraction
        chart.texts.append(
            {"x": centre - middle_gap / 2 - fraction * half, "y": axis_y, "text": _fmt(value), "anchor": "middle"}
        )
        chart.texts.append(
            {"x": centre + middle_gap / 2 + fraction * half, "y": axis_y, "text": _fmt(value), "anchor": "middle"}
        )
    chart.legend = [
        {"label": _("Men"), "colour": MALE_COLOUR, "dash": ""},
        {"label": _("Women"), "colour": FEMALE_COLOUR, "dash": ""},
    ]
    return chart


def comparison(towns: list, key: str) -> Chart:
    """One indicator's latest value per town as horizontal bars."""
    indicator = INDICATORS[key]
    results = [(s, s.indicator(key)) for s in towns]
    headers = [_("Town"), f"{indicator.name} ({indicator.unit})", _("Year or reference date")]
    rows = [
        # The year, or the reference date where it is not 31 December (“30.06.2022”).
        [_label_of(s), round(r.value, indicator.decimals) if r else None, r.date_label if r else None]
        for s, r in results
    ]
    # Narrow and with the names above the bars, so that the text stays readable on a phone.
    width, row_height = 400, 44
    left, right, top, bottom = 4, 56, 4, 4
    height = top + bottom + row_height * max(len(rows), 1)
    maximum = _nice_max(max([r.value for _s, r in results if r] + [1]))
    chart = Chart(
        slug=f"compare-{key}",
        title=_("%(indicator)s compared") % {"indicator": indicator.name},
        description="; ".join(
            f"{name}: {_fmt(value, indicator.decimals)} {indicator.unit}" for name, value, _year in rows
        ),
        width=width,
        height=height,
        headers=headers,
        rows=rows,
        note=_("Computed from illustrative figures, not official.")
        if any(r and r.is_illustrative for _s, r in results)
        else "",
    )
    for index, (name, value, _year) in enumerate(rows):
        y = top + index * row_height
        chart.texts.append({"x": left, "y": y + 16, "text": name, "anchor": "start", "size": 15})
        if value is None:
            chart.texts.append({"x": left, "y": y + 36, "text": _("no data"), "anchor": "start", "size": 15})
            continue
        bar = value / maximum * (width - left - right)
        chart.rects.append({"x": left, "y": y + 21, "w": bar, "h": 18, "colour": PALETTE[index % 5]})
        chart.texts.append(
            {"x": left + bar + 6, "y": y + 36, "text": _fmt(value, indicator.decimals), "anchor": "start", "size": 15}
        )
    return chart


def projection(summary: dict, *, illustrative: bool = False) -> Chart:
    """Projected population per scenario (one line each)."""
    width, height = 640, 320
    left, right, top, bottom = 64, 16, 16, 40
    scenarios = [s for s in summary["scenarios"] if s["years"]]
    years = sorted({row["year"] for s in scenarios for row in s["years"]})
    headers = [_("Year"), *[str(s["scenario"].name) for s in scenarios]]
    by_year = {s["scenario"].pk: {row["year"]: row for row in s["years"]} for s in scenarios}
    rows = []
    if years:
        first = scenarios[0]["years"][0]
        rows.append([years[0] - 1, *[round(s["years"][0]["start"]) for s in scenarios]])
        del first
    for year in years:
        rows.append(
            [
                year,
                *[
                    round(by_year[s["scenario"].pk][year]["end"]) if year in by_year[s["scenario"].pk] else None
                    for s in scenarios
                ],
            ]
        )
    chart = Chart(
        slug="projection",
        title=_("Projected population by scenario"),
        description=_("Projected inhabitants on 31 December from %(first)s to %(last)s; scenarios: %(names)s.")
        % {
            "first": rows[0][0] if rows else "–",
            "last": rows[-1][0] if rows else "–",
            "names": "; ".join(
                f"{s['scenario'].name} {_fmt(s['years'][-1]['end'])} ({s['years'][-1]['year']})" for s in scenarios
            ),
        },
        width=width,
        height=height,
        headers=headers,
        rows=rows,
        note=_("Projected from an illustrative age structure, not official.") if illustrative else "",
    )
    if not rows:
        return chart
    values = [v for row in rows for v in row[1:] if v is not None]
    low, high = min(values), max(values)
    step = _nice_max(max(high - low, high * 0.04, 4) / 4)
    low, high = max(0, math.floor(low / step) * step), math.ceil(high / step) * step
    if high <= low:
        high = low + step
    span = max(rows[-1][0] - rows[0][0], 1)

    def x(year):
        return left + (year - rows[0][0]) * (width - left - right) / span

    def y(value):
        return top + (1 - (value - low) / (high - low)) * (height - top - bottom)

    for step in range(5):
        value = low + (high - low) * step / 4
        chart.rules.append({"x1": left, "x2": width - right, "y1": y(value), "y2": y(value)})
        chart.texts.append({"x": left - 6, "y": y(value) + 4, "text": _fmt(value), "anchor": "end"})
    for year in _year_ticks(rows[0][0], rows[-1][0]):
        chart.texts.append({"x": x(year), "y": height - bottom + 18, "text": str(year), "anchor": "middle"})
    dashes = ["4 3", "", "1 3", "8 3"]
    for index, scenario in enumerate(scenarios):
        colour = PALETTE[index % (len(PALETTE) - 1)]
        points = [(x(row[0]), y(row[index + 1])) for row in rows if row[index + 1] is not None]
        chart.lines.append(
            {
                "points": " ".join(f"{px:.1f},{py:.1f}" for px, py in points),
                "colour": colour,
                "dash": dashes[index % len(dashes)],
                "dots": [],
            }
        )
        chart.legend.append(
            {"label": str(scenario["scenario"].name), "colour": colour, "dash": dashes[index % len(dashes)]}
        )
    return chart


def projected_pyramid(summary: dict, place: str, *, illustrative: bool = False) -> Chart | None:
    """The age structure in the horizon year of the middle scenario (the one in the middle of the list)."""
    scenarios = [item for item in summary["scenarios"] if item.get("structure") is not None]
    if not scenarios:
        return None
    item = scenarios[len(scenarios) // 2]
    year = summary["projection"].horizon_year
    title = _("Projected age structure %(year)s, scenario “%(scenario)s”, %(place)s") % {
        "year": year,
        "scenario": item["scenario"].name,
        "place": place,
    }
    item["structure"].is_illustrative = illustrative
    structure = item["structure"]
    return pyramid(SimpleNamespace(latest_by_age_and_sex=structure, name=place), slug="pyramid-projected", title=title)
