"""Finding contributions: the list with filters, search, sorting, paging and the map."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from tests.ideas.factories import CommentFactory, IdeaFactory
from tests.ideas.helpers import url
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Idea, Kind, Status
from zukunftswerkstatt.processes.models import Module
from zukunftswerkstatt.processes.services import module_create

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [idea.title for idea in response.context["ideas"]]


@pytest.fixture
def collection(ideas_module, town_a, town_b, topics, target_groups, moderator):
    """Five contributions, created a day apart, with different kinds, towns, topics, groups and counts."""
    youth, seniors = target_groups[0], target_groups[-1]
    start = timezone.now() - dt.timedelta(days=5)
    specs = [
        ("Busse am Abend", Kind.CRITICISM, town_a, topics[0], [seniors], "Haltestelle Markt"),
        ("Jugendtreff", Kind.VISION, town_b, topics[1], [youth], ""),
        ("Neue Spielplätze", Kind.PROPOSAL, None, topics[1], [youth], "Stadtpark"),
        ("Sitzbänke", Kind.PROPOSAL, town_a, None, [seniors], ""),
        ("Radweg nach Ellefeld", Kind.VISION, town_b, topics[0], [], ""),
    ]
    people = UserFactory.create_batch(4)
    ideas = {}
    for day, (title, kind, town, topic, groups, place) in enumerate(specs):
        ideas[title] = IdeaFactory(
            module=ideas_module,
            author=people[0],
            kind=kind,
            title=title,
            text=f"{title}: bitte darüber sprechen.",
            municipality=town,
            topic=topic,
            target_groups=groups,
            place_name=place,
        )
        Idea.objects.filter(pk=ideas[title].pk).update(created=start + dt.timedelta(days=day))
    for supporter in people[1:]:
        services.support_add(idea=ideas["Sitzbänke"], user=supporter)
    services.support_add(idea=ideas["Jugendtreff"], user=supporter)
    for commenter in people[1:3]:
        CommentFactory(idea=ideas["Radweg nach Ellefeld"], author=commenter)
    CommentFactory(idea=ideas["Busse am Abend"], author=people[3])
    services.idea_change_status(idea=ideas["Jugendtreff"], by=moderator, status=Status.IN_PLAN, reason="Maßnahme 2")
    return ideas


def test_the_list_shows_contributions_newest_first(client, ideas_module, collection):
    response = client.get(url("list", ideas_module))
    assert response.status_code == 200
    assert titles(response) == [
        "Radweg nach Ellefeld",
        "Sitzbänke",
        "Neue Spielplätze",
        "Jugendtreff",
        "Busse am Abend",
    ]


def test_the_list_leaves_out_waiting_and_hidden_contributions(
    client, ideas_module, guest_module, collection, moderator
):
    services.idea_hide(idea=collection["Sitzbänke"], by=moderator, reason="Doppelt")
    IdeaFactory(module=ideas_module, author=None, title="Gastbeitrag")  # waits for moderation
    response = client.get(url("list", ideas_module))
    assert "Sitzbänke" not in titles(response)
    assert "Gastbeitrag" not in titles(response)
    assert response.context["page"].paginator.count == 4


FILTERS = [
    ({"kind": "vision"}, {"Jugendtreff", "Radweg nach Ellefeld"}),
    ({"kind": "proposal", "town": "A"}, {"Sitzbänke"}),
    ({"town": "all"}, {"Neue Spielplätze"}),
    ({"town": "B"}, {"Jugendtreff", "Radweg nach Ellefeld"}),
    ({"topic": "Wohnen"}, {"Busse am Abend", "Radweg nach Ellefeld"}),
    ({"group": "youth"}, {"Jugendtreff", "Neue Spielplätze"}),
    ({"status": "in_plan"}, {"Jugendtreff"}),
    ({"status": "in_plan", "kind": "criticism"}, set()),
]


def test_each_filter_narrows_the_list(client, ideas_module, collection, town_a, town_b, topics, target_groups):
    values = {"A": town_a.pk, "B": town_b.pk, "Wohnen": topics[0].pk, "youth": target_groups[0].pk}
    for query, expected in FILTERS:
        params = {key: values.get(value, value) for key, value in query.items()}
        response = client.get(url("list", ideas_module), params)
        assert set(titles(response)) == expected, query
        assert response.context["filtered"], query


def test_authors_see_their_own_waiting_or_hidden_contributions_in_the_list(
    client_for, guest_module, participant, moderator
):
    IdeaFactory(module=guest_module, title="Öffentlich")
    own = IdeaFactory(module=guest_module, author=participant, title="Paulas Beitrag")
    services.idea_hide(idea=own, by=moderator, reason="Doppelt")
    IdeaFactory(module=guest_module, author=None, title="Gastbeitrag")  # waits for moderation
    assert titles(client_for(participant).get(url("list", guest_module))) == ["Paulas Beitrag", "Öffentlich"]
    assert titles(client_for(UserFactory()).get(url("list", guest_module))) == ["Öffentlich"]


def test_filter_values_that_make_no_sense_are_ignored(client, ideas_module, collection):
    response = client.get(
        url("list", ideas_module), {"kind": "<script>", "town": "999999", "sort": "evil", "page": "x"}
    )
    assert response.status_code == 200
    assert len(titles(response)) == 5
    assert "<script>" not in response.content.decode()


def test_search_finds_words_in_title_text_and_place(client, ideas_module, collection):
    assert titles(client.get(url("list", ideas_module), {"q": "Radweg"})) == ["Radweg nach Ellefeld"]
    assert titles(client.get(url("list", ideas_module), {"q": "Stadtpark"})) == ["Neue Spielplätze"]
    assert titles(client.get(url("list", ideas_module), {"q": "Radweg Jugendtreff"})) == []


def test_search_keeps_its_filters(client, ideas_module, collection):
    response = client.get(url("list", ideas_module), {"q": "bitte", "kind": "vision"})
    assert set(titles(response)) == {"Jugendtreff", "Radweg nach Ellefeld"}


def test_sorting_by_newest_most_supported_and_most_discussed(client, ideas_module, collection):
    def ordered(sort):
        return titles(client.get(url("list", ideas_module), {"sort": sort}))

    assert ordered("newest")[0] == "Radweg nach Ellefeld"
    assert ordered("supported")[:2] == ["Sitzbänke", "Jugendtreff"]
    assert ordered("discussed")[:2] == ["Radweg nach Ellefeld", "Busse am Abend"]


@pytest.fixture
def many_ideas(ideas_module, participant):
    return IdeaFactory.create_batch(41, module=ideas_module, author=participant)


def all_pages(client, module, params) -> list[int]:
    seen, page = [], 1
    while True:
        response = client.get(url("list", module), {**params, "page": page})
        seen += [idea.pk for idea in response.context["ideas"]]
        if not response.context["page"].has_next():
            return seen
        page += 1


def test_the_list_is_paged_twenty_at_a_time(client, ideas_module, many_ideas):
    response = client.get(url("list", ideas_module))
    assert len(response.context["ideas"]) == 20
    assert response.context["page"].paginator.num_pages == 3
    assert 'rel="next"' in response.content.decode()
    last = client.get(url("list", ideas_module), {"page": 99})
    assert last.context["page"].number == 3
    assert len(last.context["ideas"]) == 1
    filtered = client.get(url("list", ideas_module), {"kind": "proposal", "page": 2})
    assert "kind=proposal&amp;page=3" in filtered.content.decode(), "the page links keep the filters"


def test_random_order_is_stable_for_one_visitor_and_pages_show_each_contribution_once(client, ideas_module, many_ideas):
    first_walk = all_pages(client, ideas_module, {"sort": "random"})
    assert sorted(first_walk) == sorted(idea.pk for idea in many_ideas)
    assert all_pages(client, ideas_module, {"sort": "random"}) == first_walk
    assert first_walk != [idea.pk for idea in sorted(many_ideas, key=lambda i: i.created, reverse=True)]


def test_random_order_differs_between_visitors(ideas_module, many_ideas):
    from django.test import Client

    first_pages = set()
    for _visitor in range(4):
        response = Client().get(url("list", ideas_module), {"sort": "random"})
        first_pages.add(tuple(idea.pk for idea in response.context["ideas"]))
    assert len(first_pages) > 1


def test_the_list_of_an_unknown_or_other_module_is_not_found(client, ideas_module, workshop):
    information = module_create(phase=workshop, type="information", title="Info", position=5)
    assert client.get(url("list", information)).status_code == 404
    assert client.get(url("list", Module(pk=999999))).status_code == 404


def test_an_unpublished_module_is_not_found_except_for_moderators(client_for, client, ideas_module, moderator):
    ideas_module.is_published = False
    ideas_module.save(update_fields=["is_published"])
    assert client.get(url("list", ideas_module)).status_code == 404
    assert client_for(moderator).get(url("list", ideas_module)).status_code == 200
