"""A database that goes away in the middle of a request: a GET is read again on a fresh connection,
anything else gets a plain 503 page that says what may not have been saved (issue 11)."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client

from tests.core import urls_database_fault

# Transactional: the middleware closes the connection, which inside a test's transaction would end it.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def faults(settings):
    settings.ROOT_URLCONF = "tests.core.urls_database_fault"
    urls_database_fault.CALLS.update(count=0, fail=0)
    return urls_database_fault.CALLS


@pytest.fixture(autouse=True)
def _no_pause(monkeypatch):
    from zukunftswerkstatt.core.middleware import DatabaseUnavailableMiddleware

    monkeypatch.setattr(DatabaseUnavailableMiddleware, "RETRY_PAUSE_SECONDS", 0)


def test_a_page_read_while_the_connection_was_lost_is_read_again(client, faults):
    faults["fail"] = 1
    response = client.get("/flaky/")
    assert response.status_code == 200
    assert response.content.decode().startswith("people: ")
    assert faults["count"] == 2


def test_a_database_away_for_longer_gets_a_plain_503_in_german(client, faults):
    faults["fail"] = 5
    response = client.get("/flaky/")
    assert faults["count"] == 2  # tried once more, not in a loop
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert '<html lang="de">' in page
    assert "vorübergehend nicht erreichbar" in page
    assert "Bitte laden Sie die Seite gleich noch einmal." in page
    assert "nicht gespeichert" not in page  # nothing was sent


def test_a_form_sent_while_the_database_was_away_is_not_repeated_and_says_so(client, faults):
    faults["fail"] = 1
    client.cookies["zw_language"] = "en"
    response = client.post("/flaky/", {"text": "Mehr Bänke"})
    assert faults["count"] == 1  # a POST is never sent twice
    assert response.status_code == 503
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "What you sent may not have been saved." in page


def test_a_lost_connection_outside_a_view_gets_the_503_page_too(faults):
    from zukunftswerkstatt.core.views import server_error

    client = Client(raise_request_exception=False)
    request = client.get("/").wsgi_request
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert "vorübergehend nicht erreichbar" in response.content.decode()


def test_other_errors_keep_the_500_page():
    from zukunftswerkstatt.core.views import server_error

    request = Client().get("/").wsgi_request
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
