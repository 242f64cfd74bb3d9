"""The idea collection's rate limits (settings.RATE_LIMITS) through HTTP, for people signed in: the
write after the limit is refused and nothing is saved. (Visitors' limits: test_views_contribute.py
and test_views_discuss.py; comments have tests of their own.)"""

from __future__ import annotations

import pytest

from tests.ideas.factories import IdeaFactory
from tests.ideas.helpers import idea_form_data, url
from tests.rate_limits import one_per_hour, told_to_wait
from zukunftswerkstatt.ideas.models import Idea, Report, Support

pytestmark = pytest.mark.django_db


def test_a_second_contribution_over_the_account_limit_is_refused(client_for, participant, ideas_module, settings):
    one_per_hour(settings, "ideas.idea:account")
    client = client_for(participant)
    assert client.post(url("create", ideas_module), idea_form_data(title="Erster Beitrag")).status_code == 302
    response = client.post(url("create", ideas_module), idea_form_data(title="Zweiter Beitrag"))
    assert response.status_code == 200
    assert told_to_wait(response)
    assert list(Idea.objects.values_list("title", flat=True)) == ["Erster Beitrag"]


def test_a_second_support_over_the_limit_is_refused(client_for, staff_a, idea, ideas_module, settings):
    one_per_hour(settings, "ideas.support:account")
    other = IdeaFactory(module=ideas_module, title="Ein zweiter Beitrag")
    client = client_for(staff_a)
    client.post(url("support", ideas_module, idea), {"action": "support"})
    response = client.post(url("support", ideas_module, other), {"action": "support"})
    assert response.status_code == 302
    assert told_to_wait(response)
    assert list(Support.objects.values_list("idea", flat=True)) == [idea.pk]
    other.refresh_from_db()
    assert other.support_count == 0


def test_a_second_report_over_the_account_limit_is_refused(client_for, staff_a, idea, ideas_module, settings):
    one_per_hour(settings, "ideas.report:account")
    client = client_for(staff_a)
    assert client.post(url("report", ideas_module, idea), {"reason": "Falsch"}).status_code == 302
    response = client.post(url("report", ideas_module, idea), {"reason": "Noch einmal"})
    assert response.status_code == 200
    assert told_to_wait(response)
    assert list(Report.objects.values_list("reason", flat=True)) == ["Falsch"]
