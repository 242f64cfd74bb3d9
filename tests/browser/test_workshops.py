"""The live workshop board in the browser: a moderator and two participants in separate browser
contexts, plus the projector. Open a session from the event page, join by code, cards in two steps,
a paper card, clusters by drag and drop and with the keyboard alternative, dot voting with the limit,
the result on the projector, the transfer into the idea collection; axe-core on the participant,
projector and record pages.

Selectors use names and attributes rather than words, so the test holds in German and English."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, check_page, screenshot
from zukunftswerkstatt.events import services as event_services
from zukunftswerkstatt.events.models import Kind
from zukunftswerkstatt.ideas.models import Channel, Idea
from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.workshops.models import Card, Cluster, Dot, WorkshopSession


@pytest.fixture(autouse=True)
def _one_request_at_a_time(live_server):
    """With SQLite in memory, the live server's threads share one database connection; the pages
    here poll every few seconds, so requests would overlap on it ("database table is locked").
    A real server has a connection per thread (benchmarks/workshops.py runs one); here we serve
    one request at a time. Live push streams (/live/, test_live_push.py) touch no database and stay
    open, so they are served beside the rest."""
    if connection.vendor != "sqlite":
        yield
        return
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    lock = threading.Lock()

    def serial(environ, start_response):
        if environ["PATH_INFO"].startswith("/live/"):
            return app(environ, start_response)
        with lock:
            return list(app(environ, start_response))

    httpd.set_app(serial)
    yield
    httpd.set_app(app)


@pytest.fixture
def evening(site):
    """A published workshop evening that started half an hour ago, and the idea collection."""
    workshop = next(phase for phase in site.phases if phase.type == "workshop")
    collection = module_create(
        phase=workshop,
        type="ideas",
        title="Ideen für das Göltzschtal",
        settings={"open_kinds": ["criticism", "vision", "proposal"], "allow_guests": False},
        position=1,
    )
    start = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=30)
    event = event_services.event_create(
        process=site.process,
        phase=workshop,
        title="Zukunftswerkstatt Falkenstein",
        kind=Kind.WORKSHOP,
        start=start,
        end=start + dt.timedelta(hours=3),
        place_name="Rathaus Falkenstein",
    )
    return event, collection


def press(page, selector: str, *, force: bool = False) -> None:
    page.locator(selector).first.click(force=force)
    page.wait_for_load_state()


def join(page, live_server, code: str) -> None:
    page.goto(live_server.url + reverse("workshops:join"))
    page.locator("input[name=code]").fill(code.lower())
    press(page, "main form button[type=submit]")
    expect(page.locator("#card-form")).to_be_visible()


def add_card(page, text: str) -> None:
    page.locator("#card-form textarea[name=text]").fill(text)
    press(page, "#card-form button[type=submit]")
    expect(page.locator("#participant-live")).to_contain_text(text)


def test_a_workshop_evening_from_cards_to_contributions(open_page, live_server, evening, moderator):
    event, collection = evening

    # The moderator opens a session from the event page.
    console = open_page(moderator)
    console.goto(live_server.url + event.get_absolute_url())
    press(console, f"a[href='{reverse('workshops:start', kwargs={'event_pk': event.pk})}']")
    console.locator("select[name=ideas_module]").select_option(str(collection.pk))
    press(console, "main form button[type=submit]")
    session = WorkshopSession.objects.get()
    expect(console.locator(".ws-code")).to_have_text(session.code)
    expect(console.locator(".ws-qr svg")).to_be_visible()

    # The projector: opened from the console's link, no login.
    projector = open_page()
    projector.goto(live_server.url + reverse("workshops:projector", kwargs={"key": session.projector_key}))
    expect(projector.locator(".ws-wall__code")).to_have_text(session.code)
    check_page(projector, "workshops-projector-waiting")

    # Two people join with the code from the wall, without an account.
    anna, ben = open_page(), open_page()
    join(anna, live_server, session.code)
    join(ben, live_server, session.code)
    check_page(anna, "workshops-participant-waiting")

    # Step 1: criticism. The phones learn of it by polling, without a reload.
    press(console, "button[name=step][value=criticism]")
    expect(anna.locator("#card-step input[name=step]")).to_have_value("criticism")
    expect(ben.locator("#card-step input[name=step]")).to_have_value("criticism")
    add_card(anna, "Abends fährt kein Bus nach Rodewisch.")
    add_card(ben, "Kein Treffpunkt für Jugendliche.")
    expect(projector.locator("#wall")).to_contain_text("Abends fährt kein Bus nach Rodewisch.")
    expect(projector.locator("#wall")).to_contain_text("Kein Treffpunkt für Jugendliche.")

    # Step 2: vision. Anna's phone still shows her criticism card.
    press(console, "button[name=step][value=vision]")
    expect(ben.locator("#card-step input[name=step]")).to_have_value("vision")
    add_card(ben, "Ein Bürgerbus für alle vier Städte.")
    expect(anna.locator("#participant-live")).to_contain_text("Abends fährt kein Bus nach Rodewisch.")

    # A paper card from someone without a phone.
    console.locator("#paper textarea[name=text]").fill("Sonntags fährt gar nichts.")
    console.locator("#paper select[name=step]").select_option("criticism")
    press(console, "#paper button[type=submit]")
    assert Card.objects.get(text="Sonntags fährt gar nichts.").from_paper

    # Clusters: one made by name, a card moved with the keyboard alternative, another dragged.
    console.locator("#new-cluster input[name=title]").fill("Nahverkehr")
    press(console, "#new-cluster button[type=submit]")
    cluster = Cluster.objects.get()
    bus = Card.objects.get(text__startswith="Abends")
    console.locator(f"#move-{bus.pk}").focus()
    console.keyboard.press("End")  # the last option: the new cluster
    console.locator(f"#move-{bus.pk}").select_option(str(cluster.pk))
    console.locator(f"[data-move-form='{bus.pk}'] button").press("Enter")
    console.wait_for_load_state()
    expect(console.locator(f"#cluster-{cluster.pk} #card-{bus.pk}")).to_be_visible()
    citizens_bus = Card.objects.get(text__startswith="Ein Bürgerbus")
    # Drag and drop, as the browser's drag events (Playwright's mouse drag is unreliable with several
    # browser contexts open at once).
    transfer = console.evaluate_handle("() => new DataTransfer()")
    console.locator(f"#card-{citizens_bus.pk}").dispatch_event("dragstart", {"dataTransfer": transfer})
    target = console.locator(f"#cluster-{cluster.pk}")
    target.dispatch_event("dragover", {"dataTransfer": transfer})
    target.dispatch_event("drop", {"dataTransfer": transfer})
    expect(console.locator(f"#cluster-{cluster.pk} #card-{citizens_bus.pk}")).to_be_visible()
    assert set(cluster.cards.values_list("pk", flat=True)) == {bus.pk, citizens_bus.pk}
    screenshot(console, "workshops-console")

    # Dot voting: one dot each, no stacking.
    console.locator("#vote-settings input[name=dots_per_participant]").fill("1")
    press(console, "#vote-settings button[value=configure]")
    press(console, "#vote-settings button[value=open]")
    expect(anna.locator("#vote")).to_be_visible()
    press(anna, f"#vote form:has(input[value='cluster-{cluster.pk}']) button[value=add]")
    youth = Card.objects.get(text__startswith="Kein Treffpunkt")
    # The button says it is not available (aria-disabled); pressed anyway, the server explains why.
    press(anna, f"#vote form:has(input[value='card-{youth.pk}']) button[value=add]", force=True)
    expect(anna.locator(".message--error")).to_be_visible()  # all dots used
    press(ben, f"#vote form:has(input[value='cluster-{cluster.pk}']) button[value=add]")
    check_page(ben, "workshops-participant-voting")
    assert Dot.objects.count() == 2
    # Two sticky dots from the wall for the youth card.
    console.locator(f"#paper-card-{youth.pk}").fill("2")
    press(console, f"form:has(#paper-card-{youth.pk}) button[type=submit]")
    press(console, "#vote-settings button[value=closed]")

    # The result on the projector.
    press(console, "#reveal button[value=reveal]")
    table = projector.locator(".ws-wall__table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr").first).to_contain_text("Nahverkehr")
    check_page(projector, "workshops-projector-result")

    # The end: finished, transferred (twice: nothing doubles), then in the idea collection.
    console.locator("#jump-step").select_option("finished")
    press(console, "form:has(#jump-step) button[type=submit]")
    press(console, "#transfer button[type=submit]")
    press(console, "#transfer button[type=submit]")
    ideas = Idea.objects.filter(module=collection)
    assert ideas.count() == 3  # the cluster, the youth card, the paper card
    assert set(ideas.values_list("channel", flat=True)) == {Channel.WORKSHOP}

    visitor = open_page()
    visitor.goto(live_server.url + reverse("ideas:list", kwargs={"module_pk": collection.pk}))
    expect(visitor.locator("main")).to_contain_text("Nahverkehr")
    expect(visitor.locator("main")).to_contain_text("Kein Treffpunkt für Jugendliche.")
    visitor.goto(live_server.url + Idea.objects.get(title="Nahverkehr").get_absolute_url())
    expect(visitor.locator(".ws-origin")).to_contain_text("Zukunftswerkstatt Falkenstein")

    # The record, linked from the event page.
    visitor.goto(live_server.url + event.get_absolute_url())
    press(visitor, f"a[href='{reverse('workshops:record', kwargs={'pk': session.pk})}']")
    expect(visitor.locator("main")).to_contain_text("Nahverkehr")
    check_page(visitor, "workshops-record")

    # The phones: the session has ended.
    anna.goto(live_server.url + reverse("workshops:participant", kwargs={"pk": session.pk}))
    assert_accessible(anna)


def test_a_participant_without_javascript_joins_adds_a_card_and_votes(open_page, live_server, evening, moderator):
    from zukunftswerkstatt.workshops import services

    event, collection = evening
    session = services.session_create(event=event, ideas_module=collection, title="", started_by=moderator)
    services.session_set_step(session=session, step="criticism")
    phone = open_page(java_script_enabled=False)
    join(phone, live_server, session.code)
    add_card(phone, "Mehr Bänke am Markt.")
    services.vote_set_state(session=session, state="open")
    phone.goto(live_server.url + reverse("workshops:participant", kwargs={"pk": session.pk}))
    card = Card.objects.get()
    press(phone, f"#vote form:has(input[value='card-{card.pk}']) button[value=add]")
    card.refresh_from_db()
    assert card.dot_count == 1
    screenshot(phone, "workshops-participant-nojs")  # axe needs JavaScript; the pages are checked above


def test_the_console_waits_with_news_while_the_moderator_types_in_one_of_its_forms(
    open_page, live_server, evening, moderator
):
    """The board asks for news every 3 s and replaces itself; while a form in it has the focus it
    waits (static/workshops/live.js; htmx's trigger filters would need eval, which the CSP forbids)."""
    from zukunftswerkstatt.workshops import services

    event, collection = evening
    session = services.session_create(event=event, ideas_module=collection, title="", started_by=moderator)
    services.session_set_step(session=session, step="criticism")
    cluster = services.cluster_create(session=session, title="Verkehr")
    console = open_page(moderator)
    polls = []
    live_path = reverse("workshops:console_live", kwargs={"pk": session.pk})
    console.on("request", lambda request: polls.append(request.url) if live_path in request.url else None)
    console.goto(live_server.url + reverse("workshops:console", kwargs={"pk": session.pk}))
    with console.expect_request(lambda request: live_path in request.url, timeout=8_000):
        pass  # polling runs

    console.locator(f"#console-live details:has(#rename-{cluster.pk}) summary").click()
    console.locator(f"#rename-{cluster.pk}").fill("Verkehr und Wege")
    asked = len(polls)
    console.wait_for_timeout(7_000)
    assert len(polls) == asked, "the board asked for news while the moderator typed"
    expect(console.locator(f"#rename-{cluster.pk}")).to_have_value("Verkehr und Wege")

    console.locator(f"#rename-{cluster.pk}").blur()
    with console.expect_request(lambda request: live_path in request.url, timeout=8_000):
        pass  # and goes on once the field is left
