"""The demo's contributions carry the optional town and age group for the participation story:
older people of Ellefeld and Falkenstein reached by phone, letter and in person, Auerbach the
largest share, hardly any young adults from Rodewisch, about a third without details."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse

from tests.demo.command import load_demo
from zukunftswerkstatt.accounts.models import AgeGroup, User
from zukunftswerkstatt.ideas.models import Channel, Idea, Visibility

pytestmark = pytest.mark.django_db

OLDER = {AgeGroup.AGE_65_79, AgeGroup.AGE_80_PLUS}
OFFLINE = {Channel.PHONE, Channel.LETTER, Channel.IN_PERSON}


def test_the_demo_contributions_tell_who_took_part(client):
    load_demo(verbosity=0)
    # The contributions people wrote (the workshop's transferred cards are the workshops' demo's).
    ideas = list(Idea.objects.filter(event__isnull=True).select_related("participant_town", "module__phase"))
    without = [idea for idea in ideas if idea.participant_town is None and not idea.participant_age_group]
    assert 0.25 <= len(without) / len(ideas) <= 0.4
    by_town = Counter(idea.participant_town.name for idea in ideas if idea.participant_town)
    assert by_town.most_common(1)[0][0] == "Auerbach/Vogtl."
    for town in ("Ellefeld", "Falkenstein/Vogtl."):
        older = [
            idea
            for idea in ideas
            if idea.participant_town
            and idea.participant_town.name == town
            and idea.participant_age_group in OLDER
            and idea.channel in OFFLINE
        ]
        assert len(older) >= 5, town
    young_rodewisch = [
        idea
        for idea in ideas
        if idea.participant_town
        and idea.participant_town.name == "Rodewisch"
        and idea.participant_age_group == AgeGroup.AGE_18_29
    ]
    assert len(young_rodewisch) <= 2
    # Written while their idea collection was open, and every guest's contribution released.
    for idea in ideas:
        assert idea.module.phase.start <= idea.created, idea.title
        assert idea.visibility == Visibility.PUBLISHED, idea.title


def test_annas_consented_profile_fills_in_the_contribution_form(client):
    load_demo(verbosity=0)
    anna = User.objects.get(email="buergerin@demo.example")
    assert (anna.home_municipality.name, anna.age_group) == ("Rodewisch", AgeGroup.AGE_30_44)
    running = Idea.objects.filter(author=anna, module__phase__process__slug="attraktiv-im-wandel").first().module
    client.force_login(anna)
    form = client.get(reverse("ideas:create", kwargs={"module_pk": running.pk})).context["form"]
    assert form.initial["participant_town"] == anna.home_municipality_id
    assert form.initial["participant_age_group"] == AgeGroup.AGE_30_44
