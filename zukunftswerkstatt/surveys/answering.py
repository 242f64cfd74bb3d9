"""What an answer to a questionnaire is, independent of how it came in (the online form, the team's
keyboard entry of paper and phone answers, the demo): normalised values, which questions a person
sees (conditions), and the checks every channel shares (`values_check`).

Normalised values, by question id (a question left out or None: not answered):

    single, yes/no   option id
    multiple         [option id, …] (a choice order is not kept)
    scale            1 … 5
    number           Decimal
    short/long text  str (stripped, not empty)
    ranking          [option id, …] best first (a ranking may stop before the last option)
    matrix           {statement (option) id: 1 … 5} (a statement may be left out)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import (
    CHOICE_KINDS,
    LONG_TEXT_LENGTH,
    SCALE_POINTS,
    SHORT_TEXT_LENGTH,
    Answer,
    Kind,
    Question,
    Response,
)

Values = dict[int, Any]


def chosen_options(questions: Iterable[Question], values: Values) -> set[int]:
    """The option ids chosen in the choice questions (the ones a condition can name)."""
    chosen: set[int] = set()
    for question in questions:
        value = values.get(question.pk)
        if value is None or question.kind not in CHOICE_KINDS:
            continue
        if isinstance(value, list):
            chosen.update(value)
        else:
            chosen.add(value)
    return chosen


def visible_questions(questions: Sequence[Question], values: Values) -> list[Question]:
    """The questions a person with these answers sees, in order: a question with a condition only
    when its option was chosen in a question that was itself visible (answers to hidden questions do
    not count, so a chain of conditions hides as a whole)."""
    option_question = {option.pk: question.pk for question in questions for option in _options(question)}
    shown: list[Question] = []
    shown_ids: set[int] = set()
    chosen: set[int] = set()
    for question in questions:
        if question.condition_option_id is not None:
            source = option_question.get(question.condition_option_id)
            if source not in shown_ids or question.condition_option_id not in chosen:
                continue
        shown.append(question)
        shown_ids.add(question.pk)
        if question.kind in CHOICE_KINDS:
            chosen |= chosen_options([question], values)
    return shown


def _options(question: Question) -> list:
    # Prefetched options (`questions_for_answering`) are read without a query.
    return list(question.options.all())


def _option_ids(question: Question) -> set[int]:
    return {option.pk for option in _options(question)}


def question_check(question: Question, value: Any) -> str | None:
    """Why a normalised value cannot be the answer to the question (None: it can). Not answering
    is checked separately (`values_check`)."""
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.YES_NO):
        if value not in _option_ids(question):
            return _("Please choose one of the answers.")
    elif kind == Kind.MULTIPLE:
        if not isinstance(value, list) or not value or not set(value) <= _option_ids(question):
            return _("Please choose among the answers.")
        if len(set(value)) != len(value):
            return _("Each answer can be chosen once.")
    elif kind == Kind.SCALE:
        if not isinstance(value, int) or not 1 <= value <= SCALE_POINTS:
            return _("Please choose a point from 1 to %(points)s.") % {"points": SCALE_POINTS}
    elif kind == Kind.NUMBER:
        if not isinstance(value, Decimal) or not value.is_finite():
            return _("Please enter a number.")
        if question.number_min is not None and value < question.number_min:
            return _("Please enter a number of at least %(min)s.") % {"min": _plain(question.number_min)}
        if question.number_max is not None and value > question.number_max:
            return _("Please enter a number of at most %(max)s.") % {"max": _plain(question.number_max)}
        if abs(value) >= Decimal("1e11") or value != value.quantize(Decimal("0.001")):
            return _("Please enter a number with at most three decimal places.")
    elif kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        limit = SHORT_TEXT_LENGTH if kind == Kind.SHORT_TEXT else LONG_TEXT_LENGTH
        if not isinstance(value, str) or not value.strip():
            return _("Please write an answer.")
        if len(value) > limit:
            return _("Please write at most %(limit)s characters (you wrote %(length)s).") % {
                "limit": limit,
                "length": len(value),
            }
        if "\x00" in value:
            return _("The text holds characters that cannot be stored.")
    elif kind == Kind.RANKING:
        if not isinstance(value, list) or not value or not set(value) <= _option_ids(question):
            return _("Please rank among the answers given.")
        if len(set(value)) != len(value):
            return _("Each place can be given once, and each answer can have one place.")
    elif kind == Kind.MATRIX:
        if not isinstance(value, dict) or not value or not set(value) <= _option_ids(question):
            return _("Please rate the statements given.")
        if any(not isinstance(point, int) or not 1 <= point <= SCALE_POINTS for point in value.values()):
            return _("Please choose a point from 1 to %(points)s for each statement.") % {"points": SCALE_POINTS}
    elif kind == Kind.SECTION:
        return _("A section heading takes no answer.")
    return None


def _plain(number: Decimal) -> str:
    return number_format(number.normalize())


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def values_check(
    questions: Sequence[Question], values: Values, *, required: bool = True
) -> tuple[Values, dict[int, str]]:
    """The values that count (those of visible questions, empty ones dropped) and the errors by
    question id: a required visible question left empty, a value that does not fit its question,
    a matrix with a required statement left out. `required=False` for a paper form or a phone call
    as it was answered: the team records what the person left out, it cannot ask again."""
    shown = visible_questions(questions, values)
    kept: Values = {}
    errors: dict[int, str] = {}
    for question in shown:
        if not question.takes_answer:
            continue
        value = values.get(question.pk)
        if isinstance(value, str):
            value = value.strip()
        if is_empty(value):
            if question.required and required:
                errors[question.pk] = _("This question needs an answer.")
            continue
        problem = question_check(question, value)
        if problem:
            errors[question.pk] = problem
            continue
        if question.kind == Kind.MATRIX and question.required and required and set(value) != _option_ids(question):
            errors[question.pk] = _("Please rate every statement.")
            continue
        kept[question.pk] = value
    return kept, errors


def answer_rows(response: Response, questions: Sequence[Question], values: Values) -> list[Answer]:
    """The Answer rows of checked values (`values_check`), not saved."""
    common = {
        "response": response,
        "survey_id": response.survey_id,
        "town_id": response.participant_town_id,
        "age_group": response.participant_age_group,
    }
    rows: list[Answer] = []
    for question in questions:
        value = values.get(question.pk)
        if is_empty(value) or not question.takes_answer:
            continue
        kind = question.kind
        base = {**common, "question": question}
        if kind in (Kind.SINGLE, Kind.YES_NO):
            rows.append(Answer(**base, option_id=value))
        elif kind == Kind.MULTIPLE:
            rows += [Answer(**base, option_id=option) for option in sorted(value)]
        elif kind == Kind.SCALE:
            rows.append(Answer(**base, value=value))
        elif kind == Kind.NUMBER:
            rows.append(Answer(**base, number=value))
        elif kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            rows.append(Answer(**base, text=value))
        elif kind == Kind.RANKING:
            rows += [Answer(**base, option_id=option, value=rank) for rank, option in enumerate(value, start=1)]
        elif kind == Kind.MATRIX:
            rows += [Answer(**base, option_id=option, value=point) for option, point in sorted(value.items())]
    return rows


def values_of(answers: Iterable[Answer], questions: Sequence[Question]) -> Values:
    """The normalised values back from a response's answers (to show or correct an entry)."""
    kinds = {question.pk: question.kind for question in questions}
    values: Values = {}
    ranked: dict[int, list[tuple[int, int]]] = {}
    for answer in answers:
        kind = kinds.get(answer.question_id)
        if kind in (Kind.SINGLE, Kind.YES_NO):
            values[answer.question_id] = answer.option_id
        elif kind == Kind.MULTIPLE:
            values.setdefault(answer.question_id, []).append(answer.option_id)
        elif kind == Kind.SCALE:
            values[answer.question_id] = answer.value
        elif kind == Kind.NUMBER:
            values[answer.question_id] = answer.number
        elif kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            values[answer.question_id] = answer.text
        elif kind == Kind.RANKING:
            ranked.setdefault(answer.question_id, []).append((answer.value or 0, answer.option_id))
        elif kind == Kind.MATRIX:
            values.setdefault(answer.question_id, {})[answer.option_id] = answer.value
    for question_id, pairs in ranked.items():
        values[question_id] = [option for _rank, option in sorted(pairs)]
    return values
