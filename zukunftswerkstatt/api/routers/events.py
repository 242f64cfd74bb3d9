"""Published events of a process: kick-off, workshops, citizens' meetings, with place and accessibility.

Never anything about the people who registered; whether registration is open and the event's page
(where people register) are enough for a town's calendar.
"""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.events.models import Event, Kind

from ..conventions import CursorPage, choice, note_modified, public_process

router = Router(tags=["Events"])


class AccessibilityOut(Schema):
    step_free_access: bool
    hearing_loop: bool
    sign_language_on_request: bool
    childcare: bool
    parking: bool
    other: str = Field(..., description="Anything else about access, in words.")


class EventOut(Schema):
    id: int
    kind: str = Field(..., description="kickoff, workshop, citizens_meeting, information_evening, interim_review.")
    kind_label: str
    title: str
    description: str
    start: dt.datetime
    end: dt.datetime
    phase: int | None = Field(None, description="The phase of the process it belongs to.")
    place_name: str
    address: str
    room: str
    online_url: str = Field(..., description="Where to take part online, if possible.")
    accessibility: AccessibilityOut
    sign_up: str = Field(..., description="Whether people can sign up now: not_yet_open, open or closed.")
    calendar: str = Field(..., description="The event as an iCalendar file (.ics).")
    created: dt.datetime
    modified: dt.datetime
    url: str

    @staticmethod
    def resolve_kind_label(event: Event) -> str:
        return str(event.get_kind_display())

    @staticmethod
    def resolve_phase(event: Event) -> int | None:
        return event.phase_id

    @staticmethod
    def resolve_accessibility(event: Event) -> dict:
        return {
            "step_free_access": event.step_free_access,
            "hearing_loop": event.hearing_loop,
            "sign_language_on_request": event.sign_language_on_request,
            "childcare": event.childcare,
            "parking": event.parking,
            "other": event.accessibility_notes,
        }

    @staticmethod
    def resolve_sign_up(event: Event) -> str:
        return str(event.registration_window())

    @staticmethod
    def resolve_calendar(event: Event) -> str:
        return absolute_url(reverse("events:ics", kwargs={"pk": event.pk}))

    @staticmethod
    def resolve_url(event: Event) -> str:
        return absolute_url(event.get_absolute_url())


class EventFilters(Schema):
    when: str | None = Field(None, description='"upcoming" (not yet over) or "past".')
    kind: str | None = Field(None, description="The kind of event.")
    phase: int | None = Field(None, description="Phase (id).")
    modified_since: dt.datetime | None = Field(None, description="Only events changed after this time.")


def _events(process) -> QuerySet:
    return Event.objects.published().filter(process=process)


@router.get(
    "/organisations/{org}/processes/{process}/events",
    response=list[EventOut],
    summary="Events of a process",
    description="Published events, in the order they take place.",
)
@paginate(CursorPage, ordering=("start",))
def event_list(request: HttpRequest, org: str, process: str, filters: Query[EventFilters]):
    queryset = _events(public_process(org, process))
    now = timezone.now()
    if filters.when == "upcoming":
        queryset = queryset.filter(end__gt=now)
    elif filters.when == "past":
        queryset = queryset.filter(end__lte=now)
    else:
        choice("when", filters.when, ["upcoming", "past"])
    if kind := choice("kind", filters.kind, Kind.values):
        queryset = queryset.filter(kind=kind)
    if filters.phase is not None:
        queryset = queryset.filter(phase_id=filters.phase)
    if filters.modified_since is not None:
        queryset = queryset.filter(modified__gt=filters.modified_since)
    return queryset


@router.get("/organisations/{org}/processes/{process}/events/{id}", response=EventOut, summary="One event")
def event_detail(request: HttpRequest, org: str, process: str, id: int):  # noqa: A002 - the API's name
    event = get_object_or_404(_events(public_process(org, process)), pk=id)
    note_modified(request, event.modified)
    return event
