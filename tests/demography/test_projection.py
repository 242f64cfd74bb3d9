"""The cohort-component projection on small cases computed by hand, and its assumptions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.demography.conftest import pyramid_men_women
from tests.demography.helpers import age_template_csv
from zukunftswerkstatt.demography import projection as engine
from zukunftswerkstatt.demography import services
from zukunftswerkstatt.demography.models import ProjectedYear

ZERO = [0.0] * engine.AGES
NO_FERTILITY = [0.0] * len(engine.FERTILE_AGES)


def step(males, females, *, fertility=NO_FERTILITY, qx=ZERO, migration=ZERO):
    return engine.project_step(
        males=males, females=females, qx_male=qx, qx_female=qx, fertility=fertility,
        migration_male=migration, migration_female=migration, year=2025,
    )  # fmt: skip


def test_a_population_that_only_ages_moves_up_one_year_and_gathers_in_the_open_group():
    males = [float(x + 1) for x in range(engine.AGES)]
    result = step(males, ZERO)
    assert result.males[0] == 0
    assert result.males[1:100] == males[0:99]
    assert result.males[100] == males[99] + males[100]
    assert (result.births, result.deaths, result.net_migration) == (0, 0, 0)
    assert result.population_end == result.population_start == sum(males)


def test_a_population_with_only_births():
    # 100 women aged 30 at the start (31 at the end); 0.1 children per woman at every fertile age:
    # mean women aged 30 = (100 + 0) / 2 and aged 31 = (0 + 100) / 2 → births = 0.1 × (50 + 50) = 10
    females = [0.0] * engine.AGES
    females[30] = 100.0
    result = step(ZERO, females, fertility=[0.1] * len(engine.FERTILE_AGES))
    assert result.births == pytest.approx(10)
    assert result.males[0] == pytest.approx(10 * 1.05 / 2.05)
    assert result.females[0] == pytest.approx(10 / 2.05)
    assert result.females[31] == 100
    assert result.population_end == pytest.approx(110)


def test_a_population_with_only_migration():
    # 10 movers per age and sex into an empty town: half before, half after the (zero) mortality
    result = step(ZERO, ZERO, migration=[10.0] * engine.AGES)
    assert result.net_migration == pytest.approx(2 * 101 * 10)
    assert result.males[0] == 0
    assert result.males[1:100] == [10.0] * 99
    assert result.males[100] == 20.0


def test_half_the_migrants_are_exposed_to_mortality():
    qx = [0.5] * engine.AGES
    result = step(ZERO, ZERO, qx=qx, migration=[10.0] * engine.AGES)
    # per age and sex: 5 arrive before (2.5 die), 5 after
    assert result.deaths == pytest.approx(2 * 101 * 2.5)
    assert result.males[1] == pytest.approx(7.5)


def test_leavers_cannot_exceed_the_population():
    males = [1.0] * engine.AGES
    result = step(males, ZERO, migration=[-10.0] * engine.AGES)
    assert min(result.males) >= 0
    assert result.net_migration == pytest.approx(-sum(males))


@pytest.fixture
def base():
    men, women = pyramid_men_women(20)
    return [float(v) for v in men], [float(v) for v in women]


def test_every_projected_year_balances(base):
    table = engine.life_table()
    results = engine.project(
        males=base[0], females=base[1], base_year=2023, horizon_year=2070, qx_male=table.qx_male,
        qx_female=table.qx_female, fertility=engine.scaled_fertility(1.5), net_migration_rate=-8,
        mortality_decline=1,
    )  # fmt: skip
    assert [r.year for r in results] == list(range(2024, 2071))
    previous = sum(base[0]) + sum(base[1])
    for r in results:
        assert r.population_start == pytest.approx(previous)
        assert r.population_end == pytest.approx(r.population_start + r.births - r.deaths + r.net_migration)
        assert r.deaths > 0
        assert r.births > 0
        assert r.net_migration < 0
        previous = r.population_end


def test_lower_fertility_gives_fewer_children_in_every_projected_year(base):
    table = engine.life_table()

    def run(tfr):
        return engine.project(
            males=base[0], females=base[1], base_year=2023, horizon_year=2043, qx_male=table.qx_male,
            qx_female=table.qx_female, fertility=engine.scaled_fertility(tfr), net_migration_rate=2,
        )  # fmt: skip

    low, high = run(1.3), run(1.7)
    for k, (a, b) in enumerate(zip(low, high, strict=True), start=1):
        children = min(k, 15)
        assert sum(a.males[:children]) + sum(a.females[:children]) < sum(b.males[:children]) + sum(b.females[:children])
        assert a.births < b.births


def test_default_life_table_and_fertility_come_from_the_destatis_files():
    table = engine.life_table()
    assert table.period == "2022/24"
    assert table.qx_male[0] == pytest.approx(0.00338118)
    assert table.qx_female[100] == pytest.approx(0.37225504)
    assert "12621-0001" in table.source
    assert sum(engine.fertility_pattern()) == pytest.approx(1.354, abs=0.001)
    assert sum(engine.scaled_fertility(1.55)) == pytest.approx(1.55)


def test_open_age_group_is_spread_by_the_life_table():
    table = engine.life_table()
    males, females = engine.single_years(
        [("m", 0, 74, 750), ("m", 75, None, 100), ("f", 0, 0, 5)], table.qx_male, table.qx_female
    )
    assert males[0] == pytest.approx(10)
    assert sum(males[75:]) == pytest.approx(100)
    assert males[75] > males[90] > males[100] > 0
    assert females[0] == 5


SCENARIOS = [
    {"name": "niedrig", "total_fertility_rate": "1.40", "net_migration_per_1000": "-5",
     "mortality_decline_percent": "0"},
    {"name": "hoch", "total_fertility_rate": "1.70", "net_migration_per_1000": "5", "mortality_decline_percent": "1"},
]  # fmt: skip


@pytest.fixture
def base_figures(organisation, town_a, town_b):
    men, women = pyramid_men_women(3)
    services.batch_import(
        organisation=organisation, user=None, file_format="age_template", file_name="f.csv", source="Quelle",
        content=age_template_csv({town_a.ags: {2023: (men, women)}, town_b.ags: {2023: (men, women)}}),
    )  # fmt: skip


def save(organisation, **changes):
    values = {
        "title": "Bis 2040",
        "base_year": 2023,
        "horizon_year": 2040,
        "explanation": "Annahmen wie im Landesmodell.",
        "life_table": "de_2022_24",
        "migration_profile": "rogers_castro",
        "scenarios": SCENARIOS,
        **changes,
    }
    return services.projection_save(organisation=organisation, user=None, **values)


def test_saved_projection_stores_balanced_components_per_town_scenario_and_year(organisation, base_figures):
    projection = save(organisation)
    rows = ProjectedYear.objects.filter(scenario__projection=projection)
    assert rows.count() == 2 * 2 * 17
    for row in rows:
        assert row.population_end == pytest.approx(row.population_start + row.births - row.deaths + row.net_migration)
        assert sum(row.males) + sum(row.females) == pytest.approx(row.population_end, abs=0.5)
    low, high = projection.scenarios.all()
    assert (
        rows.filter(scenario=low, year=2040).first().population_end
        < rows.filter(scenario=high, year=2040).first().population_end
    )


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"scenarios": [{**SCENARIOS[0], "total_fertility_rate": "3.5"}]}, "__all__", "3.5"),
        ({"scenarios": [{**SCENARIOS[0], "total_fertility_rate": "0.4"}]}, "__all__", "0.4"),
        ({"scenarios": [{**SCENARIOS[0], "net_migration_per_1000": "150"}]}, "__all__", "150"),
        ({"horizon_year": 2080}, "horizon_year", "2070"),
        ({"horizon_year": 2020}, "horizon_year", ""),
        ({"base_year": 2019}, "base_year", "2023"),
        ({"explanation": " "}, "explanation", ""),
    ],
)
def test_assumptions_outside_sensible_ranges_are_refused_with_an_explanation(
    organisation, base_figures, changes, field, fragment
):
    with pytest.raises(ValidationError) as error:
        save(organisation, **changes)
    messages = error.value.message_dict[field]
    assert any(fragment in m for m in messages)
    assert ProjectedYear.objects.count() == 0
