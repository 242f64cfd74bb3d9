"""A document's build holds a lease: a build whose worker died is found, built again exactly once
and given up after the last attempt; a live build is never doubled (core/documents.py). The profile
PDF stands for every built document here; the renderer is replaced by one that counts its calls."""

from __future__ import annotations

import datetime as dt
import inspect
import time

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from zukunftswerkstatt.core.documents import (
    document_build_task,
    document_models,
    document_recover,
    document_task_call,
    documents_recover_stale,
)
from zukunftswerkstatt.core.models import DocumentFailure, DocumentStatus
from zukunftswerkstatt.plans.models import PlanExport
from zukunftswerkstatt.progress.models import ReviewReport
from zukunftswerkstatt.reports import services
from zukunftswerkstatt.reports.models import ProfilePdf
from zukunftswerkstatt.surveys.models import PaperForms, SurveyExport
from zukunftswerkstatt.swot.models import SwotPdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The module ids the PDF was rendered for, one per build."""
    calls = []

    def render(*, module):
        calls.append(module.pk)
        return b"%PDF-1.4 built", 3

    monkeypatch.setattr(services, "profile_pdf_render", render)
    return calls


@pytest.fixture
def pdf(document_module):
    return ProfilePdf.objects.create(module=document_module)


def worker_died(pdf, *, attempts: int = 1, ago: int = 5) -> ProfilePdf:
    """The row as a build left it that was killed: running, its lease run out, no heartbeat."""
    ProfilePdf.objects.filter(pk=pdf.pk).update(
        status=DocumentStatus.RUNNING, attempts=attempts, lease_until=timezone.now() - dt.timedelta(seconds=ago)
    )
    pdf.refresh_from_db()
    return pdf


def task_result(pdf, status) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {"document": "reports.profilepdf", "pk": pdf.pk}},
        task_path=document_build_task.module_path,
        backend_name="default",
        run_after=get_date_max(),
        started_at=timezone.now() - dt.timedelta(hours=1) if status == TaskResultStatus.RUNNING else None,
    )


def test_a_build_claims_its_document_with_a_lease_and_counts_the_attempt(pdf, monkeypatch, settings):
    seen = {}

    def render(*, module):
        row = ProfilePdf.objects.get(pk=pdf.pk)
        seen.update(status=row.status, lease_until=row.lease_until, attempts=row.attempts)
        return b"%PDF-1.4 built", 3

    monkeypatch.setattr(services, "profile_pdf_render", render)
    before = timezone.now()
    services.profile_pdf_make(pdf=pdf)
    assert seen["status"] == DocumentStatus.RUNNING
    assert seen["attempts"] == 1
    assert seen["lease_until"] >= before + dt.timedelta(seconds=settings.DOCUMENT_LEASE_SECONDS)
    pdf.refresh_from_db()
    assert (pdf.status, pdf.attempts, pdf.lease_until, pdf.page_count) == (DocumentStatus.DONE, 1, None, 3)


def test_a_build_leaves_a_document_alone_whose_lease_is_alive(pdf, renders):
    ProfilePdf.objects.filter(pk=pdf.pk).update(
        status=DocumentStatus.RUNNING, attempts=1, lease_until=timezone.now() + dt.timedelta(seconds=60)
    )
    document_build_task.enqueue(document="reports.profilepdf", pk=pdf.pk)  # a second task for the same document
    assert documents_recover_stale() == 0
    pdf.refresh_from_db()
    assert renders == []
    assert (pdf.status, pdf.attempts) == (DocumentStatus.RUNNING, 1)


def test_a_document_whose_worker_died_is_built_again_exactly_once(pdf, renders, run_on_commit):
    worker_died(pdf)
    with run_on_commit():
        first = documents_recover_stale()
        second = documents_recover_stale()  # the task worker and a status page, one after the other
    assert (first, second) == (1, 0)
    assert documents_recover_stale() == 0
    pdf.refresh_from_db()
    assert renders == [pdf.module_id]
    assert (pdf.status, pdf.attempts) == (DocumentStatus.DONE, 2)
    assert ProfilePdf.objects.count() == 1


def test_two_recoveries_that_both_saw_the_dead_build_queue_it_once(pdf, renders, run_on_commit):
    worker_died(pdf)
    seen_by_one, seen_by_other = ProfilePdf.objects.get(pk=pdf.pk), ProfilePdf.objects.get(pk=pdf.pk)
    with run_on_commit():
        assert document_recover(row=seen_by_one) is True
        assert document_recover(row=seen_by_other) is False
    assert len(renders) == 1


def test_after_the_last_attempt_the_document_fails_with_a_plain_message(pdf, renders, settings):
    worker_died(pdf, attempts=settings.DOCUMENT_MAX_ATTEMPTS)
    assert documents_recover_stale() == 1
    pdf.refresh_from_db()
    assert renders == []
    assert (pdf.status, pdf.failure) == (DocumentStatus.FAILED, DocumentFailure.WORKER_LOST)
    assert pdf.finished_at is not None
    with translation.override("de"):
        assert pdf.get_failure_display().startswith("Die Erstellung wurde abgebrochen")


def test_the_task_of_a_dead_worker_is_marked_failed(pdf, renders, run_on_commit):
    dead = task_result(pdf, TaskResultStatus.RUNNING)
    other = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {"document": "reports.profilepdf", "pk": pdf.pk + 1}},
        task_path=document_build_task.module_path,
        backend_name="default",
        run_after=get_date_max(),
    )
    worker_died(pdf)
    with run_on_commit():
        documents_recover_stale()
    dead.refresh_from_db()
    other.refresh_from_db()
    assert dead.status == TaskResultStatus.FAILED
    assert dead.exception_class_path == "zukunftswerkstatt.core.documents.WorkerLost"
    assert other.status == TaskResultStatus.RUNNING


def test_a_document_waiting_without_any_task_is_queued_again(pdf, renders, run_on_commit, settings):
    long_ago = timezone.now() - dt.timedelta(seconds=settings.DOCUMENT_QUEUE_PATIENCE_SECONDS + 5)
    ProfilePdf.objects.filter(pk=pdf.pk).update(modified=long_ago)
    with run_on_commit():
        assert documents_recover_stale() == 1
    pdf.refresh_from_db()
    assert (pdf.status, renders) == (DocumentStatus.DONE, [pdf.module_id])


def test_a_document_waiting_in_a_long_queue_is_left_alone(pdf, renders, settings):
    task_result(pdf, TaskResultStatus.READY)
    long_ago = timezone.now() - dt.timedelta(seconds=settings.DOCUMENT_QUEUE_PATIENCE_SECONDS + 5)
    ProfilePdf.objects.filter(pk=pdf.pk).update(modified=long_ago)
    assert documents_recover_stale() == 0
    pdf.refresh_from_db()
    assert (pdf.status, renders) == (DocumentStatus.PENDING, [])


def test_a_build_that_lost_its_document_to_another_keeps_no_file(pdf, monkeypatch, settings, tmp_path):
    def render(*, module):
        # Meanwhile the lease ran out and another build took the row over.
        ProfilePdf.objects.filter(pk=pdf.pk).update(
            attempts=F("attempts") + 1, lease_until=timezone.now() + dt.timedelta(seconds=60)
        )
        return b"%PDF-1.4 late", 1

    monkeypatch.setattr(services, "profile_pdf_render", render)
    services.profile_pdf_make(pdf=pdf)
    pdf.refresh_from_db()
    assert (pdf.status, pdf.attempts, pdf.file.name) == (DocumentStatus.RUNNING, 2, "")
    assert list((tmp_path / "media").rglob("*.pdf")) == []


def test_a_failed_render_is_kept_with_its_reason(pdf, monkeypatch):
    def render(*, module):
        raise RuntimeError("Pango missing")

    monkeypatch.setattr(services, "profile_pdf_render", render)
    services.profile_pdf_make(pdf=pdf)
    pdf.refresh_from_db()
    assert (pdf.status, pdf.failure, pdf.lease_until) == (DocumentStatus.FAILED, DocumentFailure.ERROR, None)
    assert "Pango missing" in pdf.error


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_renews_the_lease_while_a_long_document_renders(document_module, monkeypatch, settings):
    settings.DOCUMENT_LEASE_SECONDS = 0.6
    pdf = ProfilePdf.objects.create(module=document_module)
    seen = {}

    def render(*, module):
        time.sleep(1.5)  # more than two leases
        seen["lease_until"] = ProfilePdf.objects.get(pk=pdf.pk).lease_until
        seen["now"] = timezone.now()
        return b"%PDF-1.4 slow", 1

    monkeypatch.setattr(services, "profile_pdf_render", render)
    services.profile_pdf_make(pdf=pdf)
    assert seen["lease_until"] > seen["now"], "the lease ran out while the build was alive"
    assert documents_recover_stale() == 0
    pdf.refresh_from_db()
    assert (pdf.status, pdf.attempts) == (DocumentStatus.DONE, 1)


def test_the_command_recovers_what_a_timer_finds(pdf, renders, run_on_commit, capsys):
    worker_died(pdf)
    with run_on_commit():
        call_command("recover_documents")
    assert "Recovered 1 document(s)." in capsys.readouterr().out
    pdf.refresh_from_db()
    assert pdf.status == DocumentStatus.DONE


def test_every_document_of_the_platform_is_built_and_recovered_the_same_way():
    assert set(document_models()) == {ProfilePdf, SwotPdf, PlanExport, ReviewReport, PaperForms, SurveyExport}
    for model in document_models():
        task, kwargs = document_task_call(row=model(pk=7))
        assert import_string(task.module_path) is task
        assert set(kwargs) <= set(inspect.signature(task.func).parameters)
        if model.builder:  # built by the one task of core.documents, by the service the model names
            assert (task, kwargs) == (document_build_task, {"document": model._meta.label_lower, "pk": 7})
            assert callable(import_string(model.builder))
            model.objects.select_related(*model.build_related).exists()  # the relations exist
    assert {model for model in document_models() if model.builder} >= {
        ProfilePdf,
        SwotPdf,
        ReviewReport,
        PaperForms,
        SurveyExport,
    }


def test_the_build_task_builds_a_waiting_document_and_leaves_a_done_one_alone(pdf, renders):
    document_build_task.call(document="reports.profilepdf", pk=pdf.pk)
    document_build_task.call(document="reports.profilepdf", pk=pdf.pk)
    document_build_task.call(document="reports.profilepdf", pk=pdf.pk + 1)  # gone: nothing to do
    pdf.refresh_from_db()
    assert (pdf.status, renders) == (DocumentStatus.DONE, [pdf.module_id])
