"""Reads of the newsletter: the live blocks of an issue and the subscriber figures (counts only: no
tracking pixels, no open or click tracking)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.events.models import Event
from zukunftswerkstatt.processes.models import PhaseState
from zukunftswerkstatt.processes.selectors import phase_main_action
from zukunftswerkstatt.progress.models import ProgressUpdate

from .models import Channel, Delivery, Issue, IssueStatus, Subscription

EVENTS_SHOWN = 5
PROGRESS_SHOWN = 5


def issue_blocks(*, issue: Issue, now=None) -> dict:
    now = now or timezone.now()
    process = issue.process
    blocks: dict = {"process_url": absolute_url(process.get_absolute_url())}
    if issue.include_phase:
        for phase in process.phases.order_by("start"):
            if phase.state(now) == PhaseState.RUNNING:
                modules = list(phase.modules.filter(is_published=True).order_by("position", "pk"))
                action = phase_main_action(phase=phase, modules=modules, now=now)
                blocks["phase"] = phase
                blocks["phase_url"] = absolute_url(phase.get_absolute_url())
                if action is not None:
                    blocks["action"] = {"label": str(action.label), "url": absolute_url(action.url)}
                break
    if issue.include_events:
        events = Event.objects.published().filter(process=process, start__gte=now).order_by("start")[:EVENTS_SHOWN]
        blocks["events"] = [
            {"event": event, "url": absolute_url(event.get_absolute_url()), "start": timezone.localtime(event.start)}
            for event in events
        ]
    if issue.include_progress:
        updates = (
            ProgressUpdate.objects.filter(measure__process=process)
            .select_related("measure")
            .order_by("-date", "-pk")[:PROGRESS_SHOWN]
        )
        blocks["progress"] = [
            {"update": update, "url": absolute_url(update.measure.get_absolute_url())} for update in updates
        ]
    return blocks


def subscriber_figures(*, process) -> dict:
    rows = Subscription.objects.filter(process=process)
    figures = rows.aggregate(
        email_confirmed=Count("pk", filter=Q(channel=Channel.EMAIL, confirmed_at__isnull=False, unsubscribed_at=None)),
        email_pending=Count("pk", filter=Q(channel=Channel.EMAIL, confirmed_at=None, unsubscribed_at=None)),
        post_active=Count("pk", filter=Q(channel=Channel.POST, unsubscribed_at=None)),
        unsubscribed=Count("pk", filter=~Q(unsubscribed_at=None)),
    )
    active = rows.filter(confirmed_at__isnull=False, unsubscribed_at=None)
    figures["all_towns"] = active.filter(towns__isnull=True).count()
    figures["by_town"] = [(town, active.filter(towns=town).count()) for town in process.municipalities.order_by("name")]
    return figures


def issue_progress(*, issue: Issue) -> dict:
    queued = Delivery.objects.filter(issue=issue).count()
    return {"queued": queued, "total": issue.recipients_total, "done": issue.status == IssueStatus.SENT}


def sent_issues(*, process) -> list[Issue]:
    return list(Issue.objects.filter(process=process, status=IssueStatus.SENT).order_by("-sent_at", "-pk"))
