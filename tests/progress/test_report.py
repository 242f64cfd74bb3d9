"""The review report: its figures, the web page, and the PDF made by the background task
(read back with pypdf)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.progress.conftest import german
from tests.progress.factories import indicator_make, progress_make
from zukunftswerkstatt.core.models import DocumentStatus
from zukunftswerkstatt.plans.models import MeasureStatus
from zukunftswerkstatt.progress import selectors, services
from zukunftswerkstatt.progress.models import ReviewReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(review_round, measure, measure_b, participant, staff_a, org_admin):
    progress_make(measure=measure, by=staff_a, percent=60, text="Zehn Bänke stehen.")
    progress_make(measure=measure_b, by=org_admin, status="paused", percent=20, reason="Kein Fahrer gefunden.")
    indicator_make(measure=measure, by=staff_a, name="Bänke aufgestellt", values=[(dt.date(2025, 6, 1), "20")])
    services.rating_set(review_round=review_round, measure=measure, user=participant, score=5, comment="Sehr schön!")
    services.rating_set(review_round=review_round, measure=measure, user=staff_a, score=3)
    services.rating_set(review_round=review_round, measure=measure_b, user=participant, score=1, comment="Schade.")
    return review_round


def test_report_figures(rated, idea):
    data = selectors.review_report(review_round=rated)
    assert data["summary"].total == 2
    statuses = {row.status: row.count for row in data["summary"].by_status}
    assert statuses["in_progress"] == 1
    assert statuses["paused"] == 1
    assert data["ratings_total"] == 3
    assert data["participation"].contributions_total == 1
    assert data["participation"].raters == 2
    assert data["participation"].prioritisation_ballots == 0  # plans has ballots: counted, none yet
    assert data["comment_count"] == 2
    by_id = {m.pk: m for m in data["measures"]}
    assert by_id[rated.ratings.first().measure_id].rating is not None


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_staff_makes_the_pdf_and_downloads_it(
    client_for, review_module, rated, org_admin, django_capture_on_commit_callbacks
):
    client = client_for(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("progress:report_pdf", args=[review_module.pk, rated.pk]))
    assert response.status_code == 302
    report = ReviewReport.objects.get()
    assert report.status == DocumentStatus.DONE, report.error
    page = client.get(reverse("progress:round", args=[review_module.pk, rated.pk]))
    download = reverse("progress:report_download", args=[review_module.pk, report.pk])
    assert download in page.content.decode()
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(b"".join(response.streaming_content)).split())
    assert "Zwischenbilanz 2026" in text
    assert "Bänke in der Innenstadt" in text
    assert "Bürgerbus Ellefeld" in text
    assert "Kein Fahrer gefunden." in text
    assert "Bänke aufgestellt" in text  # the indicator
    assert "Sehr schön!" in text  # what citizens said
    assert german(str(MeasureStatus.PAUSED.label)) in text  # the status, in German once translated


def test_pdf_download_is_for_coordinators_only(client_for, review_module, rated, org_admin, staff_a, participant):
    report = services.review_report_request(review_round=rated, requested_by=org_admin)
    services.review_report_make(report=report)
    download = reverse("progress:report_download", args=[review_module.pk, report.pk])
    assert client_for(participant).get(download).status_code == 403
    assert client_for(staff_a).get(download).status_code == 403


def test_web_report_shows_distributions_and_comments(client_for, review_module, rated, staff_a):
    response = client_for(staff_a).get(reverse("progress:report", args=[review_module.pk, rated.pk]))
    text = response.content.decode()
    assert "Sehr schön!" in text
    assert "Schade." in text
    assert 'role="img"' in text
