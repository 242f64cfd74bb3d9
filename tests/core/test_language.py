"""German first; English when the visitor chooses it, never because of the browser alone."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

SET_LANGUAGE = reverse("set_language")
COOKIE = "zw_language"


@pytest.fixture
def process_page(process):
    return process.get_absolute_url()


def test_pages_are_german_by_default(client, process_page):
    response = client.get(process_page)
    assert response["Content-Language"] == "de"
    content = response.content.decode()
    assert '<html lang="de">' in content
    assert "Zum Inhalt springen" in content
    assert "Skip to content" not in content


def test_the_language_cookie_is_called_zw_language():
    assert settings.LANGUAGE_COOKIE_NAME == COOKIE


def test_choosing_english_sets_the_cookie_and_switches_the_pages(client, process_page):
    response = client.post(SET_LANGUAGE, {"language": "en", "next": process_page})
    assert response.status_code == 302
    assert response.url == process_page
    assert response.cookies[COOKIE].value == "en"
    english = client.get(process_page)
    assert english["Content-Language"] == "en"
    assert '<html lang="en">' in english.content.decode()
    assert "Skip to content" in english.content.decode()


def test_choosing_german_again_switches_back(client, process_page):
    client.post(SET_LANGUAGE, {"language": "en", "next": process_page})
    client.post(SET_LANGUAGE, {"language": "de", "next": process_page})
    assert client.get(process_page)["Content-Language"] == "de"


def test_the_browsers_accept_language_alone_does_not_switch_to_english(client, process_page):
    response = client.get(process_page, headers={"accept-language": "en-GB,en;q=0.9"})
    assert response["Content-Language"] == "de"
    assert '<html lang="de">' in response.content.decode()


def test_an_unknown_language_in_the_cookie_falls_back_to_german(client, process_page):
    client.cookies[COOKIE] = "fr"
    response = client.get(process_page)
    assert response["Content-Language"] == "de"


def test_choosing_a_language_the_platform_does_not_offer_keeps_german(client, process_page):
    client.post(SET_LANGUAGE, {"language": "fr", "next": process_page})
    assert client.get(process_page)["Content-Language"] == "de"


def test_the_language_switch_offers_the_other_language(client, process_page):
    content = client.get(process_page).content.decode()
    assert 'name="language" value="en"' in content
    assert 'name="language" value="de"' not in content
