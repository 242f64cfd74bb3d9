"""Contributions to the future workshop: criticism, visions and proposals, with comments,
supports, follows, reports, the status history and offline intake.

Counts (supports, comments) are kept on the contribution and changed only with atomic
UPDATE … SET n = n ± 1 in the same transaction as the row they count, so they stay exact
when many people click at once; the unique constraints make a second support impossible.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.models import ParticipantDetails
from zukunftswerkstatt.core.models import Municipality, Organisation, TargetGroup, TimeStampedModel, Topic
from zukunftswerkstatt.core.storage import private_storage  # keep: migrations ideas 0001, progress 0001 name it here
from zukunftswerkstatt.processes.models import Module


class Kind(models.TextChoices):
    """The three steps of the future-workshop method."""

    CRITICISM = "criticism", _("Criticism")
    VISION = "vision", _("Vision")
    PROPOSAL = "proposal", _("Proposal")


KIND_QUESTIONS = {
    Kind.CRITICISM: _("What bothers you?"),
    Kind.VISION: _("How should it be?"),
    Kind.PROPOSAL: _("What can we do?"),
}


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PHONE = "phone", _("by telephone")
    LETTER = "letter", _("by letter")
    EMAIL = "email", _("by e-mail")
    IN_PERSON = "in_person", _("in person")
    WORKSHOP = "workshop", _("at a workshop")


class YouthGroupKind(models.TextChoices):
    """Where a class-mode workshop took place (workshops.ClassInvitation)."""

    SCHOOL = "school", _("school")
    YOUTH_CLUB = "youth_club", _("youth club")


class Status(models.TextChoices):
    NEW = "new", _("new")
    UNDER_REVIEW = "under_review", _("under review")
    IN_PLAN = "in_plan", _("taken into the action plan")
    MERGED = "merged", _("merged with another contribution")
    NOT_PURSUED = "not_pursued", _("not pursued")
    WITHDRAWN = "withdrawn", _("withdrawn by its author")


STATUSES_NEEDING_REASON = {Status.NOT_PURSUED, Status.MERGED}
# Only the author sets this one (ideas.services.idea_withdraw), never the staff's status form.
STATUSES_FOR_STAFF = [choice for choice in Status.choices if choice[0] != Status.WITHDRAWN]
# While a contribution has one of these and no official answer, its author may still withdraw it.
STATUSES_WITHDRAWABLE = {Status.NEW, Status.UNDER_REVIEW}

REFERENCE_PREFIX = "ZW"


class Visibility(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    PUBLISHED = "published", _("published")
    HIDDEN = "hidden", _("hidden by moderation")


class IdeaQuerySet(models.QuerySet):
    def published(self) -> IdeaQuerySet:
        return self.filter(visibility=Visibility.PUBLISHED)

    def in_module(self, module: Module) -> IdeaQuerySet:
        return self.filter(module=module)


class Idea(ParticipantDetails, TimeStampedModel):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("module"))
    reference = models.CharField(
        _("reference"),
        max_length=20,
        unique=True,
        editable=False,
        help_text=_("E.g. “ZW-2026-0142”: short enough to read out on the telephone."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=150)
    text = models.TextField(_("text"), max_length=5000)
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas", verbose_name=_("field of action")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("town"),
        help_text=_("Empty means the whole association."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="ideas", verbose_name=_("target groups")
    )
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    image = models.ImageField(_("image"), upload_to="ideas/%Y/%m/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=250, blank=True)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("author"),
    )
    author_name = models.CharField(
        _("name shown"), max_length=80, blank=True, help_text=_("For guests and offline contributions.")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("from the event"),
        help_text=_("The workshop this contribution came from."),
    )
    # Set when the contribution comes from a class-mode workshop session (a school class or a youth club).
    youth_group_kind = models.CharField(
        _("from a school or youth club"), max_length=20, choices=YouthGroupKind.choices, blank=True
    )
    youth_group_name = models.CharField(
        _("name of the group"), max_length=150, blank=True, help_text=_("For example: Klasse 8b, Oberschule Auerbach.")
    )
    # Staff cite published contributions as evidence of a SWOT item (SwotItem.ideas is the other side).
    # Declared here because swot comes before ideas (docs/architecture.md, "Layers"); the table is the
    # one swot created when the field was SwotItem.ideas.
    swot_items = models.ManyToManyField(
        "swot.SwotItem", blank=True, related_name="ideas", db_table="swot_swotitem_ideas", verbose_name=_("SWOT items")
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_ideas",
        verbose_name=_("merged into"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    hidden_reason = models.TextField(_("public reason for hiding"), blank=True)
    moderator_note = models.TextField(
        _("moderation note"), blank=True, help_text=_("Shown publicly when a moderator edited the contribution.")
    )

    official_answer = models.TextField(_("official answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    # The comments (conversation.Comment, registered in IdeasConfig.ready): counts, joins
    # (`Comment.objects.filter(idea__module=…)`) and deleted with the contribution.
    comments = GenericRelation("conversation.Comment", related_query_name="idea")
    # Search terms (core/search.py), written by the services: German word forms of the title, and of
    # the text and place. Kept apart so that a match in the title ranks first.
    search_title_terms = models.TextField(editable=False, blank=True)
    search_text_terms = models.TextField(editable=False, blank=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created", "-pk"]
        indexes = [
            # One per order of the list, ending in the tie-breakers, so that a page's ids come from the
            # index alone (selectors.idea_page).
            models.Index(fields=["module", "visibility", "-created", "-id"], name="idea_module_newest"),
            models.Index(
                fields=["module", "visibility", "-support_count", "-created", "-id"], name="idea_module_supported"
            ),
            models.Index(
                fields=["module", "visibility", "-comment_count", "-created", "-id"], name="idea_module_discussed"
            ),
            # The list's count (published, not withdrawn) from the index alone: without it PostgreSQL
            # read every row of a busy collection (14 ms for 25,000; issue 17, docs/caching.md).
            models.Index(fields=["module", "visibility", "status"], name="idea_module_count"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(latitude__isnull=True) & models.Q(longitude__isnull=True))
                | (models.Q(latitude__gte=-90, latitude__lte=90) & models.Q(longitude__gte=-180, longitude__lte=180)),
                name="idea_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", kwargs={"module_pk": self.module_id, "pk": self.pk})

    @property
    def organisation_id(self) -> int:
        return self.module.phase.process.organisation_id

    @property
    def is_withdrawn(self) -> bool:
        return self.status == Status.WITHDRAWN

    @property
    def can_be_withdrawn(self) -> bool:
        """Until the municipality has decided on it (answered, taken into the plan, merged, not pursued)."""
        return self.status in STATUSES_WITHDRAWABLE and not self.official_answer

    @property
    def public_author(self) -> str:
        if self.author_id and self.author:
            return self.author.public_name
        return self.author_name or str(_("anonymous"))

    @property
    def is_offline(self) -> bool:
        return self.channel != Channel.ONLINE


class ReferenceSequence(models.Model):
    """The last reference number given out in a year, for the whole installation.

    One row per year; services.reference_next() raises it with UPDATE … SET last = last + 1, which
    locks the row until the contribution's transaction ends, so two contributions never get the
    same number (PostgreSQL row lock; SQLite locks the whole database for a write anyway).
    Per installation rather than per organisation, so that a reference alone names one contribution.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last = models.PositiveIntegerField(_("last number given out"), default=0)

    class Meta:
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class GuestContact(TimeStampedModel):
    """The e-mail address a guest left to be told about their contribution, with their consent.

    Used only for that; deleted when the person stops the mails, or when the process ends
    (services.guest_contacts_purge, run daily by `manage.py purge_guest_contacts`).
    """

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="guest_contact")
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language of the e-mails"), max_length=10)
    consent_text = models.TextField(_("consent given"))
    consented_at = models.DateTimeField(_("consent given at"))

    class Meta:
        verbose_name = _("guest's e-mail address")
        verbose_name_plural = _("guests' e-mail addresses")

    def __str__(self) -> str:
        return self.email


class OfflineContact(TimeStampedModel):
    """Who sent an offline contribution and how to answer them. Staff only; deleted on its date."""

    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="offline_contact")
    name = models.CharField(_("name"), max_length=200)
    contact = models.TextField(
        _("how to reach them"), blank=True, help_text=_("Postal address, telephone or e-mail, as they gave it.")
    )
    consent = models.TextField(
        _("consent given"),
        help_text=_("What the person agreed to, e.g. “agreed by phone to storing name and address”."),
    )
    delete_on = models.DateField(_("delete personal data on"))
    scan = models.FileField(_("scan of the letter"), upload_to="offline/%Y/%m/", storage=private_storage, blank=True)
    # The stored file has a generated name (core/uploads.py); the name it was uploaded under is text to show.
    scan_name = models.CharField(_("file name of the scan"), max_length=200, blank=True)
    answer_sent_at = models.DateField(_("answer sent on"), null=True, blank=True)
    answer_channel = models.CharField(_("answer sent"), max_length=20, choices=Channel.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("offline contact")
        verbose_name_plural = _("offline contacts")

    def __str__(self) -> str:
        return self.name


class Support(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_supports")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="support_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class Follow(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_follows")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="follow_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.idea_id}"


class Report(TimeStampedModel):
    """Someone flags a contribution for the moderators (reports of comments are conversation.CommentReport)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=1000)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(idea__isnull=False),
                name="report_targets_a_contribution",
            ),
        ]

    def __str__(self) -> str:
        return self.reason[:60]


class StatusChange(models.Model):
    """The visible history of a contribution's status."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(_("from"), max_length=20, choices=Status.choices)
    new_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.old_status} → {self.new_status}"


class ModerationAction(models.TextChoices):
    HIDE = "hide", _("hidden")
    RESTORE = "restore", _("restored")
    RELEASE = "release", _("released")
    EDIT = "edit", _("edited")
    ANSWER = "answer", _("answered officially")
    STATUS = "status", _("status changed")
    BLOCK = "block", _("account blocked")
    UNBLOCK = "unblock", _("account unblocked")
    RESOLVE_REPORT = "resolve_report", _("report resolved")
    RECORD_OFFLINE = "record_offline", _("offline contribution recorded")
    ANSWER_SENT = "answer_sent", _("answer sent back")
    MERGE = "merge", _("merged into another contribution")


class ModerationLogEntry(models.Model):
    """Every moderator action, for accountability."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=ModerationAction.choices)
    idea = models.ForeignKey(Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    comment = models.ForeignKey(
        "conversation.Comment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d} {self.action}"


class SimilarityTerm(models.Model):
    """One feature of a contribution (core/similarity.py): the index that finds similar contributions.

    A row per term and contribution, written by the services with the contribution
    (ideas/similarity.py, `idea_index_similarity`); the module is repeated here so that the
    candidates for a new text come from one index on (module, term).
    """

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="similarity_terms")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        verbose_name = _("similarity term")
        verbose_name_plural = _("similarity terms")
        indexes = [models.Index(fields=["module", "term"], name="similarity_module_term")]
        constraints = [models.UniqueConstraint(fields=["idea", "term"], name="similarity_term_once")]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.term}"
