"""A citizen's way in, in the browser: from the start page's "take part now" to a guest's idea,
its confirmation with a reference, and finding it again on "What became of my idea?".

The start page and the lookup page go through axe-core and the reflow check (`check_page`).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import check_page
from zukunftswerkstatt.ideas.models import Idea, Kind, Visibility
from zukunftswerkstatt.processes.services import module_create


def name(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@pytest.fixture
def way_in(site, settings, tmp_path, live_server):
    settings.SITE_URL = live_server.url
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    workshop = site.process.phases.get(type="workshop")
    ideas = module_create(
        phase=workshop,
        type="ideas",
        title="Ideen für unsere Städte",
        settings={"open_kinds": [Kind.CRITICISM, Kind.VISION, Kind.PROPOSAL], "allow_guests": True},
        position=1,
    )
    review = module_create(phase=site.process.phases.get(type="review"), type="review", title="Zwischenbilanz")
    return {"ideas": ideas, "review": review}


def test_a_guest_takes_part_from_the_start_page_and_finds_the_idea_by_its_reference(open_page, live_server, way_in):
    visitor = open_page()
    visitor.goto(live_server.url + reverse("core:home"))
    # One organisation name in the title, not two.
    assert visitor.title().count("Städteverbund Göltzschtal") == 1
    take_part = visitor.locator("section.take-part")
    expect(take_part.get_by_role("heading", level=2)).to_have_text(name("Jetzt mitmachen|Take part now"))
    expect(visitor.locator("#offline-contact-title")).to_be_visible()
    check_page(visitor, "start-page")

    take_part.get_by_role("link", name=name("Idee aufschreiben|Write down your idea")).click()
    visitor.get_by_label(name("^Vorschlag|^Proposal")).check()
    visitor.get_by_role("textbox", name=name("^Titel|^Title")).fill("Trinkbrunnen im Stadtpark")
    visitor.get_by_role("textbox", name=name("^Ihr Beitrag|^Your contribution")).fill(
        "Im Sommer ist es heiß; ein Trinkbrunnen hilft Jung und Alt."
    )
    submit = visitor.get_by_role("button", name=name("Zur Prüfung einreichen|Submit for review"))
    expect(submit).to_be_visible()
    expect(visitor.get_by_role("button", name=name("^Veröffentlichen$|^Publish$"))).to_have_count(0)
    submit.click()

    idea = Idea.objects.get()
    assert idea.visibility == Visibility.PENDING
    expect(visitor.locator("#reference")).to_have_text(idea.reference)
    expect(visitor.locator("main")).to_contain_text(name("Moderator"))
    check_page(visitor, "idea-received")

    # Another day, another browser: the person types the reference as they noted it.
    later = open_page()
    later.goto(live_server.url + reverse("progress:lookup", args=[way_in["review"].pk]))
    year, number = idea.reference.split("-")[1:]
    later.get_by_role("textbox", name=name("Kennung|Reference")).fill(f"zw {year} {int(number)}")
    later.locator("main form button[type=submit]").click()
    result = later.locator(".result")
    expect(result).to_have_count(1)
    expect(result).to_contain_text(idea.reference)
    expect(later.get_by_role("heading", level=2)).to_be_visible()
    check_page(later, "idea-lookup")
