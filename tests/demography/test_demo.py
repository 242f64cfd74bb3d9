"""The demo's figures: the official files loaded through the importers, the age structure flagged illustrative."""

from __future__ import annotations

from datetime import date

from tests.factories import MunicipalityFactory
from zukunftswerkstatt.demography import demo
from zukunftswerkstatt.demography.models import ImportBatch, Movement, PopulationCount
from zukunftswerkstatt.demography.selectors import ASSOCIATION, dataset_get, latest_indicator

NAMES = {
    demo.AUERBACH: "Auerbach/Vogtl.",
    demo.FALKENSTEIN: "Falkenstein/Vogtl.",
    demo.RODEWISCH: "Rodewisch",
    demo.ELLEFELD: "Ellefeld",
}


def test_scaled_counts_keep_the_total():
    assert sum(demo.scaled([5, 3, 2], 18048)) == 18048


def test_the_district_structure_is_read_from_the_shipped_official_file():
    rows = demo.district_structure()
    assert len(rows) == 17 * 2
    assert sum(row.count for row in rows) == 227796  # 12411-02-03-5-B, Vogtlandkreis 14523, 31.12.2018
    assert {row.reference_date for row in rows} == {date(2018, 12, 31)}


def load_demo_figures(organisation, admin):
    towns = {ags: MunicipalityFactory(organisation=organisation, name=name, ags=ags) for ags, name in NAMES.items()}
    demo.import_figures(organisation=organisation, user=admin, towns=list(towns.values()))
    return towns


def test_demo_loads_the_official_files_and_keeps_the_structure_illustrative(organisation, org_admin):
    towns = load_demo_figures(organisation, org_admin)
    # 12410-010Z, Auerbach/Vogtl., 30.06.2022: 17,858 = 8,630 men + 9,228 women (official, not illustrative)
    auerbach = latest_indicator(organisation=organisation, municipality=towns[demo.AUERBACH], key="population")
    assert (auerbach.value, auerbach.reference_date, auerbach.is_illustrative) == (17858, date(2022, 6, 30), False)
    assert auerbach.date_label == "30.06.2022"
    counts = PopulationCount.objects.filter(municipality=towns[demo.AUERBACH], year=2022)
    assert {(c.sex, c.age_from, c.age_to, c.count) for c in counts} == {("m", 0, None, 8630), ("f", 0, None, 9228)}
    # the age structure on 30.06.2021 adds up to the official men and women of that day
    structure = PopulationCount.objects.filter(municipality=towns[demo.AUERBACH], year=2021)
    assert structure.count() == 17 * 2
    assert sum(structure.filter(sex="m").values_list("count", flat=True)) == 8642
    assert sum(structure.filter(sex="f").values_list("count", flat=True)) == 9236
    share = latest_indicator(organisation=organisation, municipality=towns[demo.AUERBACH], key="share_65_plus")
    assert (share.year, share.is_illustrative) == (2021, True)
    # 12613-010Z: deaths of the four towns 1980-2022 from the file, e.g. Auerbach 2022: 367, Ellefeld 1980: 62
    assert Movement.objects.get(municipality=towns[demo.AUERBACH], year=2022).deaths == 367
    assert Movement.objects.get(municipality=towns[demo.ELLEFELD], year=1980).deaths == 62
    assert Movement.objects.filter(municipality__in=towns.values()).count() == 4 * 43 + 1
    # the deaths per 1,000 of 2022 use the population on 30.06.2022 (the year's mean population)
    deaths = latest_indicator(organisation=organisation, municipality=towns[demo.AUERBACH], key="deaths_per_1000")
    assert (deaths.year, round(deaths.value, 2)) == (2022, round(367 * 1000 / 17858, 2))
    # Ellefeld: the press figures of 2025, totals only
    ellefeld = latest_indicator(organisation=organisation, municipality=towns[demo.ELLEFELD], key="population")
    assert (ellefeld.value, ellefeld.year, ellefeld.date_label) == (2390, 2025, "2025")
    births = latest_indicator(organisation=organisation, municipality=towns[demo.ELLEFELD], key="births_per_1000")
    assert round(births.value, 2) == round(7 * 1000 / 2390, 2)
    assert ImportBatch.objects.filter(is_illustrative=True).count() == 1
    assert ImportBatch.objects.filter(format="genesis_table").count() == 2
    data = dataset_get(organisation_id=organisation.pk, municipalities=list(towns.values()))
    assert data[ASSOCIATION].years == list(range(2011, 2023))
