import pytest
from django.urls import reverse

from zukunftswerkstatt.processes.models import PhaseState

pytestmark = pytest.mark.django_db


def test_process_page_shows_five_phases_with_the_workshop_running(client, process):
    response = client.get(process.get_absolute_url())
    assert response.status_code == 200
    timeline = response.context["timeline"]
    assert [entry.phase.type for entry in timeline] == ["kickoff", "profile", "workshop", "action_plan", "review"]
    assert [entry.state for entry in timeline] == [
        PhaseState.FINISHED,
        PhaseState.FINISHED,
        PhaseState.RUNNING,
        PhaseState.UPCOMING,
        PhaseState.UPCOMING,
    ]


def test_unpublished_process_is_hidden_from_the_public(client, process):
    process.is_published = False
    process.save()
    assert client.get(process.get_absolute_url()).status_code == 404


def test_healthz_reports_the_database(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}
