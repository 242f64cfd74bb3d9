"""Registering for the kick-off in the browser: confirmation e-mail with the .ics file, the cancel
link, the waiting list of a full event, and axe-core on the event pages at 1280 and 320 px."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.conftest import check_page, link_from_mail
from zukunftswerkstatt.events import services
from zukunftswerkstatt.events.models import Kind, Registration, Status

CANCEL_LINK = r"https?://\S+/events/cancel/\S+/"


@pytest.fixture
def kickoff(site, live_server, settings):
    """The published kick-off of the demo process in two weeks, 10 seats, with access details."""
    settings.SITE_URL = live_server.url  # the links in the e-mails lead to the live server
    start = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=14)
    return services.event_create(
        process=site.process,
        phase=site.phases[0],
        title="Auftaktveranstaltung Attraktiv im Wandel",
        kind=Kind.KICKOFF,
        description="Wir stellen den Prozess vor und sammeln erste Ideen. **Alle** sind willkommen.",
        start=start,
        end=start + dt.timedelta(hours=2, minutes=30),
        place_name="Göltzschtalhalle Auerbach",
        address="Friedrich-Naumann-Straße 1\n08209 Auerbach/Vogtl.",
        room="Großer Saal",
        step_free_access=True,
        hearing_loop=True,
        sign_language_on_request=True,
        accessibility_notes="Der Aufzug ist am Hintereingang.",
        capacity=10,
    )


def in_english(page, live_server) -> None:
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def registration_form(page):
    return page.locator(f"form[action^='{reverse('events:register', kwargs={'pk': page.event_pk})}']")


def fill_registration(page, *, name: str, email: str, companions: int = 0, submit: bool = True) -> None:
    form = registration_form(page)
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=companions]").fill(str(companions))
    form.locator("input[name=needs_wheelchair_place]").check()
    form.locator("input[name=needs_consent]").check()
    if submit:
        form.locator("button[type=submit]").last.click()
        page.wait_for_load_state()


def test_a_person_registers_for_the_kickoff_gets_the_calendar_file_and_cancels(open_page, live_server, kickoff):
    page = open_page()
    page.event_pk = kickoff.pk
    page.goto(live_server.url + kickoff.get_absolute_url())
    check_page(page, "event-detail")

    fill_registration(page, name="Anna Beispiel", email="anna@example.org", companions=1)

    expect(page.locator(".messages")).to_be_visible()
    registration = Registration.objects.get()
    assert (registration.name, registration.companions, registration.status) == ("Anna Beispiel", 1, "confirmed")
    assert registration.needs_wheelchair_place
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    (filename, content, mimetype) = message.attachments[0]
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    entry = next(iter(Calendar.from_ical(content).walk("VEVENT")))
    assert str(entry["summary"]) == kickoff.title
    assert entry.decoded("dtstart") == kickoff.start

    page.goto(link_from_mail(message, CANCEL_LINK))
    expect(page.locator("h1")).to_be_visible()
    check_page(page, "event-cancel")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.url.endswith(kickoff.get_absolute_url())
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_a_full_event_offers_the_waiting_list(open_page, live_server, kickoff):
    services.registration_create(event=kickoff, name="Große Gruppe", email="gruppe@example.org", companions=9)
    page = open_page()
    in_english(page, live_server)
    page.event_pk = kickoff.pk
    page.goto(live_server.url + kickoff.get_absolute_url())

    expect(page.get_by_text("All seats are taken.")).to_be_visible()
    expect(page.get_by_role("button", name="Join the waiting list")).to_be_visible()
    check_page(page, "event-detail-full")

    fill_registration(page, name="Bernd Warte", email="bernd@example.org")

    expect(page.locator(".messages").get_by_text("You are number 1 on the waiting list")).to_be_visible()
    waiting = Registration.objects.get(name="Bernd Warte")
    assert (waiting.status, waiting.waiting_position) == (Status.WAITING, 1)
    assert "1" in mail.outbox[-1].body
    assert not mail.outbox[-1].attachments  # no calendar entry without a seat


def test_the_staff_pages_of_an_event_are_accessible(open_page, live_server, kickoff, staff_a):
    services.registration_create(
        event=kickoff,
        name="Anna Beispiel",
        email="anna@example.org",
        companions=2,
        needs=services.Needs(wheelchair_place=True, other="Bitte einen Platz nah an der Tür"),
        needs_consent=True,
    )
    services.staff_registration_create(
        event=kickoff, registered_by=staff_a, name="Herr Müller", channel="phone", phone="03744 123456"
    )
    page = open_page(staff_a)

    page.goto(live_server.url + kickoff.get_absolute_url())
    expect(page.locator(f"a[href='{reverse('events:sign_in_sheet', kwargs={'pk': kickoff.pk})}']")).to_be_visible()
    check_page(page, "event-detail-staff")

    page.goto(live_server.url + reverse("events:attendees", kwargs={"pk": kickoff.pk}))
    expect(page.locator("table")).to_contain_text("Herr Müller")
    check_page(page, "event-attendees")

    page.goto(live_server.url + reverse("events:staff_register", kwargs={"pk": kickoff.pk}))
    check_page(page, "event-staff-register")
    page.locator("input[name=channel][value=in_person]").check()
    page.locator("input[name=name]").fill("Frau Schulze")
    page.locator("input[name=phone]").fill("03744 654321")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert Registration.objects.get(name="Frau Schulze").channel == "in_person"


def test_a_group_larger_than_the_free_seats_chooses_the_waiting_list_and_page_and_mail_agree(
    open_page, live_server, kickoff
):
    services.registration_create(event=kickoff, name="Frühe Gruppe", email="frueh@example.org", companions=6)
    page = open_page()
    in_english(page, live_server)
    page.event_pk = kickoff.pk
    page.goto(live_server.url + kickoff.get_absolute_url())
    expect(page.get_by_text("3 of 10 seats are free.")).to_be_visible()
    page.get_by_role("link", name="Add to my calendar (.ics file)").wait_for()

    fill_registration(page, name="Familie Berger", email="berger@example.org", companions=4)

    choice = page.locator("#seat-choice")
    expect(choice).to_contain_text("Only 3 seats are free, but you are 5 people.")
    expect(page.locator("input[name=name]")).to_have_value("Familie Berger")  # what was typed stays
    check_page(page, "event-detail-seat-choice")
    assert not Registration.objects.filter(name="Familie Berger").exists()
    choice.get_by_role("button", name="Join the waiting list for all 5 of us").click()
    page.wait_for_load_state()

    label = page.locator(".messages .message__label").inner_text()
    shown = " ".join(page.locator(".messages .message").inner_text().removeprefix(label).split())
    assert shown.startswith("There are not enough free seats for you at the moment. You are number 1")
    registration = Registration.objects.get(name="Familie Berger")
    assert (registration.status, registration.companions) == (Status.WAITING, 4)
    message = mail.outbox[-1]
    assert message.to == ["berger@example.org"]
    assert shown.removesuffix(" We have sent you this by e-mail, too.") in " ".join(message.body.split())
    expect(page.get_by_text("Seats that become free go to the waiting list first")).to_be_visible()
    check_page(page, "event-detail-after-choice")
