"""The action plan's fixtures: the action-plan phase running now, an idea collection in the
workshop phase with two contributions, a plan module, a prioritisation module and measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.ideas.factories import IdeaFactory
from tests.plans.factories import MeasureFactory
from tests.processes.document_sections import document_section  # noqa: F401 - a later app's section in the documents
from zukunftswerkstatt.core.models import Topic
from zukunftswerkstatt.ideas.models import Kind
from zukunftswerkstatt.processes.models import Phase
from zukunftswerkstatt.processes.services import module_create


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
def action_phase(process):
    """The action-plan phase, moved so that it runs now (the workshop phase still runs too)."""
    now = timezone.now()
    Phase.objects.filter(process=process, type="action_plan").update(
        start=now - dt.timedelta(days=2), end=now + dt.timedelta(days=30)
    )
    return process.phases.get(type="action_plan")


@pytest.fixture
def ideas_module(process):
    return module_create(
        phase=process.phases.get(type="workshop"),
        type="ideas",
        title="Ideen",
        settings={"open_kinds": [Kind.CRITICISM, Kind.VISION, Kind.PROPOSAL], "allow_guests": False},
    )


@pytest.fixture
def plan_module(action_phase):
    return module_create(phase=action_phase, type="action_plan", title="Werkstattplan")


@pytest.fixture
def vote_module(action_phase):
    return module_create(
        phase=action_phase,
        type="prioritisation",
        title="Was ist Ihnen am wichtigsten?",
        settings={"points_per_person": 5, "allow_stacking": True, "closed": False},
        position=1,
    )


@pytest.fixture
def topic(organisation):
    return Topic.objects.create(organisation=organisation, name="Wohnen und Leben", position=0)


@pytest.fixture
def author(db):
    from tests.factories import UserFactory

    return UserFactory(email="author@example.org", display_name="Anton")


@pytest.fixture
def idea_one(ideas_module, author, town_a, topic):
    return IdeaFactory(
        module=ideas_module,
        author=author,
        title="Bänke am Markt",
        text="Mehr Bänke am Markt.",
        municipality=town_a,
        topic=topic,
    )


@pytest.fixture
def idea_two(ideas_module, participant, town_b, topic):
    return IdeaFactory(
        module=ideas_module,
        author=participant,
        title="Schattenplätze",
        text="Bäume pflanzen.",
        municipality=town_b,
        topic=topic,
    )


@pytest.fixture
def measure(process, staff_a, topic):
    return MeasureFactory(process=process, by=staff_a, title="Bänke für alle", topic=topic)


@pytest.fixture
def measure_two(process, staff_a, topic):
    return MeasureFactory(process=process, by=staff_a, title="Bürgerbus", topic=topic)


@pytest.fixture
def mail_on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)
