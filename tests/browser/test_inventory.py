"""The inventory and the municipal profile document in the browser.

Staff download the import template, upload a file with an error (they see row and column, nothing
is imported), correct it and import it; then a citizen filters the public list, opens the municipal
profile document and downloads its PDF. Every public page goes through axe-core at 1280 and 320 px.
"""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from zukunftswerkstatt.core.services import organisation_add_defaults
from zukunftswerkstatt.inventory.models import InventoryItem, InventorySuggestion
from zukunftswerkstatt.processes.services import module_create

from .conftest import check_page


def name(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@pytest.fixture
def profile(site, settings, live_server, town_a, town_b):
    """The inventory and the profile document of the profile phase."""
    settings.SITE_URL = live_server.url
    organisation_add_defaults(organisation=site.organisation)
    phase = site.process.phases.get(type="profile")
    inventory = module_create(
        phase=phase,
        type="inventory",
        title="Bestandsaufnahme",
        description="Was es in unseren Orten schon gibt.",
        settings={"suggestions_open": True},
    )
    document = module_create(phase=phase, type="profile_document", title="Kommunalprofil", position=2)
    return inventory, document


def fill_template(data: bytes, rows: list[list]) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_staff_import_the_inventory_and_a_citizen_reads_the_profile(
    open_page, live_server, profile, moderator, tmp_path
):
    inventory, document = profile
    list_url = live_server.url + reverse("inventory:list", args=[inventory.pk])

    # Staff: the import page, the template
    staff = open_page(moderator)
    staff.goto(list_url)
    staff.locator(f"a[href='{reverse('inventory:import', args=[inventory.pk])}']").click()
    staff.wait_for_load_state()
    check_page(staff, "inventory-import")
    with staff.expect_download() as download_info:
        staff.locator(f"a[href='{reverse('inventory:template', args=[inventory.pk, 'xlsx'])}']").click()
    template = tmp_path / "vorlage.xlsx"
    download_info.value.save_as(template)

    good = [
        "Seniorentreff am Markt",
        "Kaffee und Gespräche",
        "Auerbach/Vogtl.",
        "Begegnung, Beratung und Selbsthilfe",
        "Seniorinnen und Senioren (65+)",
        "welfare",
        "Volkssolidarität",
        "running",
        "2014",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    club = [
        "Jugendclub",
        "Offener Treff",
        "Ellefeld",
        "Ehrenamt",
        "Jugendliche (12–17)",
        "club",
        "Jugendverein",
        "planned",
        "2026",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    broken = [*club]
    broken[2] = "Plauen"  # not a town of the process
    bad_file = tmp_path / "bestand.xlsx"
    bad_file.write_bytes(fill_template(template.read_bytes(), [good, broken]))

    # Upload with an error: row 3, column C; nothing imported
    staff.locator("input[type=file]").set_input_files(str(bad_file))
    staff.locator("form.form button[type=submit]").click()
    staff.wait_for_load_state()
    problems = staff.locator(".inv-problems")
    expect(problems).to_be_visible()
    expect(problems.locator("tbody tr")).to_have_count(1)
    expect(problems.locator("tbody tr").first).to_contain_text("3")
    expect(problems.locator("tbody tr").first).to_contain_text("C")
    expect(problems.locator("tbody tr").first).to_contain_text("Plauen")
    check_page(staff, "inventory-import-errors")
    assert InventoryItem.objects.count() == 0

    # Corrected: everything imported
    good_file = tmp_path / "bestand-korrigiert.xlsx"
    good_file.write_bytes(fill_template(template.read_bytes(), [good, club]))
    staff.locator("input[type=file]").set_input_files(str(good_file))
    staff.locator("form.form button[type=submit]").click()
    staff.wait_for_load_state()
    expect(staff.locator(".messages .message--success")).to_be_visible()
    assert InventoryItem.objects.count() == 2

    # A citizen filters the public list
    citizen = open_page()
    citizen.goto(list_url)
    expect(citizen.locator(".inv-card")).to_have_count(2)
    check_page(citizen, "inventory-list")
    citizen.locator("select[name=status]").select_option("planned")
    citizen.locator("form.filters button[type=submit]").click()
    citizen.wait_for_load_state()
    expect(citizen.locator(".inv-card")).to_have_count(1)
    expect(citizen.locator(".inv-card")).to_contain_text("Jugendclub")
    citizen.locator(".inv-card a").first.click()
    citizen.wait_for_load_state()
    expect(citizen.locator("h1")).to_have_text("Jugendclub")
    check_page(citizen, "inventory-detail")

    # … suggests a missing offer
    citizen.goto(list_url)
    citizen.locator(f"a[href='{reverse('inventory:suggest', args=[inventory.pk])}']").click()
    citizen.wait_for_load_state()
    check_page(citizen, "inventory-suggest")
    citizen.locator("input[name=title]").fill("Lauftreff am Stausee")
    citizen.locator("textarea[name=description]").fill("Samstags um neun.")
    citizen.locator("form.form button[type=submit]").click()
    citizen.wait_for_load_state()
    assert InventorySuggestion.objects.filter(title="Lauftreff am Stausee").exists()

    # … opens the municipal profile and downloads the PDF
    citizen.locator(f"a[href='{document.get_absolute_url()}']").first.click()
    citizen.wait_for_load_state()
    expect(citizen.locator("#inventory")).to_contain_text("Seniorentreff am Markt")
    check_page(citizen, "profile-document")
    citizen.locator(f"form[action='{reverse('reports:pdf_request', args=[document.pk])}'] button").click()
    citizen.wait_for_load_state()
    download_link = citizen.locator(f"#pdf-state a[href^='/profile-document/m/{document.pk}/pdf/'][href$='/download/']")
    expect(download_link).to_be_visible(timeout=30_000)
    check_page(citizen, "profile-pdf-status")
    with citizen.expect_download() as pdf_info:
        download_link.click()
    pdf_path = tmp_path / "profil.pdf"
    pdf_info.value.save_as(pdf_path)
    text = " ".join(page.extract_text() for page in PdfReader(str(pdf_path)).pages)
    assert "Kommunalprofil" in text
    assert "Seniorentreff am Markt" in text
    assert "Jugendclub" in text


def test_the_pdf_state_updates_itself_with_htmx(open_page, live_server, profile):
    from zukunftswerkstatt.reports.models import ProfilePdf
    from zukunftswerkstatt.reports.services import profile_pdf_make

    _inventory, document = profile
    pdf = ProfilePdf.objects.create(module=document)
    page = open_page()
    page.goto(live_server.url + pdf.get_absolute_url())
    expect(page.locator("#pdf-state")).to_be_visible()
    check_page(page, "profile-pdf-waiting")
    profile_pdf_make(pdf=pdf)
    expect(page.locator(f"a[href$='{pdf.pk}/download/']")).to_be_visible(timeout=15_000)
