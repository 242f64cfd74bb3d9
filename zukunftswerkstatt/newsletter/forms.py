from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import Municipality

from .models import Issue


def _towns_field(process) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Municipality.objects.filter(pk__in=process.municipalities.values("pk")).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Only news for these towns (none ticked: all towns)"),
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        if process.municipalities.exists():
            self.fields["towns"] = _towns_field(process)


class IssueForm(forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["subject", "body", "include_phase", "include_events", "include_progress", "towns"]
        widgets = {"towns": forms.CheckboxSelectMultiple, "body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["towns"] = _towns_field(process)
        self.fields["towns"].label = _("For towns (none ticked: everyone)")


class PostalSubscriptionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(
        label=_("Postal address"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line per row."),
    )
    consent_note = forms.CharField(
        label=_("Consent: who gave it, when and how"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: signed form at the town hall on 3 March, taken by Ms Keller."),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        if process.municipalities.exists():
            self.fields["towns"] = _towns_field(process)


class PostedForm(forms.Form):
    date = forms.DateField(label=_("Letters posted on"), widget=forms.DateInput(attrs={"type": "date"}))
