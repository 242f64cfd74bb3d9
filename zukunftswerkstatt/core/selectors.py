from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q
from django.db.models.functions import Greatest
from django.http import HttpRequest
from django.utils import timezone

from .models import Organisation, WorkerHeartbeat

_REQUEST_ATTRIBUTE = "_zw_organisation"


def organisation_default() -> Organisation | None:
    """The organisation of a single-organisation installation, or the configured default."""
    if settings.DEFAULT_ORGANISATION_SLUG:
        return Organisation.objects.filter(slug=settings.DEFAULT_ORGANISATION_SLUG).first()
    first_two = list(Organisation.objects.all()[:2])
    return first_two[0] if len(first_two) == 1 else None


def organisation_for_request(request: HttpRequest) -> Organisation | None:
    """The organisation a page belongs to: the one in its address (/o/<slug>/…), else the one whose
    own host name the visitor used, else the installation's default."""
    if hasattr(request, _REQUEST_ATTRIBUTE):
        return getattr(request, _REQUEST_ATTRIBUTE)
    slug = request.resolver_match.kwargs.get("organisation_slug") if request.resolver_match else None
    if slug:
        organisation = Organisation.objects.filter(slug=slug).first()
    else:
        organisation = organisation_for_host(request.get_host()) or organisation_default()
    setattr(request, _REQUEST_ATTRIBUTE, organisation)
    return organisation


# The organisations' own host names (issue 17), kept in each process: a page that names no
# organisation would otherwise cost a query to learn that its host is nobody's. Loaded again when an
# organisation is saved (in the process that saved it) and every ORGANISATION_HOSTS_SECONDS.
_hosts: dict[str, Any] = {"loaded": None, "slugs": {}}


def organisation_hosts_reload() -> None:
    _hosts["slugs"] = dict(Organisation.objects.exclude(host="").values_list("host", "slug"))
    _hosts["loaded"] = time.monotonic()


def organisation_for_host(host: str) -> Organisation | None:
    """The organisation with this host name of its own (port ignored), without a query for any other."""
    loaded = _hosts["loaded"]
    if loaded is None or time.monotonic() - loaded > settings.ORGANISATION_HOSTS_SECONDS:
        organisation_hosts_reload()
    slug = _hosts["slugs"].get(host.rsplit(":", 1)[0].lower() if not host.endswith("]") else host)
    return Organisation.objects.filter(slug=slug).first() if slug else None


def organisation_colours_version(organisation: Organisation) -> str:
    """The version in the address of the organisation's stylesheet (core:organisation_colours): its
    last change and its colour, so that a new colour is a new address, even within the same second."""
    return f"{int(organisation.modified.timestamp())}-{organisation.brand_colour.lstrip('#').lower()}"


@dataclass(frozen=True)
class WorkerSeen:
    kind: str
    label: str
    last_seen: dt.datetime | None
    alive: bool
    processes: list[WorkerHeartbeat]


@dataclass(frozen=True)
class OperationsStatus:
    """What the background work looks like now, for `manage.py status` (see docs/deployment.md)."""

    now: dt.datetime
    mails_waiting: int
    mail_oldest_waiting: dt.datetime | None
    mails_deferred: int
    mail_oldest_deferred: dt.datetime | None
    tasks_waiting: int
    task_oldest_waiting: dt.datetime | None
    tasks_running: int
    task_oldest_running: dt.datetime | None
    tasks_failed_last_day: int
    workers: list[WorkerSeen]
    problems: list[str] = field(default_factory=list)


def operations_status(*, now: dt.datetime | None = None) -> OperationsStatus:
    """Mail queue, task queue and worker heartbeats, with what is stuck beyond the STATUS_* limits.

    Three queries whatever the size of the queues.
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult
    from mailer.models import PRIORITY_DEFERRED, Message

    now = now or timezone.now()
    deferred = Q(priority=PRIORITY_DEFERRED)
    mail = Message.objects.aggregate(
        waiting=Count("pk", filter=~deferred),
        # A mail tried again after a deferral counts with the deferred ones, not as new work.
        oldest_waiting=Min("when_added", filter=~deferred & Q(retry_count=0)),
        deferred=Count("pk", filter=deferred | Q(retry_count__gt=0)),
        oldest_deferred=Min("when_added", filter=deferred | Q(retry_count__gt=0)),
    )
    ready = Q(status=TaskResultStatus.READY) & (Q(run_after__lte=now) | Q(run_after__year=9999))
    running = Q(status=TaskResultStatus.RUNNING)
    tasks = DBTaskResult.objects.aggregate(
        waiting=Count("pk", filter=ready),
        # A task waits from its enqueueing or from the time it was to run after, whichever is later.
        oldest_waiting=Min(Greatest("enqueued_at", "run_after"), filter=ready & ~Q(run_after__year=9999)),
        oldest_waiting_unscheduled=Min("enqueued_at", filter=ready & Q(run_after__year=9999)),
        running=Count("pk", filter=running),
        oldest_running=Min("started_at", filter=running),
        failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED, finished_at__gte=now - dt.timedelta(days=1))),
    )
    oldest_task = min(
        (moment for moment in (tasks["oldest_waiting"], tasks["oldest_waiting_unscheduled"]) if moment), default=None
    )

    silent_after = dt.timedelta(minutes=settings.STATUS_WORKER_SILENT_MINUTES)
    heartbeats = list(WorkerHeartbeat.objects.order_by("kind", "-last_seen"))
    workers = []
    # The operator's output is plain English like every management command's, whatever the locale.
    for kind, label in [(WorkerHeartbeat.Kind.MAIL, "mail worker"), (WorkerHeartbeat.Kind.TASKS, "task worker")]:
        rows = [row for row in heartbeats if row.kind == kind]
        last_seen = rows[0].last_seen if rows else None
        workers.append(
            WorkerSeen(
                kind=kind,
                label=label,
                last_seen=last_seen,
                alive=last_seen is not None and now - last_seen <= silent_after,
                processes=[row for row in rows if now - row.last_seen <= silent_after],
            )
        )

    problems = []
    for worker in workers:
        if worker.last_seen is None:
            problems.append(f"no {worker.label} has ever run")
        elif not worker.alive:
            problems.append(f"no {worker.label} alive for {settings.STATUS_WORKER_SILENT_MINUTES} min")
    if mail["oldest_waiting"] and now - mail["oldest_waiting"] > dt.timedelta(
        minutes=settings.STATUS_MAIL_WAITING_MINUTES
    ):
        problems.append(f"a mail waits longer than {settings.STATUS_MAIL_WAITING_MINUTES} min to be sent")
    if mail["oldest_deferred"] and now - mail["oldest_deferred"] > dt.timedelta(
        hours=settings.STATUS_MAIL_DEFERRED_HOURS
    ):
        problems.append(f"a mail could not be sent for longer than {settings.STATUS_MAIL_DEFERRED_HOURS} h")
    if oldest_task and now - oldest_task > dt.timedelta(minutes=settings.STATUS_TASK_WAITING_MINUTES):
        problems.append(f"a task waits longer than {settings.STATUS_TASK_WAITING_MINUTES} min to run")
    if tasks["oldest_running"] and now - tasks["oldest_running"] > dt.timedelta(
        minutes=settings.STATUS_TASK_RUNNING_MINUTES
    ):
        problems.append(f"a task runs longer than {settings.STATUS_TASK_RUNNING_MINUTES} min")

    return OperationsStatus(
        now=now,
        mails_waiting=mail["waiting"],
        mail_oldest_waiting=mail["oldest_waiting"],
        mails_deferred=mail["deferred"],
        mail_oldest_deferred=mail["oldest_deferred"],
        tasks_waiting=tasks["waiting"],
        task_oldest_waiting=oldest_task,
        tasks_running=tasks["running"],
        task_oldest_running=tasks["oldest_running"],
        tasks_failed_last_day=tasks["failed"],
        workers=workers,
        problems=problems,
    )


def organisation_id_of(obj: Any) -> int | None:
    """The organisation an object belongs to: an organisation, town, process, phase, module, …"""
    if obj is None:
        return None
    if isinstance(obj, Organisation):
        return obj.pk
    if hasattr(obj, "organisation_id"):
        return obj.organisation_id
    # Objects further down the tree find their organisation through their parent.
    for parent in ("process", "phase", "module", "idea"):
        if hasattr(obj, f"{parent}_id"):
            return organisation_id_of(getattr(obj, parent))
    return None
