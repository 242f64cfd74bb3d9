"""The interim review's fixtures: a "review" module in the review phase, an idea collection with
Paula's contribution, two measures of the action plan (one for town A, one for town B) made with
plans' services, and an open review round."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.ideas.factories import IdeaFactory
from tests.processes.document_sections import document_section  # noqa: F401 - a later app's section in the documents
from tests.progress.factories import measure_make
from zukunftswerkstatt.core.models import Topic
from zukunftswerkstatt.ideas.models import Kind
from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.progress import services


def german(text: str) -> str:
    with translation.override("de"):
        return gettext(text)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def review_module(process):
    return module_create(phase=process.phases.get(type="review"), type="review", title="Zwischenbilanz")


@pytest.fixture
def ideas_module(process):
    return module_create(
        phase=process.phases.get(type="workshop"),
        type="ideas",
        title="Ideen",
        settings={"open_kinds": [Kind.CRITICISM, Kind.VISION, Kind.PROPOSAL], "allow_guests": False},
    )


@pytest.fixture
def topics(organisation):
    return [
        Topic.objects.create(organisation=organisation, name="Wohnen", position=0),
        Topic.objects.create(organisation=organisation, name="Mobilität", position=1),
    ]


@pytest.fixture
def idea(ideas_module, participant, town_a):
    return IdeaFactory(
        module=ideas_module,
        author=participant,
        kind=Kind.PROPOSAL,
        title="Sitzbänke am Marktplatz",
        text="Am Marktplatz fehlen Sitzbänke für Ältere.",
        municipality=town_a,
    )


@pytest.fixture
def measure(process, org_admin, town_a, topics, idea):
    """Benches for Auerbach, grown from Paula's contribution (through plans' service)."""
    return measure_make(
        process=process,
        by=org_admin,
        title="Bänke in der Innenstadt",
        topic=topics[0],
        municipalities=[town_a],
        ideas=[idea],
    )


@pytest.fixture
def measure_b(process, org_admin, town_b, topics):
    return measure_make(
        process=process, by=org_admin, title="Bürgerbus Ellefeld", topic=topics[1], municipalities=[town_b]
    )


@pytest.fixture
def review_round(process, org_admin):
    now = timezone.now()
    return services.review_round_open(
        process=process,
        opened_by=org_admin,
        title="Zwischenbilanz 2026",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=27),
    )


@pytest.fixture
def closed_round(process, org_admin):
    now = timezone.now()
    return services.review_round_open(
        process=process,
        opened_by=org_admin,
        title="Zwischenbilanz 2025",
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30),
    )


@pytest.fixture
def mail_on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)
