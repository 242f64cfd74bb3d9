"""A coordinator builds a small questionnaire with the keyboard only: a section heading, a yes/no
question, a number asked only after "Ja", a rating scale with preset labels; moves a question, is
told why another cannot move, and mistypes once (the error is shown, the input kept). The builder's
pages go through axe-core and the reflow check at 320 px."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import check_page, screenshot
from tests.surveys.factories import survey_module
from zukunftswerkstatt.surveys.models import Kind, Question


@pytest.fixture
def survey(site, process):
    return survey_module(process, title="Unterwegs im Göltzschtal")


def english(page, live_server) -> None:
    # The builder's words are new; the test reads the English ones (German comes with the translations).
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])


def press(locator, key: str = "Enter") -> None:
    locator.page.wait_for_load_state("load")  # the page's scripts may still move the focus
    locator.focus()
    locator.page.keyboard.press(key)


def type_into(locator, text: str) -> None:
    locator.focus()
    locator.page.keyboard.type(text)


def field(page, label: str):
    """A form field by its label (Django adds a colon)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def add_it(page) -> None:
    press(page.get_by_role("button", name="Add the question", exact=True))
    expect(page.locator(".message--success")).to_contain_text("The question has been added.")


def choose_kind(page, kind: str) -> None:
    """On the overview: the kind in the list (a native select: the browser makes it work with the
    keyboard; its arrow keys are unreliable in headless Chromium), then Enter on "Next"."""
    # The page's own scripts move the focus once it has loaded: wait for them, or they take the focus
    # from "Next" between focusing it and pressing Enter.
    page.wait_for_load_state("load")
    kinds = page.get_by_label("What kind of question?")
    kinds.select_option(kind)
    press(page.get_by_role("button", name="Next: write the question"))
    page.wait_for_load_state()


def test_a_coordinator_builds_a_questionnaire_with_the_keyboard(survey, open_page, live_server, moderator):
    page = open_page(moderator)
    english(page, live_server)
    page.goto(live_server.url + reverse("surveys:edit", args=[survey.module_id]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Questionnaire: Unterwegs im Göltzschtal")
    check_page(page, "surveys-builder-empty")

    # 1. A section heading: the kind chosen on its own page with the arrow keys.
    page.goto(live_server.url + reverse("surveys:question_add", args=[survey.module_id]))
    check_page(page, "surveys-builder-kind")
    expect(page.get_by_label("Single choice")).to_be_checked()
    page.get_by_label("Single choice").focus()
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Section heading (no answer)")).to_be_checked()
    press(page.get_by_role("button", name="Next: write the question"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a question: Section heading (no answer)")
    type_into(field(page, "Heading of the section"), "Unterwegs")
    add_it(page)

    # 2. Yes or no, required; first sent without its text.
    choose_kind(page, Kind.YES_NO)
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a question: Yes or no")
    press(page.get_by_label(re.compile("^Required question")), "Space")
    type_into(page.get_by_label("Question in English (optional)"), "Do you have a car?")
    press(page.get_by_role("button", name="Add the question", exact=True))
    expect(page.locator(".form-errors")).to_contain_text("Please write the question.")
    expect(page.get_by_label("Question in English (optional)")).to_have_value("Do you have a car?")
    expect(page.get_by_label(re.compile("^Required question"))).to_be_checked()
    check_page(page, "surveys-builder-question-error")
    type_into(field(page, "Question"), "Haben Sie ein Auto?")
    add_it(page)
    car = Question.objects.get(kind=Kind.YES_NO)
    assert list(car.options.values_list("text", flat=True)) == ["Ja", "Nein"]
    assert car.required

    # 3. A number, asked only after "Ja".
    choose_kind(page, Kind.NUMBER)
    type_into(field(page, "Question"), "Wie viele Kilometer fahren Sie am Tag?")
    type_into(page.get_by_label("Smallest number allowed (optional)"), "0")
    type_into(page.get_by_label("Unit (optional)"), "km")
    condition = page.get_by_label("Condition: when is this question asked?")
    condition.select_option(str(car.options.get(text="Ja").pk))
    expect(condition).to_have_value(str(car.options.get(text="Ja").pk))
    check_page(page, "surveys-builder-question-number")
    add_it(page)
    kilometres = Question.objects.get(kind=Kind.NUMBER)
    assert kilometres.condition_option.text == "Ja"
    assert kilometres.unit == "km"

    # 4. A rating scale with the satisfaction labels.
    choose_kind(page, Kind.SCALE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a question: Rating scale 1 to 5")
    type_into(field(page, "Question"), "Wie zufrieden sind Sie mit den Bussen?")
    press(page.get_by_role("radio", name=re.compile("^Satisfaction")), "Space")
    add_it(page)
    buses = Question.objects.get(kind=Kind.SCALE)
    assert buses.scale_labels[-1] == "sehr zufrieden"

    # The overview: numbers, the condition in words, the scale.
    item = page.locator(f"#q{kilometres.pk}")
    expect(item).to_contain_text("Question 2")
    expect(item).to_contain_text("Only if question 1 was answered with “Ja”")
    expect(page.locator(f"#q{buses.pk}")).to_contain_text("5 = sehr zufrieden")
    check_page(page, "surveys-builder-overview")

    # The buses move up, past the kilometres; the kilometres cannot go above the car.
    press(page.locator(f"#q{buses.pk}").get_by_role("button", name=re.compile("^Move up")))
    expect(page.locator(".message--success")).to_contain_text("The question has been moved up.")
    assert [q.kind for q in survey.questions.order_by("position")] == [
        Kind.SECTION,
        Kind.YES_NO,
        Kind.SCALE,
        Kind.NUMBER,
    ]
    press(page.locator(f"#q{kilometres.pk}").get_by_role("button", name=re.compile("^Move up")))
    expect(page.locator(".message--success")).to_contain_text("The question has been moved up.")
    page.wait_for_load_state("load")  # the second press on the new page, not on the one leaving
    press(page.locator(f"#q{kilometres.pk}").get_by_role("button", name=re.compile("^Move up")))
    expect(page.locator(".message--error")).to_contain_text("so it has to stay below it")
    assert [q.kind for q in survey.questions.order_by("position")] == [
        Kind.SECTION,
        Kind.YES_NO,
        Kind.NUMBER,
        Kind.SCALE,
    ]
    screenshot(page, "surveys-builder-refused-move")

    # The settings: the easy-to-read layout, by keyboard.
    press(page.get_by_role("link", name="Settings of the survey"))
    check_page(page, "surveys-builder-settings")
    press(page.get_by_label(re.compile("^easy-to-read layout", re.IGNORECASE)), "Space")
    press(page.get_by_role("button", name="Save the settings"))
    expect(page.locator(".message--success")).to_contain_text("The settings have been saved.")
    survey.refresh_from_db()
    assert survey.easy_layout
