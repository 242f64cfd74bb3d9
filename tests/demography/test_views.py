"""The dashboard, the chart downloads and the staff pages through HTTP; query counts pinned."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.demography.conftest import pyramid_men_women
from tests.demography.helpers import age_template_csv, movement_csv
from zukunftswerkstatt.demography import services
from zukunftswerkstatt.demography.models import ImportBatch, PopulationCount, Projection

SCENARIO_POST = {
    "scenario-TOTAL_FORMS": "2",
    "scenario-INITIAL_FORMS": "0",
    "scenario-MIN_NUM_FORMS": "1",
    "scenario-MAX_NUM_FORMS": "5",
    "scenario-0-name": "niedrig",
    "scenario-0-total_fertility_rate": "1.4",
    "scenario-0-net_migration_per_1000": "-2",
    "scenario-0-mortality_decline_percent": "0",
    "scenario-1-name": "hoch",
    "scenario-1-total_fertility_rate": "1.7",
    "scenario-1-net_migration_per_1000": "2",
    "scenario-1-mortality_decline_percent": "1",
}


def dashboard_url(module, **query):
    url = reverse("demography:dashboard", args=[module.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_dashboard_without_figures_says_so(client, demography_module):
    response = client.get(dashboard_url(demography_module))
    assert response.status_code == 200
    assert "noch keine Bevölkerungszahlen importiert" in response.content.decode()


def test_dashboard_shows_indicators_definitions_and_charts(client, demography_module, figures, town_a):
    page = client.get(dashboard_url(demography_module)).content.decode()
    men, women = pyramid_men_women(1)
    assert f"{3 * (sum(men) + sum(women)):,}".replace(",", ".") in page
    assert "Jugendquotient" in page
    assert "Altenquotient" in page
    assert page.count('role="img"') == 6  # population, pyramid, 4 comparisons
    assert "Testquelle" in page
    town_page = client.get(dashboard_url(demography_module, town=town_a.pk)).content.decode()
    assert "Auerbach/Vogtl." in town_page
    assert f'value="{town_a.pk}" selected' in town_page


def test_illustrative_figures_carry_a_visible_note(client, demography_module, figures):
    ImportBatch.objects.update(is_illustrative=True)
    page = client.get(dashboard_url(demography_module)).content.decode()
    assert 'role="note"' in page


def test_chart_csv_download_has_the_numbers(client, demography_module, figures, town_a):
    url = reverse("demography:chart_csv", args=[demography_module.pk]) + f"?chart=pyramid&town={town_a.pk}"
    response = client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    men, _women = pyramid_men_women(2)
    assert lines[1].split(";")[1] == str(sum(men[0:5]))
    nonsense = reverse("demography:chart_csv", args=[demography_module.pk]) + "?chart=nonsense"
    assert client.get(nonsense).status_code == 404


def test_chart_csv_guards_a_scenario_name_against_formulas(client, demography_module, figures):
    services.projection_save(
        organisation=demography_module.phase.process.organisation, user=None, title="P", base_year=2023,
        horizon_year=2030, explanation="x", life_table="de_2022_24", migration_profile="uniform",
        scenarios=[{"name": "=HYPERLINK(1)", "total_fertility_rate": "1.5", "net_migration_per_1000": "0"}],
    )  # fmt: skip
    response = client.get(reverse("demography:chart_csv", args=[demography_module.pk]) + "?chart=projection")
    assert response.status_code == 200
    header = response.content.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[1] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("town", ["all", "first"])
def test_dashboard_query_count_is_pinned(client, django_assert_num_queries, demography_module, figures, town_a, town):
    services.projection_save(
        organisation=demography_module.phase.process.organisation, user=None, title="P", base_year=2023,
        horizon_year=2030, explanation="x", life_table="de_2022_24", migration_profile="uniform",
        scenarios=[{"name": "a", "total_fertility_rate": "1.5", "net_migration_per_1000": "0"}],
    )  # fmt: skip
    url = dashboard_url(demography_module, town=town_a.pk if town == "first" else "all")
    client.get(url)
    # anonymous visit: module, process towns, batches, reference dates, counts, movements, projection, scenarios,
    # projected years, horizon-year age structures, and the organisation for the page frame (context processor);
    # independent of the number of towns and years
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


def test_staff_imports_a_file_after_a_failed_attempt(client_for, org_admin, organisation, town_a):
    client = client_for(org_admin)
    url = reverse("demography:import", args=[organisation.slug])
    men, women = pyramid_men_women(1)
    bad = age_template_csv({town_a.ags: {2023: (men, women)}}).replace(
        b"14523020;31.12.2023;3;", b"14523020;31.12.2023;3;-"
    )
    response = client.post(
        url, {"file_format": "age_template", "source": "Meldeamt", "file": SimpleUploadedFile("a.csv", bad)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert ": </span>5</td>" in page
    assert "männlich" in page
    assert 'value="Meldeamt"' in page
    assert PopulationCount.objects.count() == 0
    good = age_template_csv({town_a.ags: {2023: (men, women)}})
    response = client.post(
        url, {"file_format": "age_template", "source": "Meldeamt", "file": SimpleUploadedFile("a.csv", good)}
    )
    assert response.status_code == 302
    assert PopulationCount.objects.count() == 202
    assert ImportBatch.objects.get().imported_by == org_admin


def test_downloaded_xlsx_template_can_be_filled_in_and_imported(client_for, org_admin, organisation, town_a, town_b):
    client = client_for(org_admin)
    response = client.get(reverse("demography:template", args=[organisation.slug, "population", "xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=2):
        row[3].value, row[4].value = 3, 4
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(
        reverse("demography:import", args=[organisation.slug]),
        {"file_format": "age_template", "source": "Meldeamt", "file": SimpleUploadedFile("v.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 302
    assert sum(PopulationCount.objects.values_list("count", flat=True)) == 2 * 101 * 7


def test_movement_template_csv_download(client_for, org_admin, organisation, town_a, town_b):
    response = client_for(org_admin).get(reverse("demography:template", args=[organisation.slug, "movements", "csv"]))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "AGS;Jahr;Lebendgeborene;Gestorbene;Zuzüge;Fortzüge"
    assert {line.split(";")[0] for line in lines[1:]} == {town_a.ags, town_b.ags}


def test_town_staff_template_lists_only_their_town(client_for, staff_a, organisation, town_a, town_b):
    response = client_for(staff_a).get(reverse("demography:template", args=[organisation.slug, "movements", "csv"]))
    assert {line.split(";")[0] for line in response.content.decode("utf-8-sig").splitlines()[1:]} == {town_a.ags}


def test_projection_is_created_and_refused_outside_ranges(
    client_for, org_admin, organisation, figures, demography_module
):
    client = client_for(org_admin)
    url = reverse("demography:projection_create", args=[organisation.slug])
    assert "niedrig" in client.get(url).content.decode()
    data = {
        "title": "Bis 2040", "base_year": "2023", "horizon_year": "2040", "explanation": "Wie Landesvariante 2",
        "life_table": "de_2022_24", "migration_profile": "rogers_castro", "is_published": "on", **SCENARIO_POST,
    }  # fmt: skip
    response = client.post(url, {**data, "scenario-1-total_fertility_rate": "3.5"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "3.5" in page or "3,5" in page
    assert 'value="Wie Landesvariante 2"' in page or "Wie Landesvariante 2</textarea>" in page
    assert Projection.objects.count() == 0
    assert client.post(url, data).status_code == 302
    projection = Projection.objects.get()
    assert [s.name for s in projection.scenarios.all()] == ["niedrig", "hoch"]
    page = client.get(dashboard_url(demography_module)).content.decode()
    assert "Bis 2040" in page
    assert "chart-projection" in page
    assert "chart-pyramid-projected" in page
    csv_url = reverse("demography:chart_csv", args=[demography_module.pk]) + "?chart=pyramid-projected"
    lines = client.get(csv_url).content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 19  # header + 0–4 … 85–89, 90 and over
    edit = reverse("demography:projection_edit", args=[organisation.slug, projection.pk])
    assert client.post(edit, {**data, "title": "Neu"}).status_code == 302
    projection.refresh_from_db()
    assert projection.title == "Neu"


def test_batch_delete_removes_its_figures(client_for, org_admin, organisation, figures):
    client = client_for(org_admin)
    url = reverse("demography:batch_delete", args=[organisation.slug, figures.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert PopulationCount.objects.count() == 0


def test_movements_feed_the_rates_on_the_dashboard(client, organisation, demography_module, figures, town_a, town_b):
    services.batch_import(
        organisation=organisation, user=None, file_format="movement_template", file_name="m.csv", source="Amt",
        content=movement_csv([(town_a.ags, 2023, 10, 30, 50, 40), (town_b.ags, 2023, 5, 10, 20, 20)]),
    )  # fmt: skip
    page = client.get(dashboard_url(demography_module)).content.decode()
    assert "Amt" in page


def test_anonymous_chart_downloads_are_rate_limited(client, demography_module, figures, settings):
    from django.core.cache import cache

    cache.clear()
    url = reverse("demography:chart_csv", args=[demography_module.pk]) + "?chart=population"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "demography.csv:ip": "2/h"}
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429
    cache.clear()


def test_projection_form_takes_german_decimal_commas(client_for, org_admin, organisation, figures):
    client = client_for(org_admin)
    data = {
        "title": "Komma", "base_year": "2023", "horizon_year": "2030", "explanation": "Test",
        "life_table": "de_2022_24", "migration_profile": "uniform", **SCENARIO_POST,
        "scenario-0-total_fertility_rate": "1,45", "scenario-0-net_migration_per_1000": "-2,5",
    }  # fmt: skip
    assert client.post(reverse("demography:projection_create", args=[organisation.slug]), data).status_code == 302
    scenario = Projection.objects.get().scenarios.get(name="niedrig")
    assert str(scenario.total_fertility_rate) == "1.45"
    assert str(scenario.net_migration_per_1000) == "-2.5"


def test_staff_upload_a_real_genesis_time_series_and_a_refused_rate_table(client_for, org_admin, organisation, town_a):
    """The import page takes Statistik Sachsen's 12410-010Z as a coordinator downloads it, and refuses the rate
    table 12613-020Z with the table to import instead."""
    from tests.demography.helpers import real_file

    client = client_for(org_admin)
    url = reverse("demography:import", args=[organisation.slug])
    post = {"file_format": "genesis_table", "source": "Statistik Sachsen", "skip_other_regions": "on"}
    rates = "statistik-sachsen_12613-020Z_gestorbene-je-1000-ew_gemeinden_1983-2022_EXCERPT.csv"
    response = client.post(url, {**post, "file": SimpleUploadedFile("r.csv", real_file(rates))})
    assert response.status_code == 400
    assert "12613-010Z" in response.content.decode()
    population = "statistik-sachsen_12410-010Z_bevoelkerung-30-06_gemeinden_2011-2022_EXCERPT.csv"
    response = client.post(url, {**post, "file": SimpleUploadedFile("p.csv", real_file(population))})
    assert response.status_code == 302
    assert PopulationCount.objects.filter(municipality=town_a).count() == 12 * 2
