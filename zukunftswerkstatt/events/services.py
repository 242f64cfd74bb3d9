"""Writes for events: registration with a waiting list, cancellation and move-up, reminders,
documentation.

The last seat must never be given twice: every function that changes who holds a seat locks the
event's row (SELECT … FOR UPDATE) inside its transaction before it counts, so two people
registering at once are served one after the other. E-mails are sent after the commit.
Permission checks (who may call a function) are the views' job, through events/rules.py.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.core.images import image_reencode
from zukunftswerkstatt.notifications.models import Topic as NotificationTopic
from zukunftswerkstatt.notifications.services import unsubscribe_headers, unsubscribe_url
from zukunftswerkstatt.notifications.services import wants as notification_wants
from zukunftswerkstatt.processes.models import Phase, Process

from .ical import event_ical
from .models import (
    MAX_COMPANIONS,
    Channel,
    Documentation,
    Event,
    Photo,
    Registration,
    RegistrationWindow,
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
    sign_language: bool = False
    easy_language: bool = False
    wheelchair_place: bool = False
    other: str = ""


def _check_duplicate(event: Event, *, email: str, user) -> None:
    active = event.registrations.exclude(status=Status.CANCELLED)
    if user is not None and active.filter(user=user).exists():
        raise ValidationError(_("You are already registered for this event."), code="duplicate")
    if email and active.filter(email=email).exists():
        raise ValidationError(
            _("Someone is already registered for this event with this e-mail address."), code="duplicate"
        )


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str = "",
    phone: str = "",
    companions: int = 0,
    needs: Needs | None = None,
    user=None,
    channel: str = Channel.ONLINE,
    registered_by=None,
    now: dt.datetime | None = None,
) -> Registration:
    """Register a person for an event: a seat if one is free for them and their companions,
    otherwise the end of the waiting list. The confirmation e-mail carries the event as .ics
    and the cancel link; the link's token is on the returned object (`cancel_token`) once only.

    Online registrations must fall in the registration window; staff (`registered_by`) may add
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
    event = _lock(event)
    if registered_by is None:
        if not event.is_published or not event.process.is_published:
            raise ValidationError(_("This event is not open for registration."), code="unpublished")
        window = event.registration_window(now)
        if window == RegistrationWindow.NOT_YET_OPEN:
            raise ValidationError(
                _("Registration opens on %(date)s.")
                % {"date": timezone.localtime(event.registration_opens).strftime("%d.%m.%Y %H:%M")},
                code="not_yet_open",
            )
        if window == RegistrationWindow.CLOSED:
            raise ValidationError(_("Registration for this event has closed."), code="closed")
    _check_duplicate(event, email=email, user=user)

    token = secrets.token_urlsafe(32)
    registration = Registration(
        event=event,
        user=user,
        name=name.strip(),
        email=email,
        phone=phone,
        companions=companions,
        needs_sign_language=needs.sign_language,
        needs_easy_language=needs.easy_language,
        needs_wheelchair_place=needs.wheelchair_place,
        needs_other=needs.other.strip(),
        channel=channel,
        registered_by=registered_by,
        cancel_token_hash=token_hash(token),
    )
    free = _free_seats(event)
    if free is None or registration.seats <= free:
        registration.status = Status.CONFIRMED
    else:
        registration.status = Status.WAITING
        registration.waiting_position = _next_waiting_position(event)
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
) -> Registration:
    """Staff register someone who phoned or came by (the registration window does not apply)."""
    if channel not in (Channel.PHONE, Channel.IN_PERSON):
        raise ValidationError(_("Staff register people who phoned or came by."), code="channel")
    return registration_create(
        event=event,
        name=name,
        email=email,
        phone=phone,
        companions=companions,
        needs=needs,
        channel=channel,
        registered_by=registered_by,
    )


def registration_for_token(token: str) -> Registration | None:
    if not token:
        return None
    return (
        Registration.objects.select_related("event__process__organisation")
        .filter(cancel_token_hash=token_hash(token))
        .first()
    )


@transaction.atomic
def registration_cancel(*, registration: Registration, now: dt.datetime | None = None) -> list[Registration]:
    """Cancel a registration and move up the first people on the waiting list whose party fits
    into the seats that are free now. Returns the people moved up (each is told by e-mail)."""
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        raise ValidationError(_("This registration has already been cancelled."), code="cancelled")
    registration.status = Status.CANCELLED
    registration.waiting_position = None
    registration.cancelled_at = now or timezone.now()
    registration.save(update_fields=["status", "waiting_position", "cancelled_at", "modified"])
    return _move_up(event)


def registration_cancel_by_token(*, token: str, now: dt.datetime | None = None) -> Registration:
    """Cancel through the link in the confirmation e-mail."""
    registration = registration_for_token(token)
    if registration is None:
        raise ValidationError(_("This cancel link is not valid."), code="invalid_token")
    registration_cancel(registration=registration, now=now)
    registration.refresh_from_db()
    return registration


def _move_up(event: Event) -> list[Registration]:
    """Confirm waiting people in their order, skipping a party that is larger than the free seats."""
    free = _free_seats(event)
    moved = []
    for waiting in event.registrations.filter(status=Status.WAITING).order_by("waiting_position", "pk"):
        if free is not None and waiting.seats > free:
            continue
        waiting.status = Status.CONFIRMED
        waiting.waiting_position = None
        waiting.save(update_fields=["status", "waiting_position", "modified"])
        waiting.event = event
        moved.append(waiting)
        if free is not None:
            free -= waiting.seats
            if free == 0:
                break
    for registration in moved:
        _mail(registration, token=None, template="moved_up", subject=gettext_lazy("You have a seat: %(title)s"))
    return moved


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


def _mail(registration: Registration, *, token: str | None, template: str, subject, topic: str | None = None) -> None:
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
    site = settings.SITE_URL.rstrip("/")
    cancel_url = site + reverse("events:cancel", kwargs={"token": token}) if token else ""
    language = registration.user.mail_language if registration.user_id else settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string(
            f"events/email/{template}.txt",
            {
                "registration": registration,
                "event": event,
                "site_url": site,
                "cancel_url": cancel_url,
                "unsubscribe_url": unsubscribe_link,
            },
        )
        message = EmailMultiAlternatives(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + str(subject) % {"title": event.title},
            body=body,
            to=[registration.email],
            headers=headers,
        )
    if registration.status == Status.CONFIRMED:
        message.attach(f"event-{event.pk}.ics", event_ical(event=event), "text/calendar; charset=utf-8; method=PUBLISH")
    transaction.on_commit(lambda: get_connection().send_messages([message]))


# -- personal data -----------------------------------------------------------------------

# What a registration holds about a person; removing it leaves the seat count and the status.
PERSONAL_FIELDS = {
    "name": "",
    "email": "",
    "phone": "",
    "needs_sign_language": False,
    "needs_easy_language": False,
    "needs_wheelchair_place": False,
    "needs_other": "",
    "user": None,
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
        registration_cancel(registration=waiting, now=now)
    return _anonymise(Registration.objects.filter(user=user), now=now)


def registrations_purge(*, days: int, now: dt.datetime | None = None) -> int:
    """Remove the personal data of every registration of events that ended more than `days` days
    ago (run daily by `manage.py purge_event_registrations`). Idempotent; returns how many
    registrations were anonymised now."""
    if days < 0:
        raise ValueError("days must not be negative")
    now = now or timezone.now()
    ended = Event.objects.filter(end__lt=now - dt.timedelta(days=days))
    with transaction.atomic():
        return _anonymise(Registration.objects.filter(event__in=ended), now=now)
