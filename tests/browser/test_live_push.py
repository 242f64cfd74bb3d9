"""Live push in the browser (docs/live.md): the wall and a phone hear of a new card through their
server-sent-events stream and show it at once, although their timed polls are held back while the
stream is open; a phone that lost its connection catches up by itself when it is back.

The test server is the threaded WSGI live server with LIVE_PUSH_WSGI on (in production the streams
go to the ASGI server); the nudges travel through the Redis on 127.0.0.1:6379."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_workshops import _one_request_at_a_time, evening, join  # noqa: F401 - fixtures, the way in
from tests.core.test_live import redis_url  # noqa: F401 - the fixture
from tests.workshops.factories import card
from zukunftswerkstatt.workshops import services
from zukunftswerkstatt.workshops.models import Card


@pytest.fixture(autouse=True)
def _push_on_the_test_server(_one_request_at_a_time, redis_url, settings):  # noqa: F811
    """Streams on the threaded test server (beside the other requests, which SQLite in memory
    needs served one at a time: test_workshops.py)."""
    settings.LIVE_PUSH_WSGI = True
    settings.LIVE_PUSH_WSGI_SECONDS = 60


@pytest.fixture
def running(evening, moderator):  # noqa: F811
    event, collection = evening
    session = services.session_create(event=event, ideas_module=collection, title="", started_by=moderator)
    return services.session_set_step(session=session, step="criticism")


def arrives_within(locator, text: str, seconds: float) -> float:
    started = time.monotonic()
    expect(locator).to_contain_text(text, timeout=seconds * 1000)
    return time.monotonic() - started


def test_a_card_reaches_the_wall_and_a_step_the_phones_at_once(open_page, live_server, running):
    wall = open_page()
    wall.goto(live_server.url + reverse("workshops:projector", kwargs={"key": running.projector_key}))
    phone = open_page()
    join(phone, live_server, running.code)
    # Both streams are open once the pages have fetched on "ready" (the safety polls wait 30 s).
    wall.wait_for_function("document.querySelector('template[data-live-push]') !== null")
    time.sleep(1.5)

    card(running, "Der Bus fährt nur zweimal am Tag.")
    # Under a second and a half although no timed poll is due: the nudge made the wall fetch.
    assert arrives_within(wall.locator("#wall"), "Der Bus fährt nur zweimal am Tag.", 1.5) < 1.5
    # The moderation moves on: the phone hears of it at once too.
    services.session_set_step(session=running, step="vision")
    started = time.monotonic()
    expect(phone.locator("#card-step input[name=step]")).to_have_value("vision", timeout=1500)
    assert time.monotonic() - started < 1.5

    # The wall loses its connection; cards come meanwhile; it catches up by itself when it is back.
    wall.context.set_offline(True)
    card(running, "Kein Arzt in Ellefeld.")
    card(running, "Der Jugendclub hat zu.")
    time.sleep(3)
    expect(wall.locator("#wall")).not_to_contain_text("Kein Arzt in Ellefeld.")
    wall.context.set_offline(False)
    expect(wall.locator("#wall")).to_contain_text("Kein Arzt in Ellefeld.", timeout=8000)
    expect(wall.locator("#wall")).to_contain_text("Der Jugendclub hat zu.")
    # And push works again after the reconnection.
    time.sleep(1.5)
    card(running, "Die Bibliothek schließt um 16 Uhr.")
    assert arrives_within(wall.locator("#wall"), "Die Bibliothek schließt um 16 Uhr.", 1.5) < 1.5
    assert Card.objects.filter(session=running).count() == 4


def test_without_push_the_pages_poll_as_before(open_page, live_server, running, settings):
    settings.LIVE_REDIS_URL = ""
    wall = open_page()
    wall.goto(live_server.url + reverse("workshops:projector", kwargs={"key": running.projector_key}))
    assert wall.locator("template[data-live-push]").count() == 0
    card(running, "Zu wenige Bänke am Markt.")
    # Within the poll interval of 2 s (and some slack for a busy test machine).
    expect(wall.locator("#wall")).to_contain_text("Zu wenige Bänke am Markt.", timeout=6000)
