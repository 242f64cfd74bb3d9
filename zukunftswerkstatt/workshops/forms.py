from __future__ import annotations

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.forms import add_participant_details
from zukunftswerkstatt.core.forms import ImageUploadField
from zukunftswerkstatt.ideas.models import YouthGroupKind

from .models import CARD_STEPS, CLASS_AGE_GROUPS, CODE_LENGTH, MAX_CARD_LENGTH, MAX_DOTS, Step


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class SessionForm(forms.Form):
    title = forms.CharField(
        label=_("Title on the wall"), max_length=150, required=False, help_text=_("Empty: the event's title.")
    )
    ideas_module = forms.ModelChoiceField(label=_("Idea collection for the results"), queryset=None, empty_label=None)

    def __init__(self, *args, modules, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ideas_module"].queryset = modules


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The %(length)s characters shown on the wall, e.g. K7MP3X.") % {"length": CODE_LENGTH},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    pseudonym = forms.CharField(
        label=_("Name or nickname (optional)"),
        max_length=40,
        required=False,
        help_text=_("Not needed. It is not shown on the wall."),
    )

    def __init__(self, *args, towns, **kwargs) -> None:
        """`towns`: those of the session the code names, or, before a code is known, of every
        organisation with a session running (in practice one association)."""
        super().__init__(*args, **kwargs)
        add_participant_details(self, None)
        self.fields["participant_town"].queryset = towns


class CardForm(forms.Form):
    text = forms.CharField(
        label=_("Your card"),
        max_length=MAX_CARD_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One thought per card, at most %(max)s characters.") % {"max": MAX_CARD_LENGTH},
    )
    # Empty when the form was shown before the first step: the card is then for the step that is current.
    step = forms.ChoiceField(
        choices=[("", "")] + [(s, Step(s).label) for s in CARD_STEPS], widget=forms.HiddenInput, required=False
    )
    nonce = forms.CharField(max_length=64, widget=forms.HiddenInput)


class PaperCardForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the paper card"), max_length=MAX_CARD_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    step = forms.ChoiceField(label=_("Step"), choices=[(s, Step(s).label) for s in CARD_STEPS])
    nonce = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The writer's town and age group, if they wrote them on the card or said so.
        add_participant_details(self, organisation, staff=True)


class ClusterForm(forms.Form):
    title = forms.CharField(label=_("Name of the new cluster"), max_length=150)


class VoteSettingsForm(forms.Form):
    dots_per_participant = forms.IntegerField(label=_("Dots per person"), min_value=1, max_value=MAX_DOTS)
    allow_stacking = forms.BooleanField(label=_("Several dots on one option allowed"), required=False)


class PhotoForm(forms.Form):
    image = ImageUploadField(label=_("Photo of a flipchart"), required=True)
    alt_text = forms.CharField(
        label=_("What the photo shows"),
        max_length=250,
        help_text=_("For people who cannot see the photo, e.g. “Flipchart Kritik: twelve cards about buses”."),
    )


class ClassInvitationForm(forms.Form):
    """The team invites a school class or a youth club (class mode)."""

    ideas_module = forms.ModelChoiceField(
        label=_("Idea collection for the class's cards"), queryset=None, empty_label=None
    )
    group_name = forms.CharField(
        label=_("Name of the group"),
        max_length=150,
        help_text=_(
            "As it is shown with the contributions, e.g. “Klasse 8b, Oberschule Rodewisch” or “Jugendclub Ellefeld”."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=YouthGroupKind.choices, widget=forms.RadioSelect)
    town = forms.ModelChoiceField(label=_("Town of the group"), queryset=None, empty_label=None)
    age_group = forms.ChoiceField(
        label=_("Age band of the group"),
        help_text=_("Counted for every pupil who joins; the pupils are asked nothing."),
    )
    leader_name = forms.CharField(label=_("Teacher or youth worker (optional)"), max_length=150, required=False)
    leader_email = forms.EmailField(
        label=_("Their e-mail address (optional)"),
        required=False,
        help_text=_("Only for questions from the team. The link is not sent automatically: hand it over yourself."),
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("After this day the link stops working and open class sessions end."),
    )

    def __init__(self, *args, modules, towns, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ideas_module"].queryset = modules
        self.fields["town"].queryset = towns
        self.fields["age_group"].choices = [(group.value, group.label) for group in CLASS_AGE_GROUPS]


class ClassSessionForm(forms.Form):
    title = forms.CharField(
        label=_("Title on the wall (optional)"),
        max_length=150,
        required=False,
        help_text=_("Empty: the name of the group."),
    )
