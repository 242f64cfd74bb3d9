"""On PostgreSQL: a real worker process whose connection is terminated from outside goes on.

`pg_terminate_backend` is what a database restart does to every connection. The worker runs as its
own process (`manage.py mail_worker` / `task_worker`) against the test database, with persistent
connections and without health checks, so that it really meets the dead connection and has to
recover by itself; afterwards SIGTERM stops it cleanly.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core import mail
from django.db import connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from mailer.models import Message

from tests.core.worker_tasks import double
from zukunftswerkstatt.core.models import WorkerHeartbeat

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://…)"),
]

BASE_DIR = Path(__file__).resolve().parents[2]
TIMEOUT = 30


def database_url(application_name: str) -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        f"?application_name={application_name}"
    )


def start_worker(tmp_path: Path, name: str, *arguments: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(name),
        # Persistent connections without health checks: the worker must notice the loss itself.
        "CONN_MAX_AGE": "600",
        "CONN_HEALTH_CHECKS": "false",
        "WORKER_HEARTBEAT_SECONDS": "1",
        "WORKER_BACKOFF_MAX_SECONDS": "2",
        "MAILER_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "EMAIL_URL": "",
        "TASKS_BACKEND": "django_tasks_db.backend.DatabaseBackend",
        "DEBUG": "false",
        # A production start must have a real key (issue 11); any long random one will do here.
        "SECRET_KEY": "test-" + os.urandom(32).hex(),
    }
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition, what: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        if process.poll() is not None:
            pytest.fail(f"the worker ended while waiting for {what}:\n{process.stdout.read()}")
        time.sleep(0.1)
    process.kill()
    pytest.fail(f"timed out waiting for {what}:\n{process.communicate()[0]}")


def terminate_connections_of(application_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s AND datname = current_database()",
            [application_name],
        )
        return cursor.fetchone()[0]


def stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGTERM)
    try:
        output = process.communicate(timeout=TIMEOUT)[0]
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"the worker did not stop on SIGTERM:\n{process.communicate()[0]}")
    assert process.returncode == 0, output
    return output


def test_mail_worker_survives_its_connection_being_terminated_and_sends_a_mail_queued_afterwards(settings, tmp_path):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    worker = start_worker(tmp_path, "zw_test_mail_worker", "mail_worker", "--sleep", "0.2")
    try:
        wait_for(lambda: WorkerHeartbeat.objects.filter(kind="mail").exists(), "the first heartbeat", worker)
        assert terminate_connections_of("zw_test_mail_worker") == 1

        mail.send_mail("Nach dem Abbruch", "Text", "absender@example.org", ["empfaenger@example.org"])
        wait_for(lambda: not Message.objects.exists(), "the mail to be sent", worker)
    finally:
        output = stop(worker)

    sent = list((tmp_path / "mail").iterdir())
    assert len(sent) == 1
    assert "Subject: Nach dem Abbruch" in sent[0].read_text()
    assert "mail: database unavailable (OperationalError" in output
    assert "mail: database is back" in output
    assert output.rstrip().endswith("stopped")


def test_task_worker_survives_its_connection_being_terminated_and_runs_a_task_queued_afterwards(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    worker = start_worker(
        tmp_path, "zw_test_task_worker", "task_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"
    )
    try:
        wait_for(lambda: WorkerHeartbeat.objects.filter(kind="tasks").exists(), "the first heartbeat", worker)
        assert terminate_connections_of("zw_test_task_worker") == 1

        queued = double.enqueue(21)
        wait_for(
            lambda: DBTaskResult.objects.filter(pk=queued.id, status=TaskResultStatus.SUCCESSFUL).exists(),
            "the task to run",
            worker,
        )
    finally:
        output = stop(worker)

    assert DBTaskResult.objects.get(pk=queued.id).return_value == 42
    assert "tasks: database unavailable (OperationalError" in output
    assert "tasks: database is back" in output
