from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import Municipality, Topic
from zukunftswerkstatt.inventory.models import InventoryItem
from zukunftswerkstatt.processes.models import Module

from .indicators import indicator_choices
from .models import QUADRANT_QUESTIONS, Quadrant, SwotItem, SwotSuggestion
from .selectors import WHOLE_ASSOCIATION, scope_towns
from .services import DocumentRef, IndicatorRef

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MARKDOWN_HELP = _(
    "Blank lines separate paragraphs, “- ” at the start of a line makes a list item, "
    "[text](https://…) a link. At most 10,000 characters."
)


def quadrant_choices():
    return [(q.value, format_lazy("{} – {}", q.label, QUADRANT_QUESTIONS[q])) for q in Quadrant]


class SwotModuleSettingsForm(forms.Form):
    """The settings of a SWOT analysis, kept in Module.settings."""

    accept_input = forms.BooleanField(
        label=_("Take comments and suggestions"),
        required=False,
        initial=True,
        help_text=_("From the start of the phase until you switch it off."),
    )
    allow_guests = forms.BooleanField(
        label=_("Guests may suggest items without an account"),
        required=False,
        initial=True,
        help_text=_("All suggestions wait for a decision by the staff before they appear."),
    )


class ScopeFieldMixin:
    """A "which town" choice: the whole association or one of the process's towns."""

    def _set_scopes(self, module: Module, towns: list[Municipality] | None = None, allow_association: bool = True):
        towns = scope_towns(module=module) if towns is None else towns
        self.towns = {str(t.pk): t for t in towns}
        choices = [(WHOLE_ASSOCIATION, _("the whole association"))] if allow_association else []
        self.fields["municipality"].choices = [*choices, *[(str(t.pk), t.name) for t in towns]]
        if not self.fields["municipality"].initial and choices:
            self.fields["municipality"].initial = WHOLE_ASSOCIATION

    def clean_municipality(self) -> Municipality | None:
        value = self.cleaned_data.get("municipality") or WHOLE_ASSOCIATION
        if value == WHOLE_ASSOCIATION:
            return None
        town = self.towns.get(value)
        if town is None:
            raise forms.ValidationError(_("Please choose one of the towns."))
        return town

    @staticmethod
    def scope_value(municipality_id: int | None) -> str:
        return str(municipality_id) if municipality_id else WHOLE_ASSOCIATION


class HoneypotMixin:
    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."), code="honeypot")
        return ""


def honeypot_field() -> forms.CharField:
    # A field people never see; software that fills in every field gives itself away.
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class SuggestionForm(ScopeFieldMixin, forms.Form):
    quadrant = forms.ChoiceField(label=_("What kind of item?"), widget=forms.RadioSelect)
    municipality = forms.ChoiceField(label=_("For which town?"))
    statement = forms.CharField(
        label=_("Your item in one sentence"),
        max_length=200,
        help_text=_("E.g. “Many clubs for children and young people”. At most 200 characters."),
    )
    explanation = forms.CharField(
        label=_("Why? (optional)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you have seen or experienced; plain text, at most 3,000 characters."),
    )

    def __init__(self, *args, module: Module, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quadrant"].choices = quadrant_choices()
        self._set_scopes(module)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "quadrant": data["quadrant"],
            "municipality": data.get("municipality"),
            "statement": data["statement"],
            "explanation": data.get("explanation", ""),
        }


class GuestSuggestionForm(HoneypotMixin, SuggestionForm):
    author_name = forms.CharField(label=_("Your name (optional)"), max_length=80, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Only to tell you what became of your suggestion. We delete it once we have told you."),
    )
    website = honeypot_field()

    def service_arguments(self) -> dict:
        return {
            **super().service_arguments(),
            "author_name": self.cleaned_data.get("author_name", ""),
            "email": self.cleaned_data.get("email", ""),
        }


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))


class ReportForm(HoneypotMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why should the moderators look at this?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    website = honeypot_field()


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Public reason for hiding"), max_length=1000)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person who made the suggestion is told this reason."),
    )


class ItemForm(ScopeFieldMixin, forms.Form):
    """What staff fill in for an item; the evidence comes from the same process only."""

    quadrant = forms.ChoiceField(label=_("Quadrant"), widget=forms.RadioSelect)
    municipality = forms.ChoiceField(label=_("Scope"))
    statement = forms.CharField(
        label=_("Statement"), max_length=200, help_text=_("One short sentence, at most 200 characters.")
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MARKDOWN_HELP,
    )
    topic = forms.ModelChoiceField(
        label=_("Field of action"), queryset=Topic.objects.none(), required=False, empty_label=_("none")
    )
    inventory_items = forms.ModelMultipleChoiceField(
        label=_("Inventory entries as evidence"),
        queryset=InventoryItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Entries of the inventory of this process."),
    )
    ideas = forms.ModelMultipleChoiceField(
        label=_("Contributions as evidence"),
        queryset=None,  # the process's published contributions (swot_ideas_of_process), set by __init__
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Published contributions of this process."),
    )

    def __init__(
        self,
        *args,
        module: Module,
        towns: list[Municipality],
        allow_association: bool,
        ideas,
        inventory,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quadrant"].choices = quadrant_choices()
        self._set_scopes(module, towns, allow_association)
        self.fields["topic"].queryset = Topic.objects.filter(organisation_id=module.phase.process.organisation_id)
        self.fields["ideas"].queryset = ideas
        self.fields["ideas"].label_from_instance = lambda idea: f"{idea.title} ({idea.module.title})"
        self.fields["inventory_items"].queryset = inventory
        self.fields["inventory_items"].label_from_instance = lambda entry: f"{entry.title} ({entry.module.title})"

    @classmethod
    def initial_for(cls, item: SwotItem) -> dict:
        initial = {
            "quadrant": item.quadrant,
            "municipality": cls.scope_value(item.municipality_id),
            "statement": item.statement,
            "explanation": item.explanation,
            "topic": item.topic_id,
            "ideas": [i.pk for i in item.ideas.all()],
        }
        initial["inventory_items"] = [e.pk for e in item.inventory_items.all()]
        return initial

    @classmethod
    def initial_from_suggestion(cls, suggestion: SwotSuggestion) -> dict:
        return {
            "quadrant": suggestion.quadrant,
            "municipality": cls.scope_value(suggestion.municipality_id),
            "statement": suggestion.statement,
            "explanation": suggestion.explanation,
        }

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "quadrant": data["quadrant"],
            "municipality": data.get("municipality"),
            "statement": data["statement"],
            "explanation": data.get("explanation", ""),
            "topic": data.get("topic"),
            "ideas": list(data.get("ideas") or []),
            "inventory_items": list(data.get("inventory_items") or []),
        }
        return arguments


class AcceptForm(ItemForm):
    note = forms.CharField(
        label=_("Note to the person who suggested it (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. what you changed and why."),
    )


class IndicatorForm(ScopeFieldMixin, forms.Form):
    key = forms.ChoiceField(label=_("Indicator"), required=False)
    municipality = forms.ChoiceField(label=_("For"), required=False)

    def __init__(self, *args, module: Module, towns: list[Municipality], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [("", _("– none –")), *indicator_choices()]
        self._set_scopes(module, towns)

    def ref(self) -> IndicatorRef | None:
        key = self.cleaned_data.get("key")
        if not key:
            return None
        return IndicatorRef(key=key, municipality=self.cleaned_data.get("municipality"))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=250, required=False)
    url = forms.URLField(label=_("Address (URL)"), max_length=500, required=False, assume_scheme="https")
    published_on = forms.DateField(label=_("Date (optional)"), required=False, widget=DATE_INPUT)
    publisher = forms.CharField(label=_("Publisher (optional)"), max_length=200, required=False)

    def clean(self) -> dict:
        data = super().clean()
        has_any = any(data.get(f) for f in ("title", "url", "published_on", "publisher"))
        if has_any and not data.get("title"):
            self.add_error("title", _("Please give the document's title."))
        if has_any and not data.get("url"):
            self.add_error("url", _("Please give the document's address."))
        return data

    def ref(self) -> DocumentRef | None:
        data = self.cleaned_data
        if not data.get("title") or not data.get("url"):
            return None
        return DocumentRef(
            title=data["title"],
            url=data["url"],
            published_on=data.get("published_on"),
            publisher=data.get("publisher", ""),
        )


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=2, max_num=20, absolute_max=40)
DocumentFormSet = forms.formset_factory(DocumentForm, extra=2, max_num=20, absolute_max=40)
