"""Query counts of the public pages are pinned: they do not grow with the number of measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.progress.factories import indicator_make, measure_make, milestone_make, progress_make
from zukunftswerkstatt.progress import selectors

pytestmark = pytest.mark.django_db

PROGRESS_PAGE_QUERIES = 9


def _more_measures(process, by, topics, towns, count):
    for number in range(count):
        measure = measure_make(
            process=process,
            by=by,
            title=f"Maßnahme {number}",
            topic=topics[number % 2],
            municipalities=towns[: number % 3],
        )
        milestone_make(measure=measure, by=by, due_on=timezone.localdate() - dt.timedelta(days=number))
        progress_make(measure=measure, by=by, percent=number * 5 % 100)


@pytest.mark.parametrize("view", ["topic", "town"])
def test_public_progress_page_query_count_is_fixed(
    client, django_assert_num_queries, review_module, process, org_admin, topics, town_a, town_b, view, review_round
):
    _more_measures(process, org_admin, topics, [town_a, town_b], 3)
    url = reverse("progress:module", args=[review_module.pk])
    with django_assert_num_queries(PROGRESS_PAGE_QUERIES):
        client.get(url, {"view": view})
    _more_measures(process, org_admin, topics, [town_a, town_b], 9)
    with django_assert_num_queries(PROGRESS_PAGE_QUERIES):
        response = client.get(url, {"view": view})
    assert response.status_code == 200
    assert ">Maßnahme 8<" in response.content.decode()


def test_measures_for_progress_takes_three_queries(
    django_assert_num_queries, process, org_admin, topics, town_a, town_b
):
    _more_measures(process, org_admin, topics, [town_a, town_b], 5)
    with django_assert_num_queries(3):
        measures = selectors.measures_for_progress(process=process)
        selectors.plan_summary(measures)
        selectors.groups_by_topic(measures)
        selectors.groups_by_town(measures, [town_a, town_b])


def test_measure_page_query_count_does_not_grow_with_indicators(
    client, django_assert_num_queries, review_module, measure, staff_a
):
    url = reverse("progress:measure", args=[review_module.pk, measure.pk])
    indicator_make(measure=measure, by=staff_a, name="A", values=[(dt.date(2025, 3, 1), "12")])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(url)
    indicator_make(
        measure=measure, by=staff_a, name="B", values=[(dt.date(2025, 3, 1), "12"), (dt.date(2025, 4, 1), "14")]
    )
    with django_assert_num_queries(len(first)):
        client.get(url)


def test_my_contributions_query_count_is_fixed(
    client_for, django_assert_num_queries, participant, measure, ideas_module, review_module
):
    from tests.ideas.factories import IdeaFactory

    client = client_for(participant)
    url = reverse("progress:mine")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for number in range(4):
        IdeaFactory(module=ideas_module, author=participant, title=f"Noch eine Idee {number}")
    with django_assert_num_queries(len(first)):
        client.get(url)
