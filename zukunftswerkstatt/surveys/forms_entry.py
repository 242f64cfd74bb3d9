"""The team's entry form for paper and phone answers: one small text field per question, into which
the option numbers printed on the questionnaire are typed (`keyed.py`), in the order of the paper,
so that a form is entered with the keyboard alone. Works without JavaScript; `static/surveys/entry.js`
adds Enter to move on, skips questions a condition hides and echoes the typed numbers as words.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.core.models import Municipality

from .answering import Values, visible_questions
from .keyed import (
    MAX_RUN_TOGETHER,
    Condition,
    KeyedError,
    choice_typed,
    conditions_of,
    keyed_matrix,
    keyed_matrix_texts,
    keyed_text,
    keyed_value,
    legend,
    options_of,
)
from .models import SCALE_POINTS, STAFF_CHANNELS, Kind, Question, ResponseChannel, Survey
from .selectors import numbered

MAX_PAPER_NUMBER = 999_999
MAX_COPIES = 300
"""Copies per print run: 300 forms of a few pages are some minutes of the task worker's time."""


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def statement_field_name(question: Question, statement_pk: int) -> str:
    return f"q{question.pk}_{statement_pk}"


def scale_labels(question: Question) -> list[str]:
    return [label or str(point) for point, label in question.points]


@dataclass
class EntryRow:
    """One question on the entry form: its number, its field(s) and what the numbers mean."""

    number: int | None
    question: Question
    fields: list = field(default_factory=list)
    """Bound fields: one, or one per statement of a matrix (with `statement` set on each)."""
    legend: str = ""
    legend_id: str = ""
    condition: Condition | None = None
    condition_field_id: str = ""


class EntryForm(forms.Form):
    """Channel, paper number, one keyed field per question (a matrix: one per statement), then town
    and age group where the survey asks, as on the paper. `values`, `town` and `age_group` are
    what the service takes once the form is valid."""

    channel = forms.ChoiceField(
        label=gettext_lazy("How did the answers come in?"),
        choices=[(channel.value, channel.label) for channel in STAFF_CHANNELS],
        initial=ResponseChannel.PAPER,
        widget=forms.RadioSelect,
    )
    paper_number = forms.IntegerField(
        label=gettext_lazy("Number of the questionnaire"),
        min_value=1,
        max_value=MAX_PAPER_NUMBER,
        required=False,
        help_text=gettext_lazy("Printed at the top right of every page, e.g. “Nr. 0042”: type 42."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 8}),
    )

    def __init__(
        self,
        *args,
        survey: Survey,
        questions: Sequence[Question],
        towns: Sequence[Municipality],
        values: Values | None = None,
        fixed_channel: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(questions)
        self.towns = list(towns)
        self.age_groups = list(AgeGroup)
        self.conditions = conditions_of(self.questions)
        self.values: Values = {}
        self.town: Municipality | None = None
        self.age_group = ""
        if fixed_channel:
            # A correction keeps its channel: a phone answer does not become a paper form.
            self.fields["channel"].disabled = True
            self.fields["channel"].initial = fixed_channel
        values = values or {}
        for _number, question in numbered(self.questions):
            if not question.takes_answer:
                continue
            if question.kind == Kind.MATRIX:
                texts = keyed_matrix_texts(question, values.get(question.pk))
                for statement in options_of(question):
                    name = statement_field_name(question, statement.pk)
                    self.fields[name] = self._keyed_field(question, label=statement.label)
                    self.fields[name].initial = texts.get(statement.pk, "")
            else:
                name = field_name(question)
                self.fields[name] = self._keyed_field(question, label=question.label)
                self.fields[name].initial = keyed_text(question, values.get(question.pk))
        if survey.ask_town:
            self.fields["town"] = self._numbered_field(_("Town"), [town.name for town in self.towns])
        if survey.ask_age:
            self.fields["age_group"] = self._numbered_field(
                _("Age group"), [str(group.label) for group in self.age_groups]
            )

    def _keyed_field(self, question: Question, *, label: str) -> forms.CharField:
        kind = question.kind
        attrs: dict[str, Any] = {"autocomplete": "off", "data-entry-kind": kind, "class": "entry-input"}
        labels: list[str] = []
        if kind in (Kind.SCALE, Kind.MATRIX):
            labels = scale_labels(question)
        elif question.has_options:
            labels = [option.label for option in options_of(question)]
        if labels:
            attrs["data-entry-labels"] = json.dumps(labels, ensure_ascii=False)
        if kind in (Kind.SINGLE, Kind.YES_NO, Kind.SCALE, Kind.MATRIX) or (
            kind in (Kind.MULTIPLE, Kind.RANKING) and len(labels) <= MAX_RUN_TOGETHER
        ):
            attrs["inputmode"] = "numeric"
        elif kind == Kind.NUMBER:
            attrs["inputmode"] = "decimal"
        if kind == Kind.LONG_TEXT:
            attrs["rows"] = 2
            widget: forms.Widget = forms.Textarea(attrs=attrs)
        else:
            attrs["size"] = 40 if kind == Kind.SHORT_TEXT else 10
            widget = forms.TextInput(attrs=attrs)
        return forms.CharField(label=label, required=False, strip=False, widget=widget)

    def _numbered_field(self, label: str, labels: list[str]) -> forms.CharField:
        attrs = {
            "autocomplete": "off",
            "inputmode": "numeric",
            "size": 4,
            "class": "entry-input",
            "data-entry-kind": "choice",
            "data-entry-labels": json.dumps(labels, ensure_ascii=False),
        }
        return forms.CharField(
            label=label, required=False, help_text=legend(labels), widget=forms.TextInput(attrs=attrs)
        )

    # --- what the template shows --------------------------------------------------------------

    def rows(self) -> list[EntryRow]:
        rows: list[EntryRow] = []
        for number, question in numbered(self.questions):
            row = EntryRow(number=number, question=question, condition=self.conditions.get(question.pk))
            if row.condition is not None:
                source = self._question(row.condition.question_pk)
                if source is not None and field_name(source) in self.fields:
                    row.condition_field_id = self[field_name(source)].auto_id
            if question.kind == Kind.MATRIX:
                row.legend = legend(scale_labels(question))
                for statement in options_of(question):
                    bound = self[statement_field_name(question, statement.pk)]
                    bound.statement = statement  # type: ignore[attr-defined]
                    row.fields.append(bound)
            elif question.takes_answer:
                if question.kind == Kind.SCALE:
                    row.legend = legend(scale_labels(question))
                elif question.has_options:
                    row.legend = legend([option.label for option in options_of(question)])
                row.fields.append(self[field_name(question)])
            if row.fields:
                row.legend_id = f"{row.fields[0].auto_id}_legend"
            for bound in row.fields:
                # What the numbers mean, and the field's error, read out with the field.
                described = [row.legend_id] if row.legend else []
                if bound.errors:
                    described.append(f"{bound.auto_id}_error")
                if described:
                    bound.field.widget.attrs["aria-describedby"] = " ".join(described)
            rows.append(row)
        return rows

    def detail_fields(self) -> list:
        return [self[name] for name in ("town", "age_group") if name in self.fields]

    def first_error_id(self) -> str:
        """The id of the first field with an error (focused when the form comes back)."""
        for bound in self:
            if bound.errors:
                return bound.auto_id if bound.name != "channel" else f"{bound.auto_id}_0"
        return ""

    def _question(self, pk: int) -> Question | None:
        return next((question for question in self.questions if question.pk == pk), None)

    # --- reading what was typed ---------------------------------------------------------------

    def clean(self) -> dict:
        cleaned = super().clean()
        channel = cleaned.get("channel") or self.fields["channel"].initial
        if channel == ResponseChannel.PAPER:
            if cleaned.get("paper_number") is None and "paper_number" not in self.errors:
                self.add_error("paper_number", _("Please type the number printed on the questionnaire."))
        else:
            cleaned["paper_number"] = None
        values: Values = {}
        problems: dict[int, list[tuple[str, str]]] = {}
        for question in self.questions:
            if not question.takes_answer:
                continue
            if question.kind == Kind.MATRIX:
                typed = {
                    statement.pk: cleaned.get(statement_field_name(question, statement.pk)) or ""
                    for statement in options_of(question)
                }
                value, errors = keyed_matrix(question, typed)
                for statement_pk, message in errors.items():
                    problems.setdefault(question.pk, []).append((statement_field_name(question, statement_pk), message))
            else:
                name = field_name(question)
                try:
                    value = keyed_value(question, cleaned.get(name) or "")
                except KeyedError as error:
                    problems.setdefault(question.pk, []).append((name, error.message))
                    continue
            if value is not None:
                values[question.pk] = value
        # What cannot be read in a question that a condition hides does not count (nor is it kept).
        shown = {question.pk for question in visible_questions(self.questions, values)}
        for question_pk, messages in problems.items():
            if question_pk in shown:
                for name, message in messages:
                    self.add_error(name, message)
        self.values = {pk: value for pk, value in values.items() if pk in shown}
        for name, choices in (("town", self.towns), ("age_group", [group.value for group in self.age_groups])):
            if name not in self.fields:
                continue
            try:
                chosen = choice_typed(cleaned.get(name) or "", choices)
            except KeyedError as error:
                self.add_error(name, error.message)
                continue
            if name == "town":
                self.town = chosen
            else:
                self.age_group = chosen or ""
        return cleaned

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's errors ("q<id>", the details, the paper number) on the fields they concern."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        names = {"participant_town": "town", "participant_age_group": "age_group", "paper_number": "paper_number"}
        for question in self.questions:
            if question.kind == Kind.MATRIX:
                statements = options_of(question)
                if statements:
                    names[field_name(question)] = statement_field_name(question, statements[0].pk)
            else:
                names[field_name(question)] = field_name(question)
        for key, errors in error.error_dict.items():
            name = names.get(key)
            self.add_error(name if name in self.fields else None, errors)


class PaperRunForm(forms.Form):
    """A print run: how many questionnaires, from which number, in which language."""

    copies = forms.IntegerField(
        label=gettext_lazy("Copies"),
        min_value=1,
        max_value=MAX_COPIES,
        initial=50,
        help_text=gettext_lazy("At most %(max)s at a time.") % {"max": MAX_COPIES},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
    )
    first_number = forms.IntegerField(
        label=gettext_lazy("First number"),
        min_value=1,
        max_value=MAX_PAPER_NUMBER,
        help_text=gettext_lazy("The copies are numbered on from here; each number is printed once."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 7}),
    )
    language = forms.ChoiceField(label=gettext_lazy("Language of the questionnaire"), choices=settings.LANGUAGES)


def entry_hints() -> list[str]:
    """How to type each kind of answer (shown above the form)."""
    return [
        _("One answer: type its number, e.g. 2."),
        _("Several answers: their numbers, e.g. 1 3 (or 13)."),
        _("Ranking: the numbers from the first place to the last, e.g. 3 1 2."),
        _("Scale: 1 to %(points)s as ticked.") % {"points": SCALE_POINTS},
        _("Numbers with a comma or a point; texts as written; nothing ticked: leave the field empty."),
    ]
