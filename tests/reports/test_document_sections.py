"""Sections of later apps in the municipal profile (processes.registry.DocumentSection): on the web
page with an entry in the contents, in the PDF computed when it is built, left out when they have
nothing to show, and nothing changes while none is registered."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from zukunftswerkstatt.reports import services
from zukunftswerkstatt.reports.models import PdfStatus, ProfilePdf

pytestmark = pytest.mark.django_db


def page(client, module) -> str:
    response = client.get(reverse("reports:document", args=[module.pk]))
    assert response.status_code == 200
    return response.content.decode()


def pdf_text(client, module, run_on_commit) -> str:
    with run_on_commit():
        client.post(reverse("reports:pdf_request", args=[module.pk]))
    pdf = ProfilePdf.objects.latest("pk")
    assert pdf.status == PdfStatus.DONE, pdf.error
    download = client.get(reverse("reports:pdf_download", args=[module.pk, pdf.pk]))
    return " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages).split()
    )


def test_a_section_is_on_the_page_before_the_sources_and_in_the_contents(client, document_module, document_section):
    document_section()
    content = page(client, document_module)
    assert '<a href="#section-who_took_part">Wer hat teilgenommen</a>' in content
    assert 'id="section-who_took_part"' in content
    assert "Beteiligung nach Stadt und Altersgruppe (im Netz, profile, who_took_part)" in content
    assert '<th scope="row">Auerbach/Vogtl.</th>' in content
    toc = content.index('<nav class="doc-toc"')
    assert content.index("#section-who_took_part", toc) < content.index('href="#sources"', toc)
    assert content.index('id="swot"') < content.index('id="section-who_took_part"') < content.index('id="sources"')


def test_sections_come_in_the_order_of_their_position(client, document_module, document_section):
    document_section("second", title="Zweiter Abschnitt", position=200)
    document_section("first", title="Erster Abschnitt", position=50)
    content = page(client, document_module)
    assert content.index('id="section-first"') < content.index('id="section-second"')
    assert re.search(r"#section-first.*#section-second", content, re.S)


def test_a_section_with_nothing_to_show_is_left_out(client, document_module, document_section):
    document_section("empty", title="Leerer Abschnitt", context=lambda process: None)
    document_section("plan_only", title="Nur im Plan", documents={"plan"})
    content = page(client, document_module)
    assert "Leerer Abschnitt" not in content
    assert "Nur im Plan" not in content
    assert "document-section" not in content


def test_without_sections_the_page_is_as_it_was(client, document_module, document_section):
    content = page(client, document_module)
    assert "document-section" not in content
    assert 'href="#section-' not in content


def test_the_pdf_has_the_section_as_it_was_when_the_pdf_was_built(
    client, document_module, document_section, town_a, run_on_commit
):
    document_section()
    text = pdf_text(client, document_module, run_on_commit)
    assert "Wer hat teilgenommen" in text
    assert "Beteiligung nach Stadt und Altersgruppe (gedruckt, profile, who_took_part)" in text
    assert "Teilnehmende je Stadt" in text
    assert text.index("Wer hat teilgenommen") < text.index("Quellen und Stand")

    # Built by the background task: the section is computed then, not when the PDF was asked for.
    pdf = services.profile_pdf_request(module=document_module, force=True)
    town_a.name = "Auerbach (umbenannt)"
    town_a.save()
    services.profile_pdf_make(pdf)
    pdf.refresh_from_db()
    with pdf.file.open("rb") as file:
        built = " ".join(page.extract_text() for page in PdfReader(file).pages)
    assert "Auerbach (umbenannt)" in built


def test_the_pdf_without_sections_has_none(client, document_module, document_section, run_on_commit):
    document_section("empty", title="Leerer Abschnitt", context=lambda process: None)
    text = pdf_text(client, document_module, run_on_commit)
    assert "Leerer Abschnitt" not in text
    assert "Quellen und Stand" in text
