"""The team sees why a review report failed and builds it again on the same row (core/documents.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from zukunftswerkstatt.core.models import DocumentFailure, DocumentStatus
from zukunftswerkstatt.progress.models import ReviewReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_report(review_round, org_admin):
    return ReviewReport.objects.create(
        review_round=review_round,
        requested_by=org_admin,
        status=DocumentStatus.FAILED,
        failure=DocumentFailure.WORKER_LOST,
        error="The worker ended during each of 3 builds.",
        finished_at=timezone.now(),
        attempts=3,
    )


def test_the_team_sees_why_the_report_failed_and_builds_it_again(
    client_for, org_admin, review_module, failed_report, mail_on_commit
):
    client = client_for(org_admin)
    round_url = reverse("progress:round", args=[review_module.pk, failed_report.review_round_id])
    retry = reverse("progress:report_retry", args=[review_module.pk, failed_report.pk])
    page = client.get(round_url).content.decode()
    assert "Die Erstellung wurde abgebrochen" in page
    assert retry in page
    with mail_on_commit():
        response = client.post(retry)
    assert response["Location"] == round_url + "#reports"
    failed_report.refresh_from_db()
    assert (failed_report.status, failed_report.attempts) == (DocumentStatus.DONE, 1), failed_report.error
    assert failed_report.page_count >= 1


def test_people_outside_the_team_cannot_build_it_again(client_for, participant, client, review_module, failed_report):
    retry = reverse("progress:report_retry", args=[review_module.pk, failed_report.pk])
    for person in (client, client_for(participant)):
        assert person.post(retry).status_code in (403, 404)
    failed_report.refresh_from_db()
    assert failed_report.status == DocumentStatus.FAILED
