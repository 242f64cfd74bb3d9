"""The demo's figures: the real totals from the fact sheet, the age structure flagged illustrative."""

from __future__ import annotations

from zukunftswerkstatt.demography import demo, services
from zukunftswerkstatt.demography.models import ImportBatch
from zukunftswerkstatt.demography.selectors import latest_indicator


def test_scaled_counts_keep_the_total():
    assert sum(demo.scaled(demo.VOGTLANDKREIS_MEN + demo.VOGTLANDKREIS_WOMEN, 18048)) == 18048
    assert sum(demo.VOGTLANDKREIS_MEN) + sum(demo.VOGTLANDKREIS_WOMEN) == 227796  # 12411-02-03-5-B, 14523, 2018


def test_demo_files_import_with_the_real_totals_and_the_illustrative_flag(organisation):
    from tests.factories import MunicipalityFactory

    towns = {
        ags: MunicipalityFactory(organisation=organisation, name=name, ags=ags)
        for name, ags in [("Auerbach/Vogtl.", demo.AUERBACH), ("Falkenstein/Vogtl.", demo.FALKENSTEIN),
                          ("Rodewisch", demo.RODEWISCH), ("Ellefeld", demo.ELLEFELD)]
    }  # fmt: skip
    services.batch_import(
        organisation=organisation, user=None, file_format="age_template", content=demo.population_file(),
        file_name="demo.csv", source=demo.SOURCE_POPULATION, is_illustrative=True,
    )  # fmt: skip
    services.batch_import(
        organisation=organisation, user=None, file_format="movement_template", content=demo.deaths_file(),
        file_name="deaths.csv", source=demo.SOURCE_DEATHS,
    )  # fmt: skip
    auerbach = latest_indicator(organisation=organisation, municipality=towns[demo.AUERBACH], key="population")
    assert (auerbach.value, auerbach.year, auerbach.is_illustrative) == (18048, 2020, True)
    ellefeld = latest_indicator(organisation=organisation, municipality=towns[demo.ELLEFELD], key="population")
    assert (ellefeld.value, ellefeld.year) == (2390, 2025)
    association = latest_indicator(organisation=organisation, key="population")
    assert (association.value, association.year) == (18048 + 7888 + 6361 + 2529, 2020)
    deaths = latest_indicator(organisation=organisation, municipality=towns[demo.AUERBACH], key="deaths_per_1000")
    # 2022 has neither its own nor the previous year's population; 2021 uses 31.12.2020 only
    assert deaths.year == 2021
    assert round(deaths.value, 1) == round(404 * 1000 / 18048, 1)
    assert ImportBatch.objects.filter(is_illustrative=True).count() == 1
