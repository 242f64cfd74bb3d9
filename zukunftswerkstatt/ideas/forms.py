from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.forms import add_participant_details, participant_details
from zukunftswerkstatt.accounts.services import user_may_keep_profile_data
from zukunftswerkstatt.core.forms import ImageUploadField
from zukunftswerkstatt.core.maps import map_area
from zukunftswerkstatt.core.models import Municipality, TargetGroup, Topic
from zukunftswerkstatt.core.uploads import scan_check
from zukunftswerkstatt.processes.models import Module

from .models import KIND_QUESTIONS, STATUSES_FOR_STAFF, Channel, Idea, Kind, Status, YouthGroupKind
from .services import GUEST_EMAIL_CONSENT, open_kinds

WHOLE_ASSOCIATION = "all"

# <input type="date"> takes only ISO dates; Django would write the German "25.11.2026", which browsers drop.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IdeaModuleSettingsForm(forms.Form):
    """The settings of an idea collection, kept in Module.settings."""

    open_kinds = forms.MultipleChoiceField(
        label=_("Kinds of contribution open now"),
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(Kind.values),
        help_text=_("E.g. only criticism in the first weeks, then visions, then proposals."),
    )
    allow_guests = forms.BooleanField(
        label=_("Guests may contribute without an account"),
        required=False,
        help_text=_("Their contributions wait for moderation before they appear."),
    )


class IdeaForm(forms.Form):
    """What a citizen fills in. Fields are limited to the process's towns and fields of action."""

    kind = forms.ChoiceField(label=_("What would you like to contribute?"), widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        help_text=_("In a few words."),
        widget=forms.TextInput(attrs={"data-simple-hint": _("Write a short title. Others see it first.")}),
    )
    text = forms.CharField(
        label=_("Your contribution"),
        max_length=5000,
        widget=forms.Textarea(
            attrs={"rows": 8, "data-simple-hint": _("Say what you want. Use your own words. Short sentences are fine.")}
        ),
        help_text=_("Plain text, at most 5,000 characters. Web addresses become links."),
    )
    topic = forms.ModelChoiceField(
        label=_("Field of action"), queryset=Topic.objects.none(), required=False, empty_label=_("not sure")
    )
    municipality = forms.ChoiceField(label=_("Which town does it concern?"), required=False)
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Whom does it concern?"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    place_name = forms.CharField(
        label=_("Place (optional)"),
        max_length=200,
        required=False,
        help_text=_("In words, e.g. “Marktplatz Rodewisch” or “bus stop at the school”."),
    )
    # Filled by the map's pin (static/ideas/map.js), never typed: people describe places in words.
    latitude = forms.DecimalField(
        label=_("Pin on the map"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        widget=forms.HiddenInput,
    )
    longitude = forms.DecimalField(
        label=_("Pin on the map"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        widget=forms.HiddenInput,
    )
    image = ImageUploadField(label=_("Image (optional)"))
    image_alt = forms.CharField(
        label=_("What does the image show?"),
        max_length=250,
        required=False,
        help_text=_("For people who cannot see the image."),
    )

    def __init__(
        self, *args, module: Module, person=None, staff: bool = False, participant_details: bool = True, **kwargs
    ) -> None:
        """`person`: the account contributing (its profile fills in the optional participant details);
        `staff`: staff write for someone else; `participant_details=False` leaves those fields out."""
        super().__init__(*args, **kwargs)
        self.module = module
        process = module.phase.process
        # Under 16 without a parent's consent nothing optional is stored, so nothing is asked.
        self.has_participant_details = participant_details and (
            person is None or staff or user_may_keep_profile_data(person)
        )
        self.participant_details_staff = staff
        if self.has_participant_details:
            add_participant_details(self, process.organisation, user=None if staff else person, staff=staff)
        kinds = open_kinds(module)
        self.fields["kind"].choices = [
            (k, format_lazy("{} – {}", Kind(k).label, KIND_QUESTIONS[Kind(k)])) for k in kinds
        ]
        self.kind_questions = {k: KIND_QUESTIONS[Kind(k)] for k in kinds}
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        self.fields["topic"].queryset = Topic.objects.filter(organisation_id=process.organisation_id)
        towns = list(process.municipalities.all()) or list(
            Municipality.objects.filter(organisation_id=process.organisation_id)
        )
        self.towns = {str(t.pk): t for t in towns}
        self.fields["municipality"].choices = [
            (WHOLE_ASSOCIATION, _("the whole association")),
            *[(str(t.pk), t.name) for t in towns],
        ]
        self.fields["municipality"].initial = WHOLE_ASSOCIATION
        self.map_area = map_area(towns=towns)
        self.pin_errors: list[str] = []
        self.image_again = False

    def ask_for_the_image_again(self) -> None:
        """Tell the person beside the image field that the picture they chose must be chosen again:
        a page sent back (a preview, a mistake) cannot fill a file field in."""
        self.image_again = True
        # Django renders help texts as HTML; both parts are our own words.
        help_text = format_html(
            "<strong>{}</strong> {}",
            _(
                "Please choose your image again before you send the contribution: "
                "for your safety, browsers do not keep a chosen file when a page is shown again."
            ),
            self.fields["image"].help_text,
        )
        self.fields["image"].help_text = help_text
        self["image"].help_text = help_text  # the bound field has copied it already (while validating)

    def clean_municipality(self) -> Municipality | None:
        value = self.cleaned_data.get("municipality") or WHOLE_ASSOCIATION
        return None if value == WHOLE_ASSOCIATION else self.towns.get(value)

    def clean(self) -> dict:
        data = super().clean()
        self._clean_pin(data)
        if data.get("image") and not data.get("image_alt", "").strip():
            self.add_error("image_alt", _("Please describe the image in a few words."))
        return data

    def _clean_pin(self, data: dict) -> None:
        """The pin's two halves arrive together and inside the process's area, or the form says why.

        The errors are the form's own (not the hidden fields'), so that the summary at the top and
        the note beside the map show them; the pin stays where it was, to be moved or removed.
        """
        latitude, longitude = data.get("latitude"), data.get("longitude")
        message = None
        if "latitude" in self.errors or "longitude" in self.errors:
            message = _("The pin on the map could not be read. Please set it again or remove it.")
        elif (latitude is None) != (longitude is None):
            message = _("The pin on the map is incomplete. Please set it again or remove it.")
        elif latitude is not None and not self.map_area.contains(latitude, longitude):
            message = _(
                "The pin is outside the area of this process. Please move it to one of its towns, "
                "remove it, or describe the place in words."
            )
        if message:
            self.pin_errors.append(message)
            self.add_error(None, message)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "text": data["text"],
            "topic": data.get("topic"),
            "municipality": data.get("municipality"),
            "target_groups": list(data.get("target_groups") or []),
            "place_name": data.get("place_name", ""),
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
            "image": data.get("image") or None,
            "image_alt": data.get("image_alt", ""),
            **(participant_details(data) if self.has_participant_details else {}),
        }

    @classmethod
    def initial_for(cls, idea: Idea) -> dict:
        return {
            "kind": idea.kind,
            "title": idea.title,
            "text": idea.text,
            "topic": idea.topic_id,
            "municipality": str(idea.municipality_id) if idea.municipality_id else WHOLE_ASSOCIATION,
            "target_groups": [t.pk for t in idea.target_groups.all()],
            "place_name": idea.place_name,
            "latitude": idea.latitude,
            "longitude": idea.longitude,
            "image_alt": idea.image_alt,
            "participant_town": idea.participant_town_id,
            "participant_age_group": idea.participant_age_group,
        }


class GuestIdeaForm(IdeaForm):
    guest_name = forms.CharField(
        label=_("Your name (optional)"), max_length=80, required=False, help_text=_("Shown with your contribution.")
    )
    guest_email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_(
            "Only if you want to be told when the status of your contribution changes or it gets an official "
            "answer. It is not shown to anyone and is deleted when the process ends or when you stop the e-mails."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    guest_email_consent = forms.BooleanField(label=GUEST_EMAIL_CONSENT, required=False)
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
        if data.get("guest_email") and not data.get("guest_email_consent"):
            self.add_error(
                "guest_email_consent", _("Please agree that we store your address, or leave the address empty.")
            )
        return data

    def service_arguments(self) -> dict:
        arguments = super().service_arguments()
        arguments["guest_name"] = self.cleaned_data.get("guest_name", "")
        arguments["guest_email"] = self.cleaned_data.get("guest_email", "")
        arguments["guest_email_consent"] = self.cleaned_data.get("guest_email_consent", False)
        return arguments


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw it? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown publicly in the contribution's history."),
    )


class IdeaEditForm(IdeaForm):
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)
    moderator_note = forms.CharField(
        label=_("Public note on your change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you edit someone else's contribution as a moderator."),
    )

    def __init__(self, *args, module: Module, idea: Idea, editor, **kwargs) -> None:
        # The details are the author's to change, and staff's for a contribution they recorded
        # offline; a moderator editing someone else's contribution neither sees nor changes them.
        offline = idea.author_id is None and idea.channel != Channel.ONLINE
        by_author = idea.author_id is not None and idea.author_id == getattr(editor, "pk", None)
        super().__init__(
            *args,
            module=module,
            person=idea.author if by_author else None,
            staff=offline,
            participant_details=by_author or offline,
            **kwargs,
        )
        if idea.kind not in dict(self.fields["kind"].choices):
            self.fields["kind"].choices = [(idea.kind, Kind(idea.kind).label), *self.fields["kind"].choices]

    def service_arguments(self) -> dict:
        arguments = super().service_arguments()
        arguments["remove_image"] = self.cleaned_data.get("remove_image", False)
        arguments["moderator_note"] = self.cleaned_data.get("moderator_note", "")
        return arguments


class OfflineIdeaForm(IdeaForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, staff=True, **kwargs)

    channel = forms.ChoiceField(label=_("Received"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    received_on = forms.DateField(label=_("Received on"), initial=timezone.localdate, widget=DATE_INPUT)
    contact_name = forms.CharField(label=_("Name of the person"), max_length=200)
    contact = forms.CharField(
        label=_("How to reach them for the answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Postal address, telephone or e-mail. Visible to staff only."),
    )
    consent = forms.CharField(
        label=_("Consent the person gave"),
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=_("Agreed that name and contact are stored to answer the contribution and deleted afterwards."),
    )
    delete_on = forms.DateField(
        label=_("Delete name and contact on"),
        widget=DATE_INPUT,
        initial=lambda: timezone.localdate() + dt.timedelta(days=365),
    )
    scan = forms.FileField(
        label=_("Scan of the letter (optional)"),
        required=False,
        help_text=_(
            "PDF (without scripts or attachments, at most 100 pages), JPEG or PNG, at most 8 MB. Visible to staff only."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if not scan:
            return None
        # The whole file is parsed (PDF) or decoded within the budget (pictures); what the service
        # stores is the checked copy under a generated name.
        return scan_check(scan)

    def offline_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "channel": data["channel"],
            "received_on": data["received_on"],
            "contact_name": data["contact_name"],
            "contact": data.get("contact", ""),
            "consent": data["consent"],
            "delete_on": data["delete_on"],
            "scan": data.get("scan") or None,
        }


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4, "data-simple-hint": _("Write what you think about it.")}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should the moderators look at this?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."), code="honeypot")
        return ""


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown in place of the content, e.g. “insulting – against the discussion rules”."),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Official answer of the municipality"),
        max_length=5000,
        # data-readability: the readability hints for public text (easyread, docs/easyread.md).
        widget=forms.Textarea(attrs={"rows": 6, "data-readability": "de"}),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=STATUSES_FOR_STAFF)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “not pursued” and “merged”. Shown publicly."),
    )
    merged_into = forms.IntegerField(
        label=_("Merged with contribution number"),
        required=False,
        min_value=1,
        help_text=_("Only for “merged”: the number of the other contribution (see its address)."),
    )


class AnswerSentForm(forms.Form):
    channel = forms.ChoiceField(label=_("Answer sent"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE])
    sent_on = forms.DateField(label=_("On"), initial=timezone.localdate, widget=DATE_INPUT)


class BlockForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class FilterForm(forms.Form):
    """The list's filters. Invalid values are ignored rather than refused: it is a GET form."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    topic = forms.ChoiceField(label=_("Field of action"), required=False)
    town = forms.ChoiceField(label=_("Town"), required=False)
    group = forms.ChoiceField(label=_("Target group"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    # Contributions from a school class or a youth club (the live board's class mode).
    youth = forms.ChoiceField(label=_("From a group"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("newest", _("newest first")),
            ("supported", _("most supported")),
            ("discussed", _("most discussed")),
            ("random", _("random order")),
        ],
    )

    def __init__(self, *args, module: Module, topics, towns, groups, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("all"))]
        self.fields["kind"].choices = every + list(Kind.choices)
        self.fields["topic"].choices = every + [(str(t.pk), t.name) for t in topics]
        self.fields["town"].choices = (
            every + [(WHOLE_ASSOCIATION, _("the whole association"))] + [(str(t.pk), t.name) for t in towns]
        )
        self.fields["group"].choices = every + [(str(g.pk), g.name) for g in groups]
        self.fields["status"].choices = every + list(Status.choices)
        self.fields["youth"].choices = every + [
            ("any", _("school classes and youth clubs")),
            (YouthGroupKind.SCHOOL, _("school classes")),
            (YouthGroupKind.YOUTH_CLUB, _("youth clubs")),
        ]
