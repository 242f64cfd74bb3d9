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
IMMORTAL = engine.Survival(cohort=(1.0,) * engine.AGES, newborn=1.0)


def step(males, females, *, fertility=NO_FERTILITY, survival=IMMORTAL, male_survival=None, migration=ZERO):
    return engine.project_step(
        males=males, females=females, survival_male=male_survival or survival, survival_female=survival,
        fertility=fertility, migration_male=migration, migration_female=migration, year=2025,
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
    half = engine.Survival(cohort=(0.5,) * engine.AGES, newborn=0.5)
    result = step(ZERO, ZERO, survival=half, migration=[10.0] * engine.AGES)
    # per age and sex: 5 arrive before (2.5 die), 5 after
    assert result.deaths == pytest.approx(2 * 101 * 2.5)
    assert result.males[1] == pytest.approx(7.5)


def test_leavers_cannot_exceed_the_population():
    males = [1.0] * engine.AGES
    result = step(males, ZERO, migration=[-10.0] * engine.AGES)
    assert min(result.males) >= 0
    assert result.net_migration == pytest.approx(-sum(males))


def tiny_table(*, infant_separation=0.1, open_group_years=20000.0):
    """A made-up life table: 900 of the 100,000 born die in every year of age up to 100 (l(100) = 10,000).

    Those who die at age 0 live a tenth of the year (a(0) = 0.1), at older ages half of it, and the
    open group 100+ lives 20,000 person-years (e(100) = 2).
    """
    lx = [100000.0 - 900 * x for x in range(engine.AGES)]
    Lx = [lx[x + 1] + (infant_separation if x == 0 else 0.5) * 900 for x in range(engine.OPEN)] + [5000.0]
    Tx = [open_group_years]
    for x in reversed(range(engine.OPEN)):
        Tx.insert(0, Lx[x] + Tx[0])
    qx = [900 / lx[x] for x in range(engine.OPEN)] + [0.5]
    return engine.SexLifeTable(qx=tuple(qx), lx=tuple(lx), Lx=tuple(Lx), Tx=tuple(Tx))


def test_one_cohort_by_completed_age_survives_a_year_with_the_ratio_of_person_years():
    # 1,000 men aged 40 on 31 Dec: l(40) = 64,000, l(41) = 63,100, l(42) = 62,200, so
    # L(40) = 63,550 and L(41) = 62,650; a year later 1,000 × 62,650 / 63,550 are aged 41.
    males = [0.0] * engine.AGES
    males[40] = 1000.0
    result = step(males, ZERO, male_survival=tiny_table().survival())
    assert result.males[41] == pytest.approx(1000 * 62650 / 63550)  # 985.838
    assert result.deaths == pytest.approx(1000 * 900 / 63550)  # 14.162
    # the probability between exact ages, 1 − q(40) = 63,100 / 64,000, would leave 985.938 alive
    assert result.males[41] != pytest.approx(1000 * 63100 / 64000, abs=0.05)
    assert sum(result.males) == result.males[41]


def test_the_people_aged_99_and_the_open_group_reach_100_and_over_with_t100_over_t99():
    # L(99) = (10,900 + 10,000) / 2 = 10,450, T(100) = 20,000, T(99) = 30,450
    males = [0.0] * engine.AGES
    males[99], males[100] = 10.0, 20.0
    result = step(males, ZERO, male_survival=tiny_table().survival())
    assert result.males[100] == pytest.approx(30 * 20000 / 30450)  # 19.704
    assert result.deaths == pytest.approx(30 * 10450 / 30450)  # 10.296
    assert result.population_end == pytest.approx(result.males[100])


def test_newborns_survive_to_the_end_of_their_year_with_l0_over_radix():
    # 100 women aged 30 who do not die, 0.1 children per woman at every age: 10 births, 10 × 1.05 / 2.05
    # boys of whom L(0)/l(0) = (99,100 + 0.1 × 900) / 100,000 = 0.9919 are alive on 31 December.
    females = [0.0] * engine.AGES
    females[30] = 100.0
    result = step(ZERO, females, fertility=[0.1] * len(engine.FERTILE_AGES), male_survival=tiny_table().survival())
    boys = 10 * 1.05 / 2.05
    assert result.births == pytest.approx(10)
    assert result.males[0] == pytest.approx(boys * 0.9919)
    assert result.females[0] == pytest.approx(10 - boys)
    assert result.deaths == pytest.approx(boys * 0.0081)


def test_lower_mortality_rebuilds_the_life_table_with_its_own_separation_factors():
    survival = tiny_table().survival(0.5)  # every q(x) halved
    # l'(1) = 100,000 × (1 − 0.5 × 0.009) = 99,550; L'(0) = l'(1) + a(0) × 450 with a(0) = 0.1
    assert survival.newborn == pytest.approx(99595 / 100000)
    l2 = 99550 * (1 - 0.5 * 900 / 99100)
    assert survival.cohort[0] == pytest.approx((99550 + l2) / 2 / 99595)
    # the open group: e'(100) = e(100) / 0.5 = 4, so with r = l'(100)/l'(99) = 1 − 450/10,900
    # T'(100) = 4 r l'(99), L'(99) = (1 + r) l'(99) / 2
    r = 1 - 450 / 10900
    assert survival.cohort[99] == survival.cohort[100] == pytest.approx(4 * r / ((1 + r) / 2 + 4 * r))
    unchanged = tiny_table().survival()
    assert all(s > u for s, u in zip(survival.cohort, unchanged.cohort, strict=True))


@pytest.mark.parametrize("sex", ["male", "female"])
@pytest.mark.parametrize("key", ["de_2022_24", "de_2020_22"])
def test_without_a_fall_in_mortality_survival_is_the_ratio_of_the_tables_person_years(key, sex):
    columns = getattr(engine.life_table(key), sex)
    survival = columns.survival(1.0)
    L, T = columns.Lx, columns.Tx
    assert survival.cohort[:99] == pytest.approx([L[x + 1] / L[x] for x in range(99)], rel=1e-12)
    assert survival.cohort[99] == survival.cohort[100] == pytest.approx(T[100] / T[99], rel=1e-12)
    assert survival.newborn == pytest.approx(L[0] / 100000, rel=1e-12)


def test_a_yearly_fall_in_mortality_compounds_and_lowers_the_deaths_of_every_year(base):
    table = engine.life_table()
    common = {"males": base[0], "females": base[1], "base_year": 2023, "horizon_year": 2033, "life_table": table,
              "fertility": NO_FERTILITY}  # fmt: skip
    constant = engine.project(**common)
    falling = engine.project(**common, mortality_decline=1)
    assert all(f.deaths < c.deaths for f, c in zip(falling, constant, strict=True))
    # the second projected year uses every death probability × 0.99²
    second = engine.project_step(
        males=falling[0].males, females=falling[0].females, survival_male=table.male.survival(0.99**2),
        survival_female=table.female.survival(0.99**2), fertility=NO_FERTILITY, migration_male=ZERO,
        migration_female=ZERO, year=2025,
    )  # fmt: skip
    assert second.deaths == pytest.approx(falling[1].deaths, rel=1e-12)
    with pytest.raises(ValueError, match="mortality"):
        table.male.survival(1.01)
    with pytest.raises(ValueError, match="mortality"):
        engine.project(**common, mortality_decline=-1)


def test_a_life_table_without_every_age_or_with_growing_survivors_is_refused():
    columns = tiny_table()
    with pytest.raises(ValueError, match="ages"):
        engine.SexLifeTable(qx=columns.qx[:-1], lx=columns.lx[:-1], Lx=columns.Lx[:-1], Tx=columns.Tx[:-1])
    with pytest.raises(ValueError, match="grow"):
        engine.SexLifeTable(qx=columns.qx, lx=(*columns.lx[:-1], 20000.0), Lx=columns.Lx, Tx=columns.Tx)


@pytest.fixture
def base():
    men, women = pyramid_men_women(20)
    return [float(v) for v in men], [float(v) for v in women]


def test_every_projected_year_balances(base):
    table = engine.life_table()
    results = engine.project(
        males=base[0], females=base[1], base_year=2023, horizon_year=2070, life_table=table,
        fertility=engine.scaled_fertility(1.5), net_migration_rate=-8,
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
            males=base[0], females=base[1], base_year=2023, horizon_year=2043, life_table=table,
            fertility=engine.scaled_fertility(tfr), net_migration_rate=2,
        )  # fmt: skip

    low, high = run(1.3), run(1.7)
    for k, (a, b) in enumerate(zip(low, high, strict=True), start=1):
        children = min(k, 15)
        assert sum(a.males[:children]) + sum(a.females[:children]) < sum(b.males[:children]) + sum(b.females[:children])
        assert a.births < b.births


def test_default_life_table_and_fertility_come_from_the_destatis_files():
    table = engine.life_table()
    assert table.period == "2022/24"
    # the first and the last row of each sex in the file: q(x), l(x), L(x), T(x)
    assert (table.male.qx[0], table.male.lx[0], table.male.Lx[0], table.male.Tx[0]) == (
        pytest.approx(0.00338118), 100000, 99703, 7846744,
    )  # fmt: skip
    assert (table.female.qx[100], table.female.lx[100], table.female.Lx[100], table.female.Tx[100]) == (
        pytest.approx(0.37225504), 1734, 1411, 3467,
    )  # fmt: skip
    assert table.male.Tx[99] == 1593
    assert engine.life_table("de_2020_22").period == "2020/22"
    assert "12621-0001" in table.source
    assert sum(engine.fertility_pattern()) == pytest.approx(1.354, abs=0.001)
    assert sum(engine.scaled_fertility(1.55)) == pytest.approx(1.55)


def test_open_age_group_is_spread_like_the_stationary_population_by_completed_age():
    table = engine.life_table()
    males, females = engine.single_years([("m", 0, 74, 750), ("m", 75, None, 100), ("f", 0, 0, 5)], table)
    assert males[0] == pytest.approx(10)
    assert sum(males[75:]) == pytest.approx(100)
    assert males[75] > males[90] > males[100] > 0
    # the people aged x in the life table's population are L(x); those aged 100 and over T(100)
    assert males[76] / males[75] == pytest.approx(table.male.Lx[76] / table.male.Lx[75])
    assert males[100] / males[99] == pytest.approx(907 / 686)
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
