"""Themes: contributions, live-board cards and paper cards of a process that belong together
(docs/themes.md).

A run (`ThemeRun`) computes suggested themes in the task worker; a moderator accepts, renames,
splits or dissolves them and moves items between them. An item is a contribution or a card; each
belongs to at most one theme of its process (unique constraints), and an item in no theme is
"not in a theme".
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.ideas.models import Idea
from zukunftswerkstatt.plans.models import Measure
from zukunftswerkstatt.processes.models import Process
from zukunftswerkstatt.workshops.models import Card

# A run still queued or running after this long lost its worker: it is shown as failed and may be
# started again.
STALE_AFTER = dt.timedelta(minutes=5)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the background worker")
    RUNNING = "running", _("being computed")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ThemeState(models.TextChoices):
    SUGGESTED = "suggested", _("suggestion")
    ACCEPTED = "accepted", _("accepted")


class ThemeRun(models.Model):
    """One computation of suggested themes for a process."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="theme_runs", verbose_name=_("process"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    theme_count = models.PositiveIntegerField(_("themes"), default=0)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("theme computation")
        verbose_name_plural = _("theme computations")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.process} #{self.pk}"

    @property
    def organisation_id(self) -> int:
        return self.process.organisation_id

    def is_stale(self, now: dt.datetime | None = None) -> bool:
        """Queued or running for longer than a computation takes: its worker died (or none runs)."""
        if self.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
            return False
        since = self.started_at or self.created
        return since < (now or timezone.now()) - STALE_AFTER

    @property
    def is_active(self) -> bool:
        """Waiting or being computed, and not stale."""
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING) and not self.is_stale()

    @property
    def has_failed(self) -> bool:
        return self.status == RunStatus.FAILED or self.is_stale()


class Theme(models.Model):
    """A group of items that say something alike, with the words that characterise it."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="themes", verbose_name=_("process"))
    run = models.ForeignKey(
        ThemeRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="themes",
        verbose_name=_("computed by"),
    )
    title = models.CharField(_("name"), max_length=150)
    words = models.JSONField(_("characteristic words"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ThemeState.choices, default=ThemeState.SUGGESTED)
    position = models.PositiveIntegerField(_("position"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("measure seeded"),
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="suggested") | Q(accepted_at__isnull=False), name="theme_accepted_has_time"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("themes:process", kwargs={"process_pk": self.process_id}) + f"#theme-{self.pk}"

    @property
    def organisation_id(self) -> int:
        return self.process.organisation_id

    @property
    def is_accepted(self) -> bool:
        return self.state == ThemeState.ACCEPTED


class ThemeItem(models.Model):
    """A contribution or a card in a theme (exactly one of the two)."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="items", verbose_name=_("theme"))
    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("contribution")
    )
    card = models.ForeignKey(
        Card, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("card")
    )

    class Meta:
        verbose_name = _("item of a theme")
        verbose_name_plural = _("items of themes")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(idea__isnull=False) & Q(card__isnull=True))
                | (Q(idea__isnull=True) & Q(card__isnull=False)),
                name="themeitem_idea_or_card",
            ),
            # Each contribution and card is in at most one theme.
            models.UniqueConstraint(fields=["idea"], name="themeitem_idea_once"),
            models.UniqueConstraint(fields=["card"], name="themeitem_card_once"),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        return f"idea-{self.idea_id}" if self.idea_id else f"card-{self.card_id}"
