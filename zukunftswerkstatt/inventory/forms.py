from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import Municipality, TargetGroup, Topic

from .dates import format_for_input, parse_partial_date
from .importer import MAX_UPLOAD_BYTES
from .models import InventoryItem, InventorySuggestion, ProviderKind, Status
from .selectors import WHOLE_ASSOCIATION, ItemFilters

PARTIAL_DATE_HELP = _("A year (2019) or a date (15.03.2019).")


def _int_or_none(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


class InventoryModuleSettingsForm(forms.Form):
    """The settings of an inventory module, kept in Module.settings."""

    suggestions_open = forms.BooleanField(
        label=_("Citizens may suggest missing offers"),
        required=False,
        initial=True,
        help_text=_("Suggestions wait for staff, who take them into the inventory or decline them."),
    )


class ItemForm(forms.Form):
    """An inventory entry as staff enter it. Towns are limited to the process's towns (town staff: their own)."""

    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("The name of the offer or project."))
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is offered, for whom, how often. At most 5,000 characters."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Towns"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none if the offer is for the whole association."),
    )
    topic = forms.ModelChoiceField(
        label=_("Field of action"), queryset=Topic.objects.none(), required=False, empty_label=_("none")
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    provider_kind = forms.ChoiceField(label=_("Kind of provider"), choices=ProviderKind.choices)
    provider_name = forms.CharField(
        label=_("Provider"), max_length=200, required=False, help_text=_("Who runs it, e.g. the name of the club.")
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, widget=forms.RadioSelect)
    since = forms.CharField(label=_("Since"), max_length=10, required=False, help_text=PARTIAL_DATE_HELP)
    until = forms.CharField(
        label=_("Until"),
        max_length=10,
        required=False,
        help_text=_("A year or a date; empty if it has no planned end."),
    )
    funding = forms.CharField(
        label=_("Funding"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How it is paid for, e.g. “town budget, donations”."),
    )
    contact_name = forms.CharField(label=_("Contact person or office"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Telephone"), max_length=50, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    link = forms.URLField(
        label=_("Web link"), max_length=500, required=False, assume_scheme="https", help_text=_("E.g. https://…")
    )

    def __init__(self, *args, module, towns, topics, town_required: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = towns
        self.fields["topic"].queryset = topics
        if town_required:
            self.fields["municipalities"].required = True
            self.fields["municipalities"].help_text = _("You can choose the towns you work for.")
        self.module = module

    def _clean_partial(self, name: str, *, end_of_year: bool):
        value = self.cleaned_data.get(name, "")
        try:
            return parse_partial_date(value, end_of_year=end_of_year)
        except ValueError as error:
            raise forms.ValidationError(
                _("Please write a year (2019) or a date (15.03.2019)."), code="invalid"
            ) from error

    def clean_since(self):
        return self._clean_partial("since", end_of_year=False)

    def clean_until(self):
        return self._clean_partial("until", end_of_year=True)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since[0] and until[0] and until[0] < since[0]:
            self.add_error("until", _("“Until” cannot be before “since”."))
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        since, since_precision = data["since"]
        until, until_precision = data["until"]
        return {
            "title": data["title"],
            "description": data["description"],
            "municipalities": list(data["municipalities"]),
            "topic": data["topic"],
            "target_groups": list(data["target_groups"]),
            "provider_kind": data["provider_kind"],
            "provider_name": data["provider_name"],
            "status": data["status"],
            "since": since,
            "since_precision": since_precision,
            "until": until,
            "until_precision": until_precision,
            "funding": data["funding"],
            "contact_name": data["contact_name"],
            "contact_phone": data["contact_phone"],
            "contact_email": data["contact_email"],
            "link": data["link"],
        }

    @staticmethod
    def initial_from(item: InventoryItem) -> dict:
        return {
            "title": item.title,
            "description": item.description,
            "municipalities": [m.pk for m in item.municipalities.all()],
            "topic": item.topic_id,
            "target_groups": [g.pk for g in item.target_groups.all()],
            "provider_kind": item.provider_kind,
            "provider_name": item.provider_name,
            "status": item.status,
            "since": format_for_input(item.since, item.since_precision),
            "until": format_for_input(item.until, item.until_precision),
            "funding": item.funding,
            "contact_name": item.contact_name,
            "contact_phone": item.contact_phone,
            "contact_email": item.contact_email,
            "link": item.link,
        }

    @staticmethod
    def initial_from_suggestion(suggestion: InventorySuggestion) -> dict:
        description = suggestion.description
        if suggestion.where_to_learn_more:
            description += "\n\n" + suggestion.where_to_learn_more
        return {
            "title": suggestion.title,
            "description": description,
            "municipalities": [suggestion.municipality_id] if suggestion.municipality_id else [],
            "provider_name": suggestion.provider_name,
            "status": Status.RUNNING,
        }


class FilterForm(forms.Form):
    """The list's filters. Invalid values are ignored rather than refused: it is a GET form."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    town = forms.ChoiceField(label=_("Town"), required=False)
    topic = forms.ChoiceField(label=_("Field of action"), required=False)
    group = forms.ChoiceField(label=_("Target group"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, towns, topics, groups, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("all"))]
        self.fields["town"].choices = (
            every + [(WHOLE_ASSOCIATION, _("only the whole association"))] + [(str(t.pk), t.name) for t in towns]
        )
        self.fields["topic"].choices = every + [(str(t.pk), t.name) for t in topics]
        self.fields["group"].choices = every + [(str(g.pk), g.name) for g in groups]
        self.fields["status"].choices = every + list(Status.choices)

    def filters(self) -> ItemFilters:
        data = self.cleaned_data if self.is_valid() else {}
        town = data.get("town") or ""
        return ItemFilters(
            municipality=_int_or_none(town),
            whole_association=town == WHOLE_ASSOCIATION,
            topic=_int_or_none(data.get("topic") or ""),
            target_group=_int_or_none(data.get("group") or ""),
            status=data.get("status") or "",
            query=data.get("q") or "",
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in template"),
        help_text=_("A CSV or Excel file (.xlsx) in the layout of the template, at most %(max)d MB.")
        % {"max": MAX_UPLOAD_BYTES // 1024 // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("Name of the offer"), max_length=200, help_text=_("E.g. “Lauftreff am Stausee”."))
    description = forms.CharField(
        label=_("What is offered?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For whom, where, how often – what you know."),
    )
    municipality = forms.ChoiceField(label=_("Which town?"), required=False)
    provider_name = forms.CharField(label=_("Who offers it? (optional)"), max_length=200, required=False)
    where_to_learn_more = forms.CharField(
        label=_("Where can we learn more? (optional)"),
        max_length=500,
        required=False,
        help_text=_("A web address, a telephone number or a place."),
    )

    def __init__(self, *args, towns, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.towns = {str(t.pk): t for t in towns}
        self.fields["municipality"].choices = [("", _("the whole association or not sure"))] + [
            (str(t.pk), t.name) for t in towns
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "municipality": self.towns.get(data.get("municipality") or ""),
            "provider_name": data["provider_name"],
            "where_to_learn_more": data["where_to_learn_more"],
        }


class GuestSuggestionForm(SuggestionForm):
    author_name = forms.CharField(label=_("Your name (optional)"), max_length=80, required=False)
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

    def service_arguments(self) -> dict:
        return {**super().service_arguments(), "author_name": self.cleaned_data.get("author_name", "")}


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (for the team)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
