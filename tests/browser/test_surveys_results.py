"""Survey results in a browser: a moderator reads the results (charts and tables), switches to the
tables by town and by age group, marks free-text answers publishable by keyboard and finds them
quoted, compares two rounds, and downloads the raw answers after the export's progress page. axe-core
and the reflow check at 1280 and 320 px on each page (`check_page`); screenshots in /tmp/shots.

Selectors use names and attributes rather than words, so the test holds in German and English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import check_page
from tests.participation.conftest import population
from tests.surveys.factories import every_kind, full_values, option_id, question, survey_module
from zukunftswerkstatt.surveys.models import Answer, Kind, SurveyExport, TextReview
from zukunftswerkstatt.surveys.services import response_submit

WISHES = [
    "Mehr Busse am Abend, auch am Wochenende.",
    "Ein Café am Markt, wo man sich trifft.",
    "Bessere Wege für Rollstühle und Kinderwagen.",
]


@pytest.fixture
def rounds(site, organisation, town_a, town_b, staff_a):
    """Two rounds of the same questionnaire, each with 30 answers from both towns and all channels."""
    process = site.process
    population(
        organisation,
        process.phases.order_by("start").first().start.year - 1,
        [
            (town_a, "m", 30, 44, 900),
            (town_a, "f", 30, 44, 950),
            (town_a, "m", 65, 79, 700),
            (town_a, "f", 65, 79, 800),
            (town_b, "m", 30, 44, 300),
            (town_b, "f", 30, 44, 320),
            (town_b, "m", 65, 79, 260),
            (town_b, "f", 65, 79, 280),
        ],
    )
    before = survey_module(process, phase_type="profile", title="Wohnen und Leben 2026")
    old_car = question(before, Kind.YES_NO, "Haben Sie ein Auto?")
    after = survey_module(process, phase_type="workshop", title="Wohnen und Leben 2028")
    after.previous_round = before
    after.save()
    q = every_kind(after)
    q["car"].same_as = old_car
    q["car"].save()
    for option in q["car"].options.all():
        option.same_as = old_car.options.get(text=option.text)
        option.save()
    for n in range(30):
        response_submit(
            survey=before,
            values={old_car.pk: option_id(old_car, "Ja" if n % 3 else "Nein")},
            channel="phone",
            entered_by=staff_a,
            town=town_a if n % 2 else town_b,
            age_group="30-44" if n % 3 else "65-79",
        )
        values = full_values(q)
        values[q["long"].pk] = WISHES[n % 3] + f" ({n + 1})"
        values[q["scale"].pk] = 1 + n % 5
        if n % 4 == 0:
            values[q["car"].pk] = option_id(q["car"], "Nein")
            del values[q["car_use"].pk]
        response_submit(
            survey=after,
            values=values,
            channel=("paper", "phone")[n % 2],
            entered_by=staff_a,
            town=(town_a, town_b, None)[n % 3],
            age_group=("30-44", "65-79", "")[n % 3],
            paper_number=n + 1 if n % 2 == 0 else None,
        )
    return after, q


def test_a_moderator_reads_the_results_reviews_texts_compares_and_downloads(open_page, live_server, rounds, moderator):
    survey, q = rounds
    page = open_page(moderator)
    results = live_server.url + reverse("surveys:results", kwargs={"module_pk": survey.module_id})

    page.goto(results)
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(f"#question-{q['single'].pk}")).to_be_visible()
    expect(page.locator(".bar-chart [role=img]").first).to_be_visible()
    check_page(page, "surveys-results")

    # By town, with the keyboard: the switch is a set of plain links.
    page.locator("a[href='?by=town']").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("a[href='?by=town']")).to_have_attribute("aria-current", "page")
    expect(page.locator(f"#breakdown-{q['single'].pk}")).to_be_visible()
    check_page(page, "surveys-results-by-town")
    page.goto(results + "?by=age")
    expect(page.locator(f"#breakdown-{q['scale'].pk}")).to_be_visible()
    check_page(page, "surveys-results-by-age")

    # Free texts: tick two by keyboard and mark them publishable.
    long = q["long"]
    page.goto(live_server.url + reverse("surveys:texts", kwargs={"module_pk": survey.module_id}) + f"?q={long.pk}")
    first, second = Answer.objects.filter(question=long).order_by("pk")[:2]
    check_page(page, "surveys-texts")
    page.locator(f"#answer-{first.pk}").focus()
    page.keyboard.press("Space")
    page.locator(f"#answer-{second.pk}").focus()
    page.keyboard.press("Space")
    expect(page.locator(f"#answer-{first.pk}")).to_be_checked()
    expect(page.locator(f"#answer-{second.pk}")).to_be_checked()
    page.locator("button[name=action][value=published]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".message--success")).to_be_visible()
    assert set(Answer.objects.filter(text_review=TextReview.PUBLISHED).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    expect(page.locator(f"#state-{first.pk}")).not_to_have_text(str(TextReview.NEW.label))
    page.goto(results)
    expect(page.locator(".quotes")).to_contain_text(first.text)

    # The earlier round: the car question compared.
    page.goto(live_server.url + reverse("surveys:compare", kwargs={"module_pk": survey.module_id}))
    expect(page.locator(f"#compare-{q['car'].pk}")).to_be_visible()
    check_page(page, "surveys-compare")

    # The raw answers: the export is made by the task worker (at once in tests), its page shows it ready.
    page.goto(results)
    page.locator("button[name=file_format][value=xlsx]").click()
    page.wait_for_load_state()
    export = SurveyExport.objects.get()
    expect(page.locator("#export-state")).to_be_visible()
    check_page(page, "surveys-export")
    with page.expect_download() as download:
        page.locator(
            f"a[href='{reverse('surveys:export_download', kwargs={'module_pk': survey.module_id, 'pk': export.pk})}']"
        ).click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # An export still being written: its progress, and a link that reloads the page without JavaScript.
    running = SurveyExport.objects.create(
        survey=survey,
        file_format="csv",
        status="running",
        rows_total=2000,
        rows_done=600,
        lease_until=timezone.now() + dt.timedelta(minutes=5),
    )
    page.goto(
        live_server.url + reverse("surveys:export_state", kwargs={"module_pk": survey.module_id, "pk": running.pk})
    )
    expect(page.locator("#export-progress")).to_have_attribute("value", "30")
    check_page(page, "surveys-export-running")
