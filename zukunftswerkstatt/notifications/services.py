"""E-mail notifications. Mails are rendered in the recipient's interface language and handed to
Django's mail system after the transaction commits. In production EMAIL_BACKEND is django-mailer's
queue: a worker (`manage.py runmailer`) sends them and retries deferred ones, so a mail server
that is down loses nothing."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import NotificationSettings, Topic

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def notification_settings_for(user) -> NotificationSettings:
    settings_row, _created = NotificationSettings.objects.get_or_create(user=user)
    return settings_row


def notification_settings_update(*, user, **topics: bool) -> None:
    """Save the wanted topics (keyword per topic, e.g. events=False); topics not given stay as they are."""
    unknown = set(topics) - set(Topic.values)
    if unknown:
        raise ValueError(f"unknown notification topics: {sorted(unknown)}")
    row = notification_settings_for(user)
    for topic, wanted in topics.items():
        setattr(row, topic, bool(wanted))
    row.save()


def wants(user, topic: str) -> bool:
    """Whether the person wants e-mails on this topic (no saved settings: yes)."""
    row = NotificationSettings.objects.filter(user=user).only(topic).first()
    return row is None or row.wants(topic)


def unsubscribe_url(*, user, topic: str) -> str:
    """The one-click link that switches this topic off, for mails sent outside notify()."""
    token = unsubscribe_token(user=user, topic=topic)
    return settings.SITE_URL.rstrip("/") + reverse("notifications:unsubscribe", kwargs={"token": token})


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058 headers: mail programs show an "unsubscribe" button that works with one click."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def unsubscribe_token(*, user, topic: str) -> str:
    return signing.dumps({"u": user.pk, "t": topic}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if data.get("t") not in Topic.values:
        return None
    return data["u"], data["t"]


def unsubscribe(*, user_id: int, topic: str) -> None:
    """Switch one topic off. An account deleted since the e-mail was sent gets no e-mail anyway."""
    if not get_user_model().objects.filter(pk=user_id).exists():
        return
    row, _created = NotificationSettings.objects.get_or_create(user_id=user_id)
    setattr(row, topic, False)
    row.save(update_fields=[topic])


def notify(*, users: Iterable, topic: str, subject: str, template: str, context: dict, exclude=None) -> int:
    """Queue one e-mail per person who wants this topic; returns how many were queued."""
    excluded = {getattr(u, "pk", None) for u in (exclude or [])}
    recipients = {u.pk: u for u in users if u is not None and u.pk not in excluded and u.is_active and u.email}
    if not recipients:
        return 0
    wanted = {row.user_id: row.wants(topic) for row in NotificationSettings.objects.filter(user_id__in=recipients)}
    messages = []
    site = settings.SITE_URL.rstrip("/")
    for user in recipients.values():
        if not wanted.get(user.pk, True):
            continue
        token = unsubscribe_token(user=user, topic=topic)
        unsubscribe_url = site + reverse("notifications:unsubscribe", kwargs={"token": token})
        with translation.override(user.mail_language):
            body = render_to_string(
                template,
                {**context, "user": user, "site_url": site, "unsubscribe_url": unsubscribe_url},
            )
            message = EmailMultiAlternatives(
                subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + str(subject),
                body=body,
                to=[user.email],
                headers={
                    "List-Unsubscribe": f"<{unsubscribe_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
        messages.append(message)

    def send() -> None:
        from django.core.mail import get_connection

        get_connection().send_messages(messages)

    transaction.on_commit(send)
    return len(messages)
