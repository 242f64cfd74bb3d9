"""The action plan (Werkstattplan): measures with owners, time, money and priority, their
milestones and visible change history, citizen prioritisation (dot voting online and paper
tallies from events), offers to help, and plan versions adopted by the council.

Every row knows its organisation through its process (measures, plan versions) or its
module (ballots, paper tallies).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import (
    BuiltDocument,
    Municipality,
    TargetGroup,
    TimeStampedModel,
    Topic,
)
from zukunftswerkstatt.core.storage import PrivateStorage
from zukunftswerkstatt.processes.models import Module, Process


class Priority(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


PRIORITY_ORDER = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    PAUSED = "paused", _("paused")
    DROPPED = "dropped", _("dropped")


class MeasureQuerySet(models.QuerySet):
    def of_process(self, process: Process) -> MeasureQuerySet:
        return self.filter(process=process)

    def votable(self) -> MeasureQuerySet:
        """Measures citizens may prioritise: offered for the vote and neither done nor dropped."""
        return self.filter(put_to_vote=True).exclude(status__in=[MeasureStatus.DONE, MeasureStatus.DROPPED])


class Measure(TimeStampedModel):
    """One measure of the action plan, grown from contributions and evidence."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="measures", verbose_name=_("process"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    goal = models.TextField(_("goal"), max_length=3000, blank=True)
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("field of action"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="measures",
        verbose_name=_("towns"),
        help_text=_("None chosen means the whole association."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="measures", verbose_name=_("target groups")
    )

    responsible_body = models.CharField(
        _("responsible body"),
        max_length=200,
        blank=True,
        help_text=_("Who carries the measure, e.g. “Stadtverwaltung Auerbach, Bauamt”."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)
    partners = models.TextField(_("partners"), max_length=2000, blank=True)

    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_source = models.CharField(_("funding"), max_length=300, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM)

    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    put_to_vote = models.BooleanField(
        _("offered for citizen prioritisation"),
        default=True,
        help_text=_("Citizens can give points to this measure in a prioritisation module."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised by every change, so that two people cannot overwrite each other.")
    )

    ideas = models.ManyToManyField("ideas.Idea", blank=True, related_name="measures", verbose_name=_("contributions"))
    swot_items = models.ManyToManyField(
        "swot.SwotItem", blank=True, related_name="measures", verbose_name=_("SWOT items")
    )
    inventory_items = models.ManyToManyField(
        "inventory.InventoryItem", blank=True, related_name="measures", verbose_name=_("inventory entries")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["process", "topic"], name="measure_process_topic")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__gte=0) & models.Q(percent_complete__lte=100),
                name="measure_percent_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_cost__isnull=True) | models.Q(estimated_cost__gte=0),
                name="measure_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="measure_ends_after_start",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="measure_version_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:measure", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})
        if self.topic_id and self.process_id and self.topic.organisation_id != self.process.organisation_id:
            raise ValidationError({"topic": _("Choose a field of action of this organisation.")})

    @property
    def organisation_id(self) -> int:
        return self.process.organisation_id

    @property
    def has_owner(self) -> bool:
        return bool(self.responsible_body.strip())

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name.strip() and (self.contact_email.strip() or self.contact_phone.strip()))


class Milestone(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("measure"))
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class MeasureChange(models.Model):
    """One entry of a measure's visible change history, with the fields changed (old → new)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="changes", verbose_name=_("measure"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    summary = models.CharField(_("summary"), max_length=300)
    changes = models.JSONField(
        _("changed fields"), default=dict, blank=True, help_text=_("Field name → {label, old, new}.")
    )
    version = models.PositiveIntegerField(
        _("version after the change"), null=True, blank=True, help_text=_("The measure's version after this change.")
    )

    class Meta:
        verbose_name = _("change of a measure")
        verbose_name_plural = _("changes of measures")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["measure", "-at"], name="measurechange_measure_at")]

    def __str__(self) -> str:
        return self.summary


class MeasureFollow(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="follows", verbose_name=_("measure"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measure_follows", verbose_name=_("person")
    )
    created = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follower of a measure")
        verbose_name_plural = _("followers of measures")
        constraints = [models.UniqueConstraint(fields=["measure", "user"], name="measurefollow_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.measure_id}"


class HelpOffer(TimeStampedModel):
    """“Ich mache mit”: a citizen offers to help with a measure."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="help_offers", verbose_name=_("measure")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measure_help_offers",
        verbose_name=_("person"),
    )
    message = models.TextField(_("message"), max_length=2000)
    share_contact = models.BooleanField(
        _("contact may be passed on"),
        default=False,
        help_text=_("The person agreed that their name and e-mail address go to the measure's contact person."),
    )
    forwarded_at = models.DateTimeField(_("passed on at"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer to help")
        verbose_name_plural = _("offers to help")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.message[:60]


class Ballot(models.Model):
    """One person's dots in one prioritisation module; its row is locked while the dots change."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="plan_ballots", verbose_name=_("module"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_ballots", verbose_name=_("person")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint(fields=["module", "user"], name="ballot_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.module_id}"


class Dot(models.Model):
    """The points one ballot gives one measure."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="dots", verbose_name=_("ballot"))
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="dots", verbose_name=_("measure"))
    points = models.PositiveSmallIntegerField(_("points"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("dot")
        verbose_name_plural = _("dots")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "measure"], name="dot_once_per_measure"),
            models.CheckConstraint(condition=models.Q(points__gte=1), name="dot_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.points} → {self.measure_id}"


class TallyChannel(models.TextChoices):
    EVENT = "event", _("at an event or workshop")
    LETTER = "letter", _("by letter")
    PHONE = "phone", _("by telephone")


class PaperTally(models.Model):
    """Points counted on paper (an event's dot board, letters, calls), entered by staff."""

    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="plan_paper_tallies", verbose_name=_("module")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="paper_tallies", verbose_name=_("measure")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=TallyChannel.choices)
    points = models.PositiveIntegerField(_("points"))
    note = models.CharField(
        _("where and when"), max_length=200, blank=True, help_text=_("E.g. “Bürgerforum Rodewisch, 12 March”.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("entered by")
    )
    created = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("paper tally")
        verbose_name_plural = _("paper tallies")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.points} → {self.measure_id} ({self.channel})"


class PlanVersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ADOPTED = "adopted", _("adopted")


class PlanVersion(TimeStampedModel):
    """A version of the Werkstattplan; an adopted version keeps a snapshot of its measures."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="plan_versions", verbose_name=_("process")
    )
    number = models.PositiveIntegerField(_("version number"))
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), max_length=10000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanVersionStatus.choices, default=PlanVersionStatus.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.CharField(
        _("adopted by"), max_length=200, blank=True, help_text=_("E.g. “Stadtrat Auerbach” or “Verbandsversammlung”.")
    )
    resolution = models.CharField(_("resolution number"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    snapshot = models.JSONField(_("measures at adoption"), default=list, blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "number"], name="planversion_unique_number"),
            models.CheckConstraint(
                condition=models.Q(status=PlanVersionStatus.DRAFT) | models.Q(adopted_on__isnull=False),
                name="planversion_adopted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"

    def get_absolute_url(self) -> str:
        return reverse("plans:version", kwargs={"pk": self.pk})

    @property
    def organisation_id(self) -> int:
        return self.process.organisation_id

    @property
    def is_adopted(self) -> bool:
        return self.status == PlanVersionStatus.ADOPTED


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"


def _document_storage():
    return PrivateStorage()


class PlanExport(BuiltDocument):
    """A PDF or DOCX of the plan, made by a background task and kept for everyone who asks for the
    same content (`key`: a hash of everything the document shows)."""

    builder = "zukunftswerkstatt.plans.services.documents.plan_export_make"
    build_related = ("process__organisation", "version")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="plan_exports", verbose_name=_("process")
    )
    version = models.ForeignKey(
        PlanVersion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exports",
        verbose_name=_("plan version"),
    )
    file_format = models.CharField(_("format"), max_length=10, choices=DocumentFormat.choices)
    key = models.CharField(_("content key"), max_length=64, db_index=True)
    file = models.FileField(_("file"), upload_to="plans/%Y/%m/", storage=_document_storage, blank=True)

    class Meta:
        verbose_name = _("plan document")
        verbose_name_plural = _("plan documents")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | (models.Q(finished_at__isnull=False) & ~models.Q(file="")),
                name="planexport_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process_id} {self.file_format} {self.status}"

    @property
    def organisation_id(self) -> int:
        return self.process.organisation_id
