"""Places on maps as people use them: set a pin by click and by keyboard, see it on the contribution's
page and on the map of all contributions, and do without a map (no JavaScript).

Tiles come from the stub in conftest.py (settings.MAP_TILE_URL points at a host that never resolves).
Pictures at 1280, 390 and 320 px are kept in /tmp/shots.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import SHOTS, check_page, screenshot
from zukunftswerkstatt.core.services import target_group_ensure_defaults
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Idea, Kind
from zukunftswerkstatt.processes.services import module_create

PHONE = {"width": 390, "height": 844}


def name(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@pytest.fixture
def collection(site, settings, tmp_path, live_server):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    target_group_ensure_defaults()
    return module_create(
        phase=site.process.phases.get(type="workshop"),
        type="ideas",
        title="Ideen für unsere Städte",
        settings={"open_kinds": [Kind.CRITICISM, Kind.VISION, Kind.PROPOSAL], "allow_guests": False},
        position=1,
    )


def phone_picture(page, name: str) -> None:
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def tiles_loaded(page, selector: str) -> None:
    tiles = page.locator(f"{selector} img.leaflet-tile")
    expect(tiles.first).to_be_attached()
    assert all("tiles.test.invalid" in src for src in tiles.evaluate_all("(els) => els.map(e => e.src)"))


def test_a_pin_set_by_click_and_moved_by_keyboard_appears_on_the_idea_and_the_map(
    open_page, live_server, collection, participant
):
    page = open_page(participant)
    page.goto(live_server.url + reverse("ideas:create", args=[collection.pk]) + "?kind=proposal")
    picker = page.get_by_role("application", name=name("Karte zum Markieren|Map for marking"))
    expect(picker).to_be_visible()
    tiles_loaded(page, "#place-map")
    latitude, longitude = page.locator("input[name=latitude]"), page.locator("input[name=longitude]")
    expect(latitude).to_have_value("")

    # A click sets the pin, inside the process's area.
    picker.click(position={"x": 200, "y": 120})
    expect(page.locator("#place-map .leaflet-marker-icon")).to_have_count(1)
    expect(latitude).not_to_have_value("")
    clicked = Decimal(longitude.input_value())

    # The arrow keys move it; the status line says so for screen readers.
    picker.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowUp")
    moved = Decimal(longitude.input_value())
    assert moved > clicked
    expect(page.locator("[data-pin-status]")).to_have_text(name("verschoben|moved"))

    # Tab goes on to the zoom buttons and the attribution, then to the picker's buttons: no trap.
    stops = []
    for _ in range(6):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("() => document.activeElement.textContent.trim()"))
        if page.evaluate("() => document.activeElement.hasAttribute('data-pin-centre')"):
            break
    else:
        raise AssertionError(f"Tab does not leave the map: {stops}")

    page.get_by_role("textbox", name=name("^(Titel|Title)")).fill("Eine Bank an der Göltzsch")
    page.get_by_role("textbox", name=name("^(Ihr Beitrag|Your contribution)")).fill("Zum Ausruhen beim Spaziergang.")
    page.get_by_role("textbox", name=name("^(Ort|Place)")).fill("Göltzschufer Auerbach")
    check_page(page, "map-form")
    phone_picture(page, "map-form")
    page.locator("main form button.button--primary[type=submit]").click()

    # The confirmation page comes first; its link leads to the contribution.
    page.locator("main").get_by_role("link", name=name("Ihren Beitrag lesen|Read your contribution")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eine Bank an der Göltzsch")
    idea = Idea.objects.get(title="Eine Bank an der Göltzsch")
    assert idea.longitude == moved.quantize(Decimal("0.000001"))
    figure = page.locator("figure.place-figure")
    expect(figure).to_be_visible()
    expect(figure.get_by_role("img", name=name("Göltzschufer Auerbach"))).to_be_visible()
    tiles_loaded(page, "#place-view")
    main_text = page.locator("main").inner_text()
    assert str(idea.latitude)[:6] not in main_text
    assert str(idea.latitude)[:6].replace(".", ",") not in main_text
    check_page(page, "map-idea")
    phone_picture(page, "map-idea")

    page.get_by_role("link", name=name("Alle Beiträge auf der Karte|All contributions on the map")).click()
    overview = page.get_by_role("region", name=name("Karte der Beiträge|Map of the contributions"))
    expect(overview).to_be_visible()
    tiles_loaded(page, "#idea-map")
    marker = overview.get_by_role("button", name="Eine Bank an der Göltzsch")
    expect(marker).to_be_visible()
    marker.click()
    popup = page.locator(".leaflet-popup")
    expect(popup.get_by_role("link", name="Eine Bank an der Göltzsch")).to_be_visible()
    expect(popup).to_contain_text("Göltzschufer Auerbach")
    expect(popup.get_by_role("button", name=name("Schließen|Close"))).to_be_attached()
    places = page.get_by_role("region", name=name("Beiträge mit Ort|Contributions with a place"))
    expect(places.get_by_role("link", name="Eine Bank an der Göltzsch")).to_be_visible()


def test_the_map_page_clusters_many_pins_and_lists_places_without_a_pin(page, live_server, collection, participant):
    for number in range(12):
        services.idea_create(
            module=collection,
            author=participant,
            kind=Kind.CRITICISM,
            title=f"Gehweg zu schmal {number}",
            text="Mit dem Rollator kommt man nicht vorbei.",
            place_name=f"Hauptstraße {number}",
            latitude=Decimal("50.5100") + Decimal(number) / 10000,
            longitude=Decimal("12.4000"),
        )
    services.idea_create(
        module=collection,
        author=participant,
        kind=Kind.VISION,
        title="Ein Café <b>für alle</b>",
        text="Ein Treffpunkt.",
        place_name="Markt Ellefeld",
    )
    page.goto(live_server.url + reverse("ideas:list", args=[collection.pk]) + "?view=map")
    clusters = page.locator("#idea-map .marker-cluster")
    expect(clusters.first).to_be_visible()
    expect(clusters.first).to_have_attribute("aria-label", name(r"^\d+ (Beiträge|contributions)"))
    places = page.get_by_role("region", name=name("Beiträge mit Ort|Contributions with a place"))
    expect(places.get_by_role("listitem")).to_have_count(13)
    cafe = places.get_by_role("listitem").filter(has_text="Markt Ellefeld")
    expect(cafe.get_by_role("link")).to_have_text("Ein Café <b>für alle</b>")  # text, not HTML
    check_page(page, "map-overview")
    phone_picture(page, "map-overview")

    # Scrolling with the wheel over the map scrolls the page; the map does not zoom.
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(page.url)
    expect(clusters.first).to_be_visible()
    zoom_before = page.evaluate("() => document.querySelector('#idea-map .leaflet-proxy').style.transform")
    page.locator("#idea-map").hover()
    page.mouse.wheel(0, 400)
    page.wait_for_function("() => window.scrollY > 0")
    assert page.evaluate("() => document.querySelector('#idea-map .leaflet-proxy').style.transform") == zoom_before


def test_without_javascript_the_place_is_given_in_words(open_page, live_server, collection, participant):
    page = open_page(participant, java_script_enabled=False)
    page.goto(live_server.url + reverse("ideas:create", args=[collection.pk]) + "?kind=proposal")
    expect(page.get_by_role("textbox", name=name("^(Ort|Place)"))).to_be_visible()
    expect(page.locator("[data-place-picker]")).to_be_hidden()
    expect(page.get_by_role("spinbutton")).to_have_count(0)  # no number fields for coordinates
    expect(page.get_by_role("button", name=name("Pin entfernen|Remove the pin"))).to_be_hidden()
    page.get_by_role("textbox", name=name("^(Titel|Title)")).fill("Licht im Tunnel")
    page.get_by_role("textbox", name=name("^(Ihr Beitrag|Your contribution)")).fill("Es ist dunkel.")
    page.get_by_role("textbox", name=name("^(Ort|Place)")).fill("Bahnhofstunnel Rodewisch")
    page.locator("main form button.button--primary[type=submit]").click()
    # The confirmation page comes first; its link leads to the contribution.
    page.locator("main").get_by_role("link", name=name("Ihren Beitrag lesen|Read your contribution")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Licht im Tunnel")
    idea = Idea.objects.get(title="Licht im Tunnel")
    assert (idea.place_name, idea.latitude) == ("Bahnhofstunnel Rodewisch", None)

    page.goto(live_server.url + reverse("ideas:list", args=[collection.pk]) + "?view=map")
    expect(page.locator("#idea-map")).to_be_hidden()
    expect(page.get_by_role("link", name="Licht im Tunnel")).to_be_visible()
    screenshot(page, "map-overview-nojs")
    assert SHOTS.exists()


def test_a_pin_outside_the_area_is_refused_and_stays_to_be_moved(open_page, live_server, collection, participant):
    page = open_page(participant)
    page.goto(live_server.url + reverse("ideas:create", args=[collection.pk]) + "?kind=criticism")
    page.get_by_role("textbox", name=name("^(Titel|Title)")).fill("Zu weit weg")
    page.get_by_role("textbox", name=name("^(Ihr Beitrag|Your contribution)")).fill("Ein Ort in Berlin.")
    # As if the map had been dragged far away: the hidden fields carry a pin in Berlin.
    page.evaluate(
        """() => {
            document.querySelector("input[name=latitude]").value = "52.520000";
            document.querySelector("input[name=longitude]").value = "13.405000";
        }"""
    )
    page.locator("main form button.button--primary[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text(name("außerhalb des Gebiets|outside the area"))
    expect(page.locator("#place-pin-errors")).to_be_visible()
    expect(page.get_by_role("textbox", name=name("^(Titel|Title)"))).to_have_value("Zu weit weg")
    expect(page.locator("#place-map .leaflet-marker-icon")).to_have_count(1)  # the pin came back
    expect(page.locator("input[name=latitude]")).to_have_value("52.520000")
    check_page(page, "map-form-error")
    # The map opens on the process's area, so "middle of the map" puts the pin right.
    page.get_by_role("button", name=name("Mitte der Karte|middle of the map")).click()
    assert 50.3 < float(page.locator("input[name=latitude]").input_value()) < 50.7
    page.get_by_role("button", name=name("Markierung entfernen|Remove the pin")).click()
    expect(page.locator("input[name=latitude]")).to_have_value("")
    expect(page.locator("[data-pin-status]")).to_have_text(name("entfernt|removed"))
    page.locator("main form button.button--primary[type=submit]").click()
    # The confirmation page comes first; its link leads to the contribution.
    page.locator("main").get_by_role("link", name=name("Ihren Beitrag lesen|Read your contribution")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zu weit weg")
    assert Idea.objects.get(title="Zu weit weg").latitude is None
