"""The SWOT analysis as people use it: a citizen reads the matrix at desktop width and at 320 px,
opens an item with its evidence, comments and suggests an item; a moderator accepts the suggestion
and the new item appears in the matrix. The public pages go through axe-core at both widths."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import check_page, screenshot
from tests.ideas.factories import IdeaFactory
from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.swot import services
from zukunftswerkstatt.swot.models import Quadrant, SwotItem, SwotSuggestion
from zukunftswerkstatt.swot.services import DocumentRef, IndicatorRef


def name(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@pytest.fixture
def swot(site, settings, live_server, participant, town_a):
    settings.SITE_URL = live_server.url
    process = site.process
    module = module_create(
        phase=process.phases.get(type="profile"),
        type="swot",
        title="Stärken, Schwächen, Chancen und Risiken",
        description="Was macht uns stark, was fehlt? Ergänzen Sie die Analyse.",
    )
    ideas_module = module_create(
        phase=process.phases.get(type="workshop"),
        type="ideas",
        title="Ideen",
        settings={"open_kinds": ["criticism", "vision", "proposal"], "allow_guests": False},
    )
    idea = IdeaFactory(module=ideas_module, author=participant, title="Vereine finden keinen Nachwuchs")
    statements = {
        Quadrant.STRENGTH: ["Vier Städte arbeiten zusammen", "Das Göltzschtal als Naherholungsraum"],
        Quadrant.WEAKNESS: ["Vereine finden schwer Nachwuchs"],
        Quadrant.OPPORTUNITY: ["Familien suchen Wohnen im Grünen"],
        Quadrant.THREAT: ["Die Bevölkerung nimmt ab", "Die Bevölkerung altert"],
    }
    for quadrant, texts in statements.items():
        for text in texts:
            services.swot_item_create(
                module=module,
                quadrant=quadrant,
                statement=text,
                explanation="Eine **Begründung** mit einer Liste:\n\n- erstens\n- zweitens",
                ideas=[idea] if quadrant == Quadrant.WEAKNESS else [],
                indicators=[IndicatorRef(key="population")] if quadrant == Quadrant.THREAT else [],
                documents=[
                    DocumentRef(
                        title="Gemeindetabelle des Statistischen Landesamts",
                        url="https://www.statistik.sachsen.de/",
                        publisher="Statistisches Landesamt Sachsen",
                    )
                ]
                if quadrant == Quadrant.THREAT
                else [],
            )
    services.swot_item_create(
        module=module, municipality=town_a, quadrant=Quadrant.WEAKNESS, statement="Leerstand in der Altstadt"
    )
    return module


def test_citizen_reads_comments_and_suggests_and_staff_accepts(swot, open_page, live_server, participant, moderator):
    citizen = open_page(participant)
    citizen.goto(live_server.url + reverse("swot:matrix", args=[swot.pk]))
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Stärken, Schwächen, Chancen und Risiken")
    for heading in ("Stärken|Strengths", "Schwächen|Weaknesses", "Chancen|Opportunities", "Risiken|Threats"):
        expect(citizen.get_by_role("heading", level=3, name=name(f"^({heading})"))).to_be_visible()
    check_page(citizen, "swot-matrix")

    # The scope switcher shows a town's own matrix.
    citizen.get_by_role("link", name="Auerbach/Vogtl.").click()
    expect(citizen.get_by_role("link", name="Leerstand in der Altstadt")).to_be_visible()
    expect(citizen.get_by_role("link", name="Auerbach/Vogtl.")).to_have_attribute("aria-current", "page")
    citizen.go_back()

    # An item with its evidence.
    citizen.get_by_role("link", name="Vereine finden schwer Nachwuchs").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Vereine finden schwer Nachwuchs")
    expect(citizen.get_by_role("link", name="Vereine finden keinen Nachwuchs")).to_be_visible()
    check_page(citizen, "swot-detail")

    citizen.get_by_role("textbox", name=name("Ihr Kommentar|Your comment")).fill("Ein gemeinsamer Vereinstag hilft.")
    citizen.get_by_role("button", name=name("Kommentar veröffentlichen|Publish comment")).click()
    expect(citizen.locator(".comment__text")).to_contain_text("Ein gemeinsamer Vereinstag hilft.")

    # A suggestion waits for the staff.
    citizen.goto(live_server.url + reverse("swot:matrix", args=[swot.pk]))
    citizen.get_by_role("link", name=name("Punkt vorschlagen|Suggest an item")).click()
    check_page(citizen, "swot-suggest")
    citizen.get_by_role("radio", name=name("^(Chance|Opportunity)")).check()
    citizen.get_by_role("textbox", name=name("in einem Satz|in one sentence")).fill("Radweg entlang der Göltzsch")
    citizen.get_by_role("button", name=name("Vorschlag senden|Send suggestion")).click()
    expect(citizen.locator(".messages .message--success")).to_be_visible()
    expect(citizen.get_by_role("link", name="Radweg entlang der Göltzsch")).to_have_count(0)

    staff = open_page(moderator)
    staff.goto(live_server.url + reverse("swot:manage", args=[swot.pk]))
    staff.get_by_role("link", name="Radweg entlang der Göltzsch").click()
    statement = staff.get_by_role("textbox", name=name("^Aussage|^Statement"))
    expect(statement).to_have_value("Radweg entlang der Göltzsch")
    statement.fill("Ein Radweg entlang der Göltzsch verbindet die Orte")
    staff.get_by_role("button", name=name("Annehmen und veröffentlichen|Accept and publish")).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Ein Radweg entlang der Göltzsch verbindet die Orte")
    screenshot(staff, "swot-accepted")

    citizen.goto(live_server.url + reverse("swot:matrix", args=[swot.pk]))
    opportunities = citizen.get_by_role("region", name=name("^(Chancen|Opportunities)"))
    expect(opportunities.get_by_role("link", name="Ein Radweg entlang der Göltzsch verbindet die Orte")).to_be_visible()
    assert SwotSuggestion.objects.get().status == "accepted"
    assert SwotItem.objects.filter(quadrant=Quadrant.OPPORTUNITY).count() == 2


def test_staff_pages_are_accessible(swot, open_page, live_server, moderator):
    page = open_page(moderator)
    page.goto(live_server.url + reverse("swot:manage", args=[swot.pk]))
    check_page(page, "swot-manage")
    page.goto(live_server.url + reverse("swot:create", args=[swot.pk]))
    check_page(page, "swot-create")
    # Bad input keeps what was typed.
    page.get_by_role("textbox", name=name("^Erläuterung|^Erklärung|^Explanation")).fill("Nur eine Erklärung")
    page.get_by_role("button", name=name("^Speichern|^Save")).click()
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.get_by_role("textbox", name=name("^Erläuterung|^Erklärung|^Explanation"))).to_have_value(
        "Nur eine Erklärung"
    )
