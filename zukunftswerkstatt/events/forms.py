from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.forms import ImageUploadField

from .models import MAX_COMPANIONS, Channel
from .services import Needs


class RegistrationForm(forms.Form):
    """As little as we need: a name and one way to reach the person."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("For the confirmation and the link to cancel.")
    )
    phone = forms.CharField(
        label=_("Telephone"), max_length=50, required=False, help_text=_("If you have no e-mail address.")
    )
    companions = forms.IntegerField(
        label=_("How many people are coming with you?"), min_value=0, max_value=MAX_COMPANIONS, initial=0
    )
    needs_sign_language = forms.BooleanField(label=_("I need sign-language interpretation"), required=False)
    needs_easy_language = forms.BooleanField(label=_("I need easy-to-read language"), required=False)
    needs_wheelchair_place = forms.BooleanField(label=_("I need a wheelchair place"), required=False)
    needs_other = forms.CharField(
        label=_("Anything else we should know so that you can take part?"), max_length=500, required=False
    )
    # A field people never see; software that fills in every field gives itself away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."), code="honeypot")
        return ""

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("email") and not (data.get("phone") or "").strip() and "email" not in self.errors:
            raise forms.ValidationError(_("Please give an e-mail address or a telephone number."), code="no_contact")
        return data

    def needs(self) -> Needs:
        data = self.cleaned_data
        return Needs(
            sign_language=data["needs_sign_language"],
            easy_language=data["needs_easy_language"],
            wheelchair_place=data["needs_wheelchair_place"],
            other=data["needs_other"],
        )


class StaffRegistrationForm(RegistrationForm):
    channel = forms.ChoiceField(
        label=_("How did the person register?"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.IN_PERSON, Channel.IN_PERSON.label)],
        widget=forms.RadioSelect,
        initial=Channel.PHONE,
    )

    field_order = ["channel"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        self.fields["email"].help_text = _("If the person wants the confirmation by e-mail.")
        self.fields["phone"].help_text = ""
        self.fields["companions"].label = _("Companions")


class DocumentationForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    results = forms.CharField(label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    photo = ImageUploadField(label=_("Add a photo (optional)"))
    photo_alt = forms.CharField(
        label=_("What does the photo show?"),
        max_length=250,
        required=False,
        help_text=_("For people who cannot see the photo."),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("photo") and not (data.get("photo_alt") or "").strip():
            self.add_error("photo_alt", _("Please describe what the photo shows."))
        return data
