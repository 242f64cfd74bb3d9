"""Subscriptions to a process's newsletter, its issues and one delivery row per issue and subscriber
(docs/newsletter.md). The unique delivery row is the guarantee that nobody gets an issue twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import TimeStampedModel


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    POST = "post", _("post")


class Subscription(TimeStampedModel):
    """One address that gets the newsletter of one process. E-mail addresses confirm themselves
    (double opt-in, `confirmed_at`); postal addresses are entered by staff with the consent note."""

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="newsletter_subscriptions",
        verbose_name=_("process"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    email = models.EmailField(_("e-mail address"), blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    address = models.TextField(_("postal address"), max_length=500, blank=True, help_text=_("One line per row."))
    consent_note = models.TextField(
        _("consent"), max_length=1000, blank=True, help_text=_("Who gave consent, when and how.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    towns = models.ManyToManyField(
        "core.Municipality", blank=True, related_name="+", verbose_name=_("towns"), help_text=_("None: all towns.")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="de")
    confirmation_sent_at = models.DateTimeField(_("confirmation mail sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "email"],
                condition=Q(channel="email"),
                name="newsletter_one_subscription_per_address",
            ),
            models.CheckConstraint(
                condition=Q(channel="post") | ~Q(email=""), name="newsletter_email_subscription_has_address"
            ),
        ]

    def __str__(self) -> str:
        return self.email or self.name

    @property
    def organisation_id(self) -> int:
        return self.process.organisation_id

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")


class Issue(TimeStampedModel):
    """One newsletter issue. While a draft its blocks are rendered live; "send" freezes what was sent
    (`sent_text`, `sent_html`) so the archive shows exactly that."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="newsletter_issues", verbose_name=_("process")
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=20000, blank=True, help_text=_("Markdown: **bold**, lists, links."))
    include_phase = models.BooleanField(_("what runs now (the running phase and how to take part)"), default=True)
    include_events = models.BooleanField(_("upcoming events"), default=True)
    include_progress = models.BooleanField(_("latest progress of the measures"), default=False)
    towns = models.ManyToManyField(
        "core.Municipality",
        blank=True,
        related_name="+",
        verbose_name=_("for towns"),
        help_text=_("None: everyone. Otherwise subscribers of these towns and those who chose all towns."),
    )
    status = models.CharField(_("status"), max_length=10, choices=IssueStatus.choices, default=IssueStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    send_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients_total = models.PositiveIntegerField(_("recipients"), default=0)
    sent_text = models.TextField(_("content as sent (text)"), blank=True)
    sent_html = models.TextField(_("content as sent (web page)"), blank=True)
    posted_on = models.DateField(_("letters posted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.subject

    @property
    def organisation_id(self) -> int:
        return self.process.organisation_id

    def get_absolute_url(self) -> str:
        return reverse("newsletter:issue", kwargs={"issue_pk": self.pk})


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("handed to the mail queue")
    FAILED = "failed", _("failed")


class Delivery(models.Model):
    """That an issue went to a subscriber: written in the same transaction as the queued mail."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("issue"))
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    state = models.CharField(_("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscription"], name="newsletter_one_delivery_per_subscriber")
        ]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscription_id}"
