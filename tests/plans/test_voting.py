"""Dot voting: the allowance, stacking, the close, paper tallies and the ranked results."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from freezegun import freeze_time

from tests.factories import UserFactory
from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.plans import selectors, services
from zukunftswerkstatt.plans.models import Dot, MeasureStatus, TallyChannel


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in the source language; the German catalogue is tested on its own."""
    with translation.override("en"):
        yield


def used(module, user) -> int:
    return sum(selectors.my_points(module=module, user=user).values())


def test_dots_up_to_the_allowance_count_and_one_more_is_refused(vote_module, measure, participant):
    for _i in range(5):
        services.dot_add(module=vote_module, user=participant, measure=measure)
    with pytest.raises(ValidationError, match="5 points"):
        services.dot_add(module=vote_module, user=participant, measure=measure)
    assert used(vote_module, participant) == 5


def test_without_stacking_a_measure_gets_one_point_per_person(vote_module, measure, measure_two, participant):
    vote_module.settings = {**vote_module.settings, "allow_stacking": False}
    vote_module.save()
    services.dot_add(module=vote_module, user=participant, measure=measure)
    with pytest.raises(ValidationError, match="only one point"):
        services.dot_add(module=vote_module, user=participant, measure=measure)
    with pytest.raises(ValidationError, match="only one point"):
        services.ballot_set(module=vote_module, user=participant, points={measure.pk: 2})
    services.dot_add(module=vote_module, user=participant, measure=measure_two)
    assert used(vote_module, participant) == 2


def test_points_can_be_moved_until_the_close(vote_module, measure, measure_two, participant):
    services.ballot_set(module=vote_module, user=participant, points={measure.pk: 5})
    services.ballot_set(module=vote_module, user=participant, points={measure.pk: 2, measure_two.pk: 3})
    assert selectors.my_points(module=vote_module, user=participant) == {measure.pk: 2, measure_two.pk: 3}
    services.dot_remove(module=vote_module, user=participant, measure=measure)
    services.dot_remove(module=vote_module, user=participant, measure=measure)
    assert selectors.my_points(module=vote_module, user=participant) == {measure_two.pk: 3}


def test_a_ballot_over_the_allowance_changes_nothing(vote_module, measure, measure_two, participant):
    services.ballot_set(module=vote_module, user=participant, points={measure.pk: 1})
    with pytest.raises(ValidationError, match="5 points"):
        services.ballot_set(module=vote_module, user=participant, points={measure.pk: 3, measure_two.pk: 3})
    assert selectors.my_points(module=vote_module, user=participant) == {measure.pk: 1}


def test_negative_points_are_refused(vote_module, measure, participant):
    with pytest.raises(ValidationError):
        services.ballot_set(module=vote_module, user=participant, points={measure.pk: -2})


def test_votes_after_staff_closed_the_vote_are_refused(vote_module, measure, participant, staff_a):
    services.dot_add(module=vote_module, user=participant, measure=measure)
    services.prioritisation_close(module=vote_module, by=staff_a)
    with pytest.raises(ValidationError, match="closed"):
        services.dot_add(module=vote_module, user=participant, measure=measure)
    with pytest.raises(ValidationError, match="closed"):
        services.dot_remove(module=vote_module, user=participant, measure=measure)
    assert used(vote_module, participant) == 1


def test_votes_after_the_phase_ended_are_refused(vote_module, action_phase, measure, participant):
    with freeze_time(action_phase.end + dt.timedelta(minutes=1)), pytest.raises(ValidationError, match="closed"):
        services.dot_add(module=vote_module, user=participant, measure=measure)


def test_a_dropped_measure_cannot_get_points(vote_module, measure, participant):
    type(measure).objects.filter(pk=measure.pk).update(status=MeasureStatus.DROPPED)
    with pytest.raises(ValidationError, match="not part of the vote"):
        services.dot_add(module=vote_module, user=participant, measure=measure)


def test_results_rank_online_and_paper_points_and_split_by_town_and_age(
    vote_module, measure, measure_two, town_a, staff_a
):
    older = UserFactory(age_group=AgeGroup.AGE_65_79, home_municipality=town_a)
    anonymous_profile = UserFactory()
    services.ballot_set(module=vote_module, user=older, points={measure.pk: 3, measure_two.pk: 2})
    services.ballot_set(module=vote_module, user=anonymous_profile, points={measure_two.pk: 2})
    services.paper_tally_add(
        module=vote_module, measure=measure, by=staff_a, channel=TallyChannel.EVENT, points=4, note="Bürgerforum"
    )
    services.paper_tally_add(module=vote_module, measure=measure_two, by=staff_a, channel=TallyChannel.LETTER, points=1)
    results = selectors.prioritisation_results(module=vote_module)
    assert [(r.measure.title, r.online, r.paper_total, r.total, r.rank) for r in results.rows] == [
        ("Bänke für alle", 3, 4, 7, 1),
        ("Bürgerbus", 4, 1, 5, 2),
    ]
    assert results.participants == 2
    assert results.paper_by_channel == {TallyChannel.EVENT: 4, TallyChannel.LETTER: 1}
    town = {g.label: g for g in results.by_town}
    assert {m.title: p for m, p in town["Auerbach/Vogtl."].rows} == {"Bänke für alle": 3, "Bürgerbus": 2}
    assert town["Auerbach/Vogtl."].participants == 1
    not_stated = [g for g in results.by_town if g.participants and g.label != "Auerbach/Vogtl."]
    assert {m.title: p for m, p in not_stated[0].rows} == {"Bänke für alle": 0, "Bürgerbus": 2}
    ages = {g.label: g.participants for g in results.by_age}
    assert ages[str(AgeGroup.AGE_65_79.label)] == 1
    assert sum(ages.values()) == 2


def test_equal_totals_share_a_rank(vote_module, measure, measure_two, participant):
    services.ballot_set(module=vote_module, user=participant, points={measure.pk: 2, measure_two.pk: 2})
    assert [r.rank for r in selectors.prioritisation_results(module=vote_module).rows] == [1, 1]


def test_paper_tally_for_a_measure_of_another_process_is_refused(vote_module, staff_a, organisation):
    from tests.factories import ProcessFactory
    from tests.plans.factories import MeasureFactory

    other = MeasureFactory(process=ProcessFactory(organisation=organisation, slug="x"), by=staff_a)
    with pytest.raises(ValidationError):
        services.paper_tally_add(module=vote_module, measure=other, by=staff_a, channel=TallyChannel.PHONE, points=2)


def test_points_are_stored_per_measure_once(vote_module, measure, participant):
    services.dot_add(module=vote_module, user=participant, measure=measure)
    services.dot_add(module=vote_module, user=participant, measure=measure)
    assert Dot.objects.get().points == 2
    assert timezone.now()
