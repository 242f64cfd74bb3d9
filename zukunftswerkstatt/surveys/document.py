"""The surveys section of the Kommunalprofil and the review report (docs/surveys.md, "Results in the
documents").

`section_context(process)` freezes the key results of each survey of the process whose results the
team made public (published module, `results_public`) and that has answers, as plain data: texts
and numbers, small numbers already shown as “< 5” (`results.survey_results`, the same suppression as
the results page), so that a document keeps what it showed when it was made.
`surveys/results/_document_section.html` prints them (WeasyPrint and the web page) and
`section_docx` writes the same into a python-docx Document. `register_document_section()` adds the
three pieces to the registry (called from `apps.py`).
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.core.docx import docx_figure_table

from .models import Kind, Survey
from .results import QuestionResult, SurveyResults, survey_results

SECTION_KEY = "surveys"


def _surveys(process) -> list[Survey]:
    return list(
        Survey.objects.filter(module__phase__process=process, module__is_published=True, results_public=True)
        .select_related("module__phase__process__organisation")
        .order_by("module__phase__start", "module__position", "pk")
    )


def _question_table(result: QuestionResult) -> dict | None:
    """A compact table of one question's key figures (None for a free-text question)."""
    kind = result.kind
    caption = f"{result.number}. {result.label}"
    people = _("People who answered: %(people)s") % {"people": result.respondents}
    if kind in (Kind.SINGLE, Kind.YES_NO, Kind.MULTIPLE):
        note = _("Several answers could be chosen.") if kind == Kind.MULTIPLE else ""
        return {
            "caption": caption,
            "people": people,
            "note": note,
            "head": [_("Answer"), _("People"), _("Share")],
            "rows": [[line.label, str(line.count), line.share_text] for line in result.lines],
        }
    if kind == Kind.SCALE:
        return {
            "caption": caption,
            "people": people,
            "note": _("Mean %(mean)s, median %(median)s (1 to 5).")
            % {"mean": result.mean_text, "median": result.median_text},
            "head": [_("Point"), _("People"), _("Share")],
            "rows": [[line.label, str(line.count), line.share_text] for line in result.lines],
        }
    if kind == Kind.MATRIX:
        return {
            "caption": caption,
            "people": people,
            "note": _("Means on the scale from 1 to 5."),
            "head": [_("Statement"), _("People"), _("Mean")],
            "rows": [[s.label, str(s.respondents), s.mean_text] for s in result.statements],
        }
    if kind == Kind.RANKING:
        return {
            "caption": caption,
            "people": people,
            "note": _("Place 1 is the most important; the mean place is of those who placed the answer."),
            "head": [_("Answer"), _("Mean place"), _("Placed first")],
            "rows": [[r.label, r.mean_text, f"{r.first} ({r.first_share_text})"] for r in result.ranked],
        }
    if kind == Kind.NUMBER and result.numbers is not None:
        unit = result.question.unit
        return {
            "caption": caption + (f" ({unit})" if unit else ""),
            "people": people,
            "note": "",
            "head": [_("Figure"), _("Value")],
            "rows": [[label, value] for label, value in result.numbers.rows()],
        }
    return None


def _survey_context(outcome: SurveyResults) -> dict:
    survey = outcome.survey
    phase = survey.module.phase
    channels = ", ".join(f"{label}: {figure}" for _key, label, figure in outcome.channels if figure.value)
    texts = [result for result in outcome.questions if result.is_text]
    return {
        "title": survey.title,
        "module_pk": survey.module_id,
        "summary": _(
            "%(people)s people answered between %(start)s and %(end)s (%(channels)s). Shares are of the people who "
            "answered each question."
        )
        % {
            "people": outcome.total,
            "start": date_format(phase.start.date()),
            "end": date_format(phase.end.date()),
            "channels": channels,
        },
        "towns": {
            "caption": _("People who answered by town"),
            "head": [_("Town"), _("People"), _("Share"), _("Share of the inhabitants")],
            "rows": [
                [row.label, str(row.respondents), row.share_text, row.population_share_text]
                for row in outcome.composition.towns
            ],
        },
        "tables": [table for result in outcome.questions if (table := _question_table(result))],
        "texts": [
            _("%(number)s. %(question)s: %(people)s written answers.")
            % {"number": result.number, "question": result.label, "people": result.respondents}
            for result in texts
        ],
    }


def section_context(process) -> dict | None:
    """The key results of the process's public surveys with answers, or None when there are none."""
    surveys = []
    for survey in _surveys(process):
        outcome = survey_results(survey)
        if outcome.total:
            surveys.append(_survey_context(outcome))
    if not surveys:
        return None
    return {
        "surveys": surveys,
        "method": _(
            "Figures from 1 to 4 people are shown as “< 5”, and a few more are hidden so that they cannot be worked "
            "out from the totals; means are shown from 5 people on. Town and age group are what people stated "
            "with their answers. Free-text answers are not printed here."
        ),
    }


def section_docx(document, context: dict) -> None:
    """Write the section's body into a python-docx Document, after the heading the document wrote."""
    for survey in context["surveys"]:
        document.add_heading(survey["title"], level=2)
        document.add_paragraph(survey["summary"])
        for table_data in [survey["towns"], *survey["tables"]]:
            document.add_heading(table_data["caption"], level=3)
            for line in (table_data.get("people"), table_data.get("note")):
                if line:
                    document.add_paragraph(line)
            rows = [table_data["head"], *table_data["rows"]]
            docx_figure_table(document, rows)
        for line in survey["texts"]:
            document.add_paragraph(line)
    document.add_paragraph(context["method"])


def register_document_section() -> None:
    """Add the section to the Kommunalprofil and the review report (from `SurveysConfig.ready`)."""
    from zukunftswerkstatt.processes.registry import DocumentSection, registry

    registry.register_document_section(
        DocumentSection(
            key=SECTION_KEY,
            title=gettext_lazy("Survey results"),
            documents=frozenset({"profile", "review"}),
            context=section_context,
            template="surveys/results/_document_section.html",
            docx=section_docx,
            position=110,
        )
    )
