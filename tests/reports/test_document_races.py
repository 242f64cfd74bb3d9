"""Builds and recoveries racing on PostgreSQL in real parallel transactions, and a task worker
killed with SIGKILL in the middle of a build: every document ends built exactly once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.concurrency import at_once, postgresql_races
from zukunftswerkstatt.core.documents import document_build_task, documents_recover_stale
from zukunftswerkstatt.core.models import DocumentStatus
from zukunftswerkstatt.reports import services
from zukunftswerkstatt.reports.models import ProfilePdf

pytestmark = postgresql_races

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("document_worker.py")


@pytest.fixture
def renders(monkeypatch):
    calls = []
    lock = threading.Lock()

    def render(*, module):
        with lock:
            calls.append(module.pk)
        time.sleep(0.3)  # long enough for the others to try while it runs
        return b"%PDF-1.4 built", 1

    monkeypatch.setattr(services, "profile_pdf_render", render)
    return calls


def test_recoveries_racing_for_a_dead_build_build_it_exactly_once(document_module, renders):
    pdf = ProfilePdf.objects.create(
        module=document_module,
        status=DocumentStatus.RUNNING,
        attempts=1,
        lease_until=timezone.now() - dt.timedelta(seconds=5),
    )
    errors = at_once(lambda _: documents_recover_stale(), list(range(4)))
    assert errors == []
    pdf.refresh_from_db()
    assert renders == [document_module.pk]
    assert (pdf.status, pdf.attempts) == (DocumentStatus.DONE, 2)


def test_tasks_racing_for_one_document_build_it_exactly_once(document_module, renders):
    pdf = ProfilePdf.objects.create(module=document_module)
    errors = at_once(lambda _: document_build_task.enqueue(document="reports.profilepdf", pk=pdf.pk), list(range(4)))
    assert errors == []
    pdf.refresh_from_db()
    assert renders == [document_module.pk]
    assert (pdf.status, pdf.attempts) == (DocumentStatus.DONE, 1)


def test_recovery_never_takes_a_live_build_away(document_module, monkeypatch, settings):
    settings.DOCUMENT_LEASE_SECONDS = 0.6
    calls = []

    def render(*, module):
        calls.append(module.pk)
        time.sleep(2)  # three leases: only the heartbeat keeps it
        return b"%PDF-1.4 slow", 1

    monkeypatch.setattr(services, "profile_pdf_render", render)
    pdf = ProfilePdf.objects.create(module=document_module)
    recovered = []

    def work(role):
        if role == "build":
            document_build_task.enqueue(document="reports.profilepdf", pk=pdf.pk)
            return
        deadline = time.monotonic() + 2.2
        while time.monotonic() < deadline:
            recovered.append(documents_recover_stale())
            time.sleep(0.1)

    assert at_once(work, ["build", "recover"]) == []
    pdf.refresh_from_db()
    assert sum(recovered) == 0
    assert calls == [document_module.pk]
    assert (pdf.status, pdf.attempts) == (DocumentStatus.DONE, 1)


def _worker(*, database_url: str, media: Path, block: bool, args: list[str]) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "true",
        "MEDIA_ROOT": str(media),
        # The profile PDF is private (PRIVATE_MEDIA_ROOT); both in one folder the test reads.
        "PRIVATE_MEDIA_ROOT": str(media),
        "TASKS_BACKEND": "django_tasks_db.backend.DatabaseBackend",
        "DOCUMENT_LEASE_SECONDS": "2",
        "DOCUMENT_TEST_DIR": str(media),
    }
    env.pop("DOCUMENT_TEST_BLOCK", None)
    if block:
        env["DOCUMENT_TEST_BLOCK"] = "1"
    return subprocess.Popen(  # noqa: S603 - our own script with fixed arguments
        # --no-reload: with DEBUG the worker would run in a child process that outlives a SIGKILL.
        [sys.executable, str(WORKER), "--interval", "0.2", "--no-startup-delay", "--no-reload", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for(condition, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.1)


def test_a_worker_killed_in_the_middle_of_a_build_is_replaced_and_the_document_built_once(
    document_module, settings, tmp_path
):
    """A real `db_worker` is killed with SIGKILL while it renders; recovery and a new worker finish
    the document: done, built twice in all (one killed), one file, the dead task marked failed."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    settings.DOCUMENT_LEASE_SECONDS = 2
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    media = tmp_path / "worker-media"
    media.mkdir()
    pdf = services.profile_pdf_request(module=document_module)  # queued in django_tasks_db

    first = _worker(database_url=database_url, media=media, block=True, args=[])
    try:
        _wait_for((media / "render-started").exists, seconds=20, what="the first worker to start rendering")
        pdf.refresh_from_db()
        assert (pdf.status, pdf.attempts) == (DocumentStatus.RUNNING, 1)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)

    pdf.refresh_from_db()
    assert pdf.status == DocumentStatus.RUNNING  # nobody is left to say otherwise
    assert documents_recover_stale() == 0  # its lease still runs
    _wait_for(lambda: documents_recover_stale() == 1, seconds=5, what="the lease of the dead build to run out")
    assert documents_recover_stale() == 0

    second = _worker(database_url=database_url, media=media, block=False, args=["--batch"])
    try:
        second.wait(timeout=20)
    finally:
        if second.poll() is None:
            second.kill()
    assert second.returncode == 0, second.stderr.read().decode()[-2000:]

    pdf.refresh_from_db()
    assert (pdf.status, pdf.attempts) == (DocumentStatus.DONE, 2)
    files = [path for path in media.rglob("*") if path.is_file() and path.name != "render-started"]
    assert [path.name for path in files] == [Path(pdf.file.name).name]
    results = list(DBTaskResult.objects.order_by("enqueued_at").values_list("status", "exception_class_path"))
    assert results == [
        (TaskResultStatus.FAILED, "zukunftswerkstatt.core.documents.WorkerLost"),
        (TaskResultStatus.SUCCESSFUL, ""),
    ]
