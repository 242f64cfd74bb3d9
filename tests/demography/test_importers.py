"""Importers on files in the official layouts (real ones from the statistics offices and our own) and bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from tests.demography.helpers import (
    AGE_GROUPS,
    age_template_csv,
    classic_long_csv,
    flat_csv,
    flat_ffcsv,
    group_counts,
    movement_csv,
    real_file,
    uniform_population,
)
from tests.factories import MunicipalityFactory
from zukunftswerkstatt.demography import importers, services
from zukunftswerkstatt.demography.importers import ImportFailed
from zukunftswerkstatt.demography.models import ImportBatch, Movement, PopulationCount

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in the source language; the German catalogue is tested on its own."""
    with translation.override("en"):
        yield


def run(organisation, content: bytes, file_format: str, file_name: str = "datei.csv", **options):
    return services.batch_import(
        organisation=organisation,
        user=None,
        file_format=file_format,
        content=content,
        file_name=file_name,
        source="Regionaldatenbank Deutschland, 12411-02-03-5",
        **options,
    )


def problems_of(organisation, content: bytes, file_format: str, **options):
    with pytest.raises(ImportFailed) as failure:
        run(organisation, content, file_format, **options)
    assert PopulationCount.objects.count() == 0
    assert Movement.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    return failure.value.problems


def two_towns(town_a, town_b):
    return {town_a.ags: ("Auerbach/Vogtl., Stadt", group_counts(0)), town_b.ags: ("Ellefeld", group_counts(5))}


# --- real files --------------------------------------------------------------------------------


def test_real_regionaldatenbank_wide_file_imports_the_member_municipality_and_skips_the_rest(organisation):
    hannover = MunicipalityFactory(organisation=organisation, name="Hannover", ags="03241001")
    content = real_file("regionaldatenbank_12411-02-03-5-B_kreise_2018.csv")
    batch = run(organisation, content, "rdb_classic", skip_other_regions=True)
    counts = PopulationCount.objects.filter(municipality=hannover)
    assert counts.count() == 17 * 2
    assert sum(c.count for c in counts) == 538068
    assert counts.filter(sex="m").get(age_from=75).age_to is None
    assert str(counts.first().reference_date) == "2018-12-31"
    assert "left out" in batch.note or "ausgelassen" in batch.note


def test_real_regionaldatenbank_file_without_skipping_reports_the_foreign_keys_with_their_lines(organisation):
    content = (DATA / "regionaldatenbank_12411-02-03-5-B_deutschland_2018.csv").read_bytes()
    problems = problems_of(organisation, content, "rdb_classic")
    assert problems[0].line == 10
    assert problems[0].column == "AGS"
    assert "DG" in problems[0].message


def test_real_suppressed_values_are_reported_with_line_and_column(organisation):
    MunicipalityFactory(organisation=organisation, name="Berlin-Mitte", ags="11001001")
    content = real_file("regionaldatenbank_12411-02-03-5-B_kreise_2018.csv")
    problems = problems_of(organisation, content, "rdb_classic", skip_other_regions=True)
    first = problems[0]
    assert first.line == 342
    assert first.column == "3"
    assert "“.”" in first.message


def test_real_flat_file_without_split_by_sex_is_read_as_totals(organisation):
    content = (DATA / "genesis_12411-0012_flat_laender_altersjahre_2019.csv").read_bytes()
    parsed = importers.parse_regional_flat(importers.decode(content), keep="14".__eq__)
    assert {row.sex for row in parsed.population} == {"t"}
    assert len(parsed.population) == 91  # 0 … 89 and “90 Jahre und mehr”, Sachsen
    assert sum(row.count for row in parsed.population) == 4071971  # the row “Insgesamt”
    # The Länder are no member towns: the import says so instead of storing anything.
    problems = problems_of(organisation, content, "rdb_flat")
    assert problems[0].column == "AGS"


def test_flat_file_without_split_by_sex_whose_ages_do_not_add_up_is_refused(organisation):
    content = (DATA / "genesis_12411-0012_flat_laender_altersjahre_2019.csv").read_bytes()
    broken = content.replace(b"Insgesamt;4071971", b"Insgesamt;4071970")
    with pytest.raises(ImportFailed) as failure:
        importers.parse_regional_flat(importers.decode(broken), keep="14".__eq__)
    assert "add up to 4071971" in failure.value.problems[0].message


# --- our own files in the official layouts ---------------------------------------------------


def test_classic_long_layout_imports_both_towns_in_latin1(organisation, town_a, town_b):
    batch = run(organisation, classic_long_csv(two_towns(town_a, town_b)), "rdb_classic")
    assert batch.row_count == 2 * 17 * 2
    expected = sum(m + f for m, f in group_counts(5))
    assert sum(PopulationCount.objects.filter(municipality=town_b).values_list("count", flat=True)) == expected


def test_flat_layout_and_ffcsv_import(organisation, town_a, town_b):
    run(organisation, flat_csv(two_towns(town_a, town_b)), "rdb_flat")
    assert PopulationCount.objects.filter(year=2022).count() == 2 * 17 * 2
    run(organisation, flat_ffcsv(two_towns(town_a, town_b), date="2023-12-31"), "rdb_flat")
    assert PopulationCount.objects.filter(year=2023, age_from=75, age_to=None).count() == 4


def test_flat_layout_with_wrong_total_is_refused(organisation, town_a, town_b):
    content = flat_csv(two_towns(town_a, town_b)).decode().replace(";Insgesamt;", ";Insgesamt;1", 1).encode()
    problems = problems_of(organisation, content, "rdb_flat")
    assert problems[0].line == 19
    assert "Insgesamt" in problems[0].message


def test_classic_totals_that_do_not_add_up_are_reported(organisation, town_a, town_b):
    text = classic_long_csv(two_towns(town_a, town_b)).decode("latin-1")
    lines = text.split("\n")
    # line 6 is town A's first age group: make the total wrong
    parts = lines[5].split(";")
    parts[4] = str(int(parts[4]) + 1)
    lines[5] = ";".join(parts)
    problems = problems_of(organisation, "\n".join(lines).encode("latin-1"), "rdb_classic")
    assert problems[0].line == 6
    assert problems[0].column == "5"


def test_age_groups_not_adding_up_to_the_total_row_are_reported(organisation, town_a, town_b):
    text = classic_long_csv(two_towns(town_a, town_b)).decode("latin-1")
    text = text.replace(
        f"{town_a.ags};Auerbach/Vogtl., Stadt;unter 3 Jahre;210;100;110",
        f"{town_a.ags};Auerbach/Vogtl., Stadt;unter 3 Jahre;211;101;110",
    )
    problems = problems_of(organisation, text.encode("latin-1"), "rdb_classic")
    assert problems[0].line == 23
    assert "Insgesamt" in problems[0].message


@pytest.mark.parametrize("sign", ["-", ".", "x", "/"])
def test_each_suppressed_sign_is_reported_with_line_and_column(organisation, town_a, town_b, sign):
    text = classic_long_csv(two_towns(town_a, town_b)).decode("latin-1")
    lines = text.split("\n")
    parts = lines[7].split(";")
    parts[5] = sign
    lines[7] = ";".join(parts)
    problems = problems_of(organisation, "\n".join(lines).encode("latin-1"), "rdb_classic")
    assert (problems[0].line, problems[0].column) == (8, "6")
    assert f"“{sign}”" in problems[0].message


def test_negative_and_non_numeric_counts_are_reported(organisation, town_a):
    men, women = uniform_population(5)
    text = age_template_csv({town_a.ags: {2023: (men, women)}}).decode()
    lines = text.split("\n")
    lines[3] = lines[3].rsplit(";", 1)[0] + ";-4"
    lines[5] = lines[5].rsplit(";", 2)[0] + ";zwölf;5"
    problems = problems_of(organisation, "\n".join(lines).encode(), "age_template")
    assert [(p.line, p.column) for p in problems] == [(4, "weiblich"), (6, "männlich")]
    assert "-4" in problems[0].message
    assert "zwölf" in problems[1].message


def test_wrong_delimiter_is_reported(organisation, town_a):
    content = age_template_csv({town_a.ags: {2023: uniform_population(1)}}, delimiter=",")
    problems = problems_of(organisation, content, "age_template")
    assert problems[0].line == 1
    assert ";" in problems[0].message


def test_wrong_delimiter_in_the_official_layout_is_reported(organisation, town_a, town_b):
    content = classic_long_csv(two_towns(town_a, town_b)).decode("latin-1").replace(";", ",").encode("latin-1")
    problems = problems_of(organisation, content, "rdb_classic")
    assert problems[0].line == 2
    assert ";" in problems[0].message


def test_wrong_encoding_is_reported_with_its_line(organisation, town_a, town_b):
    utf16 = classic_long_csv(two_towns(town_a, town_b)).decode("latin-1").encode("utf-16")
    assert problems_of(organisation, utf16, "rdb_classic")[0].line == 1
    windows = classic_long_csv(two_towns(town_a, town_b)).decode("latin-1").replace("Stand:", "„Stand“:")
    undefined = windows.encode("cp1252").replace("„".encode("cp1252"), b"\x81")  # 0x81: no Windows-1252 sign
    problems = problems_of(organisation, undefined, "rdb_classic")
    assert problems[0].line == len(windows.split("\n")) - 1
    double = classic_long_csv(two_towns(town_a, town_b)).decode("latin-1").encode("utf-8").decode("latin-1")
    problems = problems_of(organisation, double.encode("utf-8"), "rdb_classic")
    assert problems[0].line == 2
    assert "Ã¼" in problems[0].message


def test_missing_column_is_reported(organisation, town_a):
    content = b"AGS;Stichtag;Alter;m\xc3\xa4nnlich\n14523020;31.12.2023;0;5\n"
    problems = problems_of(organisation, content, "age_template")
    assert (problems[0].line, problems[0].column) == (1, "weiblich")


def test_a_town_that_is_not_a_member_is_reported(organisation, town_a, other_organisation):
    foreign = MunicipalityFactory(organisation=other_organisation, name="Plauen", ags="14523320")
    content = age_template_csv({town_a.ags: {2023: uniform_population(1)}, foreign.ags: {2023: uniform_population(1)}})
    problems = problems_of(organisation, content, "age_template")
    assert (problems[0].line, problems[0].column) == (103, "AGS")
    assert "14523320" in problems[0].message


def test_duplicate_year_is_an_error_unless_replace_is_ticked(organisation, town_a):
    first = age_template_csv({town_a.ags: {2023: uniform_population(1)}})
    run(organisation, first, "age_template")
    with pytest.raises(ImportFailed) as failure:
        run(organisation, age_template_csv({town_a.ags: {2023: uniform_population(2)}}), "age_template")
    assert failure.value.problems[0].line == 2
    assert "2023" in failure.value.problems[0].message
    assert sum(PopulationCount.objects.values_list("count", flat=True)) == 202
    run(organisation, age_template_csv({town_a.ags: {2023: uniform_population(2)}}), "age_template", replace=True)
    assert sum(PopulationCount.objects.values_list("count", flat=True)) == 404
    assert ImportBatch.objects.count() == 1


def test_duplicate_rows_in_one_file_are_reported(organisation, town_a):
    text = age_template_csv({town_a.ags: {2023: uniform_population(1)}}).decode()
    text += f"{town_a.ags};31.12.2023;5;1;1\n"
    problems = problems_of(organisation, text.encode(), "age_template")
    assert problems[0].line == 103
    assert "5" in problems[0].message


def test_missing_ages_are_reported(organisation, town_a):
    lines = age_template_csv({town_a.ags: {2023: uniform_population(1)}}).decode().split("\n")
    del lines[11]
    problems = problems_of(organisation, "\n".join(lines).encode(), "age_template")
    assert problems[0].line == 12
    assert "10" in problems[0].message


def test_one_bad_row_means_nothing_is_imported(organisation, town_a, town_b):
    content = age_template_csv({town_a.ags: {2023: uniform_population(1)}, town_b.ags: {2023: uniform_population(1)}})
    content = content.replace(b"14523090;31.12.2023;100;1;1", b"14523090;31.12.2023;100;1;x")
    problems_of(organisation, content, "age_template")


def test_age_template_as_xlsx_with_age_groups(organisation, town_a):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["AGS", "Stichtag", "Alter", "männlich", "weiblich"])
    for _label, low, high in AGE_GROUPS:
        sheet.append([town_a.ags, "31.12.2021", f"{low}-{high}" if high is not None else f"{low}+", 10, 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    run(organisation, buffer.getvalue(), "age_template", file_name="vorlage.xlsx")
    assert PopulationCount.objects.filter(year=2021).count() == 34


def test_movement_template_imports_with_empty_cells_as_unknown(organisation, town_a, town_b):
    run(
        organisation,
        movement_csv([(town_a.ags, 2023, 100, 250, 700, 650), (town_b.ags, 2023, 7, None, None, None)]),
        "movement_template",
    )
    ellefeld = Movement.objects.get(municipality=town_b)
    assert ellefeld.births == 7
    assert ellefeld.deaths is None


def test_movement_template_errors(organisation, town_a):
    content = movement_csv(
        [(town_a.ags, 2023, 100, -2, 700, 650), (town_a.ags, 2023, 1, 2, 3, 4), (town_a.ags, "zwanzig", 1, 2, 3, 4)]
    )
    problems = problems_of(organisation, content, "movement_template")
    assert [(p.line, p.column) for p in problems] == [(2, "Gestorbene"), (4, "Jahr")]
    content = movement_csv([(town_a.ags, 2023, 100, 2, 700, 650), (town_a.ags, 2023, 1, 2, 3, 4)])
    problems = problems_of(organisation, content, "movement_template")
    assert (problems[0].line, problems[0].column) == (3, "Jahr")


def test_town_staff_may_import_only_their_own_town(organisation, town_a, town_b, staff_a):
    content = age_template_csv({town_b.ags: {2023: uniform_population(1)}})
    with pytest.raises(ImportFailed) as failure:
        services.batch_import(
            organisation=organisation, user=staff_a, file_format="age_template", content=content, file_name="x.csv",
            source="Einwohnermeldeamt",
        )  # fmt: skip
    assert failure.value.problems[0].column == "AGS"
    own = age_template_csv({town_a.ags: {2023: uniform_population(1)}})
    batch = services.batch_import(
        organisation=organisation, user=staff_a, file_format="age_template", content=own, file_name="x.csv",
        source="Einwohnermeldeamt",
    )  # fmt: skip
    assert batch.imported_by == staff_a


def test_town_staff_leaving_out_other_regions_imports_only_their_town(organisation, town_a, town_b, staff_a):
    content = classic_long_csv(two_towns(town_a, town_b))
    batch = services.batch_import(
        organisation=organisation, user=staff_a, file_format="rdb_classic", content=content, file_name="x.csv",
        source="Regionaldatenbank", skip_other_regions=True,
    )  # fmt: skip
    assert set(PopulationCount.objects.values_list("municipality_id", flat=True)) == {town_a.pk}
    assert batch.row_count == 34
