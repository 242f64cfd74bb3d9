"""E-mail notifications. Mails are rendered in the recipient's interface language and handed to
Django's mail system after the transaction commits. In production EMAIL_BACKEND is django-mailer's
queue: a worker (`manage.py mail_worker`) sends them and retries deferred ones, so a mail server
that is down loses nothing."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse

from zukunftswerkstatt.accounts.roles import organisation_id_of
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.mail import mail_build
from zukunftswerkstatt.core.models import Organisation

from .models import NotificationSettings, Topic

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def _organisation_of(objects: Iterable) -> Organisation | None:
    for obj in objects:
        organisation_id = organisation_id_of(obj)
        if organisation_id is not None:
            return Organisation.objects.filter(pk=organisation_id).first()
    return None


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
    return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": token}))


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


def notify_address(
    *,
    email: str,
    language: str,
    subject,
    template: str,
    context: dict,
    unsubscribe_url: str = "",
    organisation=None,
    subject_params=None,
) -> int:
    """Queue one e-mail to an address without an account (e.g. a guest who asked to be told).

    The caller keeps the address and the person's consent, and gives the link that stops the
    mails; it goes into the body's context and the List-Unsubscribe header as in notify().
    """
    if not email:
        return 0
    if organisation is None:
        organisation = _organisation_of(context.values())
    headers = {}
    if unsubscribe_url:
        headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    message = mail_build(
        to=[email],
        subject=subject,
        subject_params=subject_params,
        template=template,
        context={**context, "unsubscribe_url": unsubscribe_url},
        organisation=organisation,
        language=language,
        headers=headers,
    )
    transaction.on_commit(message.send)
    return 1


def notify(
    *,
    users: Iterable,
    topic: str,
    subject: str,
    template: str,
    context: dict,
    exclude=None,
    organisation=None,
    subject_params=None,
) -> int:
    """Queue one e-mail per person who wants this topic; returns how many were queued.

    The sender is `organisation`, or else the organisation of the first object in `context` that
    knows one (the contribution, measure, module, …)."""
    excluded = {getattr(u, "pk", None) for u in (exclude or [])}
    recipients = {u.pk: u for u in users if u is not None and u.pk not in excluded and u.is_active and u.email}
    if not recipients:
        return 0
    wanted = {row.user_id: row.wants(topic) for row in NotificationSettings.objects.filter(user_id__in=recipients)}
    if organisation is None:
        organisation = _organisation_of(context.values())
    messages = []
    for user in recipients.values():
        if not wanted.get(user.pk, True):
            continue
        token = unsubscribe_token(user=user, topic=topic)
        unsubscribe_url = absolute_url(reverse("notifications:unsubscribe", kwargs={"token": token}))
        messages.append(
            mail_build(
                to=[user.email],
                subject=subject,
                subject_params=subject_params,
                template=template,
                context={**context, "user": user, "unsubscribe_url": unsubscribe_url},
                organisation=organisation,
                language=user.mail_language,
                headers={
                    "List-Unsubscribe": f"<{unsubscribe_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
        )

    def send() -> None:
        from django.core.mail import get_connection

        get_connection().send_messages(messages)

    transaction.on_commit(send)
    return len(messages)
