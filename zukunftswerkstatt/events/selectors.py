"""Reads for event pages, the process page and the attendee list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum

from zukunftswerkstatt.processes.models import Process

from .models import Documentation, Event, Registration, Status


@dataclass(frozen=True)
class Seats:
    capacity: int | None
    taken: int
    waiting: int

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.taken, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.taken >= self.capacity


def event_get_for_page(*, pk: int) -> Event:
    return Event.objects.select_related("process__organisation", "phase").get(pk=pk)


def event_seats(*, event: Event) -> Seats:
    """Seats taken (people plus companions) and people waiting, in one query."""
    numbers = event.registrations.aggregate(
        taken=Sum(F("companions") + 1, filter=Q(status=Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Status.WAITING)),
    )
    return Seats(capacity=event.capacity, taken=numbers["taken"] or 0, waiting=numbers["waiting"])


def event_documentation(*, event: Event) -> Documentation | None:
    return Documentation.objects.filter(event=event).prefetch_related("photos").first()


def event_registration_of(*, event: Event, user) -> Registration | None:
    """The person's own registration (not cancelled), if they are logged in."""
    if not user.is_authenticated:
        return None
    return event.registrations.exclude(status=Status.CANCELLED).filter(user=user).first()


def events_upcoming_for_process(*, process: Process, now: dt.datetime | None = None) -> list[Event]:
    """Published events of the process that have not ended, soonest first: one query."""
    events = list(Event.objects.published().upcoming(now).filter(process=process).select_related("phase"))
    for event in events:
        event.process = process  # spare a query per event when building URLs
    return events


def events_for_calendar(*, process: Process) -> list[Event]:
    """Every published event of the process, past ones too, for the calendar feed."""
    return list(Event.objects.published().filter(process=process))


def event_attendees(*, event: Event) -> list[Registration]:
    """Confirmed people first, then the waiting list in its order, then cancellations."""
    order = {Status.CONFIRMED: 0, Status.WAITING: 1, Status.CANCELLED: 2}
    registrations = list(event.registrations.select_related("registered_by", "user"))
    registrations.sort(key=lambda r: (order[r.status], r.waiting_position or 0, r.created, r.pk))
    return registrations
