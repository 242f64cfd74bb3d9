"""The interim review as people use it, the whole thread: a contribution goes into a measure
(plans' service), staff record progress, the author finds where the idea stands, a citizen rates
the measure in an open review round, and staff download the review report as PDF.

Controls are found by role and a name that matches German and English. The public pages go
through axe-core and the reflow check at 1280 px and 320 px (`check_page`).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import check_page, login
from tests.factories import PASSWORD
from tests.ideas.factories import IdeaFactory
from zukunftswerkstatt.core.models import DocumentStatus, Topic
from zukunftswerkstatt.ideas.models import Kind
from zukunftswerkstatt.plans.services import measure_create, measure_link_ideas, milestone_create
from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.progress import services
from zukunftswerkstatt.progress.models import ProgressUpdate, Rating, ReviewReport


def name(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@pytest.fixture
def thread(site, settings, tmp_path, live_server, participant, org_admin, town_a):
    settings.SITE_URL = live_server.url
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    process = site.process
    ideas_module = module_create(
        phase=process.phases.get(type="workshop"),
        type="ideas",
        title="Ideen für unsere Städte",
        settings={"open_kinds": [Kind.PROPOSAL], "allow_guests": False},
        position=1,
    )
    review_module = module_create(phase=process.phases.get(type="review"), type="review", title="Zwischenbilanz")
    topic = Topic.objects.create(organisation=site.organisation, name="Wohnumfeld", position=0)
    idea = IdeaFactory(
        module=ideas_module,
        author=participant,
        title="Sitzbänke am Marktplatz",
        text="Am Marktplatz fehlen Sitzbänke für Ältere.",
        municipality=town_a,
    )
    measure = measure_create(
        process=process, by=org_admin, title="Bänke in der Innenstadt", topic=topic, municipalities=[town_a]
    )
    # The contribution is merged into the measure with plans' own service.
    measure_link_ideas(measure=measure, by=org_admin, ideas=[idea])
    milestone_create(
        measure=measure, by=org_admin, title="Standorte festgelegt", due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    indicator = services.indicator_create(
        measure=measure,
        actor=org_admin,
        name="Sitzbänke in der Innenstadt",
        unit="Bänke",
        baseline_value=Decimal(4),
        baseline_date=dt.date(2025, 1, 1),
        target_value=Decimal(24),
        target_date=dt.date(2027, 12, 31),
    )
    for date, value in [(dt.date(2025, 6, 1), 6), (dt.date(2025, 11, 1), 9), (dt.date(2026, 5, 1), 14)]:
        services.indicator_value_record(indicator=indicator, actor=org_admin, date=date, value=Decimal(value))
    now = timezone.now()
    review_round = services.review_round_open(
        process=process,
        opened_by=org_admin,
        title="Zwischenbilanz 2026",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=20),
    )
    measure.refresh_from_db()
    return {"review": review_module, "idea": idea, "measure": measure, "round": review_round}


def test_from_contribution_to_measure_to_progress_rating_and_report(
    open_page, live_server, thread, staff_a, participant, org_admin
):
    review, idea, measure, review_round = thread["review"], thread["idea"], thread["measure"], thread["round"]
    progress_url = live_server.url + reverse("progress:module", args=[review.pk])
    measure_url = live_server.url + reverse("progress:measure", args=[review.pk, measure.pk])

    # Staff of Auerbach record progress: status, percentage, text.
    staff = open_page(staff_a)
    staff.goto(measure_url)
    staff.get_by_role("link", name=name("Fortschritt|progress entry")).click()
    staff.get_by_role("textbox", name=name("Was ist passiert|What happened")).fill(
        "Die ersten fünf Bänke stehen am Marktplatz."
    )
    staff.get_by_role("combobox", name=name("^Status")).select_option("in_progress")
    staff.get_by_role("spinbutton", name=name("Prozent|Percent")).fill("40")
    staff.locator("main form button[type=submit]").click()
    expect(staff.locator(".messages .message--success")).to_be_visible()
    expect(staff.locator("#updates")).to_contain_text("Die ersten fünf Bänke stehen am Marktplatz.")
    # … and mark the milestone met.
    staff.get_by_role("button", name=name("Standorte festgelegt")).click()
    expect(staff.locator("#milestones .met")).to_be_visible()
    assert ProgressUpdate.objects.filter(measure=measure).count() == 1

    # A visitor without an account reads the public progress page.
    visitor = open_page()
    visitor.goto(progress_url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Zwischenbilanz")
    expect(visitor.locator("main")).to_contain_text("Bänke in der Innenstadt")
    expect(visitor.locator("main")).to_contain_text("40 %")
    check_page(visitor, "progress-page")
    visitor.goto(measure_url)
    chart = visitor.get_by_role("img", name=name("Sitzbänke in der Innenstadt"))
    expect(chart).to_be_visible()
    expect(visitor.get_by_role("table", name=name("Sitzbänke in der Innenstadt"))).to_contain_text("14")
    check_page(visitor, "progress-measure")

    # Paula logs in, finds "my contributions" in the account menu and sees where her idea stands.
    author = open_page()
    login(author, live_server, participant.email, PASSWORD)
    author.goto(progress_url)
    author.get_by_role("navigation", name=name("Konto|Account")).get_by_role(
        "link", name=name("Meine Beiträge|My contributions")
    ).click()
    result = author.locator(".result").filter(has_text="Sitzbänke am Marktplatz")
    expect(result).to_contain_text("Bänke in der Innenstadt")
    expect(result).to_contain_text("40 %")
    check_page(author, "progress-mine")

    # "What became of my idea?" by the contribution's reference, typed in lower case.
    author.goto(progress_url)
    author.get_by_role("link", name=name("Was wurde aus meiner Idee|What became of my idea")).first.click()
    author.get_by_role("textbox", name=name("Kennung|Reference")).fill(idea.reference.lower())
    author.get_by_role("button", name=name("^(Such|Search)")).click()
    found = author.locator(".result")
    expect(found).to_contain_text("Sitzbänke am Marktplatz")
    expect(found.get_by_role("link", name="Bänke in der Innenstadt")).to_be_visible()
    check_page(author, "progress-lookup")

    # Paula rates the measure in the open review round, then changes her mind.
    author.goto(progress_url)
    author.get_by_role("link", name=name("bewerten|Rate the measures")).click()
    check_page(author, "progress-round")
    author.get_by_role("link", name=name("Bänke in der Innenstadt")).first.click()
    author.get_by_role("radio", name=name("^4")).check()
    author.get_by_role("textbox", name=name("Kommentar|comment")).fill("Endlich kann man sich ausruhen.")
    author.locator("#rating button[type=submit]:not([value=withdraw])").click()
    expect(author.locator(".messages .message--success")).to_be_visible()
    author.get_by_role("radio", name=name("^5")).check()
    author.locator("#rating button[type=submit]:not([value=withdraw])").click()
    expect(author.locator(".messages .message--success")).to_be_visible()
    rating = Rating.objects.get(review_round=review_round, measure=measure, user=participant)
    assert (rating.score, rating.comment) == (5, "Endlich kann man sich ausruhen.")

    # The coordinator makes the review report as PDF and downloads it.
    coordinator = open_page(org_admin)
    coordinator.goto(live_server.url + reverse("progress:round", args=[review.pk, review_round.pk]))
    coordinator.get_by_role("button", name=name("PDF")).click()
    expect(coordinator.locator(".messages .message--success")).to_be_visible()
    report = ReviewReport.objects.get(review_round=review_round)
    assert report.status == DocumentStatus.DONE, report.error
    download_link = coordinator.get_by_role("link", name=name("herunterladen|Download the review report"))
    with coordinator.expect_download() as download_info:
        download_link.click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    coordinator.get_by_role("link", name=name("Zwischenbilanz \\(Webseite\\)|Review report \\(web page\\)")).click()
    expect(coordinator.locator("main")).to_contain_text("Endlich kann man sich ausruhen.")
    check_page(coordinator, "progress-report")


def test_progress_form_error_keeps_input_and_is_accessible(open_page, live_server, thread, staff_a):
    review, measure = thread["review"], thread["measure"]
    staff = open_page(staff_a)
    staff.goto(live_server.url + reverse("progress:update_create", args=[review.pk, measure.pk]))
    staff.get_by_role("textbox", name=name("Was ist passiert|What happened")).fill("Vorerst gestoppt.")
    staff.get_by_role("combobox", name=name("^Status")).select_option("dropped")
    staff.locator("main form button[type=submit]").click()
    expect(staff.locator(".form-errors")).to_be_visible()
    expect(staff.get_by_role("textbox", name=name("Was ist passiert|What happened"))).to_have_value("Vorerst gestoppt.")
    check_page(staff, "progress-update-error")
