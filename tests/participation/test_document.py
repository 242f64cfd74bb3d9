"""The document section: frozen figures, HTML for print, DOCX."""

from __future__ import annotations

import io
import json

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from zukunftswerkstatt.participation.document import section_context, section_docx

from .conftest import population

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_nothing_to_show_without_participants(world):
    assert section_context(world.process) is None


@pytest.fixture
def counted(world, organisation, town_a, town_b):
    population(
        organisation,
        world.process.phases.order_by("start").first().start.year,
        [(town_a, "m", 20, 20, 300), (town_a, "f", 70, 70, 100), (town_b, "m", 20, 20, 100)],
    )
    for _ in range(3):
        world.idea(town=town_a, age="18-29")
    for _ in range(20):
        world.idea(town=town_a, age="65-79")
    return world


def test_the_section_is_plain_data_with_the_suppressed_figures(counted):
    section = section_context(counted.process)

    json.dumps(section)  # frozen: texts and numbers only
    channels = section["tables"][0]
    guests = next(row for row in channels["rows"] if row[0] == "Contributions online as a guest")
    assert guests[1] == "23"
    ages = section["tables"][-1]
    auerbach = next(row for row in ages["rows"] if row[0] == "Auerbach/Vogtl.")
    assert auerbach[4] == "– (< 5)"  # 18 to 29: three people, hidden with their index
    assert auerbach[7] == "– (< 5)"  # 65 to 79 hidden too, or the town's total would give the 3 away
    assert "People aged 18 to 29 from Ellefeld have not been reached." in section["missing"]
    assert "People aged 18 to 29 from Auerbach/Vogtl. are hardly represented." in section["missing"]


def test_the_section_prints_as_html_tables_with_captions(counted):
    html = render_to_string("participation/_document_section.html", section_context(counted.process))

    assert "<h2" not in html  # the document writes the section's heading
    assert "<h3>Who is missing</h3>" in html
    assert '<caption id="participation-table-1">People per channel and town</caption>' in html
    assert '<th scope="row">Auerbach/Vogtl.</th>' in html
    assert "<script" not in html
    assert "style=" not in html


def test_the_section_writes_the_same_into_a_docx(counted):
    from docx import Document

    document = Document()
    section = section_context(counted.process)
    section_docx(document, section)
    buffer = io.BytesIO()
    document.save(buffer)

    reread = Document(io.BytesIO(buffer.getvalue()))
    texts = [paragraph.text for paragraph in reread.paragraphs]
    assert "Who took part" not in texts  # the document writes the section's heading
    assert "People aged 18 to 29 from Ellefeld have not been reached." in texts
    assert len(reread.tables) == len(section["tables"])
    assert reread.tables[0].cell(0, 0).text == "Channel"


def test_the_section_is_registered_for_the_three_documents():
    from zukunftswerkstatt.processes.registry import registry

    for document in ("profile", "plan", "review"):
        section = next(s for s in registry.document_sections(document) if s.key == "participation")
        assert section.context is section_context
        assert section.docx is section_docx
