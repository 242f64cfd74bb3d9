"""The hints while writing a contribution, in the browser: with JavaScript they appear while typing
(htmx), without it the preview shows them; the box and the explanation pass axe-core at 1280 and
320 px. Pictures of them are kept in /tmp/shots (ideas-hints*, ideas-preview*, ideas-similar-explained*)."""

from __future__ import annotations

import base64
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import check_page
from tests.factories import UserFactory
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Idea, Kind
from zukunftswerkstatt.processes.services import module_create

BUS_TITLE = "Der Bus fährt abends nicht mehr"
# A small picture of a bus stop (a PNG of 8 × 8 grey pixels).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAAAAADhZOFXAAAAEElEQVR4nGNsYIAAJgaKGAAmCACQXTClHgAAAABJRU5ErkJggg=="
)


def name(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@pytest.fixture
def collection(site, settings, live_server):
    """An idea collection in the running workshop phase, with a contribution about the evening buses
    and one about something else."""
    settings.MAP_TILE_URL = ""  # no tile server: places are listed in words
    module = module_create(
        phase=site.process.phases.get(type="workshop"),
        type="ideas",
        title="Ideen für unsere Städte",
        settings={"open_kinds": [Kind.CRITICISM, Kind.VISION, Kind.PROPOSAL], "allow_guests": False},
        position=1,
    )
    for title, text in (
        (BUS_TITLE, "Nach 18 Uhr gibt es keine Busverbindung von Auerbach nach Ellefeld. Abends fährt kein Bus."),
        ("Sitzbänke am Marktplatz", "Am Marktplatz fehlen Bänke, auf denen sich Ältere ausruhen können."),
    ):
        services.idea_create(module=module, author=UserFactory(), kind=Kind.CRITICISM, title=title, text=text)
    return module


def fill_in(page) -> None:
    page.locator("input[name=kind][value=criticism]").check()
    page.get_by_role("textbox", name=name(r"^(Titel|Title)")).fill("Bus fährt abends nicht")
    page.get_by_role("textbox", name=name(r"^(Ihr Beitrag|Your contribution)")).fill(
        "Abends fährt kein Bus nach Ellefeld."
    )


def create_url(live_server, module) -> str:
    return live_server.url + reverse("ideas:create", args=[module.pk])


def test_typing_shows_similar_contributions_without_taking_the_focus(open_page, live_server, collection, participant):
    page = open_page(participant)
    page.goto(create_url(live_server, collection))
    title = page.get_by_role("textbox", name=name(r"^(Titel|Title)"))
    title.press_sequentially("Bus fährt abends nicht", delay=15)

    box = page.locator("#similar-hints .similar-hints")
    expect(box).to_be_visible()
    expect(box.get_by_role("heading")).to_have_text(
        name("Ähnliche Beiträge – vielleicht möchten Sie dort unterstützen oder kommentieren|Similar contributions")
    )
    bus = Idea.objects.get(title=BUS_TITLE)
    hint = box.get_by_role("link", name=name(BUS_TITLE))
    expect(hint).to_have_attribute("href", f"{bus.get_absolute_url()}#support-{bus.pk}")
    expect(hint).to_have_attribute("target", "_blank")
    expect(box).not_to_contain_text("Sitzbänke")
    # screen readers hear one short sentence from the status that was in the page before
    expect(page.locator("#similar-hints-status")).to_have_attribute("role", "status")
    expect(page.locator("#similar-hints-status")).to_contain_text(name("unter dem Textfeld|below the text field"))
    expect(title).to_be_focused()  # typing goes on where it was

    text = page.get_by_role("textbox", name=name(r"^(Ihr Beitrag|Your contribution)"))
    text.fill("Ohne Auto kommt man abends nicht mehr nach Hause.")
    page.locator("input[name=kind][value=criticism]").check()
    check_page(page, "ideas-hints")

    # the hints never stand in the way: the contribution is sent as it is
    page.get_by_role("button", name=name("^(Veröffentlichen|Publish)$")).click()
    expect(page.locator("#reference")).to_be_visible()
    assert Idea.objects.filter(title="Bus fährt abends nicht", author=participant).exists()


def test_without_javascript_the_preview_shows_the_hints(open_page, live_server, collection, participant):
    page = open_page(participant, java_script_enabled=False)
    page.goto(create_url(live_server, collection))
    fill_in(page)
    page.get_by_role("button", name=name("^(Vorschau|Preview)")).click()

    preview = page.locator(".idea-preview")
    expect(preview).to_contain_text("Abends fährt kein Bus nach Ellefeld.")
    expect(page.locator(".similar-hints")).to_contain_text(BUS_TITLE)
    expect(page.get_by_role("textbox", name=name(r"^(Titel|Title)"))).to_have_value("Bus fährt abends nicht")
    assert not Idea.objects.filter(title="Bus fährt abends nicht").exists()

    page.get_by_role("button", name=name("^(Veröffentlichen|Publish)$")).click()
    expect(page.locator("#reference")).to_be_visible()
    assert Idea.objects.filter(title="Bus fährt abends nicht").exists()


def test_the_preview_with_a_picture_passes_axe(open_page, live_server, collection, participant, tmp_path):
    """axe needs JavaScript: the preview page (the same with or without) is checked from a browser with it."""
    photo = tmp_path / "haltestelle.png"
    photo.write_bytes(PNG)
    page = open_page(participant)
    page.goto(create_url(live_server, collection))
    fill_in(page)
    page.locator("input[name=image]").set_input_files(str(photo))
    page.get_by_role("textbox", name=name("Was zeigt das Bild|What does the image show")).fill("Die leere Haltestelle")
    page.get_by_role("button", name=name("^(Vorschau|Preview)")).click()
    expect(page.locator(".idea-preview")).to_be_visible()
    expect(page.locator("#id_image_helptext")).to_contain_text(name("noch einmal|again"))
    check_page(page, "ideas-preview")


def test_the_explanation_page(open_page, live_server, db):
    page = open_page()
    page.goto(live_server.url + reverse("ideas:similar_explained"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        name("Wie wir ähnliche Beiträge finden|How we find similar contributions")
    )
    check_page(page, "ideas-similar-explained")
