"""The interfaces other apps use: INDICATORS, latest_indicator, profile_section and its template."""

from __future__ import annotations

from django.template.loader import render_to_string

from tests.demography.conftest import pyramid_men_women
from zukunftswerkstatt.demography.indicators import INDICATORS
from zukunftswerkstatt.demography.selectors import latest_indicator, profile_section

REQUIRED = [
    "population",
    "population_change",
    "share_under_20",
    "share_20_64",
    "share_65_plus",
    "share_80_plus",
    "youth_dependency_ratio",
    "old_age_dependency_ratio",
    "average_age",
    "births_per_1000",
    "deaths_per_1000",
    "natural_balance_per_1000",
    "migration_balance_per_1000",
]


def test_indicators_have_the_required_keys_in_order_with_definitions():
    assert list(INDICATORS)[: len(REQUIRED)] == REQUIRED
    for key, indicator in INDICATORS.items():
        assert indicator.key == key
        assert str(indicator.name)
        assert str(indicator.unit)
        assert str(indicator.definition)


def test_latest_indicator_is_none_without_data(organisation, town_a):
    assert latest_indicator(organisation=organisation, municipality=town_a, key="population") is None
    assert latest_indicator(organisation=organisation, key="population") is None


def test_latest_indicator_gives_value_year_and_source_for_a_town_and_the_association(
    organisation, town_a, town_b, figures
):
    men, women = pyramid_men_women(1)
    one_town = sum(men) + sum(women)
    result = latest_indicator(organisation=organisation, municipality=town_a, key="population")
    assert (result.value, result.year, result.source) == (2 * one_town, 2023, "Testquelle")
    assert str(result.reference_date) == "2023-12-31"
    association = latest_indicator(organisation=organisation, key="population")
    assert association.value == 3 * one_town


def test_latest_indicator_of_another_organisations_town_is_none(other_organisation, town_a, figures):
    assert latest_indicator(organisation=other_organisation, municipality=town_a, key="population") is None


def test_profile_section_renders_indicators_and_accessible_charts(process, demography_module, figures):
    context = profile_section(process=process, module=demography_module)
    html = render_to_string("demography/includes/profile_section.html", context)
    assert 'role="img"' in html
    assert "<title id=" in html
    assert "<desc id=" in html
    assert "<details>" in html
    assert "chart.csv" in html
    printed = render_to_string("demography/includes/profile_section.html", {**context, "for_print": True})
    assert "<details>" not in printed
    assert "<table" in printed


def test_profile_section_prints_with_weasyprint(process, demography_module, figures):
    from weasyprint import HTML

    context = {**profile_section(process=process, module=demography_module), "for_print": True}
    html = render_to_string("demography/includes/profile_section.html", context)
    pdf = HTML(string=f"<html><body>{html}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF")
