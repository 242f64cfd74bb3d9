"""Cohort-component population projection by sex and single year of age (plain Python).

One step moves the population on 31 December of year t to 31 December of t+1:

1. net migration m(x) of the cohort aged x at the start: half joins before the year's mortality,
   half after it (so half the movers are exposed to the risk of dying);
2. survival: the cohort aged x (x < 100) reaches age x+1 with probability 1 − q(x) (period life table,
   q(x) = probability of dying between exact ages x and x+1); the open group 100+ keeps its survivors;
3. births: age-specific fertility rates f(a) (a = 15…49) applied to the mean number of women aged a
   at the start and at the end of the year, split by a sex ratio at birth of 1.05 boys per girl; the
   newborns survive to 31 December with L(0)/l(0) ≈ 1 − q(0)/2 (half a year of exposure).

Every step returns its components, and P(t+1) = P(t) + births − deaths + net migration holds
exactly (asserted). References: Preston, Heuveline & Guillot, Demography (2001), ch. 6; Smith,
Tayman & Swanson, A Practitioner's Guide to State and Local Population Projections (2013), ch. 6;
Destatis, Vorausberechnungsmodell der koordinierten Bevölkerungsvorausberechnung.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

AGES = 101
"""Single years 0 … 99 and the open group 100+."""
FERTILE_AGES = range(15, 50)
SEX_RATIO_AT_BIRTH = 1.05
DATA = Path(__file__).parent / "data"
LIFE_TABLE_FILES = {
    "de_2022_24": "genesis_12621-0001_sterbetafel_deutschland_2022-24.csv",
    "de_2020_22": "genesis_12621-0001_sterbetafel_deutschland_2020-22.csv",
}
FERTILITY_FILE = "genesis_12612-0008_en_geburtenziffern_alter_1972-2023.csv"
FERTILITY_YEAR = 2023
LIFE_TABLE_SOURCE = (
    "Statistisches Bundesamt (Destatis), Genesis-Online, Tabelle 12621-0001 Sterbetafel {period}; "
    "Datenlizenz Deutschland – Namensnennung – Version 2.0"
)
FERTILITY_SOURCE = (
    "Statistisches Bundesamt (Destatis), Genesis-Online, Tabelle 12612-0008 Lebendgeborene je 1000 Frauen "
    "nach Alter, 2023; Datenlizenz Deutschland – Namensnennung – Version 2.0"
)


@dataclass(frozen=True)
class LifeTableData:
    period: str
    qx_male: tuple[float, ...]
    qx_female: tuple[float, ...]

    @property
    def source(self) -> str:
        return LIFE_TABLE_SOURCE.format(period=self.period)


def _german_float(text: str) -> float:
    return float(text.strip().replace(".", "").replace(",", ".")) if "," in text else float(text.strip())


@lru_cache(maxsize=4)
def life_table(key: str = "de_2022_24") -> LifeTableData:
    """q(x) for ages 0 … 100 by sex from the shipped Destatis life table."""
    text = (DATA / LIFE_TABLE_FILES[key]).read_text(encoding="utf-8-sig")
    period = ""
    male: list[float] = []
    female: list[float] = []
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        if not row:
            continue
        first = row[0].strip()
        if "/" in first and first[:4].isdigit():
            period = first
        elif first.endswith(("Jahre", "Jahr")) and first.split()[0].isdigit():
            # columns: label; q(x) m; flag; p(x); … 14 columns per sex
            male.append(_german_float(row[1]))
            female.append(_german_float(row[15]))
    if len(male) != AGES or len(female) != AGES:
        raise ValueError(f"Life table {key} has {len(male)} ages, expected {AGES}")
    return LifeTableData(period=period, qx_male=tuple(male), qx_female=tuple(female))


@lru_cache(maxsize=1)
def fertility_pattern(year: int = FERTILITY_YEAR) -> tuple[float, ...]:
    """Age-specific fertility rates per woman for ages 15 … 49 (Germany, the given year)."""
    text = (DATA / FERTILITY_FILE).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    year_row = next(r for r in rows if len(r) > 2 and r[1].strip() == "1972")
    column = year_row.index(str(year))
    rates = []
    for row in rows:
        if row and row[0].endswith("years") and row[0].split()[0].isdigit():
            rates.append(float(row[column]) / 1000)
    if len(rates) != len(FERTILE_AGES):
        raise ValueError("Unexpected fertility table layout")
    return tuple(rates)


def scaled_fertility(total_fertility_rate: float, pattern: tuple[float, ...] | None = None) -> list[float]:
    """The default age pattern scaled so that the rates sum to the given total fertility rate."""
    pattern = pattern or fertility_pattern()
    total = sum(pattern)
    return [rate * total_fertility_rate / total for rate in pattern]


def migration_schedule(profile: str) -> list[float]:
    """Share of a year's net migration at each age 0 … 100 (sums to 1 over both sexes × 2)."""
    if profile == "uniform":
        weights = [1.0] * AGES
    else:
        # Rogers & Castro (1981) model migration schedule with their "standard" parameters:
        # childhood component, labour-force peak around 20–25, no retirement peak.
        weights = []
        for x in range(AGES):
            childhood = 0.02 * math.exp(-0.1 * x)
            labour = 0.06 * math.exp(-0.4 * (x - 20) - math.exp(-0.6 * (x - 20)))
            weights.append(childhood + labour + 0.003)
    total = sum(weights)
    return [w / total for w in weights]


@dataclass
class YearResult:
    year: int
    population_start: float
    births: float
    deaths: float
    net_migration: float
    population_end: float
    males: list[float]
    females: list[float]


def project_step(
    *,
    males: list[float],
    females: list[float],
    qx_male: list[float] | tuple[float, ...],
    qx_female: list[float] | tuple[float, ...],
    fertility: list[float],
    migration_male: list[float],
    migration_female: list[float],
    year: int,
) -> YearResult:
    """One year of the cohort-component method; migration is clipped so no cohort becomes negative."""
    start = sum(males) + sum(females)
    deaths = 0.0
    migration = 0.0
    new_males = [0.0] * AGES
    new_females = [0.0] * AGES
    for population, qx, moves, new in (
        (males, qx_male, migration_male, new_males),
        (females, qx_female, migration_female, new_females),
    ):
        for x in range(AGES):
            before = moves[x] / 2
            after = moves[x] - before
            if population[x] + before < 0:  # only those who live there can leave
                before = -population[x]
            exposed = population[x] + before
            survivors = exposed * (1 - qx[x])
            deaths += exposed - survivors
            if survivors + after < 0:
                after = -survivors
            migration += before + after
            new[min(x + 1, AGES - 1)] += survivors + after
    women_mean = [(females[a] + new_females[a]) / 2 for a in FERTILE_AGES]
    births = sum(rate * women for rate, women in zip(fertility, women_mean, strict=True))
    boys = births * SEX_RATIO_AT_BIRTH / (1 + SEX_RATIO_AT_BIRTH)
    girls = births - boys
    infant_survival_m = 1 - qx_male[0] / 2
    infant_survival_f = 1 - qx_female[0] / 2
    new_males[0] += boys * infant_survival_m
    new_females[0] += girls * infant_survival_f
    deaths += boys * (1 - infant_survival_m) + girls * (1 - infant_survival_f)
    end = sum(new_males) + sum(new_females)
    balance = start + births - deaths + migration
    if not math.isclose(end, balance, rel_tol=1e-9, abs_tol=1e-6):
        raise ArithmeticError(f"Projection step for {year} does not balance: {end} != {balance}")
    return YearResult(
        year=year,
        population_start=start,
        births=births,
        deaths=deaths,
        net_migration=migration,
        population_end=end,
        males=new_males,
        females=new_females,
    )


def project(
    *,
    males: list[float],
    females: list[float],
    base_year: int,
    horizon_year: int,
    qx_male,
    qx_female,
    fertility: list[float],
    net_migration_rate: float = 0.0,
    migration_profile: str = "rogers_castro",
    mortality_decline: float = 0.0,
    migration_male: list[float] | None = None,
    migration_female: list[float] | None = None,
) -> list[YearResult]:
    """Project from 31 Dec of base_year to 31 Dec of horizon_year.

    Net migration is either given by age and sex (migration_male/female, the same every year) or as
    a rate per 1,000 of the year's starting population, spread over ages by `migration_profile`
    and equally over the sexes. `mortality_decline` (per cent per year) lowers every q(x) each year.
    """
    results: list[YearResult] = []
    schedule = migration_schedule(migration_profile)
    current_m, current_f = list(males), list(females)
    for step, year in enumerate(range(base_year + 1, horizon_year + 1), start=1):
        factor = (1 - mortality_decline / 100) ** step
        qm = [min(1.0, q * factor) for q in qx_male]
        qf = [min(1.0, q * factor) for q in qx_female]
        if migration_male is not None and migration_female is not None:
            moves_m, moves_f = migration_male, migration_female
        else:
            total = (sum(current_m) + sum(current_f)) * net_migration_rate / 1000
            moves_m = [total / 2 * share for share in schedule]
            moves_f = [total / 2 * share for share in schedule]
        result = project_step(
            males=current_m,
            females=current_f,
            qx_male=qm,
            qx_female=qf,
            fertility=fertility,
            migration_male=moves_m,
            migration_female=moves_f,
            year=year,
        )
        results.append(result)
        current_m, current_f = result.males, result.females
    return results


def single_years(cells: list[tuple[str, int, int | None, int]], qx_male, qx_female) -> tuple[list[float], list[float]]:
    """Base population by single year of age from (sex, age_from, age_to, count) cells.

    Single years are taken as they are. An age group is spread evenly over its years; an open
    group (e.g. “75 and over”) is spread over its years up to 100 in proportion to the life
    table's survivors l(x), which approximates the stationary age distribution inside the group.
    """
    result = {"m": [0.0] * AGES, "f": [0.0] * AGES}
    for sex, age_from, age_to, count in cells:
        target = result[sex]
        if age_to is None:
            qx = qx_male if sex == "m" else qx_female
            weights = []
            survivors = 1.0
            for x in range(age_from, AGES):
                weights.append(survivors)
                survivors *= 1 - qx[x]
            total = sum(weights)
            for offset, weight in enumerate(weights):
                target[age_from + offset] += count * weight / total
        else:
            top = min(age_to, AGES - 1)
            width = top - age_from + 1
            for x in range(age_from, top + 1):
                target[x] += count / width
    return result["m"], result["f"]
