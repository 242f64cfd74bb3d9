"""Query counts of the polls and pages, pinned: an unchanged poll costs one small query."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.workshops.factories import card
from zukunftswerkstatt.workshops import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(criticism, join):
    """A board with 3 clusters, 12 cards, 5 participants and an open vote."""
    clusters = [services.cluster_create(session=criticism, title=f"Cluster {n}") for n in range(3)]
    for n in range(12):
        made = card(criticism, f"Karte {n}")
        if n % 2:
            services.card_move(session=criticism, card=made, cluster=clusters[n % 3])
    phones = [join(criticism)[1] for _n in range(5)]
    services.vote_set_state(session=criticism, state="open")
    criticism.refresh_from_db()
    return criticism, phones


def test_an_unchanged_projector_poll_costs_one_query(busy, django_assert_num_queries):
    session, _phones = busy
    client = Client()
    live = reverse("workshops:projector_live", kwargs={"key": session.projector_key})
    with django_assert_num_queries(1):
        assert client.get(live, {"v": session.revision}).status_code == 204


def test_a_changed_projector_poll_costs_six_queries_whatever_the_board(busy, django_assert_num_queries):
    session, _phones = busy
    client = Client()
    live = reverse("workshops:projector_live", kwargs={"key": session.projector_key})
    # revision, session, cards, clusters, participants, and the page's organisation (context processor)
    with django_assert_num_queries(6):
        assert client.get(live, {"v": 0}).status_code == 200
    for n in range(10):
        card(session, f"Noch eine {n}")
    with django_assert_num_queries(6):
        assert client.get(live, {"v": 0}).status_code == 200


def test_an_unchanged_phone_poll_costs_one_query(busy, django_assert_num_queries):
    session, phones = busy
    live = reverse("workshops:participant_live", kwargs={"pk": session.pk})
    with django_assert_num_queries(1):
        assert phones[0].get(live, {"v": session.revision}).status_code == 204


def test_a_changed_phone_poll_does_not_grow_with_the_board(busy, django_assert_num_queries):
    session, phones = busy
    live = reverse("workshops:participant_live", kwargs={"pk": session.pk})
    # revision, participant with session, board (cards, clusters, participants), own cards, own dots,
    # the page's organisation
    with django_assert_num_queries(8):
        assert phones[0].get(live, {"v": 0}).status_code == 200


def test_an_unchanged_console_poll_costs_four_queries(busy, client_for, moderator, django_assert_num_queries):
    session, _phones = busy
    client = client_for(moderator)
    live = reverse("workshops:console_live", kwargs={"pk": session.pk})
    # the login session, the user, the session for the permission check with the roles, the revision
    with django_assert_num_queries(5):
        assert client.get(live, {"v": session.revision}).status_code == 204


def test_the_record_does_not_grow_with_the_board(busy, django_assert_num_queries):
    session, _phones = busy
    client = Client()
    address = reverse("workshops:record", kwargs={"pk": session.pk})
    client.get(address)
    # session, cards, clusters, participants, photos, the page's organisation
    with django_assert_num_queries(6):
        assert client.get(address).status_code == 200
