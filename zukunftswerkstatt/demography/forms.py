from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportFormat, LifeTable, MigrationProfile

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_FORMATS = [(value, label) for value, label in ImportFormat.choices if value != ImportFormat.DEMO]


class ImportForm(forms.Form):
    file_format = forms.ChoiceField(label=_("Format of the file"), choices=UPLOAD_FORMATS)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (separated by semicolons, UTF-8 or ISO-8859-1) or, for the templates, XLSX. At most 20 MB."),
    )
    source = forms.CharField(
        label=_("Source of the figures"),
        max_length=500,
        help_text=_(
            "Who published them, which table, when retrieved, e.g. "
            "“Regionaldatenbank Deutschland, 12411-02-03-5, retrieved 03.02.2025”."
        ),
    )
    replace = forms.BooleanField(
        label=_("Replace existing figures"),
        required=False,
        help_text=_("Without this, a year a town already has figures for is reported as an error."),
    )
    skip_other_regions = forms.BooleanField(
        label=_("Leave out rows of other regions"),
        required=False,
        help_text=_("Official tables often list every town of a district or Land. Without this, such rows are errors."),
    )
    is_illustrative = forms.BooleanField(
        label=_("The figures are illustrative, not official"),
        required=False,
        help_text=_("Every page that shows them says so."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class ProjectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    base_year = forms.IntegerField(
        label=_("Base year"), help_text=_("Population on 31 December of this year is the starting point.")
    )
    horizon_year = forms.IntegerField(label=_("Horizon year"), initial=2040, help_text=_("At the latest 2070."))
    explanation = forms.CharField(
        label=_("Explanation of the assumptions"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why these values? Which sources? The explanation is shown with the results."),
    )
    life_table = forms.ChoiceField(label=_("Life table (survival)"), choices=LifeTable.choices)
    migration_profile = forms.ChoiceField(label=_("Age pattern of migration"), choices=MigrationProfile.choices)
    is_published = forms.BooleanField(label=_("Show on the dashboard"), required=False, initial=True)


class ScenarioForm(forms.Form):
    name = forms.CharField(label=_("Name of the scenario"), max_length=100)
    total_fertility_rate = forms.DecimalField(
        label=_("Total fertility rate (children per woman)"), max_digits=4, decimal_places=2, localize=True
    )
    net_migration_per_1000 = forms.DecimalField(
        label=_("Net migration per 1,000 inhabitants per year"), max_digits=5, decimal_places=1, localize=True
    )
    mortality_decline_percent = forms.DecimalField(
        label=_("Yearly fall in mortality (%)"), max_digits=3, decimal_places=1, initial=0, localize=True
    )


for _name in ("total_fertility_rate", "net_migration_per_1000", "mortality_decline_percent"):
    ScenarioForm.base_fields[_name].widget.attrs["inputmode"] = "decimal"

ScenarioFormSet = forms.formset_factory(ScenarioForm, extra=0, min_num=1, max_num=5, validate_min=True)
