from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import Topic
from zukunftswerkstatt.ideas.models import Idea
from zukunftswerkstatt.inventory.models import InventoryItem
from zukunftswerkstatt.processes.models import Process
from zukunftswerkstatt.swot.models import SwotItem

from .models import Measure, TallyChannel
from .services import EDITABLE_FIELDS


class PrioritisationSettingsForm(forms.Form):
    """The settings of a prioritisation module, kept in Module.settings."""

    points_per_person = forms.IntegerField(
        label=_("Points per person"),
        min_value=1,
        max_value=50,
        initial=5,
        help_text=_("How many dots each person can give in all."),
    )
    allow_stacking = forms.BooleanField(
        label=_("Several points on one measure allowed"),
        required=False,
        initial=True,
        help_text=_("Otherwise each measure can get at most one point from each person."),
    )
    results_live = forms.BooleanField(
        label=_("Show the results live during the vote"),
        required=False,
        initial=False,
        help_text=_(
            "Otherwise everyone sees the results only once the vote has closed; the team sees them at "
            "any time. Live results are marked as interim results."
        ),
    )
    closed = forms.BooleanField(
        label=_("Vote closed"),
        required=False,
        help_text=_("Close the vote before the phase ends; points can then no longer be changed."),
    )


class MeasureForm(forms.ModelForm):
    """What staff fill in for a measure. Status and percent complete are kept by the progress app."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Measure
        fields = [
            *EDITABLE_FIELDS[:4],
            "municipalities",
            "target_groups",
            *EDITABLE_FIELDS[4:],
            "swot_items",
            "inventory_items",
        ]
        widgets = {
            # data-readability: the readability hints for public text (easyread, docs/easyread.md).
            "description": forms.Textarea(attrs={"rows": 6, "data-readability": "de"}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "municipalities": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "swot_items": forms.CheckboxSelectMultiple,
            "inventory_items": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.process = process
        self.fields["topic"].queryset = Topic.objects.filter(organisation_id=process.organisation_id)
        self.fields["topic"].empty_label = _("none")
        self.fields["municipalities"].queryset = process.municipalities.all()
        organisation_id = process.organisation_id
        self.fields["swot_items"].queryset = SwotItem.objects.filter(
            module__phase__process__organisation_id=organisation_id
        ).order_by("quadrant", "statement")
        self.fields["inventory_items"].queryset = InventoryItem.objects.filter(
            module__phase__process__organisation_id=organisation_id
        ).order_by("title")
        self.fields["estimated_cost"].widget.attrs.update({"min": "0", "step": "0.01"})
        self.fields["description"].help_text = _("Plain text. Blank lines separate paragraphs.")
        self.fields["contact_name"].help_text = _(
            "Needed before the plan is adopted, with an e-mail address or a telephone number. "
            "Offers to help are sent to this e-mail address."
        )
        self.fields["responsible_body"].help_text = _(
            "Needed before the plan is adopted. Who carries the measure, e.g. “Stadtverwaltung Auerbach, Bauamt”."
        )
        if not self.fields["swot_items"].queryset.exists():
            del self.fields["swot_items"]
        if not self.fields["inventory_items"].queryset.exists():
            del self.fields["inventory_items"]

    def clean_estimated_cost(self):
        cost = self.cleaned_data.get("estimated_cost")
        if cost is not None and cost < 0:
            raise forms.ValidationError(_("The cost cannot be negative."))
        return cost

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end cannot be before the start."))
        return cleaned


class IdeaChoiceForm(forms.Form):
    """Contributions to merge into a new measure (the staff selection page)."""

    ideas = forms.ModelMultipleChoiceField(
        label=_("Contributions"),
        queryset=Idea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one contribution.")},
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].queryset = queryset
        self.fields["ideas"].label_from_instance = lambda idea: f"{idea.title} ({idea.get_kind_display()})"


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class HelpOfferForm(forms.Form):
    message = forms.CharField(
        label=_("How would you like to help?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. what you can do and when you have time."),
    )
    share_contact = forms.BooleanField(
        label=_("The contact person of this measure may receive my name and e-mail address to get in touch with me."),
        required=False,
        help_text=_("Without this consent, only the staff of the municipality see your offer."),
    )


class PaperTallyForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=Measure.objects.none())
    channel = forms.ChoiceField(label=_("How the points were given"), choices=TallyChannel.choices)
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=100000)
    note = forms.CharField(
        label=_("Where and when"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Bürgerforum Rodewisch, 12 March”."),
    )

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures


class PlanVersionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Werkstattplan"))
    introduction = forms.CharField(
        label=_("Introduction"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown above the measures on the page and in the PDF and DOCX documents."),
    )


class AdoptionForm(forms.Form):
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    adopted_by = forms.CharField(
        label=_("Adopted by"), max_length=200, help_text=_("E.g. “Stadtrat Auerbach” or “Verbandsversammlung”.")
    )
    resolution = forms.CharField(label=_("Resolution number"), max_length=100, required=False)
