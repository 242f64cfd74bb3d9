"""Telling the people who took part in a process that its next phase has begun.

It lives in progress because "who took part" reads every earlier app: contributions, comments and
supports, SWOT and inventory suggestions and comments, event registrations, workshop cards, dots,
offers to help, follows and ratings. `manage.py announce_phases` runs daily; each phase is announced
once (notifications.Announcement), and only in its first days, so that installing this on a running
process does not announce phases that began long ago.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.notifications.models import Announcement
from zukunftswerkstatt.notifications.models import Topic as NotificationTopic
from zukunftswerkstatt.notifications.services import notify
from zukunftswerkstatt.processes.models import Phase, Process

ANNOUNCE_WITHIN = dt.timedelta(days=7)


def process_participants(*, process: Process) -> list:
    """Everyone with an account who did something in the process. One small query per kind of
    taking part (a single query joining them all would multiply rows), then one for the people."""
    from zukunftswerkstatt.conversation.models import Comment as SharedComment
    from zukunftswerkstatt.events.models import Registration, Status
    from zukunftswerkstatt.ideas.models import Idea, Support
    from zukunftswerkstatt.inventory.models import InventorySuggestion
    from zukunftswerkstatt.plans.models import Ballot, HelpOffer, MeasureFollow
    from zukunftswerkstatt.swot.models import SwotSuggestion
    from zukunftswerkstatt.workshops.models import Card

    from .models import Rating

    sources = [
        (Idea, "author", {"module__phase__process": process}),
        (SharedComment, "author", {"idea__module__phase__process": process}),
        (Support, "user", {"idea__module__phase__process": process}),
        (SharedComment, "author", {"swot_item__module__phase__process": process}),
        (SwotSuggestion, "author", {"module__phase__process": process}),
        (InventorySuggestion, "author", {"module__phase__process": process}),
        (Registration, "user", {"event__process": process, "status__in": [Status.CONFIRMED, Status.WAITING]}),
        (Card, "added_by", {"session__ideas_module__phase__process": process, "from_paper": False}),
        (Ballot, "user", {"module__phase__process": process}),
        (HelpOffer, "user", {"measure__process": process}),
        (MeasureFollow, "user", {"measure__process": process}),
        (Rating, "user", {"review_round__process": process}),
    ]
    ids: set[int] = set()
    for model, field, lookup in sources:
        ids.update(model.objects.filter(**lookup, **{f"{field}__isnull": False}).values_list(field, flat=True))
    if not ids:
        return []
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def phases_announce(*, now: dt.datetime | None = None) -> int:
    """Announce every phase that began in the last days of a published process, except each
    process's first phase (nobody has taken part before it). Returns the number of e-mails queued."""
    now = now or timezone.now()
    queued = 0
    phases = (
        Phase.objects.filter(process__is_published=True, start__lte=now, start__gt=now - ANNOUNCE_WITHIN, end__gt=now)
        .select_related("process__organisation")
        .order_by("start", "pk")
    )
    for phase in phases:
        if not Phase.objects.filter(process=phase.process_id, start__lt=phase.start).exists():
            continue
        with transaction.atomic():
            announcement, created = Announcement.objects.get_or_create(key=f"phase-start:{phase.pk}")
            if not created:
                continue
            count = notify(
                users=process_participants(process=phase.process),
                topic=NotificationTopic.NEW_PHASES,
                subject=gettext_lazy("A new phase has begun: %(phase)s") % {"phase": phase.display_name},
                template="progress/email/new_phase.txt",
                context={"phase": phase, "process": phase.process},
            )
            announcement.recipients = count
            announcement.save(update_fields=["recipients"])
            queued += count
    return queued
