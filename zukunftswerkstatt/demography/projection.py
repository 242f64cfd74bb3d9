"""Cohort-component population projection by sex and single year of age (plain Python).

The population is counted by completed age (Alter in vollendeten Jahren) on 31 December. One step
moves the population on 31 December of year t to 31 December of t+1:

1. net migration m(x) of the cohort aged x at the start: half joins before the year's mortality,
   half after it (so half the movers are exposed to the risk of dying);
2. survival for completed ages: the people aged x on 31 December are spread over the exact ages
   x … x+1, and those still alive a year later are aged x+1. In the life table's stationary
   population the people aged x are L(x) (person-years lived between exact ages x and x+1), so
   the share that survives the year is S(x) = L(x+1)/L(x) for x = 0 … 98. The people aged 99 and
   the open group 100+ together reach 100+ with S = T(100)/T(99), T(x) being the person-years
   lived above exact age x (T(100) is the stationary open group). Deaths = exposed × (1 − S);
3. births: age-specific fertility rates f(a) (a = 15…49) applied to the mean number of women aged a
   at the start and at the end of the year, split by a sex ratio at birth of 1.05 boys per girl; the
   newborns of the year survive to 31 December with L(0)/l(0) (l(0) = radix 100,000).

A yearly fall in mortality multiplies every death probability by a factor f ≤ 1 and rebuilds
l(x), L(x) and T(100) from it with the table's own separation factors (`SexLifeTable.survival`);
f = 1 gives the table's ratios.

Every step returns its components, and P(t+1) = P(t) + births − deaths + net migration holds
exactly (asserted). References: Preston, Heuveline & Guillot, Demography: Measuring and Modeling
Population Processes (2001), ch. 6 (6.3: projections by single years, L(x+1)/L(x), T(100)/T(99),
L(0)/l(0)); Smith, Tayman & Swanson, A Practitioner's Guide to State and Local Population
Projections (2013), ch. 6; Destatis, Vorausberechnungsmodell der koordinierten
Bevölkerungsvorausberechnung.
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
OPEN = AGES - 1
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
class Survival:
    """One sex's survival over one year for a population by completed age on 31 December.

    `cohort[x]`: the share of the people aged x (x = 100: 100 and older) who are alive a year later;
    `newborn`: the share of the year's births alive on 31 December.
    """

    cohort: tuple[float, ...]
    newborn: float


@dataclass(frozen=True)
class SexLifeTable:
    """One sex's columns of a period life table for exact ages 0 … 100 (the last row opens 100+).

    q(x): probability of dying between exact ages x and x+1; l(x): survivors at exact age x of the
    radix l(0); L(x): person-years lived between x and x+1; T(x): person-years lived above x, so
    T(100) is the person-years of the open group 100+.
    """

    qx: tuple[float, ...]
    lx: tuple[float, ...]
    Lx: tuple[float, ...]
    Tx: tuple[float, ...]

    def __post_init__(self) -> None:
        if not len(self.qx) == len(self.lx) == len(self.Lx) == len(self.Tx) == AGES:
            raise ValueError(f"A life table needs the ages 0 … {OPEN}")
        if min(self.lx) <= 0 or min(self.Lx) <= 0 or min(self.Tx) <= 0:
            raise ValueError("A life table needs positive l(x), L(x) and T(x) up to the open group")
        if any(later > earlier for earlier, later in zip(self.lx, self.lx[1:], strict=False)):
            raise ValueError("The survivors l(x) of a life table cannot grow with age")

    def survival(self, factor: float = 1.0) -> Survival:
        """Survival for completed ages after multiplying every death probability by `factor` (0 < factor ≤ 1).

        The death probabilities are those of the l column, q(x) = 1 − l(x+1)/l(x) (the published
        q(x) differs from it only by the rounding of l(x) to whole persons). From the scaled q(x)
        the survivors l'(x) are rebuilt from the same radix, and the person-years with the table's
        own separation factors a(x) = (L(x) − l(x+1)) / (l(x) − l(x+1)), the mean share of the year
        lived by those who die in it: L'(x) = l'(x+1) + a(x) · (l'(x) − l'(x+1)). The open group
        keeps its person-years per survivor e(100) = T(100)/l(100), divided by the factor: at a
        constant force of mortality μ, e = 1/μ, and the factor lowers μ. With factor 1 every
        l'(x), L'(x), T'(100) equals the table's value, so survival is L(x+1)/L(x), T(100)/T(99)
        and L(0)/l(0) exactly (up to floating-point rounding).
        """
        if not 0 < factor <= 1:
            raise ValueError(f"The mortality factor must be in (0, 1], not {factor}")
        lx = [self.lx[0]]
        for x in range(OPEN):
            lx.append(lx[x] * (1 - factor * (1 - self.lx[x + 1] / self.lx[x])))
        person_years = []
        for x in range(OPEN):
            dying = self.lx[x] - self.lx[x + 1]
            separation = (self.Lx[x] - self.lx[x + 1]) / dying if dying else 0.5
            person_years.append(lx[x + 1] + separation * (lx[x] - lx[x + 1]))
        open_group = lx[OPEN] * self.Tx[OPEN] / self.lx[OPEN] / factor
        into_open_group = open_group / (person_years[OPEN - 1] + open_group)
        cohort = [person_years[x + 1] / person_years[x] for x in range(OPEN - 1)]
        cohort += [into_open_group, into_open_group]
        return Survival(cohort=tuple(cohort), newborn=person_years[0] / lx[0])


@dataclass(frozen=True)
class LifeTableData:
    period: str
    male: SexLifeTable
    female: SexLifeTable

    @property
    def source(self) -> str:
        return LIFE_TABLE_SOURCE.format(period=self.period)


def _german_float(text: str) -> float:
    return float(text.strip().replace(".", "").replace(",", ".")) if "," in text else float(text.strip())


# Columns of the Destatis table 12621-0001 per sex (value, flag) × q(x), p(x), l(x), d(x), L(x), T(x),
# e(x): the values are in the even positions after the label, the men's from 1, the women's from 15.
_LIFE_TABLE_COLUMNS = {"qx": 0, "lx": 4, "Lx": 8, "Tx": 10}
_SEX_OFFSET = {"male": 1, "female": 15}


@lru_cache(maxsize=4)
def life_table(key: str = "de_2022_24") -> LifeTableData:
    """q(x), l(x), L(x) and T(x) for ages 0 … 100 by sex from the shipped Destatis life table."""
    text = (DATA / LIFE_TABLE_FILES[key]).read_text(encoding="utf-8-sig")
    period = ""
    rows = []
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        if not row:
            continue
        first = row[0].strip()
        if "/" in first and first[:4].isdigit():
            period = first
        elif first.endswith(("Jahre", "Jahr")) and first.split()[0].isdigit():
            rows.append(row)
    if len(rows) != AGES:
        raise ValueError(f"Life table {key} has {len(rows)} ages, expected {AGES}")
    tables = {
        sex: SexLifeTable(
            **{
                name: tuple(_german_float(row[offset + column]) for row in rows)
                for name, column in _LIFE_TABLE_COLUMNS.items()
            }
        )
        for sex, offset in _SEX_OFFSET.items()
    }
    return LifeTableData(period=period, male=tables["male"], female=tables["female"])


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
    survival_male: Survival,
    survival_female: Survival,
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
    for population, survival, moves, new in (
        (males, survival_male, migration_male, new_males),
        (females, survival_female, migration_female, new_females),
    ):
        for x in range(AGES):
            before = moves[x] / 2
            after = moves[x] - before
            if population[x] + before < 0:  # only those who live there can leave
                before = -population[x]
            exposed = population[x] + before
            survivors = exposed * survival.cohort[x]
            deaths += exposed - survivors
            if survivors + after < 0:
                after = -survivors
            migration += before + after
            new[min(x + 1, OPEN)] += survivors + after
    women_mean = [(females[a] + new_females[a]) / 2 for a in FERTILE_AGES]
    births = sum(rate * women for rate, women in zip(fertility, women_mean, strict=True))
    boys = births * SEX_RATIO_AT_BIRTH / (1 + SEX_RATIO_AT_BIRTH)
    girls = births - boys
    new_males[0] += boys * survival_male.newborn
    new_females[0] += girls * survival_female.newborn
    deaths += boys * (1 - survival_male.newborn) + girls * (1 - survival_female.newborn)
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
    life_table: LifeTableData,
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
    and equally over the sexes. `mortality_decline` (per cent per year, 0 … < 100) multiplies every
    death probability of the k-th projected year by (1 − decline/100)^k.
    """
    if not 0 <= mortality_decline < 100:
        raise ValueError(f"A yearly fall in mortality of {mortality_decline} % is not possible")
    results: list[YearResult] = []
    schedule = migration_schedule(migration_profile)
    current_m, current_f = list(males), list(females)
    for step, year in enumerate(range(base_year + 1, horizon_year + 1), start=1):
        factor = (1 - mortality_decline / 100) ** step
        if migration_male is not None and migration_female is not None:
            moves_m, moves_f = migration_male, migration_female
        else:
            total = (sum(current_m) + sum(current_f)) * net_migration_rate / 1000
            moves_m = [total / 2 * share for share in schedule]
            moves_f = [total / 2 * share for share in schedule]
        result = project_step(
            males=current_m,
            females=current_f,
            survival_male=life_table.male.survival(factor),
            survival_female=life_table.female.survival(factor),
            fertility=fertility,
            migration_male=moves_m,
            migration_female=moves_f,
            year=year,
        )
        results.append(result)
        current_m, current_f = result.males, result.females
    return results


def single_years(
    cells: list[tuple[str, int, int | None, int]], table: LifeTableData
) -> tuple[list[float], list[float]]:
    """Base population by single year of age from (sex, age_from, age_to, count) cells.

    Single years are taken as they are. An age group is spread evenly over its years; an open
    group (e.g. “75 and over”) is spread over its years 75 … 99 and 100+ in proportion to the life
    table's stationary population by completed age, L(x) and, for 100+, T(100).
    """
    result = {"m": [0.0] * AGES, "f": [0.0] * AGES}
    for sex, age_from, age_to, count in cells:
        target = result[sex]
        if age_to is None:
            columns = table.male if sex == "m" else table.female
            weights = [*columns.Lx[age_from:OPEN], columns.Tx[OPEN]]
            total = sum(weights)
            for offset, weight in enumerate(weights):
                target[age_from + offset] += count * weight / total
        else:
            top = min(age_to, OPEN)
            width = top - age_from + 1
            for x in range(age_from, top + 1):
                target[x] += count / width
    return result["m"], result["f"]
