"""Pages make a fixed number of queries, however many contributions, comments and supports there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tests.ideas.factories import CommentFactory, IdeaFactory
from tests.ideas.helpers import url
from zukunftswerkstatt.ideas import services

pytestmark = pytest.mark.django_db

# Every page: the module (with phase, process, organisation), the organisation for the site header.
# List: topics, towns, target groups (filters), count, the page's ids, their rows.
# Detail: the contribution, its target groups, the number of comments (pages), one page of comments, their
# replies, status history, the contributions merged into it.
# A visitor with a session (here: the random order's seed): + the session.
# Logged in: + session, user, memberships, blocks, Django's two permission look-ups, and on the list
# whether they have unpublished contributions and which of the page they support; on the detail
# whether they support and follow it.
LIST_QUERIES = {"anonymous": 9, "participant": 16}
DETAIL_QUERIES = {"anonymous": 9, "participant": 17}


def fill(module, town, topics, target_groups, people, times: int):
    """`times` × (4 contributions, each with 2 comments and a reply, and supports by everyone else)."""
    ideas = []
    for number in range(4 * times):
        idea = IdeaFactory(
            module=module,
            author=people[number % len(people)],
            municipality=town,
            topic=topics[number % 2],
            target_groups=target_groups[:2],
            place_name="Markt",
            latitude="50.5",
            longitude="12.4",
        )
        for person in people:
            if person != idea.author:
                services.support_add(idea=idea, user=person)
        top = CommentFactory(idea=idea, author=people[0])
        CommentFactory(idea=idea, author=people[1])
        CommentFactory(idea=idea, author=people[2], parent=top)
        ideas.append(idea)
    return ideas


def count(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.fixture
def people(participant):
    return [participant, *UserFactory.create_batch(3)]


@pytest.fixture
def visitors(participant):
    logged_in = Client()
    logged_in.force_login(participant)
    return {"anonymous": Client(), "participant": logged_in}


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_the_list_page_makes_the_same_few_queries_with_three_times_the_data(
    who, visitors, ideas_module, town_a, topics, target_groups, people, django_assert_num_queries
):
    client = visitors[who]
    fill(ideas_module, town_a, topics, target_groups, people, times=1)
    pages = [
        url("list", ideas_module),
        url("list", ideas_module) + f"?kind=proposal&town={town_a.pk}&sort=supported",
        url("list", ideas_module) + "?q=Bank&sort=random",
        url("list", ideas_module) + "?view=map",
    ]
    for page in pages:
        client.get(page)  # the visitor's session (the random order's seed) exists from now on
    small = [count(client, page) for page in pages]
    fill(ideas_module, town_a, topics, target_groups, people, times=2)  # three times as many
    assert [count(client, page) for page in pages] == small
    with django_assert_num_queries(LIST_QUERIES[who]):
        client.get(pages[0])


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_the_detail_page_makes_the_same_few_queries_with_three_times_the_comments(
    who, visitors, ideas_module, town_a, people, django_assert_num_queries
):
    client = visitors[who]
    idea = IdeaFactory(module=ideas_module, author=people[1], municipality=town_a)
    for person in people[2:]:
        services.support_add(idea=idea, user=person)

    def discuss(times):
        for _ in range(times):
            top = CommentFactory(idea=idea, author=people[0])
            CommentFactory(idea=idea, author=people[2], parent=top)
            CommentFactory(idea=idea, author=people[3], parent=top)

    discuss(2)
    client.get(idea.get_absolute_url())
    small = count(client, idea.get_absolute_url())
    discuss(4)  # three times as many
    for person in UserFactory.create_batch(4):
        services.support_add(idea=idea, user=person)
    assert count(client, idea.get_absolute_url()) == small
    with django_assert_num_queries(DETAIL_QUERIES[who]):
        client.get(idea.get_absolute_url())
