"""The SWOT analysis's fixtures: a "swot" module in the Kommunalprofil phase of the shared process
(the phase is over: the SWOT stays open for comments and suggestions into the future workshop),
fields of action, and a few items."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext

from tests.ideas.factories import IdeaFactory
from tests.swot.factories import SwotItemFactory
from zukunftswerkstatt.core.models import Topic
from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.swot.models import Quadrant


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
    """The PDFs are kept in private storage."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the PDF task) when the block ends, as in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def profile_phase(process):
    return process.phases.get(type="profile")


@pytest.fixture
def swot_module(profile_phase):
    return module_create(phase=profile_phase, type="swot", title="SWOT-Analyse Göltzschtal")


@pytest.fixture
def ideas_module(process):
    return module_create(
        phase=process.phases.get(type="workshop"),
        type="ideas",
        title="Ideen",
        settings={"open_kinds": ["criticism", "vision", "proposal"], "allow_guests": False},
    )


@pytest.fixture
def idea(ideas_module, participant):
    return IdeaFactory(module=ideas_module, author=participant, title="Mehr Busse am Wochenende")


@pytest.fixture
def topic(organisation):
    return Topic.objects.create(organisation=organisation, name="Wohnen und Leben", position=0)


@pytest.fixture
def association_item(swot_module):
    return SwotItemFactory(
        module=swot_module, quadrant=Quadrant.STRENGTH, statement="Das Göltzschtal verbindet vier Städte"
    )


@pytest.fixture
def town_a_item(swot_module, town_a):
    return SwotItemFactory(
        module=swot_module, municipality=town_a, quadrant=Quadrant.WEAKNESS, statement="Leerstand in der Altstadt"
    )


@pytest.fixture
def town_b_item(swot_module, town_b):
    return SwotItemFactory(
        module=swot_module, municipality=town_b, quadrant=Quadrant.THREAT, statement="Weniger Kinder"
    )


@pytest.fixture
def mail_on_commit(django_capture_on_commit_callbacks):
    """Run what is queued for after the commit (e-mails) when the block ends, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
