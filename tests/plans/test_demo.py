import pytest
from django.urls import reverse

from tests.demo.command import load_demo
from zukunftswerkstatt.plans.models import Dot, Measure, PlanVersion, PlanVersionStatus
from zukunftswerkstatt.processes.models import Module

pytestmark = pytest.mark.django_db


def test_the_demo_has_measures_with_owners_a_closed_vote_with_results_and_an_adopted_plan(client):
    load_demo(verbosity=0)
    measures = Measure.objects.all()
    assert 8 <= measures.count() <= 12
    assert measures.filter(ideas__isnull=False).distinct().count() >= 3
    assert all(m.milestones.exists() for m in measures)
    assert measures.exclude(responsible_body="").count() == measures.count()
    assert Dot.objects.exists()
    version = PlanVersion.objects.get()
    assert version.status == PlanVersionStatus.ADOPTED
    plan = Module.objects.get(type="action_plan")
    closed_vote = Module.objects.get(type="prioritisation", phase__type="action_plan")
    live_vote = Module.objects.get(type="prioritisation", phase__type="review")
    for url in [
        plan.get_absolute_url(),
        closed_vote.get_absolute_url(),
        live_vote.get_absolute_url(),
        measures.first().get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200
    closed_results = client.get(reverse("plans:results", kwargs={"module_pk": closed_vote.pk})).content.decode()
    assert "results-table" in closed_results
    assert "Zwischenstand" not in closed_results
    live_results = client.get(reverse("plans:results", kwargs={"module_pk": live_vote.pk})).content.decode()
    assert "Zwischenstand – die Abstimmung läuft noch bis" in live_results
