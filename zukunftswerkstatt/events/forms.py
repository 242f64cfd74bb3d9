from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.forms import add_participant_details, participant_details
from zukunftswerkstatt.accounts.services import user_may_keep_profile_data
from zukunftswerkstatt.core.forms import ImageUploadField

from .models import MAX_COMPANIONS, Channel, SeatChoice
from .services import Needs


class RegistrationForm(forms.Form):
    """As little as we need: a name and one way to reach the person; town and age group optional.

    The optional details (`add_participant_details`) are offered with the event's organisation's
    towns and filled in from a consented profile. A person younger than 16 with an account and
    without a parent's consent is not asked (as on the profile page).
    """

    staff = False

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        widget=forms.TextInput(attrs={"data-simple-hint": _("Write your name. We use it only for this event.")}),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, help_text=_("For the confirmation and the link to cancel.")
    )
    phone = forms.CharField(
        label=_("Telephone"), max_length=50, required=False, help_text=_("If you have no e-mail address.")
    )
    companions = forms.IntegerField(
        label=_("How many people are coming with you?"),
        min_value=0,
        max_value=MAX_COMPANIONS,
        initial=0,
        widget=forms.NumberInput(attrs={"data-simple-hint": _("Write 0 if you come alone.")}),
    )
    needs_step_free_access = forms.BooleanField(label=_("I need step-free access"), required=False)
    needs_wheelchair_place = forms.BooleanField(label=_("I need a wheelchair place"), required=False)
    needs_childcare = forms.BooleanField(
        label=_("I would like childcare"),
        required=False,
        help_text=_("Please tell us below how many children and how old they are."),
    )
    needs_sign_language = forms.BooleanField(label=_("I need sign-language interpretation"), required=False)
    needs_interpreter_language = forms.CharField(
        label=_("I need an interpreter for this language"),
        max_length=100,
        required=False,
        help_text=_("For example Arabic, Russian, Ukrainian."),
    )
    needs_easy_language = forms.BooleanField(label=_("I need easy-to-read language"), required=False)
    needs_other = forms.CharField(
        label=_("Anything else we should know so that you can take part?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    needs_consent = forms.BooleanField(
        label=_(
            "I agree that the organisers keep what I tell them here about my needs, which may concern my "
            "health, to prepare the event, and delete it at the latest %(days)s days after the event."
        ),
        required=False,
    )
    # Sent by one of two buttons when fewer seats are free than the party needs.
    seat_choice = forms.ChoiceField(choices=SeatChoice.choices, required=False, widget=forms.HiddenInput)
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

    NEEDS = (
        "needs_step_free_access",
        "needs_wheelchair_place",
        "needs_childcare",
        "needs_sign_language",
        "needs_interpreter_language",
        "needs_easy_language",
        "needs_other",
    )

    def __init__(self, *args, organisation=None, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["needs_consent"]
        field.label = field.label % {"days": settings.EVENTS_NEEDS_RETENTION_DAYS}
        if self.staff or user is None or not user.is_authenticated or user_may_keep_profile_data(user):
            add_participant_details(self, organisation, user=None if self.staff else user, staff=self.staff)

    def has_participant_details(self) -> bool:
        return "participant_age_group" in self.fields

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("email") and not (data.get("phone") or "").strip() and "email" not in self.errors:
            raise forms.ValidationError(_("Please give an e-mail address or a telephone number."), code="no_contact")
        if self.needs_fields_exist() and self.needs().any() and not data.get("needs_consent"):
            self.add_error(
                "needs_consent",
                forms.ValidationError(
                    _("Please agree that we may keep what you told us about your needs, or leave those fields empty."),
                    code="needs_consent",
                ),
            )
        return data

    def needs_fields_exist(self) -> bool:
        return all(name in self.cleaned_data for name in self.NEEDS)

    def needs(self) -> Needs:
        data = self.cleaned_data
        return Needs(
            step_free_access=data["needs_step_free_access"],
            wheelchair_place=data["needs_wheelchair_place"],
            childcare=data["needs_childcare"],
            sign_language=data["needs_sign_language"],
            interpreter_language=data["needs_interpreter_language"],
            easy_language=data["needs_easy_language"],
            other=data["needs_other"],
        )

    def service_arguments(self) -> dict:
        """The cleaned data as keyword arguments of `services.registration_create`."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            "companions": data["companions"],
            "needs": self.needs(),
            "needs_consent": data["needs_consent"],
            "seat_choice": data["seat_choice"] or None,
            **participant_details(data),
        }


class StaffRegistrationForm(RegistrationForm):
    channel = forms.ChoiceField(
        label=_("How did the person register?"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.IN_PERSON, Channel.IN_PERSON.label)],
        widget=forms.RadioSelect,
        initial=Channel.PHONE,
    )

    field_order = ["channel"]
    staff = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        self.fields["email"].help_text = _("If the person wants the confirmation by e-mail.")
        self.fields["phone"].help_text = ""
        self.fields["companions"].label = _("Companions")
        self.fields["needs_consent"].label = _(
            "The person agrees that we keep their needs, which may concern their health, to prepare the event, "
            "and delete them at the latest %(days)s days after the event."
        ) % {"days": settings.EVENTS_NEEDS_RETENTION_DAYS}


class DocumentationForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    # data-readability: the readability hints for public text (easyread, docs/easyread.md).
    results = forms.CharField(
        label=_("Results"), required=False, widget=forms.Textarea(attrs={"rows": 6, "data-readability": "de"})
    )
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
