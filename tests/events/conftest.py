"""The events' fixtures: an upcoming workshop event of the running phase with 10 seats,
registration open, and helpers to register people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from zukunftswerkstatt.events import services
from zukunftswerkstatt.events.models import Kind


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits count in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read messages in the source language; the German catalogue is tested on its own."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def workshop(process):
    return process.phases.get(type="workshop")


@pytest.fixture
def event(process, workshop):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=14)
    return services.event_create(
        process=process,
        phase=workshop,
        title="Zukunftswerkstatt Falkenstein",
        kind=Kind.WORKSHOP,
        start=start,
        end=start + dt.timedelta(hours=3),
        place_name="Rathaus Falkenstein",
        address="Willy-Rudert-Platz 1\n08223 Falkenstein/Vogtl.",
        room="Ratssaal",
        step_free_access=True,
        hearing_loop=True,
        capacity=10,
    )


@pytest.fixture
def register(event):
    """`register(name, companions=0, **fields)`: an online registration with a made-up e-mail
    (consenting to keep the needs when it gives some)."""

    def make(name: str, companions: int = 0, *, target=None, **fields):
        fields.setdefault("email", f"{name.lower()}@example.org")
        fields.setdefault("needs_consent", "needs" in fields)
        return services.registration_create(event=target or event, name=name, companions=companions, **fields)

    return make


@pytest.fixture
def mail_on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)
