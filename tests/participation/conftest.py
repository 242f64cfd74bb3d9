"""Rows for the participation counts, written directly: the counts read the tables, whatever service wrote them."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from zukunftswerkstatt.events.models import Event, Registration
from zukunftswerkstatt.ideas.models import Idea
from zukunftswerkstatt.plans.models import Ballot, Dot, Measure
from zukunftswerkstatt.processes.models import Module
from zukunftswerkstatt.progress.models import Rating, ReviewRound
from zukunftswerkstatt.workshops.models import Card, Participant, WorkshopSession

_numbers = itertools.count(1)


class World:
    """Builds the records of one process: `world.idea(author=…, town=…, age=…)` and so on."""

    def __init__(self, process):
        self.process = process
        phase = process.phases.order_by("start").first()
        self.module = Module.objects.create(phase=phase, type="information", title="Sammlung", description="x")
        self._event = None
        self._session = None
        self._measure = None
        self._round = None

    def idea(self, *, author=None, channel="online", town=None, age="", **fields):
        n = next(_numbers)
        return Idea.objects.create(
            module=self.module,
            reference=f"ZW-T-{n}",
            kind="proposal",
            title=f"Idee {n}",
            text="Text",
            author=author,
            channel=channel,
            participant_town=town,
            participant_age_group=age,
            **fields,
        )

    @property
    def event(self):
        if self._event is None:
            start = timezone.now() - dt.timedelta(days=3)
            self._event = Event.objects.create(
                process=self.process,
                title="Werkstattabend",
                kind="workshop",
                start=start,
                end=start + dt.timedelta(hours=2),
                place_name="Rathaus",
            )
        return self._event

    def registration(self, *, user=None, town=None, age="", status="confirmed", companions=0):
        n = next(_numbers)
        return Registration.objects.create(
            event=self.event,
            user=user,
            name=f"Gast {n}",
            email=f"gast{n}@example.org",
            cancel_token_hash=f"{n:064d}",
            status=status,
            companions=companions,
            participant_town=town,
            participant_age_group=age,
        )

    @property
    def session(self):
        if self._session is None:
            self._session = WorkshopSession.objects.create(
                event=self.event, ideas_module=self.module, title="Ideenwand", code="ABC123", projector_key="p" * 40
            )
        return self._session

    def participant(self, *, town=None, age=""):
        n = next(_numbers)
        return Participant.objects.create(
            session=self.session, token_hash=f"{n:064d}", participant_town=town, participant_age_group=age
        )

    def paper_card(self, *, town=None, age=""):
        return Card.objects.create(
            session=self.session,
            step="criticism",
            text="Karte",
            from_paper=True,
            participant_town=town,
            participant_age_group=age,
        )

    @property
    def measure(self):
        if self._measure is None:
            self._measure = Measure.objects.create(process=self.process, title="Bürgerbus")
        return self._measure

    def ballot(self, *, user):
        ballot = Ballot.objects.create(module=self.module, user=user)
        Dot.objects.create(ballot=ballot, measure=self.measure, points=1)
        return ballot

    def rating(self, *, user):
        if self._round is None:
            now = timezone.now()
            self._round = ReviewRound.objects.create(
                process=self.process,
                title="Runde",
                opens_at=now - dt.timedelta(days=1),
                closes_at=now + dt.timedelta(days=1),
            )
        return Rating.objects.create(review_round=self._round, measure=self.measure, user=user, score=4)


@pytest.fixture(autouse=True)
def _fresh_figures():
    """The team's pages reuse a process's figures for 30 seconds; each test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(process):
    return World(process)


def population(organisation, year, rows, *, reference_date=None):
    """PopulationCount rows from (town, sex, age_from, age_to, count)."""
    from zukunftswerkstatt.demography.models import ImportBatch, PopulationCount

    batch = ImportBatch.objects.create(
        organisation=organisation, format="demo", source="Statistisches Landesamt (Test)", imported_at=timezone.now()
    )
    for town, sex, age_from, age_to, count in rows:
        PopulationCount.objects.create(
            organisation=organisation,
            municipality=town,
            batch=batch,
            year=year,
            reference_date=reference_date or dt.date(year, 12, 31),
            sex=sex,
            age_from=age_from,
            age_to=age_to,
            count=count,
        )
