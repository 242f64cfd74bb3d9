"""The online questionnaire (docs/surveys.md): one form field per question, named "q<id>", whose
cleaned value is the question's normalised value of `answering.py`, and the optional town and age
group where the survey asks for them.

Conditions and "required" are not checked by the fields: `SurveyForm.answers()` hands the parsed
values to `answering.values_check`, which every channel shares, so a question hidden by its
condition is never required and its value never kept. What a person typed stays in the form
whatever the errors.

Rankings and matrices have one input per option (`q<id>_<option id>`); their widgets gather them
into one value, and the template draws them (`surveys/public/_question.html`) from `blocks`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from zukunftswerkstatt.accounts.forms import add_participant_details, participant_details
from zukunftswerkstatt.accounts.services import user_may_keep_profile_data

from .answering import Values, values_check, visible_questions
from .models import LONG_TEXT_LENGTH, SHORT_TEXT_LENGTH, Kind, Option, Question, Survey
from .selectors import numbered

# --- fields for the kinds that have one input per option ----------------------------------------


class _PerOptionWidget(forms.Widget):
    """Reads the inputs `<name>_<option id>` of one question as {option id: what was sent}. The
    template draws the inputs itself (`surveys/public/_question.html`)."""

    def __init__(self, option_ids: list[int], attrs=None) -> None:
        super().__init__(attrs)
        self.option_ids = option_ids

    def value_from_datadict(self, data, files, name) -> dict[int, str]:
        return {pk: str(data.get(f"{name}_{pk}", "")).strip() for pk in self.option_ids}

    def value_omitted_from_data(self, data, files, name) -> bool:
        return not any(f"{name}_{pk}" in data for pk in self.option_ids)

    def id_for_label(self, id_: str) -> str:
        # The first input of the question (the error summary links to it).
        return f"{id_}_0" if id_ else ""

    def render(self, name, value, attrs=None, renderer=None) -> str:  # drawn by the template
        return ""


class RankingField(forms.Field):
    """A place ("Platz 1", "Platz 2" …) per option; the value is the options best first. Places
    must start at 1 and follow on (a ranking may stop before the last option)."""

    def __init__(self, *, option_ids: list[int], **kwargs) -> None:
        self.option_ids = option_ids
        super().__init__(widget=_PerOptionWidget(option_ids), required=False, **kwargs)

    def to_python(self, value) -> list[int]:
        places: dict[int, int] = {}
        for option_id, text in (value or {}).items():
            if not text:
                continue
            try:
                place = int(text)
            except ValueError:
                raise forms.ValidationError(_("Please choose a place from the list."), code="place") from None
            if not 1 <= place <= len(self.option_ids):
                raise forms.ValidationError(_("Please choose a place from the list."), code="place")
            places[option_id] = place
        given = sorted(places.values())
        if len(set(given)) != len(given):
            raise forms.ValidationError(_("Each place can be given only once."), code="twice")
        if given != list(range(1, len(given) + 1)):
            raise forms.ValidationError(
                _("Please give the places one after the other, starting with 1 (1, 2, 3 …)."), code="gap"
            )
        return [option_id for option_id, _place in sorted(places.items(), key=lambda item: item[1])]


class MatrixField(forms.Field):
    """A scale point (1 to 5) per statement; the value is {statement id: point}."""

    def __init__(self, *, option_ids: list[int], **kwargs) -> None:
        self.option_ids = option_ids
        super().__init__(widget=_PerOptionWidget(option_ids), required=False, **kwargs)

    def to_python(self, value) -> dict[int, int]:
        points: dict[int, int] = {}
        for option_id, text in (value or {}).items():
            if not text:
                continue
            try:
                points[option_id] = int(text)
            except ValueError:
                raise forms.ValidationError(
                    _("Please choose one of the answers for each statement."), code="point"
                ) from None
        return points


# A number as people write it: "12", "12,5", "12.5", "-3", "1.250,5" (German), "1,250.5" (English).
NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}([.,\s]\d{3})+)?([.,]\d+)?$")


def parse_number(text: str) -> Decimal:
    """A number typed in German or English (ValueError if it is none). With one kind of separator it
    is the decimal point, whichever it is; with both, the last one is (thousands before it)."""
    text = text.strip().replace("\u00a0", " ").replace("\u2212", "-")
    if not text or not NUMBER.match(text) or not any(ch.isdigit() for ch in text):
        raise ValueError(text)
    text = text.replace(" ", "")
    if "," in text and "." in text:
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    elif text.count(",") > 1 or text.count(".") > 1:
        text = text.replace(",", "").replace(".", "")  # only thousands: "1.250.000"
    text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error


class NumberField(forms.Field):
    """A number with a comma or a point; the limits are checked by `values_check`."""

    widget = forms.TextInput(
        attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": "30", "class": "survey-number__input"}
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value) -> Decimal | None:
        text = str(value or "").strip()
        if not text:
            return None
        if len(text) > 30:
            raise forms.ValidationError(_("Please enter a number, for example 12 or 12,5."), code="number")
        try:
            return parse_number(text)
        except ValueError:
            raise forms.ValidationError(_("Please enter a number, for example 12 or 12,5."), code="number") from None


def _point_label(point: int, label: str) -> str:
    return f"{point} – {label}" if label else str(point)


def _plain(number: Decimal) -> str:
    return number_format(number.normalize())


def number_hint(question: Question) -> str:
    """What the number field takes, in words: "A number from 0 to 1,000 (km)"."""
    low, high, unit = question.number_min, question.number_max, question.unit
    if low is not None and high is not None:
        text = _("A number from %(min)s to %(max)s") % {"min": _plain(low), "max": _plain(high)}
    elif low is not None:
        text = _("A number of at least %(min)s") % {"min": _plain(low)}
    elif high is not None:
        text = _("A number of at most %(max)s") % {"max": _plain(high)}
    else:
        text = _("A number")
    return f"{text} ({unit})" if unit else text


def question_field(question: Question) -> forms.Field | None:
    """The form field of one question (None for a section heading)."""
    options: list[Option] = list(question.options.all())
    kind = question.kind
    common: dict[str, Any] = {"label": question.label, "required": False}
    if kind in (Kind.SINGLE, Kind.YES_NO):
        return forms.TypedChoiceField(
            choices=[(o.pk, o.label) for o in options], coerce=int, empty_value=None, widget=forms.RadioSelect, **common
        )
    if kind == Kind.SCALE:
        return forms.TypedChoiceField(
            choices=[(point, _point_label(point, label)) for point, label in question.points],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if kind == Kind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            choices=[(o.pk, o.label) for o in options],
            coerce=int,
            empty_value=[],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == Kind.NUMBER:
        return NumberField(label=question.label, help_text=number_hint(question))
    if kind == Kind.SHORT_TEXT:
        return forms.CharField(max_length=SHORT_TEXT_LENGTH, **common)
    if kind == Kind.LONG_TEXT:
        return forms.CharField(max_length=LONG_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 5}), **common)
    if kind == Kind.RANKING:
        return RankingField(option_ids=[o.pk for o in options], label=question.label)
    if kind == Kind.MATRIX:
        return MatrixField(option_ids=[o.pk for o in options], label=question.label)
    return None


# --- what the template draws ---------------------------------------------------------------------


@dataclass
class Cell:
    point: int
    label: str
    id: str
    checked: bool


@dataclass
class Row:
    """One option of a ranking (a select of places) or one statement of a matrix (radios)."""

    option: Option
    name: str
    id: str
    value: str
    places: list[tuple[str, str, bool]] = dataclasses.field(default_factory=list)  # ranking: (value, text, selected)
    cells: list[Cell] = dataclasses.field(default_factory=list)  # matrix


@dataclass
class Block:
    """One question (or section heading) as the template draws it."""

    question: Question
    number: int | None
    heading_level: int
    field: BoundField | None = None
    condition_source: int | None = None  # the question whose option shows this one
    condition_number: int | None = None
    condition_option: str = ""
    rows: list[Row] = dataclasses.field(default_factory=list)
    points: list[tuple[int, str]] = dataclasses.field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def is_group(self) -> bool:
        """Asked with several inputs: a fieldset with a legend."""
        return self.kind not in (Kind.SHORT_TEXT, Kind.LONG_TEXT, Kind.NUMBER, Kind.SECTION)

    @property
    def id(self) -> str:
        return f"q{self.question.pk}"

    @property
    def errors(self):
        return self.field.errors if self.field is not None else []

    @property
    def described_by(self) -> str:
        """The ids that describe the question: its explanation, its condition, its error."""
        ids = []
        if self.field is not None:
            if self.field.help_text:
                ids.append(f"{self.field.auto_id}_helptext")
            if self.condition_number is not None:
                ids.append(f"{self.id}-condition")
            if self.kind == Kind.RANKING:
                ids.append(f"{self.id}-how")
            if self.field.errors:
                ids.append(f"{self.field.auto_id}_error")
        return " ".join(ids)


class SurveyForm(forms.Form):
    """The questionnaire of one survey. `questions`: `selectors.questions_for_answering(survey)`;
    `person`: the account answering (its profile fills in town and age group), None for a guest."""

    def __init__(self, data=None, *, survey: Survey, questions: list[Question], person=None) -> None:
        super().__init__(data)
        self.survey = survey
        self.questions = questions
        for question in questions:
            question_field_ = question_field(question)
            if question_field_ is not None:
                if question.kind != Kind.NUMBER:
                    question_field_.help_text = question.help_text
                elif question.help_text:
                    question_field_.help_text = f"{question.help_text} {question_field_.help_text}"
                self.fields[f"q{question.pk}"] = question_field_
        self.has_participant_details = False
        # Under 16 without a parent's consent nothing optional is stored, so nothing is asked.
        if (survey.ask_town or survey.ask_age) and (person is None or user_may_keep_profile_data(person)):
            self._add_details(person)

    def _add_details(self, person) -> None:
        process = self.survey.module.phase.process
        add_participant_details(self, process.organisation, user=person)
        # Only the process's towns count (the service refuses others); no towns, no question.
        towns = process.municipalities.order_by("name")
        listed = list(towns) if self.survey.ask_town else []
        if listed:
            town_field = self.fields["participant_town"]
            town_field.queryset = towns  # type: ignore[attr-defined]
            # The choices from the list read here, so that drawing the form asks nothing again.
            town_field.choices = [("", town_field.empty_label), *((t.pk, t.name) for t in listed)]  # type: ignore[attr-defined]
        else:
            del self.fields["participant_town"]
            self.initial.pop("participant_town", None)
        if not self.survey.ask_age:
            del self.fields["participant_age_group"]
            self.initial.pop("participant_age_group", None)
        self.has_participant_details = "participant_town" in self.fields or "participant_age_group" in self.fields
        self.asks_both_details = "participant_town" in self.fields and "participant_age_group" in self.fields

    # -- checking ----------------------------------------------------------------------------

    def answers(self) -> Values:
        """Check everything (fields, then conditions and "required" through `values_check`) and
        return the values that count. Errors are on the form afterwards (`is_valid()`); an error in
        a question its condition hides does not count."""
        self.is_valid()
        values: Values = {}
        for question in self.questions:
            name = f"q{question.pk}"
            if name in self.cleaned_data:
                values[question.pk] = self.cleaned_data[name]
        shown = {question.pk for question in visible_questions(self.questions, values)}
        for question in self.questions:
            if question.pk not in shown:
                self._errors.pop(f"q{question.pk}", None)  # type: ignore[union-attr]
        kept, errors = values_check(self.questions, values)
        for question_id, message in errors.items():
            if f"q{question_id}" not in self._errors:  # type: ignore[operator]
                self.add_error(f"q{question_id}", message)
        return kept

    def details(self) -> dict:
        """Town and age group as the service takes them (`town`, `age_group`)."""
        given = participant_details(self.cleaned_data)
        return {"town": given["participant_town"], "age_group": given["participant_age_group"]}

    # -- drawing -----------------------------------------------------------------------------

    @cached_property
    def blocks(self) -> list[Block]:
        """The questions in order with what the template needs."""
        numbers: dict[int, int | None] = {}
        owner: dict[int, Question] = {}
        for question in self.questions:
            for option in question.options.all():
                owner[option.pk] = question
        blocks = []
        in_section = False
        for number, question in numbered(self.questions):
            numbers[question.pk] = number
            if question.kind == Kind.SECTION:
                in_section = True
                blocks.append(Block(question=question, number=None, heading_level=2))
                continue
            block = Block(question=question, number=number, heading_level=3 if in_section else 2)
            block.field = self[f"q{question.pk}"]
            if question.condition_option_id is not None and question.condition_option_id in owner:
                source = owner[question.condition_option_id]
                block.condition_source = source.pk
                block.condition_number = numbers.get(source.pk)
                block.condition_option = next(
                    (o.label for o in source.options.all() if o.pk == question.condition_option_id), ""
                )
            if question.kind == Kind.RANKING:
                block.rows = self._ranking_rows(block)
            elif question.kind == Kind.MATRIX:
                block.points = [(point, _point_label(point, label)) for point, label in question.points]
                block.rows = self._matrix_rows(block)
            if not block.is_group and block.described_by:
                block.field.field.widget.attrs["aria-describedby"] = block.described_by
            blocks.append(block)
        return blocks

    def _sent(self, block: Block) -> dict:
        value = block.field.value() if block.field is not None else None
        return value if isinstance(value, dict) else {}

    def _ranking_rows(self, block: Block) -> list[Row]:
        sent = self._sent(block)
        options = list(block.question.options.all())
        rows = []
        for index, option in enumerate(options):
            chosen = str(sent.get(option.pk, ""))
            places = [("", _("no place"), chosen == "")]
            places += [
                (str(place), _("Place %(place)s") % {"place": place}, chosen == str(place))
                for place in range(1, len(options) + 1)
            ]
            rows.append(
                Row(
                    option=option,
                    name=f"{block.field.html_name}_{option.pk}",  # type: ignore[union-attr]
                    id=f"{block.field.auto_id}_{index}",  # type: ignore[union-attr]
                    value=chosen,
                    places=places,
                )
            )
        return rows

    def _matrix_rows(self, block: Block) -> list[Row]:
        sent = self._sent(block)
        rows = []
        for index, option in enumerate(block.question.options.all()):
            chosen = str(sent.get(option.pk, ""))
            base = f"{block.field.auto_id}_{index}"  # type: ignore[union-attr]
            rows.append(
                Row(
                    option=option,
                    name=f"{block.field.html_name}_{option.pk}",  # type: ignore[union-attr]
                    id=base,
                    value=chosen,
                    cells=[
                        # The first radio of the first statement is "<id>_0" (the error summary's link).
                        Cell(point, label, base if point == 1 else f"{base}_{point}", chosen == str(point))
                        for point, label in block.points
                    ],
                )
            )
        return rows

    def error_list(self) -> list[tuple[Block, str]]:
        """The questions with errors, for the summary at the top."""
        return [(block, str(error)) for block in self.blocks if block.field is not None for error in block.errors]

    @property
    def answer_count(self) -> int:
        return sum(1 for question in self.questions if question.takes_answer)
