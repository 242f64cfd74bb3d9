"""Answering a survey in a browser, by keyboard: the survey's page, every kind of question, a
condition that shows and hides a question as the answer changes, an error next to its question,
and on a phone the one-question-per-screen stepper ("Frage 3 von 12", Weiter/Zurück, the focus on
each question's heading, the required check per step). axe-core and the reflow check at 1280 and
320 px (`check_page`); screenshots in /tmp/shots."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scrolling, check_page, screenshot
from tests.surveys.factories import every_kind, option_id, survey_module
from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.surveys.answering import values_of
from zukunftswerkstatt.surveys.models import Response, ResponseChannel
from zukunftswerkstatt.surveys.selectors import questions_for_answering

PHONE = {"width": 390, "height": 844}


def name(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@pytest.fixture
def questionnaire(site):
    survey = survey_module(site.process)
    survey.intro = (
        "Wie lebt es sich in den Städten des Göltzschtals? Ihre Antworten helfen, Wohnungen, Busse und "
        "Treffpunkte so zu planen, dass sie zu den Menschen passen."
    )
    survey.save()
    organisation = site.organisation
    organisation.contact_phone = "03744 123456"
    organisation.contact_address = "Nicolaistraße 8\n08209 Auerbach/Vogtl."
    organisation.save()
    return survey, every_kind(survey)


def question_box(page, question):
    return page.locator(f"#question-{question.pk}")


def test_a_guest_answers_every_kind_of_question_by_keyboard(page, live_server, questionnaire, town_a):
    survey, q = questionnaire
    page.goto(live_server.url + reverse("surveys:module", kwargs={"module_pk": survey.module_id}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wohnen und Leben im Göltzschtal")
    expect(page.locator("main")).to_contain_text("03744 123456")
    check_page(page, "surveys-module")
    start = page.get_by_role("link", name=name("Befragung beginnen|Start the survey"))
    start.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/answer/$"))

    # Without "Ja" to the car, the kilometres are not asked.
    expect(question_box(page, q["car_use"])).to_be_hidden()
    check_page(page, "surveys-answer")

    # Sent with nothing chosen: the required questions say so next to themselves, in the summary too.
    page.get_by_role("button", name=name("Antworten absenden|Send my answers")).focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("alert")).to_contain_text("Wie wohnen Sie?")
    expect(question_box(page, q["single"]).locator(".errorlist")).to_be_visible()
    check_page(page, "surveys-answer-errors")

    single = question_box(page, q["single"])
    single.get_by_role("radio", name="Miete").focus()
    page.keyboard.press("Space")
    multiple = question_box(page, q["multiple"])
    multiple.get_by_role("checkbox", name="Ärzte").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # Busse
    scale = question_box(page, q["scale"])
    scale.get_by_role("radio").first.focus()
    for _step in range(3):
        page.keyboard.press("ArrowDown")  # 1 → 4, arrows choose as they move
    expect(scale.get_by_role("radio", name=name("^4 –"))).to_be_checked()

    car = question_box(page, q["car"])
    car.get_by_role("radio", name="Ja").focus()
    page.keyboard.press("Space")
    expect(question_box(page, q["car_use"])).to_be_visible()
    page.keyboard.press("ArrowDown")  # "Nein": the question goes away, and its input is not sent
    expect(question_box(page, q["car_use"])).to_be_hidden()
    expect(question_box(page, q["car_use"]).locator("input")).to_be_disabled()
    page.keyboard.press("ArrowUp")  # "Ja" again
    expect(question_box(page, q["car_use"])).to_be_visible()
    kilometres = question_box(page, q["car_use"]).get_by_role("textbox")
    kilometres.focus()
    page.keyboard.type("12,5")
    page.keyboard.press("Tab")
    page.keyboard.type("Der Marktplatz")
    page.keyboard.press("Tab")
    page.keyboard.type("Mehr Busse am Abend.")

    ranking = question_box(page, q["ranking"])
    ranking.get_by_role("combobox", name="Ärzte").focus()
    page.keyboard.press("ArrowDown")  # no place → place 1
    ranking.get_by_role("combobox", name="Bus").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # place 2
    expect(ranking.get_by_role("combobox", name="Bus")).to_have_value("2")

    matrix = question_box(page, q["matrix"])
    matrix.get_by_role("radio", name=name("^Es ist sicher.: 5")).focus()
    page.keyboard.press("Space")
    matrix.get_by_role("radio", name=name("^Es ist ruhig.: 2")).focus()
    page.keyboard.press("Space")

    details = page.get_by_role("group", name=name("Über Sie, für die Statistik|About you, for the statistics"))
    details.get_by_role("combobox", name=name("Ich wohne in|I live in")).select_option(str(town_a.pk))
    details.get_by_role("combobox", name=name("Meine Altersgruppe|My age group")).select_option(AgeGroup.AGE_65_79)

    page.get_by_role("button", name=name("Antworten absenden|Send my answers")).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/thanks/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name("Danke|Thank you"))
    check_page(page, "surveys-thanks")

    response = Response.objects.get(survey=survey)
    assert response.channel == ResponseChannel.GUEST
    assert (response.participant_town, response.participant_age_group) == (town_a, AgeGroup.AGE_65_79)
    assert values_of(response.answers.all(), questions_for_answering(survey)) == {
        q["single"].pk: option_id(q["single"], "Miete"),
        q["multiple"].pk: sorted([option_id(q["multiple"], "Ärzte"), option_id(q["multiple"], "Busse")]),
        q["scale"].pk: 4,
        q["car"].pk: option_id(q["car"], "Ja"),
        q["car_use"].pk: Decimal("12.5"),
        q["short"].pk: "Der Marktplatz",
        q["long"].pk: "Mehr Busse am Abend.",
        q["ranking"].pk: [option_id(q["ranking"], "Ärzte"), option_id(q["ranking"], "Bus")],
        q["matrix"].pk: {option_id(q["matrix"], "Es ist sicher."): 5, option_id(q["matrix"], "Es ist ruhig."): 2},
    }

    # The same browser again: thanked, not asked twice.
    page.goto(live_server.url + reverse("surveys:answer", kwargs={"module_pk": survey.module_id}))
    page.wait_for_url(re.compile(r"/thanks/$"))


def test_one_question_per_screen_on_a_phone(open_page, live_server, questionnaire):
    survey, q = questionnaire
    survey.one_per_screen = True
    survey.easy_layout = True
    survey.save()
    page = open_page(viewport=PHONE)
    page.goto(live_server.url + reverse("surveys:answer", kwargs={"module_pk": survey.module_id}))
    progress = page.locator("[data-progress]")
    # Eight questions while the car question has no "Ja"; the section heading comes with the first.
    expect(progress).to_have_text(name("Frage 1 von 8|Question 1 of 8"))
    expect(page.get_by_role("heading", name="Wohnen", exact=True)).to_be_visible()
    expect(question_box(page, q["single"])).to_be_visible()
    expect(question_box(page, q["multiple"])).to_be_hidden()
    submit = page.get_by_role("button", name=name("Antworten absenden|Send my answers"))
    expect(submit).to_be_hidden()
    screenshot(page, "surveys-phone-step-1")
    assert_no_horizontal_scrolling(page)
    assert_accessible(page)

    forward = page.get_by_role("button", name=name("^(Weiter|Next)$"))
    back = page.get_by_role("button", name=name("^(Zurück|Back)$"))
    expect(back).to_be_hidden()
    # A required question is checked before the next step.
    forward.focus()
    page.keyboard.press("Enter")
    expect(progress).to_have_text(name("Frage 1 von 8|Question 1 of 8"))
    expect(question_box(page, q["single"])).to_contain_text(name("braucht eine Antwort|needs an answer"))
    expect(question_box(page, q["single"]).get_by_role("radio", name="Miete")).to_be_focused()
    screenshot(page, "surveys-phone-required")
    assert_accessible(page)
    page.keyboard.press("Space")
    expect(question_box(page, q["single"])).not_to_contain_text(name("braucht eine Antwort|needs an answer"))
    forward.focus()
    page.keyboard.press("Enter")
    expect(progress).to_have_text(name("Frage 2 von 8|Question 2 of 8"))
    expect(page.locator(f"#q{q['multiple'].pk}-title")).to_be_focused()
    expect(question_box(page, q["single"])).to_be_hidden()

    # Back and forth keeps the answers.
    back.click()
    expect(page.locator(f"#q{q['single'].pk}-title")).to_be_focused()
    expect(question_box(page, q["single"]).get_by_role("radio", name="Miete")).to_be_checked()
    forward.click()
    forward.click()  # the multiple choice is optional
    expect(progress).to_have_text(name("Frage 3 von 8|Question 3 of 8"))
    question_box(page, q["scale"]).get_by_role("radio", name=name("^5 –")).check()
    forward.click()

    # "Ja" to the car: the kilometres become the next step, and the count grows.
    expect(progress).to_have_text(name("Frage 4 von 8|Question 4 of 8"))
    question_box(page, q["car"]).get_by_role("radio", name="Ja").check()
    expect(progress).to_have_text(name("Frage 4 von 9|Question 4 of 9"))
    forward.click()
    expect(progress).to_have_text(name("Frage 5 von 9|Question 5 of 9"))
    expect(page.locator(f"#q{q['car_use'].pk}-title")).to_be_focused()
    question_box(page, q["car_use"]).get_by_role("textbox").fill("7")
    screenshot(page, "surveys-phone-condition")
    for _step in range(5):  # short text, long text, ranking, matrix: all optional
        forward.click()
    expect(progress).to_have_text(name("Letzter Schritt|Last step"))
    expect(forward).to_be_hidden()
    expect(submit).to_be_visible()
    screenshot(page, "surveys-phone-details")
    assert_accessible(page)
    submit.click()
    page.wait_for_url(re.compile(r"/thanks/$"))
    response = Response.objects.get(survey=survey)
    values = values_of(response.answers.all(), questions_for_answering(survey))
    assert values == {
        q["single"].pk: option_id(q["single"], "Miete"),
        q["scale"].pk: 5,
        q["car"].pk: option_id(q["car"], "Ja"),
        q["car_use"].pk: Decimal(7),
    }


def test_the_team_previews_the_questionnaire(open_page, live_server, questionnaire, moderator):
    survey, q = questionnaire
    page = open_page(moderator)
    page.goto(live_server.url + reverse("surveys:preview", kwargs={"module_pk": survey.module_id}))
    expect(page.locator("main")).to_contain_text(
        name("Vorschau – Antworten werden nicht gespeichert|Preview – answers")
    )
    question_box(page, q["car"]).get_by_role("radio", name="Ja").check()
    expect(question_box(page, q["car_use"])).to_be_visible()
    check_page(page, "surveys-preview")
    page.get_by_role("button", name=name("nichts wird gespeichert|nothing is saved")).click()
    page.wait_for_load_state()
    # The kilometres are required once "Ja" is chosen: the preview says so, and saves nothing.
    expect(question_box(page, q["car_use"]).locator(".errorlist")).to_be_visible()
    assert not Response.objects.exists()


def test_the_longest_texts_fit_at_1280_and_320_px(page, live_server, site):
    """Questions, options and scale labels as long as the builder allows, as one unbroken word each."""
    from tests.surveys.factories import question
    from zukunftswerkstatt.surveys.models import Kind

    survey = survey_module(site.process)
    word = "Bürgerbeteiligungsverfahrensdokumentation" * 12
    labels = [word[:100]] * 5
    question(survey, Kind.SINGLE, word[:500], [word[:300], "kurz"])
    question(survey, Kind.RANKING, word[:500], [word[:300], "kurz", "auch kurz"])
    question(survey, Kind.MATRIX, word[:500], [word[:300], "kurz"], scale_labels=labels)
    question(survey, Kind.NUMBER, word[:500], unit=word[:30])
    page.goto(live_server.url + reverse("surveys:answer", kwargs={"module_pk": survey.module_id}))
    for size in ({"width": 1280, "height": 900}, {"width": 320, "height": 640}):
        page.set_viewport_size(size)
        assert_no_horizontal_scrolling(page)
    screenshot(page, "surveys-answer-long-320")
