"""The Werkstattplan as a document: PDF (WeasyPrint, like events/printing.py) and DOCX (python-docx),
and the letters to offline participants whose contribution became part of a measure.

Both documents are made from the same PlanDocument as the web page, whether live (a draft) or an
adopted version's snapshot, so the three always say the same.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zukunftswerkstatt.core.pdf import render_pdf
from zukunftswerkstatt.processes.registry import SectionPart, registry

from .selectors import PlanDocument, plan_document

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def document_key(*, rows: list[dict], process, version, title: str, file_format: str) -> str:
    """A hash of everything a document shows: the same plan is made into a document only once.

    Sections of later apps (processes.registry.DocumentSection) are computed when the document is
    built; with any registered, a document is made at most once a day, as a draft is."""
    sections = [section.key for section in registry.document_sections("plan")]
    what = {
        "rows": rows,
        "process": [process.pk, process.title, process.organisation.name],
        "version": [
            version.pk,
            version.status,
            version.title,
            version.introduction,
            str(version.adopted_on),
            version.adopted_by,
            version.resolution,
        ]
        if version is not None
        else None,
        "title": str(title),
        "language": get_language(),
        "format": file_format,
        "day": str(timezone.localdate()) if version is None or sections else "",
        **({"sections": sections} if sections else {}),
    }
    return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()


def plan_document_render(*, rows: list[dict], process, version, title: str, file_format: str) -> bytes:
    """The PDF or DOCX of these rows (live measures or an adopted snapshot)."""
    document = plan_document(rows=rows)
    if file_format == "pdf":
        context = {
            "process": process,
            "organisation": process.organisation,
            "document": document,
            "version": version,
            "title": title,
            "sections": registry.section_parts("plan", process=process, for_print=True),
        }
        return plan_pdf(context=context)
    return plan_docx(
        document=document,
        process=process,
        organisation=process.organisation,
        version=version,
        title=title,
        sections=registry.section_parts("plan", process=process),
    )


def _html_to_pdf(html: str) -> bytes:
    return render_pdf(html)


def plan_pdf(*, context: dict) -> bytes:
    """The plan as PDF; `context` holds document, process, organisation and version (or None)."""
    return _html_to_pdf(render_to_string("plans/print/plan.html", {**context, "today": timezone.localdate()}))


def letters_pdf(*, context: dict) -> bytes:
    return _html_to_pdf(render_to_string("plans/print/letters.html", {**context, "today": timezone.localdate()}))


def _money(value) -> str:
    return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True) + " €"


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def plan_docx(
    *,
    document: PlanDocument,
    process,
    organisation,
    version=None,
    title: str = "",
    sections: Sequence[SectionPart] = (),
) -> bytes:
    """The plan as an editable DOCX: one heading per field of action, one table per measure, then the
    sections of later apps that can write themselves into a Word file."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.name = "DejaVu Sans"
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = title or process.title
    doc.core_properties.author = organisation.name
    doc.add_heading(title or _("Action plan"), level=0)
    doc.add_paragraph(f"{organisation.name} · {process.title}")
    if version is not None and version.is_adopted:
        doc.add_paragraph(
            _("Adopted by %(body)s on %(date)s.") % {"body": version.adopted_by, "date": _date(version.adopted_on)}
            + (f" {_('Resolution')}: {version.resolution}" if version.resolution else "")
        )
    elif version is not None:
        doc.add_paragraph(_("Draft, version %(number)s") % {"number": version.number})
    else:
        doc.add_paragraph(_("Current state, %(date)s") % {"date": _date(timezone.localdate())})
    if version is not None and version.introduction:
        for paragraph in version.introduction.split("\n\n"):
            doc.add_paragraph(paragraph.strip())
    doc.add_paragraph(
        _("%(count)s measures, estimated cost in all: %(cost)s")
        % {"count": document.measure_count, "cost": _money(document.total_cost)}
    )
    for group in document.groups:
        doc.add_heading(group.topic, level=1)
        for measure in group.measures:
            doc.add_heading(measure.title, level=2)
            if measure.description:
                doc.add_paragraph(measure.description)
            rows = [
                (_("Goal"), measure.goal),
                (_("Responsible"), measure.responsible_body),
                (
                    _("Contact"),
                    ", ".join(filter(None, [measure.contact_name, measure.contact_email, measure.contact_phone])),
                ),
                (_("Partners"), measure.partners),
                (_("Towns"), ", ".join(measure.towns) or _("whole association")),
                (_("Target groups"), ", ".join(measure.target_groups)),
                (_("Time"), " – ".join(filter(None, [_date(measure.start), _date(measure.end)]))),
                (_("Estimated cost"), _money(measure.estimated_cost) if measure.estimated_cost is not None else ""),
                (_("Funding"), measure.funding_source),
                (_("Priority"), measure.priority_label),
                (_("Status"), f"{measure.status_label} ({measure.percent_complete} %)"),
                (
                    _("Milestones"),
                    "; ".join(f"{m['title']} ({_date(m['due_on'])})" for m in measure.milestones),
                ),
                (_("From contributions"), "; ".join(i["title"] for i in measure.ideas)),
                (_("SWOT items"), "; ".join(s["label"] for s in measure.swot_items)),
                (_("Inventory entries"), "; ".join(i["label"] for i in measure.inventory_items)),
            ]
            rows = [(label, value) for label, value in rows if value]
            table = doc.add_table(rows=len(rows), cols=2)
            table.style = "Table Grid"
            for (label, value), row in zip(rows, table.rows, strict=True):
                row.cells[0].text = str(label)
                row.cells[1].text = str(value)
    for part in sections:
        _docx_section(doc, part)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_section(doc, part: SectionPart) -> None:
    """A later app's section: its heading, then what its `docx` writer adds. A writer that fails is
    logged and its section taken out again, so the rest of the plan is still delivered."""
    write = part.section.docx
    if write is None:
        return
    body = doc.element.body
    kept = list(body)  # held, so that lxml hands out the same element objects again
    doc.add_heading(str(part.section.title), level=1)
    try:
        write(doc, part.context)
    except Exception:
        logger.exception("The Word writer of document section %r failed", part.section.key)
        for element in list(body):
            if not any(element is old for old in kept):
                body.remove(element)
