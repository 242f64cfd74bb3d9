"""The live workshop board: a moderator runs a session of an event, participants add cards from
their phones (or the moderator copies paper cards), the moderator groups them into clusters,
everyone votes with dots, and the result goes into the idea collection.

All live state is in the database, so any number of application servers can serve a session.
Every change of what a session shows raises its `revision` in the same transaction, so that a
poll with an unchanged revision costs one small query and answers "nothing new" (204).
Dot counts are kept on the card or cluster and changed only with atomic UPDATE … SET n = n ± 1
in the same transaction as the dot they count.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zukunftswerkstatt.accounts.models import AgeGroup, ParticipantDetails
from zukunftswerkstatt.core.models import Municipality, TimeStampedModel
from zukunftswerkstatt.events.models import Event
from zukunftswerkstatt.ideas.models import Idea, YouthGroupKind
from zukunftswerkstatt.ideas.models import Kind as IdeaKind
from zukunftswerkstatt.processes.models import Module

# A join code: six characters from an alphabet without look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V).
CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
CODE_LENGTH = 6
MAX_DOTS = 10
MAX_CARD_LENGTH = 280


def live_channel(session_pk: int, *, phones: bool = False) -> str:
    """The name under which a session's changes are pushed to its open pages (core/live.py).

    The wall and the consoles show everything; a phone shows the step, the vote and its own cards,
    so it is nudged only when the moderation changes something, not at every card or dot of the
    others (sixty phones fetching at every card would be sixty requests per card)."""
    return f"workshop:{session_pk}:phones" if phones else f"workshop:{session_pk}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Step(models.TextChoices):
    """The steps of the method, in order; a session starts in preparation and ends finished."""

    PREPARATION = "preparation", pgettext_lazy("workshop step", "Getting ready")
    CRITICISM = "criticism", pgettext_lazy("workshop step", "Criticism")
    VISION = "vision", pgettext_lazy("workshop step", "Vision")
    REALISATION = "realisation", pgettext_lazy("workshop step", "Realisation")
    FINISHED = "finished", pgettext_lazy("workshop step", "Finished")


STEP_ORDER = list(Step.values)
CARD_STEPS = [Step.CRITICISM, Step.VISION, Step.REALISATION]
STEP_QUESTIONS = {
    Step.CRITICISM: _("What bothers you?"),
    Step.VISION: _("How should it be? Nothing is impossible."),
    Step.REALISATION: _("What can we do?"),
}
# Which kind of contribution a card becomes in the idea collection.
STEP_KIND = {Step.CRITICISM: IdeaKind.CRITICISM, Step.VISION: IdeaKind.VISION, Step.REALISATION: IdeaKind.PROPOSAL}


class VoteState(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


# The age bands a class or youth group can be given (accounts.AgeGroup, the young ones).
CLASS_AGE_GROUPS = [AgeGroup.UNDER_12, AgeGroup.AGE_12_15, AgeGroup.AGE_16_17, AgeGroup.AGE_18_29]


class ClassInvitation(TimeStampedModel):
    """The team invites a school class or a youth club to the live board: a secret link (only its
    hash is kept) lets the teacher or youth worker, who needs no account, open and run class
    sessions for one idea collection until `valid_until`. The pupils join with the session's code
    and carry the group's town and age band (asked of nobody)."""

    ideas_module = models.ForeignKey(
        Module,
        on_delete=models.PROTECT,
        related_name="class_invitations",
        verbose_name=_("idea collection"),
        help_text=_("Where the class's cards go at the end."),
    )
    group_name = models.CharField(
        _("name of the group"), max_length=150, help_text=_("For example: Klasse 8b, Oberschule Rodewisch.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=YouthGroupKind.choices, default=YouthGroupKind.SCHOOL)
    town = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("town of the group")
    )
    age_group = models.CharField(_("age band of the group"), max_length=10, choices=AgeGroup.choices)
    leader_name = models.CharField(_("teacher or youth worker"), max_length=150, blank=True)
    leader_email = models.EmailField(_("their e-mail address"), blank=True)
    valid_until = models.DateField(
        _("valid until"), help_text=_("On this day at midnight the link stops working and open sessions end.")
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("class invitation")
        verbose_name_plural = _("class invitations")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.group_name

    @property
    def organisation_id(self) -> int:
        return self.ideas_module.phase.process.organisation_id

    def is_valid_on(self, day) -> bool:
        return self.revoked_at is None and day <= self.valid_until


class WorkshopSessionQuerySet(models.QuerySet):
    def live(self) -> WorkshopSessionQuerySet:
        return self.exclude(step=Step.FINISHED)


class WorkshopSession(TimeStampedModel):
    """One live board at an event, linked to the idea collection its results go into.

    A class session (class mode) has no event: it belongs to a ClassInvitation instead. Exactly
    one of the two is set; the process is always that of the idea collection."""

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workshop_sessions",
        verbose_name=_("event"),
    )
    invitation = models.ForeignKey(
        ClassInvitation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("class invitation"),
    )
    ideas_module = models.ForeignKey(
        Module,
        on_delete=models.PROTECT,
        related_name="workshop_sessions",
        verbose_name=_("idea collection"),
        help_text=_("Where the results go at the end."),
    )
    title = models.CharField(_("title"), max_length=150)
    code = models.CharField(_("join code"), max_length=CODE_LENGTH, unique=True, editable=False)
    projector_key = models.CharField(_("projector key"), max_length=64, unique=True, editable=False)
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.PREPARATION)
    revision = models.PositiveBigIntegerField(_("revision"), default=1, editable=False)
    dots_per_participant = models.PositiveSmallIntegerField(_("dots per person"), default=3)
    allow_stacking = models.BooleanField(
        _("several dots on one option"), default=False, help_text=_("People may put more than one dot on an option.")
    )
    vote_state = models.CharField(
        _("dot voting"), max_length=20, choices=VoteState.choices, default=VoteState.NOT_STARTED
    )
    results_revealed = models.BooleanField(_("result shown on the projector"), default=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("started by")
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    transferred_at = models.DateTimeField(_("results transferred at"), null=True, blank=True)

    objects = WorkshopSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop session")
        verbose_name_plural = _("workshop sessions")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dots_per_participant__gte=1) & Q(dots_per_participant__lte=MAX_DOTS),
                name="workshop_dots_in_range",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(step="finished"), name="workshop_finished_has_step"
            ),
            models.CheckConstraint(
                condition=(Q(event__isnull=False) & Q(invitation__isnull=True))
                | (Q(event__isnull=True) & Q(invitation__isnull=False)),
                name="workshop_event_or_class",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:record", kwargs={"pk": self.pk})

    @property
    def organisation_id(self) -> int:
        if self.event_id is None:
            return self.ideas_module.phase.process.organisation_id
        return self.event.process.organisation_id

    @property
    def is_class(self) -> bool:
        return self.invitation_id is not None

    @property
    def process(self):
        """The process: the event's, or for a class session the idea collection's."""
        if self.event_id is None:
            return self.ideas_module.phase.process
        return self.event.process

    @property
    def is_finished(self) -> bool:
        return self.step == Step.FINISHED

    @property
    def collects_cards(self) -> bool:
        return self.step in CARD_STEPS

    @property
    def step_question(self) -> str:
        return STEP_QUESTIONS.get(self.step, "")

    @property
    def next_step(self) -> str | None:
        index = STEP_ORDER.index(self.step)
        return STEP_ORDER[index + 1] if index + 1 < len(STEP_ORDER) else None

    @property
    def vote_is_open(self) -> bool:
        return self.vote_state == VoteState.OPEN


class Participant(ParticipantDetails):
    """Someone who joined with the code, without an account. Only the hash of their token is kept."""

    session = models.ForeignKey(
        WorkshopSession, on_delete=models.CASCADE, related_name="participants", verbose_name=_("session")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    pseudonym = models.CharField(_("pseudonym"), max_length=40, blank=True)
    created = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.pseudonym or f"#{self.pk}"


class Cluster(models.Model):
    """A named group of cards on the board."""

    session = models.ForeignKey(
        WorkshopSession, on_delete=models.CASCADE, related_name="clusters", verbose_name=_("session")
    )
    title = models.CharField(_("name"), max_length=150)
    position = models.PositiveIntegerField(_("position"), default=0)
    dot_count = models.PositiveIntegerField(_("dots"), default=0)
    idea = models.OneToOneField(
        Idea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_cluster",
        verbose_name=_("contribution"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def vote_key(self) -> str:
        return f"cluster-{self.pk}"


class Card(ParticipantDetails):
    """One thought on a card: typed on a phone, or copied from a paper card by the moderator."""

    session = models.ForeignKey(
        WorkshopSession, on_delete=models.CASCADE, related_name="cards", verbose_name=_("session")
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    text = models.CharField(_("text"), max_length=MAX_CARD_LENGTH)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="cards", verbose_name=_("cluster")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cards",
        verbose_name=_("participant"),
    )
    from_paper = models.BooleanField(_("from a paper card"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("typed in by"),
    )
    nonce = models.CharField(_("form key"), max_length=64, blank=True, editable=False)
    is_hidden = models.BooleanField(_("hidden by the moderation"), default=False)
    dot_count = models.PositiveIntegerField(_("dots"), default=0)
    idea = models.ForeignKey(
        Idea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_cards",
        verbose_name=_("contribution"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["session", "step"], name="workshop_card_session_step")]
        constraints = [
            models.CheckConstraint(
                condition=Q(step__in=["criticism", "vision", "realisation"]), name="workshop_card_in_a_card_step"
            ),
            # A form sent twice (a phone that lost its connection) makes one card.
            models.UniqueConstraint(
                fields=["session", "nonce"], condition=~Q(nonce=""), name="workshop_card_once_per_form"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def vote_key(self) -> str:
        return f"card-{self.pk}"

    @property
    def title(self) -> str:
        return self.text


class Dot(models.Model):
    """One sticky dot on a cluster or on a card without a cluster; from a phone or from paper."""

    session = models.ForeignKey(
        WorkshopSession, on_delete=models.CASCADE, related_name="dots", verbose_name=_("session")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="dots", verbose_name=_("participant")
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, null=True, blank=True, related_name="dots", verbose_name=_("cluster")
    )
    card = models.ForeignKey(
        Card, on_delete=models.CASCADE, null=True, blank=True, related_name="dots", verbose_name=_("card")
    )
    from_paper = models.BooleanField(_("from paper"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("typed in by"),
    )
    nonce = models.CharField(_("form key"), max_length=64, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("dot")
        verbose_name_plural = _("dots")
        constraints = [
            models.CheckConstraint(
                condition=(Q(cluster__isnull=False) & Q(card__isnull=True))
                | (Q(cluster__isnull=True) & Q(card__isnull=False)),
                name="workshop_dot_on_one_option",
            ),
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | Q(from_paper=True), name="workshop_dot_has_a_source"
            ),
            models.UniqueConstraint(
                fields=["session", "nonce"], condition=~Q(nonce=""), name="workshop_dot_once_per_form"
            ),
        ]

    def __str__(self) -> str:
        return f"dot {self.pk}"


class FlipchartPhoto(TimeStampedModel):
    """A photo of a real flipchart or pin board, for the record."""

    session = models.ForeignKey(
        WorkshopSession, on_delete=models.CASCADE, related_name="photos", verbose_name=_("session")
    )
    image = models.ImageField(_("photo"), upload_to="workshops/%Y/%m/")
    alt_text = models.CharField(_("what the photo shows"), max_length=250)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("flipchart photo")
        verbose_name_plural = _("flipchart photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text
