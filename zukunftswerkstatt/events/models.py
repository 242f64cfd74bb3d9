"""Events of a process (the kick-off, workshops, citizens' meetings, …), registrations with a
waiting list, and the documentation staff add afterwards.

Seats are counted from the confirmed registrations (one seat for the person plus their companions);
the services lock the event row while they count, so the last seat is never given twice, and give
free seats to the waiting list strictly in its order (docs/events.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.models import ParticipantDetails
from zukunftswerkstatt.core.models import TimeStampedModel
from zukunftswerkstatt.processes.models import Phase, Process

MAX_COMPANIONS = 10


class Kind(models.TextChoices):
    KICKOFF = "kickoff", _("Kick-off")
    WORKSHOP = "workshop", _("Workshop")
    CITIZENS_MEETING = "citizens_meeting", _("Citizens' meeting")
    INFORMATION_EVENING = "information_evening", _("Information evening")
    INTERIM_REVIEW = "interim_review", _("Interim review")


class RegistrationWindow(models.TextChoices):
    NOT_YET_OPEN = "not_yet_open", _("not open yet")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(is_published=True, process__is_published=True)

    def upcoming(self, now: dt.datetime | None = None) -> EventQuerySet:
        """Events that have not ended yet (one running now counts as upcoming)."""
        return self.filter(end__gt=now or timezone.now())


class Event(TimeStampedModel):
    """A meeting of the process in a room (and perhaps online), with registration."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="events", verbose_name=_("process"))
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("phase")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    place_name = models.CharField(_("place"), max_length=200, help_text=_("E.g. “Rathaus Falkenstein”."))
    address = models.TextField(_("address"), blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    step_free_access = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    sign_language_on_request = models.BooleanField(_("sign-language interpretation on request"), default=False)
    childcare = models.BooleanField(_("childcare"), default=False)
    parking = models.BooleanField(_("parking"), default=False)
    accessibility_notes = models.TextField(
        _("other notes on access"), blank=True, help_text=_("E.g. “The lift is at the back entrance.”")
    )
    online_url = models.URLField(_("online link"), blank=True, help_text=_("For taking part online, if possible."))

    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Including companions. Leave empty for no limit.")
    )
    registration_opens = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Leave empty to open registration at once.")
    )
    registration_closes = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Leave empty to close it when the event starts.")
    )
    is_published = models.BooleanField(_("published"), default=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["process", "is_published", "end"], name="event_process_upcoming")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0), name="event_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gt=models.F("registration_opens")),
                name="event_registration_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"pk": self.pk})

    @property
    def organisation_id(self) -> int:
        return self.process.organisation_id

    @property
    def registration_closes_at(self) -> dt.datetime:
        return self.registration_closes or self.start

    def registration_window(self, now: dt.datetime | None = None) -> RegistrationWindow:
        """The one definition of "may people register now" (opens inclusive, closes exclusive)."""
        now = now or timezone.now()
        if self.registration_opens and now < self.registration_opens:
            return RegistrationWindow.NOT_YET_OPEN
        if now >= self.registration_closes_at:
            return RegistrationWindow.CLOSED
        return RegistrationWindow.OPEN

    @property
    def has_accessibility_details(self) -> bool:
        return any(
            [
                self.step_free_access,
                self.hearing_loop,
                self.sign_language_on_request,
                self.childcare,
                self.parking,
                self.accessibility_notes,
            ]
        )

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("An event must end after it starts.")
        if self.registration_opens and self.registration_closes and self.registration_closes <= self.registration_opens:
            errors["registration_closes"] = _("Registration must close after it opens.")
        if self.phase_id and self.process_id and self.phase.process_id != self.process_id:
            errors["phase"] = _("The phase must belong to the event's process.")
        if errors:
            raise ValidationError(errors)


class Status(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class SeatChoice(models.TextChoices):
    """What a party wants when fewer seats are free than it needs (asked at registration)."""

    TAKE_FREE = "take_free", _("take the free seats now")
    WAIT_FOR_ALL = "wait_for_all", _("wait on the waiting list for seats for everyone")


class Outcome(models.TextChoices):
    """What a registration (or a later move-up) gave the person; the page and the e-mail say the same."""

    CONFIRMED = "confirmed", _("seats for everyone")
    CONFIRMED_PARTIAL = "confirmed_partial", _("the free seats, fewer than asked for")
    WAITING = "waiting", _("on the waiting list")


# The needs a person may tell us about, in the order the form asks them (boolean fields).
NEED_FLAGS = (
    "needs_step_free_access",
    "needs_wheelchair_place",
    "needs_childcare",
    "needs_sign_language",
    "needs_easy_language",
)


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PHONE = "phone", _("by telephone")
    IN_PERSON = "in_person", _("in person")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Registration(ParticipantDetails, TimeStampedModel):
    """One person (and their companions) registered for an event, or waiting for a seat.

    We keep as little as possible: a name and one way to reach them. The cancel link's token is
    stored only as its hash, so a copy of the database cannot cancel anyone's seat.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    companions = models.PositiveSmallIntegerField(_("companions"), default=0)
    # Needs: partly about health (GDPR art. 9), kept only with consent and only until shortly after
    # the event (see registrations_purge and docs/privacy.md).
    needs_step_free_access = models.BooleanField(_("step-free access"), default=False)
    needs_wheelchair_place = models.BooleanField(_("wheelchair place"), default=False)
    needs_childcare = models.BooleanField(_("childcare"), default=False)
    needs_sign_language = models.BooleanField(_("sign-language interpretation"), default=False)
    needs_interpreter_language = models.CharField(
        _("interpreter for another language"), max_length=100, blank=True, help_text=_("The language, if any.")
    )
    needs_easy_language = models.BooleanField(_("easy-to-read language"), default=False)
    needs_other = models.CharField(_("other needs"), max_length=500, blank=True)
    needs_consented_at = models.DateTimeField(
        _("consent to store the needs given at"),
        null=True,
        blank=True,
        help_text=_("When the person agreed that we keep their needs until shortly after the event."),
    )

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    waiting_position = models.PositiveIntegerField(_("place on the waiting list"), null=True, blank=True)
    cancel_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # A waiting party first in the queue for which too few seats are free is offered those seats
    # (see services._move_up); the link in the offer e-mail carries a token stored only as its hash.
    offered_seats = models.PositiveSmallIntegerField(_("seats offered"), null=True, blank=True)
    offered_at = models.DateTimeField(_("seats offered at"), null=True, blank=True)
    offer_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    language = models.CharField(
        _("language of the e-mails"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("The language of the page the person registered on (people without an account)."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(
        _("personal data removed at"),
        null=True,
        blank=True,
        help_text=_("When the name, contact and needs were removed (account deleted, or the event is long past)."),
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["event", "status", "waiting_position"], name="registration_event_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(companions__gte=0) & Q(companions__lte=MAX_COMPANIONS),
                name="registration_companions_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | Q(anonymised_at__isnull=False),
                name="registration_has_contact",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting", waiting_position__isnull=False)
                | (~Q(status="waiting") & Q(waiting_position__isnull=True)),
                name="registration_waiting_has_position",
            ),
            models.CheckConstraint(
                condition=Q(offered_seats__isnull=True) | Q(status="waiting", offered_seats__gt=0),
                name="registration_offer_only_while_waiting",
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="registration_once_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False) & ~Q(status="cancelled"),
                name="registration_once_per_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_status_display()})"

    @property
    def display_name(self) -> str:
        """The name, or a note that it was removed (the seat count stays)."""
        if self.anonymised_at:
            return str(_("(name removed)"))
        return self.name

    @property
    def seats(self) -> int:
        return 1 + self.companions

    def place_in_queue(self) -> int | None:
        """Where this person stands on the waiting list now: 1 is next.

        `waiting_position` only orders the queue; it keeps gaps when people move up or cancel.
        """
        if self.status != Status.WAITING:
            return None
        if hasattr(self, "queue_place"):
            return self.queue_place
        return Registration.objects.filter(
            event_id=self.event_id, status=Status.WAITING, waiting_position__lte=self.waiting_position
        ).count()

    @property
    def needs(self) -> list[str]:
        """The needs as short labels, in the form's order (for staff lists and the data export)."""
        labels = [str(self._meta.get_field(name).verbose_name) for name in NEED_FLAGS if getattr(self, name)]
        if self.needs_interpreter_language:
            label = self._meta.get_field("needs_interpreter_language").verbose_name
            labels.append(f"{label}: {self.needs_interpreter_language}")
        if self.needs_other:
            labels.append(self.needs_other)
        return labels

    @property
    def has_offer(self) -> bool:
        return self.status == Status.WAITING and bool(self.offered_seats)


class Documentation(TimeStampedModel):
    """What happened: minutes, results and photos, added by staff after the event."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="documentation", verbose_name=_("event"))
    minutes = models.TextField(_("minutes"), blank=True)
    results = models.TextField(_("results"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("written by")
    )

    class Meta:
        verbose_name = _("documentation")
        verbose_name_plural = _("documentation")

    def __str__(self) -> str:
        return str(self.event)


class Photo(TimeStampedModel):
    documentation = models.ForeignKey(
        Documentation, on_delete=models.CASCADE, related_name="photos", verbose_name=_("documentation")
    )
    image = models.ImageField(_("photo"), upload_to="events/%Y/%m/")
    alt_text = models.CharField(_("what the photo shows"), max_length=250)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text
