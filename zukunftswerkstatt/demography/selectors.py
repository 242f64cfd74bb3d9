"""Reading population figures, indicators and projections (a fixed number of queries each)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from zukunftswerkstatt.core.models import Municipality, Organisation

from . import charts
from .compute import (
    Cell,
    MovementYear,
    Structure,
    combine_movements,
    combine_structures,
    mean_population,
    merge_movement,
    movement_indicators,
    population_change,
)
from .indicators import INDICATORS
from .models import ImportBatch, Movement, PopulationCount, ProjectedYear, Projection, Scenario, Sex

ASSOCIATION = "all"
"""The key the dataset uses for the sum over its towns."""


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator's latest value for a town or the association, with where it comes from."""

    key: str
    value: float | int
    year: int
    reference_date: date | None
    source: str
    is_illustrative: bool = False
    compared_with: int | None = None
    """population_change only: the comparison year."""

    compared_date: date | None = None
    """population_change only: the reference date of the comparison year."""

    @property
    def indicator(self):
        return INDICATORS[self.key]

    @property
    def date_label(self) -> str:
        """The year, or the reference date where it is not 31 December (e.g. “30.06.2022”)."""
        return _period_label(self.year, self.reference_date)

    @property
    def compared_label(self) -> str:
        return _period_label(self.compared_with, self.compared_date) if self.compared_with else ""


def _period_label(year: int | None, reference_date: date | None) -> str:
    if reference_date is not None and (reference_date.month, reference_date.day) != (12, 31):
        return reference_date.strftime("%d.%m.%Y")
    return str(year)


@dataclass
class Series:
    """One town's (or the association's) figures over the years."""

    key: Any
    name: str
    structures: dict[int, Structure] = field(default_factory=dict)
    movements: dict[int, MovementYear] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(self.structures)

    @property
    def latest(self) -> Structure | None:
        return self.structures[max(self.structures)] if self.structures else None

    @property
    def is_illustrative(self) -> bool:
        return any(s.is_illustrative for s in self.structures.values()) or any(
            m.is_illustrative for m in self.movements.values()
        )

    def total(self, year: int) -> int | None:
        structure = self.structures.get(year)
        return structure.total if structure else None

    @property
    def latest_by_age_and_sex(self) -> Structure | None:
        """The latest structure by age and sex (for the pyramid); None when no file gives both."""
        years = [y for y in self.structures if self.structures[y].has_ages and self.structures[y].has_sexes]
        return self.structures[max(years)] if years else None

    def missing(self, key: str) -> str:
        """Why an indicator has no value although there are figures: what the imported files lack."""
        if INDICATORS[key].needs_ages and self.structures:
            if not any(s.has_ages for s in self.structures.values()):
                return _("needs the population by age (the imported figures have no ages)")
            return _("needs other age groups (the imported groups do not separate these ages)")
        if INDICATORS[key].needs == "movement" and self.movements:
            names = {
                "births_per_1000": (("births",), _("needs live births (the imported files have none)")),
                "deaths_per_1000": (("deaths",), _("needs deaths (the imported files have none)")),
                "natural_balance_per_1000": (
                    ("births", "deaths"),
                    _("needs live births and deaths of the same year (the imported files do not have both)"),
                ),
                "migration_balance_per_1000": (
                    ("moves_in", "moves_out"),
                    _("needs moves in and out of the same year (the imported files do not have both)"),
                ),
            }
            fields, text = names[key]
            if not any(all(getattr(m, f) is not None for f in fields) for m in self.movements.values()):
                return text
        return ""

    def indicator(self, key: str, *, since: int | None = None) -> IndicatorResult | None:
        definition = INDICATORS[key]
        if definition.needs == "movement":
            return self._movement_indicator(key)
        if key == "population_change":
            return self._change(since)
        for year in sorted(self.structures, reverse=True):
            structure = self.structures[year]
            value = structure.indicators.get(key)
            if value is not None:
                return IndicatorResult(
                    key=key,
                    value=value,
                    year=year,
                    reference_date=structure.reference_date,
                    source=_join_sources(structure.sources),
                    is_illustrative=structure.is_illustrative,
                )
        return None

    def _change(self, since: int | None) -> IndicatorResult | None:
        years = self.years
        if len(years) < 2:
            return None
        later = years[-1]
        earlier = since if since in self.structures and since != later else years[0]
        value = population_change(self.total(earlier), self.total(later))
        if value is None:
            return None
        structure = self.structures[later]
        return IndicatorResult(
            key="population_change",
            value=value,
            year=later,
            reference_date=structure.reference_date,
            source=_join_sources(structure.sources | self.structures[earlier].sources),
            is_illustrative=structure.is_illustrative or self.structures[earlier].is_illustrative,
            compared_with=earlier,
            compared_date=self.structures[earlier].reference_date,
        )

    def _population_years(self, year: int) -> list[int]:
        """The years whose population is the year's mean population: a mid-year population (30 June,
        e.g. 12410-010Z) alone, else 31 December of the previous year and of the year."""
        current = self.structures.get(year)
        if current is not None and current.reference_date is not None and not current.is_year_end:
            return [year]
        return [y for y in (year - 1, year) if y in self.structures]

    def movement_values(self, year: int) -> dict[str, float | None]:
        movement = self.movements[year]
        years = self._population_years(year)
        if years == [year] and not self.structures[year].is_year_end:
            population: float | None = float(self.structures[year].total)
        else:
            population = mean_population(self.total(year - 1), self.total(year))
        return movement_indicators(movement, population)

    def _movement_indicator(self, key: str) -> IndicatorResult | None:
        for year in sorted(self.movements, reverse=True):
            value = self.movement_values(year).get(key)
            if value is not None:
                movement = self.movements[year]
                sources = set(movement.sources)
                used = [self.structures[y] for y in self._population_years(year)]
                for structure in used:
                    sources |= structure.sources
                return IndicatorResult(
                    key=key,
                    value=value,
                    year=year,
                    reference_date=None,
                    source=_join_sources(sources),
                    is_illustrative=movement.is_illustrative or any(s.is_illustrative for s in used),
                )
        return None


def _join_sources(sources: set[str]) -> str:
    return "; ".join(sorted(sources))


def _batch_source(batch: ImportBatch) -> str:
    return batch.source


def dataset_get(*, organisation_id: int, municipalities: list[Municipality]) -> dict[Any, Series]:
    """Every town's series plus the association's (key ASSOCIATION): four queries."""
    ids = [m.pk for m in municipalities]
    batches = {
        b.pk: b
        for b in ImportBatch.objects.filter(organisation_id=organisation_id).only("pk", "source", "is_illustrative")
    }
    series: dict[Any, Series] = {m.pk: Series(key=m.pk, name=m.name) for m in municipalities}
    counts = PopulationCount.objects.filter(organisation_id=organisation_id, municipality_id__in=ids).order_by()
    # Reference dates once per town and year: converting a date column per figure costs more than a query.
    dates = {(m, y): d for m, y, d in counts.values_list("municipality_id", "year", "reference_date").distinct()}
    rows = counts.values_list("municipality_id", "year", "sex", "age_from", "age_to", "count", "batch_id")
    for municipality_id, year, sex, age_from, age_to, count, batch_id in rows:
        structures = series[municipality_id].structures
        structure = structures.get(year)
        if structure is None:
            structure = structures[year] = Structure(year=year, reference_date=dates.get((municipality_id, year)))
        structure.cells.append(Cell(sex, age_from, age_to, count))
        batch = batches.get(batch_id)
        if batch is not None and batch.source not in structure.sources:
            structure.sources.add(batch.source)
        if batch is not None and batch.is_illustrative:
            structure.is_illustrative = True
    for movement in Movement.objects.filter(organisation_id=organisation_id, municipality_id__in=ids).order_by():
        batch = batches.get(movement.batch_id)
        item = MovementYear(
            year=movement.year,
            births=movement.births,
            deaths=movement.deaths,
            moves_in=movement.moves_in,
            moves_out=movement.moves_out,
            sources={batch.source} if batch else set(),
            is_illustrative=bool(batch and batch.is_illustrative),
        )
        movements = series[movement.municipality_id].movements
        if movement.year in movements:
            merge_movement(movements[movement.year], item)
        else:
            movements[movement.year] = item
    for structures in (s.structures for s in series.values()):
        for structure in structures.values():
            structure.cells.sort(key=lambda c: (c.sex, c.age_from))
    series[ASSOCIATION] = _association(series, municipalities)
    return series


def _association(series: dict[Any, Series], municipalities: list[Municipality]) -> Series:
    """The sum over the towns, for the years in which every town has figures."""
    total = Series(key=ASSOCIATION, name=_("All towns"))
    towns = [series[m.pk] for m in municipalities]
    if not towns:
        return total
    common_years = set.intersection(*(set(t.structures) for t in towns))
    for year in sorted(common_years):
        total.structures[year] = combine_structures(t.structures[year] for t in towns)
    movement_years = set.intersection(*(set(t.movements) for t in towns))
    for year in sorted(movement_years):
        total.movements[year] = combine_movements(t.movements[year] for t in towns)
    return total


def latest_indicator(
    *, organisation: Organisation, municipality: Municipality | None = None, key: str, since: int | None = None
) -> IndicatorResult | None:
    """The indicator's latest value for a town, or for the association (municipality None); None: no data."""
    if key not in INDICATORS:
        return None
    if municipality is not None:
        if municipality.organisation_id != organisation.pk:
            return None
        data = dataset_get(organisation_id=organisation.pk, municipalities=[municipality])
        return data[municipality.pk].indicator(key, since=since)
    municipalities = list(Municipality.objects.filter(organisation=organisation))
    data = dataset_get(organisation_id=organisation.pk, municipalities=municipalities)
    return data[ASSOCIATION].indicator(key, since=since)


def indicator_rows(data: dict[Any, Series], keys: list[Any], *, since: int | None = None) -> list[dict]:
    """One row per indicator: its definition and the value for each column (town or association)."""
    rows = []
    for indicator in INDICATORS.values():
        values = [data[k].indicator(indicator.key, since=since) for k in keys]
        rows.append(
            {
                "indicator": indicator,
                "values": values,
                "missing": [
                    "" if value is not None else data[k].missing(indicator.key)
                    for k, value in zip(keys, values, strict=True)
                ],
            }
        )
    return rows


def process_municipalities(process) -> list[Municipality]:
    towns = list(process.municipalities.all())
    if not towns:
        towns = list(Municipality.objects.filter(organisation_id=process.organisation_id))
    return towns


def projection_latest(*, organisation_id: int, published_only: bool = True) -> Projection | None:
    projections = Projection.objects.filter(organisation_id=organisation_id, computed_at__isnull=False)
    if published_only:
        projections = projections.filter(is_published=True)
    return projections.prefetch_related(
        Prefetch("scenarios", queryset=Scenario.objects.order_by("position", "pk"))
    ).first()


def projection_summary(*, projection: Projection, municipality_ids: list[int]) -> dict:
    """Totals and components per scenario and year, and indicators of the horizon year, summed over the
    given towns (two queries)."""
    rows = (
        ProjectedYear.objects.filter(scenario__projection=projection, municipality_id__in=municipality_ids)
        .order_by("scenario_id", "year")
        .values_list(
            "scenario_id",
            "municipality_id",
            "year",
            "population_start",
            "births",
            "deaths",
            "net_migration",
            "population_end",
        )
    )
    result: dict[int, dict[int, dict]] = defaultdict(dict)
    for scenario_id, _municipality_id, year, start, births, deaths, migration, end in rows:
        entry = result[scenario_id].setdefault(
            year, {"year": year, "start": 0.0, "births": 0.0, "deaths": 0.0, "migration": 0.0, "end": 0.0}
        )
        entry["start"] += start
        entry["births"] += births
        entry["deaths"] += deaths
        entry["migration"] += migration
        entry["end"] += end
    # The age structure in the horizon year (summed over the towns), for its indicators (one query).
    horizon: dict[int, Structure] = {}
    horizon_rows = ProjectedYear.objects.filter(
        scenario__projection=projection, municipality_id__in=municipality_ids, year=projection.horizon_year
    ).values_list("scenario_id", "males", "females")
    for scenario_id, males, females in horizon_rows:
        structure = horizon.setdefault(
            scenario_id, Structure(year=projection.horizon_year, reference_date=None, cells=[])
        )
        for sex, counts in (("m", males), ("f", females)):
            for age, count in enumerate(counts):
                structure.cells.append(Cell(sex, age, None if age == len(counts) - 1 else age, count))
    scenarios = []
    for scenario in projection.scenarios.all():
        years = [result[scenario.pk][y] for y in sorted(result.get(scenario.pk, {}))]
        structure = horizon.get(scenario.pk)
        scenarios.append(
            {
                "scenario": scenario,
                "years": years,
                "horizon": structure.indicators if structure is not None else {},
                "structure": structure,
            }
        )
    return {"projection": projection, "scenarios": scenarios}


def profile_section(*, process, module, town: Any = None, since: int | None = None) -> dict:
    """Context for demography/includes/profile_section.html: indicators and charts for the process's towns.

    `module` is the module of the page that shows the section: the charts' CSV links go through it,
    so that they are visible exactly when the page is.
    """
    municipalities = process_municipalities(process)
    data = dataset_get(organisation_id=process.organisation_id, municipalities=municipalities)
    columns = [data[m.pk] for m in municipalities]
    if len(municipalities) > 1:
        columns.append(data[ASSOCIATION])
    keys = [c.key for c in columns]
    selected_key = ASSOCIATION if len(municipalities) > 1 else (municipalities[0].pk if municipalities else None)
    if town is not None and str(town) in {str(k) for k in keys}:
        selected_key = next(k for k in keys if str(k) == str(town))
    selected = data.get(selected_key) if selected_key is not None else None
    projection = projection_latest(organisation_id=process.organisation_id)
    summary = None
    if projection is not None and municipalities:
        ids = [m.pk for m in municipalities] if selected_key in (ASSOCIATION, None) else [selected_key]
        summary = projection_summary(projection=projection, municipality_ids=ids)
    has_data = any(c.structures or c.movements for c in columns)
    base = selected.structures.get(projection.base_year) if projection is not None and selected is not None else None
    projection_illustrative = bool(base is not None and base.is_illustrative)
    if summary is not None and base is not None:
        summary["base_date"] = base.reference_date
        summary["base_is_year_end"] = base.is_year_end
    csv_base = reverse("demography:chart_csv", kwargs={"module_pk": module.pk}) + f"?town={selected_key}"
    if since:
        csv_base += f"&since={since}"
    sources: dict[str, bool] = {}
    for column in columns:
        for item in [*column.structures.values(), *column.movements.values()]:
            for source in item.sources:
                sources[source] = sources.get(source, False) or item.is_illustrative
    return {
        "sources": sorted(sources.items()),
        "csv_base": csv_base,
        "since": since,
        "process": process,
        "municipalities": municipalities,
        "columns": columns,
        "rows": indicator_rows(data, keys, since=since),
        "selected": selected,
        "selected_key": selected_key,
        "has_data": has_data,
        "is_illustrative": any(c.is_illustrative for c in columns),
        "population_chart": charts.population_over_time(columns) if has_data else None,
        "pyramid_chart": (
            charts.pyramid(selected) if selected is not None and selected.latest_by_age_and_sex else None
        ),
        "pyramid_missing": bool(selected is not None and selected.latest and not selected.latest_by_age_and_sex),
        "comparison_charts": (
            [charts.comparison([data[m.pk] for m in municipalities], key) for key in charts.COMPARED_KEYS]
            if has_data and len(municipalities) > 1
            else []
        ),
        "projection": summary,
        "projection_chart": charts.projection(summary, illustrative=projection_illustrative) if summary else None,
        "projected_pyramid_chart": (
            charts.projected_pyramid(
                summary, str(selected.name) if selected is not None else "", illustrative=projection_illustrative
            )
            if summary
            else None
        ),
    }


def batch_list(*, organisation_id: int) -> list[ImportBatch]:
    return list(
        ImportBatch.objects.filter(organisation_id=organisation_id)
        .select_related("imported_by")
        .annotate(towns=Count("population_counts__municipality", distinct=True))
    )


def base_years(*, organisation_id: int) -> list[int]:
    """Years with population figures by sex and age for every member town (possible base years of a projection)."""
    towns = Municipality.objects.filter(organisation_id=organisation_id).count()
    rows = (
        PopulationCount.objects.filter(organisation_id=organisation_id)
        .exclude(sex=Sex.TOTAL)
        .exclude(age_from=0, age_to__isnull=True)
        .values("year")
        .annotate(towns=Count("municipality", distinct=True))
        .order_by("year")
    )
    return [row["year"] for row in rows if row["towns"] == towns and towns]


def dashboard_modules(*, organisation_id: int) -> list:
    """The organisation's demography modules (where the figures are shown), newest process first."""
    from zukunftswerkstatt.processes.models import Module

    return list(
        Module.objects.filter(type="demography", phase__process__organisation_id=organisation_id)
        .select_related("phase__process")
        .order_by("-phase__process__created", "pk")
    )


@dataclass(frozen=True)
class PopulationByAgeGroup:
    """Inhabitants per town and age group (`accounts.models.AgeGroup`) on each town's reference date."""

    years: dict[int, int]
    """Town id → the year whose figures are used (towns publish at different times)."""
    reference_dates: dict[int, date]
    """Town id → the reference date of those figures."""
    by_town_and_group: dict[tuple[int, str], float]
    """(town id, age group) → inhabitants; empty unless every town has figures by sex and age."""
    town_totals: dict[int, int]
    """Town id → inhabitants (all ages, both sexes)."""
    source: str

    @property
    def has_ages(self) -> bool:
        return bool(self.by_town_and_group)

    @property
    def year(self) -> int:
        return max(self.years.values())

    @property
    def reference_date(self) -> date:
        """The latest reference date used."""
        return max(self.reference_dates.values())


@dataclass(frozen=True, slots=True)
class _PopulationRow:
    municipality_id: int
    sex: str
    age_from: int | None
    age_to: int | None
    count: int
    reference_date: date
    source: str


def population_by_age_group(organisation: Organisation, year: int | None = None) -> PopulationByAgeGroup | None:
    """Inhabitants per (town, age group) for holding participation against the population
    (participation app, docs/participation.md): for each town its latest year up to `year` (None: its
    latest year; none up to `year`: its earliest year), with the reference date used; a year with
    figures by sex and age is preferred to a later one with totals only.

    Only rows by sex (m/f) with ages feed the age groups: single years are summed; an age group
    that does not match the bands is spread evenly over its years, an open group (“75 and over”)
    over its years up to 100 by the life table's survivors (`projection.single_years`). A town with
    only totals (both sexes, or no ages) gives its total, and then no town is compared by age. Two
    queries.
    """
    from django.db.models import BooleanField, ExpressionWrapper, Q

    from zukunftswerkstatt.accounts.models import AGE_GROUP_BOUNDS

    from .projection import AGES, life_table, single_years

    # Per town and year: are there figures by sex and age? (A file without ages, e.g. 12410-010Z, gives
    # each sex as one cell "0 and older"; compute.Structure.has_ages reads them the same way.)
    detailed = ExpressionWrapper(
        Q(sex__in=("m", "f")) & ~Q(age_from=0, age_to__isnull=True), output_field=BooleanField()
    )
    town_years: dict[int, set[int]] = defaultdict(set)
    detailed_years: dict[int, set[int]] = defaultdict(set)
    for town_id, town_year, has_detail in (
        PopulationCount.objects.filter(organisation=organisation)
        .annotate(detailed=detailed)
        .order_by()
        .values_list("municipality_id", "year", "detailed")
        .distinct()
    ):
        town_years[town_id].add(town_year)
        if has_detail:
            detailed_years[town_id].add(town_year)
    if not town_years:
        return None

    def closest(available: set[int]) -> int:
        earlier = [y for y in available if year is None or y <= year]
        return max(earlier) if earlier else min(available)

    # A town's latest year with ages by sex is preferred to a later year with totals only: the age
    # comparison needs it, and the town's total then comes from the same figures.
    chosen: dict[int, int] = {
        town_id: closest(detailed_years.get(town_id) or available) for town_id, available in town_years.items()
    }
    condition = Q()
    for town_id, town_year in chosen.items():
        condition |= Q(municipality_id=town_id, year=town_year)
    # Plain tuples, not model instances: a town has 200 rows or more per year.
    rows = [
        _PopulationRow(*values)
        for values in PopulationCount.objects.filter(condition, organisation=organisation)
        .order_by("municipality_id", "sex", "age_from")
        .values_list("municipality_id", "sex", "age_from", "age_to", "count", "reference_date", "batch__source")
    ]
    table = life_table()
    by_town_and_group: dict[tuple[int, str], float] = defaultdict(float)
    town_totals: dict[int, int] = defaultdict(int)
    cells_by_town: dict[int, list[tuple[str, int, int | None, int]]] = defaultdict(list)
    for row in rows:
        if row.sex in ("m", "f") and row.age_from is not None and row.municipality_id in detailed_years:
            cells_by_town[row.municipality_id].append((row.sex, row.age_from, row.age_to, row.count))
            town_totals[row.municipality_id] += row.count
    for town_id, cells in cells_by_town.items():
        male, female = single_years(list(cells), table)
        for group, (first, last) in AGE_GROUP_BOUNDS.items():
            top = AGES - 1 if last is None else last
            by_town_and_group[(town_id, str(group))] += sum(male[first : top + 1]) + sum(female[first : top + 1])
    # Towns without figures by sex and age (a totals-only layout): a total row if there is one (both
    # sexes before a sum of the sexes, a row without ages before a sum over ages), never both.
    other_rows: dict[int, list[_PopulationRow]] = defaultdict(list)
    for row in rows:
        if row.municipality_id not in cells_by_town:
            other_rows[row.municipality_id].append(row)
    for town_id, town_rows in other_rows.items():
        both_sexes = [r for r in town_rows if r.sex not in ("m", "f")] or town_rows
        without_ages = [r for r in both_sexes if r.age_from is None]
        town_totals[town_id] = sum(r.count for r in (without_ages or both_sexes))
    reference_dates: dict[int, date] = {}
    for row in rows:
        reference_dates[row.municipality_id] = max(
            row.reference_date, reference_dates.get(row.municipality_id, row.reference_date)
        )
    return PopulationByAgeGroup(
        years=chosen,
        reference_dates=reference_dates,
        by_town_and_group=dict(by_town_and_group) if not other_rows else {},
        town_totals=dict(town_totals),
        source=_join_sources({r.source for r in rows}),
    )
