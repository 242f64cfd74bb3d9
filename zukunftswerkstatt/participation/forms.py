"""The tally form: a total and a small grid of optional “of which” numbers by town and age group."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.events.models import Event
from zukunftswerkstatt.processes.models import Module

from .models import Tally

NOT_STATED_KEY = "x"


def cell_name(town_id: int | None, age_group: str) -> str:
    return f"cell_{town_id or NOT_STATED_KEY}_{age_group or NOT_STATED_KEY}"


class TallyForm(forms.ModelForm):
    """`grid` lists the rows of “of which” fields (one per town and one for “town not stated”), each
    with a field per age group and one for “age not stated”; the corner (neither stated) is what the
    total leaves over, so it has no field."""

    class Meta:
        model = Tally
        fields = ["channel", "event", "module", "counted_on", "total", "note"]
        widgets = {"counted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "total": gettext_lazy("Everyone counted, whether or not they gave town or age."),
            "note": gettext_lazy("E.g. “Sign-in sheet, table 2” or “Cards collected at the end”."),
        }

    def __init__(self, *args, process, towns, **kwargs):
        super().__init__(*args, **kwargs)
        self.towns = towns
        self.fields["event"].queryset = Event.objects.filter(process=process).order_by("start")
        self.fields["module"].queryset = Module.objects.filter(phase__process=process).order_by("phase__start", "pk")
        self.fields["module"].label_from_instance = lambda module: module.title
        self.fields["total"].widget.attrs.update({"inputmode": "numeric", "autofocus": True})
        initial = {}
        if self.instance.pk:
            initial = {(cell.town_id, cell.age_group): cell.count for cell in self.instance.cells.all()}
        self.groups = [(str(value), label) for value, label in AgeGroup.choices] + [("", _("age not stated"))]
        self.grid = []
        for town_id, town_label in [(town.pk, town.name) for town in towns] + [(None, _("town not stated"))]:
            row = []
            for group, group_label in self.groups:
                if town_id is None and not group:
                    continue
                name = cell_name(town_id, group)
                self.fields[name] = forms.IntegerField(
                    label=_("Of which %(town)s, %(group)s") % {"town": town_label, "group": group_label},
                    min_value=0,
                    max_value=100000,
                    required=False,
                    initial=initial.get((town_id, group)),
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "tally-grid__input"}),
                )
                row.append(name)
            self.grid.append((town_label, row))

    def visible_main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def grid_rows(self):
        """[(row label, [bound field or None for the corner, …]), …] for the template's table."""
        rows = []
        for label, names in self.grid:
            fields = [self[name] for name in names]
            if len(fields) < len(self.groups):
                fields.append(None)
            rows.append((label, fields))
        return rows

    def cells(self) -> dict[tuple[int | None, str], int]:
        result = {}
        for town_id in [town.pk for town in self.towns] + [None]:
            for group, _label in self.groups:
                if town_id is None and not group:
                    continue
                value = self.cleaned_data.get(cell_name(town_id, group))
                if value:
                    result[(town_id, group)] = value
        return result

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("total")
        if total is not None and not self.errors:
            broken_down = sum(self.cells().values())
            if broken_down > total:
                raise forms.ValidationError(
                    _(
                        "The breakdown adds up to %(sum)s people, more than the %(total)s counted. "
                        "Check the numbers or raise the total."
                    )
                    % {"sum": broken_down, "total": total}
                )
        return cleaned
