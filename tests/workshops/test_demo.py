"""The demo: the kick-off's table rounds as a finished session with a real record, and a prepared
session for the upcoming workshop."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.demo.command import load_demo
from zukunftswerkstatt.events.models import Event, Kind
from zukunftswerkstatt.ideas.models import Channel, Idea
from zukunftswerkstatt.workshops.models import Card, Dot, Participant, Step, WorkshopSession

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


def test_the_demos_phones_and_paper_cards_carry_optional_details_as_in_the_story():
    load_demo(verbosity=0)
    phones = Participant.objects.filter(session__invitation__isnull=True)
    paper = Card.objects.filter(from_paper=True)
    assert (phones.count(), paper.count()) == (10, 4)
    # The class in class mode: its six pupils carry the class's town and age band, asked of nobody.
    pupils = Participant.objects.filter(session__invitation__isnull=False)
    assert set(pupils.values_list("participant_town__name", "participant_age_group", "pseudonym")) == {
        ("Auerbach/Vogtl.", "12-15", "")
    }
    assert pupils.count() == 6
    given = [(p.participant_town.name if p.participant_town else None, p.participant_age_group) for p in phones]
    given += [(c.participant_town.name if c.participant_town else None, c.participant_age_group) for c in paper]
    assert sum(1 for town, age in given if town is None and not age) == 4  # about a third give nothing
    assert ("Ellefeld", "80+") in given
    assert ("Falkenstein/Vogtl.", "65-79") in given
    assert ("Rodewisch", "18-29") not in given
    # A card from a phone carries nothing itself; its participant does.
    assert not Card.objects.filter(from_paper=False).exclude(participant_town=None, participant_age_group="").exists()


def test_the_demos_class_is_finished_and_its_cards_are_marked_in_the_running_rounds_collection():
    from zukunftswerkstatt.ideas.models import Idea
    from zukunftswerkstatt.workshops.demo import CLASS_CARDS, CLASS_NAME
    from zukunftswerkstatt.workshops.models import ClassInvitation, WorkshopSession

    load_demo(verbosity=0)
    invitation = ClassInvitation.objects.get(group_name=CLASS_NAME)
    session = WorkshopSession.objects.get(invitation=invitation)
    assert session.is_finished
    assert session.transferred_at is not None
    assert session.event is None
    marked = Idea.objects.filter(youth_group_kind="school", youth_group_name=CLASS_NAME)
    assert marked.count() == len(CLASS_CARDS)
    assert {idea.module_id for idea in marked} == {invitation.ideas_module_id}
    assert invitation.ideas_module.phase.process.phases.get(type="workshop").pk == invitation.ideas_module.phase_id
