"""The organisation's logo and colour, a phase's picture and the share buttons in a real browser (issue 15)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import check_page
from zukunftswerkstatt.core.services import organisation_set_appearance
from zukunftswerkstatt.processes.services import phase_set_picture

pytestmark = pytest.mark.django_db(transaction=True)


def png(size, colour) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return SimpleUploadedFile("bild.png", buffer.getvalue(), content_type="image/png")


def test_a_branded_phase_page_with_picture_and_share_buttons(site, open_page, live_server):
    organisation_set_appearance(organisation=site.organisation, logo=png((400, 160), "#9a3412"), brand_colour="#9a3412")
    phase = site.process.phases.get(type="workshop")
    phase_set_picture(phase=phase, image=png((1200, 600), "#0d9488"), image_alt="Bunte Karten an einer Wand")
    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + phase.get_absolute_url())

    # The colour applies through main.css's custom properties; the header takes the darker shade.
    link = page.locator("main .breadcrumbs a").first
    assert link.evaluate("a => getComputedStyle(a).color") == "rgb(154, 52, 18)"
    header = page.locator(".site-header").evaluate("h => getComputedStyle(h).backgroundColor")
    assert header == "rgb(108, 36, 13)"
    logo = page.locator(".site-brand__logo")
    page.wait_for_function("() => document.querySelector('.site-brand__logo').complete")
    assert logo.evaluate("img => img.naturalWidth > 0")
    assert logo.bounding_box()["height"] <= 48
    picture = page.get_by_role("img", name="Bunte Karten an einer Wand")
    assert picture.evaluate("img => img.complete && img.naturalWidth") == 1200

    # "Copy link" appears with JavaScript and the clipboard, and says what it did.
    copy = page.locator("[data-share-copy]")
    copy.click()
    # The status is written when the clipboard's promise settles: wait for it, do not race it.
    expect(page.locator("[data-share-status]")).not_to_have_text("")
    assert page.evaluate("() => navigator.clipboard.readText()").endswith(phase.get_absolute_url())
    check_page(page, "appearance-phase")


def test_without_javascript_the_share_buttons_stay_hidden(site, open_page, live_server):
    page = open_page(java_script_enabled=False)
    page.goto(live_server.url + site.process.get_absolute_url())
    assert page.get_by_role("link", name="WhatsApp").is_visible()
    assert not page.locator("[data-share-copy]").is_visible()
    assert not page.locator("[data-share-native]").is_visible()
