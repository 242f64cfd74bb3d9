"""The raw answers of a survey as CSV or XLSX, for the team's own analysis (docs/surveys.md, "Export").

One row per response, numbered 1, 2, 3 … in the order they came in: not the database id, and no
account, name, e-mail, browser mark or who entered it, so that nothing in the file leads back to a
person. Columns: number, channel, day, town, age group, paper number, then per question

    single choice, yes/no   the chosen option's text
    multiple choice         one column per option: 1 chosen, 0 not chosen (empty: not answered)
    scale                   the point, 1 to 5
    matrix                  one column per statement with its point
    ranking                 one column per option with its place (empty: not placed)
    number                  the number
    text                    the text

with a header of question numbers and texts (“F3 Was fehlt Ihnen?: Busse”). A second part, “Fragen”,
documents each column (the question, its kind, what the values mean). XLSX: two sheets, written
in openpyxl's write-only mode. CSV: a ZIP with `antworten.csv` and `fragen.csv` (UTF-8 with a
byte-order mark, semicolons, decimal commas: what German spreadsheet programs open). Every text
cell goes through `core.spreadsheets.cell_safe` (no formula runs when the file is opened).

The task worker builds it (`survey_export_make`, through `core.documents.document_build`) and
writes `rows_done` every `PROGRESS_EVERY` rows in an UPDATE of its own, so the page shows progress.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.core.documents import document_build, document_queue
from zukunftswerkstatt.core.models import DocumentStatus
from zukunftswerkstatt.core.spreadsheets import csv_bytes, row_safe

from .models import Answer, ExportFormat, Kind, Option, Question, Response, ResponseChannel, Survey, SurveyExport
from .selectors import numbered, questions_for_answering

PROGRESS_EVERY = 200
KEEP_EXPORTS = 3
"""Finished exports kept per survey and format (older files are deleted)."""
CONTENT_TYPES = {
    ExportFormat.CSV: "application/zip",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SUFFIXES = {ExportFormat.CSV: "zip", ExportFormat.XLSX: "xlsx"}


# --- asking for one ----------------------------------------------------------------------------------


def survey_export_request(*, survey: Survey, file_format: str, requested_by, language: str) -> SurveyExport:
    """Queue an export of the survey's answers (or return the one of the same format that is still
    being made, so that a double click makes one file)."""
    if file_format not in ExportFormat.values:
        raise ValueError(f"unknown format {file_format!r}")
    with transaction.atomic():
        waiting = (
            SurveyExport.objects.select_for_update()
            .filter(survey=survey, file_format=file_format, status__in=(DocumentStatus.PENDING, DocumentStatus.RUNNING))
            .first()
        )
        if waiting is not None:
            return waiting
        export = SurveyExport.objects.create(
            survey=survey,
            file_format=file_format,
            requested_by=requested_by,
            language=language,
            rows_total=Response.objects.filter(survey=survey).count(),
        )
        document_queue(row=export)
    return export


# --- the columns -----------------------------------------------------------------------------------


@dataclass
class Column:
    """One column of a question: its header, and for the part “Fragen” what its values mean."""

    header: str
    question: Question
    number: int
    option: Option | None
    meaning: str


def columns_of(questions: list[Question]) -> list[Column]:
    """The question columns of the export, in the questionnaire's order."""
    columns: list[Column] = []
    for number, question in numbered(questions):
        if number is None:
            continue
        head = f"F{number} {question.text}"
        kind = question.kind
        options = list(question.options.all())
        if kind in (Kind.SINGLE, Kind.YES_NO):
            meaning = _("the chosen answer: %(options)s") % {"options": " | ".join(o.text for o in options)}
            columns.append(Column(head, question, number, None, meaning))
        elif kind == Kind.MULTIPLE:
            for option in options:
                meaning = _("1 chosen, 0 not chosen, empty: question not answered")
                columns.append(Column(f"{head}: {option.text}", question, number, option, meaning))
        elif kind == Kind.SCALE:
            columns.append(Column(head, question, number, None, _scale_meaning(question)))
        elif kind == Kind.MATRIX:
            for option in options:
                columns.append(Column(f"{head}: {option.text}", question, number, option, _scale_meaning(question)))
        elif kind == Kind.RANKING:
            for option in options:
                meaning = _("place given to this answer (1 = most important), empty: not placed")
                columns.append(Column(f"{head}: {option.text}", question, number, option, meaning))
        elif kind == Kind.NUMBER:
            meaning = _("a number") + (f" ({question.unit})" if question.unit else "")
            columns.append(Column(head, question, number, None, meaning))
        else:
            columns.append(Column(head, question, number, None, _("free text")))
    return columns


def _scale_meaning(question: Question) -> str:
    labels = [f"{point} = {label}" for point, label in _german_points(question) if label]
    return _("a point from 1 to 5") + (": " + ", ".join(labels) if labels else "")


def _german_points(question: Question) -> list[tuple[int, str]]:
    labels = list(question.scale_labels or [])
    return [(point, labels[point - 1] if point <= len(labels) else "") for point in range(1, 6)]


def _header() -> list[str]:
    return [_("Number"), _("Channel"), _("Day"), _("Town"), _("Age group"), _("Paper number")]


def _questions_sheet(columns: list[Column]) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("Column"), _("Question"), _("Kind of question"), _("Values")]]
    kinds = {value: str(label) for value, label in Kind.choices}
    rows += [[column.header, column.question.text, kinds[column.question.kind], column.meaning] for column in columns]
    return rows


# --- the rows --------------------------------------------------------------------------------------


def _plain(number: Decimal) -> int | float:
    """A number as the spreadsheet should hold it (at most three decimal places, below 10¹¹)."""
    return int(number) if number == number.to_integral_value() else float(number)


def _cells(
    columns: list[Column],
    answers: list[tuple[int, int | None, int | None, Decimal | None, str]],
    option_texts: dict[int, str],
) -> list:
    """The question cells of one response from its answer rows (question, option, value, number, text)."""
    chosen: dict[int, int | None] = {}
    by_option: dict[tuple[int, int | None], int | None] = {}
    numbers: dict[int, Decimal | None] = {}
    texts: dict[int, str] = {}
    answered: set[int] = set()
    for question_id, option_id, value, number, text in answers:
        answered.add(question_id)
        chosen[question_id] = option_id
        by_option[(question_id, option_id)] = value
        numbers[question_id] = number
        texts[question_id] = text
    cells: list[Any] = []
    for column in columns:
        question = column.question
        pk = question.pk
        kind = question.kind
        if pk not in answered:
            cells.append("")
            continue
        if kind in (Kind.SINGLE, Kind.YES_NO):
            cells.append(option_texts.get(chosen[pk] or 0, ""))
        elif kind == Kind.MULTIPLE:
            cells.append(1 if column.option is not None and (pk, column.option.pk) in by_option else 0)
        elif kind == Kind.SCALE:
            cells.append(by_option.get((pk, None), ""))
        elif kind in (Kind.MATRIX, Kind.RANKING):
            value = by_option.get((pk, column.option.pk if column.option else None))
            cells.append("" if value is None else value)
        elif kind == Kind.NUMBER:
            number = numbers.get(pk)
            cells.append("" if number is None else _plain(number))
        else:
            cells.append(texts.get(pk, ""))
    return cells


def export_rows(survey: Survey, columns: list[Column]) -> Iterator[list]:
    """One list per response, in the order they came in, numbered from 1 (two queries, read in chunks)."""
    channels = {value: str(label) for value, label in ResponseChannel.choices}
    ages = {value: str(label) for value, label in AgeGroup.choices}
    towns = dict(survey.module.phase.process.municipalities.values_list("pk", "name"))
    option_texts = {option.pk: option.text for column in columns for option in column.question.options.all()}
    responses = (
        Response.objects.filter(survey=survey)
        .order_by("pk")
        .values_list("pk", "channel", "created", "participant_town_id", "participant_age_group", "paper_number")
        .iterator(chunk_size=2000)
    )
    answers = (
        Answer.objects.filter(survey=survey)
        .order_by("response_id", "pk")
        .values_list("response_id", "question_id", "option_id", "value", "number", "text")
        .iterator(chunk_size=5000)
    )
    pending = next(answers, None)
    for running, (pk, channel, created, town, age, paper) in enumerate(responses, start=1):
        own: list[tuple[int, int | None, int | None, Decimal | None, str]] = []
        while pending is not None and pending[0] <= pk:
            if pending[0] == pk:
                own.append(pending[1:])
            pending = next(answers, None)
        yield [
            running,
            channels.get(channel, channel),
            timezone.localtime(created).date(),
            towns.get(town, "") if town else "",
            ages.get(age, ""),
            paper if paper is not None else "",
            *_cells(columns, own, option_texts),
        ]


# --- writing ---------------------------------------------------------------------------------------


class _Progress:
    def __init__(self, export: SurveyExport):
        self.export = export
        self.done = 0

    def step(self) -> None:
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self.save()

    def save(self) -> None:
        # An UPDATE of its own (the build runs outside a transaction): the state page sees it at once.
        SurveyExport.objects.filter(pk=self.export.pk).update(rows_done=self.done)


def _csv_value(value: Any) -> Any:
    """Decimal commas in the CSV (German spreadsheet programs read “12.5” as a date or a text)."""
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return value


def export_render(export: SurveyExport, questions: list[Question] | None = None) -> bytes:
    """The file's bytes (XLSX, or the ZIP of the two CSV files)."""
    survey = export.survey
    questions = questions if questions is not None else questions_for_answering(survey)
    columns = columns_of(questions)
    header = _header() + [column.header for column in columns]
    total = Response.objects.filter(survey=survey).count()
    SurveyExport.objects.filter(pk=export.pk).update(rows_total=total, rows_done=0)
    progress = _Progress(export)
    if export.file_format == ExportFormat.XLSX:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Answers"))
        sheet.append(row_safe(header))
        for row in export_rows(survey, columns):
            sheet.append(row_safe(row))
            progress.step()
        about = workbook.create_sheet(_("Questions"))
        for row in _questions_sheet(columns):
            about.append(row_safe(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    else:
        rows: list[list[Any]] = [header]
        for row in export_rows(survey, columns):
            rows.append([_csv_value(value) for value in row])
            progress.step()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(_("answers") + ".csv", csv_bytes(rows))
            archive.writestr(_("questions") + ".csv", csv_bytes(_questions_sheet(columns)))
        content = buffer.getvalue()
    progress.save()
    return content


def survey_export_make(export: SurveyExport) -> SurveyExport:
    """Build and store the export (called by the task worker); a failure is kept on the row."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    filename = f"umfrage-{export.survey_id}-{stamp}.{SUFFIXES[ExportFormat(export.file_format)]}"
    document_build(row=export, render=lambda: (export_render(export), 0), filename=filename)
    if export.status == DocumentStatus.DONE:
        _exports_prune(export=export)
    return export


def _exports_prune(*, export: SurveyExport) -> None:
    older = SurveyExport.objects.filter(
        survey_id=export.survey_id, file_format=export.file_format, status=DocumentStatus.DONE
    ).order_by("-created", "-pk")[KEEP_EXPORTS:]
    for old in older:
        if old.file:
            old.file.delete(save=False)
        old.delete()
