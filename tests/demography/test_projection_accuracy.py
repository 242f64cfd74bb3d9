"""The projection against the life table and against an independent implementation (issue 12).

Everything the comparison needs is read here from the Destatis files with its own code: the life
table's l(x), L(x), T(x) columns are found by their headers, not by the positions the engine uses,
and the independent projection is a Leslie matrix (Preston, Heuveline & Guillot 2001, §6.3) applied
by plain matrix-vector products, not the engine's cohort loop.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tests.demography.helpers import AGE_GROUPS
from zukunftswerkstatt.demography import projection as engine

DATA = Path(engine.__file__).parent / "data"
LIFE_TABLE = DATA / "genesis_12621-0001_sterbetafel_deutschland_2022-24.csv"
FERTILITY = DATA / "genesis_12612-0008_en_geburtenziffern_alter_1972-2023.csv"
N = 101  # ages 0 … 99 and 100+
BOYS_PER_GIRL = 1.05

# The Vogtlandkreis on 31.12.2018 (Regionaldatenbank 12411-02-03-5-B), men and women per group of
# tests.demography.helpers.AGE_GROUPS: an aged structure (30 % aged 65 and over, like Ellefeld),
# scaled below to a town of 2,400.
MEN = [2667, 2796, 3799, 4830, 2828, 1935, 3717, 4488, 6554, 6843, 6365, 7757, 9064, 9856, 8886, 14496, 14174]
WOMEN = [2571, 2598, 3533, 4365, 2613, 1606, 3079, 3995, 5852, 6131, 5647, 6920, 8913, 9770, 9558, 16937, 22653]
TOWN = 2400


def destatis_columns(path: Path) -> dict[str, dict[str, list[float]]]:
    """sex → column → values for ages 0 … 100, the columns located by their "[l(x)]"-style headers."""
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    header = next(row for row in rows if any("[L(x)]" in cell for cell in row))
    positions: dict[str, list[int]] = {}
    for index, cell in enumerate(header):
        found = re.search(r"\[(\w)\(x\)\]", cell)
        if found:
            positions.setdefault(found.group(1), []).append(index)
    ages = [row for row in rows if re.fullmatch(r"\d+ Jahre?", row[0].strip()) if row]
    assert [int(row[0].split()[0]) for row in ages] == list(range(N))
    return {
        sex: {name: [float(row[where[column]].replace(",", ".")) for row in ages] for name, where in positions.items()}
        for column, sex in enumerate(("male", "female"))
    }


def fertility_2023() -> dict[int, float]:
    """Births per woman by age 15 … 49 in 2023 (the table gives them per 1,000 women)."""
    rows = list(csv.reader(FERTILITY.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    column = next(row for row in rows if "1972" in row and "2023" in row).index("2023")
    return {
        int(row[0].split()[0]): float(row[column]) / 1000 for row in rows if row and re.fullmatch(r"\d+ years", row[0])
    }


def survival_by_completed_age(table: dict[str, list[float]]) -> tuple[list[float], float]:
    """S(x) = L(x+1)/L(x), T(100)/T(99) for 99 and 100+; newborns L(0)/l(0)."""
    L, T, l = table["L"], table["T"], table["l"]  # noqa: E741
    ratios = [L[x + 1] / L[x] for x in range(N - 2)] + [T[N - 1] / T[N - 2]] * 2
    return ratios, L[0] / l[0]


def aged_town(tables) -> tuple[list[float], list[float]]:
    """The Vogtlandkreis structure scaled to 2,400 people by single years: even within closed
    groups, 75 and over in proportion to the stationary population L(75) … L(99), T(100)."""
    scale = TOWN / (sum(MEN) + sum(WOMEN))
    result = []
    for counts, table in ((MEN, tables["male"]), (WOMEN, tables["female"])):
        single = [0.0] * N
        for (_, first, last), count in zip(AGE_GROUPS, counts, strict=True):
            if last is None:
                weights = table["L"][first : N - 1] + [table["T"][N - 1]]
                for offset, weight in enumerate(weights):
                    single[first + offset] = count * scale * weight / sum(weights)
            else:
                for age in range(first, last + 1):
                    single[age] = count * scale / (last - first + 1)
        result.append(single)
    return result[0], result[1]


def leslie_projection(men, women, tables, fertility, years):
    """Project with the two-sex Leslie matrix; the state is (women 0 … 100+, men 0 … 100+).

    A woman aged a at the start bears f(a)/2 in the first half of the year and, if she survives,
    f(a+1)/2 in the second: the first row holds (f(a) + S(a)·f(a+1)) / 2 times the newborns' share of
    the sex and their survival L(0)/l(0). Returns the state after each year.
    """
    survival_f, newborn_f = survival_by_completed_age(tables["female"])
    survival_m, newborn_m = survival_by_completed_age(tables["male"])
    matrix = [[0.0] * (2 * N) for _ in range(2 * N)]
    for block, survival in ((0, survival_f), (N, survival_m)):
        for age in range(N - 1):
            matrix[block + age + 1][block + age] = survival[age]
        matrix[block + N - 1][block + N - 1] = survival[N - 1]
    for age in range(14, 50):
        children = (fertility.get(age, 0.0) + survival_f[age] * fertility.get(age + 1, 0.0)) / 2
        matrix[0][age] = children / (1 + BOYS_PER_GIRL) * newborn_f
        matrix[N][age] = children * BOYS_PER_GIRL / (1 + BOYS_PER_GIRL) * newborn_m
    state = list(women) + list(men)
    states = []
    for _ in range(years):
        state = [sum(a * p for a, p in zip(row, state, strict=True)) for row in matrix]
        states.append(state)
    return states


@pytest.fixture(scope="module")
def tables():
    return destatis_columns(LIFE_TABLE)


def test_one_projected_year_has_the_deaths_the_life_table_implies_for_the_population(tables):
    men, women = aged_town(tables)
    result = engine.project(
        males=men, females=women, base_year=2024, horizon_year=2025, life_table=engine.life_table("de_2022_24"),
        fertility=[0.0] * len(engine.FERTILE_AGES),
    )[0]  # fmt: skip
    implied = 0.0
    for population, table in ((men, tables["male"]), (women, tables["female"])):
        L, T = table["L"], table["T"]
        implied += sum(population[x] * (1 - L[x + 1] / L[x]) for x in range(99))
        implied += (population[99] + population[100]) * (1 - T[100] / T[99])
    assert implied == pytest.approx(42.0, abs=0.05)  # a town of 2,400 like Ellefeld (34–54 deaths a year 2012–22)
    assert result.deaths == pytest.approx(implied, rel=1e-9)
    assert result.population_end == pytest.approx(TOWN - implied, rel=1e-12)


def test_twenty_years_agree_with_an_independent_leslie_matrix_projection(tables):
    men, women = aged_town(tables)
    fertility = fertility_2023()
    assert sorted(fertility) == list(engine.FERTILE_AGES)
    results = engine.project(
        males=men, females=women, base_year=2024, horizon_year=2044, life_table=engine.life_table("de_2022_24"),
        fertility=list(engine.fertility_pattern(2023)),
    )  # fmt: skip
    states = leslie_projection(men, women, tables, fertility, 20)
    assert len(results) == len(states) == 20
    newborn_f, newborn_m = (survival_by_completed_age(tables[sex])[1] for sex in ("female", "male"))
    previous = TOWN
    for result, state in zip(results, states, strict=True):
        total = sum(state)
        aged = sum(state[65:N]) + sum(state[N + 65 :])
        engine_aged = sum(result.males[65:]) + sum(result.females[65:])
        independent_deaths = previous + state[0] / newborn_f + state[N] / newborn_m - total
        assert result.population_end == pytest.approx(total, rel=0.001), result.year
        assert engine_aged == pytest.approx(aged, rel=0.001), result.year
        assert result.deaths == pytest.approx(independent_deaths, rel=0.001), result.year
        previous = total
    assert sum(states[-1]) == pytest.approx(1821.5, abs=0.5)
