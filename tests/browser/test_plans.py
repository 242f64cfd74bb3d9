"""The action plan as people use it: staff merge two contributions into a measure, a citizen gives
dots (the limit shown and enforced), staff enter a paper tally, the results are ranked, the plan is
adopted and its PDF downloaded. The public pages go through axe-core and the reflow check."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import check_page
from tests.factories import UserFactory
from zukunftswerkstatt.core.models import Topic
from zukunftswerkstatt.ideas import services as ideas
from zukunftswerkstatt.plans.models import Measure, PaperTally, PlanVersionStatus
from zukunftswerkstatt.processes.models import Phase
from zukunftswerkstatt.processes.services import module_create


def name(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@pytest.fixture
def plan_site(site, process, settings, live_server, town_a, town_b, tmp_path):
    settings.SITE_URL = live_server.url
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # where the plan's documents are kept
    now = timezone.now()
    Phase.objects.filter(process=process, type="action_plan").update(
        start=now - dt.timedelta(days=1), end=now + dt.timedelta(days=20)
    )
    phase = process.phases.get(type="action_plan")
    collection = module_create(
        phase=process.phases.get(type="workshop"), type="ideas", title="Ideen", settings={"allow_guests": False}
    )
    topic = Topic.objects.create(organisation=process.organisation, name="Wohnen und Leben")
    author = UserFactory(email="anton@example.org", display_name="Anton")
    first = ideas.idea_create(
        module=collection, author=author, kind="proposal", title="Bänke am Markt", text="Mehr Bänke.", topic=topic
    )
    second = ideas.idea_create(
        module=collection, author=author, kind="vision", title="Schatten im Park", text="Bäume.", topic=topic
    )
    plan = module_create(phase=phase, type="action_plan", title="Werkstattplan")
    vote = module_create(
        phase=phase,
        type="prioritisation",
        title="Was ist Ihnen wichtig?",
        settings={"points_per_person": 3, "allow_stacking": True, "closed": False},
        position=1,
    )
    return {"plan": plan, "vote": vote, "ideas": [first, second], "author": author, "process": process}


def test_from_contributions_to_an_adopted_plan(plan_site, open_page, live_server, staff_a, participant):
    process = plan_site["process"]
    staff = open_page(staff_a)
    staff.goto(live_server.url + reverse("plans:measure_choose_ideas", kwargs={"process_pk": process.pk}))
    for idea in plan_site["ideas"]:
        staff.get_by_label(name(idea.title)).check()
    staff.get_by_role("button", name=name("Maßnahme aus diesen erstellen|Create measure from these")).click()
    staff.get_by_label(name(r"^(Titel|title)")).fill("Schöner Marktplatz")
    staff.get_by_label(name("Verantwortliche Stelle|responsible body")).fill("Stadt Auerbach, Bauamt")
    staff.get_by_label(name("^(Ansprechperson|contact person)")).fill("Frau Beispiel")
    staff.get_by_label(name("E-Mail der Ansprechperson|contact e-mail")).fill("bauamt@example.org")
    staff.get_by_label(name("Geschätzte Kosten|estimated cost")).fill("2500")
    staff.get_by_role("button", name=name("Maßnahme erstellen|Create measure")).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Schöner Marktplatz")
    measure = Measure.objects.get(title="Schöner Marktplatz")
    assert measure.ideas.count() == 2
    assert any(plan_site["author"].email in message.to for message in mail.outbox)
    check_page(staff, "plans-measure-staff")

    # A citizen gives dots: three allowed, the fourth refused.
    citizen = open_page(participant)
    citizen.goto(live_server.url + plan_site["vote"].get_absolute_url())
    expect(citizen.locator(".points-left")).to_contain_text("0")
    plus = citizen.get_by_role("button", name=name(r"\+1 .*Schöner Marktplatz"))
    for _click in range(3):
        plus.click()
    expect(citizen.locator(".points-left")).to_contain_text("3")
    expect(plus).to_be_disabled()
    citizen.get_by_label(name("Schöner Marktplatz")).fill("7")
    citizen.get_by_role("button", name=name("Punkte speichern|Save my points")).click()
    expect(citizen.locator(".messages .message--error")).to_be_visible()
    check_page(citizen, "plans-vote")

    # Staff enter a paper tally from an event.
    staff.goto(live_server.url + reverse("plans:tallies", kwargs={"module_pk": plan_site["vote"].pk}))
    staff.get_by_label(name("^(Maßnahme|Measure)")).select_option(label="Schöner Marktplatz")
    staff.get_by_label(name("^(Punkte|Points)")).fill("11")
    staff.get_by_role("button", name=name("Punkte eintragen|Enter the points")).click()
    assert PaperTally.objects.get().points == 11
    staff.goto(live_server.url + reverse("plans:results", kwargs={"module_pk": plan_site["vote"].pk}))
    first_row = staff.locator(".results-table tbody tr").first
    expect(first_row).to_contain_text("Schöner Marktplatz")
    expect(first_row).to_contain_text("14")
    check_page(staff, "plans-results")

    # A version of the plan, adopted by the council; the PDF is downloaded.
    staff.goto(live_server.url + plan_site["plan"].get_absolute_url())
    staff.get_by_role("link", name=name("neue Fassung|new version")).click()
    staff.get_by_role("button", name=name("Entwurf anlegen|Create draft")).click()
    staff.get_by_label(name("Beschlossen von|Adopted by")).fill("Stadtrat Auerbach")
    staff.get_by_role("button", name=name("Beschluss eintragen|Record the adoption")).click()
    expect(staff.locator(".messages .message--success")).to_be_visible()
    assert process.plan_versions.get().status == PlanVersionStatus.ADOPTED
    with staff.expect_download() as download:
        staff.get_by_role("link", name=name("PDF")).first.click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_public_pages_are_accessible(plan_site, open_page, live_server, staff_a):
    from zukunftswerkstatt.plans import services

    measure = services.measure_create(
        process=plan_site["process"],
        by=staff_a,
        title="Bürgerbus am Abend",
        responsible_body="Landkreis",
        ideas=plan_site["ideas"][:1],
    )
    services.milestone_create(measure=measure, by=staff_a, title="Fahrplan", due_on=timezone.localdate())
    visitor = open_page()
    for url, shot in [
        (plan_site["plan"].get_absolute_url(), "plans-plan"),
        (measure.get_absolute_url(), "plans-measure"),
        (plan_site["vote"].get_absolute_url(), "plans-vote-anonymous"),
        (plan_site["ideas"][0].get_absolute_url(), "plans-idea-link"),
    ]:
        visitor.goto(live_server.url + url)
        check_page(visitor, shot)
    expect(visitor.get_by_role("link", name="Bürgerbus am Abend")).to_be_visible()


def test_page_for_a_document_being_prepared_is_accessible(plan_site, open_page, live_server, settings):
    # A task backend that keeps tasks without running them: the document stays "being prepared".
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    visitor = open_page()
    url = reverse("plans:plan_export", kwargs={"module_pk": plan_site["plan"].pk, "file_format": "pdf"})
    response = visitor.goto(live_server.url + url)
    assert response.status == 202
    expect(visitor.get_by_role("heading", level=1)).to_have_text(name("wird erstellt|being prepared"))
    check_page(visitor, "plans-document-wait")
