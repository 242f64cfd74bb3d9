"""Registering through the page: the page says what the e-mail says for every outcome, a group
chooses between the free seats and the waiting list, the needs with consent reach the staff,
"cancel my seat", the event as .ics, rate limits that count only successful registrations, and
no "0 companions" anywhere."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from zukunftswerkstatt.events import services
from zukunftswerkstatt.events.models import Registration, Status

pytestmark = pytest.mark.django_db

FORM = {"name": "Anna Beispiel", "email": "anna@example.org", "phone": "", "companions": "0", "website": ""}


def register_url(event) -> str:
    return reverse("events:register", kwargs={"pk": event.pk})


def flat(text: str) -> str:
    return " ".join(text.split())


SENT = "We have sent you this by e-mail, too."


def page_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# -- the page and the e-mail say the same ------------------------------------------------------

OUTCOMES = {
    # name: (seats taken before by others, people waiting before, companions, seat choice, key sentence)
    "seat": (0, 0, 0, "", "Your seat is confirmed."),
    "seats for a group": (0, 0, 2, "", "Your seats are confirmed: for you and 2 companions."),
    "seats for a pair": (0, 0, 1, "", "Your seats are confirmed: for you and 1 companion."),
    "the free seats": (
        7,
        0,
        4,
        "take_free",
        "You registered 5 people, but only 3 seats were free. These 3 seats are yours: for you and 2 companions.",
    ),
    "the one free seat": (
        9,
        0,
        3,
        "take_free",
        "You registered 4 people, but only one seat was free. This seat is yours; nobody can come with you.",
    ),
    "the waiting list for a group": (
        7,
        0,
        4,
        "wait_for_all",
        "There are not enough free seats for you at the moment. You are number 1 on the waiting list, for yourself "
        "and 4 companions. When enough seats become free, you move up together and we tell you by e-mail.",
    ),
    "the waiting list": (
        10,
        0,
        0,
        "",
        "There is no free seat for you at the moment. You are number 1 on the waiting list. When a seat becomes "
        "free, you move up and we tell you by e-mail.",
    ),
    "the waiting list behind a group": (
        9,
        1,
        0,
        "",
        "There is no free seat for you at the moment. You are number 2 on the waiting list. When a seat becomes "
        "free, you move up and we tell you by e-mail.",
    ),
}


@pytest.mark.parametrize("name", list(OUTCOMES))
def test_the_page_and_the_email_say_the_same_for_every_outcome(client, event, register, mail_on_commit, name):
    taken, waiting, companions, choice, sentence = OUTCOMES[name]
    if taken:
        register("Voll", companions=taken - 1)
    if waiting:
        register("Gruppe", companions=1, seat_choice="wait_for_all")  # needs 2, one seat is free: waits, holds it
    mail.outbox.clear()

    with mail_on_commit():
        response = client.post(
            register_url(event), {**FORM, "companions": str(companions), "seat_choice": choice}, follow=True
        )

    assert page_messages(response) == [sentence + " " + SENT]
    (message,) = mail.outbox
    assert sentence in flat(message.body)
    assert bool(message.attachments) == (Registration.objects.get(name="Anna Beispiel").status == Status.CONFIRMED)


def test_the_page_and_the_email_say_the_same_in_german(client, event, register, mail_on_commit, settings):
    settings.LANGUAGE_CODE = "de"
    register("Voll", companions=6)
    mail.outbox.clear()
    with translation.override("de"), mail_on_commit():
        response = client.post(
            register_url(event), {**FORM, "companions": "4", "seat_choice": "take_free"}, follow=True
        )
    (shown,) = page_messages(response)
    assert shown.startswith("Sie haben 5 Personen angemeldet")
    assert shown.endswith(" Wir haben Ihnen das auch per E-Mail geschickt.")
    assert shown.removesuffix(" Wir haben Ihnen das auch per E-Mail geschickt.") in flat(mail.outbox[0].body)


def test_a_group_larger_than_the_free_seats_is_asked_and_keeps_what_it_typed(client, event, register):
    register("Voll", companions=6)
    data = {**FORM, "companions": "4", "needs_other": "Lupe", "needs_consent": "on"}
    response = client.post(register_url(event), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Only 3 seats are free, but you are 5 people." in content
    assert 'name="seat_choice" value="take_free"' in content
    assert 'name="seat_choice" value="wait_for_all"' in content
    assert "Take the 3 free seats now (for me and 2 companions)" in content
    assert "Join the waiting list for all 5 of us" in content
    assert 'value="Anna Beispiel"' in content
    assert not Registration.objects.filter(name="Anna Beispiel").exists()

    client.post(register_url(event), {**FORM, "companions": "4", "seat_choice": "wait_for_all"})
    registration = Registration.objects.get(name="Anna Beispiel")
    assert (registration.status, registration.companions) == (Status.WAITING, 4)


def test_a_group_larger_than_the_event_is_told_on_the_form(client, event):
    response = client.post(register_url(event), {**FORM, "companions": "10"})
    assert response.status_code == 400
    assert response.context["form"].errors["companions"] == [
        "This event has 10 seats in all, so at most 9 people can come with you."
    ]


def test_the_event_page_says_that_free_seats_are_held_for_the_waiting_list(client, event, register):
    register("Voll", companions=8)
    register("Gruppe", companions=1, seat_choice="wait_for_all")  # 1 seat free, the group needs 2
    content = flat(client.get(event.get_absolute_url()).content.decode())
    assert "Seats that become free go to the waiting list first, in the order of registration." in content
    assert "1 of 10 seats are free" not in content
    assert "Join the waiting list" in content


def test_staff_choose_for_a_group_that_phoned(client_for, event, register, staff_a):
    register("Voll", companions=7)
    url = reverse("events:staff_register", kwargs={"pk": event.pk})
    data = {"channel": "phone", "name": "Familie Schubert", "phone": "03745 1", "companions": "3"}
    client = client_for(staff_a)
    response = client.post(url, data)
    assert "Register the 2 free seats (the person and 1 companion)" in response.content.decode()
    response = client.post(url, {**data, "seat_choice": "take_free"}, follow=True)
    registration = Registration.objects.get(name="Familie Schubert")
    assert (registration.status, registration.companions) == (Status.CONFIRMED, 1)
    assert page_messages(response) == [
        "Familie Schubert is registered: You registered 4 people, but only 2 seats were free. "
        "These 2 seats are yours: for you and 1 companion."
    ]


# -- the needs ---------------------------------------------------------------------------------

NEEDS = {
    "needs_step_free_access": "on",
    "needs_wheelchair_place": "on",
    "needs_childcare": "on",
    "needs_sign_language": "on",
    "needs_interpreter_language": "Ukrainisch",
    "needs_easy_language": "on",
    "needs_other": "Zwei Kinder, 3 und 5 Jahre",
}


def test_needs_are_kept_only_with_consent_and_the_form_keeps_them(client, event):
    response = client.post(register_url(event), {**FORM, **NEEDS})
    assert response.status_code == 400
    assert response.context["form"].errors["needs_consent"] == [
        "Please agree that we may keep what you told us about your needs, or leave those fields empty."
    ]
    assert "Zwei Kinder, 3 und 5 Jahre" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_needs_reach_the_attendee_list_and_the_csv(client, client_for, event, staff_a):
    client.post(register_url(event), {**FORM, **NEEDS, "needs_consent": "on"})
    client.post(register_url(event), {**FORM, "name": "Bernd", "email": "b@example.org", "needs_childcare": "on"})
    registration = Registration.objects.get()  # Bernd gave a need without consent: refused
    assert registration.needs_consented_at is not None
    assert registration.needs == [
        "step-free access",
        "wheelchair place",
        "childcare",
        "sign-language interpretation",
        "easy-to-read language",
        "interpreter for another language: Ukrainisch",
        "Zwei Kinder, 3 und 5 Jahre",
    ]
    staff = client_for(staff_a)
    page = flat(staff.get(reverse("events:attendees", kwargs={"pk": event.pk})).content.decode())
    assert "step-free access, wheelchair place, childcare" in page
    assert "interpreter for another language: 1 (Ukrainisch)" in page
    assert "childcare: 1" in page

    response = staff.get(reverse("events:attendees_csv", kwargs={"pk": event.pk}))
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    assert {key: row[key] for key in row if key not in ("Registered on",)} == {
        "Name": "Anna Beispiel",
        "E-mail": "anna@example.org",
        "Telephone": "",
        "Companions": "",
        "Seats": "1",
        "Status": "confirmed",
        "Place on the waiting list": "",
        "step-free access": "yes",
        "wheelchair place": "yes",
        "childcare": "yes",
        "sign-language interpretation": "yes",
        "easy-to-read language": "yes",
        "interpreter for another language": "Ukrainisch",
        "other needs": "Zwei Kinder, 3 und 5 Jahre",
        "Channel": "online",
    }


def test_staff_confirm_the_consent_of_someone_who_phoned(client_for, event, staff_a):
    url = reverse("events:staff_register", kwargs={"pk": event.pk})
    data = {"channel": "phone", "name": "Frau Weber", "phone": "03745 1", "companions": "0", "needs_childcare": "on"}
    response = client_for(staff_a).post(url, data)
    assert "needs_consent" in response.context["form"].errors
    client_for(staff_a).post(url, {**data, "needs_consent": "on"})
    assert Registration.objects.get().needs_childcare is True


def test_the_needs_are_removed_a_week_after_the_event_and_the_seat_stays(event, register, settings):
    settings.EVENTS_NEEDS_RETENTION_DAYS = 7
    anna = register("Anna", companions=1, needs=services.Needs(childcare=True, other="Lupe"))
    assert services.registrations_forget_needs(now=event.end + dt.timedelta(days=6)) == 0
    assert services.registrations_forget_needs(now=event.end + dt.timedelta(days=8)) == 1
    assert services.registrations_forget_needs(now=event.end + dt.timedelta(days=9)) == 0
    anna.refresh_from_db()
    assert (anna.needs, anna.needs_consented_at, anna.name, anna.companions) == ([], None, "Anna", 1)


# -- cancel my seat ----------------------------------------------------------------------------


@pytest.fixture
def mine(event, register, participant):
    return register("Paula", email=participant.email, user=participant)


def test_the_event_page_offers_the_registered_person_to_cancel(client_for, event, mine, participant):
    content = client_for(participant).get(event.get_absolute_url()).content.decode()
    assert reverse("events:my_cancel", kwargs={"registration_pk": mine.pk}) in content
    assert "Cancel my seat" in content
    assert "Your seat is confirmed." in content


def test_cancel_my_seat_asks_first_then_cancels_and_moves_up_the_waiting_list(
    client_for, event, register, mine, participant, mail_on_commit
):
    register("Voll", companions=8)
    register("Wartend")
    url = reverse("events:my_cancel", kwargs={"registration_pk": mine.pk})
    client = client_for(participant)
    response = client.get(url)
    assert response.status_code == 200
    assert "Yes, cancel my registration" in response.content.decode()
    assert Registration.objects.get(pk=mine.pk).status == Status.CONFIRMED
    mail.outbox.clear()

    with mail_on_commit():
        response = client.post(url)

    assert response.status_code == 302
    assert Registration.objects.get(pk=mine.pk).status == Status.CANCELLED
    assert Registration.objects.get(name="Wartend").status == Status.CONFIRMED
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "[Städteverbund Göltzschtal] Registration cancelled: " + event.title,
        "[Städteverbund Göltzschtal] You have a seat: " + event.title,
    ]


def test_cancel_my_seat_is_for_the_person_only(
    client, client_for, event, mine, participant, staff_a, django_user_model
):
    url = reverse("events:my_cancel", kwargs={"registration_pk": mine.pk})
    anonymous = client.post(url)
    assert anonymous.status_code == 302
    assert reverse("account_login") in anonymous["Location"]
    other = django_user_model.objects.create_user(email="other@example.org", password="x-secret-1234")
    assert client_for(other).post(url).status_code == 403
    assert client_for(staff_a).post(url).status_code == 403  # staff cancel on the attendee list
    assert Registration.objects.get(pk=mine.pk).status == Status.CONFIRMED
    missing = client_for(participant).get(reverse("events:my_cancel", kwargs={"registration_pk": 999999}))
    assert missing.status_code == 404


def test_a_waiting_person_takes_offered_seats_on_the_event_page(client_for, event, register, participant):
    register("Voll", companions=8)
    anna = register("Anna")
    mine = register("Paula", companions=2, email=participant.email, user=participant)
    services.registration_cancel(registration=anna)
    client = client_for(participant)
    content = flat(client.get(event.get_absolute_url()).content.decode())
    assert "1 seat has become free." in content
    assert "Leave the waiting list" in content
    response = client.post(reverse("events:my_take_seats", kwargs={"registration_pk": mine.pk}), follow=True)
    assert page_messages(response) == [
        "You registered 3 people, but only one seat was free. This seat is yours; nobody can come with you."
    ]
    assert Registration.objects.get(pk=mine.pk).status == Status.CONFIRMED


# -- add to calendar ---------------------------------------------------------------------------


def test_anyone_can_download_the_event_as_ics(client, event):
    assert reverse("events:ics", kwargs={"pk": event.pk}) in client.get(event.get_absolute_url()).content.decode()
    response = client.get(reverse("events:ics", kwargs={"pk": event.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment;")
    (entry,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["summary"]) == event.title
    assert entry.decoded("dtstart") == event.start
    assert entry.decoded("dtend") == event.end
    assert "Rathaus Falkenstein, Ratssaal" in str(entry["location"])
    assert str(entry["url"]).endswith(event.get_absolute_url())


def test_an_unpublished_event_has_no_ics_for_the_public(client, event):
    event.is_published = False
    event.save()
    assert client.get(reverse("events:ics", kwargs={"pk": event.pk})).status_code == 404


# -- rate limits -------------------------------------------------------------------------------


def test_one_address_may_sign_up_many_people_up_to_the_setting(client, event, settings):
    settings.EVENTS_REGISTRATION_RATE_PER_IP = "12/h"
    event.capacity = None
    event.save()
    for n in range(12):
        response = client.post(register_url(event), {**FORM, "email": f"p{n}@example.org"})
        assert response.status_code == 302, n
    response = client.post(register_url(event), {**FORM, "email": "thirteen@example.org"})
    assert response.status_code == 429
    assert "Many people have registered from this connection in a short time." in str(
        response.context["form"].non_field_errors()
    )
    assert 'value="thirteen@example.org"' in response.content.decode()
    assert Registration.objects.count() == 12


def test_failed_tries_never_count(client, event, settings):
    settings.EVENTS_REGISTRATION_RATE_PER_IP = "3/h"
    for _n in range(10):
        assert client.post(register_url(event), {**FORM, "email": "", "phone": ""}).status_code == 400
        assert client.post(register_url(event), {**FORM, "companions": "-1"}).status_code == 400
    for n in range(3):
        assert client.post(register_url(event), {**FORM, "email": f"p{n}@example.org"}).status_code == 302
    assert client.post(register_url(event), {**FORM, "email": "p4@example.org"}).status_code == 429


def test_a_refused_duplicate_does_not_count_either(client, event, settings):
    settings.EVENTS_REGISTRATION_RATE_PER_IP = "2/h"
    client.post(register_url(event), FORM)
    for _n in range(5):
        assert client.post(register_url(event), FORM).status_code == 400  # already registered
    assert client.post(register_url(event), {**FORM, "email": "b@example.org"}).status_code == 302


def test_one_email_address_is_limited_per_hour_across_events(client, event, process, settings):
    settings.EVENTS_REGISTRATION_RATE_PER_EMAIL = "2/h"
    others = [
        services.event_create(
            process=process,
            title=f"E{n}",
            kind="workshop",
            start=event.start + dt.timedelta(days=n + 1),
            end=event.end + dt.timedelta(days=n + 1),
            place_name="X",
        )
        for n in range(2)
    ]
    assert client.post(register_url(event), FORM).status_code == 302
    assert client.post(register_url(others[0]), FORM).status_code == 302
    response = client.post(register_url(others[1]), FORM)
    assert response.status_code == 429
    assert "This e-mail address has been used for many registrations" in str(response.context["form"].errors)
    # Another address from the same computer still may.
    assert client.post(register_url(others[1]), {**FORM, "email": "b@example.org"}).status_code == 302


def test_one_email_address_registers_for_one_event_at_most_three_times(client, event, settings):
    settings.EVENTS_REGISTRATIONS_PER_EMAIL_PER_EVENT = 3
    for _n in range(3):
        assert client.post(register_url(event), FORM).status_code == 302
        services.registration_cancel(registration=Registration.objects.get(status=Status.CONFIRMED))
    response = client.post(register_url(event), FORM)
    assert response.status_code == 400
    assert "has already been used for 3 registrations for this event" in str(response.context["form"].errors)


# -- no "0 companions" -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de"])
def test_nobody_reads_of_zero_companions(
    client_for, event, register, staff_a, participant, language, settings, mail_on_commit
):
    settings.LANGUAGE_CODE = language
    zero = re.compile(r"\b0\s+(companion|Begleitperson)", re.IGNORECASE)
    with translation.override(language), mail_on_commit():
        mine = register("Paula", email=participant.email, user=participant)
        register("Voll", companions=8)
        register("Wartend")
        services.events_send_reminders(now=event.start - dt.timedelta(days=1))
        services.registration_cancel(registration=mine)
    texts = [m.body for m in mail.outbox]
    assert len(texts) == 7  # confirmation ×3, reminder ×2, cancelled, moved up

    staff = client_for(staff_a)
    staff.cookies["zw_language"] = language
    texts.append(staff.get(reverse("events:attendees", kwargs={"pk": event.pk})).content.decode())
    texts.append(staff.get(reverse("events:attendees_csv", kwargs={"pk": event.pk})).content.decode("utf-8-sig"))
    texts.append(staff.get(event.get_absolute_url()).content.decode())
    for text in texts:
        assert not zero.search(text), text
