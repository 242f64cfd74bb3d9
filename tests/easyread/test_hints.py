"""The readability hints endpoint: staff only, rate limited, an HTML fragment, never a block."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/leichte-sprache/hints/"


def test_the_url_is_the_one_the_pages_name():
    assert reverse("easyread:hints") == URL


def test_staff_get_the_hints_as_a_fragment(client_for, staff_a):
    response = client_for(staff_a).post(URL, {"text": "Die Bürgerbeteiligung ist z. B. wichtig."})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Wiener Sachtextformel" in html
    assert "Bürger·beteiligung" in html
    assert "zum Beispiel" in html


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_people_without_a_role_get_no_hints(client, client_for, participant, who):
    asking = client if who == "anonymous" else client_for(participant)
    response = asking.post(URL, {"text": "Ein Satz."})
    assert response.status_code in (302, 403)
    assert b"Wiener" not in response.content


def test_only_post_is_answered(client_for, staff_a):
    assert client_for(staff_a).get(URL).status_code == 405


def test_an_empty_text_gets_the_invitation(client_for, moderator):
    response = client_for(moderator).post(URL, {})
    assert response.status_code == 200
    assert "appear here when you write" in response.content.decode()


def test_a_text_too_long_is_refused_politely(client_for, moderator):
    response = client_for(moderator).post(URL, {"text": "Wort " * 5000})
    assert response.status_code == 400
    assert "too long" in response.content.decode()


def test_the_hints_are_rate_limited_per_account(client_for, moderator, staff_a, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "easyread.hints:account": "2/h"}
    asking = client_for(moderator)
    assert asking.post(URL, {"text": "Eins."}).status_code == 200
    assert asking.post(URL, {"text": "Zwei."}).status_code == 200

    limited = asking.post(URL, {"text": "Drei."})

    assert limited.status_code == 429
    assert "paused" in limited.content.decode()
    # Another person is counted on their own.
    assert client_for(staff_a).post(URL, {"text": "Eins."}).status_code == 200
