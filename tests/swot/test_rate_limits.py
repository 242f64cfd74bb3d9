"""The SWOT analysis's rate limits (settings.RATE_LIMITS) through HTTP: the write after the limit is
refused and nothing is saved. (Guests' suggestions: test_views.py; comments have tests of their own.)"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.rate_limits import one_per_hour, told_to_wait
from tests.swot.factories import SwotCommentFactory
from zukunftswerkstatt.conversation.models import CommentReport
from zukunftswerkstatt.swot.models import SwotSuggestion

pytestmark = pytest.mark.django_db


def report_url(comment) -> str:
    item = comment.target
    return reverse("swot:report", args=[item.module_id, item.pk, comment.pk])


@pytest.mark.parametrize("who", ["ip", "account"])
def test_a_second_report_over_the_limit_is_refused(client, client_for, participant, association_item, settings, who):
    one_per_hour(settings, f"swot.report:{who}")
    if who == "account":
        client_for(participant)
    first, second = SwotCommentFactory(item=association_item), SwotCommentFactory(item=association_item)
    assert client.post(report_url(first), {"reason": "Beleidigend", "website": ""}).status_code == 302
    response = client.post(report_url(second), {"reason": "Auch das", "website": ""})
    assert response.status_code == 200
    assert told_to_wait(response)
    assert list(CommentReport.objects.values_list("comment", flat=True)) == [first.pk]


def test_a_second_suggestion_over_the_account_limit_is_refused(client_for, participant, swot_module, settings):
    one_per_hour(settings, "swot.suggestion:account")
    client = client_for(participant)
    url = reverse("swot:suggest", args=[swot_module.pk])
    data = {"quadrant": "opportunity", "municipality": "all"}
    assert client.post(url, {**data, "statement": "Radweg"}).status_code == 302
    response = client.post(url, {**data, "statement": "Noch ein Radweg"})
    assert response.status_code == 200
    assert told_to_wait(response)
    assert list(SwotSuggestion.objects.values_list("statement", flat=True)) == ["Radweg"]
