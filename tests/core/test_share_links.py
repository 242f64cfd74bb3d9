"""Share links (issue 15): plain links that load nothing from the services they name, with absolute
addresses, on the pages people pass on."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from tests.ideas.factories import IdeaFactory
from tests.surveys.factories import survey_module
from zukunftswerkstatt.core.templatetags.zw_appearance import share_targets
from zukunftswerkstatt.events import services as events
from zukunftswerkstatt.events.models import Kind
from zukunftswerkstatt.processes.services import module_create

pytestmark = pytest.mark.django_db

SITE = "https://beteiligung.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def english(client):
    client.cookies["zw_language"] = "en"
    return client


def targets(url="https://beteiligung.example.org/o/x/p/y/", title="Ideen für das Göltzschtal & mehr"):
    return {target["service"]: target["href"] for target in share_targets(url=url, title=title)}


def test_share_targets_carry_the_address_and_title_encoded():
    url = "https://beteiligung.example.org/o/x/p/y/"
    links = targets(url)
    assert set(links) == {"email", "whatsapp", "telegram", "facebook"}
    mail = urlsplit(links["email"])
    assert mail.scheme == "mailto"
    assert parse_qs(mail.query) == {"subject": ["Ideen für das Göltzschtal & mehr"], "body": [url]}
    assert links["whatsapp"].startswith("https://wa.me/?text=")
    assert parse_qs(urlsplit(links["whatsapp"]).query)["text"] == [f"Ideen für das Göltzschtal & mehr {url}"]
    telegram = urlsplit(links["telegram"])
    assert (telegram.netloc, telegram.path) == ("t.me", "/share/url")
    assert parse_qs(telegram.query) == {"url": [url], "text": ["Ideen für das Göltzschtal & mehr"]}
    assert parse_qs(urlsplit(links["facebook"]).query) == {"u": [url]}
    assert links["facebook"].startswith("https://www.facebook.com/sharer/sharer.php?")
    # "&" of the title never ends a parameter early, " " is %20 (mail programs show "+" literally)
    assert "%26" in links["email"]
    assert "+" not in links["email"]


def share_block(html: str) -> str:
    match = re.search(r'<div class="share">.*?</div>', html, re.S)
    assert match, "no share links on the page"
    return match.group(0)


def test_the_tag_renders_plain_links_that_load_nothing():
    html = Template("{% load zw_appearance %}{% share_links '/o/x/p/y/' 'Titel' %}").render(Context({}))
    block = share_block(html)
    links = re.findall(r"<a [^>]*>", block)
    assert len(links) == 4
    for link in links:
        assert 'rel="noopener noreferrer"' in link
        assert "target=" not in link  # nothing opens by itself or in a new window
    assert f"{SITE}/o/x/p/y/" in block  # absolute, to SITE_URL
    # Nothing from elsewhere: no image, frame or script of the services; our own script only.
    assert "<img" not in block
    assert "<iframe" not in block
    assert re.findall(r'<script src="([^"]+)"', html) == ["/static/core/share.js"]
    # The buttons that need JavaScript are hidden until the script finds what they need.
    assert block.count("<li hidden") == 2


def test_phase_and_process_pages_have_share_links(english, process):
    phase = process.phases.get(type="workshop")
    block = share_block(english.get(phase.get_absolute_url()).content.decode())
    assert "Share this page" in block
    assert f"{SITE}{phase.get_absolute_url()}" in block
    block = share_block(english.get(process.get_absolute_url()).content.decode())
    assert f"{SITE}{process.get_absolute_url()}" in block


def test_a_published_contribution_has_share_links_a_pending_one_not(english, process, participant, town_a):
    module = module_create(
        phase=process.phases.get(type="workshop"),
        type="ideas",
        title="Ideen",
        settings={"open_kinds": ["proposal"], "allow_guests": False},
    )
    idea = IdeaFactory(module=module, author=participant, municipality=town_a, title="Mehr Bänke am Markt")
    block = share_block(english.get(idea.get_absolute_url()).content.decode())
    assert "Mehr%20B%C3%A4nke%20am%20Markt" in block
    idea.visibility = "pending"
    idea.save(update_fields=["visibility"])
    english.force_login(participant)
    assert '<div class="share">' not in english.get(idea.get_absolute_url()).content.decode()


def test_event_and_survey_pages_have_share_links(english, process):
    workshop = process.phases.get(type="workshop")
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=14)
    event = events.event_create(
        process=process,
        phase=workshop,
        title="Zukunftswerkstatt Falkenstein",
        kind=Kind.WORKSHOP,
        start=start,
        end=start + dt.timedelta(hours=3),
        place_name="Rathaus Falkenstein",
        capacity=10,
    )
    block = share_block(english.get(event.get_absolute_url()).content.decode())
    assert f"{SITE}{event.get_absolute_url()}" in block
    survey = survey_module(process)
    address = reverse("surveys:module", kwargs={"module_pk": survey.module_id})
    block = share_block(english.get(address).content.decode())
    assert f"{SITE}{address}" in block
