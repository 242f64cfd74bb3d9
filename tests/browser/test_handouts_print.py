"""Printing a public page: navigation and controls gone, the print header with its QR code shown,
links written out (static/css/print.css, handouts/print.js)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, SHOTS
from zukunftswerkstatt.ideas import services as idea_services
from zukunftswerkstatt.processes.services import module_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_process_page_prints_without_navigation_and_with_a_qr_code(open_page, live_server, site, participant):
    module = module_create(
        phase=site.process.phases.get(type="workshop"),
        type="ideas",
        title="Ideen für Falkenstein",
        settings={"open_kinds": ["criticism", "vision", "proposal"], "allow_guests": False},
    )
    idea_services.idea_create(
        module=module,
        author=participant,
        kind="proposal",
        title="Bänke am Marktplatz",
        text="Mehr Bänke zum Ausruhen für Ältere.",
        send_confirmation=False,
    )
    page = open_page()
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + site.process.get_absolute_url())
    expect(page.locator(".print-header")).to_be_hidden()  # not on screen
    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".language-switch")).to_be_hidden()
    expect(page.locator(".site-footer nav")).to_be_hidden()
    expect(page.locator(".print-header")).to_be_visible()
    expect(page.locator(".print-header__qr svg")).to_be_visible()
    expect(page.locator(".print-header__url")).to_contain_text(site.process.get_absolute_url())

    # The idea collection on paper: links written out after their text, no filters or buttons.
    page.goto(live_server.url + reverse("ideas:list", args=[module.pk]))
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    link = page.locator(".idea-card__title a").first
    assert link.get_attribute("data-print-href").startswith(live_server.url)
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert live_server.url in after
    expect(page.locator("form.filters")).to_be_hidden()
    expect(page.locator(".handouts-links")).to_be_hidden()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "handouts-idea-list-print.png"), full_page=True)
