"""The live workshop board's fixtures: an idea collection in the running future-workshop phase,
a published workshop event, a session for it, and helpers to join and to reach its pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from zukunftswerkstatt.events import services as event_services
from zukunftswerkstatt.events.models import Kind
from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.workshops import services
from zukunftswerkstatt.workshops.views.common import COOKIE_SALT, cookie_name


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits count in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read messages in the source language."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def workshop(process):
    return process.phases.get(type="workshop")


@pytest.fixture
def ideas_module(workshop):
    return module_create(
        phase=workshop,
        type="ideas",
        title="Ideen für das Göltzschtal",
        settings={"open_kinds": ["criticism", "vision", "proposal"], "allow_guests": False},
    )


@pytest.fixture
def event(process, workshop):
    start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    return event_services.event_create(
        process=process,
        phase=workshop,
        title="Zukunftswerkstatt Falkenstein",
        kind=Kind.WORKSHOP,
        start=start,
        end=start + dt.timedelta(hours=3),
        place_name="Rathaus Falkenstein",
        room="Ratssaal",
    )


@pytest.fixture
def session(event, ideas_module, moderator):
    return services.session_create(event=event, ideas_module=ideas_module, title="", started_by=moderator)


@pytest.fixture
def criticism(session):
    """The session in its first step, collecting criticism."""
    return services.session_set_step(session=session, step="criticism")


@pytest.fixture
def join():
    """`join(session, pseudonym="")`: a participant and a test client that carries their cookie."""

    def make(session, pseudonym: str = ""):
        participant, token = services.participant_join(code=session.code, pseudonym=pseudonym)
        client = Client()
        client.cookies[cookie_name(session.pk)] = signed(session.pk, token)
        return participant, client

    return make


def signed(session_pk: int, token: str) -> str:
    from django.core.signing import get_cookie_signer

    return get_cookie_signer(salt=cookie_name(session_pk) + COOKIE_SALT).sign(token)
