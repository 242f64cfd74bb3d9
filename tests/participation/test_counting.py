"""The participation count on hand-computed cases (docs/participation.md, "What is counted how")."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from zukunftswerkstatt.participation import selectors, services
from zukunftswerkstatt.participation.models import TallyChannel

pytestmark = pytest.mark.django_db


def channel(count, key):
    return next(c for c in count.channels if c.channel.key == key)


def test_a_person_who_used_three_channels_counts_once_per_channel_and_once_overall(world, town_a):
    anna = UserFactory(age_group="65-79", home_municipality=town_a)
    world.idea(author=anna)
    world.idea(author=anna)  # a second contribution: still one person online
    world.registration(user=anna)
    world.ballot(user=anna)

    count = selectors.participation_count(process=world.process)

    assert channel(count, "online").total == 1
    assert channel(count, "registrations").total == 1
    assert channel(count, "votes").total == 1
    assert count.accounts == 1
    assert count.total == 1
    assert count.overall == {(town_a.pk, "65-79"): 1}


def test_records_without_an_account_each_count_as_one_person(world, town_a):
    world.idea(town=town_a, age="18-29")
    world.idea(town=town_a, age="18-29")
    world.idea(channel="letter")
    world.registration(companions=2)
    world.participant(age="30-44")

    count = selectors.participation_count(process=world.process)

    assert channel(count, "guest").total == 2
    assert channel(count, "offline").total == 1
    assert channel(count, "registrations").total == 3  # the registrant and two companions
    assert channel(count, "workshop").total == 1
    assert count.accounts == 0
    assert count.total == 7
    assert count.overall[(town_a.pk, "18-29")] == 2
    assert count.overall[(None, "")] == 4
    assert count.overall[(None, "30-44")] == 1


def test_a_records_own_details_come_before_the_profile(world, town_a, town_b):
    bert = UserFactory(age_group="45-64", home_municipality=town_a)
    world.idea(author=bert, town=town_b, age="18-29")
    world.rating(user=bert)  # ratings carry no details: the profile counts

    count = selectors.participation_count(process=world.process)

    assert channel(count, "online").cells == {(town_b.pk, "18-29"): 1}
    assert channel(count, "ratings").cells == {(town_a.pk, "45-64"): 1}
    # Overall one person, with one town and one age group (the largest of each), never two.
    assert sum(count.overall.values()) == 1


def test_cancelled_registrations_hidden_contributions_and_empty_ballots_do_not_count(world):
    from zukunftswerkstatt.plans.models import Ballot

    world.registration(status="cancelled")
    world.idea(visibility="hidden")
    Ballot.objects.create(module=world.module, user=UserFactory())

    count = selectors.participation_count(process=world.process)

    assert count.total == 0
    assert not count.has_details


def test_tallies_add_their_breakdown_and_the_rest_as_not_stated(world, town_b, staff_a):
    services.tally_create(
        process=world.process,
        channel=TallyChannel.PAPER_CARDS,
        event=world.event,
        module=None,
        counted_on=world.event.start.date(),
        total=12,
        cells={(None, "65-79"): 5, (town_b.pk, ""): 3},
        note="",
        entered_by=staff_a,
    )
    world.paper_card(age="80+")  # typed onto the board as well: the tally of that event counts instead

    count = selectors.participation_count(process=world.process)

    cards = channel(count, "paper_cards")
    assert cards.total == 12
    assert cards.cells == {(None, "65-79"): 5, (town_b.pk, ""): 3, (None, ""): 4}
    assert count.records == 12


def test_paper_cards_typed_onto_a_board_count_when_no_tally_was_entered(world):
    world.paper_card(age="80+")
    world.paper_card()

    count = selectors.participation_count(process=world.process)

    assert channel(count, "paper_cards").cells == {(None, "80+"): 1, (None, ""): 1}


def test_a_town_outside_the_process_counts_as_not_stated(world, other_organisation):
    from tests.factories import MunicipalityFactory

    elsewhere = MunicipalityFactory(organisation=other_organisation)
    world.idea(town=elsewhere, age="30-44")

    count = selectors.participation_count(process=world.process)

    assert count.overall == {(None, "30-44"): 1}


def test_the_count_takes_the_same_number_of_queries_whatever_the_data(world, town_a, django_assert_num_queries):
    def build(n):
        for _ in range(n):
            user = UserFactory(home_municipality=town_a)
            world.idea(author=user)
            world.idea(town=town_a)
            world.registration(user=user)
            world.ballot(user=user)
            world.rating(user=user)
            world.participant()

    build(1)
    process = type(world.process).objects.get(pk=world.process.pk)
    with django_assert_num_queries(15):
        selectors.participation_count(process=process)
    build(4)
    process = type(world.process).objects.get(pk=world.process.pk)
    with django_assert_num_queries(15):
        count = selectors.participation_count(process=process)
    assert count.accounts == 5


def test_a_sign_in_sheet_replaces_the_registrations_of_its_event_overall(world, town_a, staff_a):
    anna = UserFactory(age_group="30-44")
    world.registration(user=anna)  # counted as an account
    world.registration(town=town_a, age="80+")  # came, and is on the sheet
    world.registration(companions=1)  # two more, on the sheet's unstated part
    services.tally_create(
        process=world.process,
        channel=TallyChannel.ATTENDANCE,
        event=world.event,
        module=None,
        counted_on=world.event.start.date(),
        total=6,
        cells={(town_a.pk, "80+"): 2},
        note="",
        entered_by=staff_a,
    )

    count = selectors.participation_count(process=world.process)

    assert channel(count, "registrations").total == 4
    assert channel(count, "attendance").total == 6
    # Anna as an account; the sheet's 6 less Anna: 2 stated from town A aged 80+, 3 not stated.
    assert count.total == 6
    assert count.overall == {(None, "30-44"): 1, (town_a.pk, "80+"): 2, (None, ""): 3}


def test_survey_answers_count_an_account_once_and_every_other_questionnaire_as_one_person(world, town_a, staff_a):
    from zukunftswerkstatt.processes.services import module_create
    from zukunftswerkstatt.surveys.models import Response
    from zukunftswerkstatt.surveys.selectors import survey_of

    survey = survey_of(module_create(phase=world.module.phase, type="survey", title="Umfrage"))
    anna = UserFactory(age_group="65-79", home_municipality=town_a)
    world.idea(author=anna)
    Response.objects.create(survey=survey, channel="online", user=anna)
    Response.objects.create(survey=survey, channel="guest", guest_token="a" * 64, participant_age_group="18-29")
    Response.objects.create(survey=survey, channel="paper", paper_number=1, entered_by=staff_a)
    Response.objects.create(
        survey=survey, channel="phone", entered_by=staff_a, participant_town=town_a, participant_age_group="30-44"
    )

    count = selectors.participation_count(process=world.process)

    surveys = channel(count, "surveys")
    assert (surveys.accounts, surveys.records) == (1, 3)
    assert surveys.cells == {(town_a.pk, "65-79"): 1, (None, "18-29"): 1, (None, ""): 1, (town_a.pk, "30-44"): 1}
    assert count.accounts == 1  # Anna wrote a contribution and answered the survey: one person overall
    assert count.total == 4
