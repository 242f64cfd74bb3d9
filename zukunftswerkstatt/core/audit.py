"""The audit log of staff actions that matter (docs/privacy.md, docs/permissions.md).

`audit_record` is called by the service (or, for downloads, the view) that performs the action,
inside its transaction: one INSERT, nothing read. Organisation administrators read the log on
their organisation's audit page (`audit_entries`), and `manage.py purge_audit_log` deletes entries
older than AUDIT_LOG_RETENTION_DAYS.

What goes in: who (the account and the name and address it had then), what (a stable identifier
from `AuditAction`), on which object (kind, id and a short label) and a few details (old → new
status, the number of rows imported). Never a password, never the text of a contribution and never
a citizen's contact data: a person concerned is named by their public name only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditAction, AuditEntry, Organisation

MAX_DETAIL_LENGTH = 300
# actor_name of an entry whose person's account was deleted (shown as "deleted account"); an empty
# name means no person acted (a command, the demo).
DELETED_ACCOUNT = "#deleted"
LINK_PARENTS = ("organisation", "process")
MAX_DETAILS = 12


def actor_label(actor) -> str:
    """How the log names a member of staff: public name and login address, so that two people
    called "Rathaus" can be told apart. Staff addresses are work addresses the admins already see."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    name = actor.display_name.strip()
    return (f"{name} ({actor.email})" if name else actor.email)[:200]


def _organisation_id(organisation, obj) -> int:
    if isinstance(organisation, Organisation):
        return organisation.pk
    if isinstance(organisation, int):
        return organisation
    from .selectors import organisation_id_of

    organisation_id = organisation_id_of(obj)
    if organisation_id is None:
        raise ValueError(f"audit_record: no organisation for {obj!r}")
    return organisation_id


def _clean_details(details: Mapping[str, Any] | None) -> dict:
    """Short, JSON-safe values only: the log is a record of acts, not a copy of content."""
    cleaned: dict[str, Any] = {}
    for key, value in list((details or {}).items())[:MAX_DETAILS]:
        if value is None or isinstance(value, bool | int | float):
            cleaned[str(key)] = value
        elif isinstance(value, list | tuple):
            cleaned[str(key)] = [str(item)[:MAX_DETAIL_LENGTH] for item in value[:MAX_DETAILS]]
        else:
            cleaned[str(key)] = str(value)[:MAX_DETAIL_LENGTH]
    return cleaned


def audit_record(
    *,
    actor,
    action: AuditAction | str,
    organisation: Organisation | int | None = None,
    obj: models.Model | None = None,
    label: str = "",
    subject=None,
    details: Mapping[str, Any] | None = None,
    actor_deleted: bool = False,
) -> AuditEntry:
    """Record one staff action in the organisation's audit log (one INSERT).

    Call it inside the transaction of the action. `organisation` defaults to the object's;
    `label` overrides `str(obj)` (use it when that would show an e-mail address); `subject` is the
    person an action was about (a role, a block), so that their account's deletion can remove their
    name from the entry; `actor_deleted` marks an act of a person whose account is going (their own
    deletion)."""
    if action not in AuditAction.values:
        raise ValueError(f"audit_record: unknown action {action!r}")
    entry = AuditEntry(
        organisation_id=_organisation_id(organisation, obj),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=DELETED_ACCOUNT if actor_deleted else actor_label(actor),
        action=str(action),
        object_repr=(label or (str(obj) if obj is not None else ""))[:200],
        subject=subject,
        details=_clean_details(details),
    )
    if obj is not None and obj.pk is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = obj.pk
    entry.save(force_insert=True)
    return entry


def audit_export_record(*, actor, organisation: Organisation | int | None = None, obj=None, export: str, **details):
    """A download of data by staff (CSV, XLSX, DOCX, PDF with personal or unpublished data)."""
    return audit_record(
        actor=actor,
        action=AuditAction.EXPORT_DOWNLOADED,
        organisation=organisation,
        obj=obj,
        details={"export": export, **details},
    )


# --- reading ---------------------------------------------------------------------------------------


def audit_entries(
    *,
    organisation: Organisation,
    action: str = "",
    actor_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """An organisation's log, newest first, filtered; one query for the rows (content type joined)."""
    entries = AuditEntry.objects.filter(organisation=organisation).select_related("content_type")
    if action:
        entries = entries.filter(action=action)
    if actor_id:
        entries = entries.filter(actor_id=actor_id)
    tz = timezone.get_current_timezone()
    if since:
        entries = entries.filter(created__gte=dt.datetime.combine(since, dt.time.min, tzinfo=tz))
    if until:
        entries = entries.filter(created__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return entries.order_by("-created", "-pk")


def audit_actors(*, organisation: Organisation) -> list[tuple[int, str]]:
    """The people who appear in an organisation's log (for the filter), by the latest name used."""
    seen: dict[int, str] = {}
    rows = (
        AuditEntry.objects.filter(organisation=organisation, actor__isnull=False)
        .order_by("actor_id", "-created")
        .values_list("actor_id", "actor_name")
    )
    for actor_id, name in rows:
        seen.setdefault(actor_id, name)
    return sorted(seen.items(), key=lambda item: item[1].casefold())


def object_links(entries: list[AuditEntry]) -> dict[int, str]:
    """Links to the objects that still exist and have a page: one query per kind of object."""
    wanted: dict[int, set[int]] = {}
    for entry in entries:
        if entry.content_type_id and entry.object_id:
            wanted.setdefault(entry.content_type_id, set()).add(entry.object_id)
    links: dict[tuple[int, int], str] = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not hasattr(model, "get_absolute_url"):
            continue
        # Some addresses name the parent (a process's has its organisation's slug): fetch it along.
        parents = [f.name for f in model._meta.concrete_fields if f.many_to_one and f.name in LINK_PARENTS]
        for obj in model._default_manager.filter(pk__in=ids).select_related(*parents):
            try:
                links[(content_type_id, obj.pk)] = obj.get_absolute_url()
            except Exception:  # noqa: BLE001, S112 - an object without a page of its own gets no link
                continue
    return {entry.pk: links[key] for entry in entries if (key := (entry.content_type_id, entry.object_id)) in links}


# --- retention ---------------------------------------------------------------------------------


@transaction.atomic
def audit_log_purge(*, days: int | None = None, now: dt.datetime | None = None) -> int:
    """Delete entries older than `days` (default AUDIT_LOG_RETENTION_DAYS). Idempotent."""
    days = settings.AUDIT_LOG_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    deleted, _ = AuditEntry.objects.filter(created__lt=cutoff).delete()
    return deleted


def audit_forget_person(*, user) -> None:
    """Account deletion: the entries stay as a record that the action happened, the person's name
    goes (the foreign keys are set to NULL by the database afterwards)."""
    AuditEntry.objects.filter(actor=user).update(actor_name=DELETED_ACCOUNT)
    AuditEntry.objects.filter(subject=user).update(object_repr="")
