"""Many people clicking at once: the support count stays exact (PostgreSQL, real parallel transactions)."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from tests.concurrency import at_once, postgresql_races
from tests.factories import UserFactory
from tests.ideas.helpers import url
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Idea, ReferenceSequence, Support

pytestmark = postgresql_races

THREADS = 8


def counts(idea) -> tuple[int, int]:
    idea.refresh_from_db()
    return idea.support_count, Support.objects.filter(idea=idea).count()


def test_one_person_double_clicking_support_in_many_threads_counts_once(idea, staff_a):
    clients = []
    for _tab in range(THREADS):
        client = Client()
        client.force_login(staff_a)
        clients.append(client)
    address = url("support", idea.module, idea)
    responses = []
    errors = at_once(lambda client: responses.append(client.post(address, {"action": "support"})), clients)
    assert errors == []
    assert [response.status_code for response in responses] == [302] * THREADS
    assert counts(idea) == (1, 1)


def test_one_person_supporting_in_many_threads_through_the_service_counts_once(idea, staff_a):
    errors = at_once(lambda _n: services.support_add(idea=idea, user=staff_a), list(range(THREADS)))
    assert errors == []
    assert counts(idea) == (1, 1)


def test_many_people_supporting_and_taking_back_at_once_are_each_counted(idea):
    people = UserFactory.create_batch(THREADS)
    errors = at_once(lambda person: services.support_toggle(idea=idea, user=person), people)
    assert errors == []
    assert counts(idea) == (THREADS, THREADS)
    # Everyone takes it back, with a double click each.
    errors = at_once(lambda person: services.support_set(idea=idea, user=person, supported=False), people * 2)
    assert errors == []
    assert counts(idea) == (0, 0)


def test_parallel_toggles_of_one_person_keep_the_count_equal_to_the_supports(idea, staff_a):
    errors = at_once(lambda _n: services.support_toggle(idea=idea, user=staff_a), list(range(THREADS)))
    assert errors == []
    support_count, rows = counts(idea)
    assert support_count == rows
    assert rows in (0, 1)


def test_contributions_created_at_once_get_different_references_in_sequence(ideas_module, guest_module):
    # The first contribution of a year creates its sequence row: the hardest moment to race.
    people = UserFactory.create_batch(THREADS)

    def contribute(person):
        module = guest_module if person is None else ideas_module
        services.idea_create(module=module, author=person, kind="proposal", title="Gleichzeitig", text="Text")

    errors = at_once(contribute, [*people, *([None] * THREADS)])
    assert errors == []
    references = sorted(Idea.objects.values_list("reference", flat=True))
    year = timezone.localdate().year
    assert references == [f"ZW-{year}-{n:04d}" for n in range(1, 2 * THREADS + 1)]
    assert ReferenceSequence.objects.get(year=year).last == 2 * THREADS
