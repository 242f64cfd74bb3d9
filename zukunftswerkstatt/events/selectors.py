"""Reads for event pages, the process page and the attendee list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _

from zukunftswerkstatt.processes.models import Module, Process

from .models import NEED_FLAGS, Documentation, Event, Registration, RegistrationWindow, Status


@dataclass(frozen=True)
class Seats:
    capacity: int | None
    taken: int
    waiting: int

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.taken, 0)

    @property
    def available(self) -> int | None:
        """Seats a new registration may take: free seats are held for the waiting list, in its order."""
        if self.capacity is None:
            return None
        return 0 if self.waiting else self.free

    @property
    def held_for_waiting_list(self) -> int:
        """Free seats that nobody new gets because the first party on the waiting list needs more."""
        return (self.free or 0) if self.waiting else 0

    @property
    def is_full(self) -> bool:
        """Nobody new gets a seat now (every seat is taken, or the free ones are held for the waiting list)."""
        return self.capacity is not None and self.available == 0


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


def events_by_phase(*, process: Process) -> dict[int | None, list[Event]]:
    """Every published event of the process, past ones too, grouped by phase id (None: no phase): one query."""
    grouped: dict[int | None, list[Event]] = {}
    for event in Event.objects.published().filter(process=process):
        event.process = process  # spare a query per event when building URLs
        grouped.setdefault(event.phase_id, []).append(event)
    return grouped


def events_for_calendar(*, process: Process) -> list[Event]:
    """Every published event of the process, past ones too, for the calendar feed."""
    return list(Event.objects.published().filter(process=process))


def event_attendees(*, event: Event) -> list[Registration]:
    """Confirmed people first, then the waiting list in its order, then cancellations."""
    order = {Status.CONFIRMED: 0, Status.WAITING: 1, Status.CANCELLED: 2}
    registrations = list(event.registrations.select_related("registered_by", "user"))
    registrations.sort(key=lambda r: (order[r.status], r.waiting_position or 0, r.created, r.pk))
    place = 0
    for registration in registrations:
        if registration.status == Status.WAITING:
            place += 1
            registration.queue_place = place
    return registrations


def event_sign_in_list(*, event: Event) -> list[Registration]:
    """The confirmed people, alphabetically, for the sign-in sheet at the door."""
    registrations = list(event.registrations.filter(status=Status.CONFIRMED))
    registrations.sort(key=lambda r: (r.display_name.casefold(), r.pk))
    return registrations


@dataclass(frozen=True)
class NeedCount:
    label: str
    count: int
    details: list[str]


def needs_summary(registrations: list[Registration]) -> list[NeedCount]:
    """How many people with a seat asked for each need, for preparing the room (no query: counts the
    list the page already has). Interpreters list their languages; other needs are counted only."""
    confirmed = [r for r in registrations if r.status == Status.CONFIRMED]
    field = Registration._meta.get_field
    summary = []
    for name in NEED_FLAGS:
        count = sum(1 for r in confirmed if getattr(r, name))
        if count:
            summary.append(NeedCount(str(field(name).verbose_name), count, []))
    languages = [r.needs_interpreter_language for r in confirmed if r.needs_interpreter_language]
    if languages:
        details = sorted(set(languages), key=str.casefold)
        summary.append(NeedCount(str(field("needs_interpreter_language").verbose_name), len(languages), details))
    others = sum(1 for r in confirmed if r.needs_other)
    if others:
        summary.append(NeedCount(str(field("needs_other").verbose_name), others, []))
    return summary


def idea_modules_of(*, process: Process) -> list[Module]:
    """The published idea collections of the process (for their posters)."""
    return list(
        Module.objects.filter(phase__process=process, type="ideas", is_published=True)
        .select_related("phase")
        .order_by("phase__start", "position", "pk")
    )


def person_registrations(user) -> list[dict]:
    """A person's event registrations for their data export (GDPR art. 15 and 20)."""

    def stamp(value):
        return value.isoformat() if value else None

    registrations = (
        Registration.objects.filter(user=user).select_related("event", "participant_town").order_by("created", "pk")
    )
    return [
        {
            "event": r.event.title,
            "event_start": stamp(r.event.start),
            "name": r.name,
            "email": r.email,
            "phone": r.phone,
            "companions": r.companions,
            "needs": r.needs,
            "needs_consented_at": stamp(r.needs_consented_at),
            "status": r.status,
            "waiting_position": r.place_in_queue(),
            "channel": r.channel,
            "lives_in": r.participant_town.name if r.participant_town else None,
            "age_group": r.participant_age_group,
            "registered_at": stamp(r.created),
            "cancelled_at": stamp(r.cancelled_at),
            "reminder_sent_at": stamp(r.reminder_sent_at),
        }
        for r in registrations
    ]


def phase_next_event_action(*, phase, now: dt.datetime):
    """The kick-off's main action: sign up for the phase's next event whose registration is open."""
    from zukunftswerkstatt.processes.registry import MainAction

    if "events" not in phase.phase_type.features:
        return None
    upcoming = Event.objects.published().filter(phase=phase, end__gt=now).order_by("start", "pk")
    for event in upcoming[:5]:
        if event.registration_window(now) == RegistrationWindow.OPEN:
            return MainAction(
                label=_("Register for “%(title)s”") % {"title": event.title}, url=event.get_absolute_url(), phase=phase
            )
    return None
