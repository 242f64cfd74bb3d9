import pytest
from django.core.management import call_command

from zukunftswerkstatt.plans.models import Dot, Measure, PlanVersion, PlanVersionStatus
from zukunftswerkstatt.processes.models import Module

pytestmark = pytest.mark.django_db


def test_the_demo_has_measures_with_owners_a_vote_and_a_draft_plan(client):
    call_command("load_demo", verbosity=0)
    measures = Measure.objects.all()
    assert 8 <= measures.count() <= 12
    assert measures.filter(ideas__isnull=False).distinct().count() >= 3
    assert all(m.milestones.exists() for m in measures)
    assert measures.exclude(responsible_body="").count() >= 8
    assert Dot.objects.exists()
    assert PlanVersion.objects.get().status == PlanVersionStatus.DRAFT
    plan = Module.objects.get(type="action_plan")
    vote = Module.objects.get(type="prioritisation")
    for url in [plan.get_absolute_url(), vote.get_absolute_url(), measures.first().get_absolute_url()]:
        assert client.get(url).status_code == 200
