"""The team sees why a SWOT PDF failed and builds it again on the same row (core/documents.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from zukunftswerkstatt.core.models import DocumentFailure, DocumentStatus
from zukunftswerkstatt.swot.models import SwotPdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_pdf(swot_module):
    return SwotPdf.objects.create(
        module=swot_module,
        status=DocumentStatus.FAILED,
        failure=DocumentFailure.WORKER_LOST,
        error="The worker ended during each of 3 builds.",
        finished_at=timezone.now(),
        attempts=3,
    )


def retry_url(pdf) -> str:
    return reverse("swot:pdf_retry", args=[pdf.module_id, pdf.pk])


def test_staff_see_why_the_pdf_failed_and_build_it_again(client_for, staff_a, failed_pdf, run_on_commit):
    client = client_for(staff_a)
    page = client.get(failed_pdf.get_absolute_url()).content.decode()
    assert "Die Erstellung wurde abgebrochen" in page
    assert retry_url(failed_pdf) in page
    with run_on_commit():
        response = client.post(retry_url(failed_pdf))
    assert response["Location"] == failed_pdf.get_absolute_url()
    failed_pdf.refresh_from_db()
    assert (failed_pdf.status, failed_pdf.attempts) == (DocumentStatus.DONE, 1), failed_pdf.error
    assert failed_pdf.file.open("rb").read(4) == b"%PDF"
    assert SwotPdf.objects.count() == 1


def test_people_outside_the_team_cannot_build_it_again(client_for, participant, client, failed_pdf):
    for person in (client, client_for(participant)):
        assert person.post(retry_url(failed_pdf)).status_code in (403, 404)
    failed_pdf.refresh_from_db()
    assert failed_pdf.status == DocumentStatus.FAILED
