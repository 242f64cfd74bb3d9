"""The interim review's demo: a progress page, and for the demo measures progress entries,
indicator values and an open review round with ratings."""

from __future__ import annotations

import pytest

from tests.demo.command import load_demo
from zukunftswerkstatt.demo import services as demo_services
from zukunftswerkstatt.plans.models import Measure
from zukunftswerkstatt.plans.services import measure_create
from zukunftswerkstatt.processes.models import Module
from zukunftswerkstatt.progress.models import IndicatorValue, ProgressUpdate, Rating, ReviewRound

pytestmark = pytest.mark.django_db


def test_demo_has_the_progress_page(client):
    load_demo(verbosity=0)
    module = Module.objects.get(type="review")
    assert client.get(module.get_absolute_url()).status_code == 200


def test_demo_fills_progress_for_the_measures_of_the_action_plan(client, monkeypatch):
    """Whatever plans' demo makes; here a stand-in that makes four measures, if it makes none."""
    from zukunftswerkstatt.plans import demo as plans_demo

    def plans_then_measures(ctx):
        plans_demo.load(ctx)
        if not Measure.objects.filter(process=ctx.process).exists():
            for title in ["Bürgerbus", "Bänke in der Innenstadt", "Jugendtreff", "Nachbarschaftshilfe"]:
                measure_create(process=ctx.process, by=ctx.people["koordination"], title=title)

    loaders = [
        plans_then_measures if loader is plans_demo.load else loader for loader in demo_services.FIRST_ROUND_LOADERS
    ]
    monkeypatch.setattr(demo_services, "FIRST_ROUND_LOADERS", loaders)
    load_demo(verbosity=0)
    assert ProgressUpdate.objects.count() >= 4
    assert IndicatorValue.objects.exists()
    review_round = ReviewRound.objects.get()
    assert review_round.is_open()
    assert Rating.objects.filter(review_round=review_round).exists()
    module = Module.objects.get(type="review")
    response = client.get(module.get_absolute_url())
    assert response.status_code == 200
    measure = Measure.objects.order_by("pk").first()
    assert client.get(f"{module.get_absolute_url()}measures/{measure.pk}/").status_code == 200
