"""Sections of later apps in the action plan (processes.registry.DocumentSection): on the plan's and
a version's web page, in the PDF and in the DOCX (read back with python-docx), in the order of their
position, left out when they have nothing to show, and nothing changes while none is registered."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from tests.plans.test_queries import PLAN_PAGE_QUERIES
from tests.plans.test_views import _download
from zukunftswerkstatt.plans import exports, services
from zukunftswerkstatt.plans.selectors import plan_rows

pytestmark = pytest.mark.django_db


def plan_url(module) -> str:
    return reverse("plans:plan", kwargs={"module_pk": module.pk})


def export_url(module, file_format: str) -> str:
    return reverse("plans:plan_export", kwargs={"module_pk": module.pk, "file_format": file_format})


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_plan_page_shows_the_section_after_the_measures_with_an_entry_in_the_contents(
    client, plan_module, measure, document_section
):
    document_section()
    content = client.get(plan_url(plan_module)).content.decode()
    assert '<a href="#section-who_took_part">Wer hat teilgenommen</a>' in content
    assert '<h2 id="section-who_took_part-title">Wer hat teilgenommen</h2>' in content
    assert "Beteiligung nach Stadt und Altersgruppe (im Netz, plan, who_took_part)" in content
    assert content.index("Bänke für alle") < content.index('id="section-who_took_part"')
    assert content.index('id="section-who_took_part"') < content.index('id="versions-title"')


def test_a_version_page_shows_the_section(client, process, plan_module, measure, staff_a, document_section):
    document_section()
    version = services.plan_version_create(process=process, by=staff_a, title="Plan 2027")
    content = client.get(version.get_absolute_url()).content.decode()
    assert "Beteiligung nach Stadt und Altersgruppe (im Netz, plan, who_took_part)" in content


def test_the_pdf_and_the_docx_have_the_section(client, plan_module, measure, document_section, mail_on_commit):
    document_section()
    text = pdf_text(_download(client, export_url(plan_module, "pdf"), mail_on_commit))
    assert "Bänke für alle" in text
    assert "Wer hat teilgenommen" in text
    assert "Beteiligung nach Stadt und Altersgruppe (gedruckt, plan, who_took_part)" in text
    assert text.index("Bänke für alle") < text.index("Wer hat teilgenommen")

    document = Document(io.BytesIO(_download(client, export_url(plan_module, "docx"), mail_on_commit)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    heading = paragraphs.index(("Heading 1", "Wer hat teilgenommen"))
    assert paragraphs[heading + 1][1] == "Beteiligung nach Stadt und Altersgruppe"
    assert [row.cells[0].text for row in document.tables[-1].rows] == ["Auerbach/Vogtl.", "Ellefeld"]


def test_sections_come_in_the_order_of_their_position_everywhere(
    client, plan_module, measure, document_section, mail_on_commit
):
    document_section("second", title="Zweiter Abschnitt", position=200)
    document_section("first", title="Erster Abschnitt", position=50)
    content = client.get(plan_url(plan_module)).content.decode()
    assert content.index('id="section-first"') < content.index('id="section-second"')
    assert content.index('href="#section-first"') < content.index('href="#section-second"')
    text = pdf_text(_download(client, export_url(plan_module, "pdf"), mail_on_commit))
    assert text.index("Erster Abschnitt") < text.index("Zweiter Abschnitt")
    document = Document(io.BytesIO(_download(client, export_url(plan_module, "docx"), mail_on_commit)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings.index("Erster Abschnitt") < headings.index("Zweiter Abschnitt")


def test_a_section_with_nothing_to_show_or_no_word_writer_is_left_out(
    client, plan_module, measure, document_section, mail_on_commit
):
    document_section("empty", title="Leerer Abschnitt", context=lambda process: None)
    document_section("web_only", title="Nur im Netz und im PDF", docx=None)
    document_section("review_only", title="Nur in der Zwischenbilanz", documents={"review"})
    content = client.get(plan_url(plan_module)).content.decode()
    assert "Leerer Abschnitt" not in content
    assert "Nur in der Zwischenbilanz" not in content
    assert "Nur im Netz und im PDF" in content
    text = pdf_text(_download(client, export_url(plan_module, "pdf"), mail_on_commit))
    assert "Leerer Abschnitt" not in text
    assert "Nur im Netz und im PDF" in text
    document = Document(io.BytesIO(_download(client, export_url(plan_module, "docx"), mail_on_commit)))
    texts = [p.text for p in document.paragraphs]
    assert "Bänke für alle" in texts
    assert not {"Leerer Abschnitt", "Nur im Netz und im PDF", "Nur in der Zwischenbilanz"} & set(texts)


def test_a_failing_word_writer_leaves_its_section_out_and_the_rest_of_the_plan_in(process, measure, document_section):
    def broken(document, context):
        document.add_paragraph("halb geschrieben")
        raise RuntimeError("participation broke")

    document_section("broken", title="Kaputter Abschnitt", docx=broken, position=1)
    document_section()
    content = exports.plan_document_render(
        rows=plan_rows(process=process),
        process=process,
        version=None,
        title="Werkstattplan",
        file_format="docx",
    )
    texts = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert "Bänke für alle" in texts
    assert "Wer hat teilgenommen" in texts
    assert "Kaputter Abschnitt" not in texts
    assert "halb geschrieben" not in texts


def test_registering_a_section_makes_a_new_document(process, plan_module, measure, document_section):
    def key():
        return exports.document_key(
            rows=plan_rows(process=process), process=process, version=None, title="Werkstattplan", file_format="pdf"
        )

    without = key()
    document_section()
    assert key() != without


def test_without_sections_the_plan_page_is_as_it_was(client, plan_module, measure, document_section):
    content = client.get(plan_url(plan_module)).content.decode()
    assert "document-section" not in content
    assert 'id="toc-title"' not in content  # one field of action: no contents, as before


def test_the_plan_page_asks_what_its_sections_ask_and_nothing_more(
    client, django_assert_num_queries, plan_module, measure, document_section
):
    url = plan_url(plan_module)
    client.get(url)  # sessions, caches
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        client.get(url)
    document_section()  # one query: the towns of the process
    document_section("empty", context=lambda process: None)
    with django_assert_num_queries(PLAN_PAGE_QUERIES + 1):
        client.get(url)
