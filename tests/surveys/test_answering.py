"""The answer engine every channel shares: conditions, checks, rows and back."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zukunftswerkstatt.surveys.answering import answer_rows, values_check, values_of, visible_questions
from zukunftswerkstatt.surveys.models import Answer, Response, ResponseChannel
from zukunftswerkstatt.surveys.selectors import questions_for_answering
from zukunftswerkstatt.surveys.services import response_submit

from .factories import full_values, option_id

pytestmark = pytest.mark.django_db


def test_condition_shows_question_only_after_its_option(survey, questions):
    ordered = questions_for_answering(survey)
    car, car_use = questions["car"], questions["car_use"]
    assert car_use not in visible_questions(ordered, {car.pk: option_id(car, "Nein")})
    assert car_use not in visible_questions(ordered, {})
    assert car_use in visible_questions(ordered, {car.pk: option_id(car, "Ja")})


def test_chained_condition_hides_with_its_source(survey, questions):
    from .factories import question

    follow = question(survey, "short_text", "Welches Auto?")
    follow.condition_option = questions["car"].options.get(text="Ja")
    follow.save()
    ordered = questions_for_answering(survey)
    # "Welches Auto?" depends on "car", which is always visible: shown with "Ja".
    assert follow in visible_questions(ordered, {questions["car"].pk: option_id(questions["car"], "Ja")})


def test_complete_answer_is_kept_whole(survey, questions):
    values = full_values(questions)
    kept, errors = values_check(questions_for_answering(survey), values)
    assert errors == {}
    assert kept == values


def test_required_question_hidden_by_condition_is_not_required(survey, questions):
    values = full_values(questions)
    values[questions["car"].pk] = option_id(questions["car"], "Nein")
    values[questions["car_use"].pk] = Decimal(99)  # answered before "Nein" was chosen: dropped
    kept, errors = values_check(questions_for_answering(survey), values)
    assert errors == {}
    assert questions["car_use"].pk not in kept


def test_required_and_wrong_values_are_named(survey, questions):
    q = questions
    values = {
        q["scale"].pk: 6,
        q["car"].pk: option_id(q["car"], "Ja"),
        q["car_use"].pk: Decimal(-1),
        q["multiple"].pk: [option_id(q["single"], "Miete")],
        q["ranking"].pk: [option_id(q["ranking"], "Bus"), option_id(q["ranking"], "Bus")],
        q["matrix"].pk: {option_id(q["matrix"], "Es ist sicher."): 0},
        q["short"].pk: "x" * 201,
    }
    _kept, errors = values_check(questions_for_answering(survey), values)
    assert set(errors) == {
        q["single"].pk,
        q["scale"].pk,
        q["car_use"].pk,
        q["multiple"].pk,
        q["ranking"].pk,
        q["matrix"].pk,
        q["short"].pk,
    }


def test_rows_and_back(survey, questions):
    values = full_values(questions)
    ordered = questions_for_answering(survey)
    response = Response(survey=survey, channel=ResponseChannel.PAPER)
    rows = answer_rows(response, ordered, values)
    # single 1, multiple 2, scale 1, car 1, km 1, two texts, ranking 2, matrix 2
    assert len(rows) == 12
    assert values_of(rows, ordered) == values


def test_submit_writes_rows_with_town_and_age(survey, questions, town_a, moderator):
    response = response_submit(
        survey=survey,
        values=full_values(questions),
        channel=ResponseChannel.PAPER,
        town=town_a,
        age_group="65-79",
        paper_number=17,
        entered_by=moderator,
    )
    answers = Answer.objects.filter(response=response)
    assert answers.count() == 12
    assert set(answers.values_list("town_id", "age_group", "survey_id").distinct()) == {(town_a.pk, "65-79", survey.pk)}


def test_same_account_and_paper_number_once(survey, questions, participant, moderator):
    values = full_values(questions)
    response_submit(survey=survey, values=values, channel=ResponseChannel.ONLINE, user=participant)
    with pytest.raises(ValidationError) as caught:
        response_submit(survey=survey, values=values, channel=ResponseChannel.ONLINE, user=participant)
    assert caught.value.code == "already"
    response_submit(survey=survey, values=values, channel=ResponseChannel.PAPER, paper_number=3, entered_by=moderator)
    with pytest.raises(ValidationError) as caught:
        response_submit(
            survey=survey, values=values, channel=ResponseChannel.PAPER, paper_number=3, entered_by=moderator
        )
    assert "paper_number" in caught.value.message_dict
    assert Response.objects.count() == 2


def test_guest_once_per_browser_and_closed_survey(survey, questions):
    values = full_values(questions)
    response_submit(survey=survey, values=values, channel=ResponseChannel.GUEST, guest_token="abc")
    with pytest.raises(ValidationError):
        response_submit(survey=survey, values=values, channel=ResponseChannel.GUEST, guest_token="abc")
    stored = Response.objects.get()
    assert stored.guest_token != "abc"
    assert len(stored.guest_token) == 64
    survey.is_closed = True
    survey.save()
    with pytest.raises(ValidationError) as caught:
        response_submit(survey=survey, values=values, channel=ResponseChannel.GUEST, guest_token="other")
    assert caught.value.code == "closed"


def test_free_text_is_emptied_after_the_retention_time(survey, questions, moderator):
    import datetime as dt

    from django.core.management import call_command

    from zukunftswerkstatt.surveys.services import texts_expire

    response_submit(survey=survey, values=full_values(questions), channel=ResponseChannel.PAPER, entered_by=moderator)
    phase_end = survey.module.phase.end
    survey.text_retention_days = 30
    survey.save()
    assert texts_expire(now=phase_end + dt.timedelta(days=29)) == 0
    assert texts_expire(now=phase_end + dt.timedelta(days=30)) == 2
    texts = Answer.objects.filter(question__in=[questions["short"], questions["long"]])
    assert list(texts.values_list("text", flat=True)) == ["", ""]
    # The rest of the response stays for the results; running it again changes nothing.
    assert Answer.objects.count() == 12
    call_command("purge_survey_texts", stdout=io.StringIO())
    assert Answer.objects.count() == 12
