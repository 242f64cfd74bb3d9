"""The surveys section of the Kommunalprofil and the review report: public surveys only, frozen and
suppressed figures, HTML for print without links, the Word file."""

from __future__ import annotations

import io
import json

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from zukunftswerkstatt.processes.registry import registry
from zukunftswerkstatt.surveys.document import SECTION_KEY, section_context, section_docx
from zukunftswerkstatt.surveys.models import Kind

from .factories import full_values, question
from .test_results import answer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def public(survey, questions, staff_a, town_a):
    for _ in range(6):
        answer(survey, staff_a, full_values(questions), town=town_a)
    survey.results_public = True
    survey.save()
    return survey


def test_the_section_is_registered_for_the_profile_and_the_review_report():
    section = registry.sections[SECTION_KEY]
    assert section.documents == frozenset({"profile", "review"})


def test_nothing_to_show_until_the_team_makes_the_results_public(survey, questions, staff_a, process):
    assert section_context(process) is None
    answer(survey, staff_a, full_values(questions))
    assert section_context(process) is None  # answered, not public
    survey.results_public = True
    survey.save()
    assert section_context(process) is not None


def test_the_section_is_plain_data_with_the_suppressed_figures(public, process):
    section = section_context(process)

    json.dumps(section)  # frozen: texts and numbers only
    (survey,) = section["surveys"]
    assert survey["title"] == "Wohnen und Leben im Göltzschtal"
    assert "6 people answered" in survey["summary"]
    towns = {row[0]: row for row in survey["towns"]["rows"]}
    assert towns["Auerbach/Vogtl."][1:3] == ["6", "100.0 %"]
    single = survey["tables"][0]
    assert single["caption"] == "1. Wie wohnen Sie?"
    assert single["rows"][0] == ["Miete", "6", "100.0 %"]
    scale = next(table for table in survey["tables"] if table["caption"].startswith("3."))
    assert "Mean 4.00" in scale["note"]
    assert any("written answers" in line for line in survey["texts"])


def test_the_section_prints_without_links_and_the_web_page_links_the_results(public, process):
    context = section_context(process)
    printed = render_to_string("surveys/results/_document_section.html", {**context, "for_print": True})
    assert "<a " not in printed
    assert "<caption" in printed
    web = render_to_string("surveys/results/_document_section.html", {**context, "for_print": False})
    assert f"/surveys/m/{public.module_id}/results/" in web


def test_the_section_is_written_into_a_word_file(public, process):
    from docx import Document

    document = Document()
    section_docx(document, section_context(process))
    buffer = io.BytesIO()
    document.save(buffer)
    text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(buffer.getvalue())).paragraphs)
    assert "Wohnen und Leben im Göltzschtal" in text
    assert len(document.tables) >= 5


def test_a_survey_in_an_unpublished_module_is_left_out(public, process):
    public.module.is_published = False
    public.module.save()
    assert section_context(process) is None


def test_free_text_questions_get_no_table(survey, staff_a, process):
    q = question(survey, Kind.LONG_TEXT, "Was sollte sich ändern?")
    for _ in range(5):
        answer(survey, staff_a, {q.pk: "Mehr Busse"})
    survey.results_public = True
    survey.save()

    (context,) = section_context(process)["surveys"]

    assert context["tables"] == []
    assert context["texts"] == ["1. Was sollte sich ändern?: 5 written answers."]
