"""The plan page, the voting page, the measure page and the results: a fixed number of queries,
however many measures, contributions and votes there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from tests.plans.factories import MeasureFactory
from zukunftswerkstatt.core.models import TargetGroup
from zukunftswerkstatt.plans import services


def _fill(process, staff, ideas_module, town_a, topic, count):
    group = TargetGroup.objects.get_or_create(name="Ältere", defaults={"position": 5})[0]
    for n in range(count):
        idea = IdeaFactory(module=ideas_module, title=f"Idee {n}")
        measure = MeasureFactory(process=process, by=staff, title=f"Maßnahme {n}", topic=topic, ideas=[idea])
        measure.municipalities.add(town_a)
        measure.target_groups.add(group)
        services.milestone_create(measure=measure, by=staff, title="Start", due_on=measure.created.date())


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


PLAN_PAGE_QUERIES = 11
VOTE_PAGE_QUERIES = 10


@pytest.mark.parametrize("count", [2, 8])
def test_plan_page_queries_do_not_grow_with_measures(
    client, django_assert_num_queries, plan_module, process, staff_a, ideas_module, town_a, topic, count
):
    _fill(process, staff_a, ideas_module, town_a, topic, count)
    url = reverse("plans:plan", kwargs={"module_pk": plan_module.pk})
    client.get(url)  # sessions, caches
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        client.get(url)


@pytest.mark.parametrize("count", [2, 8])
def test_vote_page_queries_do_not_grow_with_measures(
    client_for,
    django_assert_num_queries,
    vote_module,
    process,
    staff_a,
    ideas_module,
    town_a,
    topic,
    participant,
    count,
):
    _fill(process, staff_a, ideas_module, town_a, topic, count)
    client = client_for(participant)
    url = vote_module.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(VOTE_PAGE_QUERIES):
        client.get(url)


def test_measure_page_and_results_do_not_grow(client, vote_module, process, staff_a, ideas_module, town_a, topic):
    _fill(process, staff_a, ideas_module, town_a, topic, 2)
    few = _count(client, process.measures.first().get_absolute_url())
    services.prioritisation_close(module=vote_module, by=staff_a)
    results_url = reverse("plans:results", kwargs={"module_pk": vote_module.pk})
    few_results = _count(client, results_url)
    _fill(process, staff_a, ideas_module, town_a, topic, 6)
    for person in UserFactory.create_batch(3):
        services.prioritisation_close(module=vote_module, by=staff_a, closed=False)
        services.ballot_set(module=vote_module, user=person, points={m.pk: 1 for m in process.measures.all()[:5]})
    services.prioritisation_close(module=vote_module, by=staff_a)
    assert _count(client, process.measures.last().get_absolute_url()) == few
    assert _count(client, results_url) == few_results
