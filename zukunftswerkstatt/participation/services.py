"""Writing tallies: one service per write, validated and atomic (docs/participation.md)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zukunftswerkstatt.accounts.models import AgeGroup

from .figures import figures_forget
from .models import Tally, TallyCell

Breakdown = dict[tuple[int | None, str], int]
"""(town id or None, age group or "") → people; (None, "") is what is left over and is not stored."""


def _check_breakdown(*, tally: Tally, cells: Breakdown) -> list[TallyCell]:
    town_ids = set(tally.process.municipalities.values_list("pk", flat=True)) or set(
        tally.process.organisation.municipalities.values_list("pk", flat=True)
    )
    rows = []
    for (town_id, age_group), count in cells.items():
        if not count:
            continue
        if count < 0:
            raise ValidationError({"cells": _("A number in the breakdown cannot be negative.")})
        if town_id is None and not age_group:
            continue
        if town_id is not None and town_id not in town_ids:
            raise ValidationError({"cells": _("The breakdown names a town that is not part of the process.")})
        if age_group and age_group not in AgeGroup.values:
            raise ValidationError({"cells": _("The breakdown names an unknown age group.")})
        rows.append(TallyCell(tally=tally, town_id=town_id, age_group=age_group, count=count))
    broken_down = sum(row.count for row in rows)
    if broken_down > tally.total:
        raise ValidationError(
            {
                "cells": _(
                    "The breakdown adds up to %(sum)s people, more than the %(total)s counted. "
                    "Check the numbers or raise the total."
                )
                % {"sum": broken_down, "total": tally.total}
            }
        )
    return rows


def _check_links(tally: Tally) -> None:
    if tally.event_id and tally.event.process_id != tally.process_id:
        raise ValidationError({"event": _("The event belongs to another process.")})
    if tally.module_id and tally.module.phase.process_id != tally.process_id:
        raise ValidationError({"module": _("The module belongs to another process.")})


def _write(tally: Tally, cells: Breakdown) -> Tally:
    tally.full_clean()
    _check_links(tally)
    rows = _check_breakdown(tally=tally, cells=cells)
    tally.save()
    TallyCell.objects.filter(tally=tally).delete()
    TallyCell.objects.bulk_create(rows)
    process_id = tally.process_id
    transaction.on_commit(lambda: figures_forget(process_id=process_id))
    return tally


@transaction.atomic
def tally_create(
    *,
    process,
    channel: str,
    event,
    module,
    counted_on: dt.date,
    total: int,
    cells: Breakdown,
    note: str,
    entered_by,
) -> Tally:
    """Record a number of people counted on paper, with its optional breakdown by town and age group."""
    tally = Tally(
        organisation_id=process.organisation_id,
        process=process,
        channel=channel,
        event=event,
        module=module,
        counted_on=counted_on,
        total=total,
        note=note,
        entered_by=entered_by,
    )
    _write(tally, cells)
    return tally


@transaction.atomic
def tally_update(
    *, tally: Tally, channel: str, event, module, counted_on: dt.date, total: int, cells: Breakdown, note: str
) -> Tally:
    """Correct a tally; its breakdown is replaced as a whole."""
    tally.channel = channel
    tally.event = event
    tally.module = module
    tally.counted_on = counted_on
    tally.total = total
    tally.note = note
    _write(tally, cells)
    return tally


@transaction.atomic
def tally_delete(*, tally: Tally) -> None:
    process_id = tally.process_id
    transaction.on_commit(lambda: figures_forget(process_id=process_id))
    tally.delete()
