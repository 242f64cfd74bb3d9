"""The forms of the questionnaire builder: one question (its fields depend on its kind), the survey's
settings, and the choice of the survey a questionnaire is copied into."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from .builder import (
    LABEL_PRESETS,
    SETTINGS_FIELDS,
    QuestionSpec,
    condition_sources,
    copy_targets,
    previous_round_choices,
    scale_preset_of,
)
from .models import MAX_RANKING_OPTIONS, SCALE_POINTS, WITH_OPTIONS, WITH_SCALE, Kind, Question, Survey

OWN_LABELS = "own"

KIND_HELP = {
    Kind.SECTION: _("A heading that groups the questions after it, e.g. “Wohnen”. It takes no answer."),
    Kind.SINGLE: _("People choose one answer from a list."),
    Kind.MULTIPLE: _("People choose as many answers from a list as they like."),
    Kind.SCALE: _("People rate from 1 to 5, e.g. from “sehr unzufrieden” to “sehr zufrieden”."),
    Kind.YES_NO: _("People answer “Ja” or “Nein”. The two answers are added for you."),
    Kind.SHORT_TEXT: _("People write a few words (up to 200 characters)."),
    Kind.LONG_TEXT: _("People write a longer text (up to 5,000 characters)."),
    Kind.NUMBER: _("People write a number, e.g. their minutes to the doctor; with limits if you like."),
    Kind.RANKING: _("People put up to 7 answers in order, the most important first."),
    Kind.MATRIX: _("Several statements, each rated on the same scale from 1 to 5."),
}

OPTION_LABELS = {
    Kind.SINGLE: _("Answer options, one per line"),
    Kind.MULTIPLE: _("Answer options, one per line"),
    Kind.RANKING: _("Answers to put in order, one per line (at most %(count)s)"),
    Kind.MATRIX: _("Statements, one per line"),
}


def _lines(text: str) -> tuple[str, ...]:
    return tuple(text.splitlines())


class KindChoiceForm(forms.Form):
    """The first step of adding a question: its kind (and where it goes)."""

    kind = forms.ChoiceField(
        label=_("What kind of question?"),
        choices=[(value, label) for value, label in Kind.choices],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a kind of question.")},
    )
    position = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


def place_choices(questions: Sequence[Question], numbers: dict[int, int]) -> list[tuple[str, str]]:
    """Where a new question can go: at the end, at the beginning, or after any question."""
    choices = [("", str(_("At the end"))), ("1", str(_("At the beginning")))]
    for index, question in enumerate(questions, start=1):
        if question.pk in numbers:
            label = _("After question %(number)s: %(text)s") % {
                "number": numbers[question.pk],
                "text": _short(question.text),
            }
        else:
            label = _("After the section heading “%(text)s”") % {"text": _short(question.text)}
        if index < len(questions):
            choices.append((str(index + 1), str(label)))
    return choices


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class QuestionForm(forms.Form):
    """One question of a given kind: only the fields that kind needs. `questions` are the survey's
    questions with their options (for conditions and places), `question` the one being changed."""

    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Question"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Please write the question.")},
    )
    text_en = forms.CharField(
        label=_("Question in English (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "en"}),
    )
    help = forms.CharField(
        label=_("Explanation (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown below the question, e.g. what is meant or how to answer."),
    )
    help_en = forms.CharField(
        label=_("Explanation in English (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "en"}),
    )
    required = forms.BooleanField(
        label=_("Required question (Pflichtfrage): an answer is needed to send the questionnaire"),
        required=False,
    )
    options = forms.CharField(
        label=_("Answer options, one per line"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    options_en = forms.CharField(
        label=_("The same in English, one per line in the same order (optional)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6, "lang": "en"}),
    )
    scale_preset = forms.ChoiceField(label=_("Labels of the points 1 to 5"), widget=forms.RadioSelect)
    scale_labels = forms.CharField(
        label=_("Own labels, one per line, from 1 to 5"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": SCALE_POINTS}),
        help_text=_("Only when you chose “own labels” above."),
    )
    scale_labels_en = forms.CharField(
        label=_("Own labels in English, one per line (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": SCALE_POINTS, "lang": "en"}),
    )
    number_min = forms.DecimalField(
        label=_("Smallest number allowed (optional)"),
        required=False,
        max_digits=14,
        decimal_places=3,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    number_max = forms.DecimalField(
        label=_("Largest number allowed (optional)"),
        required=False,
        max_digits=14,
        decimal_places=3,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    unit = forms.CharField(
        label=_("Unit (optional)"), required=False, max_length=30, help_text=_("E.g. “Minuten” or “Jahre”.")
    )
    condition = forms.TypedChoiceField(
        label=_("Condition: when is this question asked?"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Only answers of earlier choice and yes/no questions can be chosen."),
    )
    position = forms.TypedChoiceField(label=_("Where does the question go?"), required=False, coerce=int)

    def __init__(
        self,
        *args,
        kind: str,
        questions: Sequence[Question],
        numbers: dict[int, int],
        question: Question | None = None,
        locked: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.question = question
        self.locked = locked
        self.fields["kind"].initial = kind
        if kind == Kind.SECTION:
            self.fields["text"].label = _("Heading of the section")
            self.fields["text_en"].label = _("Heading in English (optional)")
            self.fields["help"].help_text = _("Shown below the heading, e.g. what the next questions are about.")
        if kind == Kind.SECTION:
            del self.fields["required"]
        elif locked and not (question is not None and question.required):
            self.fields["required"].disabled = True
            self.fields["required"].help_text = (
                _("Answers have come in: a new question can only be optional.")
                if question is None
                else _("Answers have come in: this question cannot become required any more.")
            )
        elif locked:
            self.fields["required"].help_text = _("Answers have come in: you can make it optional, not required again.")
        if kind in WITH_OPTIONS and kind != Kind.YES_NO:
            self.fields["options"].label = str(OPTION_LABELS[kind]) % {"count": MAX_RANKING_OPTIONS}
            self.fields["options"].required = True
            self.fields["options"].error_messages["required"] = _("Please write the answers, one per line.")
            if locked and question is not None:
                self.fields["options"].help_text = _(
                    "Answers have come in: you can correct the wording and add new lines at the end. "
                    "Answers that were chosen cannot be removed, and the order stays."
                )
            elif kind == Kind.MATRIX:
                self.fields["options"].help_text = _("Each statement is rated on the scale below.")
        else:
            del self.fields["options"], self.fields["options_en"]
        if kind in WITH_SCALE:
            self.fields["scale_preset"].choices = [
                (name, f"{preset.name}: {preset.german[0]} … {preset.german[-1]}")
                for name, preset in LABEL_PRESETS.items()
            ] + [(OWN_LABELS, str(_("Own labels (write them below)")))]
            if locked and question is not None:
                self.fields["scale_preset"].help_text = _(
                    "Answers have come in: you can reword the labels, but keep their meaning and order."
                )
        else:
            del self.fields["scale_preset"], self.fields["scale_labels"], self.fields["scale_labels_en"]
        if kind != Kind.NUMBER:
            del self.fields["number_min"], self.fields["number_max"], self.fields["unit"]
        elif locked and question is not None:
            self.fields["number_min"].help_text = _("Answers have come in: the limits can be widened, not narrowed.")
        position = question.position if question is not None else None
        sources = condition_sources(questions, before=position)
        if kind == Kind.SECTION or not sources and not (question and question.condition_option_id):
            del self.fields["condition"]
        else:
            self.fields["condition"].choices = [("", str(_("Always")))] + [
                (
                    str(option.pk),
                    str(
                        _("Only if question %(number)s (%(question)s) was answered with “%(option)s”")
                        % {"number": number, "question": _short(source.text, 50), "option": option.text}
                    ),
                )
                for number, source, option in sources
            ]
            if locked and question is not None:
                self.fields["condition"].disabled = True
                self.fields["condition"].help_text = _(
                    "Answers have come in: the condition stays as it is, so that all answers came from the same people."
                )
        if question is None:
            self.fields["position"].choices = place_choices(questions, numbers)
            self.fields["position"].empty_value = None
        else:
            del self.fields["position"]

    def clean(self) -> dict:
        data = super().clean()
        own = self.kind in WITH_SCALE and data.get("scale_preset") == OWN_LABELS
        if own and not data.get("scale_labels", "").strip():
            self.add_error("scale_labels", _("Please write the %(points)s labels.") % {"points": SCALE_POINTS})
        return data

    def spec(self) -> QuestionSpec:
        data = self.cleaned_data
        labels: tuple[str, ...] = ()
        labels_en: tuple[str, ...] = ()
        if self.kind in WITH_SCALE:
            preset = LABEL_PRESETS.get(data.get("scale_preset", ""))
            if preset is not None:
                labels, labels_en = preset.german, preset.english
            else:
                labels, labels_en = _lines(data.get("scale_labels", "")), _lines(data.get("scale_labels_en", ""))
        return QuestionSpec(
            kind=self.kind,
            text=data["text"],
            text_en=data.get("text_en", ""),
            help=data.get("help", ""),
            help_en=data.get("help_en", ""),
            required=bool(data.get("required")),
            options=_lines(data.get("options", "")),
            options_en=_lines(data.get("options_en", "")),
            scale_labels=labels,
            scale_labels_en=labels_en,
            number_min=data.get("number_min"),
            number_max=data.get("number_max"),
            unit=data.get("unit", ""),
            condition_option_id=data.get("condition"),
        )

    @staticmethod
    def initial_of(question: Question | None, kind: str) -> dict:
        """The form's values for a stored question (or a new one), shown as the kind `kind`."""
        if question is None:
            return {"kind": kind, "scale_preset": "agreement"}
        spec = QuestionSpec.of(question)
        preset = scale_preset_of(spec.scale_labels) or (OWN_LABELS if spec.scale_labels else "agreement")
        return {
            "kind": kind,
            "text": spec.text,
            "text_en": spec.text_en,
            "help": spec.help,
            "help_en": spec.help_en,
            "required": spec.required,
            "options": "\n".join(spec.options) if question.kind != Kind.YES_NO else "",
            "options_en": "\n".join(spec.options_en) if question.kind != Kind.YES_NO else "",
            "scale_preset": preset,
            "scale_labels": "\n".join(spec.scale_labels) if preset == OWN_LABELS else "",
            "scale_labels_en": "\n".join(spec.scale_labels_en) if preset == OWN_LABELS else "",
            "number_min": spec.number_min,
            "number_max": spec.number_max,
            "unit": spec.unit,
            "condition": spec.condition_option_id,
        }


class SurveySettingsForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = list(SETTINGS_FIELDS)
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 5}),
            "intro_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["previous_round"]
        field.queryset = previous_round_choices(self.instance)
        field.label_from_instance = _round_label
        field.empty_label = str(_("none (this is the first round)"))
        field.help_text = _("The results page can compare the two rounds question by question.")
        self.fields["text_retention_days"].min_value = 1
        self.fields["paper_code"].widget.attrs["autocapitalize"] = "characters"


def _round_label(survey: Survey) -> str:
    module = survey.module
    return f"{module.title} ({module.phase.process.title}, {module.phase.display_name})"


class CopyRoundForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Copy the questions into"),
        queryset=None,
        empty_label=None,
        help_text=_("Only surveys without questions are listed. Create the survey module in the back office first."),
        error_messages={"invalid_choice": _("Please choose one of the surveys listed.")},
    )

    def __init__(self, *args, survey: Survey, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = copy_targets(survey)
        self.fields["target"].label_from_instance = lambda module: (
            f"{module.title} ({module.phase.process.title}, {module.phase.display_name})"
        )
