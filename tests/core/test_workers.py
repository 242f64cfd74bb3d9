"""The mail and task workers wait out a lost database and go on with the work queued afterwards.

Here the database "goes away" inside the process (its cursor raises OperationalError, as
PostgreSQL's driver does after a restart); test_workers_postgres.py terminates a real worker
process's connection from outside.
"""

from __future__ import annotations

import logging
import signal
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from mailer.models import Message

from tests.core.worker_tasks import double
from zukunftswerkstatt.core import documents
from zukunftswerkstatt.core.models import WorkerHeartbeat
from zukunftswerkstatt.core.workers import Backoff, MailWorker, TaskWorker, WorkerStopped

# The workers close and reopen connections, which a test inside a transaction cannot allow.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _queues(settings):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    settings.WORKER_BACKOFF_MAX_SECONDS = 8


def database_away_for(calls: int):
    """Make the next `calls` cursors fail as a restarted PostgreSQL does, then work again."""
    real_cursor = connection.cursor
    failures = {"left": calls}

    def cursor(*args, **kwargs):
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return real_cursor(*args, **kwargs)

    return mock.patch.object(connection, "cursor", side_effect=cursor)


def test_backoff_doubles_up_to_its_cap_and_starts_again_after_a_success():
    backoff = Backoff(cap=8)
    assert [backoff.next() for _ in range(6)] == [1, 2, 4, 8, 8, 8]
    backoff.reset()
    assert backoff.next() == 1


def test_mail_worker_waits_out_a_lost_database_and_sends_a_mail_queued_afterwards(caplog):
    worker = MailWorker(empty_queue_sleep=5)
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        if seconds == 5 and not Message.objects.exists() and not mail.outbox:
            mail.send_mail("Nach dem Neustart", "Text", "absender@example.org", ["empfaenger@example.org"])
        elif seconds == 5:
            worker.stop()

    worker.sleep = sleep
    with caplog.at_level(logging.INFO, logger="zukunftswerkstatt.core.workers"), database_away_for(calls=4):
        worker.run()

    assert waits[:4] == [1, 2, 4, 8]
    assert [message.subject for message in mail.outbox] == ["Nach dem Neustart"]
    assert not Message.objects.exists()
    assert (
        "mail: database unavailable (OperationalError: server closed the connection unexpectedly), retrying in 8 s"
        in (caplog.text)
    )
    assert "mail: database is back" in caplog.text
    assert WorkerHeartbeat.objects.get(worker_id=worker.worker_id).kind == "mail"


def test_mail_worker_stops_at_once_when_told_while_waiting():
    worker = MailWorker(empty_queue_sleep=5)

    def sleep(seconds):
        worker.shutdown(signal.SIGTERM, None)

    worker.sleep = sleep
    worker.run()  # returns instead of waiting for ever
    assert worker.stopping


def test_mail_worker_finishes_the_mail_it_sends_before_it_stops():
    for number in range(3):
        mail.send_mail(f"Mail {number}", "Text", "absender@example.org", ["empfaenger@example.org"])
    worker = MailWorker(empty_queue_sleep=5)
    from zukunftswerkstatt.core import workers

    real_send_all = workers.send_all

    def send_all(queryset):
        # SIGTERM arrives in the middle of sending the first mail.
        worker.shutdown(signal.SIGTERM, None)
        real_send_all(queryset)

    with mock.patch.object(workers, "send_all", side_effect=send_all):
        worker.run()

    assert [message.subject for message in mail.outbox] == ["Mail 0"]
    assert Message.objects.count() == 2


def test_a_second_signal_stops_the_mail_worker_at_once():
    worker = MailWorker(empty_queue_sleep=5)
    worker.busy = True
    worker.shutdown(signal.SIGTERM, None)
    with pytest.raises(WorkerStopped):
        worker.shutdown(signal.SIGTERM, None)


def task_worker(**overrides) -> TaskWorker:
    options = {
        "queue_names": ["default"],
        "interval": 1,
        "batch": False,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "test-worker",
        "excluded_queue_names": [],
    }
    return TaskWorker(**{**options, **overrides})


def test_task_worker_waits_out_a_lost_database_and_runs_a_task_queued_afterwards(caplog):
    worker = task_worker(max_tasks=1)
    waits = []
    queued = []

    def sleep(seconds):
        waits.append(seconds)
        if seconds == 1 and not queued and len(waits) > 3:
            queued.append(double.enqueue(21))

    worker.sleep = sleep
    with caplog.at_level(logging.INFO, logger="zukunftswerkstatt.core.workers"), database_away_for(calls=3):
        worker.run()

    assert waits[:3] == [1, 2, 4]
    result = DBTaskResult.objects.get(pk=queued[0].id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 42
    assert "tasks: database unavailable (OperationalError" in caplog.text
    assert "retrying in 4 s" in caplog.text
    assert "tasks: database is back" in caplog.text
    assert WorkerHeartbeat.objects.get(worker_id="test-worker").kind == "tasks"


def test_a_task_whose_result_was_lost_with_the_database_is_marked_failed_when_it_is_back():
    queued = double.enqueue(1)
    worker = task_worker(max_tasks=2)
    worker.sleep = lambda seconds: worker.__setattr__("running", bool(DBTaskResult.objects.running().exists()))

    lost = OperationalError("terminating connection due to administrator command")
    # The database goes away while the task runs: neither its success nor its failure can be written.
    with (
        mock.patch.object(DBTaskResult, "set_successful", side_effect=lost, autospec=True),
        mock.patch.object(DBTaskResult, "set_failed", side_effect=lost, autospec=True),
    ):
        worker.run()

    result = DBTaskResult.objects.get(pk=queued.id)
    assert result.status == TaskResultStatus.FAILED
    assert "database connection lost while the task ran" in result.traceback


def test_task_worker_calls_the_documents_recovery_hook_when_it_exists(monkeypatch):
    calls = []
    monkeypatch.setattr(documents, "documents_recover_stale", lambda: calls.append(1), raising=False)
    worker = task_worker()
    worker.periodic_if_due()
    worker.periodic_if_due()  # not due again before WORKER_HEARTBEAT_SECONDS
    assert calls == [1]


def test_task_worker_goes_on_when_the_recovery_hook_fails_or_is_missing(monkeypatch, caplog):
    monkeypatch.delattr(documents, "documents_recover_stale", raising=False)
    task_worker().periodic()  # no hook: nothing happens

    def broken():
        raise ValueError("kaputt")

    monkeypatch.setattr(documents, "documents_recover_stale", broken, raising=False)
    task_worker(worker_id="second").periodic()
    assert "recovering stale documents failed" in caplog.text
    assert WorkerHeartbeat.objects.filter(kind="tasks").count() == 2


def test_heartbeats_of_long_gone_workers_are_removed_when_a_worker_starts(settings):
    from django.utils import timezone

    from zukunftswerkstatt.core.services import worker_heartbeat_record

    long_ago = timezone.now() - timezone.timedelta(days=settings.WORKER_HEARTBEAT_KEEP_DAYS + 1)
    WorkerHeartbeat.objects.create(
        kind="mail", worker_id="old", hostname="alt", pid=1, started_at=long_ago, last_seen=long_ago
    )
    worker_heartbeat_record(kind="mail", worker_id="new", hostname="neu", pid=2, started_at=timezone.now())
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["new"]


def test_a_stop_request_during_the_claim_lets_the_claimed_task_run_first():
    queued = double.enqueue(5)
    worker = task_worker()
    real_claim = worker.claim_next

    def claim_next():
        worker.shutdown(signal.SIGTERM, None)  # arrives while the task is being claimed
        return real_claim()

    worker.claim_next = claim_next
    worker.run()  # returns after running the task instead of exiting half-way

    result = DBTaskResult.objects.get(pk=queued.id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 10


def test_a_stop_request_while_the_task_worker_waits_ends_it_at_once():
    worker = task_worker()
    worker.sleep = lambda seconds: worker.shutdown(signal.SIGTERM, None)
    with pytest.raises(SystemExit) as stopped:
        worker.run()
    assert stopped.value.code == 0
