"""iCalendar (RFC 5545) for one event (the e-mail attachment) and for a process (the feed)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from zukunftswerkstatt.core.links import absolute_url, site_host

from .models import Event

PRODUCT_ID = "-//Zukunftswerkstatt//Events//DE"


def _location(event: Event) -> str:
    parts = [event.place_name, event.room, *(line.strip() for line in event.address.splitlines())]
    return ", ".join(part for part in parts if part)


def _entry(event: Event) -> CalendarEvent:
    url = absolute_url(event.get_absolute_url())
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@{site_host()}")
    entry.add("dtstamp", event.modified or timezone.now())
    entry.add("dtstart", event.start)
    entry.add("dtend", event.end)
    entry.add("summary", event.title)
    entry.add("location", _location(event))
    description = "\n\n".join(filter(None, [event.description, event.online_url, url]))
    entry.add("description", description)
    entry.add("url", url)
    return entry


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def event_ical(*, event: Event) -> bytes:
    """One event as an .ics file (the attachment of the confirmation e-mail)."""
    calendar = _calendar(event.title)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_entry(event))
    return calendar.to_ical()


def events_ical(*, name: str, events: Iterable[Event]) -> bytes:
    """Several events as one calendar (the feed of a process)."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_entry(event))
    return calendar.to_ical()
