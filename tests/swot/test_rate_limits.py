"""The SWOT analysis's rate limits (settings.RATE_LIMITS) through HTTP: the write after the limit is
refused and nothing is saved. (Guests' suggestions: test_views.py; comments have tests of their own.)"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.swot.conftest import german
from tests.swot.factories import SwotCommentFactory
from zukunftswerkstatt.swot.models import SwotCommentReport, SwotSuggestion

pytestmark = pytest.mark.django_db

RATE_LIMIT_MESSAGE = "You have sent a lot in a short time. Please wait a while and try again."


@pytest.fixture
def one_per_hour(settings):
    def limit(name: str) -> None:
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, name: "1/h"}

    return limit


def told_to_wait(response) -> bool:
    return german(RATE_LIMIT_MESSAGE) in [str(m) for m in get_messages(response.wsgi_request)]


def report_url(comment) -> str:
    item = comment.item
    return reverse("swot:report", args=[item.module_id, item.pk, comment.pk])


@pytest.mark.parametrize("who", ["ip", "account"])
def test_a_second_report_over_the_limit_is_refused(
    client, client_for, participant, association_item, one_per_hour, who
):
    one_per_hour(f"swot.report:{who}")
    if who == "account":
        client_for(participant)
    first, second = SwotCommentFactory(item=association_item), SwotCommentFactory(item=association_item)
    assert client.post(report_url(first), {"reason": "Beleidigend", "website": ""}).status_code == 302
    response = client.post(report_url(second), {"reason": "Auch das", "website": ""})
    assert response.status_code == 200
    assert told_to_wait(response)
    assert list(SwotCommentReport.objects.values_list("comment", flat=True)) == [first.pk]


def test_a_second_suggestion_over_the_account_limit_is_refused(client_for, participant, swot_module, one_per_hour):
    one_per_hour("swot.suggestion:account")
    client = client_for(participant)
    url = reverse("swot:suggest", args=[swot_module.pk])
    data = {"quadrant": "opportunity", "municipality": "all"}
    assert client.post(url, {**data, "statement": "Radweg"}).status_code == 302
    response = client.post(url, {**data, "statement": "Noch ein Radweg"})
    assert response.status_code == 200
    assert told_to_wait(response)
    assert list(SwotSuggestion.objects.values_list("statement", flat=True)) == ["Radweg"]
