"""Two people building one questionnaire at the same moment (PostgreSQL, real parallel transactions):
the survey's row is locked for each change, so positions stay 1, 2, 3 … without gaps or doubles."""

from __future__ import annotations

from tests.concurrency import at_once, postgresql_races
from zukunftswerkstatt.surveys import builder
from zukunftswerkstatt.surveys.builder import QuestionSpec
from zukunftswerkstatt.surveys.models import Kind

pytestmark = postgresql_races

THREADS = 8


def test_questions_added_at_once_get_dense_positions(survey, moderator):
    def add(number):
        builder.question_add(
            survey=survey,
            spec=QuestionSpec(kind=Kind.SHORT_TEXT, text=f"Frage {number}"),
            by=moderator,
            position=1 if number % 2 else None,
        )

    assert at_once(add, list(range(THREADS))) == []
    assert sorted(survey.questions.values_list("position", flat=True)) == list(range(1, THREADS + 1))


def test_moves_and_deletes_at_once_keep_dense_positions(survey, moderator):
    questions = [
        builder.question_add(survey=survey, spec=QuestionSpec(kind=Kind.SHORT_TEXT, text=f"Frage {n}"), by=moderator)
        for n in range(THREADS)
    ]

    def work(index):
        question = questions[index]
        if index % 3 == 0:
            builder.question_delete(question=question, by=moderator)
        else:
            builder.question_move(question=question, direction=builder.UP if index % 2 else builder.DOWN, by=moderator)

    assert at_once(work, list(range(THREADS))) == []
    remaining = survey.questions.count()
    assert remaining == THREADS - len(range(0, THREADS, 3))
    assert sorted(survey.questions.values_list("position", flat=True)) == list(range(1, remaining + 1))
