"""Background workers that come back by themselves: the mail worker and the task worker.

`manage.py mail_worker` sends django-mailer's queue, `manage.py task_worker` runs django-tasks-db's
tasks. Both are thin loops around the libraries' own sending and claiming, and differ from the
libraries' `runmailer` and `db_worker` in three ways:

- **A lost database is waited out, not fatal.** An `OperationalError` or `InterfaceError`
  (PostgreSQL restarted, connection terminated, network gone) closes the connections, is logged in
  one plain line ("database unavailable (…), retrying in 8 s") and retried after a capped
  exponential backoff (1, 2, 4, … `WORKER_BACKOFF_MAX_SECONDS`). The first success logs
  "database is back". SQLite's "database is locked" is not a loss: the task worker just tries again.
- **Stopping is clean.** SIGTERM or Ctrl-C while waiting stops at once; while a mail is being sent
  or a task runs, the worker finishes that one item and then stops (a second signal stops at once).
- **They say that they are alive.** Every `WORKER_HEARTBEAT_SECONDS` each worker updates its row in
  `core.WorkerHeartbeat` (shared by every machine through the database); `manage.py status` reads
  it. The task worker also calls `core.documents.documents_recover_stale()` then, when it exists.

A mail whose sending was cut off by the database going away stays in the queue (its transaction
never committed) and is sent when the database is back: at least once, never lost. A task whose
result could not be written because the database went away is marked failed once the database is
back ("database connection lost while the task ran") instead of staying "running" for ever.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import signal
import socket
import time
from types import FrameType

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as LibraryTaskWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception
from mailer.engine import send_all
from mailer.models import Message

from .models import WorkerHeartbeat
from .services import worker_heartbeat_record

logger = logging.getLogger(__name__)

# What a database that went away raises, on PostgreSQL and SQLite alike.
DATABASE_ERRORS = (OperationalError, InterfaceError)


class Backoff:
    """Capped exponential delays: first, 2×first, 4×first, … never more than `cap` seconds."""

    def __init__(self, *, first: float = 1.0, cap: float) -> None:
        self.first = first
        self.cap = cap
        self.failures = 0

    def next(self) -> float:
        delay = min(self.cap, self.first * 2**self.failures)
        self.failures += 1
        return delay

    def reset(self) -> None:
        self.failures = 0


class WorkerStopped(BaseException):
    """Raised by the signal handler while a worker waits, so that it stops at once.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` on the way swallows it.
    """


def database_connections_close() -> None:
    """Drop every open database connection; the next query connects anew."""
    for connection in connections.all(initialized_only=True):
        # Closing a connection whose server is gone may fail; it is dropped all the same.
        with contextlib.suppress(*DATABASE_ERRORS):
            connection.close()


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def documents_recover_stale() -> None:
    """Call `core.documents.documents_recover_stale()` if this installation has it.

    The hook through which documents whose builder died are found and built again; it lives with
    the documents, the worker only calls it now and then.
    """
    from . import documents

    recover = getattr(documents, "documents_recover_stale", None)
    if recover is not None:
        recover()


class _Supervised:
    """What both workers share: backoff, heartbeat, periodic chores and signal handling."""

    kind: str

    def _supervised_init(self, *, worker_id: str | None = None) -> None:
        self.worker_id = worker_id or get_random_string(32)
        self.hostname = socket.gethostname()[:255]
        self.pid = os.getpid()
        self.started_at = timezone.now()
        self.backoff = Backoff(cap=settings.WORKER_BACKOFF_MAX_SECONDS)
        self.database_lost_since: float | None = None
        self._last_beat: float | None = None

    def sleep(self, seconds: float) -> None:
        """Wait; a separate method so tests can count the waits instead of spending them."""
        time.sleep(seconds)

    def periodic(self) -> None:
        """Chores done at most every WORKER_HEARTBEAT_SECONDS: the heartbeat (and what subclasses add)."""
        worker_heartbeat_record(
            kind=self.kind, worker_id=self.worker_id, hostname=self.hostname, pid=self.pid, started_at=self.started_at
        )

    def periodic_if_due(self) -> None:
        now = time.monotonic()
        if self._last_beat is None or now - self._last_beat >= settings.WORKER_HEARTBEAT_SECONDS:
            self.periodic()
            self._last_beat = now

    def database_ok(self) -> None:
        if self.database_lost_since is not None:
            logger.warning(
                "%s: database is back after %.0f s",
                self.kind,
                time.monotonic() - self.database_lost_since,
            )
            self.database_lost_since = None
            # Say at once that we are alive again.
            self._last_beat = None
        self.backoff.reset()

    def database_lost(self, error: BaseException) -> None:
        """Close the broken connections and wait before the next try (capped exponential backoff)."""
        database_connections_close()
        if self.database_lost_since is None:
            self.database_lost_since = time.monotonic()
        delay = self.backoff.next()
        logger.warning(
            "%s: database unavailable (%s: %s), retrying in %g s",
            self.kind,
            type(error).__name__,
            _first_line(error),
            delay,
        )
        self.sleep(delay)


class MailWorker(_Supervised):
    """Sends django-mailer's queue, one mail after another, and survives a lost database."""

    kind = WorkerHeartbeat.Kind.MAIL

    def __init__(self, *, empty_queue_sleep: float, batch: int = 100, worker_id: str | None = None) -> None:
        self._supervised_init(worker_id=worker_id)
        self.empty_queue_sleep = empty_queue_sleep
        self.batch = batch
        self.stopping = False
        self.busy = False

    # Signals -------------------------------------------------------------------------------
    def configure_signals(self) -> None:
        signal.signal(signal.SIGINT, self.shutdown)
        signal.signal(signal.SIGTERM, self.shutdown)

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if self.busy and not self.stopping:
            logger.warning("mail: received %s, stopping after the mail being sent", signal.strsignal(signum))
            self.stopping = True
            return
        logger.warning("mail: received %s, stopping", signal.strsignal(signum))
        self.stopping = True
        raise WorkerStopped

    def stop(self) -> None:
        self.stopping = True

    # The loop ------------------------------------------------------------------------------
    def run(self) -> None:
        logger.info("mail: worker %s started on %s (pid %s)", self.worker_id, self.hostname, self.pid)
        try:
            while not self.stopping:
                try:
                    close_old_connections()
                    self.periodic_if_due()
                    sent_some = self.send_round()
                    self.database_ok()
                except DATABASE_ERRORS as error:
                    self.database_lost(error)
                    continue
                if not sent_some and not self.stopping:
                    self.sleep(self.empty_queue_sleep)
        except WorkerStopped:
            pass
        logger.info("mail: worker %s stopped", self.worker_id)

    def send_round(self) -> bool:
        """Send up to `batch` mails of the queue, in django-mailer's order; False if it was empty.

        Each mail goes through django-mailer's own `send_all` (row lock, sending, log, deferral on
        SMTP errors), one at a time, so that a stop request is honoured between two mails.
        """
        pks = list(
            Message.objects.non_deferred().order_by("priority", "when_added").values_list("pk", flat=True)[: self.batch]
        )
        for pk in pks:
            if self.stopping:
                break
            self.busy = True
            try:
                # If another worker sent this mail meanwhile, send_all finds an empty queryset and
                # sends the rest of the queue instead: still correct, just a longer round.
                send_all(Message.objects.non_deferred().filter(pk=pk))
            finally:
                self.busy = False
        return bool(pks)


class TaskWorker(_Supervised, LibraryTaskWorker):
    """django-tasks-db's worker with our loop: the same claiming and running, plus recovery."""

    kind = WorkerHeartbeat.Kind.TASKS

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._supervised_init(worker_id=self.worker_id)
        # Tasks this worker was running when the database went away: marked failed once it is back.
        self.interrupted: list[str] = []

    def periodic(self) -> None:
        super().periodic()
        try:
            documents_recover_stale()
        except DATABASE_ERRORS:
            raise
        except Exception:
            logger.exception("tasks: recovering stale documents failed; trying again later")

    def run(self) -> None:
        logger.info(
            "tasks: worker %s started on %s (pid %s), queues %s",
            self.worker_id,
            self.hostname,
            self.pid,
            ",".join(self.queue_names),
        )
        if self.startup_delay and self.interval:
            # A small random delay, as the library does, so that many workers do not start at once.
            self.sleep(random.random())  # noqa: S311

        while self.running:
            try:
                close_old_connections()
                self.mark_interrupted_failed()
                self.periodic_if_due()
                # From the claim on, a stop request waits for the task: a worker stopped between
                # claiming and running would leave it "running" for ever.
                self.running_task = True
                retrieved, task_result = self.claim_next()
                self.database_ok()
            except DATABASE_ERRORS as error:
                self.running_task = False
                self.database_lost(error)
                continue
            if task_result is None:
                self.running_task = False

            if task_result is not None:
                try:
                    self.run_task(task_result)
                except DATABASE_ERRORS as error:
                    # The task ended, but its result could not be written.
                    self.interrupted.append(str(task_result.pk))
                    self.database_lost(error)
                    continue

            if self.batch and retrieved and task_result is None:
                logger.info("tasks: no more tasks for worker %s, exiting", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("tasks: ran %d tasks on worker %s, exiting", self._run_tasks, self.worker_id)
                return
            if self.running and task_result is None:
                self.sleep(self.interval)

    def claim_next(self) -> tuple[bool, DBTaskResult | None]:
        """Claim the next ready task, as django-tasks-db's worker does; (False, None) if locked."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
        except OperationalError as error:
            if is_locked_database_exception(error):
                # SQLite's single writer is busy: not a lost database, just try again.
                return False, None
            raise
        return True, task_result

    def mark_interrupted_failed(self) -> None:
        while self.interrupted:
            pk = self.interrupted[0]
            DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="django.db.utils.OperationalError",
                traceback="database connection lost while the task ran; see the worker's log",
            )
            logger.warning("tasks: task %s was cut off by the lost database and is marked failed", pk)
            self.interrupted.pop(0)
