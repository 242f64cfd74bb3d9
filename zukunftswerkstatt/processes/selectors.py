"""Reads for process pages: one query per kind of object, however many phases there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from .models import Module, Phase, PhaseState, Process


@dataclass(frozen=True)
class TimelineEntry:
    phase: Phase
    number: int
    state: PhaseState
    modules: list[Module]
    events: list = field(default_factory=list)
    """The phase's published events, where the page shows them (filled in by the view)."""


def process_get_for_page(*, organisation_slug: str, process_slug: str) -> Process:
    return Process.objects.select_related("organisation").get(organisation__slug=organisation_slug, slug=process_slug)


def process_timeline(*, process: Process, now: dt.datetime | None = None) -> list[TimelineEntry]:
    """The phases in order with their state and published modules."""
    now = now or timezone.now()
    phases = process.phases.prefetch_related(
        Prefetch("modules", queryset=Module.objects.filter(is_published=True), to_attr="published_modules")
    )
    entries = []
    for number, phase in enumerate(phases, start=1):
        phase.process = process  # spare a query per phase when building URLs
        entries.append(
            TimelineEntry(phase=phase, number=number, state=phase.state(now), modules=phase.published_modules)
        )
    return entries


def process_current_phase(*, timeline: list[TimelineEntry]) -> TimelineEntry | None:
    for entry in timeline:
        if entry.state == PhaseState.RUNNING:
            return entry
    return None


def processes_for_organisation(*, organisation, user) -> list[Process]:
    """The processes a person may see on the organisation's page."""
    from django.db.models import Q

    from zukunftswerkstatt.accounts.roles import roles_in

    queryset = Process.objects.filter(organisation=organisation).select_related("organisation")
    if not (getattr(user, "is_superuser", False) or roles_in(user, organisation.pk)):
        queryset = queryset.filter(Q(is_published=True))
    return list(queryset.prefetch_related("phases"))
