"""Asking for the profile's PDF is limited per account too (settings.RATE_LIMITS; visitors:
test_document.py): the request after the limit makes no PDF and goes back to the document."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.rate_limits import one_per_hour
from zukunftswerkstatt.reports.models import ProfilePdf

pytestmark = pytest.mark.django_db


def test_a_second_pdf_over_the_account_limit_is_not_made(client_for, document_module, moderator, settings):
    one_per_hour(settings, "reports.pdf:account")
    client = client_for(moderator)
    url = reverse("reports:pdf_request", args=[document_module.pk])
    first = client.post(url, {"renew": "1"})  # staff may ask for a new one each time
    assert first["Location"] == ProfilePdf.objects.get().get_absolute_url()
    second = client.post(url, {"renew": "1"})
    assert second.status_code == 302
    assert second["Location"] == document_module.get_absolute_url()
    assert ProfilePdf.objects.count() == 1
