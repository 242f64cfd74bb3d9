"""Builders for the interim review's tests: measures come from plans' own service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from zukunftswerkstatt.plans.services import measure_create, milestone_create
from zukunftswerkstatt.progress import services


def measure_make(*, process, by, title: str = "Maßnahme", **kwargs):
    return measure_create(process=process, by=by, title=title, **kwargs)


def milestone_make(*, measure, by, title: str = "Meilenstein", due_on: dt.date):
    return milestone_create(measure=measure, by=by, title=title, due_on=due_on)


def progress_make(
    *,
    measure,
    by,
    status: str = "in_progress",
    percent: int = 30,
    text: str = "Es geht voran.",
    date: dt.date | None = None,
    reason: str = "",
):
    measure.refresh_from_db()
    return services.progress_update_record(
        measure=measure,
        author=by,
        expected_version=measure.version,
        date=date or timezone.localdate(),
        text=text,
        status=status,
        percent_complete=percent,
        status_reason=reason,
    )


def indicator_make(*, measure, by, name: str = "Nutzerinnen und Nutzer pro Monat", values=()):
    indicator = services.indicator_create(
        measure=measure,
        actor=by,
        name=name,
        unit="Personen",
        baseline_value=Decimal("10"),
        baseline_date=dt.date(2025, 1, 1),
        target_value=Decimal("50"),
        target_date=dt.date(2027, 12, 31),
    )
    for date, value in values:
        services.indicator_value_record(indicator=indicator, actor=by, date=date, value=Decimal(value))
    return indicator
