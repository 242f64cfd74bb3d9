"""What the handouts show: read-only queries, each as the public pages show it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zukunftswerkstatt.events.models import Event
from zukunftswerkstatt.ideas.models import Idea, Status, Visibility
from zukunftswerkstatt.processes.models import Phase

PERIODS = (14, 30, 90)
"""The periods (days) the notice-board list offers; the first one not given is 30."""
DEFAULT_PERIOD = 30
MAX_EVENTS = 5
MAX_CONTRIBUTIONS = 30


def phase_upcoming_events(*, phase: Phase, now: dt.datetime | None = None) -> tuple[list[Event], int]:
    """The phase's published events that have not ended, first MAX_EVENTS of them, and how many more."""
    now = now or timezone.now()
    events = list(
        Event.objects.published().filter(phase=phase).upcoming(now).order_by("start", "pk")[: MAX_EVENTS + 50]
    )
    return events[:MAX_EVENTS], max(0, len(events) - MAX_EVENTS)


def latest_contributions(*, process, days: int, now: dt.datetime | None = None) -> tuple[list[Idea], int]:
    """The contributions of the process's published idea collections that the public list shows
    (published, not withdrawn), newest first, from the last `days` days: the first MAX_CONTRIBUTIONS
    and how many more."""
    now = now or timezone.now()
    queryset = (
        Idea.objects.filter(
            module__phase__process=process,
            module__type="ideas",
            module__is_published=True,
            visibility=Visibility.PUBLISHED,
            created__gte=now - dt.timedelta(days=days),
        )
        .exclude(status=Status.WITHDRAWN)
        .select_related("municipality")
        .order_by("-created", "-pk")
    )
    ideas = list(queryset[: MAX_CONTRIBUTIONS + 1])
    more = queryset.count() - MAX_CONTRIBUTIONS if len(ideas) > MAX_CONTRIBUTIONS else 0
    return ideas[:MAX_CONTRIBUTIONS], more
