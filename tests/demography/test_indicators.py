"""Indicators against values computed by hand."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.demography.helpers import AGE_GROUPS, age_template_csv, classic_long_csv, movement_csv, uniform_population
from zukunftswerkstatt.demography import services
from zukunftswerkstatt.demography.compute import Cell, Structure
from zukunftswerkstatt.demography.selectors import dataset_get, latest_indicator


def load(organisation, content, file_format="age_template"):
    services.batch_import(
        organisation=organisation, user=None, file_format=file_format, content=content, file_name="f.csv",
        source="Quelle",
    )  # fmt: skip


@pytest.fixture
def one_per_age(organisation, town_a):
    """One man and one woman at every age 0…99 and one each aged 100+, on 31.12.2022 and 2023 (twice as many)."""
    load(organisation, age_template_csv({town_a.ags: {2022: uniform_population(1), 2023: uniform_population(2)}}))
    load(organisation, movement_csv([(town_a.ags, 2023, 10, 20, 30, 10)]), "movement_template")


def value(organisation, town, key, **kwargs):
    result = latest_indicator(organisation=organisation, municipality=town, key=key, **kwargs)
    return None if result is None else result.value


def test_shares_and_ratios_by_hand(organisation, town_a, one_per_age):
    # 2023: 2 per age and sex → 404 people; under 20: 80, 20–64: 180, 65+: 144, 80+: 84
    assert value(organisation, town_a, "population") == 404
    assert value(organisation, town_a, "share_under_20") == pytest.approx(80 / 404 * 100)
    assert value(organisation, town_a, "share_20_64") == pytest.approx(180 / 404 * 100)
    assert value(organisation, town_a, "share_65_plus") == pytest.approx(144 / 404 * 100)
    assert value(organisation, town_a, "share_80_plus") == pytest.approx(84 / 404 * 100)
    assert value(organisation, town_a, "youth_dependency_ratio") == pytest.approx(80 / 180 * 100)
    assert value(organisation, town_a, "old_age_dependency_ratio") == pytest.approx(80.0)


def test_average_age_counts_completed_years_plus_half(organisation, town_a, one_per_age):
    # ages 0…99 count x + 0.5 (sum 5000 per person per age), the open group 100+ counts 102.5
    assert value(organisation, town_a, "average_age") == pytest.approx((5000 + 102.5) / 101)


def test_population_change_since_a_chosen_year(organisation, town_a, one_per_age):
    result = latest_indicator(organisation=organisation, municipality=town_a, key="population_change", since=2022)
    assert (result.value, result.year, result.compared_with) == (pytest.approx(100.0), 2023, 2022)


def test_rates_per_1000_use_the_mean_population_of_the_year(organisation, town_a, one_per_age):
    mean = (202 + 404) / 2
    assert value(organisation, town_a, "births_per_1000") == pytest.approx(10 * 1000 / mean)
    assert value(organisation, town_a, "deaths_per_1000") == pytest.approx(20 * 1000 / mean)
    assert value(organisation, town_a, "natural_balance_per_1000") == pytest.approx(-10 * 1000 / mean)
    assert value(organisation, town_a, "migration_balance_per_1000") == pytest.approx(20 * 1000 / mean)


def test_association_is_the_sum_of_its_towns(organisation, town_a, town_b, one_per_age):
    load(organisation, age_template_csv({town_b.ags: {2023: uniform_population(1)}}))
    result = latest_indicator(organisation=organisation, key="population")
    assert (result.value, result.year) == (606, 2023)
    assert latest_indicator(organisation=organisation, key="old_age_dependency_ratio").value == pytest.approx(80.0)
    # town B has no movements: the association's rates cannot be computed
    assert latest_indicator(organisation=organisation, key="births_per_1000") is None


def test_age_groups_give_no_share_80_plus_and_use_group_middles(organisation, town_a, town_b):
    counts = [(10, 10)] * len(AGE_GROUPS)
    load(organisation, classic_long_csv({town_a.ags: ("Auerbach", counts)}), "rdb_classic")
    assert value(organisation, town_a, "share_80_plus") is None
    series = dataset_get(organisation_id=organisation.pk, municipalities=[town_a])[town_a.pk]
    with translation.override("en"):
        assert "needs other age groups" in series.missing("share_80_plus")
    middles = [((low + high + 1) / 2 if high is not None else 82.5) for _label, low, high in AGE_GROUPS]
    assert value(organisation, town_a, "average_age") == pytest.approx(sum(middles) / len(middles))
    assert value(organisation, town_a, "share_65_plus") == pytest.approx(2 / 17 * 100)


def test_a_group_straddling_a_bound_gives_none():
    structure = Structure(year=2020, reference_date=None, cells=[Cell("m", 0, 24, 10), Cell("m", 25, None, 10)])
    assert structure.between(0, 19) is None
    assert structure.between(25) == 10
