from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.forms import ImageUploadField
from zukunftswerkstatt.plans.models import MeasureStatus

from .models import Score

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATETIME_INPUT = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


class ProgressUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    text = forms.CharField(
        label=_("What happened?"),
        max_length=5000,
        # data-readability: the readability hints for public text (easyread, docs/easyread.md).
        widget=forms.Textarea(attrs={"rows": 6, "data-readability": "de"}),
        help_text=_("In plain words, for citizens: what was done, what is next, what is in the way."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    status_reason = forms.CharField(
        label=_("Reason for the status"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the measure is paused or dropped, or goes back to an earlier status."),
    )
    percent_complete = forms.IntegerField(
        label=_("Percent complete"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("The percentage must be between 0 and 100."),
            "max_value": _("The percentage must be between 0 and 100."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("A whole number from 0 to 100."),
    )
    image = ImageUploadField(label=_("Image (optional)"))
    image_alt = forms.CharField(
        label=_("Image description"),
        required=False,
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it. Needed with an image."),
    )

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A progress entry cannot be dated in the future."))
        return date

    def clean(self) -> dict:
        data = super().clean()
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Please describe the image for people who cannot see it."))
        return data


class MilestoneMetForm(forms.Form):
    done_on = forms.DateField(label=_("Met on"), widget=DATE_INPUT)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("E.g. “Users of the citizens' bus per month”."))
    description = forms.CharField(
        label=_("How it is measured"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.CharField(label=_("Unit"), max_length=50, help_text=_("E.g. “people”, “%”, “km”."))
    baseline_value = forms.DecimalField(label=_("Baseline value"), max_digits=14, decimal_places=2)
    baseline_date = forms.DateField(label=_("Baseline date"), widget=DATE_INPUT)
    target_value = forms.DecimalField(label=_("Target value"), max_digits=14, decimal_places=2)
    target_date = forms.DateField(label=_("Target date"), widget=DATE_INPUT)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("baseline_date") and data.get("target_date") and data["target_date"] < data["baseline_date"]:
            self.add_error("target_date", _("The target date cannot be before the baseline date."))
        return data


class IndicatorValueForm(forms.Form):
    date = forms.DateField(label=_("Date of the measurement"), widget=DATE_INPUT)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=250)


class ReviewRoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Interim review"))
    description = forms.CharField(
        label=_("What it is about"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    opens_at = forms.DateTimeField(label=_("Opens"), widget=DATETIME_INPUT)
    closes_at = forms.DateTimeField(label=_("Closes"), widget=DATETIME_INPUT)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The round must close after it opens."))
        return data


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How is this measure going, in your view?"),
        choices=[(value, f"{value} – {label}") for value, label in Score.choices],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Your comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Published with the review report, without your name."),
    )


class LookupForm(forms.Form):
    q = forms.CharField(
        label=_("Reference or title of the contribution"),
        max_length=150,
        help_text=_("E.g. “ZW-2026-0142” or “benches market square”."),
    )
