"""The health check load balancers ask."""

from unittest import mock

import pytest
from django.db import DatabaseError, OperationalError, connection
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("healthz")


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


@pytest.mark.parametrize("error", [DatabaseError, OperationalError])
def test_healthz_answers_503_in_json_when_the_database_is_unreachable(client, error):
    # The database server is outside the system: simulate it going away.
    with mock.patch.object(connection, "cursor", side_effect=error("connection refused")):
        response = client.get(URL)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "error", "database": False}


def test_healthz_is_never_cached(client):
    assert "no-cache" in client.get(URL)["Cache-Control"]


def test_healthz_only_answers_get(client):
    assert client.post(URL).status_code == 405
