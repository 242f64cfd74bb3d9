"""Organisations, their member towns, and the shared vocabularies.

Every row in the platform knows its organisation, directly or through its process,
so that one installation can serve many associations of towns.
"""

import re
from typing import ClassVar, Self
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http.request import validate_host
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .colours import validate_brand_colour
from .licences import DEFAULT_LICENCE, Licence, LicenceChoice, licence_of

# A host name as people type it into a browser: letters, digits and hyphens in dot-separated labels.
validate_host_name = RegexValidator(
    r"^(?=.{1,254}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$",
    _("Write a host name such as beteiligung.auerbach.de: no https://, no path, no spaces."),
    flags=re.IGNORECASE,
)

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
    DOCUMENT_MAX_ATTEMPTS builds (`attempts`) in all. Each concrete model names the service that
    renders and stores a row (`builder`, a dotted path; it is given the row) and what the one build
    task loads with the row (`build_related`, for select_related).
    """

    builder: str = ""
    build_related: tuple[str, ...] = ()
    # For the type checker only (no field, no manager here): every concrete model has its own
    # `file` field and the default manager, which core/documents.py uses through the base.
    objects: ClassVar[models.Manager[Self]]
    file: FieldFile

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
    # How the organisation's pages look (issue 15): a logo in the header and one colour for
    # buttons and links, held to 4.5:1 against white (core/colours.py).
    logo = models.ImageField(
        _("logo"),
        upload_to="organisations/",
        blank=True,
        help_text=_("Shown in the header of every page, beside the organisation's name."),
    )
    brand_colour = models.CharField(
        _("colour of buttons and links"),
        max_length=7,
        blank=True,
        validators=[validate_brand_colour],
        help_text=_("For example #1d5c8c. It must reach a contrast of 4.5:1 against white; leave empty for ours."),
    )
    # Open data (issue 16, core/licences.py): the licence of everything the API, the downloads and the
    # feeds publish, and the name to give when attributing it (empty: the organisation's name).
    data_licence = models.CharField(
        _("licence of the open data"),
        max_length=30,
        choices=LicenceChoice.choices,
        default=DEFAULT_LICENCE,
        help_text=_("Applies to the API, the open data downloads and the feeds of this organisation."),
    )
    data_attribution = models.CharField(
        _("attribution"),
        max_length=200,
        blank=True,
        help_text=_("The name people must give when they reuse the data. Empty: the organisation's name."),
    )
    # Many organisations on one installation (issue 17, docs/organisations.md): a host name of its own,
    # and the address its e-mails come from.
    host = models.CharField(
        _("host name of its own"),
        max_length=253,
        blank=True,
        validators=[validate_host_name],
        help_text=_(
            "For example beteiligung.auerbach.de: the organisation's start page is then at this address. The "
            "name must point to this platform and be listed in ALLOWED_HOSTS. Empty: the platform's address."
        ),
    )
    mail_from_address = models.EmailField(
        _("sender address of its e-mails"),
        blank=True,
        help_text=_(
            "For example beteiligung@auerbach.de. The mail server must be allowed to send for it. "
            "Empty: the platform's sender address."
        ),
    )
    # Staff of an organisation that requires it cannot act in a role until they have set up
    # two-factor sign-in (accounts/two_factor.py).
    require_two_factor = models.BooleanField(
        _("require two-factor sign-in for staff"),
        default=False,
        help_text=_(
            "Moderators, staff of the towns and administrators of this organisation must sign in with a code "
            "from an authenticator app as well as their password. Until they have set it up, their role is paused."
        ),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["host"],
                condition=~models.Q(host=""),
                name="core_organisation_host_unique",
                violation_error_message=_("Another organisation has this host name already."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:organisation", kwargs={"organisation_slug": self.slug})

    def clean(self) -> None:
        super().clean()
        self.host = self.host.strip().lower().rstrip(".")
        try:
            validate_host_name(self.host)
        except ValidationError:
            return  # the field's own message says what is wrong
        platform_host = urlsplit(settings.SITE_URL).hostname or ""
        if self.host and self.host == platform_host:
            raise ValidationError(
                {"host": _("This is the platform's own address, where every organisation is listed.")}
            )
        if self.host and not validate_host(self.host, settings.ALLOWED_HOSTS):
            raise ValidationError(
                {
                    "host": _(
                        "The platform does not answer to %(host)s yet: add it to the setting ALLOWED_HOSTS "
                        "first (docs/organisations.md)."
                    )
                    % {"host": self.host}
                }
            )

    @property
    def licence(self) -> Licence:
        return licence_of(self.data_licence)

    @property
    def attribution(self) -> str:
        return self.data_attribution or self.name

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


class WorkerHeartbeat(models.Model):
    """The last sign of life of one background worker process (mail or tasks).

    Each worker writes its row every `WORKER_HEARTBEAT_SECONDS` while it runs, also while the queue
    is empty, so `manage.py status` can tell on any machine when each kind of worker was last
    alive. The database is the one place every machine shares; the cache is not (locmem in
    development). A row holds no personal data: host name, process id and times.
    """

    class Kind(models.TextChoices):
        MAIL = "mail", _("mail worker")
        TASKS = "tasks", _("task worker")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["kind", "-last_seen"]
        indexes = [models.Index(fields=["kind", "last_seen"], name="core_heartbeat_kind_seen")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.hostname}:{self.pid}"


class AuditAction(models.TextChoices):
    """The staff actions that the audit log records. The values are stable identifiers: they are
    stored, filtered and downloaded, so a value is never renamed (add a new one instead)."""

    ROLE_GRANTED = "role.granted", _("role granted")
    ROLE_CHANGED = "role.changed", _("role changed")
    ROLE_REVOKED = "role.revoked", _("role revoked")
    PLATFORM_ADMIN_CHANGED = "account.platform_admin_changed", _("platform administration granted or revoked")
    IDEA_HIDDEN = "idea.hidden", _("contribution hidden")
    IDEA_RESTORED = "idea.restored", _("contribution shown again")
    COMMENT_HIDDEN = "comment.hidden", _("comment hidden")
    COMMENT_RESTORED = "comment.restored", _("comment shown again")
    USER_BLOCKED = "user.blocked", _("person blocked")
    USER_UNBLOCKED = "user.unblocked", _("person unblocked")
    SWOT_COMMENT_HIDDEN = "swot_comment.hidden", _("SWOT comment hidden")
    SWOT_COMMENT_RESTORED = "swot_comment.restored", _("SWOT comment shown again")
    WORKSHOP_CARD_HIDDEN = "workshop_card.hidden", _("workshop card hidden")
    WORKSHOP_CARD_RESTORED = "workshop_card.restored", _("workshop card shown again")
    IDEA_ANSWERED = "idea.answered", _("official answer given")
    IDEA_STATUS_CHANGED = "idea.status_changed", _("status of a contribution changed")
    INVENTORY_IMPORTED = "inventory.imported", _("inventory imported")
    INVENTORY_DELETED = "inventory.deleted", _("inventory entry deleted")
    DEMOGRAPHY_IMPORTED = "demography.imported", _("population data imported")
    DEMOGRAPHY_DELETED = "demography.import_deleted", _("population data import deleted")
    PLAN_VERSION_ADOPTED = "plan.version_adopted", _("plan version adopted")
    MEASURE_STATUS_CHANGED = "measure.status_changed", _("status of a measure changed")
    OBJECT_DELETED = "object.deleted", _("deleted in the back office")
    EXPORT_DOWNLOADED = "export.downloaded", _("data exported")
    ACCOUNT_DELETED = "account.deleted", _("account deleted")
    THEMES_COMPUTED = "themes.computed", _("themes computed")
    THEME_ACCEPTED = "theme.accepted", _("theme accepted")
    THEME_RENAMED = "theme.renamed", _("theme renamed")
    THEME_CREATED = "theme.created", _("theme made from chosen items")
    THEME_ITEMS_MOVED = "theme.items_moved", _("items moved between themes")
    THEME_DISSOLVED = "theme.dissolved", _("theme dissolved")
    THEME_TO_CLUSTER = "theme.to_cluster", _("theme put on a live board as a cluster")
    THEME_TO_MEASURE = "theme.to_measure", _("measure started from a theme")
    SURVEY_SETTINGS_CHANGED = "survey.settings_changed", _("survey settings changed")
    SURVEY_QUESTION_ADDED = "survey.question_added", _("survey question added")
    SURVEY_QUESTION_CHANGED = "survey.question_changed", _("survey question changed")
    SURVEY_QUESTION_DELETED = "survey.question_deleted", _("survey question deleted")
    SURVEY_QUESTION_MOVED = "survey.question_moved", _("survey question moved")
    SURVEY_ROUND_COPIED = "survey.round_copied", _("questionnaire copied as the next round")


class AuditEntry(models.Model):
    """One staff action that matters, kept for AUDIT_LOG_RETENTION_DAYS (see docs/privacy.md).

    Written by `core.audit.audit_record` in the transaction of the action itself, so an action that
    is rolled back leaves no entry and an entry never lacks its action. Entries are never edited."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="audit_entries", verbose_name=_("organisation")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("person acting"),
    )
    # The public name at the time: it stays readable when the person renames themselves; on account
    # deletion it is removed with the link (accounts/privacy.py, accounts/personal_data_audit.py).
    actor_name = models.CharField(_("name of the person acting"), max_length=200, blank=True)
    # One of AuditAction's values, checked by audit_record; no `choices` here, so that a new action
    # needs no migration.
    action = models.CharField(_("action"), max_length=50)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("kind of object")
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    # The person an action was about (a role granted, a block): lets account deletion remove their
    # name from object_repr and details.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries_about",
        verbose_name=_("person concerned"),
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    created = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log entries")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["organisation", "-created"], name="auditentry_org_created")]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def actor_display(self) -> str:
        if self.actor_name == "#deleted":  # core.audit.DELETED_ACCOUNT
            return str(_("deleted account"))
        return self.actor_name or str(_("automatic (no person)"))

    @property
    def action_label(self) -> str:
        try:
            return str(AuditAction(self.action).label)
        except ValueError:  # an action retired from the code stays readable by its identifier
            return self.action
