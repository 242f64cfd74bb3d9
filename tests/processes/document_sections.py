"""A section that a later app adds to the documents (processes.registry.DocumentSection), registered
for one test and taken out again: import `document_section` into a test module to use it."""

from __future__ import annotations

from pathlib import Path

import pytest

from zukunftswerkstatt.processes.registry import DOCUMENTS, DocumentSection, registry

TEMPLATES = Path(__file__).parent / "templates"


def towns_context(process) -> dict:
    """One query: the towns of the process."""
    return {
        "lead": "Beteiligung nach Stadt und Altersgruppe",
        "caption": "Teilnehmende je Stadt",
        "towns": [town.name for town in process.municipalities.order_by("name")],
    }


def towns_docx(document, context: dict) -> None:
    document.add_paragraph(context["lead"])
    table = document.add_table(rows=len(context["towns"]), cols=1)
    for town, row in zip(context["towns"], table.rows, strict=True):
        row.cells[0].text = town


@pytest.fixture
def document_section(settings):
    """`register(key, title=…, …)` registers a section (with the template of this folder) for the
    test. Sections that apps registered when Django started are set aside for the test (without
    calling `register`, a document has no section at all) and put back when it ends; every section
    registered here is taken out again."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}]
    registered: list[str] = []

    def register(
        key: str = "who_took_part",
        *,
        title: str = "Wer hat teilgenommen",
        documents=DOCUMENTS,
        context=towns_context,
        docx=towns_docx,
        position: int = 100,
    ) -> DocumentSection:
        section = registry.register_document_section(
            DocumentSection(
                key=key,
                title=title,
                documents=frozenset(documents),
                context=context,
                template="tests/document_section.html",
                docx=docx,
                position=position,
            )
        )
        registered.append(key)
        return section

    started_with = dict(registry.sections)
    for key in started_with:
        registry.unregister_document_section(key)
    yield register
    for key in registered:
        registry.unregister_document_section(key)
    for section in started_with.values():
        registry.register_document_section(section)
