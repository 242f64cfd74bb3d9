"""Pages for visitors without an account from the cache (core/pagecache.py, docs/caching.md), on the
idea collection: a second visit costs no query, a write shows at once, a cached form still posts,
and nobody logged in ever gets a page from the cache, nor anybody else's."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from tests.ideas.helpers import url
from zukunftswerkstatt.core import pagecache
from zukunftswerkstatt.ideas import services

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.VISITOR_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def visit(client: Client, address: str):
    response = client.get(address)
    assert response.status_code == 200
    return response, response.get("X-Visitor-Cache")


def test_the_second_visit_comes_from_the_cache_without_a_query(ideas_module, idea, django_assert_num_queries):
    address = url("list", ideas_module)
    first, state = visit(Client(), address)
    assert state == "miss"
    with django_assert_num_queries(0):
        again, state = visit(Client(), address)
    assert state == "hit"
    assert idea.title in again.content.decode()
    # The same page, apart from the CSRF tokens.
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())
    detail = url("detail", ideas_module, idea)
    assert visit(Client(), detail)[1] == "miss"
    with django_assert_num_queries(0):
        assert visit(Client(), detail)[1] == "hit"


def test_a_cached_page_carries_the_visitor_s_own_csrf_token_and_its_forms_post(ideas_module, idea):
    address = url("list", ideas_module)
    visit(Client(), address)
    visitor = Client(enforce_csrf_checks=True)
    page, state = visit(visitor, address)
    assert state == "hit"
    tokens = set(TOKEN.findall(page.content.decode()))
    assert tokens
    assert pagecache.PLACEHOLDER.decode() not in page.content.decode()
    assert "csrftoken" in page.cookies
    # The language switch in the header is a form: it posts with the token from the cached page.
    switched = visitor.post(
        reverse("set_language"), {"csrfmiddlewaretoken": tokens.pop(), "language": "en", "next": address}
    )
    assert switched.status_code == 302


def test_a_write_shows_at_once(ideas_module, idea, participant, client_for, django_capture_on_commit_callbacks):
    address = url("list", ideas_module)
    visit(Client(), address)
    assert visit(Client(), address)[1] == "hit"
    # Through a form: a comment is a POST answered with a redirect.
    client_for(participant).post(url("comment", ideas_module, idea), {"text": "Ich bin dafür, sehr!"})
    page, state = visit(Client(), url("detail", ideas_module, idea))
    assert state == "miss"
    assert "Ich bin dafür, sehr!" in page.content.decode()
    # Through a service (the back office, a worker): the save ends the cached pages too.
    visit(Client(), address)
    with django_capture_on_commit_callbacks(execute=True):
        IdeaFactory(module=ideas_module, author=participant, title="Ein Brunnen am Markt")
    page, state = visit(Client(), address)
    assert state == "miss"
    assert "Ein Brunnen am Markt" in page.content.decode()


def test_nobody_logged_in_gets_a_page_from_the_cache(ideas_module, idea, participant, client_for):
    address = url("detail", ideas_module, idea)
    visit(Client(), address)
    assert visit(Client(), address)[1] == "hit"
    person = client_for(participant)
    page, state = visit(person, address)
    assert state is None
    assert reverse("account_logout") in page.content.decode()
    # And what a logged-in person sees (their support, their name) is never kept for others.
    services.support_toggle(idea=idea, user=participant)
    cache.clear()
    visit(person, address)
    page, state = visit(Client(), address)
    assert state == "miss"
    assert reverse("account_logout") not in page.content.decode()


def test_each_language_has_its_own_page(ideas_module, idea, settings):
    address = url("list", ideas_module)
    german, _state = visit(Client(), address)
    english_visitor = Client()
    english_visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english, state = visit(english_visitor, address)
    assert state == "miss"
    assert english["Content-Language"] == "en"
    assert visit(english_visitor, address)[1] == "hit"
    assert german.content != english.content


def test_visitors_with_a_session_or_other_cookies_are_served_as_always(ideas_module, idea):
    address = url("list", ideas_module)
    visit(Client(), address)
    with_session = Client()
    with_session.cookies["sessionid"] = "abc"
    assert visit(with_session, address)[1] is None
    with_other = Client()
    with_other.cookies["zw_ws_12"] = "token"
    assert visit(with_other, address)[1] is None


def test_an_answer_that_touched_the_session_is_not_kept(ideas_module, idea):
    """The random order keeps its seed in the visitor's session: that page is theirs."""
    address = url("list", ideas_module) + "?sort=random"
    first, state = visit(Client(), address)
    assert "sessionid" in first.cookies
    assert state == "pass"
    assert visit(Client(), address)[1] == "pass"


def test_htmx_parts_and_pages_are_kept_apart(ideas_module, idea):
    address = url("list", ideas_module)
    whole, _state = visit(Client(), address)
    part = Client().get(address, headers={"HX-Request": "true", "HX-Target": "idea-results"})
    assert part.get("X-Visitor-Cache") in {"miss", "pass"}
    assert visit(Client(), address)[0].content.decode().count("<html") == whole.content.decode().count("<html")


def test_without_a_shared_cache_the_page_cache_is_off(settings):
    """With the in-process cache several processes would each keep their own generation."""
    from config import settings as config_settings

    assert config_settings._SHARED_CACHE is False
    assert (60 if config_settings.DEBUG else 0) == config_settings.VISITOR_CACHE_SECONDS


def test_logged_in_people_never_share_a_page(ideas_module, idea, participant, client_for):
    other = UserFactory(email="other@example.org", display_name="Olga")
    a, b = client_for(participant), client_for(other)
    for person in (a, b):
        assert visit(person, url("list", ideas_module))[1] is None
