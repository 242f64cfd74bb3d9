"""The team sees why a plan document failed and builds it again on the same row (core/documents.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zukunftswerkstatt.core.models import DocumentFailure, DocumentStatus
from zukunftswerkstatt.plans import exports
from zukunftswerkstatt.plans.models import PlanExport

pytestmark = pytest.mark.django_db


def test_staff_see_why_the_document_failed_and_build_it_again(
    client_for, staff_a, plan_module, measure, mail_on_commit, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("Pango missing")

    url = reverse("plans:plan_export", kwargs={"module_pk": plan_module.pk, "file_format": "pdf"})
    client = client_for(staff_a)
    monkeypatch.setattr(exports, "plan_document_render", broken)
    with mail_on_commit():
        client.get(url)
    export = PlanExport.objects.get()
    assert (export.status, export.failure) == (DocumentStatus.FAILED, DocumentFailure.ERROR)
    page = client.get(url).content.decode()  # the team is shown the failed one, not a new build
    assert PlanExport.objects.count() == 1
    retry = reverse("plans:export_retry", kwargs={"process_pk": export.process_id, "pk": export.pk})
    assert retry in page
    assert "Pango missing" in page
    monkeypatch.undo()
    with mail_on_commit():
        response = client.post(retry)
    assert response["Location"] == url
    export.refresh_from_db()
    assert (export.status, export.attempts) == (DocumentStatus.DONE, 1)
    assert PlanExport.objects.count() == 1


def test_people_outside_the_team_neither_see_the_reason_nor_build_it_again(
    client_for, participant, client, plan_module, measure, mail_on_commit, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("Pango missing")

    monkeypatch.setattr(exports, "plan_document_render", broken)
    url = reverse("plans:plan_export", kwargs={"module_pk": plan_module.pk, "file_format": "pdf"})
    with mail_on_commit():
        client.get(url)
    export = PlanExport.objects.get()
    assert export.status == DocumentStatus.FAILED
    page = client.get(url).content.decode()  # a citizen's new request is a new build
    assert "Pango missing" not in page
    assert PlanExport.objects.count() == 2
    retry = reverse("plans:export_retry", kwargs={"process_pk": export.process_id, "pk": export.pk})
    assert retry not in page
    for person in (client, client_for(participant)):
        assert person.post(retry).status_code == 403
    export.refresh_from_db()
    assert export.status == DocumentStatus.FAILED
