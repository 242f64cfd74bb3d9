"""The newsletter: double opt-in, unsubscribe (RFC 8058), issues, batch sending with a failing mail
server, archive, permissions, rate limits."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse
from django.utils import timezone, translation
from mailer.engine import send_all
from mailer.models import Message

from zukunftswerkstatt.newsletter import services
from zukunftswerkstatt.newsletter.models import Channel, Delivery, Issue, IssueStatus, Subscription


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["zw_language"] = "en"  # the pages in English too, as the assertions read them
    cache.clear()
    with translation.override("en"):
        yield


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path


def _link(message, part: str) -> str:
    for line in message.body.splitlines():
        if part in line:
            return _path(line.strip())
    raise AssertionError(f"no {part} link in {message.body}")


def _confirmed(process, email, towns=(), **kwargs) -> Subscription:
    subscription = Subscription.objects.create(
        process=process, email=email, confirmed_at=timezone.now(), channel=Channel.EMAIL, **kwargs
    )
    subscription.towns.set(towns)
    return subscription


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Start sending and run what waits for the commit (the task; immediate in tests)."""

    def start(issue, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.issue_send_start(issue=issue, **kwargs)

    return start


def _issue(process, **kwargs) -> Issue:
    return Issue.objects.create(
        process=process, subject="Neues aus dem Göltzschtal", body="**Hallo** zusammen", **kwargs
    )


# -- double opt-in ------------------------------------------------------------------------------------


def test_subscribe_sends_only_a_confirmation_and_confirming_subscribes(
    client, process, town_a, django_capture_on_commit_callbacks
):
    url = reverse("newsletter:subscribe", args=[process.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "Lena@Example.org", "towns": [town_a.pk]})
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lena@example.org"]
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert list(subscription.towns.all()) == [town_a]
    # No issue goes to an unconfirmed address.
    issue = _issue(process)
    assert services.recipients(issue=issue).count() == 0

    confirm = _link(message, "/newsletter/confirm/")
    assert client.get(confirm).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a GET (a mail scanner) confirms nothing
    client.post(confirm)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert services.recipients(issue=issue).count() == 1


def test_an_expired_confirmation_link_does_nothing(client, process):
    subscription = Subscription.objects.create(process=process, email="alt@example.org")
    token = services.confirm_token(subscription=subscription)
    later = timezone.now() + dt.timedelta(days=8)
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.post(reverse("newsletter:confirm", args=[token]))
    assert response.status_code == 404
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    assert client.post(reverse("newsletter:confirm", args=["forged"])).status_code == 404


def test_repeated_subscribe_answers_the_same_and_sends_at_most_one_mail(
    client, process, django_capture_on_commit_callbacks
):
    url = reverse("newsletter:subscribe", args=[process.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"email": "lena@example.org"})
        second = client.post(url, {"email": "lena@example.org"})
    assert len(mail.outbox) == 1
    assert first.content == second.content.replace(second.content, first.content)
    assert Subscription.objects.count() == 1
    # A known, confirmed address gets the same page and no mail.
    _confirmed(process, "known@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "known@example.org"})
    assert len(mail.outbox) == 1
    assert known.status_code == first.status_code == 200
    assert "If this address does not get the newsletter yet" in known.content.decode()
    # After the pause a new confirmation mail may go out.
    later = timezone.now() + dt.timedelta(minutes=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.subscription_request(process=process, email="lena@example.org", now=later)
    assert len(mail.outbox) == 2


def test_subscribing_is_rate_limited(client, process, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsletter.subscribe:ip": "2/h"}
    url = reverse("newsletter:subscribe", args=[process.pk])
    for number in range(2):
        assert client.post(url, {"email": f"p{number}@example.org"}).status_code == 200
    assert client.post(url, {"email": "p9@example.org"}).status_code == 429
    assert not Subscription.objects.filter(email="p9@example.org").exists()


# -- unsubscribe --------------------------------------------------------------------------------------


def test_every_issue_mail_has_one_click_unsubscribe_that_works_by_post_only(client, process, send):
    subscription = _confirmed(process, "lena@example.org")
    issue = _issue(process)
    send(issue)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    link = _link(message, "/newsletter/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{link}>".replace(
        "http://testserver", message.extra_headers["List-Unsubscribe"][1:].split("/newsletter/")[0]
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert client.get(link).status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None  # GET shows the button only
    # RFC 8058: the mail program POSTs without a CSRF token.
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert services.recipients(issue=_issue(process)).count() == 0
    assert client.get(reverse("newsletter:unsubscribe", args=["forged"])).status_code == 404


# -- sending ------------------------------------------------------------------------------------------


def test_per_town_selection(process, town_a, town_b):
    all_towns = _confirmed(process, "all@example.org")
    only_a = _confirmed(process, "a@example.org", towns=[town_a])
    only_b = _confirmed(process, "b@example.org", towns=[town_b])
    Subscription.objects.create(process=process, email="pending@example.org")
    issue = _issue(process)
    assert set(services.recipients(issue=issue)) == {all_towns, only_a, only_b}
    issue.towns.set([town_a])
    assert set(services.recipients(issue=issue)) == {all_towns, only_a}


def test_preview_equals_what_is_sent_and_the_archive_shows_it(
    client, process, client_for, moderator, django_capture_on_commit_callbacks
):
    _confirmed(process, "lena@example.org")
    issue = _issue(process)
    preview = client_for(moderator).get(reverse("newsletter:issue_text", args=[issue.pk])).content.decode()
    html_preview = client_for(moderator).get(reverse("newsletter:issue_edit", args=[issue.pk])).content.decode()
    assert "Was gerade passiert" in html_preview  # the content is written in the site's language
    with django_capture_on_commit_callbacks(execute=True):
        client_for(moderator).post(reverse("newsletter:issue_send", args=[issue.pk]))
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    sent = mail.outbox[0].body
    import html

    # The text preview shows the body with an example unsubscribe link; the rest is the same.
    content = sent.split("\n--\n")[0]
    assert content in html.unescape(preview)
    assert "Hallo" in content
    assert "Was gerade passiert" in content
    assert mail.outbox[0].subject.endswith("Neues aus dem Göltzschtal")
    # The archive lists it and shows the frozen content.
    client.logout()
    archive = client.get(reverse("newsletter:archive", args=[process.pk])).content.decode()
    assert "Neues aus dem Göltzschtal" in archive
    page = client.get(reverse("newsletter:issue", args=[issue.pk])).content.decode()
    assert "<strong>Hallo</strong>" in page
    # Frozen: changing the issue's live blocks later does not change what the archive shows.
    issue.process.phases.update(name="Umbenannt")
    assert "Umbenannt" not in client.get(reverse("newsletter:issue", args=[issue.pk])).content.decode()


def test_a_draft_is_not_in_the_archive(client, process):
    issue = _issue(process)
    assert client.get(reverse("newsletter:issue", args=[issue.pk])).status_code == 404


class FailingBackend(LocmemBackend):
    """A mail server that is down: every send raises."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("down")


@pytest.fixture
def mail_queue(settings, tmp_path):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAILER_LOCK_PATH = str(tmp_path / "send_mail")
    return settings


def test_batches_with_a_failing_mail_server_lose_nothing_and_double_nothing(process, mail_queue, send):
    subscribers = [_confirmed(process, f"p{number}@example.org") for number in range(7)]
    issue = _issue(process)
    send(issue)
    issue.refresh_from_db()
    # The task ran (immediate backend in tests) in batches; here once more in batches of 3.
    assert issue.status == IssueStatus.SENT
    assert Delivery.objects.filter(issue=issue).count() == 7
    assert Message.objects.count() == 7
    mail_queue.MAILER_EMAIL_BACKEND = "tests.newsletter.test_newsletter.FailingBackend"
    send_all()
    assert Message.objects.count() == 7  # deferred, not lost
    assert mail.outbox == []
    mail_queue.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert Message.objects.retry_deferred() == 7  # what `manage.py retry_deferred` does
    send_all()
    assert Message.objects.count() == 0
    received = sorted(address for message in mail.outbox for address in message.to)
    assert received == sorted(s.email for s in subscribers)
    # Sending again changes nothing.
    services.issue_send_run(issue_pk=issue.pk)
    assert Delivery.objects.count() == 7


def test_a_crash_in_the_middle_of_a_batch_loses_and_doubles_nothing(process, mail_queue, monkeypatch, send):
    subscribers = [_confirmed(process, f"p{number}@example.org") for number in range(5)]
    issue = _issue(process)
    real_mail = services.issue_mail
    calls = {"n": 0}

    def crashing_mail(**kwargs):
        calls["n"] += 1
        if calls["n"] == 5:  # in the second batch, after its first mail was built
            raise RuntimeError("worker killed")
        return real_mail(**kwargs)

    monkeypatch.setattr(services, "issue_mail", crashing_mail)
    send(issue)  # the task fails (the immediate backend records it as failed)
    issue.refresh_from_db()
    # The immediate task crashed; the first batch (of 200 here: all) rolled back as a whole.
    assert issue.status == IssueStatus.SENDING
    assert Delivery.objects.count() == Message.objects.count() == 0
    calls["n"] = 0
    with pytest.raises(RuntimeError):
        services.issue_send_run(issue_pk=issue.pk, batch_size=3)
    # The first batch of three is queued, the second rolled back.
    assert Delivery.objects.count() == Message.objects.count() == 3
    monkeypatch.setattr(services, "issue_mail", real_mail)
    services.issue_send_run(issue_pk=issue.pk, batch_size=3)  # the resumed run
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert Delivery.objects.count() == Message.objects.count() == 5
    send_all()
    received = sorted(address for message in mail.outbox for address in message.to)
    assert received == sorted(s.email for s in subscribers)


def test_staff_see_the_progress_without_javascript_and_with_htmx(process, client_for, moderator, send):
    _confirmed(process, "lena@example.org")
    issue = _issue(process)
    send(issue)
    url = reverse("newsletter:issue_status", args=[issue.pk])
    page = client_for(moderator).get(url).content.decode()
    assert "1 e-mails handed to the mail queue" in page
    fragment = client_for(moderator).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert "send-progress" in fragment


# -- permissions --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("participant", False),
        ("other_org_admin", False),
        ("staff_a", True),
        ("moderator", True),
        ("org_admin", True),
    ],
)
def test_only_the_organisations_team_manages_the_newsletter(request, client, client_for, process, role, allowed):
    issue = _issue(process)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    http = client if user is None else client_for(user)
    for url in (
        reverse("newsletter:manage", args=[process.pk]),
        reverse("newsletter:issue_edit", args=[issue.pk]),
        reverse("newsletter:postal", args=[process.pk]),
    ):
        status = http.get(url).status_code
        assert (status == 200) == allowed, (url, status)
    response = http.post(reverse("newsletter:issue_send", args=[issue.pk]))
    issue.refresh_from_db()
    assert (issue.status != IssueStatus.DRAFT) == allowed, response.status_code


def test_staff_enter_a_postal_subscriber_only_with_consent(process, client_for, moderator, town_a):
    url = reverse("newsletter:postal", args=[process.pk])
    response = client_for(moderator).post(url, {"name": "Erna Schulz", "address": "Hauptstr. 1\n08485 Lengenfeld"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    client_for(moderator).post(
        url,
        {
            "name": "Erna Schulz",
            "address": "Hauptstr. 1\n08485 Lengenfeld",
            "consent_note": "Formular im Rathaus, 3. März, Frau Keller",
            "towns": [town_a.pk],
        },
    )
    subscription = Subscription.objects.get()
    assert subscription.channel == Channel.POST
    assert subscription.entered_by == moderator
    assert "Erna Schulz" in client_for(moderator).get(url).content.decode()


def test_unpublished_process_has_no_public_newsletter(client, process):
    process.is_published = False
    process.save()
    assert client.get(reverse("newsletter:subscribe", args=[process.pk])).status_code == 404
    assert client.get(reverse("newsletter:archive", args=[process.pk])).status_code == 404


def test_retention_deletes_old_unconfirmed_and_unsubscribed_addresses(process):
    old = timezone.now() - dt.timedelta(days=40)
    pending = Subscription.objects.create(process=process, email="pending@example.org")
    Subscription.objects.filter(pk=pending.pk).update(created=old)
    gone = _confirmed(process, "gone@example.org", unsubscribed_at=old)
    fresh = Subscription.objects.create(process=process, email="fresh@example.org")
    kept = _confirmed(process, "kept@example.org")
    assert services.subscriptions_purge() == (1, 1)
    assert set(Subscription.objects.all()) == {fresh, kept}
    assert not Subscription.objects.filter(pk=gone.pk).exists()


def test_staff_stop_the_letters_of_a_postal_subscriber_who_asked(
    process, client_for, moderator, other_org_admin, participant
):
    subscriber = services.postal_subscription_create(
        process=process,
        name="Erna Schulz",
        address="Markt 1\n08209 Auerbach",
        consent_note="Formular",
        entered_by=moderator,
    )
    url = reverse("newsletter:postal_stop", args=[subscriber.pk])
    assert client_for(moderator).get(url).status_code == 405  # only by the button, never by a link
    assert client_for(participant).post(url).status_code == 403
    assert client_for(other_org_admin).post(url).status_code in (403, 404)
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None

    response = client_for(moderator).post(url, follow=True)
    assert response.status_code == 200
    assert "Erna Schulz gets no more letters" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    issue = Issue.objects.create(process=process, subject="Neues")
    assert not services.recipients(issue=issue, channel=Channel.POST).exists()
    # Kept only for the retention period, then deleted with the other unsubscribed addresses.
    services.subscriptions_purge(now=timezone.now() + dt.timedelta(days=services.UNSUBSCRIBED_KEPT_DAYS + 1))
    assert not Subscription.objects.filter(pk=subscriber.pk).exists()
