"""The team sees why a profile PDF failed and may build it again; citizens see no internals and may
not use the team's button (core/documents.py, core/templates/core/_document_failed.html)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zukunftswerkstatt.core.models import DocumentFailure, DocumentStatus
from zukunftswerkstatt.reports import services
from zukunftswerkstatt.reports.models import ProfilePdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    calls = []

    def render(*, module):
        calls.append(module.pk)
        return b"%PDF-1.4 built", 2

    monkeypatch.setattr(services, "profile_pdf_render", render)
    return calls


@pytest.fixture
def failed_pdf(document_module):
    return ProfilePdf.objects.create(
        module=document_module,
        status=DocumentStatus.FAILED,
        failure=DocumentFailure.ERROR,
        error="RuntimeError: Pango missing",
        finished_at=timezone.now(),
        attempts=1,
    )


def retry_url(pdf) -> str:
    return reverse("reports:pdf_retry", args=[pdf.module_id, pdf.pk])


def test_staff_see_why_a_pdf_failed_and_may_build_it_again(client_for, moderator, failed_pdf, renders, run_on_commit):
    client = client_for(moderator)
    page = client.get(failed_pdf.get_absolute_url()).content.decode()
    assert "Pango missing" in page
    assert "Beim Erstellen des Dokuments ist ein Fehler aufgetreten." in page
    assert retry_url(failed_pdf) in page
    assert "Erneut versuchen" in page
    with run_on_commit():
        response = client.post(retry_url(failed_pdf))
    assert response.status_code == 302
    assert response["Location"] == failed_pdf.get_absolute_url()
    failed_pdf.refresh_from_db()
    assert (failed_pdf.status, failed_pdf.attempts, failed_pdf.error) == (DocumentStatus.DONE, 1, "")
    assert renders == [failed_pdf.module_id]
    assert ProfilePdf.objects.count() == 1


def test_citizens_see_no_internals_of_a_failed_pdf(client_for, participant, client, failed_pdf):
    for person in (client_for(participant), client):
        page = person.get(failed_pdf.get_absolute_url()).content.decode()
        assert "Pango missing" not in page
        assert retry_url(failed_pdf) not in page
        assert reverse("reports:pdf_request", args=[failed_pdf.module_id]) in page  # their own "try again"


def test_only_the_team_may_build_a_failed_pdf_again(
    client_for, participant, other_org_admin, client, failed_pdf, renders, run_on_commit
):
    with run_on_commit():
        assert client.post(retry_url(failed_pdf)).status_code == 403
        assert client_for(participant).post(retry_url(failed_pdf)).status_code == 403
        assert client_for(other_org_admin).post(retry_url(failed_pdf)).status_code in (403, 404)
    failed_pdf.refresh_from_db()
    assert (failed_pdf.status, renders) == (DocumentStatus.FAILED, [])


def test_a_retry_is_a_post(client_for, moderator, failed_pdf):
    assert client_for(moderator).get(retry_url(failed_pdf)).status_code == 405


def test_a_retry_never_doubles_a_build_that_runs(client_for, moderator, failed_pdf, renders, run_on_commit):
    ProfilePdf.objects.filter(pk=failed_pdf.pk).update(
        status=DocumentStatus.RUNNING, lease_until=timezone.now() + dt.timedelta(seconds=60)
    )
    with run_on_commit():
        response = client_for(moderator).post(retry_url(failed_pdf))
    assert response.status_code == 302
    failed_pdf.refresh_from_db()
    assert (failed_pdf.status, renders) == (DocumentStatus.RUNNING, [])


def test_retries_are_rate_limited(client_for, moderator, failed_pdf, monkeypatch, settings, run_on_commit):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "documents.retry:account": "2/h"}
    calls = []

    def broken(*, module):
        calls.append(module.pk)
        raise RuntimeError("still broken")

    monkeypatch.setattr(services, "profile_pdf_render", broken)
    client = client_for(moderator)
    for _ in range(3):
        with run_on_commit():
            client.post(retry_url(failed_pdf))
    assert len(calls) == 2
    failed_pdf.refresh_from_db()
    assert failed_pdf.status == DocumentStatus.FAILED
