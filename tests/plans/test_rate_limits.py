"""The action plan's rate limits (settings.RATE_LIMITS) through HTTP: the offer of help or the vote
after the limit is refused and nothing is saved. Both need an account, so the ":account" entries
are the ones that apply."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.rate_limits import one_per_hour, told_to_wait
from zukunftswerkstatt.plans.models import Dot, HelpOffer

pytestmark = pytest.mark.django_db


def test_a_second_offer_of_help_over_the_limit_is_refused(client_for, measure, measure_two, participant, settings):
    one_per_hour(settings, "plans.help:account")
    client = client_for(participant)
    response = client.post(reverse("plans:help_offer", kwargs={"pk": measure.pk}), {"message": "Ich helfe gern."})
    assert response.status_code == 302
    response = client.post(reverse("plans:help_offer", kwargs={"pk": measure_two.pk}), {"message": "Hier auch."})
    assert response.status_code == 200
    assert told_to_wait(response)
    assert list(HelpOffer.objects.values_list("measure", flat=True)) == [measure.pk]


def test_a_second_vote_over_the_limit_is_refused(client_for, vote_module, measure, measure_two, participant, settings):
    one_per_hour(settings, "plans.vote:account")
    client = client_for(participant)
    url = reverse("plans:vote", kwargs={"module_pk": vote_module.pk})
    client.post(url, {"add": measure.pk})
    response = client.post(url, {"add": measure_two.pk})
    assert response.status_code == 302
    assert told_to_wait(response)
    assert list(Dot.objects.values_list("measure", flat=True)) == [measure.pk]
