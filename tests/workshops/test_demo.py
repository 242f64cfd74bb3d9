"""The demo: the kick-off's table rounds as a finished session with a real record, and a prepared
session for the upcoming workshop."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.demo.command import load_demo
from zukunftswerkstatt.events.models import Event, Kind
from zukunftswerkstatt.ideas.models import Channel, Idea
from zukunftswerkstatt.workshops.models import Dot, Step, WorkshopSession

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_session_with_its_record_and_a_prepared_one(client):
    load_demo(verbosity=0)
    kickoff = Event.objects.get(kind=Kind.KICKOFF, process__slug="attraktiv-im-wandel")
    finished = WorkshopSession.objects.get(event=kickoff)
    assert finished.step == Step.FINISHED
    assert finished.transferred_at is not None
    assert finished.clusters.count() == 3
    assert Dot.objects.filter(session=finished).count() == 8 * 3 + 10
    transferred = Idea.objects.filter(event=kickoff)
    assert transferred.count() == 6  # three clusters, three cards outside a cluster
    assert set(transferred.values_list("channel", flat=True)) == {Channel.WORKSHOP}

    page = client.get(kickoff.get_absolute_url()).content.decode()
    record_url = reverse("workshops:record", kwargs={"pk": finished.pk})
    assert record_url in page
    record = client.get(record_url).content.decode()
    assert "Nahverkehr zwischen den Städten" in record
    assert transferred.first().get_absolute_url() in record

    live = WorkshopSession.objects.get(event__title="Ideenwand im Rathaus Rodewisch")
    assert live.step == Step.CRITICISM
    assert client.get(reverse("workshops:join_code", kwargs={"code": live.code})).status_code in (200, 302)

    upcoming = Event.objects.get(kind=Kind.WORKSHOP)
    prepared = WorkshopSession.objects.get(event=upcoming)
    assert prepared.step == Step.PREPARATION
    # The public does not see a session that is still getting ready.
    assert (
        reverse("workshops:record", kwargs={"pk": prepared.pk})
        not in client.get(upcoming.get_absolute_url()).content.decode()
    )
