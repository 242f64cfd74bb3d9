"""Issue 15: the simple view of citizen forms (one question a screen) and read-aloud (docs/accessibility.md)."""
# ruff: noqa: F811 (the fixtures collection and kickoff come from test_ideas and test_events)

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import NARROW, assert_accessible, assert_no_horizontal_scrolling, log_in_as, screenshot
from tests.browser.test_events import kickoff  # noqa: F401 (fixture)
from tests.browser.test_ideas import add_idea, collection  # noqa: F401 (fixture)
from tests.factories import UserFactory
from zukunftswerkstatt.ideas.models import Idea

STUB_SPEECH = """(() => {
    window.__spoken = [];
    window.SpeechSynthesisUtterance = function (text) { this.text = text; };
    Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
        speak: u => window.__spoken.push(u.text), cancel: () => {}, getVoices: () => [],
    }});
})();"""
NO_SPEECH = "delete window.speechSynthesis; delete window.SpeechSynthesis;"


def english(page, live_server) -> None:
    page.context.add_cookies([{"name": "zw_language", "value": "en", "url": live_server.url}])


def open_form(page, live_server, module, user) -> None:
    log_in_as(page.context, live_server, user)
    english(page, live_server)
    page.goto(live_server.url + reverse("ideas:create", args=[module.pk]))


def test_idea_form_step_by_step_with_the_keyboard(page, live_server, collection, participant):
    page.add_init_script(STUB_SPEECH)
    open_form(page, live_server, collection, participant)
    form = page.locator("main form[data-simple-mode]")
    switch = form.get_by_role("button", name="Simple view")
    switch.focus()
    page.keyboard.press("Enter")
    expect(form.get_by_role("button", name="Back to the full form")).to_have_attribute("aria-pressed", "true")
    progress = form.get_by_role("status").filter(has_text="Question")
    expect(progress).to_have_text(re.compile(r"^Question 1 of \d+$"))
    heading = form.locator(".simple-mode__heading")
    expect(heading).to_be_focused()

    # Next refuses the empty required choice.
    next_button = form.get_by_role("button", name="Next")
    next_button.focus()
    page.keyboard.press("Enter")
    expect(progress).to_have_text(re.compile(r"^Question 1 of"))

    # Read aloud speaks the label and the choices.
    form.get_by_role("button", name="Read aloud").click()
    spoken = page.evaluate("window.__spoken")
    assert spoken
    assert "Vision" in spoken[-1]

    page.get_by_role("radio", name=re.compile("Vision")).check()
    next_button.click()
    expect(progress).to_have_text(re.compile(r"^Question 2 of"))
    expect(heading).to_be_focused()
    page.keyboard.press("Tab")  # the read-aloud buttons, then the field
    textbox = page.get_by_role("textbox", name=re.compile("^Title"))
    textbox.fill("Schatten am Markt")
    next_button.click()
    page.get_by_role("textbox", name=re.compile("^Your contribution")).fill("Bäume und Bänke am Marktplatz.")
    next_button.click()
    page.get_by_role("combobox", name=re.compile("Which town")).select_option(label="Ellefeld")
    for _ in range(8):
        if form.locator(".simple-mode__summary").is_visible():
            break
        next_button.click()
    summary = form.locator(".simple-mode__summary")
    expect(summary).to_contain_text("Schatten am Markt")
    expect(summary).to_contain_text("Ellefeld")
    page.set_viewport_size(NARROW)
    screenshot(page, "simple-mode-summary-320")
    assert_no_horizontal_scrolling(page)
    assert_accessible(page)
    form.get_by_role("button", name=re.compile("^Publish$")).click()
    expect(page.locator("#reference")).to_have_text(Idea.objects.get(title="Schatten am Markt").reference)


def test_the_choice_is_remembered_and_a_server_error_opens_the_first_wrong_step(
    page,
    live_server,
    collection,
    participant,
):
    open_form(page, live_server, collection, participant)
    page.evaluate("localStorage.setItem('zw-simple-view', '1')")
    page.reload()
    form = page.locator("main form[data-simple-mode]")
    expect(form.locator(".simple-mode__progress")).to_have_text(re.compile(r"^Question 1 of"))
    # Leave simple view, send the form with a missing title: back in simple view at the title.
    form.get_by_role("button", name="Back to the full form").click()
    page.get_by_role("radio", name=re.compile("Vision")).check()
    page.get_by_role("textbox", name=re.compile("^Your contribution")).fill("Ein Text.")
    form.get_by_role("button", name=re.compile("^Publish$")).click()
    form.get_by_role("button", name="Simple view").click()
    expect(form.locator(".simple-mode__heading")).to_have_text(re.compile("^Title"))
    page.set_viewport_size(NARROW)
    screenshot(page, "simple-mode-error-320")
    assert_accessible(page)


def test_read_aloud_is_hidden_without_speech_synthesis(page, live_server, collection, participant):
    page.add_init_script(NO_SPEECH)
    open_form(page, live_server, collection, participant)
    form = page.locator("main form[data-simple-mode]")
    form.get_by_role("button", name="Simple view").click()
    expect(form.get_by_role("button", name="Read aloud")).to_be_hidden()
    expect(form.get_by_role("button", name="Next")).to_be_visible()


@pytest.fixture
def stubbed_speech(page):
    page.add_init_script(STUB_SPEECH)


def test_read_aloud_on_the_phase_page(page, live_server, site, stubbed_speech):
    phase = site.process.phases.get(type="workshop")
    phase.description = "In der Werkstatt sammeln wir Ideen."
    phase.save()
    english(page, live_server)
    page.goto(live_server.url + phase.get_absolute_url())
    page.get_by_role("button", name="Read aloud").click()
    assert "sammeln wir Ideen" in page.evaluate("window.__spoken")[-1]


def test_the_switch_is_on_the_comment_and_registration_forms(
    page, live_server, collection, kickoff, participant, stubbed_speech
):
    idea = add_idea(collection, author=UserFactory(display_name="Anton"), title="Bänke am Markt")
    open_form(page, live_server, collection, participant)
    page.goto(live_server.url + idea.get_absolute_url())
    comment_form = page.locator("form.comment-form")
    comment_form.get_by_role("button", name="Simple view").click()
    expect(comment_form.locator(".simple-mode__heading")).to_have_text("Your comment")
    comment_form.get_by_role("button", name="Next").click()
    expect(comment_form.locator(".simple-mode__heading")).to_have_text("Your comment")  # required, empty
    page.get_by_role("button", name="Read aloud").first.click()  # the contribution's text
    assert page.evaluate("window.__spoken")

    page.goto(live_server.url + kickoff.get_absolute_url())
    form = page.locator("form[data-simple-mode]")
    # The simple view chosen on the comment form is remembered.
    expect(form.get_by_role("button", name="Back to the full form")).to_have_attribute("aria-pressed", "true")
    expect(form.locator(".simple-mode__progress")).to_have_text(re.compile(r"^Question 1 of"))
    page.set_viewport_size(NARROW)
    screenshot(page, "simple-mode-event-320")
    assert_no_horizontal_scrolling(page)
    assert_accessible(page)
