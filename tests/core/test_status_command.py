"""`manage.py status`: the operator's plain view of what could not be done (yet)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from mailer.models import PRIORITY_DEFERRED, Message

from zukunftswerkstatt.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def status() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("status", stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def beat(kind: str, *, ago: dt.timedelta = dt.timedelta(seconds=10), worker_id: str | None = None) -> None:
    moment = timezone.now() - ago
    WorkerHeartbeat.objects.create(
        kind=kind,
        worker_id=worker_id or f"{kind}-{moment.timestamp()}",
        hostname="app1",
        pid=4711,
        started_at=moment,
        last_seen=moment,
    )


def queue_mail(*, ago: dt.timedelta, deferred: bool = False) -> None:
    Message.objects.create(
        message_data="", when_added=timezone.now() - ago, priority=PRIORITY_DEFERRED if deferred else 2
    )


def queue_task(*, status: str = TaskResultStatus.READY, ago: dt.timedelta = dt.timedelta(0), **fields) -> None:
    task = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="tests.core.worker_tasks.double",
        backend_name="default",
        run_after=get_date_max(),
        **fields,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - ago)


@pytest.fixture
def workers_alive():
    beat("mail")
    beat("tasks")


def test_status_is_ok_when_the_workers_are_alive_and_nothing_waits(workers_alive):
    code, output = status()
    assert code == 0
    assert "Mail queue:  0 waiting" in output
    assert "Mail worker: alive, last seen 10 s ago (app1:4711)" in output
    assert "Task worker: alive" in output
    assert output.rstrip().endswith("OK")


def test_status_fails_when_a_worker_never_ran_or_fell_silent():
    beat("mail", ago=dt.timedelta(minutes=20))
    code, output = status()
    assert code == 1
    assert "Mail worker: NOT ALIVE, last seen 20 min ago" in output
    assert "PROBLEM: no mail worker alive for 5 min" in output
    assert "PROBLEM: no task worker has ever run" in output


def test_status_counts_the_mail_queue_and_fails_when_a_mail_waits_too_long(workers_alive):
    queue_mail(ago=dt.timedelta(minutes=1))
    queue_mail(ago=dt.timedelta(minutes=20))
    code, output = status()
    assert code == 1
    assert "Mail queue:  2 waiting (oldest first try 20 min), 0 deferred or retried" in output
    assert "PROBLEM: a mail waits longer than 15 min to be sent" in output


def test_status_reports_deferred_mails_and_fails_only_after_a_day(workers_alive):
    queue_mail(ago=dt.timedelta(hours=3), deferred=True)
    code, output = status()
    assert (code, "1 deferred or retried (oldest 3 h)" in output) == (0, True)

    queue_mail(ago=dt.timedelta(hours=30), deferred=True)
    code, output = status()
    assert code == 1
    assert "PROBLEM: a mail could not be sent for longer than 24 h" in output


def test_status_counts_tasks_and_fails_on_one_waiting_or_running_too_long(workers_alive):
    queue_task(ago=dt.timedelta(minutes=2))
    queue_task(status=TaskResultStatus.FAILED, finished_at=timezone.now() - dt.timedelta(hours=2))
    queue_task(status=TaskResultStatus.FAILED, finished_at=timezone.now() - dt.timedelta(days=3))
    code, output = status()
    assert code == 0
    assert "Tasks:       1 waiting (oldest 2 min), 0 running (longest -), 1 failed in the last 24 h" in output

    queue_task(ago=dt.timedelta(minutes=40))
    queue_task(status=TaskResultStatus.RUNNING, started_at=timezone.now() - dt.timedelta(hours=2))
    code, output = status()
    assert code == 1
    assert "2 waiting (oldest 40 min), 1 running (longest 2 h)" in output
    assert "PROBLEM: a task waits longer than 15 min to run" in output
    assert "PROBLEM: a task runs longer than 30 min" in output


def test_a_task_to_run_later_is_not_waiting_before_its_time(workers_alive):
    queue_task(ago=dt.timedelta(hours=1))
    DBTaskResult.objects.update(run_after=timezone.now() + dt.timedelta(hours=1))
    code, output = status()
    assert code == 0
    assert "0 waiting" in output.splitlines()[2]


def test_status_exits_2_with_a_plain_line_when_the_database_is_unreachable():
    with mock.patch(
        "zukunftswerkstatt.core.management.commands.status.operations_status",
        side_effect=OperationalError("connection refused\nmore detail"),
    ):
        code, output = status()
    assert code == 2
    assert output == "PROBLEM: the database cannot be reached (connection refused)\n"


def test_the_status_needs_three_queries_whatever_is_queued(workers_alive, django_assert_num_queries):
    from zukunftswerkstatt.core.selectors import operations_status

    for minutes in range(5):
        queue_mail(ago=dt.timedelta(minutes=minutes))
        queue_task(ago=dt.timedelta(minutes=minutes))
    with django_assert_num_queries(3):
        operations_status()
