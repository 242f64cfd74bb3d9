""" "My contributions": every kind of thing a person did, linked to where it is, with counts, a
page per kind, and a query count that does not grow with the number of items."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.personal_things import make_everything, stage_for
from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.events.models import Event, Registration
from zukunftswerkstatt.ideas.models import Idea
from zukunftswerkstatt.inventory.models import InventorySuggestion
from zukunftswerkstatt.plans.models import HelpOffer
from zukunftswerkstatt.progress.selectors import ACTIVITY_KINDS, ACTIVITY_PAGE_SIZE
from zukunftswerkstatt.swot.models import SwotSuggestion
from zukunftswerkstatt.workshops.models import Card

pytestmark = pytest.mark.django_db

MINE = reverse("progress:mine")
MARKER = "<i>Paula</i>"


@pytest.fixture
def stage(process, staff_a):
    return stage_for(process, by=staff_a)


@pytest.fixture
def paulas(stage, participant):
    return make_everything(participant, stage, marker=MARKER, picture=False)


def test_every_kind_is_listed_escaped_and_linked_to_where_it_is(client_for, participant, stage, paulas):
    make_everything(UserFactory(), stage, marker="Fremd-0815", picture=False)
    page = client_for(participant).get(MINE).content.decode()
    for kind in ("contribution", "comment", "swot_comment", "card", "offer", "rating", "swot_suggestion"):
        text = paulas.texts[kind] if kind != "contribution" else f"Idee {MARKER}"
        assert html.escape(text) in page, kind
    assert "<i>Paula" not in page
    assert "Fremd-0815" not in page
    comment = Comment.objects.get(author=participant, idea__isnull=False)
    swot_comment = Comment.objects.get(author=participant, swot_item__isnull=False)
    for url in (
        paulas.idea.get_absolute_url(),
        f"{comment.target.get_absolute_url()}#comment-{comment.pk}",
        f"{swot_comment.target.get_absolute_url()}#comment-{swot_comment.pk}",
        stage.session.get_absolute_url(),
        stage.measure.get_absolute_url(),
        stage.event.get_absolute_url(),
        stage.swot_module.get_absolute_url(),
        stage.inventory_module.get_absolute_url(),
    ):
        assert f'href="{url}"' in page, url
    # Dots on measures: the points given.
    assert "2 Punkt" in page
    # Counts at the top link to their groups.
    for kind in ACTIVITY_KINDS:
        assert f'href="#mine-{kind}"' in page, kind


def test_registrations_show_their_state(client_for, participant, stage):
    for status, title in (("confirmed", "Eins"), ("waiting", "Zwei"), ("cancelled", "Drei")):
        event = Event.objects.create(
            process=stage.event.process,
            title=f"Treffen {title}",
            kind="workshop",
            start=timezone.now() + dt.timedelta(days=5),
            end=timezone.now() + dt.timedelta(days=5, hours=1),
            place_name="Rathaus",
        )
        Registration.objects.create(
            event=event,
            user=participant,
            name="P",
            email=participant.email,
            status=status,
            waiting_position=1 if status == "waiting" else None,
            cancelled_at=timezone.now() if status == "cancelled" else None,
            cancel_token_hash=status.ljust(64, "s"),
        )
    page = client_for(participant).get(MINE).content.decode()
    for label in ("bestätigt", "auf der Warteliste", "abgemeldet"):
        assert label in page, label


def test_suggestions_show_the_decision(client_for, participant, stage):
    SwotSuggestion.objects.create(
        module=stage.swot_module,
        quadrant="threat",
        statement="Abwanderung",
        author=participant,
        status="declined",
        decision_reason="Steht schon drin.",
        decided_at=timezone.now(),
    )
    page = client_for(participant).get(MINE).content.decode()
    assert "Abwanderung" in page
    assert "abgelehnt" in page


def _more_of_everything(person, stage, n: int) -> None:
    for i in range(n):
        idea = Idea.objects.create(
            module=stage.ideas_module,
            reference=f"ZW-2026-{9000 + i}",
            kind="vision",
            title=f"Mehr {i}",
            text="t",
            author=person,
        )
        Comment.objects.create(target=idea, author=person, text=f"Mehr {i}")
        Comment.objects.create(target=stage.swot_item, author=person, text=f"Mehr {i}")
        Card.objects.create(session=stage.session, step="criticism", text=f"Mehr {i}", added_by=person)
        HelpOffer.objects.create(measure=stage.measure, user=person, message=f"Mehr {i}")
        SwotSuggestion.objects.create(module=stage.swot_module, quadrant="threat", statement=f"Mehr {i}", author=person)
        InventorySuggestion.objects.create(
            module=stage.inventory_module, title=f"Mehr {i}", description="d", author=person
        )
        Registration.objects.create(
            event=stage.event,
            user=person,
            name="P",
            phone="03744 1",
            status="cancelled",
            cancel_token_hash=f"more{i}".ljust(64, "m"),
        )


def test_the_query_count_does_not_grow_with_the_number_of_items(
    client_for, participant, stage, paulas, django_assert_num_queries
):
    client = client_for(participant)
    client.get(MINE)
    with CaptureQueriesContext(connection) as first:
        client.get(MINE)
    _more_of_everything(participant, stage, 12)
    with django_assert_num_queries(len(first)):
        response = client.get(MINE)
    page = response.content.decode()
    # Long groups are cut on the overview, with a link to all of them.
    assert f'href="{reverse("progress:mine_kind", args=["comments"])}"' in page
    assert page.count("Mehr 11") >= 1
    assert "Mehr 0<" not in page


def test_a_kind_has_its_own_paginated_page(client_for, participant, stage, paulas, django_assert_num_queries):
    ideas = Idea.objects.bulk_create(
        Idea(
            module=stage.ideas_module,
            reference=f"ZW-2026-{8000 + i}",
            kind="vision",
            title=f"I{i}",
            text="t",
            author=participant,
        )
        for i in range(3)
    )
    Comment.objects.bulk_create(
        Comment(target=ideas[i % 3], author=participant, text=f"Seite-{i:03d}") for i in range(ACTIVITY_PAGE_SIZE + 9)
    )
    client = client_for(participant)
    url = reverse("progress:mine_kind", args=["comments"])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    total = ACTIVITY_PAGE_SIZE + 10
    assert sum(f"Seite-{i:03d}<" in first for i in range(total)) == ACTIVITY_PAGE_SIZE
    assert sum(f"Seite-{i:03d}<" in second for i in range(total)) == 9
    assert 'rel="next"' in first
    assert 'rel="prev"' in second
    assert client.get(url, {"page": "x"}).status_code == 200


@pytest.mark.parametrize("kind", ACTIVITY_KINDS)
def test_every_kind_page_opens(client_for, participant, paulas, kind):
    response = client_for(participant).get(reverse("progress:mine_kind", args=[kind]))
    assert response.status_code == 200


def test_an_unknown_kind_is_not_found(client_for, participant):
    assert client_for(participant).get(reverse("progress:mine_kind", args=["passwords"])).status_code == 404


def test_the_pages_need_login(client):
    assert client.get(MINE).status_code == 302
    assert client.get(reverse("progress:mine_kind", args=["comments"])).status_code == 302
