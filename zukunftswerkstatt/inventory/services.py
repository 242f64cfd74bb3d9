"""Writes to the inventory: entries by hand or by import (all or nothing), and citizens' suggestions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.accounts.models import User
from zukunftswerkstatt.core import search
from zukunftswerkstatt.core.audit import audit_record
from zukunftswerkstatt.core.models import AuditAction, Municipality, TargetGroup, Topic
from zukunftswerkstatt.notifications.models import Topic as NotificationTopic
from zukunftswerkstatt.notifications.services import notify
from zukunftswerkstatt.processes.models import Module

from .models import DatePrecision, InventoryItem, InventorySuggestion, ProviderKind, Status, SuggestionStatus

ITEM_FIELDS = (
    "title",
    "description",
    "topic",
    "provider_kind",
    "provider_name",
    "status",
    "since",
    "since_precision",
    "until",
    "until_precision",
    "funding",
    "contact_name",
    "contact_phone",
    "contact_email",
    "link",
)


def _check_vocabularies(*, module: Module, topic: Topic | None, municipalities: Sequence[Municipality]) -> None:
    process = module.phase.process
    errors = {}
    if topic is not None and topic.organisation_id != process.organisation_id:
        errors["topic"] = _("This field of action does not belong to the organisation.")
    allowed = set(process.municipalities.values_list("pk", flat=True))
    if any(m.pk not in allowed for m in municipalities):
        errors["municipalities"] = _("Only towns of the process can be chosen.")
    if errors:
        raise ValidationError(errors)


def _check_text_lengths(item: InventoryItem) -> None:
    """TextField max_length is a form matter in Django; the services enforce it for every caller."""
    errors = {}
    for name in ("description", "funding"):
        field = InventoryItem._meta.get_field(name)
        value = getattr(item, name) or ""
        if field.max_length and len(value) > field.max_length:
            errors[name] = _("At most %(max)d characters (it has %(length)d).") % {
                "max": field.max_length,
                "length": len(value),
            }
    if errors:
        raise ValidationError(errors)


def _index_for_search(item: InventoryItem) -> None:
    """The entry's search terms (German word forms, core/search.py) from what it says now."""
    item.search_title_terms = search.terms(item.title)
    item.search_text_terms = search.terms(item.description, item.provider_name)


def _build(item: InventoryItem, values: dict) -> None:
    for name in ITEM_FIELDS:
        if name in values:
            setattr(item, name, values[name])
    _index_for_search(item)
    item.full_clean()
    _check_text_lengths(item)


def item_create(
    *,
    module: Module,
    created_by: User | None,
    title: str,
    municipalities: Iterable[Municipality] = (),
    target_groups: Iterable[TargetGroup] = (),
    description: str = "",
    topic: Topic | None = None,
    provider_kind: str = ProviderKind.OTHER,
    provider_name: str = "",
    status: str = Status.RUNNING,
    since: dt.date | None = None,
    since_precision: str = DatePrecision.YEAR,
    until: dt.date | None = None,
    until_precision: str = DatePrecision.YEAR,
    funding: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    link: str = "",
) -> InventoryItem:
    municipalities, target_groups = list(municipalities), list(target_groups)
    _check_vocabularies(module=module, topic=topic, municipalities=municipalities)
    item = InventoryItem(module=module, created_by=created_by if created_by and created_by.pk else None)
    _build(
        item,
        {
            "title": title,
            "description": description,
            "topic": topic,
            "provider_kind": provider_kind,
            "provider_name": provider_name,
            "status": status,
            "since": since,
            "since_precision": since_precision,
            "until": until,
            "until_precision": until_precision,
            "funding": funding,
            "contact_name": contact_name,
            "contact_phone": contact_phone,
            "contact_email": contact_email,
            "link": link,
        },
    )
    with transaction.atomic():
        item.save()
        item.municipalities.set(municipalities)
        item.target_groups.set(target_groups)
    return item


def item_update(
    *,
    item: InventoryItem,
    municipalities: Iterable[Municipality] | None = None,
    target_groups: Iterable[TargetGroup] | None = None,
    **values,
) -> InventoryItem:
    unknown = set(values) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"item_update() got unexpected fields {sorted(unknown)}")
    municipalities = list(municipalities) if municipalities is not None else None
    _check_vocabularies(
        module=item.module,
        topic=values.get("topic", item.topic),
        municipalities=municipalities or [],
    )
    _build(item, values)
    with transaction.atomic():
        item.save()
        if municipalities is not None:
            item.municipalities.set(municipalities)
        if target_groups is not None:
            item.target_groups.set(list(target_groups))
    return item


@transaction.atomic
def item_delete(*, item: InventoryItem, by: User | None = None) -> None:
    audit_record(actor=by, action=AuditAction.INVENTORY_DELETED, obj=item, label=item.title)
    item.delete()


@transaction.atomic
def items_import(*, module: Module, rows: Sequence[dict], created_by: User | None) -> list[InventoryItem]:
    """Create one entry per row, all or nothing: any error rolls every row back.

    The rows come from importer.parse_upload(), which has checked them already; this is the
    second line of defence: every row is validated like item_create() does (vocabularies of the
    process, full_clean(), text lengths) and the database constraints still apply. The entries and
    their towns and target groups are then written with three bulk inserts.
    """
    process = module.phase.process
    allowed_towns = set(process.municipalities.values_list("pk", flat=True))
    creator = created_by if created_by is not None and created_by.pk else None
    items, relations = [], []
    for row in rows:
        values = dict(row)
        municipalities = list(values.pop("municipalities", []))
        target_groups = list(values.pop("target_groups", []))
        topic = values.get("topic")
        if topic is not None and topic.organisation_id != process.organisation_id:
            raise ValidationError({"topic": _("This field of action does not belong to the organisation.")})
        if any(m.pk not in allowed_towns for m in municipalities):
            raise ValidationError({"municipalities": _("Only towns of the process can be chosen.")})
        item = InventoryItem(module=module, created_by=creator)
        unknown = set(values) - set(ITEM_FIELDS)
        if unknown:
            raise TypeError(f"items_import() got unexpected fields {sorted(unknown)}")
        for name, value in values.items():
            setattr(item, name, value)
        _index_for_search(item)
        # The check constraint is validated by the database itself on insert.
        item.full_clean(validate_constraints=False)
        _check_text_lengths(item)
        items.append(item)
        relations.append((municipalities, target_groups))
    created = InventoryItem.objects.bulk_create(items)
    Towns = InventoryItem.municipalities.through
    Groups = InventoryItem.target_groups.through
    Towns.objects.bulk_create(
        Towns(inventoryitem_id=item.pk, municipality_id=town.pk)
        for item, (towns, _groups) in zip(created, relations, strict=True)
        for town in towns
    )
    Groups.objects.bulk_create(
        Groups(inventoryitem_id=item.pk, targetgroup_id=group.pk)
        for item, (_towns, groups) in zip(created, relations, strict=True)
        for group in groups
    )
    audit_record(
        actor=creator,
        action=AuditAction.INVENTORY_IMPORTED,
        organisation=process.organisation_id,
        obj=module,
        label=str(module),
        details={"rows": len(created)},
    )
    return created


# -- suggestions from citizens ---------------------------------------------------------------


def suggestion_create(
    *,
    module: Module,
    author: User | None,
    title: str,
    description: str,
    municipality: Municipality | None = None,
    provider_name: str = "",
    where_to_learn_more: str = "",
    author_name: str = "",
) -> InventorySuggestion:
    if municipality is not None:
        _check_vocabularies(module=module, topic=None, municipalities=[municipality])
    suggestion = InventorySuggestion(
        module=module,
        author=author if author is not None and author.is_authenticated else None,
        title=title,
        description=description,
        municipality=municipality,
        provider_name=provider_name,
        where_to_learn_more=where_to_learn_more,
        author_name=author_name,
    )
    suggestion.full_clean()
    suggestion.save()
    return suggestion


def _require_pending(suggestion: InventorySuggestion) -> None:
    if suggestion.status != SuggestionStatus.PENDING:
        raise ValidationError(_("This suggestion has been decided already."), code="decided")


@transaction.atomic
def suggestion_accept(*, suggestion: InventorySuggestion, by: User, **item_values) -> InventoryItem:
    """Take a suggestion into the inventory as a new entry (staff complete its details first)."""
    suggestion = InventorySuggestion.objects.select_for_update().get(pk=suggestion.pk)
    _require_pending(suggestion)
    item = item_create(module=suggestion.module, created_by=by, **item_values)
    suggestion.status = SuggestionStatus.ACCEPTED
    suggestion.item = item
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "item", "decided_by", "decided_at", "modified"])
    _tell_suggester(suggestion, subject=gettext_lazy("Your suggestion is now in the inventory"))
    return item


@transaction.atomic
def suggestion_decline(*, suggestion: InventorySuggestion, by: User, reason: str = "") -> InventorySuggestion:
    suggestion = InventorySuggestion.objects.select_for_update().get(pk=suggestion.pk)
    _require_pending(suggestion)
    suggestion.status = SuggestionStatus.DECLINED
    suggestion.decline_reason = reason
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion.full_clean()
    suggestion.save(update_fields=["status", "decline_reason", "decided_by", "decided_at", "modified"])
    _tell_suggester(suggestion, subject=gettext_lazy("Your suggestion for the inventory"))
    return suggestion


def _tell_suggester(suggestion: InventorySuggestion, *, subject) -> None:
    """Someone with an account hears of the decision (their notification settings apply; the
    internal reason for declining is not sent). Guests gave no address, so they are not told."""
    if not suggestion.author_id:
        return
    notify(
        users=[suggestion.author],
        topic=NotificationTopic.OFFICIAL_NEWS,
        subject=subject,
        template="inventory/email/decision.txt",
        context={"suggestion": suggestion, "module": suggestion.module, "item": suggestion.item},
    )


def module_update_settings(*, module: Module, suggestions_open: bool) -> Module:
    module.settings = {**module.settings, "suggestions_open": suggestions_open}
    module.save(update_fields=["settings", "modified"])
    return module
