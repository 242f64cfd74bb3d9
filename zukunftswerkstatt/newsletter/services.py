"""Writes of the newsletter: subscribe (double opt-in), confirm, unsubscribe, issues, sending in
batches through the mail queue (docs/newsletter.md)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.mail import mail_build
from zukunftswerkstatt.core.text import render_markdown
from zukunftswerkstatt.notifications.services import notify_address, unsubscribe_headers

from .models import Channel, Delivery, Issue, IssueStatus, Subscription

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
CONFIRM_DAYS = 7
CONFIRM_MAIL_PAUSE = dt.timedelta(minutes=15)
BATCH_SIZE = 200
UNSUBSCRIBED_KEPT_DAYS = 30


# -- tokens: signed, nothing stored ------------------------------------------------------------------


def confirm_token(*, subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=CONFIRM_SALT)


def confirm_read(token: str) -> Subscription | None:
    """The subscription a confirmation link is for, or None (forged, expired after 7 days, gone)."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=dt.timedelta(days=CONFIRM_DAYS))
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(pk=data.get("s"), email=data.get("e"), channel=Channel.EMAIL).first()


def unsubscribe_token(*, subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> Subscription | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Subscription.objects.select_related("process").filter(pk=data.get("s")).first()


def unsubscribe_url(*, subscription: Subscription) -> str:
    return absolute_url(
        reverse("newsletter:unsubscribe", kwargs={"token": unsubscribe_token(subscription=subscription)})
    )


# -- subscribing -------------------------------------------------------------------------------------


def subscription_request(*, process, email: str, towns=(), language: str = "de", now=None) -> bool:
    """Someone asks for the newsletter: store the address unconfirmed and mail a confirmation link.

    The same answer whatever the address's state (nothing tells whether it is known); at most one
    confirmation mail per address every CONFIRM_MAIL_PAUSE; a confirmed address gets no mail (its
    towns are not changed by a stranger). Returns whether a mail was queued."""
    now = now or timezone.now()
    email = email.strip().lower()
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update().filter(process=process, channel=Channel.EMAIL, email=email).first()
        )
        if subscription is None:
            subscription = Subscription(process=process, channel=Channel.EMAIL, email=email, language=language)
            subscription.full_clean()
            try:
                with transaction.atomic():
                    subscription.save()
            except IntegrityError:  # the same address at the same moment: treat as known
                return False
        elif (
            subscription.is_active
            or subscription.confirmation_sent_at
            and subscription.confirmation_sent_at > now - CONFIRM_MAIL_PAUSE
        ):
            return False
        else:  # unconfirmed or unsubscribed earlier: a new opt-in starts
            subscription.unsubscribed_at = None
            subscription.confirmed_at = None
            subscription.language = language
        subscription.confirmation_sent_at = now
        subscription.save()
        subscription.towns.set(list(towns))
        url = absolute_url(reverse("newsletter:confirm", kwargs={"token": confirm_token(subscription=subscription)}))
        notify_address(
            email=email,
            language=language,
            subject=_("Please confirm: newsletter of %(process)s"),
            subject_params={"process": process.title},
            template="newsletter/email/confirm.txt",
            context={"process": process, "confirm_url": url, "days": CONFIRM_DAYS},
            organisation=process.organisation,
        )
    return True


def subscription_confirm(*, subscription: Subscription, now=None) -> Subscription:
    if subscription.confirmed_at is None or subscription.unsubscribed_at is not None:
        subscription.confirmed_at = now or timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at", "modified"])
    return subscription


def subscription_unsubscribe(*, subscription: Subscription, now=None) -> Subscription:
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = now or timezone.now()
        subscription.save(update_fields=["unsubscribed_at", "modified"])
    return subscription


def postal_subscription_create(
    *, process, name: str, address: str, consent_note: str, towns=(), language: str = "de", entered_by
) -> Subscription:
    """Staff enter a postal subscriber; consent (who, when, how) is required."""
    subscription = Subscription(
        process=process,
        channel=Channel.POST,
        name=name.strip(),
        address=address.strip(),
        consent_note=consent_note.strip(),
        language=language,
        entered_by=entered_by,
        confirmed_at=timezone.now(),
    )
    errors = {}
    for field in ("name", "address", "consent_note"):
        if not getattr(subscription, field):
            errors[field] = _("This field is required.")
    if errors:
        from django.core.exceptions import ValidationError

        raise ValidationError(errors)
    subscription.full_clean()
    with transaction.atomic():
        subscription.save()
        subscription.towns.set(list(towns))
    return subscription


def subscriptions_purge(*, now=None) -> tuple[int, int]:
    """Retention: unconfirmed e-mail addresses after CONFIRM_DAYS, unsubscribed ones after
    UNSUBSCRIBED_KEPT_DAYS. Returns (unconfirmed, unsubscribed) deleted."""
    now = now or timezone.now()
    unconfirmed, _rows = Subscription.objects.filter(
        channel=Channel.EMAIL, confirmed_at__isnull=True, created__lt=now - dt.timedelta(days=CONFIRM_DAYS)
    ).delete()
    unsubscribed, _rows = Subscription.objects.filter(
        unsubscribed_at__lt=now - dt.timedelta(days=UNSUBSCRIBED_KEPT_DAYS)
    ).delete()
    return unconfirmed, unsubscribed


# -- issues ------------------------------------------------------------------------------------------


def issue_save(*, issue: Issue, towns=None, user=None) -> Issue:
    if issue.status != IssueStatus.DRAFT:
        from django.core.exceptions import ValidationError

        raise ValidationError(_("An issue that is being sent or was sent cannot be changed."))
    if issue.pk is None and user is not None:
        issue.created_by = user
    issue.full_clean()
    with transaction.atomic():
        issue.save()
        if towns is not None:
            issue.towns.set(list(towns))
    return issue


def recipients(*, issue: Issue, channel: str = Channel.EMAIL) -> QuerySet[Subscription]:
    """Active subscribers of the issue's process on the channel; with towns on the issue only those
    who chose one of them or all towns."""
    queryset = Subscription.objects.filter(
        process_id=issue.process_id, channel=channel, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )
    town_ids = list(issue.towns.values_list("pk", flat=True))
    if town_ids:
        queryset = queryset.filter(Q(towns__isnull=True) | Q(towns__in=town_ids)).distinct()
    return queryset.order_by("pk")


def issue_content(*, issue: Issue, now=None) -> dict:
    """The body and blocks of an issue: live for a draft (see selectors.issue_blocks)."""
    from .selectors import issue_blocks

    return {"issue": issue, "body_html": render_markdown(issue.body), **issue_blocks(issue=issue, now=now)}


def issue_render(*, issue: Issue, now=None) -> tuple[str, str]:
    """(text, html) of the issue's content: frozen once sent, else rendered now."""
    if issue.status != IssueStatus.DRAFT and issue.sent_text:
        return issue.sent_text, issue.sent_html
    context = issue_content(issue=issue, now=now)
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("newsletter/email/_content.txt", context)
        html = render_to_string("newsletter/_content.html", context)
    return text, html


def issue_mail(*, issue: Issue, subscription: Subscription, content_text: str, unsubscribe: str):
    return mail_build(
        to=[subscription.email],
        subject=issue.subject,
        template="newsletter/email/issue.txt",
        context={"issue": issue, "process": issue.process, "content": content_text, "unsubscribe_url": unsubscribe},
        organisation=issue.process.organisation,
        language=subscription.language,
        headers=unsubscribe_headers(unsubscribe),
    )


def issue_send_start(*, issue: Issue, user=None, now=None) -> bool:
    """Freeze the content and queue the sending task; False if the issue is not a draft."""
    from .tasks import issue_send_queue

    now = now or timezone.now()
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.status != IssueStatus.DRAFT:
            return False
        text, html = issue_render(issue=locked, now=now)
        locked.sent_text, locked.sent_html = text, html
        locked.status = IssueStatus.SENDING
        locked.send_started_at = now
        locked.recipients_total = recipients(issue=locked).count()
        locked.save()
        issue_send_queue(issue=locked)
    issue.refresh_from_db()
    return True


def issue_send_batch(*, issue_pk: int, batch_size: int = BATCH_SIZE) -> int:
    """Queue the next batch: Delivery rows and the mails (django-mailer's queue in production) in one
    transaction, so a crash loses or doubles nothing. Returns how many were queued (0: done)."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().select_related("process__organisation").get(pk=issue_pk)
        if issue.status != IssueStatus.SENDING:
            return 0
        batch = list(recipients(issue=issue).exclude(deliveries__issue=issue)[:batch_size])
        if not batch:
            issue.status = IssueStatus.SENT
            issue.sent_at = timezone.now()
            issue.save(update_fields=["status", "sent_at", "modified"])
            return 0
        Delivery.objects.bulk_create([Delivery(issue=issue, subscription=s) for s in batch])
        messages = [
            issue_mail(
                issue=issue, subscription=s, content_text=issue.sent_text, unsubscribe=unsubscribe_url(subscription=s)
            )
            for s in batch
        ]
        get_connection().send_messages(messages)
    return len(batch)


def issue_send_run(*, issue_pk: int, batch_size: int = BATCH_SIZE) -> None:
    """Queue every batch; a run that stopped continues where it stopped."""
    while issue_send_batch(issue_pk=issue_pk, batch_size=batch_size):
        pass


def issue_mark_posted(*, issue: Issue, date: dt.date) -> Issue:
    issue.posted_on = date
    issue.save(update_fields=["posted_on", "modified"])
    return issue
