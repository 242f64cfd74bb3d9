"""A person's survey answers in their data download, and what deleting the account does to them."""

from __future__ import annotations

import json

import pytest

from tests.accounts.test_personal_data import download
from zukunftswerkstatt.accounts.services import account_delete
from zukunftswerkstatt.surveys.models import Answer, Response, ResponseChannel
from zukunftswerkstatt.surveys.personal_data import survey_answers
from zukunftswerkstatt.surveys.services import response_submit

from .factories import full_values, option_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(survey, questions, participant, town_a):
    return response_submit(
        survey=survey,
        values=full_values(questions),
        channel=ResponseChannel.ONLINE,
        user=participant,
        town=town_a,
        age_group="30-44",
    )


def test_the_download_lists_the_survey_and_every_answer_in_words(participant, survey, questions, answered, town_a):
    data = survey_answers(participant)
    [row] = data["surveys_answered"]
    assert row["survey"] == "Wohnen und Leben im Göltzschtal"
    assert row["process"] == "Attraktiv im Wandel"
    assert row["lives_in"] == town_a.name
    assert row["age_group"] == "30-44"
    answers = {entry["question"]: entry["answer"] for entry in data["survey_answers"]}
    assert answers == {
        "Wie wohnen Sie?": "Miete",
        "Was fehlt Ihnen?": "Ärzte, Busse",
        "Ich lebe gern hier.": "4 – stimme eher zu",
        "Haben Sie ein Auto?": "Ja",
        "Wie viele Kilometer fahren Sie am Tag?": "12.5 km",
        "Ihr Lieblingsort?": "Der Marktplatz",
        "Was sollte sich ändern?": "Mehr Busse am Abend.",
        "Was ist am wichtigsten?": "1. Ärzte, 2. Bus",
        "Wie sehr stimmen Sie zu?": "Es ist sicher.: 5; Es ist ruhig.: 2",
    }
    # In the order of the questionnaire.
    assert [entry["question"] for entry in data["survey_answers"]][:2] == ["Wie wohnen Sie?", "Was fehlt Ihnen?"]


def test_nobody_elses_answers_are_in_the_download(participant, survey, questions, answered):
    response_submit(
        survey=survey,
        values={questions["single"].pk: option_id(questions["single"], "Eigentum"), questions["scale"].pk: 1},
        channel=ResponseChannel.GUEST,
        guest_token="a" * 43,
    )
    answers = [entry["answer"] for entry in survey_answers(participant)["survey_answers"]]
    assert "Eigentum" not in answers


def test_the_zip_holds_the_section(client_for, participant, answered):
    archive = download(client_for(participant))
    data = json.loads(archive.read("data.json"))
    assert data["survey_responses"]["survey_answers"]
    page = archive.read("index.html").decode()
    assert "Mehr Busse am Abend." in page


def test_the_download_of_someone_who_never_answered_is_empty(participant):
    assert survey_answers(participant) == {"surveys_answered": [], "survey_answers": []}


def test_deleting_the_account_keeps_the_answers_without_the_account(participant, answered):
    account_delete(user=participant)
    response = Response.objects.get(pk=answered.pk)
    assert response.user is None
    assert Answer.objects.filter(response=response).count() == Answer.objects.count() > 0
