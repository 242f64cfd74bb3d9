"""GENESIS tables: Statistik Sachsen's time series per municipality (population on 30 June, deaths, and
their siblings for births and moves), rate tables (refused), and tables without a split by sex.

Real files: 12410-010Z and 12613-010Z (shipped for the demo in zukunftswerkstatt/demography/data/official),
12613-020Z, 12411-0017 and 12411-0005 (tests/demography/data); excerpts and provenance in those folders'
SOURCES notes. No real births or moves table was found: those tests write files in exactly the layout of
the real 12613-010Z (`saxony_series_csv`, whose output is checked byte for byte against the real file
below) with the measure words “Lebendgeborene”, “Zuzüge” and “Fortzüge”.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from tests.demography.helpers import (
    age_template_csv,
    real_file,
    saxony_movement_csv,
    saxony_series_csv,
    uniform_population,
)
from tests.demography.test_importers import _english, problems_of, run  # noqa: F401 - a fixture
from zukunftswerkstatt.demography import charts, importers, selectors, services
from zukunftswerkstatt.demography.models import ImportBatch, Movement, PopulationCount

POPULATION = "statistik-sachsen_12410-010Z_bevoelkerung-30-06_gemeinden_2011-2022_EXCERPT.csv"
DEATHS = "statistik-sachsen_12613-010Z_gestorbene_gemeinden_1980-2022_EXCERPT.csv"
DEATH_RATES = "statistik-sachsen_12613-020Z_gestorbene-je-1000-ew_gemeinden_1983-2022_EXCERPT.csv"
DISTRICTS = "genesis_12411-0017_kreise_altersgruppen_2019.csv"
GERMANY = "genesis_12411-0005_deutschland_altersjahre_1970-2022.csv"
POPULATION_HEADERS = [["Insgesamt", "männlich", "weiblich"]]
POPULATION_TITLES = [
    "Fortschreibung zum 30.06. nach Geschlecht auf Gemeinden",
    "(Gebietsstand 01.01.2023)",
    "Fortschreibung des Bev.standes (Basis 9.5.2011) ",
    "Bevölkerung am 30.06. (absolut)",
]


def population_csv(rows) -> bytes:
    return saxony_series_csv("12410-010Z", POPULATION_TITLES, POPULATION_HEADERS, rows)


def series(organisation, *towns):
    return selectors.dataset_get(organisation_id=organisation.pk, municipalities=list(towns))


# --- real files ----------------------------------------------------------------------------------


def test_real_population_on_30_june_imports_the_member_towns_by_sex_without_ages(organisation, town_a, town_b):
    batch = run(organisation, real_file(POPULATION), "genesis_table", skip_other_regions=True)
    assert batch.row_count == 2 * 12 * 2  # two towns, 2011-2022, men and women
    assert "27 other regions" in batch.note
    first = PopulationCount.objects.filter(municipality=town_a, year=2011)
    assert {(c.sex, c.age_from, c.age_to, c.count) for c in first} == {("m", 0, None, 9365), ("f", 0, None, 10199)}
    assert {c.reference_date for c in first} == {date(2011, 6, 30)}
    data = series(organisation, town_a, town_b)
    assert data[town_a.pk].total(2011) == 19564
    result = data[town_a.pk].indicator("population")
    assert (result.value, result.date_label) == (17858, "30.06.2022")
    change = data[town_a.pk].indicator("population_change")
    assert (change.compared_label, change.date_label) == ("30.06.2011", "30.06.2022")
    # no ages in the file: the age indicators say what they need instead of showing a wrong number
    assert data[town_a.pk].indicator("share_65_plus") is None
    assert data[town_a.pk].indicator("average_age") is None
    assert "needs the population by age" in data[town_a.pk].missing("average_age")
    assert data[town_a.pk].latest_by_age_and_sex is None


def test_real_population_without_leaving_out_other_regions_names_the_first_foreign_key(organisation, town_a):
    problems = problems_of(organisation, real_file(POPULATION), "genesis_table")
    assert (problems[0].line, problems[0].column) == (7, "AGS")
    assert "“14”" in problems[0].message


def test_real_deaths_import_as_counts_per_year(organisation, town_a, town_b):
    batch = run(organisation, real_file(DEATHS), "genesis_table", skip_other_regions=True)
    assert batch.row_count == 2 * 43
    assert Movement.objects.get(municipality=town_a, year=1980).deaths == 405
    assert Movement.objects.get(municipality=town_b, year=2022).births is None
    assert not PopulationCount.objects.exists()


def test_the_demo_writer_reproduces_the_real_deaths_file_byte_for_byte():
    """Proof that `saxony_series_csv` writes the real layout, so the births and moves files below are faithful."""
    content = real_file(DEATHS)
    lines = content.decode("latin-1").split("\n")
    data = list(csv.reader(io.StringIO("\n".join(lines[7:-8])), delimiter=";"))
    rows = [(when, ags, name.strip(), *values) for when, ags, name, *values in data]
    footer = lines[-8:-1]
    written = saxony_series_csv(
        "12613-010Z",
        ["Gestorbene (absolut) nach Geschlecht", "auf Gemeinden (Gebietsstand 01.01.2023)", "Sterbefälle"],
        [["Gestorbene"] * 3, ["Insgesamt", "männlich", "weiblich"], ["absolut"] * 3],
        rows,
        footer=footer,
    )
    assert written == content


def test_real_rate_table_is_refused_and_names_the_table_to_import_instead(organisation, town_a):
    problems = problems_of(organisation, real_file(DEATH_RATES), "genesis_table", skip_other_regions=True)
    assert len(problems) == 1
    assert problems[0].line == 1
    assert "12613-020Z gives a rate" in problems[0].message
    assert "12613-010Z" in problems[0].message


def test_the_computed_death_rate_matches_the_official_rate_table(organisation, town_a, town_b):
    """12613-020Z is used as a check: deaths per 1,000 computed from 12613-010Z and the population on
    30 June (12410-010Z) give the state office's published rates, 2011-2022, for both towns."""
    run(organisation, real_file(POPULATION), "genesis_table", skip_other_regions=True)
    run(organisation, real_file(DEATHS), "genesis_table", skip_other_regions=True)
    official = {}
    for row in csv.reader(io.StringIO(real_file(DEATH_RATES).decode("latin-1")), delimiter=";"):
        if len(row) == 4 and row[1] in (town_a.ags, town_b.ags) and 2011 <= int(row[0]) <= 2022:
            official[(row[1], int(row[0]))] = float(row[3].replace(",", "."))
    data = series(organisation, town_a, town_b)
    computed = {
        (town.ags, year): round(data[town.pk].movement_values(year)["deaths_per_1000"], 1)
        for town in (town_a, town_b)
        for year in range(2011, 2023)
    }
    assert len(official) == 24
    # The office divides by the mean of the populations on 31 December of the previous year and of the
    # year; the population on 30 June differs from it by a few people, so the rates agree to 0.3 per 1,000
    # (Ellefeld has 2,500 inhabitants: one death is 0.4 per 1,000).
    assert official.keys() == computed.keys()
    assert max(round(abs(computed[key] - official[key]), 1) for key in official) <= 0.3
    assert sum(abs(computed[key] - official[key]) for key in official) / len(official) < 0.15


def test_real_district_table_without_split_by_sex_reads_age_groups_as_totals():
    parsed = importers.parse_genesis_table(importers.decode(real_file(DISTRICTS)), keep="14523".__eq__)
    assert {row.sex for row in parsed.population} == {"t"}
    assert len(parsed.population) == 17
    assert sum(row.count for row in parsed.population) == 225997  # the row's “Insgesamt”
    assert (parsed.population[-1].age_from, parsed.population[-1].age_to) == (75, None)
    assert {row.reference_date for row in parsed.population} == {date(2019, 12, 31)}
    assert len(parsed.skipped_regions) == 475


def test_real_district_table_has_no_member_town_and_says_so(organisation, town_a):
    problems = problems_of(organisation, real_file(DISTRICTS), "genesis_table", skip_other_regions=True)
    assert "no figures for a member town" in problems[0].message


def test_real_germany_table_reads_single_years_by_date_as_totals(organisation, town_a):
    parsed = importers.parse_genesis_table(importers.decode(real_file(GERMANY)))
    assert {row.ags for row in parsed.population} == {"DG"}
    assert len(parsed.population) == 86 * 53  # unter 1 … 85 und mehr, 1970-2022
    latest = [row for row in parsed.population if row.reference_date == date(2022, 12, 31)]
    assert sum(row.count for row in latest) == 84358845
    assert (latest[-1].age_from, latest[-1].age_to) == (85, None)
    problems = problems_of(organisation, real_file(GERMANY), "genesis_table")
    assert "“DG”" in problems[0].message
    assert problems[0].column == "AGS"


# --- births and moves: files in the real layout ---------------------------------------------------


def test_births_and_moves_feed_the_balances_with_a_totals_only_population(organisation, town_a):
    population = population_csv([("30.06.2023", town_a.ags, "Auerbach/Vogtl., Stadt", 18000, 8800, 9200)])
    run(organisation, population, "genesis_table")
    rows = {
        "Lebendgeborene": [(2023, town_a.ags, "Auerbach/Vogtl., Stadt", 90, 46, 44)],
        "Gestorbene": [(2023, town_a.ags, "Auerbach/Vogtl., Stadt", 360, 170, 190)],
        "Zuzüge": [(2023, town_a.ags, "Auerbach/Vogtl., Stadt", 720, 380, 340)],
        "Fortzüge": [(2023, town_a.ags, "Auerbach/Vogtl., Stadt", 630, 330, 300)],
    }
    for measure, table in (("Lebendgeborene", "12612-010Z"), ("Gestorbene", "12613-010Z"),
                           ("Zuzüge", "12711-010Z"), ("Fortzüge", "12711-020Z")):  # fmt: skip
        run(organisation, saxony_movement_csv(measure, rows[measure], table), "genesis_table")
    assert Movement.objects.filter(municipality=town_a, year=2023).count() == 4  # one row per file
    data = series(organisation, town_a)[town_a.pk]
    values = data.movement_values(2023)
    # 30 June is the year's mean population: (90 - 360) / 18,000 and (720 - 630) / 18,000 per 1,000
    assert values["natural_balance_per_1000"] == pytest.approx(-15.0)
    assert values["migration_balance_per_1000"] == pytest.approx(5.0)
    assert data.indicator("births_per_1000").value == pytest.approx(5.0)
    assert data.missing("share_under_20")


def test_a_measure_already_imported_needs_replace_and_replacing_keeps_the_other_measures(organisation, town_a):
    deaths = saxony_movement_csv("Gestorbene", [(2023, town_a.ags, "Auerbach/Vogtl., Stadt", 360, 170, 190)])
    births = saxony_movement_csv("Lebendgeborene", [(2023, town_a.ags, "Auerbach/Vogtl., Stadt", 90, 46, 44)])
    run(organisation, deaths, "genesis_table")
    run(organisation, births, "genesis_table")
    problems = problems_of_more(organisation, deaths)
    assert "already has births, deaths and moves for 2023" in problems[0].message
    corrected = saxony_movement_csv("Gestorbene", [(2023, town_a.ags, "Auerbach/Vogtl., Stadt", 361, 171, 190)])
    run(organisation, corrected, "genesis_table", replace=True)
    merged = series(organisation, town_a)[town_a.pk].movements[2023]
    assert (merged.births, merged.deaths) == (90, 361)
    # deleting the births' import leaves the deaths
    services.batch_delete(batch=ImportBatch.objects.get(movements__births=90))
    assert series(organisation, town_a)[town_a.pk].movements[2023].births is None
    assert series(organisation, town_a)[town_a.pk].movements[2023].deaths == 361


def problems_of_more(organisation, content, **options):
    """Like problems_of, when earlier imports exist: the failing import changes nothing."""
    before = (ImportBatch.objects.count(), list(Movement.objects.values_list("pk", "births", "deaths")))
    with pytest.raises(importers.ImportFailed) as failure:
        run(organisation, content, "genesis_table", **options)
    assert (ImportBatch.objects.count(), list(Movement.objects.values_list("pk", "births", "deaths"))) == before
    return failure.value.problems


# --- broken lines, per layout: every problem with its line, nothing stored -----------------------


def test_broken_lines_of_a_time_series_are_reported_and_nothing_is_stored(organisation, town_a, town_b):
    content = population_csv(
        [
            ("30.06.2022", town_a.ags, "Auerbach/Vogtl., Stadt", 17858, 8630, 9228),
            ("30.06.2022", town_b.ags, "Ellefeld", "-", 1241, 1302),
            ("30.06.2023", town_a.ags, "Auerbach/Vogtl., Stadt", 17800, 8600, 9100),
            ("31.06.2023", town_b.ags, "Ellefeld", 2500, 1200, 1300),
            ("30.06.2024", town_a.ags, "Auerbach/Vogtl., Stadt", "17.7k", 8600, 9100),
        ]
    )
    problems = problems_of(organisation, content, "genesis_table")
    found = [(p.line, p.column) for p in problems]
    assert (8, "4") in found  # “-” for a member town: a missing figure is not a zero
    assert any(p.line == 9 and "is not men 8600 + women 9100" in p.message for p in problems)
    assert (10, "1") in found  # 31.06. is not a date
    assert (11, "4") in found  # not a whole number


def test_broken_lines_of_a_births_file_are_reported(organisation, town_a):
    content = saxony_movement_csv(
        "Lebendgeborene",
        [(2022, town_a.ags, "Auerbach/Vogtl., Stadt", 90, 46, 44), ("20x2", town_a.ags, "Auerbach", 1, 1, 0),
         (2023, town_a.ags, "Auerbach/Vogtl., Stadt", 91, 46, "x")],
    )  # fmt: skip
    problems = problems_of(organisation, content, "genesis_table")
    assert [(p.line, p.column) for p in problems] == [(9, "1"), (10, "6")]


def test_a_series_with_an_unnamed_measure_is_refused(organisation, town_a):
    content = saxony_series_csv(
        "99999-010Z", ["Irgendwas nach Geschlecht"], POPULATION_HEADERS, [(2022, town_a.ags, "Auerbach", 3, 2, 1)]
    )
    problems = problems_of(organisation, content, "genesis_table")
    assert problems[0].column == "4"
    assert "counts" in problems[0].message


def test_broken_lines_of_a_table_without_split_by_sex_are_reported(organisation, town_a):
    header = ";;;unter 3 Jahre;3 bis unter 75 Jahre;75 Jahre und mehr;Insgesamt"
    content = "\n".join(
        [
            "GENESIS-Tabelle: 12411-0017",
            "Bevölkerung: Kreise, Stichtag, Altersgruppen;;;;;;",
            ";;;Altersgruppen;Altersgruppen;Altersgruppen;Altersgruppen",
            header,
            f"31.12.2023;{town_a.ags};Auerbach/Vogtl., Stadt;300;13000;4600;17900",
            f"31.12.2022;{town_a.ags};Auerbach/Vogtl., Stadt;300;13000;4600;17901",
            f"31.12.2021;{town_a.ags};Auerbach/Vogtl., Stadt;300;.;4600;17900",
            "__________",
        ]
    ).encode("latin-1")
    problems = problems_of(organisation, content, "genesis_table")
    assert any(p.line == 6 and "add up to 17900" in p.message for p in problems)
    assert any((p.line, p.column) == (7, "5") for p in problems)
    good = content.decode("latin-1").split("\n")
    run(organisation, "\n".join(good[:5] + good[7:]).encode("latin-1"), "genesis_table")
    counts = PopulationCount.objects.filter(municipality=town_a)
    assert {(c.sex, c.age_from, c.age_to) for c in counts} == {("t", 0, 2), ("t", 3, 74), ("t", 75, None)}
    data = series(organisation, town_a)[town_a.pk]
    assert data.indicator("population").value == 17900
    assert data.indicator("share_under_20") is None  # the groups cut through 20
    assert data.indicator("average_age") is not None
    assert data.latest_by_age_and_sex is None  # no pyramid without sexes


def test_broken_lines_of_a_table_of_ages_by_date_are_reported(organisation):
    content = "\n".join(
        [
            "GENESIS-Tabelle: 12411-0005",
            "Bevölkerung: Deutschland, Stichtag, Altersjahre;;",
            ";Stichtag;Stichtag",
            ";31.12.2021;31.12.2022",
            "unter 1 Jahr;700;710",
            "1-Jährige;-;720",
            "100 Jahre und mehr;90;",
            "Insgesamt;800;1430",
            "__________",
        ]
    ).encode("latin-1")
    problems = problems_of(organisation, content, "genesis_table")
    assert [(p.line, p.column) for p in problems][:2] == [(6, "2"), (7, "3")]


def test_a_file_that_is_not_a_genesis_table_is_refused(organisation, town_a):
    problems = problems_of(organisation, b"AGS;Jahr;Gestorbene\n14523020;2022;367\n", "genesis_table")
    assert problems[0].line == 1
    assert "GENESIS-Tabelle" in problems[0].message


# --- totals in the template, the projection, the dashboard ----------------------------------------


def test_the_template_takes_a_total_without_sex_and_refuses_mixing_it_with_men_and_women(organisation, town_a):
    content = f"AGS;Stichtag;Alter;männlich;weiblich;Insgesamt\n{town_a.ags};31.12.2025;insgesamt;;;17500\n"
    run(organisation, content.encode(), "age_template", file_name="t.csv")
    assert PopulationCount.objects.get().sex == "t"
    mixed = content + f"{town_a.ags};31.12.2025;0-100;8000;9000;\n"
    problems = problems_of_mixed(organisation, mixed.encode())
    assert any("men and women and totals" in p.message for p in problems)


def problems_of_mixed(organisation, content):
    PopulationCount.objects.all().delete()
    ImportBatch.objects.all().delete()
    return problems_of(organisation, content, "age_template", file_name="t.csv")


def test_a_year_with_totals_only_cannot_start_a_projection(organisation, town_a):
    run(organisation, population_csv([("30.06.2022", town_a.ags, "Auerbach", 17858, 8630, 9228)]), "genesis_table")
    run(organisation, age_template_csv({town_a.ags: {2021: uniform_population(10)}}), "age_template")
    assert selectors.base_years(organisation_id=organisation.pk) == [2021]


def test_the_dashboard_labels_30_june_and_names_what_an_indicator_needs(client, demography_module, town_a, town_b):
    for ags, name, men, women in ((town_a.ags, "Auerbach", 8630, 9228), (town_b.ags, "Ellefeld", 1241, 1302)):
        rows = [("30.06.2021", ags, name, men + women + 20, men + 10, women + 10),
                ("30.06.2022", ags, name, men + women, men, women)]  # fmt: skip
        run(organisation_of(town_a), population_csv(rows), "genesis_table")
    page = client.get(reverse("demography:dashboard", args=[demography_module.pk])).content.decode()
    assert "30.06.2022" in page
    assert page.count('class="muted demography-missing"') == 7 * 3  # 7 age indicators × (2 towns + all)
    assert "am 31. Dezember je Jahr" not in page
    with translation.override("en"):
        data = series(organisation_of(town_a), town_a, town_b)
        chart = charts.population_over_time([data[town_a.pk], data[town_b.pk]])
        assert chart.description.startswith("Inhabitants on 30 June per year, 2021 to 2022")


def organisation_of(town):
    return town.organisation
