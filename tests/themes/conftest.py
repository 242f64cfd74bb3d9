"""The themes fixtures: a process with an idea collection of bus, playground and doctor
contributions, a live board with cards on the same subjects (one from paper), and a helper that
computes suggested themes through the service, as the worker would."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from tests.ideas.factories import IdeaFactory
from tests.workshops.factories import card
from zukunftswerkstatt.events import services as event_services
from zukunftswerkstatt.events.models import Kind
from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.themes import services
from zukunftswerkstatt.workshops import services as workshops_services

IDEAS = [
    ("Bus am Abend", "Abends fährt kein Bus mehr nach Auerbach."),
    ("Busverbindung nach 18 Uhr", "Nach 18 Uhr gibt es keine Busverbindung mehr, der Bus fehlt abends."),
    ("Spielplatz erneuern", "Der Spielplatz an der Göltzsch ist kaputt, die Spielgeräte sind alt."),
    ("Neue Spielgeräte", "Der Spielplatz braucht neue Spielgeräte für kleine Kinder."),
    ("Hausarzt fehlt", "In Ellefeld gibt es keinen Hausarzt mehr, die Praxis hat geschlossen."),
]
CARDS = [
    "Busse fahren abends viel zu selten",
    "Spielplatz mit neuen Geräten für Kinder",
    "Ein Hausarzt für Ellefeld, die Praxis fehlt",
]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def ideas_module(process):
    return module_create(
        phase=process.phases.get(type="workshop"),
        type="ideas",
        title="Ideen für das Göltzschtal",
        settings={"open_kinds": ["criticism", "vision", "proposal"], "allow_guests": False},
    )


@pytest.fixture
def session(process, ideas_module, moderator):
    """A live board at the kick-off of the process."""
    start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    event = event_services.event_create(
        process=process,
        phase=process.phases.get(type="workshop"),
        title="Auftakt",
        kind=Kind.KICKOFF,
        start=start,
        end=start + dt.timedelta(hours=3),
        place_name="Rathaus Falkenstein",
        room="Ratssaal",
    )
    return workshops_services.session_create(
        event=event, ideas_module=ideas_module, title="Tischrunden", started_by=moderator
    )


@pytest.fixture
def ideas(ideas_module, participant):
    return [IdeaFactory(module=ideas_module, author=participant, title=t, text=x) for t, x in IDEAS]


@pytest.fixture
def cards(session):
    session = workshops_services.session_set_step(session=session, step="criticism")
    phone, _token = workshops_services.participant_join(code=session.code)
    made = [card(session, CARDS[0], participant=phone)]
    made += [card(session, text) for text in CARDS[1:]]  # typed in from paper
    return made


@pytest.fixture
def computed(process, ideas, cards, moderator):
    """Suggested themes computed for the process (the run done)."""
    run = services.theme_run_request(process=process, by=moderator)
    return services.theme_run_execute(run_pk=run.pk)


@pytest.fixture
def plan_module(process):
    return module_create(phase=process.phases.get(type="action_plan"), type="action_plan", title="Werkstattplan")


def theme_of(process, key: str):
    from zukunftswerkstatt.themes.models import ThemeItem

    kind, _sep, pk = key.partition("-")
    return ThemeItem.objects.select_related("theme").get(theme__process=process, **{f"{kind}_id": int(pk)}).theme
