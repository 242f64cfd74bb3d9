"""Live push on the workshop board (docs/live.md): every write that changes the board nudges the
session's channel once its transaction has committed, a refused write nudges nobody, and the pages
carry their stream's address only when push is on and the session is still running."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.workshops.factories import card
from zukunftswerkstatt.core import live
from zukunftswerkstatt.workshops import services
from zukunftswerkstatt.workshops.models import live_channel

pytestmark = pytest.mark.django_db

MARKER = re.compile(r'<template data-live-push="(/live/[^"/]+/)"></template>')


@pytest.fixture
def nudges(settings, monkeypatch):
    settings.LIVE_REDIS_URL = "redis://127.0.0.1:6379/0"
    published: list[str] = []
    monkeypatch.setattr(live, "publish", published.append)
    return published


def test_cards_clusters_steps_and_dots_nudge_the_session_after_commit(
    criticism, join, nudges, django_capture_on_commit_callbacks
):
    wall, phones = live_channel(criticism.pk), live_channel(criticism.pk, phones=True)
    participant, _phone = join(criticism)
    with django_capture_on_commit_callbacks(execute=True):
        made = services.card_add(
            session=criticism, participant=participant, text="Mehr Busse", step="criticism", nonce="c1"
        )[0]
    # The others' phones do not show this card: only the walls and consoles are nudged.
    assert nudges == [wall]
    nudges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cluster = services.cluster_create(session=criticism, title="Verkehr")
        services.card_move(session=criticism, card=made, cluster=cluster)
        services.vote_set_state(session=criticism, state="open")
    assert nudges == [wall, phones] * 3
    nudges.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.dot_add(participant=participant, option=cluster, nonce="n1")
        services.dot_remove(participant=participant, option=cluster)
    assert nudges == [wall, wall]


def test_a_refused_write_nudges_nobody(criticism, join, nudges, django_capture_on_commit_callbacks):
    participant, _phone = join(criticism)
    services.session_set_step(session=criticism, step="vision")
    nudges.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.card_add(session=criticism, participant=participant, text="Zu spät", step="criticism", nonce="c2")
    assert nudges == []


@pytest.mark.parametrize("page", ["projector", "participant", "console"])
def test_the_running_session_s_pages_name_their_stream(criticism, join, nudges, client_for, moderator, page):
    _participant, phone = join(criticism)
    url, client = {
        "projector": (reverse("workshops:projector", args=[criticism.projector_key]), Client()),
        "participant": (reverse("workshops:participant", args=[criticism.pk]), phone),
        "console": (reverse("workshops:console", args=[criticism.pk]), client_for(moderator)),
    }[page]
    html = client.get(url).content.decode()
    stream = MARKER.search(html)
    assert stream, html[:500]
    ticket = stream.group(1).split("/")[2]
    assert live.channel_for(ticket) == live_channel(criticism.pk, phones=page == "participant")
    # The live part listens for the nudge as well as polling.
    assert 'zw:changed from:body"' in html


def test_no_stream_without_push_or_after_the_end(criticism, settings, nudges):
    url = reverse("workshops:projector", args=[criticism.projector_key])
    settings.LIVE_REDIS_URL = ""
    assert "data-live-push" not in Client().get(url).content.decode()
    settings.LIVE_REDIS_URL = "redis://127.0.0.1:6379/0"
    card(criticism, "Letzte Karte")
    services.session_set_step(session=criticism, step="finished")
    assert "data-live-push" not in Client().get(url).content.decode()
