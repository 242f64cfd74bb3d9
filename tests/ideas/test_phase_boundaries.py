"""The idea collection at the edges of its phase: open from the first microsecond of the phase,
closed at the moment it ends (end exclusive, as the process page's "running" says)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from tests.ideas.factories import IdeaFactory
from zukunftswerkstatt.ideas.models import Idea, Kind

pytestmark = pytest.mark.django_db

MICROSECOND = dt.timedelta(microseconds=1)


@pytest.mark.parametrize("permission", ["ideas.add_idea", "ideas.comment_idea", "ideas.support_idea"])
def test_participant_may_act_until_the_last_microsecond_of_the_phase_and_not_at_its_end(
    participant, ideas_module, workshop, permission
):
    idea = IdeaFactory(module=ideas_module)
    target = ideas_module if permission == "ideas.add_idea" else idea
    with freeze_time(workshop.start - MICROSECOND):
        assert participant.has_perm(permission, target) is False
    with freeze_time(workshop.start):
        assert participant.has_perm(permission, target) is True
    with freeze_time(workshop.end - MICROSECOND):
        assert participant.has_perm(permission, target) is True
    with freeze_time(workshop.end):
        assert participant.has_perm(permission, target) is False


def test_contributing_at_exactly_the_end_of_the_phase_is_refused(client_for, participant, ideas_module, workshop):
    client = client_for(participant)
    url = reverse("ideas:create", kwargs={"module_pk": ideas_module.pk})
    data = {"kind": Kind.PROPOSAL, "title": "Ein Bücherschrank am Markt", "description": "Zum Tauschen."}
    with freeze_time(workshop.end):
        response = client.post(url, data)
    assert response.status_code == 403
    assert not Idea.objects.filter(title="Ein Bücherschrank am Markt").exists()
