"""Building a document in the background: one way to queue, claim, build, store, recover or retry.

Every document row (the profile PDF, the SWOT PDF, the plan document, the review report) is a
core.models.BuiltDocument. Its life (docs/documents.md):

    pending ──claim──▶ running (lease, renewed by a heartbeat) ──▶ done | failed
       ▲                    │ lease ran out: the worker died
       └──── recover ───────┘ (at most DOCUMENT_MAX_ATTEMPTS builds, then failed)
    failed ──staff: "try again"──▶ pending

Every change of status is a conditional UPDATE on the row, so that two workers, two recoveries or a
worker and a recovery can never both act on the same build: one UPDATE wins, the other changes
nothing and stops.

One task builds every document (`document_build_task`): a service queues its row with
`document_queue`, the task finds the row's model by name and calls the service that the model names
as its `builder`. No app has a tasks module of its own, so no service and task import each other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task

from .models import BuiltDocument, DocumentFailure, DocumentStatus

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker that ran a build ended without a word (SIGKILL, out of memory, power cut)."""


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.DOCUMENT_LEASE_SECONDS)


def document_models() -> list[type[BuiltDocument]]:
    """Every concrete model of a built document, in every installed app."""
    return [model for model in apps.get_models() if issubclass(model, BuiltDocument)]


@task()
def document_build_task(*, document: str, pk: int) -> None:
    """Build one document row (the model's label, e.g. "reports.profilepdf", and the row's id) with
    the service its model names; a row that is gone or already done is left alone."""
    model = apps.get_model(document)
    row = model.objects.select_related(*model.build_related).filter(pk=pk).first()
    if row is None or row.status == DocumentStatus.DONE:
        return
    import_string(model.builder)(row)


def document_task_call(*, row: BuiltDocument) -> tuple[Task, dict]:
    """The task that builds the row and its keyword arguments."""
    return document_build_task, {"document": row._meta.label_lower, "pk": row.pk}


def document_queue(*, row: BuiltDocument) -> None:
    """Ask the background worker to build the row once the current transaction has committed."""
    build, kwargs = document_task_call(row=row)
    transaction.on_commit(lambda: build.enqueue(**kwargs))


def document_claim(*, row: BuiltDocument, now: dt.datetime | None = None) -> bool:
    """Take the row for one build: waiting (or running with a lease that ran out) becomes running
    with a fresh lease and one more attempt. False if another build holds it or it is finished."""
    now = now or timezone.now()
    model = type(row)
    claimed = (
        model.objects.filter(pk=row.pk, attempts__lt=settings.DOCUMENT_MAX_ATTEMPTS)
        .filter(Q(status=DocumentStatus.PENDING) | _lease_expired(now))
        .update(
            status=DocumentStatus.RUNNING,
            lease_until=now + _lease(),
            attempts=F("attempts") + 1,
            modified=now,
        )
    )
    if claimed:
        row.refresh_from_db(fields=["status", "lease_until", "attempts", "modified"])
    return bool(claimed)


class _Heartbeat:
    """Renews the lease of a build while it renders, from a thread of its own (with its own database
    connection), every third of the lease; stops when the build ends or the row is no longer ours."""

    def __init__(self, *, row: BuiltDocument):
        self.model = type(row)
        self.pk = row.pk
        self.attempt = row.attempts
        self.interval = max(settings.DOCUMENT_LEASE_SECONDS / 3, 0.2)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, name=f"lease-{self.model.__name__}-{self.pk}", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join(timeout=10)

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                try:
                    renewed = self.model.objects.filter(
                        pk=self.pk, status=DocumentStatus.RUNNING, attempts=self.attempt
                    ).update(lease_until=timezone.now() + _lease())
                except Exception:  # the database is away for a moment: try again at the next beat
                    logger.warning("Could not renew the lease of %s %s", self.model.__name__, self.pk, exc_info=True)
                    continue
                if not renewed:
                    return
        finally:
            connection.close()


def _ours(row: BuiltDocument, attempt: int):
    return type(row).objects.filter(pk=row.pk, status=DocumentStatus.RUNNING, attempts=attempt)


def document_build(*, row: BuiltDocument, render: Callable[[], tuple[bytes, int]], filename: str) -> BuiltDocument:
    """Claim the row, render the document in the language it was asked in and store it on the row.

    `render` returns the file's bytes and its number of pages. A row that another build holds, or
    that is finished, is left alone. A failure is kept on the row (status "failed" with the error)
    instead of raising, so the person asking sees what happened.
    """
    if not document_claim(row=row):
        logger.info("%s %s is not waiting for a build (%s); nothing to do", type(row).__name__, row.pk, row.status)
        with contextlib.suppress(type(row).DoesNotExist):  # gone if pruned meanwhile
            row.refresh_from_db()
        return row
    attempt = row.attempts
    started = time.monotonic()
    try:
        with _Heartbeat(row=row), translation.override(row.language or settings.LANGUAGE_CODE):
            content, pages = render()
    except Exception as error:
        logger.exception("The document %s %s could not be made", type(row).__name__, row.pk)
        _ours(row, attempt).update(
            status=DocumentStatus.FAILED,
            failure=DocumentFailure.ERROR,
            error=str(error)[:2000],
            finished_at=timezone.now(),
            lease_until=None,
            modified=timezone.now(),
        )
        row.refresh_from_db()
        return row
    row.file.save(filename, ContentFile(content), save=False)
    now = timezone.now()
    stored = _ours(row, attempt).update(
        file=row.file.name,
        size=len(content),
        page_count=pages,
        duration_ms=int((time.monotonic() - started) * 1000),
        finished_at=now,
        status=DocumentStatus.DONE,
        failure="",
        error="",
        lease_until=None,
        modified=now,
    )
    if not stored:
        # Our lease ran out and the row was given to another build (or given up): that one counts.
        logger.warning("%s %s was taken over while it was built; this copy is dropped", type(row).__name__, row.pk)
        row.file.delete(save=False)
    row.refresh_from_db()
    return row


def _lease_expired(now: dt.datetime) -> Q:
    # Rows that were running before leases existed have none: their last change counts instead.
    return Q(status=DocumentStatus.RUNNING) & (
        Q(lease_until__lt=now) | Q(lease_until__isnull=True, modified__lt=now - _lease())
    )


def _waiting_too_long(now: dt.datetime) -> Q:
    return Q(
        status=DocumentStatus.PENDING, modified__lt=now - dt.timedelta(seconds=settings.DOCUMENT_QUEUE_PATIENCE_SECONDS)
    )


def _task_results(row: BuiltDocument):
    """The rows of django_tasks_db that run (or ran) the build of this document, if that backend is used."""
    if not apps.is_installed("django_tasks_db"):
        return None
    from django_tasks_db.models import DBTaskResult

    build, kwargs = document_task_call(row=row)
    return DBTaskResult.objects.filter(
        task_path=build.module_path, **{f"args_kwargs__kwargs__{name}": value for name, value in kwargs.items()}
    )


def _task_alive(row: BuiltDocument, now: dt.datetime) -> bool:
    """Whether a task for the row waits in the queue or has just been picked up. A task picked up a
    lease ago whose document still waits is dead: a build claims its row as it starts."""
    results = _task_results(row)
    if results is None:
        return False
    from django_tasks_db.compat import TaskResultStatus

    return results.filter(
        Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING, started_at__gte=now - _lease())
    ).exists()


def _task_results_fail(row: BuiltDocument, now: dt.datetime) -> None:
    """Mark the task rows of a lost build as failed, so the task list does not show them running forever."""
    results = _task_results(row)
    if results is None:
        return
    from django_tasks_db.compat import TaskResultStatus

    results.filter(status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback="The worker ended during the build; core.documents.documents_recover_stale took over.",
    )


def document_recover(*, row: BuiltDocument, now: dt.datetime | None = None) -> bool:
    """If the build of this row was lost, queue it again once (or give it up after the last attempt).

    Lost: running with a lease that ran out (its worker died), or waiting far too long with no task
    queued for it (the queueing itself was lost). True if this call changed the row.
    """
    now = now or timezone.now()
    model = type(row)
    if row.status == DocumentStatus.RUNNING and (
        row.lease_until < now if row.lease_until is not None else row.modified < now - _lease()
    ):
        return _recover_running(row=row, now=now)
    patience = dt.timedelta(seconds=settings.DOCUMENT_QUEUE_PATIENCE_SECONDS)
    if row.status == DocumentStatus.PENDING and row.modified < now - patience and not _task_alive(row, now):
        with transaction.atomic():
            if not model.objects.filter(pk=row.pk, status=DocumentStatus.PENDING, modified=row.modified).update(
                modified=now
            ):
                return False
            _task_results_fail(row, now)
            logger.warning("%s %s waited without a task; queued again", model.__name__, row.pk)
            document_queue(row=row)
        return True
    return False


def _recover_running(*, row: BuiltDocument, now: dt.datetime) -> bool:
    model = type(row)
    # Only the very build that was seen expiring: a second caller finds it changed and does nothing.
    same = model.objects.filter(pk=row.pk, attempts=row.attempts, lease_until=row.lease_until).filter(
        _lease_expired(now)
    )
    with transaction.atomic():
        if row.attempts < settings.DOCUMENT_MAX_ATTEMPTS:
            if not same.update(status=DocumentStatus.PENDING, lease_until=None, modified=now):
                return False
            logger.warning("%s %s lost its worker in build %s; queued again", model.__name__, row.pk, row.attempts)
            document_queue(row=row)
        else:
            if not same.update(
                status=DocumentStatus.FAILED,
                failure=DocumentFailure.WORKER_LOST,
                error=f"The worker ended during each of {row.attempts} builds.",
                finished_at=now,
                lease_until=None,
                modified=now,
            ):
                return False
            logger.error("%s %s lost its worker %s times; given up", model.__name__, row.pk, row.attempts)
        _task_results_fail(row, now)
    return True


def documents_recover_stale(now: dt.datetime | None = None) -> int:
    """Recover every document whose build was lost (see document_recover); returns how many.

    Safe to call from several processes at once (the task worker every half minute, the status
    pages, the `recover_documents` command): each lost build is queued again exactly once.
    """
    now = now or timezone.now()
    recovered = 0
    for model in document_models():
        for row in model.objects.filter(_lease_expired(now) | _waiting_too_long(now)).order_by("pk"):
            recovered += document_recover(row=row, now=now)
    return recovered


def document_retry(*, row: BuiltDocument) -> bool:
    """Queue a failed document again (the staff's "try again"), with all its attempts anew.

    False if the row is not failed (any more): a build that runs or waits is never doubled.
    """
    now = timezone.now()
    with transaction.atomic():
        retried = (
            type(row)
            .objects.filter(pk=row.pk, status=DocumentStatus.FAILED)
            .update(
                status=DocumentStatus.PENDING,
                attempts=0,
                failure="",
                error="",
                finished_at=None,
                lease_until=None,
                modified=now,
            )
        )
        if retried:
            document_queue(row=row)
    row.refresh_from_db()
    return bool(retried)
