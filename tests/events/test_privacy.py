"""Personal data of registrations: the person's export, account deletion and the purge after events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from zukunftswerkstatt.accounts.services import account_delete, account_export
from zukunftswerkstatt.events import services
from zukunftswerkstatt.events.models import Registration, Status
from zukunftswerkstatt.events.selectors import event_seats

pytestmark = pytest.mark.django_db


def anonymised(registration: Registration) -> bool:
    registration.refresh_from_db()
    return (
        registration.anonymised_at is not None
        and (registration.name, registration.email, registration.phone, registration.needs_other) == ("", "", "", "")
        and registration.needs == []
        and registration.user_id is None
    )


def test_the_data_export_contains_the_persons_registrations(event, register, participant):
    register("Paula", companions=1, email=participant.email, user=participant, needs=services.Needs(easy_language=True))
    register("Someone Else", email="else@example.org")

    section = account_export(user=participant)["event_registrations"]

    assert len(section) == 1
    entry = section[0]
    assert (entry["event"], entry["name"], entry["email"], entry["companions"]) == (
        "Zukunftswerkstatt Falkenstein",
        "Paula",
        participant.email,
        1,
    )
    assert entry["needs"] == ["easy-to-read language"]
    assert entry["status"] == "confirmed"


def test_deleting_the_account_removes_name_and_contact_but_keeps_the_seats(event, register, participant):
    mine = register("Paula", companions=2, email=participant.email, user=participant, phone="0123 45")
    other = register("Bernd")

    account_delete(user=participant)

    assert anonymised(mine)
    assert mine.status == Status.CONFIRMED
    assert mine.companions == 2
    assert event_seats(event=event).taken == 4
    other.refresh_from_db()
    assert other.name == "Bernd"
    assert other.anonymised_at is None


def test_a_deleted_account_gives_up_its_place_on_the_waiting_list(event, register, participant):
    register("Voll", companions=9)
    waiting = register("Paula", email=participant.email, user=participant)
    assert waiting.status == Status.WAITING

    account_delete(user=participant)

    waiting.refresh_from_db()
    assert waiting.status == Status.CANCELLED
    assert waiting.waiting_position is None
    assert anonymised(waiting)


def test_the_cancel_link_still_works_after_the_account_is_deleted(client, event, register, participant):
    mine = register("Paula", email=participant.email, user=participant)
    account_delete(user=participant)
    client.post(reverse("events:cancel", kwargs={"token": mine.cancel_token}))
    mine.refresh_from_db()
    assert mine.status == Status.CANCELLED


def test_the_attendee_list_shows_an_anonymised_registration_without_a_name(
    client_for, event, register, participant, staff_a
):
    register("Paula", email=participant.email, user=participant)
    account_delete(user=participant)
    content = client_for(staff_a).get(reverse("events:attendees", kwargs={"pk": event.pk})).content.decode()
    assert "(name removed)" in content
    assert "Paula" not in content


@pytest.fixture
def past_events(process):
    """One event that ended 91 days ago, one that ended 89 days ago."""
    now = timezone.now()
    events = {}
    for days in (91, 89):
        end = now - dt.timedelta(days=days)
        events[days] = services.event_create(
            process=process,
            title=f"Vor {days} Tagen",
            kind="workshop",
            start=end - dt.timedelta(hours=2),
            end=end,
            place_name="Rathaus",
            capacity=5,
        )
    return events


@pytest.fixture
def staff_registration(staff_a):
    """Staff add people afterwards too (the registration window does not apply to them)."""

    def make(event, name: str, **fields) -> Registration:
        return services.staff_registration_create(
            event=event, registered_by=staff_a, name=name, channel="phone", phone="03744 1", **fields
        )

    return make


def test_the_purge_removes_personal_data_of_events_that_ended_more_than_90_days_ago(
    past_events, event, register, staff_registration
):
    old = staff_registration(past_events[91], "Alt", companions=2, needs=services.Needs(wheelchair_place=True))
    recent = staff_registration(past_events[89], "Neu")
    upcoming = register("Kommend")

    call_command("purge_event_registrations", verbosity=0)

    assert anonymised(old)
    assert old.companions == 2
    assert event_seats(event=past_events[91]).taken == 3
    for registration in (recent, upcoming):
        registration.refresh_from_db()
        assert registration.anonymised_at is None


def test_the_purge_takes_the_number_of_days_and_is_idempotent(past_events, staff_registration):
    recent = staff_registration(past_events[89], "Neu")
    assert services.registrations_purge(days=30) == 1
    first = Registration.objects.get(pk=recent.pk).anonymised_at
    assert services.registrations_purge(days=30) == 0
    assert Registration.objects.get(pk=recent.pk).anonymised_at == first
    assert anonymised(recent)


def test_the_purge_command_reports_and_refuses_negative_days(past_events, staff_registration, capsys):
    from django.core.management.base import CommandError

    staff_registration(past_events[91], "Alt")
    call_command("purge_event_registrations", "--days", "90")
    assert "Removed the personal data of 1 registration(s)." in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("purge_event_registrations", "--days", "-1")


ALL_NEEDS = services.Needs(
    step_free_access=True,
    wheelchair_place=True,
    childcare=True,
    sign_language=True,
    interpreter_language="Arabisch",
    easy_language=True,
    other="Zwei Kinder",
)


def test_every_need_and_its_consent_are_exported_and_removed_with_the_account(event, register, participant):
    mine = register("Paula", email=participant.email, user=participant, needs=ALL_NEEDS)
    (entry,) = account_export(user=participant)["event_registrations"]
    assert len(entry["needs"]) == 7
    assert entry["needs_consented_at"] is not None

    account_delete(user=participant)

    mine.refresh_from_db()
    assert anonymised(mine)
    assert (mine.needs_interpreter_language, mine.needs_consented_at) == ("", None)
    assert not any(getattr(mine, name) for name in services.NEED_FLAGS)


def test_the_purge_command_removes_needs_a_week_after_the_event_long_before_the_rest(past_events, staff_registration):
    recent = staff_registration(past_events[89], "Neu", needs=ALL_NEEDS, needs_consent=True)
    call_command("purge_event_registrations", verbosity=0)
    recent.refresh_from_db()
    assert (recent.needs, recent.needs_consented_at, recent.name) == ([], None, "Neu")
