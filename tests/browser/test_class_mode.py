"""Class mode in the browser: the team makes the class's link, the teacher (no account) opens a
session and runs it, a pupil joins on a 320-px phone without giving anything, writes a card, the
teacher hides an abusive one and finishes; axe-core on the team's page, the teacher's pages and the
pupil's join and card pages (at desktop width and at 320 px)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import check_page
from tests.browser.test_workshops import _one_request_at_a_time, press  # noqa: F401 - the fixture is used
from zukunftswerkstatt.ideas.models import Idea
from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.workshops.models import Card, Participant, WorkshopSession


@pytest.fixture
def collection(site):
    workshop = next(phase for phase in site.phases if phase.type == "workshop")
    return module_create(
        phase=workshop,
        type="ideas",
        title="Ideen für das Göltzschtal",
        settings={"open_kinds": ["criticism", "vision", "proposal"], "allow_guests": False},
        position=1,
    )


def test_a_class_session_from_the_teachers_link_to_marked_contributions(
    open_page, live_server, site, collection, moderator, town_b
):
    # The team makes the link.
    team = open_page(moderator)
    team.goto(live_server.url + reverse("workshops:class_invitations", kwargs={"process_pk": site.process.pk}))
    team.locator("select[name=ideas_module]").select_option(str(collection.pk))
    team.locator("input[name=group_name]").fill("Jugendclub Ellefeld")
    team.locator("input[name=kind][value=youth_club]").check()
    team.locator("select[name=town]").select_option(str(town_b.pk))
    team.locator("select[name=age_group]").select_option("16-17")
    team.locator("input[name=valid_until]").fill((timezone.localdate() + dt.timedelta(days=5)).isoformat())
    press(team, "main form.form button[type=submit]")
    link = team.locator(".ws-link").inner_text()
    assert re.search(r"/workshops/class/[\w-]+/$", link)
    check_page(team, "class-mode-team")

    # The teacher opens a session with the link, without an account.
    teacher = open_page()
    teacher.goto(live_server.url + urlsplit(link).path)
    check_page(teacher, "class-mode-teacher-home")
    press(teacher, "main form button[type=submit]")
    session = WorkshopSession.objects.get()
    expect(teacher.locator(".ws-code")).to_have_text(session.code)
    press(teacher, "button[name=step][value=criticism]")

    # A pupil on a small phone: nothing is asked but the code.
    pupil = open_page(viewport={"width": 320, "height": 640})
    pupil.goto(live_server.url + reverse("workshops:join_code", kwargs={"code": session.code}))
    expect(pupil.locator("input[name=pseudonym]")).to_have_count(0)
    expect(pupil.locator("select[name=participant_age_group]")).to_have_count(0)
    check_page(pupil, "class-mode-join")
    press(pupil, "main form button[type=submit]")
    pupil.locator("#card-form textarea[name=text]").fill("Ein Jugendraum mit WLAN.")
    press(pupil, "#card-form button[type=submit]")
    pupil.locator("#card-form textarea[name=text]").fill("Blödsinn")
    press(pupil, "#card-form button[type=submit]")
    expect(pupil.locator("#participant-live")).to_contain_text("Ein Jugendraum mit WLAN.")
    check_page(pupil, "class-mode-pupil")
    participant = Participant.objects.get()
    assert (participant.participant_town_id, participant.participant_age_group) == (town_b.pk, "16-17")

    # The teacher sees the cards arrive (polling), hides the abusive one and finishes.
    expect(teacher.locator("#class-live")).to_contain_text("Blödsinn")
    abusive = Card.objects.get(text="Blödsinn")
    press(teacher, f"#card-{abusive.pk} button[value=hide]")
    check_page(teacher, "class-mode-teacher-console")
    press(teacher, "#finish button[type=submit]")
    expect(teacher.locator("#finish a")).to_be_visible()
    idea = Idea.objects.get()
    assert idea.title == "Ein Jugendraum mit WLAN."
    assert (idea.youth_group_kind, idea.youth_group_name) == ("youth_club", "Jugendclub Ellefeld")
