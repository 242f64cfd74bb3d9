"""Sections of later apps in the review report (processes.registry.DocumentSection): on the web page
and in the PDF after the report's own five sections, numbered on, in the order of their position,
left out when they have nothing to show, and nothing changes while none is registered."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.progress.conftest import german
from tests.progress.test_report import pdf_text
from zukunftswerkstatt.core.models import DocumentStatus
from zukunftswerkstatt.progress import selectors, services

pytestmark = pytest.mark.django_db


def report_page(client_for, person, module, review_round) -> str:
    response = client_for(person).get(reverse("progress:report", args=[module.pk, review_round.pk]))
    assert response.status_code == 200
    return response.content.decode()


def report_pdf(review_round, person) -> str:
    report = services.review_report_request(review_round=review_round, requested_by=person)
    services.review_report_make(report=report)
    report.refresh_from_db()
    assert report.status == DocumentStatus.DONE, report.error
    with report.file.open("rb") as file:
        return " ".join(pdf_text(file.read()).split())


def test_the_web_report_shows_the_section_as_number_six(
    client_for, review_module, review_round, measure, staff_a, document_section
):
    document_section()
    content = report_page(client_for, staff_a, review_module, review_round)
    assert '<h2 id="section-who_took_part-title">6. Wer hat teilgenommen</h2>' in content
    assert "Beteiligung nach Stadt und Altersgruppe (im Netz, review, who_took_part)" in content
    assert content.index('id="r-said"') < content.index('id="section-who_took_part"')


def test_the_pdf_has_the_sections_in_the_order_of_their_position(review_round, measure, org_admin, document_section):
    document_section("second", title="Zweiter Abschnitt", position=200)
    document_section("first", title="Erster Abschnitt", position=50)
    text = report_pdf(review_round, org_admin)
    assert "6. Erster Abschnitt" in text
    assert "7. Zweiter Abschnitt" in text
    assert text.index("6. Erster Abschnitt") < text.index("7. Zweiter Abschnitt")
    assert "Beteiligung nach Stadt und Altersgruppe (gedruckt, review, first)" in text
    assert "Teilnehmende je Stadt" in text


def test_a_section_with_nothing_to_show_is_left_out_and_the_next_takes_its_number(
    client_for, review_module, review_round, measure, staff_a, org_admin, document_section
):
    document_section("empty", title="Leerer Abschnitt", context=lambda process: None, position=1)
    document_section("profile_only", title="Nur im Kommunalprofil", documents={"profile"})
    document_section()
    content = report_page(client_for, staff_a, review_module, review_round)
    assert "Leerer Abschnitt" not in content
    assert "Nur im Kommunalprofil" not in content
    assert "6. Wer hat teilgenommen" in content
    text = report_pdf(review_round, org_admin)
    assert "Leerer Abschnitt" not in text
    assert "6. Wer hat teilgenommen" in text


def test_without_sections_the_report_ends_with_what_citizens_said(
    client_for, review_module, review_round, measure, staff_a, org_admin, document_section
):
    content = report_page(client_for, staff_a, review_module, review_round)
    assert "document-section" not in content
    assert selectors.review_report(review_round=review_round, for_print=True)["sections"] == []
    text = report_pdf(review_round, org_admin)
    assert german("5. What citizens said") in text
