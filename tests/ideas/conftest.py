"""The idea collection's fixtures: an "ideas" module in the running future-workshop phase,
fields of action, target groups, and a contribution by the participant for town A."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext

from tests.ideas.factories import IdeaFactory
from zukunftswerkstatt.core.models import TargetGroup, Topic
from zukunftswerkstatt.core.services import target_group_ensure_defaults
from zukunftswerkstatt.ideas.models import Kind
from zukunftswerkstatt.processes.services import module_create

ALL_KINDS = [Kind.CRITICISM, Kind.VISION, Kind.PROPOSAL]


def german(text: str) -> str:
    """What a visitor sees for an English message id (pages are in German unless they choose English)."""
    with translation.override("de"):
        return gettext(text)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits count in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def workshop(process):
    """The future-workshop phase: it started three days ago and runs twelve weeks."""
    return process.phases.get(type="workshop")


@pytest.fixture
def ideas_module(workshop):
    return module_create(
        phase=workshop,
        type="ideas",
        title="Ideen für Auerbach und Ellefeld",
        settings={"open_kinds": list(ALL_KINDS), "allow_guests": False},
    )


@pytest.fixture
def guest_module(workshop):
    """A second collection in the same phase that takes contributions without an account."""
    return module_create(
        phase=workshop,
        type="ideas",
        title="Ideen ohne Anmeldung",
        settings={"open_kinds": list(ALL_KINDS), "allow_guests": True},
        position=1,
    )


@pytest.fixture
def topics(organisation):
    return [
        Topic.objects.create(organisation=organisation, name="Wohnen", position=0),
        Topic.objects.create(organisation=organisation, name="Freizeit und Sport", position=1),
    ]


@pytest.fixture
def target_groups(db):
    target_group_ensure_defaults()
    return list(TargetGroup.objects.all())


@pytest.fixture
def idea(ideas_module, participant, town_a):
    """Paula's proposal for town A."""
    return IdeaFactory(
        module=ideas_module,
        author=participant,
        kind=Kind.PROPOSAL,
        title="Sitzbänke am Marktplatz",
        text="Am Marktplatz fehlen Sitzbänke für Ältere.",
        municipality=town_a,
    )


@pytest.fixture
def mail_on_commit(django_capture_on_commit_callbacks):
    """Run what is queued for after the commit (e-mails) when the block ends, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
