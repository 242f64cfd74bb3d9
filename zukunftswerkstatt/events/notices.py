"""Telling the people registered for an event that its time or place changed.

Staff change events in the back office; EventAdmin.save_model calls `event_tell_change` with the
fields that changed. Only what matters for coming is announced (time, place, online link), and only
for upcoming, published events. Account holders who switched "events" off are not told (see
notifications); the mail carries the event as an updated .ics file for those with a seat.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.notifications.models import Topic as NotificationTopic

from .models import Event, Status
from .services import _mail

ANNOUNCED_FIELDS = frozenset({"start", "end", "place_name", "address", "room", "online_url"})


def event_tell_change(*, event: Event, changed_fields: Iterable[str]) -> int:
    """Mail everyone with a seat or on the waiting list; returns how many registrations were considered."""
    if not ANNOUNCED_FIELDS & set(changed_fields):
        return 0
    if not event.is_published or event.end < timezone.now():
        return 0
    registrations = list(
        event.registrations.filter(status__in=[Status.CONFIRMED, Status.WAITING])
        .exclude(email="")
        .select_related("user")
    )
    for registration in registrations:
        registration.event = event
        _mail(
            registration,
            token=None,
            template="changed",
            subject=gettext_lazy("Changed: %(title)s"),
            topic=NotificationTopic.EVENTS,
        )
    return len(registrations)
