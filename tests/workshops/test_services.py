"""The board's services: codes, cards, clusters, dot voting, the transfer into the idea collection."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.workshops.factories import card
from zukunftswerkstatt.ideas.models import Channel, Idea, Kind
from zukunftswerkstatt.workshops import services
from zukunftswerkstatt.workshops.models import CODE_ALPHABET, Card, Cluster, Dot, Step, WorkshopSession

pytestmark = pytest.mark.django_db


def revision(session) -> int:
    return WorkshopSession.objects.get(pk=session.pk).revision


def test_a_new_session_has_a_six_character_code_without_look_alike_letters(session):
    assert len(session.code) == 6
    assert set(session.code) <= set(CODE_ALPHABET)
    assert not set(session.code) & set("0O1IL2Z5S8B")
    assert session.step == Step.PREPARATION
    assert session.title == "Zukunftswerkstatt Falkenstein"


def test_a_session_needs_an_idea_collection_of_the_same_process(event, moderator, process):
    from tests.factories import ModuleFactory

    information = ModuleFactory(phase=process.phases.get(type="workshop"))
    with pytest.raises(ValidationError):
        services.session_create(event=event, ideas_module=information, title="x", started_by=moderator)


def test_joining_accepts_the_code_typed_in_lower_case_with_spaces(session):
    typed = f" {session.code[:3].lower()} {session.code[3:].lower()} "
    participant, token = services.participant_join(code=typed, pseudonym="Gerda")
    assert participant.session == session
    assert participant.token_hash != token  # only the hash is stored


def test_joining_with_a_wrong_code_says_so(session):
    with pytest.raises(ValidationError, match="no session with this code"):
        services.participant_join(code="XXXXXX")


def test_joining_an_ended_session_says_it_has_ended(session):
    services.session_set_step(session=session, step=Step.FINISHED)
    with pytest.raises(ValidationError, match="has ended"):
        services.participant_join(code=session.code)


def test_a_card_for_the_current_step_raises_the_revision(criticism):
    before = revision(criticism)
    made, created = services.card_add(session=criticism, text="  Zu  wenige Busse ", step=Step.CRITICISM)
    assert created
    assert made.text == "Zu wenige Busse"
    assert revision(criticism) == before + 1


def test_a_card_for_a_step_that_is_not_current_is_refused_and_nothing_is_saved(criticism):
    with pytest.raises(ValidationError, match="moved on"):
        services.card_add(session=criticism, text="Ein Bürgerbus", step=Step.VISION)
    assert not Card.objects.exists()


def test_no_cards_before_the_first_step_or_after_the_end(session):
    with pytest.raises(ValidationError, match="not being collected"):
        services.card_add(session=session, text="Zu früh", step=Step.CRITICISM)
    services.session_set_step(session=session, step=Step.FINISHED)
    with pytest.raises(ValidationError, match="ended"):
        services.card_add(session=session, text="Zu spät", step=Step.CRITICISM)


def test_the_same_form_sent_twice_makes_one_card(criticism, join):
    participant, _client = join(criticism)
    first, created = services.card_add(
        session=criticism, text="Busse", step=Step.CRITICISM, nonce="abc", participant=participant
    )
    again, created_again = services.card_add(
        session=criticism, text="Busse", step=Step.CRITICISM, nonce="abc", participant=participant
    )
    assert (created, created_again) == (True, False)
    assert again == first
    assert Card.objects.count() == 1


def test_a_paper_card_may_be_for_an_earlier_step(criticism, moderator):
    services.session_set_step(session=criticism, step=Step.VISION)
    made, _created = services.card_add(
        session=criticism, text="Kein Arzt in Ellefeld", step=Step.CRITICISM, from_paper=True, added_by=moderator
    )
    assert (made.step, made.from_paper) == (Step.CRITICISM, True)


def test_an_empty_or_too_long_card_is_refused(criticism):
    with pytest.raises(ValidationError, match="write something"):
        services.card_add(session=criticism, text="   ", step=Step.CRITICISM)
    with pytest.raises(ValidationError, match="at most 280"):
        services.card_add(session=criticism, text="x" * 281, step=Step.CRITICISM)


def test_moving_the_session_on_refuses_when_someone_else_moved_it_first(criticism):
    services.session_set_step(session=criticism, step=Step.VISION, expected_step=Step.CRITICISM)
    with pytest.raises(ValidationError, match="already moved"):
        services.session_set_step(session=criticism, step=Step.VISION, expected_step=Step.CRITICISM)


def test_finishing_closes_an_open_vote_and_the_board(criticism):
    services.vote_set_state(session=criticism, state="open")
    finished = services.session_set_step(session=criticism, step=Step.FINISHED)
    assert (finished.vote_state, finished.finished_at is not None) == ("closed", True)
    with pytest.raises(ValidationError, match="ended"):
        services.cluster_create(session=criticism, title="Verkehr")


def test_cards_are_moved_into_clusters_and_out_again(criticism):
    bus = card(criticism, "Busse")
    traffic = services.cluster_create(session=criticism, title=" Verkehr ")
    assert traffic.title == "Verkehr"
    services.card_move(session=criticism, card=bus, cluster=traffic)
    assert Card.objects.get(pk=bus.pk).cluster == traffic
    services.card_move(session=criticism, card=bus, cluster=None)
    assert Card.objects.get(pk=bus.pk).cluster is None


def test_moving_a_card_into_a_cluster_that_was_merged_away_is_refused(criticism):
    bus = card(criticism, "Busse")
    a = services.cluster_create(session=criticism, title="Verkehr")
    b = services.cluster_create(session=criticism, title="Mobilität")
    services.cluster_merge(session=criticism, source=b, target=a)
    with pytest.raises(ValidationError, match="no longer exists"):
        services.card_move(session=criticism, card=bus, cluster=b)
    assert Card.objects.get(pk=bus.pk).cluster is None


def test_merging_moves_cards_and_dots_and_removes_the_source(criticism, join):
    participant, _client = join(criticism)
    a = services.cluster_create(session=criticism, title="Verkehr", cards=[card(criticism, "Busse")])
    b = services.cluster_create(session=criticism, title="Mobilität", cards=[card(criticism, "Radwege")])
    services.vote_set_state(session=criticism, state="open")
    services.dot_add(participant=participant, option=b)
    merged = services.cluster_merge(session=criticism, source=b, target=a)
    assert merged.dot_count == 1
    assert Card.objects.filter(cluster=a).count() == 2
    assert not Cluster.objects.filter(pk=b.pk).exists()
    assert Dot.objects.get().cluster == a


def test_a_cluster_cannot_be_merged_with_itself(criticism):
    a = services.cluster_create(session=criticism, title="Verkehr")
    with pytest.raises(ValidationError):
        services.cluster_merge(session=criticism, source=a, target=a)


def test_clusters_are_renamed_and_reordered(criticism):
    a = services.cluster_create(session=criticism, title="A")
    b = services.cluster_create(session=criticism, title="B")
    c = services.cluster_create(session=criticism, title="C")
    services.cluster_move(session=criticism, cluster=c, direction="up")
    assert list(Cluster.objects.filter(session=criticism).values_list("title", flat=True)) == ["A", "C", "B"]
    services.cluster_move(session=criticism, cluster=a, direction="up")  # already first: nothing happens
    services.cluster_rename(session=criticism, cluster=b, title="Bus und Bahn")
    assert list(Cluster.objects.filter(session=criticism).values_list("title", flat=True)) == [
        "A",
        "C",
        "Bus und Bahn",
    ]
    with pytest.raises(ValidationError, match="name"):
        services.cluster_rename(session=criticism, cluster=b, title="  ")


def test_dissolving_a_cluster_keeps_its_cards(criticism):
    bus = card(criticism, "Busse")
    a = services.cluster_create(session=criticism, title="Verkehr", cards=[bus])
    services.cluster_delete(session=criticism, cluster=a)
    assert Card.objects.get(pk=bus.pk).cluster is None


# -- dot voting ---------------------------------------------------------------------------


@pytest.fixture
def ballot(criticism, join):
    """Two clusters and a loose card, the vote open with 2 dots per person, no stacking."""
    a = services.cluster_create(session=criticism, title="Verkehr", cards=[card(criticism, "Busse")])
    b = services.cluster_create(session=criticism, title="Wohnen", cards=[card(criticism, "Leerstand")])
    loose = card(criticism, "Kein Kino")
    services.vote_configure(session=criticism, dots_per_participant=2, allow_stacking=False)
    services.vote_set_state(session=criticism, state="open")
    participant, _client = join(criticism)
    return a, b, loose, participant


def test_dots_are_counted_on_clusters_and_loose_cards(ballot):
    a, _b, loose, participant = ballot
    assert services.dot_add(participant=participant, option=a)
    assert services.dot_add(participant=participant, option=loose)
    a.refresh_from_db()
    loose.refresh_from_db()
    assert (a.dot_count, loose.dot_count) == (1, 1)


def test_a_dot_over_the_allowance_is_refused(ballot):
    a, b, loose, participant = ballot
    services.dot_add(participant=participant, option=a)
    services.dot_add(participant=participant, option=b)
    with pytest.raises(ValidationError, match="used all your 2 dots"):
        services.dot_add(participant=participant, option=loose)
    assert Dot.objects.count() == 2


def test_a_second_dot_on_one_option_is_refused_without_stacking(ballot):
    a, _b, _loose, participant = ballot
    services.dot_add(participant=participant, option=a)
    with pytest.raises(ValidationError, match="at most one dot"):
        services.dot_add(participant=participant, option=a)


def test_with_stacking_several_dots_may_go_on_one_option(ballot):
    a, _b, _loose, participant = ballot
    session = participant.session
    services.vote_set_state(session=session, state="closed")
    services.vote_configure(session=session, dots_per_participant=3, allow_stacking=True)
    services.vote_set_state(session=session, state="open")
    for _n in range(3):
        services.dot_add(participant=participant, option=a)
    a.refresh_from_db()
    assert a.dot_count == 3


def test_voting_while_the_vote_is_closed_is_refused(ballot):
    a, _b, _loose, participant = ballot
    services.vote_set_state(session=participant.session, state="closed")
    with pytest.raises(ValidationError, match="vote is closed"):
        services.dot_add(participant=participant, option=a)
    with pytest.raises(ValidationError, match="vote is closed"):
        services.dot_remove(participant=participant, option=a)


def test_the_same_dot_form_sent_twice_counts_once(ballot):
    a, _b, _loose, participant = ballot
    assert services.dot_add(participant=participant, option=a, nonce="n1") is True
    assert services.dot_add(participant=participant, option=a, nonce="n1") is False
    a.refresh_from_db()
    assert a.dot_count == 1


def test_a_dot_taken_back_frees_it_for_another_option(ballot):
    a, b, loose, participant = ballot
    services.dot_add(participant=participant, option=a)
    services.dot_add(participant=participant, option=b)
    services.dot_remove(participant=participant, option=a)
    services.dot_add(participant=participant, option=loose)
    a.refresh_from_db()
    assert a.dot_count == 0
    with pytest.raises(ValidationError, match="no dot"):
        services.dot_remove(participant=participant, option=a)


def test_the_rules_cannot_change_while_the_vote_is_open(ballot):
    _a, _b, _loose, participant = ballot
    with pytest.raises(ValidationError, match="close the vote"):
        services.vote_configure(session=participant.session, dots_per_participant=3, allow_stacking=True)
    services.vote_set_state(session=participant.session, state="closed")
    with pytest.raises(ValidationError):
        services.vote_configure(session=participant.session, dots_per_participant=11, allow_stacking=True)


def test_paper_dots_are_set_to_the_number_counted_on_the_wall(ballot, moderator):
    a, _b, _loose, participant = ballot
    services.dot_add(participant=participant, option=a)
    assert services.paper_dots_set(session=participant.session, option=a, count=5, added_by=moderator) == 5
    assert services.paper_dots_set(session=participant.session, option=a, count=3, added_by=moderator) == -2
    a.refresh_from_db()
    assert a.dot_count == 4
    assert Dot.objects.filter(from_paper=True).count() == 3


def test_a_card_with_dots_brings_them_into_its_cluster(ballot):
    a, _b, loose, participant = ballot
    services.dot_add(participant=participant, option=loose)
    services.card_move(session=participant.session, card=loose, cluster=a)
    a.refresh_from_db()
    loose.refresh_from_db()
    assert (a.dot_count, loose.dot_count) == (1, 0)


def test_an_option_must_be_on_this_sessions_ballot(ballot, event, ideas_module, moderator):
    other = services.session_create(event=event, ideas_module=ideas_module, title="Tisch 2", started_by=moderator)
    a, _b, _loose, _participant = ballot
    with pytest.raises(ValidationError, match="no longer on the ballot"):
        services.option_get(session=other, key=a.vote_key)
    with pytest.raises(ValidationError):
        services.option_get(session=other, key="nonsense")


def test_suggested_dots_are_about_half_the_options_at_most_ten():
    assert [services.suggested_dots(n) for n in (0, 1, 5, 8, 30)] == [1, 1, 2, 4, 10]


# -- transfer -----------------------------------------------------------------------------


def test_transfer_makes_one_contribution_per_cluster_and_loose_card_with_the_event_and_kind(ballot, moderator):
    a, b, loose, participant = ballot
    session = participant.session
    services.dot_add(participant=participant, option=a)
    services.session_set_step(session=session, step=Step.VISION)
    vision = card(session, "Ein Bürgerbus für alle", step=Step.VISION)
    services.session_set_step(session=session, step=Step.FINISHED)

    ideas = services.session_transfer(session=session)

    assert len(ideas) == 4
    assert {idea.channel for idea in ideas} == {Channel.WORKSHOP}
    assert {idea.event_id for idea in ideas} == {session.event_id}
    a.refresh_from_db()
    assert a.idea.title == "Verkehr"
    assert a.idea.text == "- Busse"
    assert a.idea.kind == Kind.CRITICISM
    assert Card.objects.get(pk=vision.pk).idea.kind == Kind.VISION
    assert Card.objects.get(pk=loose.pk).idea.title == "Kein Kino"
    assert all(card.idea_id for card in Card.objects.all())


def test_transfer_twice_never_makes_a_contribution_twice(ballot, moderator):
    session = ballot[3].session
    services.session_set_step(session=session, step=Step.FINISHED)
    first = services.session_transfer(session=session)
    second = services.session_transfer(session=session)
    assert (len(first), second) == (3, [])
    assert Idea.objects.count() == 3


def test_transfer_that_the_idea_collection_refuses_changes_nothing(ballot, moderator, ideas_module):
    session = ballot[3].session
    services.session_set_step(session=session, step=Step.FINISHED)
    ideas_module.settings = {"open_kinds": ["vision"]}
    ideas_module.save()
    with pytest.raises(ValidationError, match="Nothing was transferred"):
        services.session_transfer(session=session)
    assert Idea.objects.count() == 0
    assert not Cluster.objects.filter(idea__isnull=False).exists()
