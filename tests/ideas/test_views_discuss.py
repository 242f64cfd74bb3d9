"""A contribution's page: comments, supports, follows and reports through HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from freezegun import freeze_time

from tests.factories import UserFactory
from tests.ideas.conftest import german
from tests.ideas.factories import CommentFactory, IdeaFactory
from tests.ideas.helpers import messages_of, url
from zukunftswerkstatt.conversation.models import Comment, CommentReport
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Follow, Report, Status, Support

pytestmark = pytest.mark.django_db


def fresh(obj):
    obj.refresh_from_db()
    return obj


def test_the_detail_page_shows_the_contribution_its_answer_history_and_comments(
    client, idea, ideas_module, moderator, town_a
):
    top = CommentFactory(idea=idea, text="Erster Kommentar")
    CommentFactory(idea=idea, parent=top, text="Eine Antwort")
    services.idea_answer(idea=idea, by=moderator, text="Die Stadt stellt drei Bänke auf.")
    services.idea_change_status(idea=idea, by=moderator, status=Status.IN_PLAN, reason="Maßnahme 7")
    response = client.get(idea.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Sitzbänke am Marktplatz", "Paula", town_a.name, "Die Stadt stellt drei Bänke auf.", "Maßnahme 7"):
        assert text in page
    assert page.index("Erster Kommentar") < page.index("Eine Antwort")
    assert response.context["history"][0].new_status == Status.IN_PLAN


def test_a_contribution_of_another_module_is_not_found_under_this_one(client, idea, workshop):
    from zukunftswerkstatt.processes.services import module_create

    other = module_create(phase=workshop, type="ideas", title="Andere", position=3)
    assert client.get(url("detail", other, idea)).status_code == 404


def test_a_hidden_contribution_is_visible_to_its_author_and_the_team_only(client_for, idea, moderator, staff_b):
    services.idea_hide(idea=idea, by=moderator, reason="Gegen die Regeln")
    assert Client().get(idea.get_absolute_url()).status_code == 404
    assert client_for(UserFactory()).get(idea.get_absolute_url()).status_code == 404
    author_page = client_for(idea.author).get(idea.get_absolute_url())
    assert author_page.status_code == 200
    assert "Gegen die Regeln" in author_page.content.decode()
    assert client_for(staff_b).get(idea.get_absolute_url()).status_code == 200


# Comments


def test_a_participant_comments_and_replies(client_for, staff_a, idea, ideas_module):
    client = client_for(staff_a)
    response = client.post(url("comment", ideas_module, idea), {"text": "Gute Idee"})
    top = Comment.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"#comment-{top.pk}")
    client.post(url("comment", ideas_module, idea), {"text": "Und noch etwas", "parent": top.pk})
    reply = Comment.objects.exclude(pk=top.pk).get()
    client.post(url("comment", ideas_module, idea), {"text": "Antwort auf die Antwort", "parent": reply.pk})
    assert Comment.objects.filter(parent=top).count() == 2
    assert fresh(idea).comment_count == 3


def test_an_empty_or_too_long_comment_is_refused_and_the_text_kept(client_for, staff_a, idea, ideas_module):
    client = client_for(staff_a)
    response = client.post(url("comment", ideas_module, idea), {"text": "   "})
    assert response.status_code == 400
    too_long = "Lang " * 700
    response = client.post(url("comment", ideas_module, idea), {"text": too_long})
    assert response.status_code == 400
    assert "text" in response.context["comment_form"].errors
    assert too_long.strip() in response.content.decode()
    assert not Comment.objects.exists()


def test_a_reply_to_a_comment_of_another_contribution_is_not_found(client_for, staff_a, idea, ideas_module):
    foreign = CommentFactory(idea=IdeaFactory(module=ideas_module))
    response = client_for(staff_a).post(url("comment", ideas_module, idea), {"text": "x", "parent": foreign.pk})
    assert response.status_code == 404
    assert not idea.comments.exists()


def test_guests_and_blocked_people_cannot_comment(client, client_for, idea, ideas_module, staff_a, moderator):
    assert client.post(url("comment", ideas_module, idea), {"text": "Gast"}).status_code == 403
    services.user_block(module=ideas_module, user=staff_a, by=moderator, reason="Beleidigungen")
    assert client_for(staff_a).post(url("comment", ideas_module, idea), {"text": "Gesperrt"}).status_code == 403
    assert not Comment.objects.exists()


def test_commenting_after_the_phase_is_refused(client_for, staff_a, idea, ideas_module, workshop):
    with freeze_time(workshop.end + dt.timedelta(hours=1)):
        assert client_for(staff_a).post(url("comment", ideas_module, idea), {"text": "Zu spät"}).status_code == 403
    assert not Comment.objects.exists()


def test_the_author_edits_and_deletes_a_comment(client_for, staff_a, idea, ideas_module):
    comment = CommentFactory(idea=idea, author=staff_a, text="Tippfeler")
    reply = CommentFactory(idea=idea, parent=comment)
    client = client_for(staff_a)
    edit_url = url("comment_edit", ideas_module, idea, comment_pk=comment.pk)
    assert client.get(edit_url).context["form"]["text"].value() == "Tippfeler"
    client.post(edit_url, {"text": "Tippfehler"})
    assert fresh(comment).text == "Tippfehler"
    assert comment.edited_at
    client.post(edit_url, {"text": "", "delete": "1"})
    assert fresh(comment).is_deleted
    page = client.get(idea.get_absolute_url()).content.decode()
    assert german("The author deleted this comment.") in page
    assert reply.text in page
    assert fresh(idea).comment_count == 1


def test_someone_else_cannot_edit_or_delete_a_comment(client_for, participant, staff_a, idea, ideas_module):
    comment = CommentFactory(idea=idea, author=staff_a)
    edit_url = url("comment_edit", ideas_module, idea, comment_pk=comment.pk)
    assert client_for(participant).post(edit_url, {"text": "", "delete": "1"}).status_code == 403
    assert not fresh(comment).is_deleted


def test_a_hidden_comment_cannot_be_edited_by_its_author(client_for, staff_a, moderator, idea, ideas_module):
    comment = CommentFactory(idea=idea, author=staff_a, text="Beleidigung")
    services.comment_hide(comment=comment, by=moderator, reason="Beleidigend")
    edit_url = url("comment_edit", ideas_module, idea, comment_pk=comment.pk)
    assert client_for(staff_a).post(edit_url, {"text": "Jetzt harmlos"}).status_code == 403
    assert fresh(comment).text == "Beleidigung"


# Supports and follows


def test_support_toggles_through_the_page(client_for, staff_a, idea, ideas_module):
    client = client_for(staff_a)
    response = client.post(url("support", ideas_module, idea))
    assert response.status_code == 302
    assert fresh(idea).support_count == 1
    assert german("Thank you for your support.") in messages_of(response)
    client.post(url("support", ideas_module, idea))
    assert fresh(idea).support_count == 0
    assert not Support.objects.exists()


def test_support_with_htmx_answers_with_the_button_only(client_for, staff_a, idea, ideas_module):
    response = client_for(staff_a).post(url("support", ideas_module, idea), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith(f'<div id="support-{idea.pk}"')
    assert 'name="action" value="withdraw"' in page  # the button now offers to take the support back


def test_a_double_submit_that_says_support_counts_once(client_for, staff_a, idea, ideas_module):
    client = client_for(staff_a)
    for _click in range(2):
        client.post(url("support", ideas_module, idea), {"action": "support"})
    assert fresh(idea).support_count == Support.objects.count() == 1
    for _click in range(2):
        client.post(url("support", ideas_module, idea), {"action": "withdraw"})
    assert fresh(idea).support_count == Support.objects.count() == 0


def test_guests_are_asked_to_log_in_to_support(client, idea, ideas_module):
    response = client.post(url("support", ideas_module, idea))
    assert response.status_code == 302
    assert "/login/" in response.url
    assert fresh(idea).support_count == 0


def test_supporting_ones_own_contribution_or_after_the_phase_is_refused(
    client_for, participant, staff_a, idea, ideas_module, workshop
):
    assert client_for(participant).post(url("support", ideas_module, idea)).status_code == 403
    with freeze_time(workshop.end + dt.timedelta(days=1)):
        assert client_for(staff_a).post(url("support", ideas_module, idea)).status_code == 403
    assert fresh(idea).support_count == 0


def test_follow_toggles(client_for, staff_a, idea, ideas_module):
    client = client_for(staff_a)
    client.post(url("follow", ideas_module, idea))
    assert Follow.objects.filter(idea=idea, user=staff_a).exists()
    client.post(url("follow", ideas_module, idea))
    assert not Follow.objects.filter(idea=idea, user=staff_a).exists()


def test_writes_need_post(client_for, staff_a, idea, ideas_module):
    client = client_for(staff_a)
    for name in ("support", "follow", "comment"):
        assert client.get(url(name, ideas_module, idea)).status_code == 405


# Reports


def test_anyone_reports_a_contribution_or_a_comment(client, client_for, staff_a, idea, ideas_module):
    comment = CommentFactory(idea=idea)
    assert client.get(url("report", ideas_module, idea)).status_code == 200
    response = client.post(url("report", ideas_module, idea), {"reason": "Falsche Behauptung"})
    assert response.status_code == 302
    client_for(staff_a).post(
        url("report_comment", ideas_module, idea, comment_pk=comment.pk), {"reason": "Beleidigend"}
    )
    # Reports of contributions stay ideas.Report; reports of comments are conversation.CommentReport.
    assert [(r.idea, r.reporter) for r in Report.objects.order_by("pk")] == [(idea, None)]
    assert [(r.comment, r.reporter) for r in CommentReport.objects.order_by("pk")] == [(comment, staff_a)]


@pytest.mark.parametrize("gone", ["hidden", "deleted"])
def test_the_report_page_of_a_hidden_or_deleted_comment_is_not_found(
    client, client_for, moderator, idea, ideas_module, gone
):
    comment = CommentFactory(idea=idea, text="Ein Satz, den die Moderation verborgen hat.")
    if gone == "hidden":
        Comment.objects.filter(pk=comment.pk).update(is_hidden=True, hidden_reason="Beleidigend")
    else:
        Comment.objects.filter(pk=comment.pk).update(is_deleted=True)
    page = url("report_comment", ideas_module, idea, comment_pk=comment.pk)
    for person in (None, moderator):
        if person is not None:
            client_for(person)
        response = client.get(page)
        assert response.status_code == 404
        assert "verborgen hat" not in response.content.decode()
        assert client.post(page, {"reason": "Beleidigend"}).status_code == 404
    assert not Report.objects.exists()
    assert not CommentReport.objects.exists()


def test_a_report_without_a_reason_or_with_a_filled_honeypot_is_refused(client, idea, ideas_module):
    response = client.post(url("report", ideas_module, idea), {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    response = client.post(url("report", ideas_module, idea), {"reason": "x", "website": "spam"})
    assert "website" in response.context["form"].errors
    assert not Report.objects.exists()


def test_the_eleventh_report_of_a_guest_in_an_hour_must_wait(client, idea, ideas_module):
    with freeze_time():
        for _ in range(11):
            response = client.post(url("report", ideas_module, idea), {"reason": "Spam"})
    assert response.status_code == 200
    assert Report.objects.count() == 10


def test_comments_come_in_pages_and_a_new_comment_is_shown_on_its_page(client, participant, idea):
    from zukunftswerkstatt.ideas.selectors import COMMENTS_PER_PAGE

    for _ in range(COMMENTS_PER_PAGE + 2):
        CommentFactory(idea=idea)
    first = client.get(idea.get_absolute_url())
    assert len(first.context["comments"]) == COMMENTS_PER_PAGE
    assert "?page=2#comments" in first.content.decode()
    assert len(client.get(idea.get_absolute_url() + "?page=2").context["comments"]) == 2
    # A page that does not exist shows the last one.
    assert client.get(idea.get_absolute_url() + "?page=99").context["comments"].number == 2

    client.force_login(participant)
    response = client.post(url("comment", idea.module, idea), {"text": "Noch eine Idee dazu."})
    comment = idea.comments.order_by("-pk").first()
    assert response["Location"].endswith(f"?page=2#comment-{comment.pk}")
