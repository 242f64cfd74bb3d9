"""E-mails about contributions: who is told, who is not, and one-click unsubscribe."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from tests.ideas.factories import CommentFactory, IdeaFactory
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Status
from zukunftswerkstatt.notifications.models import NotificationSettings
from zukunftswerkstatt.notifications.services import notification_settings_update

pytestmark = pytest.mark.django_db


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def follower(idea):
    person = UserFactory(email="follower@example.org")
    services.follow_toggle(idea=idea, user=person)
    return person


def test_nothing_is_sent_before_the_transaction_commits(idea, moderator, follower, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.idea_answer(idea=idea, by=moderator, text="Wir prüfen das.")
    assert mail.outbox == []
    assert callbacks, "the mails wait for the commit"


def test_a_comment_tells_the_author_and_followers_but_not_the_commenter(idea, follower, staff_a, mail_on_commit):
    with mail_on_commit():
        CommentFactory(idea=idea, author=staff_a, text="Gute Idee!")
    assert recipients() == ["follower@example.org", "participant@example.org"]
    assert all("Gute Idee!" in message.body for message in mail.outbox)


def test_the_author_commenting_on_their_own_contribution_tells_only_followers(
    idea, participant, follower, mail_on_commit
):
    with mail_on_commit():
        CommentFactory(idea=idea, author=participant)
    assert recipients() == ["follower@example.org"]


def test_an_answer_tells_the_author_and_followers_but_not_the_one_who_answered(
    idea, follower, moderator, mail_on_commit
):
    services.follow_toggle(idea=idea, user=moderator)
    with mail_on_commit():
        services.idea_answer(idea=idea, by=moderator, text="Die Bänke kommen im Mai.")
    assert recipients() == ["follower@example.org", "participant@example.org"]
    author_mail = next(m for m in mail.outbox if m.to == ["participant@example.org"])
    assert "Die Bänke kommen im Mai." in author_mail.body or idea.get_absolute_url() in author_mail.body
    assert author_mail.extra_headers["List-Unsubscribe"].startswith("<http")


def test_a_status_change_tells_the_author_and_followers_but_not_the_one_who_changed_it(
    idea, follower, staff_a, mail_on_commit
):
    services.follow_toggle(idea=idea, user=staff_a)
    with mail_on_commit():
        services.idea_change_status(idea=idea, by=staff_a, status=Status.NOT_PURSUED, reason="Kein Platz")
    assert recipients() == ["follower@example.org", "participant@example.org"]
    assert all("Kein Platz" in message.body for message in mail.outbox)


def test_a_moderator_answering_their_own_contribution_is_not_told(ideas_module, moderator, mail_on_commit):
    own = IdeaFactory(module=ideas_module, author=moderator)
    with mail_on_commit():
        services.idea_answer(idea=own, by=moderator, text="Selbst beantwortet.")
        services.idea_change_status(idea=own, by=moderator, status=Status.UNDER_REVIEW)
    assert mail.outbox == []


def test_a_guests_contribution_tells_only_followers(guest_module, moderator, follower, mail_on_commit):
    waiting = IdeaFactory(module=guest_module, author=None)
    services.idea_restore(idea=waiting, by=moderator)
    services.follow_toggle(idea=waiting, user=follower)
    with mail_on_commit():
        services.idea_answer(idea=waiting, by=moderator, text="Danke.")
    assert recipients() == ["follower@example.org"]


def test_switched_off_topics_are_not_sent(idea, participant, follower, staff_a, mail_on_commit):
    notification_settings_update(user=participant, my_contributions=True, official_news=False, followed=True)
    with mail_on_commit():
        services.idea_answer(idea=idea, by=staff_a, text="Antwort")
    assert recipients() == ["follower@example.org"]
    mail.outbox.clear()
    with mail_on_commit():
        CommentFactory(idea=idea, author=staff_a)
    assert recipients() == ["follower@example.org", "participant@example.org"]


def test_inactive_accounts_get_no_mail(idea, participant, staff_a, mail_on_commit):
    participant.is_active = False
    participant.save(update_fields=["is_active"])
    with mail_on_commit():
        services.idea_answer(idea=idea, by=staff_a, text="Antwort")
    assert mail.outbox == []


def unsubscribe_path(message) -> str:
    url = re.search(r"<(.+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert url in message.body
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_the_unsubscribe_link_asks_first_and_then_switches_off_that_topic_only(
    client, idea, participant, staff_a, mail_on_commit
):
    with mail_on_commit():
        services.idea_change_status(idea=idea, by=staff_a, status=Status.UNDER_REVIEW)
    path = unsubscribe_path(mail.outbox[0])

    response = client.get(path)
    assert response.status_code == 200
    assert '<form method="post"' in response.content.decode()
    assert not NotificationSettings.objects.filter(user=participant, official_news=False).exists()

    response = client.post(path)  # one click from the mail program: no CSRF token, no login
    assert response.status_code == 200
    row = NotificationSettings.objects.get(user=participant)
    assert (row.official_news, row.my_contributions, row.followed) == (False, True, True)

    mail.outbox.clear()
    with mail_on_commit():
        services.idea_change_status(idea=idea, by=staff_a, status=Status.IN_PLAN)
    assert mail.outbox == []


@pytest.mark.parametrize("token", ["kaputt", "eyJ1IjoxLCJ0IjoiZm9sbG93ZWQifQ:forged:signature"])
def test_a_bad_unsubscribe_token_is_not_found(client, token):
    url = reverse("notifications:unsubscribe", kwargs={"token": token})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_the_unsubscribe_link_of_a_deleted_account_does_no_harm(client, idea, participant, staff_a, mail_on_commit):
    from zukunftswerkstatt.accounts.services import account_delete

    with mail_on_commit():
        services.idea_change_status(idea=idea, by=staff_a, status=Status.UNDER_REVIEW)
    path = unsubscribe_path(mail.outbox[0])
    account_delete(user=participant)
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    assert not NotificationSettings.objects.exists()


def test_each_person_is_written_to_in_the_language_they_chose(idea, staff_a, mail_on_commit):
    english = UserFactory(email="english@example.org", language="en")
    german = UserFactory(email="deutsch@example.org", language="")
    services.follow_toggle(idea=idea, user=english)
    services.follow_toggle(idea=idea, user=german)
    with mail_on_commit():
        CommentFactory(idea=idea, author=staff_a, text="Gute Idee!")
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "has commented on" in bodies["english@example.org"]
    assert "kommentiert" in bodies["deutsch@example.org"]
    assert "has commented on" not in bodies["deutsch@example.org"]


def test_switching_the_language_remembers_it_for_e_mails(client, participant):
    client.force_login(participant)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.language == "en"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_an_unknown_language_changes_nothing(client, participant):
    client.force_login(participant)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    participant.refresh_from_db()
    assert participant.language == ""
