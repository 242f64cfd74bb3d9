"""The pages, through HTTP: event page, registering, cancelling by link, the feed, staff pages."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from zukunftswerkstatt.events import services
from zukunftswerkstatt.events.models import Event, Kind, Registration, Status

pytestmark = pytest.mark.django_db

FORM = {"name": "Anna Beispiel", "email": "anna@example.org", "phone": "", "companions": "1", "website": ""}


def register_url(event) -> str:
    return reverse("events:register", kwargs={"pk": event.pk})


def test_the_event_page_lists_accessibility_and_free_seats(client, event):
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Rathaus Falkenstein" in content
    assert response.context["seats"].free == 10
    assert response.context["can_register"] is True
    for detail in ("Step-free access", "Hearing loop"):
        assert detail in content or detail in str(response.context)


def test_an_unpublished_event_does_not_exist_for_the_public(client, event):
    event.is_published = False
    event.save()
    assert client.get(event.get_absolute_url()).status_code == 404


def test_an_unpublished_event_is_visible_to_staff(client_for, event, staff_a):
    event.is_published = False
    event.save()
    assert client_for(staff_a).get(event.get_absolute_url()).status_code == 200


def test_registering_on_the_page_confirms_and_sends_the_mail(client, event, mail_on_commit):
    with mail_on_commit():
        response = client.post(register_url(event), FORM)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.name, registration.companions, registration.status) == ("Anna Beispiel", 1, "confirmed")
    assert len(mail.outbox) == 1


def test_a_logged_in_person_is_linked_to_their_registration(client_for, event, participant):
    client_for(participant).post(register_url(event), {**FORM, "email": participant.email})
    assert Registration.objects.get().user == participant


def test_the_honeypot_stops_software_and_stores_nothing(client, event):
    response = client.post(register_url(event), {**FORM, "website": "http://spam.example"})
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_without_email_or_phone_the_form_says_so(client, event):
    response = client.post(register_url(event), {**FORM, "email": "", "phone": ""})
    assert response.status_code == 400
    assert "Please give an e-mail address or a telephone number." in str(response.context["form"].errors)
    assert not Registration.objects.exists()


def test_negative_companions_are_refused(client, event):
    response = client.post(register_url(event), {**FORM, "companions": "-1"})
    assert response.status_code == 400
    assert "companions" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_a_duplicate_registration_shows_the_services_message(client, event):
    client.post(register_url(event), FORM)
    response = client.post(register_url(event), FORM)
    assert response.status_code == 400
    assert "already registered" in str(response.context["form"].errors)
    assert Registration.objects.count() == 1


def test_registering_when_closed_is_refused(client, event):
    event.registration_closes = timezone.now() - dt.timedelta(minutes=1)
    event.registration_opens = timezone.now() - dt.timedelta(days=3)
    event.save()
    response = client.post(register_url(event), FORM)
    assert response.status_code == 400
    assert "Registration for this event is not open." in str(response.context["form"].errors)
    assert not Registration.objects.exists()


def test_a_full_event_offers_the_waiting_list(client, event, register):
    register("Voll", companions=9)
    response = client.get(event.get_absolute_url())
    assert "Join the waiting list" in response.content.decode() or response.context["seats"].is_full
    client.post(register_url(event), FORM)
    assert Registration.objects.get(name="Anna Beispiel").status == Status.WAITING


def test_the_cancel_link_asks_first_and_cancels_on_post(client, event, register):
    registration = register("Anna")
    url = reverse("events:cancel", kwargs={"token": registration.cancel_token})
    response = client.get(url)
    assert response.status_code == 200
    assert Registration.objects.get().status == Status.CONFIRMED
    assert client.post(url).status_code == 302
    assert Registration.objects.get().status == Status.CANCELLED


def test_a_wrong_cancel_link_says_so(client, event):
    response = client.get(reverse("events:cancel", kwargs={"token": "nonsense"}))
    assert response.status_code == 404
    assert response.context["invalid"] is True


def test_the_calendar_feed_lists_the_published_events_of_the_process(client, event, process):
    start = event.start + dt.timedelta(days=30)
    services.event_create(
        process=process,
        title="Bürgerversammlung",
        kind=Kind.CITIZENS_MEETING,
        start=start,
        end=start + dt.timedelta(hours=2),
        place_name="Göltzschtalhalle",
    )
    services.event_create(
        process=process,
        title="Entwurf",
        kind=Kind.WORKSHOP,
        start=start,
        end=start + dt.timedelta(hours=2),
        place_name="X",
        is_published=False,
    )
    response = client.get(reverse("events:calendar", kwargs={"process_pk": process.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    entries = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(entries) == {"Zukunftswerkstatt Falkenstein", "Bürgerversammlung"}
    assert entries["Bürgerversammlung"].decoded("dtstart") == start
    assert str(entries["Bürgerversammlung"]["location"]) == "Göltzschtalhalle"


def test_the_process_page_lists_upcoming_events(client, process, event):
    response = client.get(process.get_absolute_url())
    assert response.context["events"] == [event]
    assert event.get_absolute_url() in response.content.decode()


def test_staff_see_the_attendees_and_export_them_as_csv(client_for, event, register, staff_a):
    register("Anna", companions=1, needs=services.Needs(wheelchair_place=True))
    register("=Formel")
    client = client_for(staff_a)
    assert client.get(reverse("events:attendees", kwargs={"pk": event.pk})).status_code == 200
    response = client.get(reverse("events:attendees_csv", kwargs={"pk": event.pk}))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [(r["Name"], r["E-mail"], r["Telephone"], r["Companions"], r["Seats"], r["Status"]) for r in rows] == [
        ("Anna", "anna@example.org", "", "1", "2", "confirmed"),
        ("'=Formel", "'=formel@example.org", "", "", "1", "confirmed"),
    ]
    assert rows[0]["wheelchair place"] == "yes"
    assert rows[1]["wheelchair place"] == ""


def test_a_participant_cannot_see_the_attendees(client_for, event, participant):
    client = client_for(participant)
    assert client.get(reverse("events:attendees", kwargs={"pk": event.pk})).status_code == 403
    assert client.get(reverse("events:attendees_csv", kwargs={"pk": event.pk})).status_code == 403


def test_staff_register_someone_who_phoned(client_for, event, staff_a):
    response = client_for(staff_a).post(
        reverse("events:staff_register", kwargs={"pk": event.pk}),
        {"channel": "phone", "name": "Herr Müller", "phone": "03745 1234", "companions": "0"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.channel, registration.registered_by) == ("phone", staff_a)


def test_staff_cancel_for_someone_and_the_waiting_list_moves_up(client_for, event, register, staff_a):
    anna = register("Anna", companions=9)
    register("Bernd")
    client_for(staff_a).post(reverse("events:staff_cancel", kwargs={"pk": event.pk, "registration_pk": anna.pk}))
    assert Registration.objects.get(name="Bernd").status == Status.CONFIRMED


def test_staff_add_the_documentation_shown_on_the_event_page(client_for, client, event, staff_a):
    response = client_for(staff_a).post(
        reverse("events:documentation", kwargs={"pk": event.pk}), {"minutes": "Protokoll", "results": "Drei Ideen"}
    )
    assert response.status_code == 302
    client.logout()
    assert "Drei Ideen" in client.get(event.get_absolute_url()).content.decode()


def test_the_event_page_has_a_constant_number_of_queries(client, event, register, django_assert_max_num_queries):
    for n in range(5):
        register(f"P{n}")
    client.get(event.get_absolute_url())  # warm up the session and caches
    with django_assert_max_num_queries(6):
        client.get(event.get_absolute_url())


def test_the_process_page_query_count_does_not_grow_with_events(client, process, event, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_event:
        client.get(process.get_absolute_url())
    for n in range(4):
        start = event.start + dt.timedelta(days=n + 1)
        services.event_create(
            process=process,
            title=f"E{n}",
            kind=Kind.WORKSHOP,
            start=start,
            end=start + dt.timedelta(hours=1),
            place_name="X",
            phase=event.phase,
        )
    with django_assert_num_queries(len(one_event)):
        response = client.get(process.get_absolute_url())
    assert len(response.context["events"]) == 5


def test_each_part_of_the_timeline_lists_its_events_past_and_upcoming(client, process, event):
    kickoff = process.phases.get(type="kickoff")
    past_start = kickoff.start + dt.timedelta(days=1)
    services.event_create(
        process=process,
        phase=kickoff,
        title="Auftakt im Ratssaal",
        kind=Kind.KICKOFF,
        start=past_start,
        end=past_start + dt.timedelta(hours=2),
        place_name="Rathaus Auerbach",
    )
    Event.objects.update(is_published=True)

    response = client.get(process.get_absolute_url())

    timeline = {entry.phase.type: [e.title for e in entry.events] for entry in response.context["timeline"]}
    assert timeline["kickoff"] == ["Auftakt im Ratssaal"]
    assert timeline["workshop"] == ["Zukunftswerkstatt Falkenstein"]
    # The events section below the timeline lists only what is still to come.
    assert [e.title for e in response.context["events"]] == ["Zukunftswerkstatt Falkenstein"]
    assert "took place" in response.content.decode()

    phase_page = client.get(kickoff.get_absolute_url())
    assert "Auftakt im Ratssaal" in phase_page.content.decode()
