"""Keyboard use, the language switcher, and the process page without JavaScript."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot


def test_first_tab_reaches_the_skip_link_and_enter_moves_to_the_content(page, live_server, site):
    page.goto(live_server.url + site.process.get_absolute_url())
    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    assert box is not None
    assert box["x"] >= 0, "the focused skip link must be on screen"
    assert box["y"] >= 0, "the focused skip link must be on screen"
    screenshot(page, "keyboard-skip-link")

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab continues inside the content, not in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_language_switcher_switches_to_english_and_back(page, live_server, site):
    url = live_server.url + site.process.get_absolute_url()
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "de")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    expect(page).to_have_url(url)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Register")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "process-english")

    page.get_by_role("button", name="Deutsch").click()
    page.wait_for_load_state()
    expect(page).to_have_url(url)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("button", name="English")).to_be_visible()


def test_process_page_works_without_javascript(browser, browser_context_args, live_server, site):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + site.process.get_absolute_url())
        timeline = page.locator("ol.timeline > li")
        expect(timeline).to_have_count(5)
        for item in timeline.all():
            expect(item.locator(".timeline__title a")).to_be_visible()
            expect(item.locator(".state")).to_be_visible()
            expect(item.locator(".timeline__dates")).to_be_visible()
        states = [item.get_attribute("class") for item in timeline.all()]
        assert [re.search(r"timeline__item--(\w+)", s).group(1) for s in states] == [
            "finished",
            "finished",
            "running",
            "upcoming",
            "upcoming",
        ]
        running = page.locator("ol.timeline > li[aria-current=step]")
        expect(running).to_have_count(1)
        expect(running.locator(".timeline__title")).to_contain_text(site.phases[2].display_name)
        expect(page.locator("section.now")).to_be_visible()
        screenshot(page, "process-no-javascript")

        # A phase link and the language switcher are plain links and forms.
        timeline.nth(2).locator(".timeline__title a").click()
        expect(page.locator("h1")).to_contain_text(site.phases[2].display_name)
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    finally:
        context.close()
