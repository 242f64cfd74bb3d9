"""Organisations, their member towns, and the shared vocabularies.

Every row in the platform knows its organisation, directly or through its process,
so that one installation can serve many associations of towns.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

ags_validator = RegexValidator(
    regex=r"^[0-9]{8}\Z",
    message=_("The official municipality key (AGS) has exactly 8 digits."),
)


class DocumentStatus(models.TextChoices):
    """Where a document built by a background task stands (profile PDF, SWOT PDF, plan documents,
    review reports); see core/documents.py for the lifecycle."""

    PENDING = "pending", _("waiting")
    RUNNING = "running", _("being prepared")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class DocumentFailure(models.TextChoices):
    """Why a document could not be built, in words for the team (the technical detail is in `error`)."""

    ERROR = "error", _("An error occurred while the document was laid out.")
    WORKER_LOST = (
        "worker_lost",
        _(
            "The build was aborted: the background service stopped during every attempt. "
            "The administrators can find the cause in the service's log."
        ),
    )


class TimeStampedModel(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        abstract = True


class BuiltDocument(TimeStampedModel):
    """A document made by a background task (profile PDF, SWOT PDF, plan document, review report).

    core/documents.py builds it: a build claims the row with a lease (`lease_until`) that its
    heartbeat renews; a row whose lease ran out lost its worker and is queued again, at most
    DOCUMENT_MAX_ATTEMPTS builds (`attempts`) in all. Each concrete model names its task
    (`build_task`, a dotted path) and the task's keyword argument for the row's id (`build_argument`).
    """

    build_task: str = ""
    build_argument: str = ""

    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    language = models.CharField(_("language"), max_length=10, default="de")
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    page_count = models.PositiveSmallIntegerField(_("pages"), default=0)
    duration_ms = models.PositiveIntegerField(_("time needed (ms)"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    failure = models.CharField(_("reason of the failure"), max_length=20, choices=DocumentFailure.choices, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("builds started"), default=0)
    lease_until = models.DateTimeField(_("build lease until"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in (DocumentStatus.DONE, DocumentStatus.FAILED)


class Organisation(TimeStampedModel):
    """A municipality or an association of towns that runs participation processes."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    # How to take part without going online: part of the organisation's settings.
    contact_name = models.CharField(_("contact person or office"), max_length=200, blank=True)
    contact_address = models.TextField(_("postal address"), blank=True)
    contact_phone = models.CharField(_("telephone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_hours = models.TextField(_("office hours"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:organisation", kwargs={"organisation_slug": self.slug})

    @property
    def has_offline_contact(self) -> bool:
        return bool(self.contact_address or self.contact_phone or self.contact_email)


class Municipality(TimeStampedModel):
    """A member town of an organisation, identified by its official key (AGS)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="municipalities",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    ags = models.CharField(
        _("official municipality key (AGS)"),
        max_length=8,
        validators=[ags_validator],
        help_text=_("8 digits, e.g. 14523020 for Auerbach/Vogtl."),
    )
    # Where maps of the town's processes open, and the area in which pins may be set.
    latitude = models.DecimalField(
        _("latitude of the town centre"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude of the town centre"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "ags"], name="municipality_unique_ags_per_organisation"),
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True))
                | (models.Q(latitude__gte=-90, latitude__lte=90) & models.Q(longitude__gte=-180, longitude__lte=180)),
                name="municipality_centre_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Topic(TimeStampedModel):
    """A field of action (Handlungsfeld) that contributions, measures and SWOT items share."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="topics", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="topic_unique_name_per_organisation"),
        ]

    def __str__(self) -> str:
        return self.name


class TargetGroup(TimeStampedModel):
    """An age group a contribution or measure concerns; one vocabulary for the whole platform."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    min_age = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(max_age__gte=models.F("min_age")),
                name="targetgroup_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LegalPage(TimeStampedModel):
    """Imprint, privacy policy and accessibility statement, edited by the organisation."""

    class Kind(models.TextChoices):
        IMPRINT = "imprint", _("Imprint")
        PRIVACY = "privacy", _("Privacy policy")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="legal_pages", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Blank lines separate paragraphs. “## ” at the start of a line makes a heading, “- ” a list item, "
            "[text](https://…) a link."
        ),
    )

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")
        ordering = ["organisation", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="legalpage_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("core:legal", kwargs={"organisation_slug": self.organisation.slug, "kind": self.kind})
