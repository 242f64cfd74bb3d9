"""Registration, the waiting list, cancellation, reminders and documentation, through the services."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from freezegun import freeze_time
from icalendar import Calendar
from PIL import Image

from zukunftswerkstatt.events import services
from zukunftswerkstatt.events.models import Channel, Registration, Status, token_hash
from zukunftswerkstatt.events.selectors import event_seats

pytestmark = pytest.mark.django_db


def statuses(event) -> dict[str, tuple[str, int | None]]:
    return {r.name: (r.status, r.waiting_position) for r in Registration.objects.filter(event=event)}


def test_a_person_with_companions_takes_their_seats(event, register):
    registration = register("Anna", companions=2)
    assert registration.status == Status.CONFIRMED
    assert event_seats(event=event).taken == 3
    assert event_seats(event=event).free == 7


def test_the_cancel_token_is_stored_only_as_its_hash(register):
    registration = register("Anna")
    assert registration.cancel_token
    stored = Registration.objects.get(pk=registration.pk).cancel_token_hash
    assert stored == token_hash(registration.cancel_token)
    assert registration.cancel_token not in stored


def test_when_the_event_is_full_people_go_on_the_waiting_list_in_order(event, register):
    register("Anna", companions=9)
    bernd = register("Bernd")
    clara = register("Clara", companions=1)
    assert (bernd.status, bernd.waiting_position) == (Status.WAITING, 1)
    assert (clara.status, clara.waiting_position) == (Status.WAITING, 2)


def test_an_event_without_a_limit_confirms_everyone(event, register):
    event.capacity = None
    event.save()
    assert all(register(f"P{n}", companions=3).status == Status.CONFIRMED for n in range(20))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "", "phone": ""}, "Please give an e-mail address or a telephone number."),
        ({"companions": -1}, "The number of companions must be between 0 and 10."),
        ({"companions": 11}, "The number of companions must be between 0 and 10."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_stored(event, fields, message):
    arguments = {"name": "Anna", "email": "anna@example.org", "companions": 0, **fields}
    with pytest.raises(ValidationError) as error:
        services.registration_create(event=event, **arguments)
    assert error.value.messages == [message]
    assert not Registration.objects.exists()


def test_the_same_email_cannot_register_twice(event, register):
    register("Anna", email="anna@example.org")
    with pytest.raises(ValidationError, match="already registered for this event with this e-mail"):
        register("Anna again", email="Anna@Example.org ")
    assert Registration.objects.count() == 1


def test_the_same_account_cannot_register_twice(event, register, participant):
    register("Paula", email="paula@example.org", user=participant)
    with pytest.raises(ValidationError, match="You are already registered for this event."):
        register("Paula", email="other@example.org", user=participant)
    assert Registration.objects.count() == 1


def test_after_cancelling_a_person_may_register_again(event, register):
    anna = register("Anna")
    services.registration_cancel(registration=anna)
    assert register("Anna").status == Status.CONFIRMED


def test_the_database_refuses_a_second_active_registration_with_the_same_email(event, register):
    anna = register("Anna")
    duplicate = Registration(event=event, name="X", email=anna.email, cancel_token_hash="x" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_registration_not_yet_open_is_refused(event):
    event.registration_opens = timezone.now() + dt.timedelta(days=2)
    event.save()
    with pytest.raises(ValidationError, match="Registration opens on"):
        services.registration_create(event=event, name="Anna", email="anna@example.org")
    assert not Registration.objects.exists()


def test_registration_after_it_closed_is_refused(event):
    event.registration_closes = timezone.now() - dt.timedelta(minutes=1)
    event.registration_opens = timezone.now() - dt.timedelta(days=1)
    event.save()
    with pytest.raises(ValidationError, match="Registration for this event has closed."):
        services.registration_create(event=event, name="Anna", email="anna@example.org")
    assert not Registration.objects.exists()


def test_registration_closes_when_the_event_starts_unless_set_otherwise(event):
    with freeze_time(event.start), pytest.raises(ValidationError, match="has closed"):
        services.registration_create(event=event, name="Anna", email="anna@example.org")


def test_unpublished_event_refuses_online_registration(event):
    event.is_published = False
    event.save()
    with pytest.raises(ValidationError, match="not open for registration"):
        services.registration_create(event=event, name="Anna", email="anna@example.org")


def test_staff_register_someone_who_phoned_even_after_registration_closed(event, staff_a):
    event.registration_closes = timezone.now() - dt.timedelta(minutes=1)
    event.save()
    registration = services.staff_registration_create(
        event=event, registered_by=staff_a, name="Herr Müller", channel=Channel.PHONE, phone="03745 1234"
    )
    assert (registration.status, registration.channel, registration.registered_by) == (
        Status.CONFIRMED,
        Channel.PHONE,
        staff_a,
    )


def test_staff_registration_must_be_by_phone_or_in_person(event, staff_a):
    with pytest.raises(ValidationError, match="phoned or came by"):
        services.staff_registration_create(
            event=event, registered_by=staff_a, name="X", channel=Channel.ONLINE, phone="1"
        )


def test_cancelling_by_token_works_once(event, register):
    token = register("Anna").cancel_token
    assert services.registration_cancel_by_token(token=token).status == Status.CANCELLED
    with pytest.raises(ValidationError, match="already been cancelled"):
        services.registration_cancel_by_token(token=token)


def test_a_wrong_token_cancels_nothing(event, register):
    register("Anna")
    with pytest.raises(ValidationError, match="This cancel link is not valid."):
        services.registration_cancel_by_token(token="wrong")
    assert Registration.objects.get().status == Status.CONFIRMED


def test_the_confirmation_email_has_the_event_as_icalendar_and_the_cancel_link(event, register, mail_on_commit):
    with mail_on_commit():
        registration = register("Anna")
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert "Registration confirmed: Zukunftswerkstatt Falkenstein" in message.subject
    assert f"/events/cancel/{registration.cancel_token}/" in message.body
    (filename, content, mimetype) = message.attachments[0]
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "Zukunftswerkstatt Falkenstein"
    assert entry.decoded("dtstart") == event.start
    assert entry.decoded("dtend") == event.end
    assert "Rathaus Falkenstein, Ratssaal" in str(entry["location"])


def test_a_person_on_the_waiting_list_gets_no_calendar_entry_yet(event, register, mail_on_commit):
    register("Anna", companions=9)
    mail.outbox.clear()
    with mail_on_commit():
        register("Bernd")
    (message,) = mail.outbox
    assert "Waiting list" in message.subject
    assert "number 1 on the waiting list" in message.body
    assert message.attachments == []


def test_people_without_email_get_no_mail(event, staff_a, mail_on_commit):
    with mail_on_commit():
        services.staff_registration_create(
            event=event, registered_by=staff_a, name="Frau Schulz", channel=Channel.IN_PERSON, phone="0374 1"
        )
    assert mail.outbox == []


def test_reminders_go_out_the_day_before_once(event, register, mail_on_commit):
    register("Anna")
    register("Bernd")
    cancelled = register("Clara")
    services.registration_cancel(registration=cancelled)
    mail.outbox.clear()
    day_before = event.start - dt.timedelta(days=1)
    assert services.events_send_reminders(now=event.start - dt.timedelta(days=3)) == 0
    with mail_on_commit():
        assert services.events_send_reminders(now=day_before) == 2
    with mail_on_commit():
        assert services.events_send_reminders(now=day_before + dt.timedelta(hours=1)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "bernd@example.org"]
    assert all(m.subject.endswith("Tomorrow: Zukunftswerkstatt Falkenstein") for m in mail.outbox)


def test_the_reminder_command_runs(event, register):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("send_event_reminders", stdout=out)
    assert "Sent 0 reminder(s)." in out.getvalue()


def _png() -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(output, format="PNG")
    return SimpleUploadedFile("flipchart.png", output.getvalue(), content_type="image/png")


def test_documentation_stores_re_encoded_photos(event, staff_a):
    documentation = services.documentation_save(
        event=event, written_by=staff_a, minutes="Protokoll", results="Ergebnisse", photos=[(_png(), "Flipchart")]
    )
    photo = documentation.photos.get()
    assert photo.image.name.endswith(".jpg")
    assert photo.alt_text == "Flipchart"
    services.documentation_save(event=event, written_by=staff_a, minutes="Neu", results="")
    documentation.refresh_from_db()
    assert (documentation.minutes, documentation.photos.count()) == ("Neu", 1)


def test_a_photo_needs_a_description(event, staff_a):
    with pytest.raises(ValidationError):
        services.documentation_save(event=event, written_by=staff_a, minutes="", results="", photos=[(_png(), " ")])


def test_an_event_must_end_after_it_starts(process):
    start = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.event_create(process=process, title="X", kind="workshop", start=start, end=start, place_name="Y")
    assert "end" in error.value.error_dict


def test_capacity_must_be_positive(process):
    start = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.event_create(
            process=process,
            title="X",
            kind="workshop",
            start=start,
            end=start + dt.timedelta(hours=1),
            place_name="Y",
            capacity=0,
        )
    assert "capacity" in str(error.value) or "__all__" in error.value.error_dict
