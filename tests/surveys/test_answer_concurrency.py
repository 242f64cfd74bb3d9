"""Two answers sent at the same moment from the same account or browser give one response
(PostgreSQL, real parallel transactions; the unique constraints decide, the view answers kindly)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.concurrency import at_once, postgresql_races
from zukunftswerkstatt.surveys.models import Response
from zukunftswerkstatt.surveys.views.public import GUEST_COOKIE

from .factories import full_values
from .test_answer_views import form_data

pytestmark = postgresql_races

THREADS = 6


def _send_at_once(clients, address, data) -> list:
    pages = []
    errors = at_once(lambda client: pages.append(client.post(address, data)), clients)
    assert errors == []
    return pages


def test_simultaneous_answers_of_one_account_give_one_response(survey, questions, participant):
    clients = []
    for _tab in range(THREADS):
        client = Client()
        client.force_login(participant)
        clients.append(client)
    address = reverse("surveys:answer", kwargs={"module_pk": survey.module_id})
    pages = _send_at_once(clients, address, form_data(questions, full_values(questions)))
    thanks = reverse("surveys:thanks", kwargs={"module_pk": survey.module_id})
    assert [(page.status_code, page["Location"]) for page in pages] == [(302, thanks)] * THREADS
    assert Response.objects.filter(survey=survey, user=participant).count() == 1
    assert Response.objects.count() == 1


def test_simultaneous_answers_from_one_browser_give_one_response(survey, questions):
    token = "b" * 43
    clients = []
    for _tab in range(THREADS):
        client = Client()
        client.cookies[GUEST_COOKIE] = token
        clients.append(client)
    address = reverse("surveys:answer", kwargs={"module_pk": survey.module_id})
    pages = _send_at_once(clients, address, form_data(questions, full_values(questions)))
    assert [page.status_code for page in pages] == [302] * THREADS
    assert Response.objects.count() == 1


def test_when_every_tab_passes_the_first_check_the_database_keeps_one(survey, questions, participant, monkeypatch):
    """No tab sees another's answer before it writes: the unique constraint decides, and every
    refused tab still lands on the thanks page."""
    monkeypatch.setattr("zukunftswerkstatt.surveys.views.public._has_answered", lambda request, survey: False)
    clients = []
    for _tab in range(THREADS):
        client = Client()
        client.force_login(participant)
        clients.append(client)
    address = reverse("surveys:answer", kwargs={"module_pk": survey.module_id})
    pages = _send_at_once(clients, address, form_data(questions, full_values(questions)))
    thanks = reverse("surveys:thanks", kwargs={"module_pk": survey.module_id})
    assert [(page.status_code, page["Location"]) for page in pages] == [(302, thanks)] * THREADS
    assert Response.objects.count() == 1
    # One row per value: 1 + 2 (multiple) + 1 + 1 + 1 + 1 + 1 + 2 (ranking) + 2 (matrix), written once.
    assert Response.objects.get().answers.count() == 12
