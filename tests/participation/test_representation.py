"""Participation against the population on hand-computed cases (docs/participation.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from zukunftswerkstatt.core.suppression import TOTAL, Table, suppressed_cells
from zukunftswerkstatt.demography.selectors import population_by_age_group
from zukunftswerkstatt.participation import selectors
from zukunftswerkstatt.participation.representation import representation

from .conftest import population

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # The sentences are checked in the source language (German comes with the translation).
    with translation.override("en"):
        yield


def process_year(process):
    return selectors.reference_year(process)


# --- the population ---------------------------------------------------------------------------------


def test_single_years_are_summed_and_groups_spread_evenly_over_their_years(organisation, town_a):
    population(
        organisation,
        2023,
        [
            (town_a, "m", 20, 20, 10),
            (town_a, "f", 20, 20, 5),
            (town_a, "f", 15, 19, 50),  # 10 a year: 15 → 12-15, 16-17 → 16-17, 18-19 → 18-29
        ],
    )

    result = population_by_age_group(organisation, 2024)

    assert result.year == 2023
    assert result.reference_date == dt.date(2023, 12, 31)
    assert result.by_town_and_group[(town_a.pk, "12-15")] == pytest.approx(10)
    assert result.by_town_and_group[(town_a.pk, "16-17")] == pytest.approx(20)
    assert result.by_town_and_group[(town_a.pk, "18-29")] == pytest.approx(35)
    assert result.town_totals == {town_a.pk: 65}


def test_an_open_group_is_spread_by_the_life_tables_survivors(organisation, town_a):
    population(organisation, 2023, [(town_a, "f", 75, None, 1000)])

    result = population_by_age_group(organisation, 2023)

    younger = result.by_town_and_group[(town_a.pk, "65-79")]
    older = result.by_town_and_group[(town_a.pk, "80+")]
    assert younger + older == pytest.approx(1000)
    # Five years 75-79 against 21 years 80-100, but survivors thin out: more than 5/26 evenly, fewer than half.
    assert 1000 * 5 / 26 < younger < 500


def test_the_latest_year_up_to_the_reference_year_is_used_else_the_earliest(organisation, town_a):
    population(organisation, 2020, [(town_a, "m", 0, None, 100)])
    population(organisation, 2022, [(town_a, "m", 0, None, 120)])

    assert population_by_age_group(organisation, 2021).year == 2020
    assert population_by_age_group(organisation, 2030).year == 2022
    assert population_by_age_group(organisation, 2010).year == 2020
    assert population_by_age_group(organisation, None).year == 2022


def test_each_town_uses_its_own_latest_year(organisation, town_a, town_b):
    population(organisation, 2020, [(town_a, "m", 0, None, 100)])
    population(organisation, 2023, [(town_b, "m", 0, None, 50)], reference_date=dt.date(2023, 6, 30))

    result = population_by_age_group(organisation, 2024)

    assert result.years == {town_a.pk: 2020, town_b.pk: 2023}
    assert result.reference_dates == {town_a.pk: dt.date(2020, 12, 31), town_b.pk: dt.date(2023, 6, 30)}
    assert result.town_totals == {town_a.pk: 100, town_b.pk: 50}


def test_a_year_with_ages_is_preferred_to_a_later_year_with_totals_only(organisation, town_a):
    """As in the demo: the age structure on 30 June 2021, then Statistik Sachsen's 12410-010Z totals by
    sex (one cell "0 and older" per sex) up to 2022. The age comparison needs the 2021 figures."""
    population(
        organisation, 2021, [(town_a, "m", 0, 64, 60), (town_a, "f", 65, None, 40)], reference_date=dt.date(2021, 6, 30)
    )
    population(
        organisation,
        2022,
        [(town_a, "m", 0, None, 55), (town_a, "f", 0, None, 44)],
        reference_date=dt.date(2022, 6, 30),
    )

    result = population_by_age_group(organisation, 2026)

    assert result.years == {town_a.pk: 2021}
    assert result.has_ages
    assert result.town_totals == {town_a.pk: 100}
    assert sum(result.by_town_and_group.values()) == pytest.approx(100)


def test_totals_without_ages_by_sex_compare_towns_only(organisation, town_a, town_b):
    population(organisation, 2023, [(town_a, "m", 0, 29, 40), (town_a, "f", 30, None, 60)])
    population(organisation, 2023, [(town_b, "t", 0, None, 500)])  # a totals-only layout (both sexes)

    result = population_by_age_group(organisation, 2023)

    assert result.town_totals == {town_a.pk: 100, town_b.pk: 500}
    assert not result.has_ages


# --- suppression ------------------------------------------------------------------------------------


def test_a_small_figure_is_hidden_with_enough_others_that_it_cannot_be_recomputed():
    values = {("r1", "c1"): 3, ("r1", "c2"): 10, ("r2", "c1"): 7, ("r2", "c2"): 8}
    table = Table.build(values, ["r1", "r2"], ["c1", "c2"])

    hidden = {cell for cell, figure in table.figures.items() if figure.hidden}

    # The 3, then the smallest of its row (10) and of its column (7), then 8 to keep column c2 safe.
    assert hidden == {("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2")}
    assert str(table.get("r1", "c1")) == "< 5"
    assert str(table.get("r1", TOTAL)) == "13"


def test_a_small_figure_alone_in_its_row_hides_the_rows_total_too():
    values = {("r1", "c1"): 3, ("r1", "c2"): 0, ("r2", "c1"): 10, ("r2", "c2"): 10}
    full = {**values, ("r1", TOTAL): 3, ("r2", TOTAL): 20, (TOTAL, "c1"): 13, (TOTAL, "c2"): 10, (TOTAL, TOTAL): 23}

    hidden = suppressed_cells(full, ["r1", "r2"], ["c1", "c2"])

    assert hidden == {("r1", "c1"), ("r1", TOTAL), ("r2", "c1"), ("r2", TOTAL)}
    assert ("r1", "c2") not in hidden  # zero is shown


def test_nothing_is_hidden_without_small_figures():
    values = {("r1", "c1"): 0, ("r1", "c2"): 10}
    assert not any(figure.hidden for figure in Table.build(values, ["r1"], ["c1", "c2"]).figures.values())


# --- the comparison ---------------------------------------------------------------------------------


def _people(world, town, age, n):
    for _ in range(n):
        world.idea(town=town, age=age)


@pytest.fixture
def two_towns(world, organisation, town_a, town_b):
    """Town A: 100 aged 20 and 100 aged 70; town B: 200 aged 20, nobody 65-79. 10 + 30 people from A."""
    population(
        organisation,
        process_year(world.process),
        [(town_a, "m", 20, 20, 100), (town_a, "f", 70, 70, 100), (town_b, "m", 20, 20, 200)],
    )
    _people(world, town_a, "18-29", 10)
    _people(world, town_a, "65-79", 30)
    return world


def test_the_index_is_the_participants_share_over_the_population_share(two_towns, town_a, town_b):
    count = selectors.participation_count(process=two_towns.process)
    result = representation(process=two_towns.process, count=count)

    young_a = result.cells[(town_a.pk, "18-29")]
    assert young_a.participant_share == pytest.approx(0.25)
    assert young_a.population_share == pytest.approx(0.25)
    assert young_a.index == pytest.approx(1.0)
    assert result.cells[(town_a.pk, "65-79")].index == pytest.approx(3.0)
    assert result.town_cells[town_a.pk].index == pytest.approx(2.0)  # all 40 from A, half the inhabitants


def test_a_town_with_no_participants_has_index_zero_and_is_named_not_reached(two_towns, town_b):
    result = representation(process=two_towns.process, count=selectors.participation_count(process=two_towns.process))

    assert result.town_cells[town_b.pk].index == 0
    assert result.cells[(town_b.pk, "18-29")].index == 0
    assert "People aged 18 to 29 from Ellefeld have not been reached." in result.missing


def test_an_age_group_without_population_has_no_index_and_says_why(two_towns, town_b):
    result = representation(process=two_towns.process, count=selectors.participation_count(process=two_towns.process))

    cell = result.cells[(town_b.pk, "65-79")]
    assert cell.index is None
    assert cell.index_text == "–"
    assert cell.reason == "No inhabitants of this group in the population figures."
    assert not any("65 to 79 from Ellefeld" in sentence for sentence in result.missing)


def test_a_group_below_half_its_share_is_named_hardly_represented(world, organisation, town_a):
    # Town A: 300 aged 20, 100 aged 70 (shares 0.75 / 0.25); 5 young and 20 old people take part.
    population(organisation, process_year(world.process), [(town_a, "m", 20, 20, 300), (town_a, "f", 70, 70, 100)])
    _people(world, town_a, "18-29", 5)
    _people(world, town_a, "65-79", 20)

    result = representation(process=world.process, count=selectors.participation_count(process=world.process))

    assert result.cells[(town_a.pk, "18-29")].index == pytest.approx(0.2 / 0.75)
    assert "People aged 18 to 29 from Auerbach/Vogtl. are hardly represented." in result.missing
    assert not any("65 to 79" in sentence for sentence in result.missing)


def test_too_few_stated_details_name_no_groups(world, organisation, town_a):
    population(organisation, process_year(world.process), [(town_a, "m", 20, 20, 300)])
    _people(world, town_a, "18-29", 6)

    result = representation(process=world.process, count=selectors.participation_count(process=world.process))

    assert result.missing == [
        "Only 6 people have stated their town and age group so far; missing groups are named from 20 on."
    ]


def test_without_any_details_only_channels_and_towns_and_a_sentence_why(world, organisation, town_a):
    population(organisation, process_year(world.process), [(town_a, "m", 20, 20, 300)])
    world.idea()
    world.idea(channel="phone")

    result = representation(process=world.process, count=selectors.participation_count(process=world.process))

    assert not result.compares_ages
    assert result.missing == []
    assert any("needs the optional question" in note for note in result.notes)


def test_small_cells_hide_their_shares_and_index(world, organisation, town_a):
    population(organisation, process_year(world.process), [(town_a, "m", 20, 20, 300), (town_a, "f", 70, 70, 100)])
    _people(world, town_a, "18-29", 3)
    _people(world, town_a, "65-79", 20)

    result = representation(process=world.process, count=selectors.participation_count(process=world.process))

    young = result.cells[(town_a.pk, "18-29")]
    assert str(young.participants) == "< 5"
    assert young.participant_share is None
    assert young.index is None
    assert young.reason == "Hidden with the small number of people."
    # The other figure of the row is hidden too, so that the row's total cannot give the 3 away.
    assert result.cells[(town_a.pk, "65-79")].participants.hidden
