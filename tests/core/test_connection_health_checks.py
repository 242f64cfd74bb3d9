"""After a database restart, a persistent connection (CONN_MAX_AGE) costs no request an error.

With `CONN_HEALTH_CHECKS` (on by default) Django checks a reused connection before a request's
first query and replaces a dead one. The request goes through Django's real WSGI handler, as under
gunicorn: the test client skips the request-boundary connection handling this is about.
"""

from __future__ import annotations

import time

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from tests.factories import OrganisationFactory


def test_health_checks_are_on_by_default():
    assert django_settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def get(path: str) -> int:
    """One request through the WSGI handler, closed as a server closes it; returns the status code."""
    environ = RequestFactory().get(path).environ
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    b"".join(response)
    response.close()
    return int(statuses[0].split()[0])


def terminate_from_outside(pid: int) -> None:
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(50):
            if not other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                return
            time.sleep(0.1)


@pytest.fixture
def persistent_connection(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    OrganisationFactory()
    saved = {key: connection.settings_dict.get(key) for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    yield connection.settings_dict
    connection.close()
    connection.settings_dict.update(saved)


RETRY = "zukunftswerkstatt.core.middleware.DatabaseUnavailableMiddleware"


@pytest.mark.parametrize(
    ("health_checks", "retry_middleware", "status_after_restart"),
    [
        (True, False, 200),  # the health check alone replaces the dead connection
        # Without either, the first request after the restart fails (with the plain 503 page of
        # core.views.server_error, not the 500 one).
        (False, False, 503),
        (False, True, 200),  # the middleware reads the page again on a fresh connection
    ],
)
def test_a_request_after_the_database_dropped_a_persistent_connection(
    persistent_connection, settings, health_checks, retry_middleware, status_after_restart
):
    persistent_connection["CONN_HEALTH_CHECKS"] = health_checks
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != RETRY] + ([RETRY] if retry_middleware else [])
    assert get("/") == 200
    pid = connection.connection.info.backend_pid  # kept open for the next request

    terminate_from_outside(pid)

    assert get("/") == status_after_restart
    assert get("/") == 200  # without checks only the first request fails, and the next reconnects
