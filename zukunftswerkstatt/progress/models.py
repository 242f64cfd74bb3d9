"""The interim review (Zwischenbilanz): dated progress entries of the action plan's measures,
indicators with measured values, and review rounds in which citizens rate how each measure is going.

The measure itself (status, percent complete, version, milestones, history, followers) belongs to
plans; every write here that changes a measure goes through progress.services, which checks the
measure's `version` and adds the change to the measure's history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import BuiltDocument, TimeStampedModel
from zukunftswerkstatt.core.storage import private_storage
from zukunftswerkstatt.plans.models import MeasureStatus


class ProgressUpdate(TimeStampedModel):
    """A dated entry about how a measure is going, with the status and percentage it left behind."""

    measure = models.ForeignKey(
        "plans.Measure", on_delete=models.CASCADE, related_name="progress_updates", verbose_name=_("measure")
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("what happened"), max_length=5000)
    image = models.ImageField(_("image"), upload_to="progress/%Y/%m/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=250, blank=True)
    status = models.CharField(_("status afterwards"), max_length=20, choices=MeasureStatus.choices)
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete afterwards"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("author"),
    )

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["measure", "-date", "-id"], name="progress_update_measure_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__lte=100), name="progress_update_percent_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: {self.text[:50]}"

    @property
    def organisation_id(self) -> int:
        return self.measure.process.organisation_id


class Indicator(TimeStampedModel):
    """Something measurable that shows whether a measure works: from a baseline to a target."""

    measure = models.ForeignKey(
        "plans.Measure", on_delete=models.CASCADE, related_name="indicators", verbose_name=_("measure")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("how it is measured"), blank=True, max_length=2000)
    unit = models.CharField(_("unit"), max_length=50, help_text=_("E.g. “people”, “%”, “km”."))
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_date__gte=models.F("baseline_date")),
                name="indicator_target_not_before_baseline",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_id(self) -> int:
        return self.measure.process.organisation_id


class IndicatorValue(TimeStampedModel):
    """One measured value of an indicator on a date."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="indicator_value_once_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.date:%Y-%m-%d}: {self.value}"


class ReviewRoundQuerySet(models.QuerySet):
    def open(self, now=None) -> ReviewRoundQuerySet:
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class ReviewRound(TimeStampedModel):
    """A Zwischenbilanz: from its opening to its close, citizens rate how each measure is going."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="review_rounds", verbose_name=_("process")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what it is about"), blank=True, max_length=5000)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )

    objects = ReviewRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="review_round_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation_id(self) -> int:
        return self.process.organisation_id

    def is_open(self, now=None) -> bool:
        """Open means opens_at ≤ now < closes_at (the same rule as phases)."""
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class Score(models.IntegerChoices):
    VERY_BAD = 1, _("very badly")
    BAD = 2, _("rather badly")
    MIXED = 3, _("so-so")
    GOOD = 4, _("rather well")
    VERY_GOOD = 5, _("very well")


class Rating(TimeStampedModel):
    """How one person thinks a measure is going, in one review round; changeable until the close."""

    review_round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("review round")
    )
    measure = models.ForeignKey(
        "plans.Measure", on_delete=models.CASCADE, related_name="review_ratings", verbose_name=_("measure")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measure_ratings", verbose_name=_("person")
    )
    score = models.PositiveSmallIntegerField(_("rating"), choices=Score.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review_round", "measure", "user"], name="rating_once_per_person_measure_round"
            ),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.score}"

    @property
    def organisation_id(self) -> int:
        return self.review_round.process.organisation_id


class ReviewReport(BuiltDocument):
    """The review report of a round as PDF, made in the background (WeasyPrint takes a while)."""

    builder = "zukunftswerkstatt.progress.services.review_report_make"
    build_related = ("review_round__process__organisation",)

    review_round = models.ForeignKey(
        ReviewRound, on_delete=models.CASCADE, related_name="reports", verbose_name=_("review round")
    )
    file = models.FileField(_("PDF"), upload_to="review-reports/%Y/", storage=private_storage, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )

    class Meta:
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.review_round} ({self.created:%Y-%m-%d %H:%M})"

    @property
    def organisation_id(self) -> int:
        return self.review_round.process.organisation_id
