"""Leichte Sprache: from any page to the explanation of the process in five steps, and the
readability hints while staff write (static/easyread/hints.js)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, check_page, screenshot
from tests.factories import ModuleFactory
from zukunftswerkstatt.easyread import demo, services


@pytest.fixture
def easyread_site(site):
    for position, (kind, (title, body)) in enumerate(demo.PAGES.items()):
        services.easyread_page_save(
            organisation=site.organisation, kind=kind, title=title, body=body, is_published=True, position=position
        )
    workshop = site.process.phases.get(type="workshop")
    services.phase_sentence_save(phase=workshop, text=demo.SENTENCES["workshop"])
    site.ideas = ModuleFactory(phase=workshop, type="ideas", title="Ideen für das Göltzschtal")
    return site


def test_from_the_idea_list_to_the_process_in_five_steps(page, live_server, easyread_site):
    page.context.add_cookies([{"name": "zw_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + reverse("ideas:list", kwargs={"module_pk": easyread_site.ideas.pk}))

    page.get_by_role("link", name="Leichte Sprache").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leichte Sprache")
    check_page(page, "easyread-index")

    page.get_by_role("link", name="Die Zukunfts·werkstatt in 5 Schritten").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Die Zukunfts·werkstatt in 5 Schritten")
    expect(page.get_by_role("heading", name="Schritt 3: Ideen sammeln")).to_be_visible()
    expect(page.locator("article.easyread-page")).to_have_attribute("lang", "de")
    # Large type for Leichte Sprache: at least 1.25rem (20 px).
    size = page.locator(".easyread .prose p").first.evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert size >= 20
    check_page(page, "easyread-steps")

    page.get_by_role("link", name="Take part now").click()
    expect(page.get_by_text("Jetzt sammeln wir Ideen.")).to_be_visible()
    check_page(page, "easyread-now")
    page.get_by_role("link", name="Back to the normal pages").click()
    expect(page).to_have_url(re.compile(re.escape(easyread_site.organisation.get_absolute_url()) + "$"))


def test_staff_see_readability_hints_while_they_write(open_page, live_server, easyread_site, moderator):
    page = open_page(moderator)
    page.context.add_cookies([{"name": "zw_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + reverse("easyread:page_edit", args=[easyread_site.organisation.slug, "steps"]))
    hints = page.locator("#id_body-readability")
    expect(hints).to_have_attribute("aria-live", "polite")
    expect(hints).to_contain_text("No long sentences, long words or abbreviations found.")

    page.locator("#id_body").fill("Die Bürgerbeteiligung ist z. B. für die SWOT-Analyse wichtig.")

    expect(hints).to_contain_text("zum Beispiel")
    expect(hints).to_contain_text("Bürger·beteiligung")
    expect(hints).to_contain_text("SWOT")
    screenshot(page, "easyread-editor-hints")
    assert_accessible(page)
    # A hint, never a block: the text is saved as written.
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Die Zukunfts·werkstatt in 5 Schritten")
    expect(page.get_by_text("z. B.")).to_be_visible()
