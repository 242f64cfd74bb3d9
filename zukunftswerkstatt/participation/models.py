"""Counts the team enters where no record per person exists: sign-in sheets, paper cards, paper
votes, paper ratings, letters and calls not typed in one by one (docs/participation.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.core.models import Municipality, Organisation, TimeStampedModel
from zukunftswerkstatt.events.models import Event
from zukunftswerkstatt.processes.models import Module, Process


class TallyChannel(models.TextChoices):
    """What a tally counts; each is one channel of the participation count (participation.selectors)."""

    ATTENDANCE = "attendance", _("Sign-in sheet: people who came to an event")
    PAPER_CARDS = "paper_cards", _("Paper cards written at a workshop")
    PAPER_VOTES = "paper_votes", _("People who voted on paper")
    PAPER_RATINGS = "paper_ratings", _("People who rated measures on paper")
    LETTERS_CALLS = "letters_calls", _("Letters and calls not entered as contributions")


class Tally(TimeStampedModel):
    """A number of people counted by the team, with an optional breakdown by town and age group.

    The breakdown (`TallyCell` rows) never exceeds the total; what it leaves over counts as “town and
    age group not stated”.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("process"))
    channel = models.CharField(_("what was counted"), max_length=20, choices=TallyChannel.choices)
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tallies",
        verbose_name=_("event"),
    )
    module = models.ForeignKey(
        Module,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tallies",
        verbose_name=_("module"),
    )
    counted_on = models.DateField(_("counted on"))
    total = models.PositiveIntegerField(_("number of people"), validators=[MinValueValidator(1)])
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        ordering = ["-counted_on", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(total__gte=1), name="tally_total_positive")]
        indexes = [models.Index(fields=["process", "channel"], name="tally_process_channel")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.total}"

    def get_absolute_url(self) -> str:
        return reverse("participation:tally_edit", kwargs={"process_pk": self.process_id, "pk": self.pk})


class TallyCell(models.Model):
    """“Of which”: how many of a tally's people gave a town and/or an age group."""

    tally = models.ForeignKey(Tally, on_delete=models.CASCADE, related_name="cells", verbose_name=_("tally"))
    town = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("town")
    )
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices, blank=True)
    count = models.PositiveIntegerField(_("people"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("part of a tally")
        verbose_name_plural = _("parts of a tally")
        constraints = [
            models.UniqueConstraint(fields=["tally", "town", "age_group"], name="tallycell_unique"),
            models.CheckConstraint(
                condition=models.Q(town__isnull=False) | ~models.Q(age_group=""), name="tallycell_says_something"
            ),
            models.CheckConstraint(condition=models.Q(count__gte=1), name="tallycell_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.town_id or '-'} {self.age_group or '-'}: {self.count}"
