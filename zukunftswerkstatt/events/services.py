"""Writes for events: registration first come, first served with a waiting list, the choice of a
party larger than the free seats, offers of free seats to the first waiting party, cancellation
and move-up, reminders, documentation, and the removal of personal data (needs first).

The last seat must never be given twice, and nobody may overtake the queue: every function that
changes who holds a seat locks the event's row (SELECT … FOR UPDATE) inside its transaction
before it counts, so two people registering at once are served one after the other. E-mails are
sent after the commit; what a registration gave the person is written once
(`events/email/_outcome.txt`) for the page and the e-mail. The rules are in docs/events.md.
Permission checks (who may call a function) are the views' job, through events/rules.py.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from zukunftswerkstatt.accounts.services import participant_details_checked
from zukunftswerkstatt.core.dates import weekday_datetime
from zukunftswerkstatt.core.images import image_reencode
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.mail import mail_build
from zukunftswerkstatt.core.maillog import mail_log_forget
from zukunftswerkstatt.core.models import Municipality
from zukunftswerkstatt.notifications.models import Topic as NotificationTopic
from zukunftswerkstatt.notifications.services import unsubscribe_headers, unsubscribe_url
from zukunftswerkstatt.notifications.services import wants as notification_wants
from zukunftswerkstatt.processes.models import Phase, Process

from .ical import event_ical
from .models import (
    MAX_COMPANIONS,
    NEED_FLAGS,
    Channel,
    Documentation,
    Event,
    Outcome,
    Photo,
    Registration,
    RegistrationWindow,
    SeatChoice,
    Status,
    token_hash,
)

# -- events ------------------------------------------------------------------------------


def event_create(
    *,
    process: Process,
    title: str,
    kind: str,
    start: dt.datetime,
    end: dt.datetime,
    place_name: str,
    phase: Phase | None = None,
    is_published: bool = True,
    **fields,
) -> Event:
    """An event of the process. Further fields (address, room, accessibility, capacity, …) by name."""
    event = Event(
        process=process,
        phase=phase,
        title=title,
        kind=kind,
        start=start,
        end=end,
        place_name=place_name,
        is_published=is_published,
        **fields,
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def event_capacity_changed(*, event: Event, now: dt.datetime | None = None) -> list[Registration]:
    """After staff changed the number of seats: seats that are free now go to the waiting list in
    its order (`_move_up`). Fewer seats never take a confirmed seat away from anyone."""
    return _move_up(_lock(event), now=now or timezone.now())


# -- seats -------------------------------------------------------------------------------


def seats_taken(event: Event) -> int:
    """Seats held by confirmed registrations: each person plus their companions."""
    total = event.registrations.filter(status=Status.CONFIRMED).aggregate(n=Sum(F("companions") + 1))["n"]
    return total or 0


def _lock(event: Event) -> Event:
    """The event's row, locked until the transaction ends: seat counts stay true while we decide."""
    return Event.objects.select_for_update().select_related("process").get(pk=event.pk)


def _free_seats(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - seats_taken(event), 0)


def _next_waiting_position(event: Event) -> int:
    last = event.registrations.filter(status=Status.WAITING).aggregate(n=Max("waiting_position"))["n"]
    return (last or 0) + 1


# -- registration ------------------------------------------------------------------------


@dataclass(frozen=True)
class Needs:
    """What a person needs to take part (the form's checkboxes and free text)."""

    step_free_access: bool = False
    wheelchair_place: bool = False
    childcare: bool = False
    sign_language: bool = False
    interpreter_language: str = ""
    easy_language: bool = False
    other: str = ""

    def any(self) -> bool:
        flags = (self.step_free_access, self.wheelchair_place, self.childcare, self.sign_language, self.easy_language)
        return any(flags) or bool(self.interpreter_language.strip() or self.other.strip())

    def fields(self) -> dict:
        return {
            "needs_step_free_access": self.step_free_access,
            "needs_wheelchair_place": self.wheelchair_place,
            "needs_childcare": self.childcare,
            "needs_sign_language": self.sign_language,
            "needs_interpreter_language": self.interpreter_language.strip(),
            "needs_easy_language": self.easy_language,
            "needs_other": self.other.strip(),
        }


class SeatChoiceNeeded(ValidationError):
    """Fewer seats are free than the party needs and nobody is waiting: the person chooses between
    the free seats now and the waiting list for everyone (`SeatChoice`), then registers again."""

    def __init__(self, *, free: int, seats: int) -> None:
        self.free = free
        self.seats = seats
        message = ngettext(
            "Only %(free)s seat is free, but you are %(seats)s people.",
            "Only %(free)s seats are free, but you are %(seats)s people.",
            free,
        ) % {"free": free, "seats": seats}
        super().__init__(message, code="choose_seats")


def _check_duplicate(event: Event, *, email: str, user) -> None:
    active = event.registrations.exclude(status=Status.CANCELLED)
    if user is not None and active.filter(user=user).exists():
        raise ValidationError(_("You are already registered for this event."), code="duplicate")
    if email and active.filter(email=email).exists():
        raise ValidationError(
            _("Someone is already registered for this event with this e-mail address."), code="duplicate"
        )


def _check_email_limit(event: Event, *, email: str) -> None:
    """Registering and cancelling again and again with one address would send it mail after mail."""
    limit = settings.EVENTS_REGISTRATIONS_PER_EMAIL_PER_EVENT
    if email and event.registrations.filter(email=email).count() >= limit:
        raise ValidationError(
            _(
                "This e-mail address has already been used for %(count)s registrations for this event. "
                "Please call us if you want to register again."
            )
            % {"count": limit},
            code="email_limit",
        )


def _check_party_fits_the_room(event: Event, *, seats: int) -> None:
    if event.capacity is None or seats <= event.capacity:
        return
    if event.capacity == 1:
        message = _("This event has only one seat, so nobody can come with you.")
    else:
        message = ngettext(
            "This event has %(capacity)s seats in all, so at most %(max)s person can come with you.",
            "This event has %(capacity)s seats in all, so at most %(max)s people can come with you.",
            event.capacity - 1,
        ) % {"capacity": event.capacity, "max": event.capacity - 1}
    raise ValidationError({"companions": ValidationError(message, code="larger_than_the_event")})


def _is_anyone_waiting(event: Event) -> bool:
    return event.registrations.filter(status=Status.WAITING).exists()


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str = "",
    phone: str = "",
    companions: int = 0,
    needs: Needs | None = None,
    needs_consent: bool = False,
    seat_choice: str | None = None,
    user=None,
    channel: str = Channel.ONLINE,
    registered_by=None,
    language: str = "",
    participant_town: Municipality | None = None,
    participant_age_group: str = "",
    now: dt.datetime | None = None,
) -> Registration:
    """Register a person (and their companions) for an event, first come, first served.

    - Seats for the whole party are free and nobody is waiting: confirmed.
    - Somebody is waiting already: the end of the waiting list, however small the party (the
      seats that are free are held for the first on the list; see `_move_up`).
    - Nobody is waiting, some seats are free but too few for the party: the person chooses
      (`seat_choice`): the free seats now (fewer companions) or the waiting list for everyone.
      Without a choice, `SeatChoiceNeeded` is raised and nothing is stored.
    - No seat is free: the end of the waiting list.

    The returned object carries `outcome` (an `Outcome`) and `seats_requested`; the page and the
    confirmation e-mail both say it with `events/email/_outcome.txt`. The e-mail carries the
    event as .ics (with a seat) and the cancel link; the link's token is on the returned object
    (`cancel_token`) once only.

    Needs are stored only with `needs_consent`. The optional town and age group (for the
    participation figures only, never listed with the name) are dropped for a person younger than
    16 with an account and without a parent's consent, as on the profile page. Online registrations must fall in the
    registration window and count against the per-address limit; staff (`registered_by`) may add
    people who phoned or came by at any time.
    """
    needs = needs or Needs()
    email = email.strip().lower()
    phone = phone.strip()
    if not email and not phone:
        raise ValidationError(_("Please give an e-mail address or a telephone number."), code="no_contact")
    if companions < 0 or companions > MAX_COMPANIONS:
        raise ValidationError(
            _("The number of companions must be between 0 and %(max)s.") % {"max": MAX_COMPANIONS},
            code="companions",
        )
    # Online, the person ticks the consent box themselves. Staff who register someone who phoned
    # confirm it on their form (StaffRegistrationForm requires it); the service records it when given.
    if needs.any() and not needs_consent and registered_by is None:
        raise ValidationError(
            {
                "needs_consent": ValidationError(
                    _("Please agree that we may keep what you told us about your needs, or leave those fields empty."),
                    code="needs_consent",
                )
            }
        )
    now = now or timezone.now()
    event = _lock(event)
    details = participant_details_checked(
        person=user,
        organisation_id=event.process.organisation_id,
        town=participant_town,
        age_group=participant_age_group,
    )
    if registered_by is None:
        if not event.is_published or not event.process.is_published:
            raise ValidationError(_("This event is not open for registration."), code="unpublished")
        window = event.registration_window(now)
        if window == RegistrationWindow.NOT_YET_OPEN:
            raise ValidationError(
                _("Registration opens on %(date)s.") % {"date": weekday_datetime(event.registration_opens)},
                code="not_yet_open",
            )
        if window == RegistrationWindow.CLOSED:
            raise ValidationError(_("Registration for this event has closed."), code="closed")
    _check_duplicate(event, email=email, user=user)
    if registered_by is None:
        _check_email_limit(event, email=email)
    seats_requested = 1 + companions
    _check_party_fits_the_room(event, seats=seats_requested)

    token = secrets.token_urlsafe(32)
    registration = Registration(
        event=event,
        user=user,
        name=name.strip(),
        email=email,
        phone=phone,
        companions=companions,
        **needs.fields(),
        needs_consented_at=now if needs.any() and needs_consent else None,
        **details,
        channel=channel,
        registered_by=registered_by,
        language=language,
        cancel_token_hash=token_hash(token),
    )
    free = _free_seats(event)
    if free is None or (seats_requested <= free and not _is_anyone_waiting(event)):
        outcome = Outcome.CONFIRMED
    elif free == 0 or _is_anyone_waiting(event) or seat_choice == SeatChoice.WAIT_FOR_ALL:
        outcome = Outcome.WAITING
    elif seat_choice == SeatChoice.TAKE_FREE:
        outcome = Outcome.CONFIRMED_PARTIAL
        registration.companions = free - 1
    else:
        raise SeatChoiceNeeded(free=free, seats=seats_requested)
    if outcome == Outcome.WAITING:
        registration.status = Status.WAITING
        registration.waiting_position = _next_waiting_position(event)
    else:
        registration.status = Status.CONFIRMED
    registration.full_clean(exclude=["cancel_token_hash"])
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        # Only the unique constraints can fail here; the check above sees rows of committed transactions.
        raise ValidationError(
            _("Someone is already registered for this event with this e-mail address."), code="duplicate"
        ) from error
    registration.cancel_token = token
    registration.outcome = outcome
    registration.seats_requested = seats_requested
    _mail(registration, token=token, template="confirmation", subject=_subject_for(registration))
    return registration


def staff_registration_create(
    *,
    event: Event,
    registered_by,
    name: str,
    channel: str,
    email: str = "",
    phone: str = "",
    companions: int = 0,
    needs: Needs | None = None,
    needs_consent: bool = False,
    seat_choice: str | None = None,
    participant_town: Municipality | None = None,
    participant_age_group: str = "",
) -> Registration:
    """Staff register someone who phoned or came by (the registration window does not apply,
    the waiting list does), with the town and age group the person told them, if any."""
    if channel not in (Channel.PHONE, Channel.IN_PERSON):
        raise ValidationError(_("Staff register people who phoned or came by."), code="channel")
    return registration_create(
        event=event,
        name=name,
        email=email,
        phone=phone,
        companions=companions,
        needs=needs,
        needs_consent=needs_consent,
        seat_choice=seat_choice,
        channel=channel,
        registered_by=registered_by,
        participant_town=participant_town,
        participant_age_group=participant_age_group,
    )


def registration_for_token(token: str) -> Registration | None:
    if not token:
        return None
    return (
        Registration.objects.select_related("event__process__organisation")
        .filter(cancel_token_hash=token_hash(token))
        .first()
    )


def registration_for_offer_token(token: str) -> Registration | None:
    if not token:
        return None
    return (
        Registration.objects.select_related("event__process__organisation")
        .filter(offer_token_hash=token_hash(token))
        .first()
    )


@transaction.atomic
def registration_cancel(
    *, registration: Registration, now: dt.datetime | None = None, notify: bool = True
) -> list[Registration]:
    """Cancel a registration (a seat or a place on the waiting list), tell the person by e-mail
    (unless `notify` is off) and give the free seats to the waiting list in its order (`_move_up`).
    Returns the people moved up (each is told by e-mail)."""
    now = now or timezone.now()
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        raise ValidationError(_("This registration has already been cancelled."), code="cancelled")
    registration.status = Status.CANCELLED
    registration.waiting_position = None
    registration.cancelled_at = now
    _clear_offer(registration)
    registration.save(
        update_fields=[
            "status",
            "waiting_position",
            "cancelled_at",
            "offered_seats",
            "offered_at",
            "offer_token_hash",
            "modified",
        ]
    )
    registration.event = event
    if notify:
        _mail(registration, token=None, template="cancelled", subject=gettext_lazy("Registration cancelled: %(title)s"))
    return _move_up(event, now=now)


def registration_cancel_by_token(*, token: str, now: dt.datetime | None = None) -> Registration:
    """Cancel through the link in the confirmation e-mail."""
    registration = registration_for_token(token)
    if registration is None:
        raise ValidationError(_("This cancel link is not valid."), code="invalid_token")
    registration_cancel(registration=registration, now=now)
    registration.refresh_from_db()
    return registration


def _clear_offer(registration: Registration) -> None:
    registration.offered_seats = None
    registration.offered_at = None
    registration.offer_token_hash = None


def _first_waiting(event: Event) -> Registration | None:
    return event.registrations.filter(status=Status.WAITING).order_by("waiting_position", "pk").first()


def _confirm(registration: Registration, *, event: Event, outcome: str, seats_requested: int) -> None:
    registration.status = Status.CONFIRMED
    registration.waiting_position = None
    _clear_offer(registration)
    registration.save(
        update_fields=[
            "status",
            "waiting_position",
            "companions",
            "offered_seats",
            "offered_at",
            "offer_token_hash",
            "modified",
        ]
    )
    registration.event = event
    registration.outcome = outcome
    registration.seats_requested = seats_requested


def _move_up(event: Event, *, now: dt.datetime) -> list[Registration]:
    """Give free seats to the waiting list strictly in its order (the event row is locked).

    The first waiting party whose seats are free moves up, then the next, and so on. When the
    first waiting party needs more seats than are free, it keeps the queue: nobody behind it gets
    those seats (first come, first served). Instead the party is offered the free seats by e-mail
    (`registration_take_offered_seats`, fewer companions) and may also keep waiting until there
    are seats for everyone; it is offered again only when more seats have become free.
    """
    free = _free_seats(event)
    moved = []
    offer = None
    for waiting in (
        event.registrations.select_for_update().filter(status=Status.WAITING).order_by("waiting_position", "pk")
    ):
        if free is not None and waiting.seats > free:
            if free > 0 and (waiting.offered_seats or 0) < free:
                token = secrets.token_urlsafe(32)
                waiting.offered_seats = free
                waiting.offered_at = now
                waiting.offer_token_hash = token_hash(token)
                waiting.save(update_fields=["offered_seats", "offered_at", "offer_token_hash", "modified"])
                waiting.event = event
                offer = (waiting, token)
            break
        _confirm(waiting, event=event, outcome=Outcome.CONFIRMED, seats_requested=waiting.seats)
        moved.append(waiting)
        if free is not None:
            free -= waiting.seats
    for registration in moved:
        _mail(registration, token=None, template="moved_up", subject=gettext_lazy("You have a seat: %(title)s"))
    if offer:
        waiting, token = offer
        _mail(
            waiting,
            token=None,
            template="offer",
            subject=gettext_lazy("Seats have become free: %(title)s"),
            offer_token=token,
        )
    return moved


@transaction.atomic
def registration_take_offered_seats(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """The first party on the waiting list takes the seats that are free now, fewer than it asked
    for: its companions shrink to fit, it is confirmed and told by e-mail (with the .ics file).
    If meanwhile there are seats for everyone, everyone is confirmed."""
    now = now or timezone.now()
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Status.WAITING:
        raise ValidationError(_("You are no longer on the waiting list."), code="not_waiting")
    first = _first_waiting(event)
    free = _free_seats(event)
    if first is None or first.pk != registration.pk or free == 0:
        raise ValidationError(
            _("The free seats have been taken in the meantime. You keep your place on the waiting list."),
            code="no_free_seats",
        )
    seats_requested = registration.seats
    if free is None or seats_requested <= free:
        outcome = Outcome.CONFIRMED
    else:
        outcome = Outcome.CONFIRMED_PARTIAL
        registration.companions = free - 1
    _confirm(registration, event=event, outcome=outcome, seats_requested=seats_requested)
    _mail(registration, token=None, template="moved_up", subject=gettext_lazy("You have a seat: %(title)s"))
    _move_up(event, now=now)
    return registration


# -- reminders ---------------------------------------------------------------------------


def events_send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind everyone with a seat at an event that starts tomorrow (local time). Idempotent:
    each registration is reminded once (`reminder_sent_at`), however often this runs."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    day_start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    day_end = day_start + dt.timedelta(days=1)
    sent = 0
    events = Event.objects.published().filter(start__gte=day_start, start__lt=day_end).select_related("process")
    for event in events:
        with transaction.atomic():
            due = list(
                event.registrations.select_for_update(skip_locked=True)
                .filter(status=Status.CONFIRMED, reminder_sent_at__isnull=True)
                .exclude(email="")
            )
            for registration in due:
                registration.event = event
                _mail(
                    registration,
                    token=None,
                    template="reminder",
                    subject=gettext_lazy("Tomorrow: %(title)s"),
                    topic=NotificationTopic.EVENTS,
                )
            Registration.objects.filter(pk__in=[r.pk for r in due]).update(reminder_sent_at=now)
            sent += len(due)
    return sent


# -- documentation -----------------------------------------------------------------------


@transaction.atomic
def documentation_save(
    *,
    event: Event,
    written_by,
    minutes: str,
    results: str,
    photos: Iterable[tuple[object, str]] = (),
) -> Documentation:
    """Write or update what happened at the event; new photos (upload, description) are re-encoded."""
    documentation, _created = Documentation.objects.get_or_create(event=event, defaults={"written_by": written_by})
    documentation.minutes = minutes.strip()
    documentation.results = results.strip()
    documentation.written_by = written_by
    documentation.full_clean()
    documentation.save()
    position = documentation.photos.count()
    for upload, alt_text in photos:
        if not alt_text.strip():
            raise ValidationError({"photo_alt": _("Please describe what the photo shows.")})
        photo = Photo(documentation=documentation, image=image_reencode(upload), alt_text=alt_text.strip())
        photo.position = position
        position += 1
        photo.full_clean()
        photo.save()
    return documentation


# -- e-mail ------------------------------------------------------------------------------


def _subject_for(registration: Registration):
    if registration.status == Status.WAITING:
        return gettext_lazy("Waiting list: %(title)s")
    return gettext_lazy("Registration confirmed: %(title)s")


def outcome_context(registration: Registration) -> dict:
    """What `events/email/_outcome.txt` needs to say what a registration gave the person."""
    outcome = getattr(registration, "outcome", None)
    if outcome is None:
        outcome = Outcome.WAITING if registration.status == Status.WAITING else Outcome.CONFIRMED
    return {
        "registration": registration,
        "outcome": outcome,
        "seats_requested": getattr(registration, "seats_requested", registration.seats),
        "place_in_queue": registration.place_in_queue(),
    }


def registration_outcome_text(registration: Registration) -> str:
    """The sentences that tell the person what they got: shown on the page after registering and
    written, word for word, in the e-mail."""
    return " ".join(render_to_string("events/email/_outcome.txt", outcome_context(registration)).split())


def offer_text(registration: Registration) -> str:
    """The offer of the free seats to the first waiting party: on the offer page and in its e-mail."""
    return " ".join(render_to_string("events/email/_offer.txt", {"registration": registration}).split())


def _mail(
    registration: Registration,
    *,
    token: str | None,
    template: str,
    subject,
    offer_token: str | None = None,
    topic: str | None = None,
) -> None:
    """Queue one e-mail to the registered person after the commit; people without e-mail are called by staff.

    A mail with a `topic` (reminders, changes) is not the answer to something the person just did:
    an account holder who switched the topic off does not get it, and it carries a one-click link
    to switch it off. Guests have no settings; their mail has the cancel link."""
    if not registration.email:
        return
    headers: dict[str, str] = {}
    unsubscribe_link = ""
    if topic and registration.user_id:
        if not notification_wants(registration.user, topic):
            return
        unsubscribe_link = unsubscribe_url(user=registration.user, topic=topic)
        headers = unsubscribe_headers(unsubscribe_link)
    event = registration.event
    cancel_url = absolute_url(reverse("events:cancel", kwargs={"token": token})) if token else ""
    offer_url = absolute_url(reverse("events:offer", kwargs={"token": offer_token})) if offer_token else ""
    if registration.user_id:
        language = registration.user.mail_language
    else:
        language = registration.language or settings.LANGUAGE_CODE
    message = mail_build(
        to=[registration.email],
        subject=subject,
        subject_params={"title": event.title},
        template=f"events/email/{template}.txt",
        context={
            **outcome_context(registration),
            "registration": registration,
            "event": event,
            "cancel_url": cancel_url,
            "offer_url": offer_url,
            "unsubscribe_url": unsubscribe_link,
        },
        organisation=event.process.organisation,
        language=language,
        headers=headers,
    )
    if registration.status == Status.CONFIRMED and template != "cancelled":
        message.attach(f"event-{event.pk}.ics", event_ical(event=event), "text/calendar; charset=utf-8; method=PUBLISH")
    transaction.on_commit(lambda: get_connection().send_messages([message]))


# -- personal data -----------------------------------------------------------------------

# What a registration holds about the person's needs (partly health data): removed first.
NEEDS_FIELDS = {
    "needs_step_free_access": False,
    "needs_wheelchair_place": False,
    "needs_childcare": False,
    "needs_sign_language": False,
    "needs_interpreter_language": "",
    "needs_easy_language": False,
    "needs_other": "",
    "needs_consented_at": None,
}

# What a registration holds about a person; removing it leaves the seat count and the status.
PERSONAL_FIELDS = {
    "name": "",
    "email": "",
    "phone": "",
    **NEEDS_FIELDS,
    "user": None,
    "offer_token_hash": None,
}


def _anonymise(registrations, *, now: dt.datetime) -> int:
    return registrations.filter(anonymised_at__isnull=True).update(**PERSONAL_FIELDS, anonymised_at=now, modified=now)


@transaction.atomic
def registrations_forget_person(*, user, now: dt.datetime | None = None) -> int:
    """Before an account is deleted: remove the person's name, contact and needs from their
    registrations, keeping the seats (the statistics of who came stay true).

    A place on a waiting list is given up: nobody could tell an anonymous person that they moved
    up. A confirmed seat at an upcoming event stays theirs; the cancel link in their e-mail still
    works. Registrations made without an account are not touched here (matching them by e-mail
    address would let anyone who signs up with someone else's address erase that person's seat);
    `registrations_purge` removes them after the event.
    """
    now = now or timezone.now()
    for waiting in Registration.objects.filter(user=user, status=Status.WAITING):
        registration_cancel(registration=waiting, now=now, notify=False)
    return _anonymise(Registration.objects.filter(user=user), now=now)


def registrations_forget_needs(*, days: int | None = None, now: dt.datetime | None = None) -> int:
    """Remove the needs (and the consent to keep them) from the registrations of events that
    ended more than `days` days ago (default: settings.EVENTS_NEEDS_RETENTION_DAYS). They were
    asked for to prepare the event; afterwards nobody needs them. Idempotent; returns how many
    registrations lost their needs now."""
    days = settings.EVENTS_NEEDS_RETENTION_DAYS if days is None else days
    if days < 0:
        raise ValueError("days must not be negative")
    now = now or timezone.now()
    ended = Event.objects.filter(end__lt=now - dt.timedelta(days=days))
    has_needs = Q(needs_consented_at__isnull=False) | Q(needs_other__gt="") | Q(needs_interpreter_language__gt="")
    for flag in NEED_FLAGS:
        has_needs |= Q(**{flag: True})
    with transaction.atomic():
        return Registration.objects.filter(event__in=ended).filter(has_needs).update(**NEEDS_FIELDS, modified=now)


def registrations_purge(*, days: int, now: dt.datetime | None = None) -> int:
    """Remove the personal data of every registration of events that ended more than `days` days
    ago (run daily by `manage.py purge_event_registrations`, which first removes the needs after
    the shorter `registrations_forget_needs` period). Idempotent; returns how many registrations
    were anonymised now."""
    if days < 0:
        raise ValueError("days must not be negative")
    now = now or timezone.now()
    ended = Event.objects.filter(end__lt=now - dt.timedelta(days=days))
    with transaction.atomic():
        purged = Registration.objects.filter(event__in=ended, anonymised_at__isnull=True)
        # The logged copies of the mails to these addresses go with them (core/maillog.py).
        mail_log_forget(addresses=set(purged.exclude(email="").values_list("email", flat=True)), queued=False)
        return _anonymise(Registration.objects.filter(event__in=ended), now=now)
