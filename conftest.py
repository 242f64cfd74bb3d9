"""The shared cast: an organisation with two towns, a process in five phases, and one person per role.

anonymous (the plain `client`), participant, staff_a (town A), staff_b (town B), moderator,
org_admin, other_org_admin (admin of a different organisation), platform_admin.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, UserFactory
from zukunftswerkstatt.accounts.models import Role
from zukunftswerkstatt.processes.services import process_create_from_blueprint

# A host that never resolves; the browser tests answer its requests with a tiny PNG.
TILE_STUB_URL = "https://tiles.test.invalid/{z}/{x}/{y}.png"

# Playwright's sync API runs an event loop in the test thread; Django's live server is fine with it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Nothing cached by an earlier test (figures, rate-limit counters) leaks into this one: SQLite
    # reuses primary keys after a rollback, so a cache key with an id could name another test's row.
    cache.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # WhiteNoise indexes STATIC_ROOT whenever a test client starts (0.2 s each with collected files);
    # an empty one keeps tests fast and the same with or without a local `collectstatic`.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_COOKIES = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # No test reaches the internet: maps load tiles from a stub (tests/browser/conftest.py serves it).
    settings.MAP_TILE_URL = TILE_STUB_URL


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Städteverbund Göltzschtal", slug="goeltzschtal")


@pytest.fixture
def town_a(organisation):
    return MunicipalityFactory(organisation=organisation, name="Auerbach/Vogtl.", ags="14523020")


@pytest.fixture
def town_b(organisation):
    return MunicipalityFactory(organisation=organisation, name="Ellefeld", ags="14523090")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Anderer Verbund", slug="anderer-verbund")


@pytest.fixture
def process(organisation, town_a, town_b):
    """A published five-phase process whose third phase (the future workshop) runs now."""
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(weeks=12, days=3), dt.time.min))
    return process_create_from_blueprint(
        organisation=organisation,
        title="Attraktiv im Wandel",
        slug="attraktiv-im-wandel",
        theme="Demografischer Wandel",
        start=start,
        municipalities=[town_a, town_b],
        is_published=True,
    )


@pytest.fixture
def participant(db):
    return UserFactory(email="participant@example.org", display_name="Paula")


@pytest.fixture
def staff_a(organisation, town_a):
    return MembershipFactory(
        user__email="staff-a@example.org", organisation=organisation, role=Role.TOWN_STAFF, municipality=town_a
    ).user


@pytest.fixture
def staff_b(organisation, town_b):
    return MembershipFactory(
        user__email="staff-b@example.org", organisation=organisation, role=Role.TOWN_STAFF, municipality=town_b
    ).user


@pytest.fixture
def moderator(organisation):
    return MembershipFactory(user__email="moderator@example.org", organisation=organisation, role=Role.MODERATOR).user


@pytest.fixture
def org_admin(organisation):
    return MembershipFactory(user__email="admin@example.org", organisation=organisation, role=Role.ADMIN).user


@pytest.fixture
def other_org_admin(other_organisation):
    return MembershipFactory(
        user__email="other-admin@example.org", organisation=other_organisation, role=Role.ADMIN
    ).user


@pytest.fixture
def platform_admin(db):
    user = UserFactory(email="root@example.org")
    user.is_superuser = True
    user.is_staff = True
    user.save(update_fields=["is_superuser", "is_staff"])
    return user


@pytest.fixture
def client_for(client):
    """Log a person in on the test client: `client_for(user)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True, scope="session")
def _urlconf_built_before_time_is_frozen():
    """The URLconf, and with it the read API's pydantic schemas, is built before any test freezes time:
    freezegun swaps datetime.datetime for its own class, and a schema built under it (the first request
    of a test run inside freeze_time) would not know the type it is asked to validate."""
    import config.urls  # noqa: F401
