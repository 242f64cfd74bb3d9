"""The demographic profile as people use it: staff import a file (first one with an error, then a good
one), the dashboard then shows indicators and charts; a chart's numbers download as CSV; axe-core
and 320 px reflow on the dashboard and the import page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import check_page, screenshot
from tests.demography.helpers import age_template_csv
from zukunftswerkstatt.processes.services import module_create


def name(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def population(scale: int) -> tuple[list[int], list[int]]:
    return [scale * (30 - age // 5) for age in range(101)], [scale * (32 - age // 5) for age in range(101)]


@pytest.fixture
def dashboard(site, live_server):
    return module_create(
        phase=site.process.phases.get(type="profile"),
        type="demography",
        title="Bevölkerung in Zahlen",
        description="Wie alt sind unsere Städte?",
    )


def test_staff_import_then_dashboard_with_charts_and_csv(
    dashboard, open_page, live_server, org_admin, town_a, town_b, tmp_path
):
    files = {
        town_a.ags: {2022: population(3), 2023: population(3)},
        town_b.ags: {2022: population(1), 2023: population(1)},
    }
    good = tmp_path / "bevoelkerung.csv"
    good.write_bytes(age_template_csv(files))
    bad = tmp_path / "fehlerhaft.csv"
    bad.write_bytes(age_template_csv(files).replace(b"14523090;31.12.2023;50;", b"14523090;31.12.2023;50;x"))

    staff = open_page(org_admin)
    staff.goto(live_server.url + reverse("demography:import", args=[dashboard.phase.process.organisation.slug]))
    check_page(staff, "demography-import")
    staff.get_by_label(name("^(Format der Datei|Format of the file)")).select_option("age_template")
    staff.get_by_label(name("^(Quelle der Zahlen|Source of the figures)")).fill("Einwohnermeldeamt, Stand 31.12.")
    staff.locator("input[type=file]").set_input_files(str(bad))
    staff.get_by_role("button", name=name("(Prüfen|Check)")).click()
    problems = staff.get_by_role("table", name=name("(Probleme|Problems)"))
    expect(problems).to_contain_text("männlich")
    expect(problems.get_by_role("cell", name=str(2 + 101 * 3 + 50), exact=True)).to_be_visible()
    expect(staff.get_by_label(name("^(Quelle der Zahlen|Source of the figures)"))).to_have_value(
        "Einwohnermeldeamt, Stand 31.12."
    )
    screenshot(staff, "demography-import-error")

    staff.locator("input[type=file]").set_input_files(str(good))
    staff.get_by_role("button", name=name("(Prüfen|Check)")).click()
    expect(staff.locator(".messages .message--success")).to_be_visible()
    expect(staff.get_by_role("table", name=name("(Importierte|Imported)"))).to_contain_text("bevoelkerung.csv")

    citizen = open_page()
    citizen.goto(live_server.url + reverse("demography:dashboard", args=[dashboard.pk]))
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Bevölkerung in Zahlen")
    indicators = citizen.get_by_role("table", name=name("(Kennzahlen|indicators)"))
    expect(indicators).to_contain_text("Auerbach/Vogtl.")
    total = 4 * (sum(population(1)[0]) + sum(population(1)[1]))
    expect(indicators).to_contain_text(f"{total:,}".replace(",", "."))
    expect(citizen.locator("svg[role=img]")).to_have_count(6)
    check_page(citizen, "demography-dashboard")

    # The chart's numbers behind a disclosure, and as CSV.
    citizen.locator("#chart-pyramid summary").click()
    expect(citizen.locator("#chart-pyramid table")).to_be_visible()
    with citizen.expect_download() as download_info:
        citizen.locator("#chart-population a[download]").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert content.splitlines()[0].startswith(("Jahr;", "Year;"))
    assert "2023;" in content

    # Town switcher (works without JavaScript: a GET form).
    citizen.locator("#id_town").select_option(label="Ellefeld")
    citizen.get_by_role("button", name=name("^(Anzeigen|Show)$")).click()
    expect(citizen.locator("#chart-pyramid figcaption")).to_contain_text("Ellefeld")


def test_staff_pages_and_projection_are_accessible(dashboard, open_page, live_server, org_admin, town_a, town_b):
    from zukunftswerkstatt.demography import services

    files = {town_a.ags: {2023: population(3)}, town_b.ags: {2023: population(1)}}
    services.batch_import(
        organisation=town_a.organisation, user=org_admin, file_format="age_template", content=age_template_csv(files),
        file_name="bevoelkerung.csv", source="Einwohnermeldeamt", is_illustrative=True,
    )  # fmt: skip
    slug = town_a.organisation.slug
    staff = open_page(org_admin)
    staff.goto(live_server.url + reverse("demography:overview", args=[slug]))
    check_page(staff, "demography-overview")
    staff.get_by_role("link", name=name("(Neue Bevölkerungsvorausberechnung|New population projection)")).first.click()
    check_page(staff, "demography-projection-form")
    staff.get_by_label(name("^(Begründung|Explanation)")).fill("Wie die Landesvarianten.")
    staff.locator("#id_scenario-0-total_fertility_rate").fill("3.5")
    staff.get_by_role("button", name=name("(Berechnen|Compute)")).click()
    expect(staff.locator(".form-errors")).to_be_visible()
    expect(staff.get_by_label(name("^(Begründung|Explanation)"))).to_have_value("Wie die Landesvarianten.")
    staff.locator("#id_scenario-0-total_fertility_rate").fill("1.4")
    staff.get_by_role("button", name=name("(Berechnen|Compute)")).click()
    expect(staff.locator(".messages .message--success")).to_be_visible()

    citizen = open_page()
    citizen.goto(live_server.url + reverse("demography:dashboard", args=[dashboard.pk]))
    expect(citizen.locator("#chart-projection svg[role=img]")).to_be_visible()
    expect(citizen.get_by_role("note")).to_contain_text(name("(Beispielhafte|Illustrative)"))
    check_page(citizen, "demography-dashboard-projection")
