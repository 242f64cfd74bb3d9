"""Merging duplicates (issue 13): ideas.services.idea_merge and the moderators' duplicates page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tests.factories import UserFactory
from tests.ideas.factories import CommentFactory, IdeaFactory
from tests.ideas.helpers import messages_of, url
from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import (
    Follow,
    Idea,
    ModerationAction,
    ModerationLogEntry,
    Status,
    StatusChange,
    Support,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(ideas_module, participant):
    other_author = UserFactory(display_name="Bernd")
    into = IdeaFactory(
        module=ideas_module,
        author=participant,
        title="Der Bus fährt abends nicht mehr",
        text="Nach 18 Uhr komme ich ohne Auto nicht mehr von Auerbach nach Hause.",
    )
    idea = IdeaFactory(
        module=ideas_module,
        author=other_author,
        title="Keine Busverbindung am Abend",
        text="Ab 18 Uhr fährt kein Bus mehr nach Auerbach, ich komme nicht nach Hause.",
    )
    return idea, into


def reload(*ideas):
    return [Idea.objects.get(pk=i.pk) for i in ideas]


def test_supports_move_once_per_person_and_counts_stay_exact(pair, moderator, participant):
    idea, into = pair
    both, only_idea, only_into = UserFactory(), UserFactory(), UserFactory()
    for user in (both, only_idea):
        services.support_add(idea=idea, user=user)
    for user in (both, only_into):
        services.support_add(idea=into, user=user)
    services.support_add(idea=idea, user=participant)  # the target's author: cannot support their own
    services.idea_merge(idea=idea, into=into, by=moderator)
    idea, into = reload(idea, into)
    supporters = set(Support.objects.filter(idea=into).values_list("user_id", flat=True))
    assert supporters == {both.pk, only_idea.pk, only_into.pk}
    assert into.support_count == 3
    assert idea.support_count == 0
    assert not Support.objects.filter(idea=idea).exists()


def test_comments_with_replies_and_follows_move_and_both_texts_stay(pair, moderator, participant):
    idea, into = pair
    follower = UserFactory()
    Follow.objects.create(idea=idea, user=follower)
    top = CommentFactory(idea=idea, text="Stimmt, abends ist nichts.")
    CommentFactory(idea=idea, text="Bei mir auch.", parent=top)
    CommentFactory(idea=into, text="Schon lange so.")
    services.idea_merge(idea=idea, into=into, by=moderator, reason="Gleiches Anliegen")
    idea, into = reload(idea, into)
    assert Comment.objects.on(into).count() == 3
    assert Comment.objects.on(idea).count() == 0
    assert (into.comment_count, idea.comment_count) == (3, 0)
    assert Follow.objects.filter(idea=into, user=follower).exists()
    assert idea.status == Status.MERGED
    assert idea.merged_into == into
    assert idea.status_reason == "Gleiches Anliegen"
    assert idea.text.startswith("Ab 18 Uhr")
    assert StatusChange.objects.filter(idea=idea, new_status=Status.MERGED).exists()
    entry = ModerationLogEntry.objects.get(action=ModerationAction.MERGE)
    assert entry.idea == idea
    assert entry.actor == moderator
    assert into.title in entry.note


def test_both_authors_are_told(pair, moderator, participant, mail_on_commit):
    idea, into = pair
    with mail_on_commit():
        services.idea_merge(idea=idea, into=into, by=moderator)
    to = {message.to[0]: message for message in mail.outbox}
    assert idea.author.email in to
    assert participant.email in to
    told = to[participant.email].body
    assert idea.title in told
    assert into.get_absolute_url() in told
    merged_mail = to[idea.author.email].body
    assert into.reference in merged_mail
    assert into.get_absolute_url() in merged_mail


@pytest.mark.parametrize("case", ["itself", "already", "withdrawn", "chain", "hidden", "other_module"])
def test_merges_that_make_no_sense_are_refused(case, pair, moderator, participant, guest_module):
    idea, into = pair
    if case == "itself":
        into = idea
    elif case == "already":
        services.idea_merge(idea=idea, into=into, by=moderator)
        idea.refresh_from_db()
    elif case == "withdrawn":
        services.idea_withdraw(idea=into, by=participant)
        into.refresh_from_db()
    elif case == "chain":
        third = IdeaFactory(module=idea.module, title="Abendbus", text="Ein Bus am Abend.")
        services.idea_merge(idea=into, into=third, by=moderator)
        into.refresh_from_db()
    elif case == "hidden":
        services.idea_hide(idea=into, by=moderator, reason="Beleidigung")
        into.refresh_from_db()
    else:
        into = IdeaFactory(module=guest_module, author=participant, title="Bus", text="Abends.")
    before = Idea.objects.get(pk=idea.pk).status
    with pytest.raises(ValidationError) as refused:
        services.idea_merge(idea=idea, into=into, by=moderator)
    assert refused.value.message_dict["merged_into"]
    if case == "chain":
        assert "Abendbus" in refused.value.message_dict["merged_into"][0]
    assert Idea.objects.get(pk=idea.pk).status == before


def test_the_duplicates_page_suggests_the_duplicate_and_merges_in_one_click(
    pair, ideas_module, moderator, client_for, participant
):
    idea, into = pair
    unrelated = IdeaFactory(module=ideas_module, author=participant, title="Schaukel kaputt", text="Am Spielplatz.")
    client = client_for(moderator)
    page = client.get(url("duplicates", ideas_module, idea)).content.decode()
    assert into.title in page
    assert unrelated.title not in page
    response = client.post(url("merge", ideas_module, idea), {"into": into.pk, "reason": ""})
    assert response.status_code == 302
    assert response["Location"] == into.get_absolute_url()
    assert Idea.objects.get(pk=idea.pk).merged_into_id == into.pk
    detail = client.get(into.get_absolute_url()).content.decode()
    assert idea.reference in detail  # listed as merged into it
    again = client.post(url("merge", ideas_module, idea), {"into": into.pk})
    assert "already been merged" in " ".join(messages_of(again)) or "bereits" in " ".join(messages_of(again))


def test_the_other_direction_and_bad_targets(pair, ideas_module, moderator, client_for):
    idea, into = pair
    client = client_for(moderator)
    client.post(url("merge", ideas_module, into), {"into": idea.pk})
    assert Idea.objects.get(pk=into.pk).merged_into_id == idea.pk
    for bad in ("", "abc", "999999"):
        response = client.post(url("merge", ideas_module, idea), {"into": bad})
        assert response.status_code == 302
        assert Idea.objects.get(pk=idea.pk).status != Status.MERGED


@pytest.mark.parametrize("who", ["anonymous", "participant", "other_org_admin"])
def test_only_the_team_may_see_duplicates_and_merge(who, pair, ideas_module, client, request):
    idea, into = pair
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    page = client.get(url("duplicates", ideas_module, idea))
    assert page.status_code in (302, 403, 404)
    response = client.post(url("merge", ideas_module, idea), {"into": into.pk})
    assert response.status_code in (302, 403, 404)
    assert Idea.objects.get(pk=idea.pk).status != Status.MERGED


def test_a_waiting_contribution_shows_its_possible_duplicate_in_the_queue(
    pair, guest_module, moderator, client_for, participant
):
    into = IdeaFactory(
        module=guest_module,
        author=participant,
        title="Der Bus fährt abends nicht mehr",
        text="Nach 18 Uhr fährt nichts.",
    )
    IdeaFactory(
        module=guest_module,
        author=None,
        guest_name="Gast",
        title="Abends fährt kein Bus",
        text="Nach 18 Uhr fährt kein Bus mehr, ich komme nicht heim.",
    )
    page = client_for(moderator).get(url("moderation", guest_module)).content.decode()
    assert into.reference in page


def test_the_overview_lists_likely_pairs_best_first_in_two_queries(
    pair, ideas_module, participant, moderator, client_for, django_assert_num_queries
):
    from zukunftswerkstatt.ideas.similarity import duplicate_pairs

    idea, into = pair
    IdeaFactory(module=ideas_module, author=participant, title="Schaukel kaputt", text="Am Spielplatz an der Schule.")
    IdeaFactory(module=ideas_module, author=participant, title="Bänke am Markt", text="Ältere brauchen Bänke.")
    with django_assert_num_queries(2):
        found = duplicate_pairs(module=ideas_module)
    assert [(p.older, p.newer) for p in found] == [(into, idea)]
    page = client_for(moderator).get(url("duplicate_overview", ideas_module)).content.decode()
    assert idea.reference in page
    assert into.reference in page
    assert "Schaukel" not in page
    services.idea_merge(idea=idea, into=into, by=moderator)
    assert duplicate_pairs(module=ideas_module) == []
    # The page's kept result is not used once a contribution changed.
    page = client_for(moderator).get(url("duplicate_overview", ideas_module)).content.decode()
    assert idea.reference not in page


def test_only_moderators_see_the_overview(pair, ideas_module, client_for, participant, staff_a):
    assert client_for(participant).get(url("duplicate_overview", ideas_module)).status_code in (403, 404)
