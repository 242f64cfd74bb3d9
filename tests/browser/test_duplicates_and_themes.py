"""The moderators' side of issue 13 in the browser, by keyboard: a suggested duplicate merged from its
page, and a new theme made from ticked items on the themes page; both pages pass axe-core at 1280 and
320 px. Pictures in /tmp/shots (ideas-duplicates*, themes-page*)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import check_page
from tests.factories import UserFactory
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Idea, Kind, Status
from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.themes import services as themes
from zukunftswerkstatt.themes.models import Theme

TEXTS = [
    ("Der Bus fährt abends nicht mehr", "Nach 18 Uhr gibt es keine Busverbindung von Auerbach nach Ellefeld."),
    ("Keine Busverbindung am Abend", "Abends fährt kein Bus mehr nach Ellefeld, nach 18 Uhr komme ich nicht heim."),
    ("Abendbus nach Ellefeld", "Ein Bus am Abend nach Ellefeld, damit man ohne Auto nach Hause kommt."),
    ("Sitzbänke am Marktplatz", "Am Marktplatz fehlen Bänke, auf denen sich Ältere ausruhen können."),
    ("Mehr Bänke zum Ausruhen", "Ältere Menschen brauchen am Markt mehr Bänke zum Ausruhen."),
    ("Bänke am Weg zum Friedhof", "Zum Ausruhen fehlen Bänke, vor allem für Ältere."),
]


def name(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@pytest.fixture
def collection(site, settings):
    settings.MAP_TILE_URL = ""
    module = module_create(
        phase=site.process.phases.get(type="workshop"),
        type="ideas",
        title="Ideen für unsere Städte",
        settings={"open_kinds": [Kind.CRITICISM, Kind.VISION, Kind.PROPOSAL], "allow_guests": False},
        position=1,
    )
    for title, text in TEXTS:
        services.idea_create(module=module, author=UserFactory(), kind=Kind.CRITICISM, title=title, text=text)
    return module


def test_a_moderator_merges_a_suggested_duplicate_by_keyboard(open_page, live_server, collection, moderator):
    idea = Idea.objects.get(title="Keine Busverbindung am Abend")
    target = Idea.objects.get(title="Der Bus fährt abends nicht mehr")
    page = open_page(moderator)
    page.goto(live_server.url + reverse("ideas:duplicates", args=[collection.pk, idea.pk]))
    suggestion = page.locator(".duplicate").filter(has_text=target.title)
    expect(suggestion).to_be_visible()
    expect(page.locator(".duplicate").filter(has_text="Sitzbänke")).to_have_count(0)
    check_page(page, "ideas-duplicates")
    suggestion.get_by_role("textbox").fill("Gleiches Anliegen: der Abendbus")
    button = suggestion.get_by_role("button", name=name(r"^(Diesen Beitrag mit|Merge this contribution into)"))
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(target.get_absolute_url()) + "$"))
    expect(page.locator("main")).to_contain_text(idea.reference)
    idea.refresh_from_db()
    assert idea.status == Status.MERGED
    assert idea.merged_into_id == target.pk
    assert idea.status_reason == "Gleiches Anliegen: der Abendbus"


def test_a_moderator_makes_a_theme_from_ticked_items_by_keyboard(open_page, live_server, collection, site, moderator):
    run = themes.theme_run_request(process=site.process, by=moderator)
    themes.theme_run_execute(run_pk=run.pk)
    assert Theme.objects.filter(process=site.process).exists()
    page = open_page(moderator)
    page.goto(live_server.url + reverse("themes:process", args=[site.process.pk]))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, "themes-page")
    form = page.locator("article.theme form.theme-items").first
    first = form.locator("input[type=checkbox][name=items]").first
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    title = form.get_by_role("textbox", name=name(r"(Name eines neuen Themas|Name of a new theme)"))
    title.fill("Abendbus")
    title.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Abendbus", exact=True)).to_be_visible()
    assert Theme.objects.filter(process=site.process, title="Abendbus").exists()
