"""Contributions in the API: what the idea collection shows, filters, cursors, no person, fixed queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.api.conftest import api_get
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Channel, Idea, Kind, Status, Visibility

pytestmark = pytest.mark.django_db


def _url(process, suffix: str = "") -> str:
    return f"/api/v1/organisations/{process.organisation.slug}/processes/{process.slug}/contributions{suffix}"


def _all(client, url: str) -> list[dict]:
    items = []
    while url:
        response = api_get(client, url)
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["results"]
        url = body["next"]
    return items


def _published(module, **kwargs) -> Idea:
    idea = IdeaFactory(module=module, **kwargs)
    Idea.objects.filter(pk=idea.pk).update(visibility=Visibility.PUBLISHED)
    idea.refresh_from_db()
    return idea


def test_a_contribution_shows_what_its_page_shows_without_its_author(
    client, process, ideas_module, town_a, topics, target_groups
):
    author = UserFactory(display_name="SECRET-NAME")
    idea = _published(
        ideas_module,
        author=author,
        kind=Kind.PROPOSAL,
        title="Sitzbänke am Marktplatz",
        text="Am Marktplatz fehlen Sitzbänke.",
        municipality=town_a,
        topic=topics[0],
        target_groups=target_groups[:2],
        place_name="Marktplatz",
        latitude="50.500000",
        longitude="12.400000",
    )
    Idea.objects.filter(pk=idea.pk).update(moderator_note="SECRET-NOTE")
    response = api_get(client, _url(process, f"/{idea.pk}"))
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Sitzbänke am Marktplatz"
    assert body["reference"] == idea.reference
    assert body["kind"] == "proposal"
    assert body["kind_label"] == "Proposal"
    assert body["town"] == {"id": town_a.pk, "name": town_a.name}
    assert body["topic"]["name"] == topics[0].name
    assert [group["id"] for group in body["target_groups"]] == [group.pk for group in target_groups[:2]]
    assert (body["latitude"], body["longitude"]) == (50.5, 12.4)
    assert body["channel"] == "online"
    assert body["url"].endswith(idea.get_absolute_url())
    assert client.get(idea.get_absolute_url()).status_code == 200
    text = response.content.decode()
    assert "SECRET" not in text
    assert "author" not in body


def test_guest_and_offline_senders_never_appear(client, process, guest_module):
    guest = IdeaFactory(
        module=guest_module,
        author=None,
        guest_name="SECRET-GUEST",
        guest_email="g@example.org",
        guest_email_consent=True,
        language="de",
    )
    Idea.objects.filter(pk=guest.pk).update(visibility=Visibility.PUBLISHED)
    letter = _published(guest_module, author=None, channel=Channel.LETTER)
    Idea.objects.filter(pk=letter.pk).update(author_name="SECRET-SENDER")
    items = _all(client, _url(process))
    assert {item["id"] for item in items} == {guest.pk, letter.pk}
    assert {item["channel"] for item in items} == {"online", "letter"}
    text = str(items)
    assert "SECRET" not in text
    assert "g@example.org" not in text


def test_hidden_pending_and_unpublished_are_absent(client, process, ideas_module, guest_module):
    shown = _published(ideas_module)
    hidden = _published(ideas_module)
    Idea.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN, hidden_reason="off topic")
    pending = IdeaFactory(module=guest_module, author=None)
    assert pending.visibility == Visibility.PENDING
    assert [item["id"] for item in _all(client, _url(process))] == [shown.pk]
    for idea in (hidden, pending):
        assert api_get(client, _url(process, f"/{idea.pk}")).status_code == 404
    ideas_module.is_published = False
    ideas_module.save()
    assert _all(client, _url(process)) == []
    assert api_get(client, _url(process, f"/{shown.pk}")).status_code == 404
    ideas_module.is_published = True
    ideas_module.save()
    process.is_published = False
    process.save()
    assert api_get(client, _url(process)).status_code == 404


def test_withdrawn_contributions_are_listed_with_their_status(client, process, ideas_module):
    idea = _published(ideas_module)
    Idea.objects.filter(pk=idea.pk).update(status=Status.WITHDRAWN)
    (item,) = _all(client, _url(process))
    assert item["status"] == "withdrawn"
    assert [i["id"] for i in _all(client, _url(process, "?status=new"))] == []


def test_status_history_and_official_answer(client, process, ideas_module, moderator):
    idea = _published(ideas_module)
    services.idea_change_status(idea=idea, status=Status.UNDER_REVIEW, reason="Wird geprüft", by=moderator)
    services.idea_answer(idea=idea, text="Wir prüfen das bis März.", by=moderator)
    body = api_get(client, _url(process, f"/{idea.pk}")).json()
    assert body["status"] == "under_review"
    assert [(c["old_status"], c["new_status"], c["reason"]) for c in body["status_history"]] == [
        ("new", "under_review", "Wird geprüft")
    ]
    assert body["official_answer"] == "Wir prüfen das bis März."
    assert body["answered_at"]
    assert moderator.display_name not in str(body)


def test_every_page_is_read_once_through_the_cursors(client, process, ideas_module):
    ideas = [_published(ideas_module) for _ in range(7)]
    items = _all(client, _url(process, "?page_size=3"))
    assert [item["id"] for item in items] == sorted((idea.pk for idea in ideas), reverse=True)
    # A contribution written while paging comes first in a new read, never twice in a running one.
    first = api_get(client, _url(process, "?page_size=3")).json()
    newer = _published(ideas_module)
    rest = _all(client, first["next"].split("testserver", 1)[-1].split("8000", 1)[-1])
    ids = [item["id"] for item in first["results"] + rest]
    assert len(ids) == len(set(ids)) == 7
    assert newer.pk not in ids


def test_filters_mirror_the_idea_collection(client, process, ideas_module, town_a, town_b, topics, target_groups):
    a = _published(
        ideas_module, kind=Kind.CRITICISM, municipality=town_a, topic=topics[0], target_groups=[target_groups[0]]
    )
    b = _published(ideas_module, kind=Kind.VISION, municipality=town_b, title="Neue Spielplätze im Park")
    c = _published(ideas_module, kind=Kind.PROPOSAL)

    def ids(query: str) -> set[int]:
        return {item["id"] for item in _all(client, _url(process, f"?{query}"))}

    assert ids("kind=criticism") == {a.pk}
    assert ids(f"town={town_b.pk}") == {b.pk}
    assert ids("whole_association=true") == {c.pk}
    assert ids(f"topic={topics[0].pk}") == {a.pk}
    assert ids(f"target_group={target_groups[0].pk}") == {a.pk}
    assert ids(f"module={ideas_module.pk}") == {a.pk, b.pk, c.pk}
    # German word forms, as the idea collection's search: the singular finds the plural.
    assert ids("q=Spielplatz") == {b.pk}
    Idea.objects.filter(pk=a.pk).update(modified=timezone.now() + dt.timedelta(hours=1))
    since = (timezone.now() + dt.timedelta(minutes=30)).isoformat()
    assert ids(f"modified_since={since.replace('+', '%2B')}") == {a.pk}


@pytest.mark.parametrize(
    "query",
    [
        "kind=wish",
        "status=nonsense",
        "youth=class",
        "module=abc",
        "town=1.5",
        "modified_since=yesterday",
        "cursor=%%%",
        "cursor=cD1hYmM=",
        "page_size=-1",
        "q=" + "x" * 300,
    ],
)
def test_bad_parameters_are_a_400_never_a_500(client, process, ideas_module, query):
    _published(ideas_module)
    response = api_get(client, _url(process, f"?{query}"))
    assert response.status_code == 400, (query, response.status_code, response.content[:300])
    assert response.json()["errors"][0]["parameter"]


def test_unknown_process_or_organisation_is_a_404(client, process):
    assert api_get(client, "/api/v1/organisations/nobody/processes/x/contributions").status_code == 404
    assert api_get(client, _url(process, "/999999")).status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_costs_the_same_queries_for_1_and_30(
    client, process, ideas_module, town_a, topics, target_groups, count, django_assert_num_queries
):
    for number in range(count):
        idea = _published(ideas_module, municipality=town_a, topic=topics[0], target_groups=target_groups[:2])
        services.idea_change_status(idea=idea, status=Status.UNDER_REVIEW, reason=f"r{number}", by=None)
    # Process, its modules, the page, target groups, status changes.
    with django_assert_num_queries(5):
        response = api_get(client, _url(process))
    assert len(response.json()["results"]) == count
