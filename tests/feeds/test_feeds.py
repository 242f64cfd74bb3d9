"""RSS and Atom feeds of a process: entries, no person, published only, fixed queries, caching."""

from __future__ import annotations

import datetime as dt

import defusedxml.ElementTree as ET
import pytest
from django.utils import timezone

from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from zukunftswerkstatt.events import services as event_services
from zukunftswerkstatt.events.models import Event, Kind
from zukunftswerkstatt.ideas import services as idea_services
from zukunftswerkstatt.ideas.models import Idea, Visibility

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _published(module, **kwargs) -> Idea:
    idea = IdeaFactory(module=module, **kwargs)
    Idea.objects.filter(pk=idea.pk).update(visibility=Visibility.PUBLISHED)
    idea.refresh_from_db()
    return idea


def _feed(process, kind: str, fmt: str = "rss") -> str:
    return f"/feeds/{process.organisation.slug}/{process.slug}/{kind}.{fmt}"


@pytest.fixture
def content(process, ideas_module, guest_module, moderator):
    answered = _published(ideas_module, author=UserFactory(display_name="SECRET-NAME"), title="Mehr Bänke")
    moderator.display_name = "SECRET-MODERATOR"
    moderator.save()
    idea_services.idea_answer(idea=answered, text="Wir stellen zwei Bänke auf.", by=moderator)
    hidden = _published(ideas_module, title="SECRET-HIDDEN")
    Idea.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN, hidden_reason="x")
    Idea.objects.update(moderator_note="SECRET-NOTE")
    IdeaFactory(module=guest_module, author=None, guest_name="SECRET-GUEST", title="SECRET-PENDING")
    start = timezone.now() + dt.timedelta(days=7)
    event = event_services.event_create(
        process=process, title="Werkstatt Ellefeld", kind=Kind.WORKSHOP, start=start,
        end=start + dt.timedelta(hours=2), place_name="Turnhalle Ellefeld",
    )  # fmt: skip
    Event.objects.filter(pk=event.pk).update(is_published=True)
    draft = event_services.event_create(
        process=process, title="SECRET-EVENT", kind=Kind.WORKSHOP, start=start,
        end=start + dt.timedelta(hours=2), place_name="x",
    )  # fmt: skip
    Event.objects.filter(pk=draft.pk).update(is_published=False)
    return answered, event


def test_the_feeds_hold_their_entries_and_name_nobody(client, process, content):
    answered, event = content
    for kind, expected in [
        ("contributions", "Mehr Bänke"),
        ("answers", "Wir stellen zwei Bänke auf."),
        ("events", "Werkstatt Ellefeld"),
        ("all", "Werkstatt Ellefeld"),
    ]:
        response = client.get(_feed(process, kind))
        assert response.status_code == 200, kind
        assert response["Content-Type"].startswith("application/rss+xml")
        text = response.content.decode()
        root = ET.fromstring(response.content)
        assert root.find("channel/item") is not None, kind
        assert expected in text, kind
        assert "SECRET" not in text, kind
    links = [item.findtext("link") for item in ET.fromstring(client.get(_feed(process, "all")).content).iter("item")]
    assert all(link.startswith("http") for link in links)


def test_atom_feeds_parse_and_have_ids(client, process, content):
    response = client.get(_feed(process, "all", "atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3  # a contribution, its answer, an event
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 3
    assert "SECRET" not in response.content.decode()


def test_links_use_the_site_address(client, process, content, settings):
    settings.SITE_URL = "https://beteiligung.example.org"
    root = ET.fromstring(client.get(_feed(process, "contributions")).content)
    assert root.findtext("channel/link").startswith("https://beteiligung.example.org/")
    assert root.find("channel/item/link").text.startswith("https://beteiligung.example.org/ideas/")


def test_unpublished_process_and_unknown_feeds_are_404(client, process, content):
    assert client.get(_feed(process, "secrets")).status_code == 404
    assert client.get(_feed(process, "all", "json")).status_code == 404
    process.is_published = False
    process.save()
    assert client.get(_feed(process, "all")).status_code == 404
    assert client.get(f"/feeds/{process.organisation.slug}/{process.slug}/").status_code == 404


def test_a_feed_reader_asking_again_gets_304_and_no_cookie(client, process, content):
    first = client.get(_feed(process, "all"))
    assert not first.cookies
    again = client.get(_feed(process, "all"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_the_feeds_page_lists_every_feed_and_the_calendar(client, process, content):
    response = client.get(f"/feeds/{process.organisation.slug}/{process.slug}/", HTTP_COOKIE="zw_language=en")
    text = response.content.decode()
    for kind in ("all", "contributions", "answers", "events", "progress"):
        assert _feed(process, kind) in text
        assert _feed(process, kind, "atom") in text
    assert "calendar.ics" in text
    page = client.get(process.get_absolute_url()).content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in page


@pytest.mark.parametrize("count", [1, 20])
def test_a_feed_costs_a_fixed_number_of_queries(client, process, ideas_module, count, django_assert_num_queries):
    for _ in range(count):
        _published(ideas_module)
    # Process, its modules, the contributions.
    with django_assert_num_queries(3):
        response = client.get(_feed(process, "contributions"))
    assert response.content.count(b"<item>") == count
