"""The registry of personal data: what each app keeps about a person, how it is exported, and what
becomes of it when the account is deleted.

Each app declares its part in a module `personal_data.py` (found here on first use, like Django's
admin modules). For every field that points to a person — a foreign key to the user, an e-mail
address, an IP address — an app either registers an export section that covers it, or declares it
not personal with a reason. `tests/accounts/test_personal_data_registry.py` walks every model of the
project and fails on a field that is neither, so a model added later cannot be forgotten.

The registry feeds three things: the data download (`account_export`, the ZIP with JSON, a readable
page and the person's uploads), account deletion (the `erase` steps run before the account goes;
foreign keys then cascade or are set to NULL as declared) and docs/privacy.md (`manage.py
privacy_inventory`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class Treatment(enum.Enum):
    """What happens to a field's rows when the account is deleted."""

    DELETED = "deleted"  # the row goes with the account (CASCADE or an erase step)
    WITHOUT_NAME = "without_name"  # the row stays (e.g. a public contribution), the link to the person is cut
    ANONYMISED = "anonymised"  # the row stays, the personal details in it are blanked by an erase step
    NOT_PERSONAL = "not_personal"  # declared: not data about a person (reason given)
    WITHOUT_ACCOUNT = "without_account"  # a guest's data, tied to no account; kept and deleted on its own terms

    @property
    def label(self) -> str:
        return str(TREATMENT_LABELS[self])


TREATMENT_LABELS = {
    Treatment.DELETED: _("deleted with the account"),
    Treatment.WITHOUT_NAME: _("kept without the person's name"),
    Treatment.ANONYMISED: _("kept, personal details removed"),
    Treatment.NOT_PERSONAL: _("not personal data"),
    Treatment.WITHOUT_ACCOUNT: _("belongs to no account; deleted on its own terms"),
}

FileList = Iterable[tuple[str, Any]]  # (name inside the ZIP, a FieldFile)


@dataclass
class Section:
    """One part of the export: a key in the JSON and a heading on the readable page."""

    key: str
    title: Any
    fields: dict[str, Treatment]  # "app_label.Model.field" -> what deletion does with it
    export: Callable[[Any], Any]
    files: Callable[[Any], FileList] | None = None
    erase: Callable[..., Any] | None = None
    description: Any = ""
    labels: dict[str, Any] = field(default_factory=dict)  # headings for this section's keys on the page


@dataclass
class NotPersonal:
    path: str
    reason: Any


@dataclass
class Registry:
    sections: dict[str, Section] = field(default_factory=dict)
    not_personal: dict[str, NotPersonal] = field(default_factory=dict)
    role_fields: dict[str, Any] = field(default_factory=dict)  # path -> why it is kept
    without_account: dict[str, Any] = field(default_factory=dict)  # path -> how it is kept and deleted
    reviewed: dict[str, set[str]] = field(default_factory=dict)  # model label -> fields its export knows
    _discovered: bool = False

    def discover(self) -> None:
        if not self._discovered:
            self._discovered = True
            autodiscover_modules("personal_data")

    def register(
        self,
        *,
        key: str,
        title,
        fields: dict[str, Treatment],
        export: Callable[[Any], Any],
        files: Callable[[Any], FileList] | None = None,
        erase: Callable[..., Any] | None = None,
        description="",
        labels: dict[str, Any] | None = None,
    ) -> None:
        if key in self.sections and self.sections[key].export is not export:
            raise ValueError(f"export section {key!r} is registered twice")
        self.sections[key] = Section(
            key=key,
            title=title,
            fields=fields,
            export=export,
            files=files,
            erase=erase,
            description=description,
            labels=labels or {},
        )

    def review(self, model_label: str, fields: str) -> None:
        """Name every field of a model that holds a person's data as it was when its export was
        written (exported or deliberately left out). A field added later and not named here makes
        tests/accounts/test_personal_data.py fail, so that whoever adds it decides whether it
        belongs in the download."""
        self.reviewed[model_label] = set(fields.split())

    def declare_not_personal(self, path: str, *, reason) -> None:
        self.not_personal[path] = NotPersonal(path=path, reason=reason)

    def declare_without_account(self, path: str, *, reason) -> None:
        """Personal data of guests who have no account (an address left for status mails): it is in
        nobody's download, since nothing proves whose it is; `reason` says how it is kept and deleted."""
        self.without_account[path] = reason

    def declare_role_records(self, *paths: str, reason) -> None:
        """Fields that record what someone did in a role (a moderator hid a comment, staff typed in a
        paper card). They are exported in one generic section, "records_in_a_role"."""
        for path in paths:
            self.role_fields[path] = reason

    # --- what is covered ---------------------------------------------------------------------

    def covered(self) -> dict[str, Treatment]:
        self.discover()
        result: dict[str, Treatment] = {}
        for section in self.sections.values():
            result.update(section.fields)
        for path in self.role_fields:
            result[path] = treatment_from_on_delete(resolve(path))
        for path in self.not_personal:
            result[path] = Treatment.NOT_PERSONAL
        for path in self.without_account:
            result[path] = Treatment.WITHOUT_ACCOUNT
        return result

    def ordered_sections(self) -> list[Section]:
        """In the order the apps are installed (the order of the participation process), as each
        app registered them; the records of work in a role (the audit log, the generic records)
        come last."""
        self.discover()
        sections = list(self.sections.values())
        last = ("audit_log", "records_in_a_role")
        return [s for s in sections if s.key not in last] + [s for key in last for s in sections if s.key == key]


registry = Registry()


def resolve(path: str) -> models.Field:
    app_label, model_name, field_name = path.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name)


def treatment_from_on_delete(model_field) -> Treatment:
    on_delete = getattr(getattr(model_field, "remote_field", None), "on_delete", None)
    if on_delete is models.CASCADE:
        return Treatment.DELETED
    return Treatment.WITHOUT_NAME


def person_fields() -> list[str]:
    """Every field in the project that points to a person: a foreign key or one-to-one to the user,
    an e-mail address, an IP address. The completeness test asks the registry about each."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    found = []
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if not getattr(model_field, "concrete", False):
                continue
            points_to_person = (
                model_field.is_relation
                and model_field.related_model is user_model
                and (model_field.many_to_one or model_field.one_to_one or model_field.many_to_many)
            )
            is_address = isinstance(model_field, models.EmailField | models.GenericIPAddressField) or (
                "email" in model_field.name and isinstance(model_field, models.CharField)
            )
            if points_to_person or is_address:
                found.append(f"{model._meta.label}.{model_field.name}")
    return found


# --- the generic section for records kept about what someone did in a role --------------------


def role_records(user) -> list[dict]:
    rows = []
    for path in sorted(registry.role_fields):
        model_field = resolve(path)
        model: Any = model_field.model  # any model that points to a person
        names = {f.name for f in model._meta.concrete_fields}
        date_field = next((n for n in ("created", "action_time", "at", "imported_at", "modified") if n in names), None)
        values = ["pk"] + ([date_field] if date_field else [])
        for row in model.objects.filter(**{model_field.name: user}).order_by("pk").values(*values):
            rows.append(
                {
                    "record": str(model._meta.verbose_name),
                    "role": str(model_field.verbose_name),
                    "id": row["pk"],
                    "date": row[date_field] if date_field else None,
                }
            )
    return rows


def stamp(value) -> str | None:
    """Dates and times in the export: ISO 8601, readable by people and programs."""
    return value.isoformat() if value else None


def unreviewed_fields() -> list[str]:
    """Fields of models with personal data that were added after their export was written."""
    registry.discover()
    found = []
    models_seen = []
    for section in registry.ordered_sections():
        for path in section.fields:
            model = resolve(path).model
            if model in models_seen:
                continue
            models_seen.append(model)
            known = registry.reviewed.get(model._meta.label, set())
            found += [f"{model._meta.label}.{f.name}" for f in model._meta.concrete_fields if f.name not in known]
    return sorted(found)


def undeclared_fields() -> list[str]:
    """Fields that point to a person but are neither exported nor declared (should be none)."""
    covered = registry.covered()
    return sorted(path for path in person_fields() if path not in covered)


def inventory_markdown() -> str:
    """The table of personal data for docs/privacy.md (`manage.py privacy_inventory`), in English."""
    from django.utils import translation

    lines = [
        "| app | field | exported in | on account deletion |",
        "|---|---|---|---|",
    ]
    with translation.override("en"):
        covered = registry.covered()
        where = {path: f"`{s.key}`" for s in registry.sections.values() for path in s.fields}
        for path in registry.role_fields:
            where[path] = "`records_in_a_role`"
        for path in sorted(covered):
            treatment = covered[path]
            if treatment is Treatment.NOT_PERSONAL:
                exported = "not exported: " + str(registry.not_personal[path].reason)
            elif treatment is Treatment.WITHOUT_ACCOUNT:
                exported = "not exported: " + str(registry.without_account[path])
            else:
                exported = where[path]
            app_label, rest = path.split(".", 1)
            lines.append(f"| {app_label} | `{rest}` | {exported} | {treatment.label} |")
    return "\n".join(lines) + "\n"
