"""What the team types from a paper questionnaire or a phone call, turned into the normalised values
of `answering.py` (and back, to correct an entry). Every option carries a small number on paper and
on the entry form (1, 2, 3 … in the order of the questionnaire), so that a tick is one key:

    single, yes/no, scale   "2"
    multiple                "1 3", "1,3" or "13" (digits run together only while there are at most
                            nine options, where no number has two digits)
    ranking                 "3 1 2": the option numbers from the first place to the last
    matrix                  one field per statement, each "1" … "5"
    number                  "12", "12,5" or "12.5" (spaces as thousands separators are dropped)
    short or long text      as typed

An empty field is "not answered". Anything else raises `KeyedError` with a message for the person
typing; whether a value fits the question (required, a number's range) is then `values_check`'s
business, the same as for every channel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import get_format
from django.utils.translation import gettext as _

from zukunftswerkstatt.core.models import Municipality

from .models import SCALE_POINTS, TEXT_KINDS, Kind, Option, Question, Survey
from .selectors import numbered

SEPARATORS = re.compile(r"[\s,;./+]+")
DIGITS = re.compile(r"[0-9]+")
DECIMAL = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
MAX_RUN_TOGETHER = 9
"""Up to this many options, "13" means options 1 and 3 (no option has a two-digit number)."""


class KeyedError(ValueError):
    """Typed input that names no answer; `message` says what to type instead."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def options_of(question: Question) -> list[Option]:
    """The options in the order of the questionnaire: option number n is `options_of(q)[n - 1]`."""
    # Prefetched options (`questions_for_answering`) are read without a query.
    return list(question.options.all())


def numbers_typed(typed: str, count: int, *, run_together: bool = True) -> list[int]:
    """The numbers in `typed`, each between 1 and `count`, each once, in the order typed."""
    text = typed.strip()
    if not text:
        return []
    parts = [part for part in SEPARATORS.split(text) if part]
    if len(parts) == 1 and run_together and count <= MAX_RUN_TOGETHER and DIGITS.fullmatch(parts[0]):
        parts = list(parts[0])
    for part in parts:
        if not DIGITS.fullmatch(part):
            raise KeyedError(
                _("Please type the numbers of the answers, e.g. “1 3”; “%(part)s” is not a number.") % {"part": part}
            )
    numbers = [int(part) for part in parts]
    for number in numbers:
        if not 1 <= number <= count:
            raise KeyedError(
                _("There is no answer %(number)s: the answers are numbered 1 to %(count)s.")
                % {"number": number, "count": count}
            )
    seen: set[int] = set()
    for number in numbers:
        if number in seen:
            raise KeyedError(_("The number %(number)s is typed twice.") % {"number": number})
        seen.add(number)
    return numbers


def number_typed(typed: str, count: int) -> int | None:
    """One number between 1 and `count` (None: empty)."""
    text = typed.strip()
    if not text:
        return None
    if not DIGITS.fullmatch(text):
        if len([part for part in SEPARATORS.split(text) if part]) > 1:
            raise KeyedError(_("Only one answer can be chosen here: please type one number."))
        raise KeyedError(_("Please type the number of the answer, from 1 to %(count)s.") % {"count": count})
    number = int(text)
    if not 1 <= number <= count:
        raise KeyedError(
            _("There is no answer %(number)s: the answers are numbered 1 to %(count)s.")
            % {"number": number, "count": count}
        )
    return number


def decimal_typed(typed: str) -> Decimal | None:
    """A number with a decimal comma or point (None: empty)."""
    text = re.sub(r"[\s\u00a0\u202f]", "", typed)
    if not text:
        return None
    if "," in text and "." in text:
        raise KeyedError(_("Please type the number with one decimal comma only, e.g. 1500 or 12,5."))
    text = text.replace(",", ".")
    if not DECIMAL.fullmatch(text):
        raise KeyedError(_("Please type a number, e.g. 12 or 12,5."))
    try:
        return Decimal(text)
    except InvalidOperation as error:  # pragma: no cover - the pattern lets only numbers through
        raise KeyedError(_("Please type a number, e.g. 12 or 12,5.")) from error


def keyed_value(question: Question, typed: str) -> Any:
    """The normalised value of what was typed for a question (not a matrix: see `keyed_matrix`);
    None when nothing was typed."""
    kind = question.kind
    if kind in TEXT_KINDS:
        return typed.strip() or None
    if kind == Kind.NUMBER:
        return decimal_typed(typed)
    if kind == Kind.SCALE:
        return number_typed(typed, SCALE_POINTS)
    options = options_of(question)
    if kind in (Kind.SINGLE, Kind.YES_NO):
        number = number_typed(typed, len(options))
        return None if number is None else options[number - 1].pk
    if kind in (Kind.MULTIPLE, Kind.RANKING):
        numbers = numbers_typed(typed, len(options))
        if not numbers:
            return None
        chosen = [options[number - 1].pk for number in numbers]
        return sorted(chosen) if kind == Kind.MULTIPLE else chosen
    raise ValueError(f"{kind} is not typed into one field")


def keyed_matrix(question: Question, typed: dict[int, str]) -> tuple[dict[int, int] | None, dict[int, str]]:
    """The matrix value from one typed scale point per statement (by option id), and the messages
    by statement id for what could not be read. None: no statement was answered."""
    value: dict[int, int] = {}
    errors: dict[int, str] = {}
    for statement in options_of(question):
        try:
            point = number_typed(typed.get(statement.pk, ""), SCALE_POINTS)
        except KeyedError as error:
            errors[statement.pk] = error.message
            continue
        if point is not None:
            value[statement.pk] = point
    return (value or None), errors


def keyed_text(question: Question, value: Any) -> str:
    """What one would type to get `value` (to show a stored entry for correction); "" if nothing."""
    if value is None:
        return ""
    kind = question.kind
    if kind in TEXT_KINDS:
        return str(value)
    if kind == Kind.NUMBER:
        return format(Decimal(value).normalize(), "f").replace(".", get_format("DECIMAL_SEPARATOR"))
    if kind == Kind.SCALE:
        return str(value)
    numbers = {option.pk: index for index, option in enumerate(options_of(question), start=1)}
    if kind in (Kind.SINGLE, Kind.YES_NO):
        return str(numbers.get(value, ""))
    if kind == Kind.MULTIPLE:
        return " ".join(str(number) for number in sorted(numbers[pk] for pk in value if pk in numbers))
    if kind == Kind.RANKING:
        return " ".join(str(numbers[pk]) for pk in value if pk in numbers)
    raise ValueError(f"{kind} is not typed into one field")


def keyed_matrix_texts(question: Question, value: dict[int, int] | None) -> dict[int, str]:
    """The typed scale point per statement id, for a stored matrix answer."""
    return {statement: str(point) for statement, point in (value or {}).items()}


def choice_typed(typed: str, choices: Sequence[Any]) -> Any:
    """The chosen item of a numbered list (towns, age groups) from its number; None when empty."""
    number = number_typed(typed, len(choices))
    return None if number is None else choices[number - 1]


def legend(labels: Sequence[str]) -> str:
    """The labels with their numbers, as the entry form shows them: "1 Miete · 2 Eigentum"."""
    return " · ".join(f"{number} {label}" for number, label in enumerate(labels, start=1))


@dataclass(frozen=True)
class Condition:
    """ "Only if the answer to question `number` was option `option_number` (`option_label`)"."""

    question_pk: int
    number: int | None
    option_number: int
    option_label: str


def conditions_of(questions: Sequence[Question]) -> dict[int, Condition]:
    """The condition of each question that has one, by question id, with the numbers people see."""
    numbers = {question.pk: number for number, question in numbered(list(questions))}
    options: dict[int, tuple[Question, int, str]] = {}
    for question in questions:
        for index, option in enumerate(options_of(question), start=1):
            options[option.pk] = (question, index, option.label)
    result: dict[int, Condition] = {}
    for question in questions:
        if question.condition_option_id in options:
            source, index, label = options[question.condition_option_id]
            result[question.pk] = Condition(source.pk, numbers.get(source.pk), index, label)
    return result


def towns_of(survey: Survey) -> list[Municipality]:
    """The towns of the survey's process, numbered in this order on paper and on the entry form."""
    return list(survey.module.phase.process.municipalities.order_by("name", "pk"))
