"""Embeds: the boxes a town shows on its own website (content, framing, no cookies, no person, queries)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from zukunftswerkstatt.events import services as event_services
from zukunftswerkstatt.events.models import Kind
from zukunftswerkstatt.ideas.models import Idea, Visibility

pytestmark = pytest.mark.django_db


def _url(process, widget: str = "", query: str = "") -> str:
    return f"/embed/{process.organisation.slug}/{process.slug}/{widget + '/' if widget else ''}{query}"


def _published(module, **kwargs) -> Idea:
    idea = IdeaFactory(module=module, **kwargs)
    Idea.objects.filter(pk=idea.pk).update(visibility=Visibility.PUBLISHED)
    return idea


def test_the_phase_box_shows_the_running_phase_and_its_action(client, process, ideas_module):
    response = client.get(_url(process, "phase", "?lang=en"))
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="en">' in text
    assert "Now: part 3 of 5" in text
    assert f'href="http://127.0.0.1:8000/ideas/m/{ideas_module.pk}/new/" target="_top"' in text


def test_the_boxes_may_be_framed_anywhere_and_set_no_cookie(client, process, ideas_module):
    client.cookies["sessionid"] = "stale"
    for widget in ("phase", "contributions", "events"):
        response = client.get(_url(process, widget))
        assert response.status_code == 200, widget
        assert "X-Frame-Options" not in response, widget
        assert "frame-ancestors *" in response["Content-Security-Policy"], widget
        assert not response.cookies, widget
    # Every other page stays unframeable.
    page = client.get(process.get_absolute_url())
    assert page["X-Frame-Options"] == "DENY"


def test_the_contributions_box_names_nobody(client, process, ideas_module, town_a):
    _published(
        ideas_module, author=UserFactory(display_name="SECRET-NAME"), title="Bänke am Markt", municipality=town_a
    )
    hidden = _published(ideas_module, title="SECRET-HIDDEN")
    Idea.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN, hidden_reason="x")
    text = client.get(_url(process, "contributions", f"?module={ideas_module.pk}&limit=3")).content.decode()
    assert "Bänke am Markt" in text
    assert town_a.name in text
    assert "SECRET" not in text
    assert client.get(_url(process, "contributions", "?module=999999")).status_code == 404


def test_the_events_box_shows_upcoming_published_events(client, process):
    start = timezone.now() + dt.timedelta(days=3)
    event_services.event_create(
        process=process, title="Werkstatt Rodewisch", kind=Kind.WORKSHOP, start=start,
        end=start + dt.timedelta(hours=2), place_name="Rathaus Rodewisch",
    )  # fmt: skip
    past = timezone.now() - dt.timedelta(days=3)
    event_services.event_create(
        process=process, title="Vorbei", kind=Kind.WORKSHOP, start=past,
        end=past + dt.timedelta(hours=2), place_name="x",
    )  # fmt: skip
    text = client.get(_url(process, "events")).content.decode()
    assert "Werkstatt Rodewisch" in text
    assert "Vorbei" not in text


def test_unpublished_process_has_no_boxes(client, process):
    process.is_published = False
    process.save()
    for widget in ("", "phase", "contributions", "events"):
        assert client.get(_url(process, widget)).status_code == 404


def test_the_builder_gives_escaped_code(client, process, ideas_module):
    process.title = 'Göltzschtal "2030" <neu>'
    process.save()
    response = client.get(_url(process, "", "?widget=contributions&limit=3&lang=en"), HTTP_COOKIE="zw_language=en")
    text = response.content.decode()
    assert "&lt;iframe" in text  # the code is shown as text, in a text area
    assert "&amp;quot;2030&amp;quot;" in text  # the title escaped inside the code, escaped again for the page
    assert "limit=3" in text


@pytest.mark.parametrize("count", [1, 15])
def test_the_contributions_box_costs_a_fixed_number_of_queries(
    client, process, ideas_module, count, django_assert_num_queries
):
    for _ in range(count):
        _published(ideas_module)
    # Process, its modules, the contributions, and the organisation (the context processor, for colours).
    with django_assert_num_queries(4):
        response = client.get(_url(process, "contributions", "?limit=20"))
    assert response.content.decode().count('target="_top">Beitrag') == count
