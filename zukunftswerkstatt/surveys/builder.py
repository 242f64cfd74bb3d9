"""Building a questionnaire (docs/surveys.md, "Building"): the survey's settings, questions added,
changed, moved and deleted, their options, scale labels, number limits and conditions, and a
questionnaire copied into another survey as its next round. Every change is one service here, in a
transaction that locks the survey's row (two people editing at once get dense positions), recorded in
the organisation's audit log.

A question is described by a `QuestionSpec` (what the form says); `question_add` and
`question_update` check it against the kind and the rest of the questionnaire, and, **once answers
exist** (any Response of the survey), against what would break them:

- the kind of a question cannot change;
- options (for a matrix: its statements) that were chosen cannot be deleted; options cannot be
  reordered, and new ones go at the end (paper questionnaires already handed out number them);
  options may be renamed (a typo) and new ones appended;
- a question with answers cannot be deleted;
- a new question can only be optional, and an existing one can become optional but not required
  (earlier answers would be incomplete);
- scale labels may be reworded; number limits may be widened, not narrowed;
- a question's condition cannot change (the answers came from the people it was asked of).

Conditions: a question can be asked only when an option of an EARLIER question of a choice kind
(`CHOICE_KINDS`) was chosen. Whatever would leave a condition pointing at a later question or at
nothing is refused with a message naming the questions (never repaired silently, since that would
change who is asked): moving a question above its condition's question, moving the condition's
question below it, deleting that question or option, or giving it a kind that is not a choice.

Options are written "one per line". A changed list is matched to the stored options so that a renamed
option keeps its answers (`_match_options`): the same text is the same option; a changed line takes
the place of an unmatched option between the same kept neighbours; what is left over is new or
deleted.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from zukunftswerkstatt.core.audit import audit_record
from zukunftswerkstatt.core.models import AuditAction

from .models import (
    CHOICE_KINDS,
    MAX_RANKING_OPTIONS,
    SCALE_POINTS,
    WITH_OPTIONS,
    WITH_SCALE,
    Answer,
    Kind,
    Option,
    Question,
    Response,
    Survey,
)

MIN_CHOICES = 2
MAX_CHOICES = 30
MAX_STATEMENTS = 20
MAX_LABEL_LENGTH = 80
MAX_NUMBER = Decimal("1e11")
YES_NO_OPTIONS = (("Ja", "Yes"), ("Nein", "No"))


@dataclass(frozen=True)
class LabelPreset:
    name: Any  # a lazy translation
    german: tuple[str, ...]
    english: tuple[str, ...]


# The usual five-point scales of German survey practice, from 1 (lowest) to 5 (highest).
LABEL_PRESETS: dict[str, LabelPreset] = {
    "agreement": LabelPreset(
        gettext_lazy("Agreement"),
        (
            "stimme überhaupt nicht zu",
            "stimme eher nicht zu",
            "teils, teils",
            "stimme eher zu",
            "stimme voll und ganz zu",
        ),
        ("strongly disagree", "tend to disagree", "neither agree nor disagree", "tend to agree", "strongly agree"),
    ),
    "satisfaction": LabelPreset(
        gettext_lazy("Satisfaction"),
        ("sehr unzufrieden", "eher unzufrieden", "teils, teils", "eher zufrieden", "sehr zufrieden"),
        (
            "very dissatisfied",
            "rather dissatisfied",
            "neither satisfied nor dissatisfied",
            "rather satisfied",
            "very satisfied",
        ),
    ),
    "importance": LabelPreset(
        gettext_lazy("Importance"),
        ("überhaupt nicht wichtig", "eher unwichtig", "teils, teils", "eher wichtig", "sehr wichtig"),
        ("not important at all", "rather unimportant", "moderately important", "rather important", "very important"),
    ),
    "frequency": LabelPreset(
        gettext_lazy("Frequency"),
        ("nie", "selten", "manchmal", "oft", "immer"),
        ("never", "rarely", "sometimes", "often", "always"),
    ),
}

SETTINGS_FIELDS = (
    "title_en",
    "intro",
    "intro_en",
    "one_per_screen",
    "easy_layout",
    "ask_town",
    "ask_age",
    "allow_guests",
    "is_closed",
    "results_public",
    "previous_round",
    "text_retention_days",
    "paper_code",
)
# What a next round takes over from the first. It keeps its own title, its state (open or closed),
# who may see its results, and its paper code (the two rounds' paper forms must be told apart).
COPIED_SETTINGS = (
    "intro",
    "intro_en",
    "one_per_screen",
    "easy_layout",
    "ask_town",
    "ask_age",
    "allow_guests",
    "text_retention_days",
)
MAX_RETENTION_DAYS = 3650
PAPER_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")


@dataclass(frozen=True)
class QuestionSpec:
    """Everything the team writes about one question. Fields that the kind does not use are ignored
    (and cleared on the question)."""

    kind: str
    text: str
    text_en: str = ""
    help: str = ""
    help_en: str = ""
    required: bool = False
    options: tuple[str, ...] = ()
    options_en: tuple[str, ...] = ()
    scale_labels: tuple[str, ...] = ()
    scale_labels_en: tuple[str, ...] = ()
    number_min: Decimal | None = None
    number_max: Decimal | None = None
    unit: str = ""
    condition_option_id: int | None = None

    @classmethod
    def of(cls, question: Question) -> QuestionSpec:
        """The spec of a stored question (with its options in order)."""
        options = sorted(question.options.all(), key=lambda option: (option.position, option.pk))
        return cls(
            kind=question.kind,
            text=question.text,
            text_en=question.text_en,
            help=question.help,
            help_en=question.help_en,
            required=question.required,
            options=tuple(option.text for option in options),
            options_en=tuple(option.text_en for option in options) if any(o.text_en for o in options) else (),
            scale_labels=tuple(question.scale_labels or ()),
            scale_labels_en=tuple(question.scale_labels_en or ()),
            number_min=question.number_min,
            number_max=question.number_max,
            unit=question.unit,
            condition_option_id=question.condition_option_id,
        )

    def normalised(self) -> QuestionSpec:
        """Stripped texts, blank lines dropped, and only the fields of the kind kept."""
        kind = self.kind
        options = tuple(line.strip() for line in self.options if line.strip())
        options_en = tuple(line.strip() for line in self.options_en)
        if not any(options_en):
            options_en = ()
        elif len(options_en) > len(options):
            # Blank English lines at the end only stand for nothing.
            while len(options_en) > len(options) and not options_en[-1]:
                options_en = options_en[:-1]
        labels = tuple(label.strip() for label in self.scale_labels if label.strip())
        labels_en = tuple(label.strip() for label in self.scale_labels_en if label.strip())
        return dataclasses.replace(
            self,
            text=self.text.strip(),
            text_en=self.text_en.strip(),
            help=self.help.strip(),
            help_en=self.help_en.strip(),
            required=self.required and kind != Kind.SECTION,
            options=options if kind in WITH_OPTIONS and kind != Kind.YES_NO else (),
            options_en=options_en if kind in WITH_OPTIONS and kind != Kind.YES_NO else (),
            scale_labels=labels if kind in WITH_SCALE else (),
            scale_labels_en=labels_en if kind in WITH_SCALE else (),
            number_min=self.number_min if kind == Kind.NUMBER else None,
            number_max=self.number_max if kind == Kind.NUMBER else None,
            unit=self.unit.strip() if kind == Kind.NUMBER else "",
        )


# --- reading ---------------------------------------------------------------------------------------


def survey_has_answers(survey: Survey) -> bool:
    """Whether the questionnaire is locked against changes that would break answers."""
    return Response.objects.filter(survey=survey).exists()


def answer_counts(survey: Survey) -> dict[int, int]:
    """How many responses answered each question, by question id (one query)."""
    rows = (
        Answer.objects.filter(survey=survey)
        .values("question_id")
        .annotate(responses=Count("response_id", distinct=True))
        .values_list("question_id", "responses")
    )
    return dict(rows)


def option_answer_counts(question: Question) -> dict[int, int]:
    """How many responses chose (ranked, rated) each option of a question, by option id."""
    rows = (
        Answer.objects.filter(question=question, option__isnull=False)
        .values("option_id")
        .annotate(responses=Count("response_id", distinct=True))
        .values_list("option_id", "responses")
    )
    return dict(rows)


def scale_preset_of(labels: Sequence[str]) -> str:
    """The name of the preset these German labels are, or "" (the team's own)."""
    for name, preset in LABEL_PRESETS.items():
        if tuple(labels) == preset.german:
            return name
    return ""


def condition_sources(questions: Sequence[Question], before: int | None = None) -> list[tuple[int, Question, Option]]:
    """The options a condition may name: those of the choice questions before position `before`
    (all with None), with the question's number as people see it. Options must be prefetched."""
    result = []
    number = 0
    for question in questions:
        if before is not None and question.position >= before:
            break
        if question.takes_answer:
            number += 1
        if question.kind in CHOICE_KINDS:
            result += [(number, question, option) for option in question.options.all()]
    return result


def condition_in_words(numbers: dict[int, int], option: Option) -> str:
    """ "Only if question 4 was answered with “Ja”" (numbers: question id → number people see)."""
    number = numbers.get(option.question_id)
    return _("Only if question %(number)s was answered with “%(option)s”") % {
        "number": number if number is not None else "?",
        "option": option.text,
    }


# --- helpers ---------------------------------------------------------------------------------------


def _locked_survey(survey: Survey) -> Survey:
    """The survey's row, locked for this transaction: one change to its questionnaire at a time."""
    return Survey.objects.select_for_update().select_related("module__phase__process").get(pk=survey.pk)


def _fresh(question: Question, survey: Survey) -> Question:
    """The question as stored now (inside the survey's lock), or a message if it is gone."""
    try:
        return Question.objects.prefetch_related("options").get(pk=question.pk, survey=survey)
    except Question.DoesNotExist as error:
        raise ValidationError(_("This question has been deleted in the meantime."), code="gone") from error


def _organisation_id(survey: Survey) -> int:
    return survey.module.phase.process.organisation_id


def _ordered(survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("position", "pk"))


def _renumber(questions: Sequence[Question]) -> None:
    """Positions 1, 2, 3 … in the given order (only the rows that change are written)."""
    changed = []
    for position, question in enumerate(questions, start=1):
        if question.position != position:
            question.position = position
            changed.append(question)
    if changed:
        Question.objects.bulk_update(changed, ["position"])


def _numbers(questions: Sequence[Question]) -> dict[int, int]:
    numbers: dict[int, int] = {}
    number = 0
    for question in questions:
        if question.takes_answer:
            number += 1
            numbers[question.pk] = number
    return numbers


def _name(numbers: dict[int, int], question: Question) -> str:
    """ "question 4" or, for a section heading, "the section “Wohnen”"."""
    if question.pk in numbers:
        return _("question %(number)s") % {"number": numbers[question.pk]}
    return _("the section “%(title)s”") % {"title": question.text}


def _plain(number: Decimal) -> str:
    return number_format(number.normalize())


def _dependants(question: Question) -> list[Question]:
    """The questions asked only after an answer to this one."""
    return list(Question.objects.filter(condition_option__question=question).order_by("position", "pk"))


def _dependants_message(dependants: Sequence[Question], numbers: dict[int, int]) -> str:
    names = ", ".join(_name(numbers, dependant) for dependant in dependants)
    return _("%(questions)s is only asked after an answer to this question.") % {"questions": names.capitalize()}


# --- checking a spec -------------------------------------------------------------------------------


def _check_spec(
    spec: QuestionSpec,
    *,
    survey: Survey,
    questions: Sequence[Question],
    position: int,
    question: Question | None,
) -> dict[str, list[str]]:
    """What is wrong with the spec on its own and in its place, by form field."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if spec.kind not in Kind.values:
        add("kind", _("Please choose a kind of question."))
        return errors
    if not spec.text:
        add("text", _("Please write the question."))
    for field, value, limit in (("text", spec.text, 500), ("text_en", spec.text_en, 500), ("unit", spec.unit, 30)):
        if len(value) > limit:
            add(field, _("Please write at most %(limit)s characters.") % {"limit": limit})

    kind = spec.kind
    if kind in WITH_OPTIONS and kind != Kind.YES_NO:
        _check_options(spec, add)
    if kind in WITH_SCALE:
        if len(spec.scale_labels) != SCALE_POINTS:
            add(
                "scale_labels",
                _("Please choose labels or write %(points)s labels, one per line, from 1 to %(points)s.")
                % {"points": SCALE_POINTS},
            )
        if spec.scale_labels_en and len(spec.scale_labels_en) != SCALE_POINTS:
            add(
                "scale_labels_en",
                _("Please write %(points)s English labels, one per line, or none.") % {"points": SCALE_POINTS},
            )
        if any(len(label) > MAX_LABEL_LENGTH for label in spec.scale_labels + spec.scale_labels_en):
            add("scale_labels", _("Please keep each label under %(limit)s characters.") % {"limit": MAX_LABEL_LENGTH})
    if kind == Kind.NUMBER:
        for field, value in (("number_min", spec.number_min), ("number_max", spec.number_max)):
            if value is not None and (
                not value.is_finite() or abs(value) >= MAX_NUMBER or value != value.quantize(Decimal("0.001"))
            ):
                add(field, _("Please enter a number with at most three decimal places."))
        if spec.number_min is not None and spec.number_max is not None and spec.number_min > spec.number_max:
            add("number_max", _("The largest number must not be smaller than the smallest."))

    if spec.condition_option_id is not None:
        if kind == Kind.SECTION:
            add("condition", _("A section heading is always shown: put the condition on its questions."))
        else:
            sources = {option.pk: (q, option) for q in questions for option in q.options.all()}
            found = sources.get(spec.condition_option_id)
            if found is None or found[0].kind not in CHOICE_KINDS:
                add("condition", _("A condition can only name an answer of a choice question of this questionnaire."))
            elif question is not None and found[0].pk == question.pk:
                add("condition", _("A question cannot depend on its own answer."))
            elif found[0].position >= position:
                add(
                    "condition",
                    _(
                        "A condition can only name an answer of an earlier question. "
                        "Move this question further down first."
                    ),
                )
    return errors


def _check_options(spec: QuestionSpec, add) -> None:
    kind = spec.kind
    count = len(spec.options)
    if kind == Kind.MATRIX:
        low, high = MIN_CHOICES, MAX_STATEMENTS
        few = _("Please write at least %(count)s statements, one per line.")
        many = _("Please write at most %(count)s statements.")
    elif kind == Kind.RANKING:
        low, high = MIN_CHOICES, MAX_RANKING_OPTIONS
        few = _("Please write at least %(count)s answers to rank, one per line.")
        many = _("A ranking can have at most %(count)s answers: more are hard to rank, on paper as on a phone.")
    else:
        low, high = MIN_CHOICES, MAX_CHOICES
        few = _("Please write at least %(count)s answers, one per line.")
        many = _("Please write at most %(count)s answers.")
    if count < low:
        add("options", few % {"count": low})
    elif count > high:
        add("options", many % {"count": high})
    seen: set[str] = set()
    for line in spec.options:
        key = line.casefold()
        if key in seen:
            add("options", _("“%(option)s” is there twice. Each answer can be there once.") % {"option": line})
        seen.add(key)
        if len(line) > 300:
            add("options", _("Please keep each answer under 300 characters."))
    if spec.options_en and len(spec.options_en) != count:
        add(
            "options_en",
            _("Please write as many English lines as German ones (%(count)s), in the same order, or none.")
            % {"count": count},
        )
    if any(len(line) > 300 for line in spec.options_en):
        add("options_en", _("Please keep each answer under 300 characters."))


# --- options ---------------------------------------------------------------------------------------


def _match_options(existing: Sequence[Option], lines: Sequence[str]) -> list[Option | None]:
    """For each new line, the stored option it continues (None: a new option).

    The same text (case and spaces aside) is the same option. A changed line takes the place of an
    option that is not there any more, between the same kept neighbours (a typo fixed in the third of
    five answers renames the third). Stored options matched by no line are to be deleted."""
    result: list[Option | None] = [None] * len(lines)
    free = list(existing)
    for index, line in enumerate(lines):
        key = line.strip().casefold()
        for option in free:
            if option.text.strip().casefold() == key:
                result[index] = option
                free.remove(option)
                break
    kept = {option.pk for option in result if option is not None}
    # The gap of an unmatched stored option: how many kept options come before it.
    gaps: dict[int, list[Option]] = {}
    before = 0
    for option in existing:
        if option.pk in kept:
            before += 1
        else:
            gaps.setdefault(before, []).append(option)
    before = 0
    for index, matched in enumerate(result):
        if matched is not None:
            before += 1
        elif gaps.get(before):
            result[index] = gaps[before].pop(0)
    return result


def _options_plan(
    question: Question, spec: QuestionSpec, *, locked: bool, numbers: dict[int, int]
) -> tuple[list[tuple[Option | None, str, str]], list[Option], dict[str, list[str]]]:
    """The options after the change (stored option or None, German, English), those to delete, and
    why the change cannot be made."""
    existing = sorted(question.options.all(), key=lambda option: (option.position, option.pk))
    errors: dict[str, list[str]] = {}
    if spec.kind == Kind.YES_NO:
        if question.kind == Kind.YES_NO and existing:
            return [(option, option.text, option.text_en) for option in existing], [], errors
        lines: list[str] = [german for german, _english in YES_NO_OPTIONS]
        english: list[str] = [english for _german, english in YES_NO_OPTIONS]
    elif spec.kind in WITH_OPTIONS:
        lines = list(spec.options)
        english = list(spec.options_en) or [""] * len(lines)
    else:
        lines, english = [], []
    matched = _match_options(existing, lines)
    kept = {option.pk for option in matched if option is not None}
    deleted = [option for option in existing if option.pk not in kept]
    plan = [(option, line, english[index]) for index, (option, line) in enumerate(zip(matched, lines, strict=True))]

    field = "options" if spec.kind in WITH_OPTIONS and spec.kind != Kind.YES_NO else "kind"
    if deleted:
        conditioned = list(
            Question.objects.filter(condition_option__in=deleted)
            .select_related("condition_option")
            .order_by("position", "pk")
        )
        for dependant in conditioned:
            errors.setdefault(field, []).append(
                _("%(question)s is only asked if “%(option)s” was chosen, so that answer cannot be removed.")
                % {"question": _name(numbers, dependant).capitalize(), "option": dependant.condition_option.text}
            )
        counts = option_answer_counts(question) if locked else {}
        for option in deleted:
            if counts.get(option.pk):
                errors.setdefault(field, []).append(
                    ngettext(
                        "“%(option)s” was chosen in %(count)s response, so it cannot be removed. "
                        "You can correct its wording.",
                        "“%(option)s” was chosen in %(count)s responses, so it cannot be removed. "
                        "You can correct its wording.",
                        counts[option.pk],
                    )
                    % {"option": option.text, "count": counts[option.pk]}
                )
    if locked:
        positions = [existing.index(option) for option in matched if option is not None]
        first_new = next((index for index, option in enumerate(matched) if option is None), len(matched))
        if positions != sorted(positions) or any(option is not None for option in matched[first_new:]):
            errors.setdefault(field, []).append(
                _(
                    "Answers have come in, so the order of the answers stays as it is (printed questionnaires "
                    "number them). New answers can be added at the end."
                )
            )
    return plan, deleted, errors


def _options_apply(question: Question, plan, deleted: Sequence[Option]) -> None:
    if deleted:
        Option.objects.filter(pk__in=[option.pk for option in deleted]).delete()
    changed, created = [], []
    for position, (option, german, english) in enumerate(plan, start=1):
        if option is None:
            created.append(Option(question=question, position=position, text=german, text_en=english))
        elif (option.position, option.text, option.text_en) != (position, german, english):
            option.position, option.text, option.text_en = position, german, english
            changed.append(option)
    if changed:
        Option.objects.bulk_update(changed, ["position", "text", "text_en"])
    if created:
        Option.objects.bulk_create(created)


def _fill(question: Question, spec: QuestionSpec) -> None:
    question.kind = spec.kind
    question.text = spec.text
    question.text_en = spec.text_en
    question.help = spec.help
    question.help_en = spec.help_en
    question.required = spec.required
    question.scale_labels = list(spec.scale_labels)
    question.scale_labels_en = list(spec.scale_labels_en)
    question.number_min = spec.number_min
    question.number_max = spec.number_max
    question.unit = spec.unit
    question.condition_option_id = spec.condition_option_id


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _audit(*, by, action: AuditAction, survey: Survey, obj=None, label: str = "", details=None) -> None:
    audit_record(
        actor=by,
        action=action,
        organisation=_organisation_id(survey),
        obj=obj if obj is not None else survey,
        label=label or str(survey.module.title),
        details={"survey": survey.pk, **(details or {})},
    )


# --- questions -------------------------------------------------------------------------------------


@transaction.atomic
def question_add(*, survey: Survey, spec: QuestionSpec, by, position: int | None = None) -> Question:
    """Add a question at `position` (1 = first; None: at the end), with its options. Once answers
    exist, only an optional question. Raises ValidationError by form field."""
    survey = _locked_survey(survey)
    spec = spec.normalised()
    questions = list(survey.questions.order_by("position", "pk").prefetch_related("options"))
    _renumber(questions)
    place = len(questions) + 1 if position is None else max(1, min(position, len(questions) + 1))
    errors = _check_spec(spec, survey=survey, questions=questions, position=place, question=None)
    if spec.required and survey_has_answers(survey):
        errors.setdefault("required", []).append(
            _(
                "Answers have come in already, so a new question can only be optional: the people who "
                "answered before could not answer it."
            )
        )
    _raise(errors)
    Question.objects.filter(survey=survey, position__gte=place).update(position=F("position") + 1)
    question = Question(survey=survey, position=place)
    _fill(question, spec)
    question.full_clean()
    question.save()
    plan, deleted, _errors = _options_plan(question, spec, locked=False, numbers={})
    _options_apply(question, plan, deleted)
    _audit(
        by=by,
        action=AuditAction.SURVEY_QUESTION_ADDED,
        survey=survey,
        obj=question,
        label=question.text,
        details={"kind": question.kind, "position": place},
    )
    return question


@transaction.atomic
def question_update(*, question: Question, spec: QuestionSpec, by) -> Question:
    """Change a question to the spec. Once answers exist, only in ways that keep them valid (see
    the module docstring). Raises ValidationError by form field."""
    survey = _locked_survey(question.survey)
    question = _fresh(question, survey)
    spec = spec.normalised()
    questions = list(survey.questions.order_by("position", "pk").prefetch_related("options"))
    numbers = _numbers(questions)
    locked = survey_has_answers(survey)
    errors = _check_spec(spec, survey=survey, questions=questions, position=question.position, question=question)

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if spec.kind != question.kind:
        if locked:
            add("kind", _("Answers have come in, so the kind of question cannot change any more."))
        elif spec.kind not in CHOICE_KINDS:
            dependants = _dependants(question)
            if dependants:
                add(
                    "kind",
                    _dependants_message(dependants, numbers)
                    + " "
                    + _("Conditions can only name answers of choice questions: change that condition first."),
                )
    if locked:
        if spec.required and not question.required:
            add(
                "required",
                _(
                    "Answers have come in, so this question cannot become required: "
                    "earlier answers would be incomplete."
                ),
            )
        if spec.condition_option_id != question.condition_option_id:
            add(
                "condition",
                _(
                    "Answers have come in, so the condition cannot change: "
                    "the answers came from the people it was asked of."
                ),
            )
        if spec.kind == Kind.NUMBER == question.kind:
            if _narrower(spec.number_min, question.number_min, lower=True):
                add(
                    "number_min",
                    _("Answers have come in, so the smallest number cannot go up (it is %(old)s).")
                    % {"old": _plain(question.number_min)}
                    if question.number_min is not None
                    else _("Answers have come in, so a smallest number cannot be set now (there was none)."),
                )
            if _narrower(spec.number_max, question.number_max, lower=False):
                add(
                    "number_max",
                    _("Answers have come in, so the largest number cannot go down (it is %(old)s).")
                    % {"old": _plain(question.number_max)}
                    if question.number_max is not None
                    else _("Answers have come in, so a largest number cannot be set now (there was none)."),
                )
    if "kind" not in errors:
        plan, deleted, option_errors = _options_plan(question, spec, locked=locked, numbers=numbers)
        for field, messages in option_errors.items():
            for message in messages:
                add(field, message)
    _raise(errors)

    before = dataclasses.asdict(QuestionSpec.of(question).normalised())
    changed = [name for name, value in dataclasses.asdict(spec).items() if before[name] != value]
    _fill(question, spec)
    question.full_clean()
    question.save()
    _options_apply(question, plan, deleted)
    if changed:
        _audit(
            by=by,
            action=AuditAction.SURVEY_QUESTION_CHANGED,
            survey=survey,
            obj=question,
            label=question.text,
            details={"changed": changed, "options_deleted": len(deleted)},
        )
    return question


def _narrower(new: Decimal | None, old: Decimal | None, *, lower: bool) -> bool:
    """Whether a new limit admits fewer numbers than the old one (None: no limit)."""
    if new is None:
        return False
    if old is None:
        return True
    return new > old if lower else new < old


def question_delete_problem(question: Question, questions: Sequence[Question] | None = None) -> ValidationError | None:
    """Why the question cannot be deleted (it has answers, or a condition names it), or None."""
    numbers = _numbers(questions if questions is not None else _ordered(question.survey))
    answered = Answer.objects.filter(question=question).values("response_id").distinct().count()
    if answered:
        return ValidationError(
            ngettext(
                "%(question)s has an answer from %(count)s response, so it cannot be deleted. You can correct "
                "its wording, or make it optional.",
                "%(question)s has answers from %(count)s responses, so it cannot be deleted. You can correct "
                "its wording, or make it optional.",
                answered,
            )
            % {"question": _name(numbers, question).capitalize(), "count": answered},
            code="answered",
        )
    dependants = _dependants(question)
    if dependants:
        return ValidationError(
            _dependants_message(dependants, numbers)
            + " "
            + _("Change or remove that condition first, then delete this question."),
            code="condition",
        )
    return None


@transaction.atomic
def question_delete(*, question: Question, by) -> None:
    """Delete a question that has no answers and that no condition names."""
    survey = _locked_survey(question.survey)
    question = _fresh(question, survey)
    questions = _ordered(survey)
    problem = question_delete_problem(question, questions)
    if problem is not None:
        raise problem
    _audit(
        by=by,
        action=AuditAction.SURVEY_QUESTION_DELETED,
        survey=survey,
        obj=question,
        label=question.text,
        details={"kind": question.kind, "position": question.position},
    )
    deleted = question.pk
    question.delete()
    _renumber([q for q in questions if q.pk != deleted])


UP, DOWN = "up", "down"


@transaction.atomic
def question_move(*, question: Question, direction: str, by) -> None:
    """Move a question one place up or down, keeping conditions behind their questions."""
    if direction not in (UP, DOWN):
        raise ValueError(f"unknown direction {direction!r}")
    survey = _locked_survey(question.survey)
    question = _fresh(question, survey)
    questions = _ordered(survey)
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(questions):
        return
    earlier, later = sorted((questions[index], questions[other]), key=questions.index)
    if (
        later.condition_option_id is not None
        and Option.objects.filter(pk=later.condition_option_id, question=earlier).exists()
    ):
        numbers = _numbers(questions)
        raise ValidationError(
            _("%(later)s is only asked after an answer to %(earlier)s, so it has to stay below it.")
            % {"later": _name(numbers, later).capitalize(), "earlier": _name(numbers, earlier)},
            code="condition",
        )
    questions[index], questions[other] = questions[other], questions[index]
    _renumber(questions)
    _audit(
        by=by,
        action=AuditAction.SURVEY_QUESTION_MOVED,
        survey=survey,
        obj=question,
        label=question.text,
        details={"direction": direction, "position": other + 1},
    )


# --- settings and rounds ---------------------------------------------------------------------------


@transaction.atomic
def survey_settings_update(*, survey: Survey, by, **fields: Any) -> Survey:
    """Change the survey's settings (the names in SETTINGS_FIELDS). The earlier round must be a
    survey of the same organisation, not this one nor a later round of it."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"survey_settings_update: unknown fields {sorted(unknown)}")
    survey = _locked_survey(survey)
    errors: dict[str, list[str]] = {}
    if "previous_round" in fields:
        previous = fields["previous_round"]
        if previous is not None:
            problem = _previous_round_problem(survey, previous)
            if problem:
                errors["previous_round"] = [problem]
    if "text_retention_days" in fields and not 1 <= int(fields["text_retention_days"]) <= MAX_RETENTION_DAYS:
        errors["text_retention_days"] = [
            _("Please enter a number of days from 1 to %(max)s.") % {"max": MAX_RETENTION_DAYS}
        ]
    if fields.get("paper_code"):
        fields["paper_code"] = fields["paper_code"].strip().upper()
        if not PAPER_CODE.match(fields["paper_code"]):
            errors["paper_code"] = [_("Please use letters, digits and hyphens only, e.g. “WL-2027”.")]
    _raise(errors)
    changed = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        old = getattr(survey, name)
        if old != value:
            changed[name] = value
            setattr(survey, name, value)
    if not changed:
        return survey
    survey.full_clean()
    survey.save(update_fields=[*changed, "modified"])
    _audit(
        by=by,
        action=AuditAction.SURVEY_SETTINGS_CHANGED,
        survey=survey,
        details={
            name: (value if isinstance(value, bool | int) else getattr(value, "pk", "…"))
            for name, value in changed.items()
        },
    )
    return survey


def _previous_round_problem(survey: Survey, previous: Survey) -> str:
    if previous.pk == survey.pk:
        return _("A survey cannot be its own earlier round.")
    previous = Survey.objects.select_related("module__phase__process").get(pk=previous.pk)
    if _organisation_id(previous) != _organisation_id(survey):
        return _("Please choose a survey of your organisation.")
    seen = {survey.pk}
    current: Survey | None = previous
    while current is not None:
        if current.pk in seen:
            return _("That survey is a later round of this one.")
        seen.add(current.pk)
        current = current.previous_round
    return ""


@transaction.atomic
def survey_copy_as_round(*, source: Survey, target: Survey, by) -> Survey:
    """Copy the questionnaire of `source` into the empty survey `target` as its next round: the
    questions and options in order, each linked to the one it repeats (`same_as`, for comparing
    the rounds), conditions pointing at the copies, the settings of COPIED_SETTINGS, and
    `target.previous_round = source`."""
    target = _locked_survey(target)
    source = Survey.objects.select_related("module__phase__process").get(pk=source.pk)
    if target.pk == source.pk:
        raise ValidationError(_("Please choose another survey to copy the questions into."), code="same")
    if _organisation_id(source) != _organisation_id(target):
        raise ValidationError(_("Please choose a survey of your organisation."), code="organisation")
    if target.questions.exists() or survey_has_answers(target):
        raise ValidationError(
            _("“%(title)s” has questions already: questions can only be copied into an empty survey.")
            % {"title": target.module.title},
            code="not_empty",
        )
    questions = list(source.questions.order_by("position", "pk").prefetch_related("options"))
    copies = Question.objects.bulk_create(
        [
            Question(
                survey=target,
                position=position,
                kind=q.kind,
                text=q.text,
                text_en=q.text_en,
                help=q.help,
                help_en=q.help_en,
                required=q.required,
                scale_labels=q.scale_labels,
                scale_labels_en=q.scale_labels_en,
                number_min=q.number_min,
                number_max=q.number_max,
                unit=q.unit,
                same_as=q,
            )
            for position, q in enumerate(questions, start=1)
        ]
    )
    if any(copy.pk is None for copy in copies):  # a database without RETURNING: read them back
        copies = list(target.questions.order_by("position"))
    options = Option.objects.bulk_create(
        [
            Option(question=copy, position=option.position, text=option.text, text_en=option.text_en, same_as=option)
            for q, copy in zip(questions, copies, strict=True)
            for option in q.options.all()
        ]
    )
    if any(option.pk is None for option in options):
        options = list(Option.objects.filter(question__survey=target))
    option_copies = {option.same_as_id: option.pk for option in options}
    conditioned = []
    for q, copy in zip(questions, copies, strict=True):
        if q.condition_option_id is not None:
            copy.condition_option_id = option_copies[q.condition_option_id]
            conditioned.append(copy)
    if conditioned:
        Question.objects.bulk_update(conditioned, ["condition_option"])
    for name in COPIED_SETTINGS:
        setattr(target, name, getattr(source, name))
    target.previous_round = source
    target.save(update_fields=[*COPIED_SETTINGS, "previous_round", "modified"])
    _audit(
        by=by,
        action=AuditAction.SURVEY_ROUND_COPIED,
        survey=target,
        details={"from_survey": source.pk, "questions": len(copies)},
    )
    return target


def copy_targets(survey: Survey):
    """The survey modules of the same organisation that the questionnaire can be copied into: any
    other, whose survey (if it exists yet) has no questions."""
    from zukunftswerkstatt.processes.models import Module

    return (
        Module.objects.filter(type="survey", phase__process__organisation_id=_organisation_id(survey))
        .exclude(pk=survey.module_id)
        .exclude(Exists(Question.objects.filter(survey__module=OuterRef("pk"))))
        .select_related("phase__process")
        .order_by("phase__process__title", "phase__start", "position", "pk")
    )


def previous_round_choices(survey: Survey):
    """The surveys the settings can name as the earlier round."""
    return (
        Survey.objects.filter(module__phase__process__organisation_id=_organisation_id(survey))
        .exclude(pk=survey.pk)
        .select_related("module__phase__process")
        .order_by("module__phase__process__title", "module__phase__start", "module__position", "pk")
    )
