"""Many clicks at once never exceed a person's allowance (PostgreSQL, real parallel transactions)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.concurrency import at_once, postgresql_races
from zukunftswerkstatt.plans import services
from zukunftswerkstatt.plans.models import Ballot, Dot

pytestmark = postgresql_races

THREADS = 8


def total(module, user) -> int:
    return sum(Dot.objects.filter(ballot__module=module, ballot__user=user).values_list("points", flat=True))


def test_parallel_clicks_of_one_person_stop_at_the_allowance(vote_module, measure, measure_two, participant):
    refused = []

    def click(measure_to_vote):
        try:
            services.dot_add(module=vote_module, user=participant, measure=measure_to_vote)
        except ValidationError:
            refused.append(measure_to_vote)

    errors = at_once(click, [measure, measure_two] * (THREADS // 2))
    assert errors == []
    assert total(vote_module, participant) == 5
    assert len(refused) == THREADS - 5
    assert Ballot.objects.filter(module=vote_module, user=participant).count() == 1


def test_parallel_ballots_of_one_person_never_add_up_over_the_allowance(vote_module, measure, measure_two, participant):
    ballots = [{measure.pk: 5}, {measure_two.pk: 5}, {measure.pk: 3, measure_two.pk: 2}] * 2
    errors = at_once(lambda points: services.ballot_set(module=vote_module, user=participant, points=points), ballots)
    assert errors == []
    assert total(vote_module, participant) == 5


def test_parallel_clicks_through_http_from_many_tabs_stop_at_the_allowance(vote_module, measure, participant):
    clients = []
    for _tab in range(THREADS):
        client = Client()
        client.force_login(participant)
        clients.append(client)
    address = reverse("plans:vote", kwargs={"module_pk": vote_module.pk})
    responses = []
    errors = at_once(lambda client: responses.append(client.post(address, {"add": measure.pk})), clients)
    assert errors == []
    assert [r.status_code for r in responses] == [302] * THREADS
    assert total(vote_module, participant) == 5
