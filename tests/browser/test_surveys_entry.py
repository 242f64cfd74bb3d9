"""The team enters two paper questionnaires with the keyboard alone: the cursor starts in the
number, Enter moves on, a question whose condition is not met is skipped, the typed numbers are
echoed as words, Enter on the button (or Ctrl+Enter anywhere) saves, and the next form starts with
the next number. The page goes through axe and the reflow check at 320 px."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import check_page, screenshot
from tests.surveys.factories import every_kind, option_id, survey_module
from tests.surveys.paper_stubs import other_survey_pages  # noqa: F401  (autouse: the other parts' pages until merged)
from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.surveys.answering import values_of
from zukunftswerkstatt.surveys.models import Response


@pytest.fixture
def questionnaire(site):
    survey = survey_module(site.process)
    return survey, every_kind(survey)


def type_and_enter(page, text: str = "") -> None:
    if text:
        page.keyboard.type(text)
    page.keyboard.press("Enter")


def focused_name(page) -> str:
    return page.evaluate(
        "() => document.activeElement && (document.activeElement.name || document.activeElement.tagName)"
    )


def test_staff_enter_two_paper_forms_with_the_keyboard_only(open_page, live_server, questionnaire, staff_a, town_a):
    survey, q = questionnaire
    page = open_page(staff_a)
    page.goto(live_server.url + reverse("surveys:entry", kwargs={"module_pk": survey.module_id}))
    check_page(page, "surveys-entry")

    # Form 1: the number is offered and focused; every answer typed, Enter after each.
    number = page.locator("input[name=paper_number]")
    expect(number).to_be_focused()
    expect(number).to_have_value("1")
    type_and_enter(page)
    assert focused_name(page) == f"q{q['single'].pk}"
    page.keyboard.type("2")
    expect(page.locator(f"output[for=id_q{q['single'].pk}]")).to_have_text("→ Eigentum")
    page.keyboard.press("Enter")
    type_and_enter(page, "13")  # Ärzte, Cafés
    expect(page.locator(f"output[for=id_q{q['multiple'].pk}]")).to_have_text("→ Ärzte, Cafés")
    type_and_enter(page, "4")
    car_use = page.locator(f"input[name=q{q['car_use'].pk}]")
    expect(car_use).to_be_disabled()  # asked only of car owners
    type_and_enter(page, "1")  # Ja: now the kilometres are asked
    assert focused_name(page) == f"q{q['car_use'].pk}"
    type_and_enter(page, "12,5")
    type_and_enter(page, "Marktplatz")
    type_and_enter(page, "Mehr Busse am Abend")
    type_and_enter(page, "3 1")
    expect(page.locator(f"output[for=id_q{q['ranking'].pk}]")).to_have_text("→ 1. Schule, 2. Arbeit")
    type_and_enter(page, "5")  # the matrix, one statement after the other
    type_and_enter(page, "")
    type_and_enter(page, "2")
    type_and_enter(page, "1")  # town
    type_and_enter(page, "7")  # age group
    expect(page.locator("[data-entry-save]")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    # Saved; form 2 starts empty with the next number, the cursor in it.
    expect(page.locator(".messages")).to_contain_text("1")
    expect(number).to_have_value("2")
    expect(number).to_be_focused()
    expect(page.locator(f"input[name=q{q['single'].pk}]")).to_have_value("")
    screenshot(page, "surveys-entry-saved")
    type_and_enter(page)
    type_and_enter(page, "1")
    type_and_enter(page, "")
    type_and_enter(page, "5")
    type_and_enter(page, "2")  # Nein: the kilometres are skipped
    assert focused_name(page) == f"q{q['short'].pk}"
    page.keyboard.type("Die Kirche")
    page.keyboard.press("Control+Enter")
    page.wait_for_load_state()
    expect(number).to_have_value("3")

    first, second = Response.objects.filter(survey=survey).order_by("paper_number")
    assert (first.channel, first.paper_number, first.entered_by) == ("paper", 1, staff_a)
    assert (first.participant_town, first.participant_age_group) == (town_a, AgeGroup.AGE_65_79)
    values = values_of(first.answers.all(), list(q.values()))
    assert values == {
        q["single"].pk: option_id(q["single"], "Eigentum"),
        q["multiple"].pk: sorted([option_id(q["multiple"], "Ärzte"), option_id(q["multiple"], "Cafés")]),
        q["scale"].pk: 4,
        q["car"].pk: option_id(q["car"], "Ja"),
        q["car_use"].pk: Decimal("12.5"),
        q["short"].pk: "Marktplatz",
        q["long"].pk: "Mehr Busse am Abend",
        q["ranking"].pk: [option_id(q["ranking"], "Schule"), option_id(q["ranking"], "Arbeit")],
        q["matrix"].pk: {option_id(q["matrix"], "Es ist sicher."): 5, option_id(q["matrix"], "Es ist ruhig."): 2},
    }
    assert (second.paper_number, second.participant_town, second.participant_age_group) == (2, None, "")
    assert values_of(second.answers.all(), list(q.values())) == {
        q["single"].pk: option_id(q["single"], "Miete"),
        q["scale"].pk: 5,
        q["car"].pk: option_id(q["car"], "Nein"),
        q["short"].pk: "Die Kirche",
    }
    # Both are listed, newest first, with who entered them.
    rows = page.locator(".entry-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("2")


def test_an_error_keeps_what_was_typed_and_focuses_the_field(open_page, live_server, questionnaire, staff_a):
    survey, q = questionnaire
    page = open_page(staff_a)
    page.goto(live_server.url + reverse("surveys:entry", kwargs={"module_pk": survey.module_id}))
    type_and_enter(page)
    type_and_enter(page, "1")
    type_and_enter(page, "")
    page.keyboard.type("9")  # no such scale point
    expect(page.locator(f"output[for=id_q{q['scale'].pk}]")).to_have_class("entry-echo entry-echo--problem")
    page.keyboard.press("Control+Enter")
    page.wait_for_load_state()
    scale = page.locator(f"input[name=q{q['scale'].pk}]")
    expect(scale).to_be_focused()
    expect(scale).to_have_value("9")
    expect(page.locator(f"input[name=q{q['single'].pk}]")).to_have_value("1")
    check_page(page, "surveys-entry-error")
    assert not Response.objects.exists()


def test_a_coordinator_prints_numbered_questionnaires(
    open_page, live_server, questionnaire, moderator, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    survey, _q = questionnaire
    page = open_page(moderator)
    page.goto(live_server.url + reverse("surveys:paper", kwargs={"module_pk": survey.module_id}))
    expect(page.locator("input[name=first_number]")).to_have_value("1")
    check_page(page, "surveys-paper")
    page.locator("input[name=copies]").fill("3")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    # The worker made it at once here (tests run tasks immediately); the status page offers it.
    download = page.locator("#pdf-state a.button")
    expect(download).to_be_visible()
    check_page(page, "surveys-paper-status")
    page.goto(live_server.url + reverse("surveys:paper", kwargs={"module_pk": survey.module_id}))
    expect(page.locator("input[name=first_number]")).to_have_value("4")
    expect(page.locator(".entry-table")).to_contain_text("0001–0003")
    screenshot(page, "surveys-paper-list")
