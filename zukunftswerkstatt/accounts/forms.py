from __future__ import annotations

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import Municipality

from .models import AgeGroup, Consent, User
from .services import CONSENT_WORDING, profile_update, user_has_parental_consent


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Municipality) -> str:
        return f"{obj.name} ({obj.organisation.name})"


PROFILE_CONSENT_REQUIRED = _("Please agree to storing your age group and home town, or leave both fields empty.")
PARENT_FIRST = _(
    "Because you are younger than 16, we can only store this information once a parent "
    "has agreed. Ask for a parent's consent below, or leave these fields empty."
)


class ProfileDetailsFields(forms.Form):
    """The profile's optional age group and home town with their consent (profile page and sign-up).

    Stored by accounts.services.profile_update, which keeps them only with the consent (and a
    parent's, under 16).
    """

    age_group = forms.ChoiceField(
        label=_("Age group"), choices=[("", _("not stated"))] + list(AgeGroup.choices), required=False
    )
    home_municipality = MunicipalityChoiceField(
        label=_("Home town"),
        queryset=Municipality.objects.select_related("organisation").order_by("organisation__name", "name"),
        required=False,
        empty_label=_("not stated"),
    )
    profile_consent = forms.BooleanField(label=CONSENT_WORDING[Consent.Purpose.PROFILE], required=False)

    def clean_profile_details(self, data: dict, *, withdrawn: bool, parental_consent: bool) -> bool:
        """Check the details against their consent; return whether the person wants them stored.

        `withdrawn`: the person unticked a consent they had given (the details then go, whatever the
        fields still show). Under 16 without `parental_consent` nothing may be stored.
        """
        wants_profile = bool(data.get("age_group") or data.get("home_municipality")) and not withdrawn
        if data.get("is_under_16") and wants_profile and not parental_consent:
            raise forms.ValidationError(PARENT_FIRST, code="parental_consent_required")
        if wants_profile and not data.get("profile_consent"):
            self.add_error("profile_consent", PROFILE_CONSENT_REQUIRED)
        if data.get("profile_consent") and not wants_profile:
            self.add_error("profile_consent", _("Please choose an age group or a home town, or untick this box."))
        return wants_profile


class SignupForm(ProfileDetailsFields):
    """Extra fields on django-allauth's sign-up form: a public name, the age question and, if the
    person wishes, the profile's age group and home town with their consent."""

    display_name = forms.CharField(
        label=_("Public name (optional)"),
        max_length=80,
        required=False,
        help_text=_("Shown with your contributions. A first name or a nickname is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    is_under_16 = forms.BooleanField(
        label=_("I am younger than 16"),
        required=False,
        help_text=_(
            "You can take part all the same. We then store no optional information about you unless a parent agrees."
        ),
    )

    def clean(self) -> dict:
        data = super().clean()
        # A new account has no parent's consent yet: under 16, the details can follow once a parent agreed.
        if data.get("is_under_16") and (data.get("age_group") or data.get("home_municipality")):
            raise forms.ValidationError(
                _(
                    "Because you are younger than 16, we can only store your age group and home town once "
                    "a parent has agreed. Please leave these fields empty; after registering you can ask a "
                    "parent for consent on your profile page."
                ),
                code="parental_consent_required",
            )
        self.clean_profile_details(data, withdrawn=False, parental_consent=False)
        return data

    def signup(self, request, user: User) -> None:
        data = self.cleaned_data
        user.language = translation.get_language() or ""
        user.save(update_fields=["language"])
        # The profile service keeps the details only with the recorded consent (and never under 16 here).
        profile_update(
            user=user,
            display_name=data["display_name"],
            is_under_16=data["is_under_16"],
            age_group=data.get("age_group") or "",
            home_municipality=data.get("home_municipality"),
            profile_consent=data.get("profile_consent", False),
        )


class ProfileForm(ProfileDetailsFields):
    display_name = forms.CharField(
        label=_("Public name"),
        max_length=80,
        required=False,
        help_text=_("Shown with your contributions. A first name or a nickname is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    is_under_16 = forms.BooleanField(label=_("I am younger than 16"), required=False)
    wants_active_participation = forms.BooleanField(
        label=_("I would like to take part actively, for example in a working group."), required=False
    )
    participation_consent = forms.BooleanField(
        label=CONSENT_WORDING[Consent.Purpose.ACTIVE_PARTICIPATION], required=False
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        # Unticking a consent one gave withdraws it, whatever the fields still show: withdrawing
        # must be as easy as giving (GDPR art. 7(3)). The service then clears the data.
        given = set(self.user.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True))
        wants_contact = bool(data.get("wants_active_participation"))
        if Consent.Purpose.ACTIVE_PARTICIPATION in given and not data.get("participation_consent"):
            wants_contact = False
        parental_consent = user_has_parental_consent(self.user)
        if data.get("is_under_16") and wants_contact and not parental_consent:
            raise forms.ValidationError(PARENT_FIRST, code="parental_consent_required")
        self.clean_profile_details(
            data,
            withdrawn=Consent.Purpose.PROFILE in given and not data.get("profile_consent"),
            parental_consent=parental_consent,
        )
        if wants_contact and not data.get("participation_consent"):
            self.add_error(
                "participation_consent", _("Please agree to being contacted, or untick “take part actively”.")
            )
        return data

    @classmethod
    def initial_for(cls, user: User) -> dict:
        active = set(user.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True))
        return {
            "display_name": user.display_name,
            "is_under_16": user.is_under_16,
            "age_group": user.age_group,
            "home_municipality": user.home_municipality_id,
            "wants_active_participation": user.wants_active_participation,
            "profile_consent": Consent.Purpose.PROFILE in active,
            "participation_consent": Consent.Purpose.ACTIVE_PARTICIPATION in active,
        }


class ParentalConsentRequestForm(forms.Form):
    parent_email = forms.EmailField(
        label=_("E-mail address of a parent or guardian"),
        help_text=_("We send them a link to agree. Nothing else is done with this address."),
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data are deleted for good."), required=True
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password


# --- two-factor sign-in (django-allauth's mfa, see two_factor.py) --------------------------------


def _code_field(label, help_text) -> forms.CharField:
    """A one-time code: phones offer the number pad and the code the app or an SMS suggests."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )


class TwoFactorAuthenticateForm(AuthenticateForm):
    code = _code_field(
        _("Code"),
        _("The 6-digit code your authenticator app shows now, or one of your 8-digit recovery codes."),
    )


class TwoFactorReauthenticateForm(ReauthenticateForm):
    code = _code_field(
        _("Code"),
        _("The 6-digit code your authenticator app shows now, or one of your 8-digit recovery codes."),
    )


class TwoFactorActivateForm(ActivateTOTPForm):
    code = _code_field(_("Code from the app"), _("The 6-digit code your authenticator app shows for this account."))


def add_participant_details(form: forms.BaseForm, organisation, *, user=None, staff: bool = False) -> None:
    """Add the two optional fields `participant_town` and `participant_age_group` to a form.

    The towns are the organisation's own. A person with an account sees their profile's details
    filled in (they can change or clear them for this record). Fields are never required; staff
    entering an offline record see the same fields with a label for the person they write for.
    Render them with ``{% include "accounts/_participant_details.html" %}``.
    """
    towns = Municipality.objects.filter(organisation=organisation).order_by("name") if organisation else None
    form.fields["participant_town"] = forms.ModelChoiceField(
        label=_("The person lives in") if staff else _("I live in"),
        queryset=towns if towns is not None else Municipality.objects.none(),
        required=False,
        empty_label=_("not stated"),
    )
    form.fields["participant_age_group"] = forms.ChoiceField(
        label=_("Their age group") if staff else _("My age group"),
        choices=[("", _("not stated"))] + list(AgeGroup.choices),
        required=False,
    )
    if user is not None and getattr(user, "is_authenticated", False) and not form.is_bound:
        if user.home_municipality_id and towns is not None and "participant_town" not in form.initial:
            form.initial["participant_town"] = user.home_municipality_id
        if user.age_group and "participant_age_group" not in form.initial:
            form.initial["participant_age_group"] = user.age_group


def participant_details(cleaned_data: dict) -> dict:
    """The two optional details from a form's cleaned data, ready to set on a ParticipantDetails model."""
    return {
        "participant_town": cleaned_data.get("participant_town"),
        "participant_age_group": cleaned_data.get("participant_age_group") or "",
    }
