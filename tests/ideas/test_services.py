"""The idea collection's writes, called as the views call them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from tests.factories import MunicipalityFactory, UserFactory
from tests.ideas.factories import CommentFactory, IdeaFactory
from zukunftswerkstatt.conversation.models import Block, Comment
from zukunftswerkstatt.core.models import Topic
from zukunftswerkstatt.ideas import selectors, services
from zukunftswerkstatt.ideas.models import (
    Channel,
    Follow,
    Idea,
    Kind,
    ModerationAction,
    ModerationLogEntry,
    OfflineContact,
    Status,
    StatusChange,
    Support,
    Visibility,
)
from zukunftswerkstatt.ideas.selectors import IdeaFilters
from zukunftswerkstatt.processes.services import module_create, module_update_settings

pytestmark = pytest.mark.django_db


def fresh(obj):
    obj.refresh_from_db()
    return obj


def log_actions(organisation) -> list[str]:
    return list(
        ModerationLogEntry.objects.filter(organisation=organisation).order_by("pk").values_list("action", flat=True)
    )


# Contributing


def test_a_contribution_is_published_at_once_and_its_author_follows_it(ideas_module, participant, town_a):
    idea = services.idea_create(
        module=ideas_module,
        author=participant,
        kind=Kind.CRITICISM,
        title=" Zu wenig Busse ",
        text="Abends.",
        municipality=town_a,
    )
    assert idea.visibility == Visibility.PUBLISHED
    assert idea.title == "Zu wenig Busse"
    assert Follow.objects.filter(idea=idea, user=participant).exists()
    assert " bus " in idea.search_title_terms  # indexed under its German word forms


def test_a_kind_that_is_not_open_is_refused(ideas_module, participant, org_admin):
    module_update_settings(module=ideas_module, settings={"open_kinds": [Kind.CRITICISM], "allow_guests": False})
    with pytest.raises(ValidationError) as error:
        services.idea_create(module=ideas_module, author=participant, kind=Kind.PROPOSAL, title="T", text="T")
    assert "kind" in error.value.error_dict
    assert not Idea.objects.exists()


def test_a_town_of_another_organisation_is_refused(ideas_module, participant, other_organisation):
    elsewhere = MunicipalityFactory(organisation=other_organisation)
    with pytest.raises(ValidationError) as error:
        services.idea_create(
            module=ideas_module, author=participant, kind=Kind.VISION, title="T", text="T", municipality=elsewhere
        )
    assert "municipality" in error.value.error_dict


def test_a_field_of_action_of_another_organisation_is_refused(ideas_module, participant, other_organisation):
    foreign = Topic.objects.create(organisation=other_organisation, name="Fremd")
    with pytest.raises(ValidationError) as error:
        services.idea_create(
            module=ideas_module, author=participant, kind=Kind.VISION, title="T", text="T", topic=foreign
        )
    assert "topic" in error.value.error_dict


def test_a_guests_contribution_waits_and_only_the_team_sees_it_in_the_list(guest_module, participant, moderator):
    guest_idea = services.idea_create(
        module=guest_module, author=None, kind=Kind.VISION, title="Ein Kino", text="Bitte.", guest_name="Opa Kurt"
    )
    assert guest_idea.visibility == Visibility.PENDING
    assert guest_idea.public_author == "Opa Kurt"
    assert not Follow.objects.filter(idea=guest_idea).exists()
    assert list(selectors.idea_list(module=guest_module, filters=IdeaFilters(), user=participant)) == []
    queue = selectors.moderation_queue(module=guest_module)
    assert queue["pending"] == [guest_idea]


def test_the_author_sees_their_own_waiting_contribution_in_the_list(ideas_module, participant, moderator, idea):
    services.idea_hide(idea=idea, by=moderator, reason="Beleidigend")
    assert list(selectors.idea_list(module=ideas_module, filters=IdeaFilters(), user=participant)) == [idea]
    assert list(selectors.idea_list(module=ideas_module, filters=IdeaFilters(), user=UserFactory())) == []


def test_a_moderator_edit_needs_a_public_note_and_is_logged(idea, moderator, organisation):
    arguments = {"title": "Sitzbänke", "text": "Gekürzt.", "kind": Kind.PROPOSAL, "municipality": idea.municipality}
    with pytest.raises(ValidationError):
        services.idea_update(idea=idea, editor=moderator, **arguments)
    services.idea_update(idea=idea, editor=moderator, moderator_note="Beleidigung entfernt", **arguments)
    idea = fresh(idea)
    assert idea.moderator_note == "Beleidigung entfernt"
    assert " sitzbank " in idea.search_title_terms  # re-indexed
    assert log_actions(organisation) == [ModerationAction.EDIT]


def test_the_author_edits_without_a_note(idea, participant, organisation):
    services.idea_update(idea=idea, editor=participant, title="Neue Bänke", text="Bitte.", kind=Kind.PROPOSAL)
    assert fresh(idea).moderator_note == ""
    assert log_actions(organisation) == []


# Offline contributions


def record_letter(module, staff, **overrides):
    arguments = {
        "module": module,
        "recorded_by": staff,
        "channel": Channel.LETTER,
        "received_on": timezone.localdate() - dt.timedelta(days=2),
        "contact_name": "Erna Schubert",
        "contact": "Lindenstraße 4, 08209 Auerbach",
        "consent": "Am Telefon zugestimmt",
        "delete_on": timezone.localdate() + dt.timedelta(days=180),
        "kind": Kind.CRITICISM,
        "title": "Der Bus fährt zu selten",
        "text": "Ich komme nicht mehr zum Arzt.",
    }
    return services.offline_idea_record(**{**arguments, **overrides})


def test_an_offline_contribution_is_published_and_its_contact_kept_privately(ideas_module, staff_a, organisation):
    idea = record_letter(ideas_module, staff_a)
    assert idea.visibility == Visibility.PUBLISHED
    assert idea.author is None
    assert idea.author_name == ""
    assert idea.is_offline
    contact = OfflineContact.objects.get(idea=idea)
    assert contact.name == "Erna Schubert"
    assert contact.recorded_by == staff_a
    assert "erna" not in idea.search_title_terms + idea.search_text_terms
    assert log_actions(organisation) == [ModerationAction.RECORD_OFFLINE]


def test_an_offline_contribution_received_in_the_future_is_refused(ideas_module, staff_a):
    with pytest.raises(ValidationError) as error:
        record_letter(ideas_module, staff_a, received_on=timezone.localdate() + dt.timedelta(days=1))
    assert "received_on" in error.value.error_dict
    assert not Idea.objects.exists()


@pytest.mark.parametrize("days", [0, -1])
def test_an_offline_contribution_whose_deletion_date_is_not_in_the_future_is_refused(ideas_module, staff_a, days):
    with pytest.raises(ValidationError) as error:
        record_letter(ideas_module, staff_a, delete_on=timezone.localdate() + dt.timedelta(days=days))
    assert "delete_on" in error.value.error_dict
    assert not OfflineContact.objects.exists()


def test_the_purge_deletes_only_contacts_whose_date_has_come(ideas_module, staff_a):
    keep = record_letter(ideas_module, staff_a, delete_on=timezone.localdate() + dt.timedelta(days=30))
    expire = record_letter(ideas_module, staff_a, delete_on=timezone.localdate() + dt.timedelta(days=10))
    assert services.offline_contacts_purge(today=timezone.localdate() + dt.timedelta(days=10)) == 1
    assert OfflineContact.objects.filter(idea=keep).exists()
    assert not OfflineContact.objects.filter(idea=expire).exists()
    assert Idea.objects.filter(pk=expire.pk).exists(), "the contribution itself stays"


def test_the_daily_purge_command_deletes_expired_contacts(ideas_module, staff_a):
    record_letter(ideas_module, staff_a, delete_on=timezone.localdate() + dt.timedelta(days=1))
    call_command("purge_offline_contacts", verbosity=0)
    assert OfflineContact.objects.count() == 1
    with freeze_time(timezone.now() + dt.timedelta(days=2)):
        call_command("purge_offline_contacts", verbosity=0)
    assert not OfflineContact.objects.exists()


def test_sending_the_answer_back_is_noted_and_logged(ideas_module, staff_a, organisation):
    idea = record_letter(ideas_module, staff_a)
    services.offline_answer_sent(idea=idea, by=staff_a, channel=Channel.LETTER, sent_on=timezone.localdate())
    contact = OfflineContact.objects.get(idea=idea)
    assert contact.answer_channel == Channel.LETTER
    assert log_actions(organisation)[-1] == ModerationAction.ANSWER_SENT


# Comments


def test_a_reply_to_a_reply_joins_the_thread_of_the_top_comment(idea):
    top = CommentFactory(idea=idea)
    reply = CommentFactory(idea=idea, parent=top)
    reply_to_reply = CommentFactory(idea=idea, parent=reply)
    assert reply.parent == top
    assert reply_to_reply.parent == top
    threads = selectors.idea_comments(idea=idea)
    assert list(threads) == [top]
    assert threads[0].reply_list == [reply, reply_to_reply]
    assert fresh(idea).comment_count == 3


def test_a_reply_to_a_comment_on_another_contribution_is_refused(idea, ideas_module):
    other = IdeaFactory(module=ideas_module)
    foreign = CommentFactory(idea=other)
    with pytest.raises(ValidationError):
        CommentFactory(idea=idea, parent=foreign)
    assert fresh(idea).comment_count == 0


def test_commenting_makes_the_commenter_follow(idea):
    comment = CommentFactory(idea=idea)
    assert Follow.objects.filter(idea=idea, user=comment.author).exists()


def test_deleting_a_comment_keeps_its_place_in_the_thread(idea):
    top = CommentFactory(idea=idea)
    reply = CommentFactory(idea=idea, parent=top)
    services.comment_delete(comment=top)
    services.comment_delete(comment=top)  # a second click changes nothing
    top = fresh(top)
    assert top.is_deleted
    assert top.text == ""
    assert selectors.idea_comments(idea=idea)[0].reply_list == [reply]
    assert fresh(idea).comment_count == 1


def test_hiding_restoring_and_deleting_keep_the_comment_count_right(idea, moderator):
    first, second = CommentFactory(idea=idea), CommentFactory(idea=idea)
    assert fresh(idea).comment_count == 2
    services.comment_hide(comment=first, by=moderator, reason="Beleidigend")
    services.comment_hide(comment=first, by=moderator, reason="Immer noch")
    assert fresh(idea).comment_count == 1
    services.comment_delete(comment=fresh(first))  # hidden and then deleted: not counted twice
    assert fresh(idea).comment_count == 1
    services.comment_restore(comment=fresh(first), by=moderator)  # deleted stays uncounted
    assert fresh(idea).comment_count == 1
    services.comment_hide(comment=second, by=moderator, reason="Spam")
    services.comment_restore(comment=fresh(second), by=moderator)
    services.comment_restore(comment=fresh(second), by=moderator)
    assert fresh(idea).comment_count == 1
    services.comment_delete(comment=fresh(second))
    assert fresh(idea).comment_count == 0


def test_hiding_needs_a_public_reason(idea, moderator):
    with pytest.raises(ValidationError):
        services.idea_hide(idea=idea, by=moderator, reason="  ")
    comment = CommentFactory(idea=idea)
    with pytest.raises(ValidationError):
        services.comment_hide(comment=comment, by=moderator, reason="")
    assert fresh(idea).visibility == Visibility.PUBLISHED
    assert fresh(idea).comment_count == 1


# Supports and follows


def test_support_toggles_and_the_count_is_exact(idea, staff_a, moderator):
    assert services.support_toggle(idea=idea, user=staff_a) == (True, 1)
    assert services.support_toggle(idea=idea, user=moderator) == (True, 2)
    assert services.support_toggle(idea=idea, user=staff_a) == (False, 1)
    assert fresh(idea).support_count == Support.objects.filter(idea=idea).count() == 1


def test_supporting_twice_counts_once(idea, staff_a):
    assert services.support_add(idea=idea, user=staff_a) is True
    assert services.support_add(idea=idea, user=staff_a) is False
    assert fresh(idea).support_count == 1
    assert services.support_remove(idea=idea, user=staff_a) is True
    assert services.support_remove(idea=idea, user=staff_a) is False
    assert fresh(idea).support_count == 0


def test_follow_toggles(idea, staff_a):
    assert services.follow_toggle(idea=idea, user=staff_a) is True
    assert services.follow_toggle(idea=idea, user=staff_a) is False
    assert not Follow.objects.filter(idea=idea, user=staff_a).exists()


# Status, answers, moderation


def test_a_status_change_is_recorded_in_the_history_and_logged(idea, staff_a, organisation):
    services.idea_change_status(idea=idea, by=staff_a, status=Status.UNDER_REVIEW)
    services.idea_change_status(idea=idea, by=staff_a, status=Status.IN_PLAN, reason="Maßnahme 4")
    history = [(c.old_status, c.new_status, c.reason) for c in selectors.idea_status_history(idea=idea)]
    assert history == [(Status.NEW, Status.UNDER_REVIEW, ""), (Status.UNDER_REVIEW, Status.IN_PLAN, "Maßnahme 4")]
    assert fresh(idea).status == Status.IN_PLAN
    assert log_actions(organisation) == [ModerationAction.STATUS, ModerationAction.STATUS]


@pytest.mark.parametrize("status", [Status.NOT_PURSUED, Status.MERGED])
def test_not_pursued_and_merged_need_a_reason(idea, ideas_module, staff_a, status):
    other = IdeaFactory(module=ideas_module)
    with pytest.raises(ValidationError) as error:
        services.idea_change_status(idea=idea, by=staff_a, status=status, reason=" ", merged_into=other)
    assert "reason" in error.value.error_dict
    assert fresh(idea).status == Status.NEW
    assert not StatusChange.objects.exists()


def test_the_same_status_again_is_refused(idea, staff_a):
    with pytest.raises(ValidationError):
        services.idea_change_status(idea=idea, by=staff_a, status=Status.NEW)


def test_a_merge_needs_another_contribution_of_the_same_collection(idea, ideas_module, workshop, staff_a):
    other_module = module_create(phase=workshop, type="ideas", title="Andere Sammlung", position=2)
    elsewhere = IdeaFactory(module=other_module)
    for target in (None, idea, elsewhere):
        with pytest.raises(ValidationError) as error:
            services.idea_change_status(
                idea=idea, by=staff_a, status=Status.MERGED, reason="Doppelt", merged_into=target
            )
        assert "merged_into" in error.value.error_dict
    same = IdeaFactory(module=ideas_module)
    services.idea_change_status(idea=idea, by=staff_a, status=Status.MERGED, reason="Doppelt", merged_into=same)
    assert fresh(idea).merged_into == same
    services.idea_change_status(idea=idea, by=staff_a, status=Status.UNDER_REVIEW)
    assert fresh(idea).merged_into is None


def test_an_empty_answer_is_refused(idea, moderator):
    with pytest.raises(ValidationError):
        services.idea_answer(idea=idea, by=moderator, text=" ")


def test_hiding_and_restoring_are_logged_and_resolve_reports(idea, moderator, organisation):
    report = services.report_create(reporter=UserFactory(), reason="Beleidigend", idea=idea)
    services.idea_hide(idea=idea, by=moderator, reason="Gegen die Regeln")
    assert fresh(idea).visibility == Visibility.HIDDEN
    assert fresh(report).resolved_by == moderator
    services.idea_restore(idea=idea, by=moderator)
    assert fresh(idea).visibility == Visibility.PUBLISHED
    assert fresh(idea).hidden_reason == ""
    assert log_actions(organisation) == [
        ModerationAction.RESOLVE_REPORT,
        ModerationAction.HIDE,
        ModerationAction.RESTORE,
    ]


def test_releasing_a_guests_contribution_is_logged_as_release(guest_module, moderator, organisation):
    waiting = IdeaFactory(module=guest_module, author=None)
    services.idea_restore(idea=waiting, by=moderator)
    assert fresh(waiting).visibility == Visibility.PUBLISHED
    assert log_actions(organisation) == [ModerationAction.RELEASE]


def test_a_report_targets_exactly_one_thing(idea):
    comment = CommentFactory(idea=idea)
    with pytest.raises(ValidationError):
        services.report_create(reporter=None, reason="x", idea=idea, comment=comment)
    with pytest.raises(ValidationError):
        services.report_create(reporter=None, reason="", idea=idea)


# Blocks


def test_a_block_is_for_one_organisation_and_is_logged(ideas_module, participant, moderator, organisation):
    services.user_block(module=ideas_module, user=participant, by=moderator, reason="Wiederholt beleidigend")
    assert Block.objects.get(user=participant).organisation == organisation
    services.user_block(module=ideas_module, user=participant, by=moderator, reason="Noch einmal")
    assert Block.objects.filter(user=participant).count() == 1
    services.user_unblock(module=ideas_module, user=participant, by=moderator)
    assert not Block.objects.exists()
    assert log_actions(organisation) == [ModerationAction.BLOCK, ModerationAction.BLOCK, ModerationAction.UNBLOCK]


def test_a_moderator_cannot_block_themselves(ideas_module, moderator):
    with pytest.raises(ValidationError):
        services.user_block(module=ideas_module, user=moderator, by=moderator, reason="Test")


# Accounts


def test_deleting_an_account_takes_back_its_supports(idea, staff_a, moderator):
    from zukunftswerkstatt.accounts.services import account_delete

    services.support_add(idea=idea, user=staff_a)
    services.support_add(idea=idea, user=moderator)
    account_delete(user=staff_a)
    assert fresh(idea).support_count == Support.objects.filter(idea=idea).count() == 1


def test_deleting_an_account_keeps_its_contributions_and_comments_without_a_name(idea, participant, staff_a):
    comment = CommentFactory(idea=idea, author=participant)
    from zukunftswerkstatt.accounts.services import account_delete

    account_delete(user=participant)
    idea, comment = fresh(idea), fresh(comment)
    assert idea.author is None
    assert comment.author is None
    assert comment.text
    assert Comment.objects.filter(idea=idea).count() == 1
