"""The optional town and age group in the browser: on the event registration form (kept after an
error) and on the workshop join form (one form, one tap), with axe-core at 1280 and 320 px, and the
moderator's paper card form.

Selectors use names and attributes rather than words, so the test holds in German and English."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, check_page
from tests.browser.test_workshops import _one_request_at_a_time  # noqa: F401 - the board polls; see there
from zukunftswerkstatt.events import services as event_services
from zukunftswerkstatt.events.models import Kind, Registration
from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.workshops import services
from zukunftswerkstatt.workshops.models import Card, Participant


def _event(site, *, kind: str, start: dt.datetime, **fields):
    phase = next(phase for phase in site.phases if phase.type == "workshop")
    return event_services.event_create(
        process=site.process,
        phase=phase,
        title="Zukunftswerkstatt Falkenstein",
        kind=kind,
        start=start,
        end=start + dt.timedelta(hours=3),
        place_name="Rathaus Falkenstein",
        **fields,
    )


def test_registering_for_an_event_with_town_and_age_group(open_page, live_server, site, town_b):
    event = _event(site, kind=Kind.WORKSHOP, start=timezone.now() + dt.timedelta(days=14), capacity=20)
    page = open_page()
    page.goto(live_server.url + event.get_absolute_url())
    form = page.locator(f"form[action^='{reverse('events:register', kwargs={'pk': event.pk})}']")
    expect(form.locator("fieldset.participant-details legend")).to_be_visible()
    form.locator("input[name=name]").fill("Gerda Weber")
    form.locator("select[name=participant_town]").select_option(str(town_b.pk))
    form.locator("select[name=participant_age_group]").select_option("80+")
    # Without an e-mail address or a telephone number the form comes back, with everything typed.
    form.locator("button[type=submit]").last.click()
    page.wait_for_load_state()
    expect(page.locator(".form-errors")).to_be_visible()
    expect(form.locator("input[name=name]")).to_have_value("Gerda Weber")
    expect(form.locator("select[name=participant_town]")).to_have_value(str(town_b.pk))
    expect(form.locator("select[name=participant_age_group]")).to_have_value("80+")
    check_page(page, "event-registration-details-error")

    form.locator("input[name=phone]").fill("03745 000001")
    form.locator("button[type=submit]").last.click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_be_visible()
    registration = Registration.objects.get()
    assert (registration.participant_town, registration.participant_age_group) == (town_b, "80+")


def test_joining_a_workshop_with_town_and_age_group_and_a_paper_card(open_page, live_server, site, town_a, moderator):
    event = _event(site, kind=Kind.WORKSHOP, start=timezone.now() - dt.timedelta(minutes=30))
    collection = module_create(
        phase=event.phase, type="ideas", title="Ideen", settings={"open_kinds": ["criticism"]}, position=1
    )
    session = services.session_create(event=event, ideas_module=collection, title="", started_by=moderator)
    session = services.session_set_step(session=session, step="criticism")

    phone = open_page()
    phone.goto(live_server.url + reverse("workshops:join_code", kwargs={"code": session.code}))
    expect(phone.locator("input[name=code]")).to_have_value(session.code)
    check_page(phone, "workshops-join-details")
    phone.locator("select[name=participant_town]").select_option(str(town_a.pk))
    phone.locator("select[name=participant_age_group]").select_option("65-79")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    expect(phone.locator("#card-form")).to_be_visible()
    participant = Participant.objects.get()
    assert (participant.participant_town, participant.participant_age_group) == (town_a, "65-79")

    console = open_page(moderator)
    console.goto(live_server.url + reverse("workshops:console", kwargs={"pk": session.pk}))
    console.locator("#paper textarea[name=text]").fill("Sonntags fährt gar nichts.")
    console.locator("#paper select[name=participant_age_group]").select_option("80+")
    assert_accessible(console)
    console.locator("#paper button[type=submit]").click()
    console.wait_for_load_state()
    expect(console.locator("#board")).to_contain_text("Sonntags fährt gar nichts.")
    card = Card.objects.get(text="Sonntags fährt gar nichts.")
    assert (card.from_paper, card.participant_town, card.participant_age_group) == (True, None, "80+")
