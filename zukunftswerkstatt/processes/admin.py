from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.admin_site import OrganisationScopedAdmin

from .models import Module, Phase, PhaseSpan, Process, find_overlaps


class PhaseInlineFormSet(forms.BaseInlineFormSet):
    """Check all phases of a process together: the database rows may be changing in the same save."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or self.instance.allow_overlapping_phases:
            return
        items = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("start") or not data.get("end"):
                continue
            label = data.get("name") or (form.instance.display_name if data.get("type") else "?")
            items.append(PhaseSpan(data["start"], data["end"], str(label)))
        overlaps = find_overlaps(items)
        if overlaps:
            raise forms.ValidationError(overlaps)


class PhaseInline(admin.StackedInline):
    model = Phase
    formset = PhaseInlineFormSet
    extra = 0
    fields = [("type", "name"), ("start", "end"), "description"]


@admin.register(Process)
class ProcessAdmin(OrganisationScopedAdmin):
    change_permission = "processes.change_process"
    list_display = ["title", "organisation", "is_published", "created"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["municipalities"]
    inlines = [PhaseInline]
    fields = [
        "organisation",
        "title",
        "slug",
        "theme",
        "description",
        "municipalities",
        "blueprint",
        "allow_overlapping_phases",
        "is_published",
    ]


@admin.register(Module)
class ModuleAdmin(OrganisationScopedAdmin):
    organisation_lookup = "phase__process__organisation_id"
    change_permission = "processes.change_modules"
    list_display = ["title", "type", "phase", "position", "is_published"]
    list_filter = ["type", "is_published"]
    list_select_related = ["phase", "phase__process"]


admin.site.empty_value_display = _("(none)")
