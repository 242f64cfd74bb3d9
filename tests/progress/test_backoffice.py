"""The back office shows each organisation only its own review rows and lets coordinators correct them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.progress.factories import progress_make
from zukunftswerkstatt.progress import services

pytestmark = pytest.mark.django_db


def test_coordinator_empties_a_rating_comment(client_for, org_admin, review_round, measure, participant):
    rating, _created = services.rating_set(
        review_round=review_round, measure=measure, user=participant, score=1, comment="Beleidigung"
    )
    client = client_for(org_admin)
    url = reverse("admin:progress_rating_change", args=[rating.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"comment": ""})
    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.comment == ""


def test_other_organisations_admin_sees_no_progress_entries(client_for, other_org_admin, measure, staff_a):
    progress_make(measure=measure, by=staff_a)
    response = client_for(other_org_admin).get(reverse("admin:progress_progressupdate_changelist"))
    assert response.status_code == 200
    assert "Bänke in der Innenstadt" not in response.content.decode()


def test_town_staff_may_look_but_not_change(client_for, staff_a, measure):
    update = progress_make(measure=measure, by=staff_a)
    client = client_for(staff_a)
    url = reverse("admin:progress_progressupdate_change", args=[update.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"date": update.date.isoformat(), "text": "geändert"})
    update.refresh_from_db()
    assert update.text != "geändert"
