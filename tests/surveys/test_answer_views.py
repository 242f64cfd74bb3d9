"""Answering a survey online through HTTP: every kind of question, conditions checked by the
server, errors next to their question with everything typed kept, one answer per browser and per
account, closed and upcoming surveys, surveys for accounts only, the rate limit, and the team's
preview, which saves nothing.

Pages are asked in English (the language cookie), so that the assertions read the msgids."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tests.rate_limits import one_per_hour, told_to_wait
from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.surveys.answering import values_of
from zukunftswerkstatt.surveys.forms import parse_number
from zukunftswerkstatt.surveys.models import Kind, Response, ResponseChannel
from zukunftswerkstatt.surveys.selectors import questions_for_answering
from zukunftswerkstatt.surveys.services import guest_mark, response_submit
from zukunftswerkstatt.surveys.views.public import GUEST_COOKIE

from .factories import full_values, option_id, question, survey_module

pytestmark = pytest.mark.django_db


def url(name: str, survey) -> str:
    return reverse(f"surveys:{name}", kwargs={"module_pk": survey.module_id})


@pytest.fixture
def english(client):
    client.cookies["zw_language"] = "en"
    return client


def form_data(q: dict, values: dict) -> dict:
    """What a browser sends for normalised values: one input per question, per ranked option and
    per matrix statement; numbers written the German way."""
    by_pk = {question.pk: question for question in q.values()}
    data: dict = {}
    for pk, value in values.items():
        kind = by_pk[pk].kind
        if kind == Kind.MULTIPLE:
            data[f"q{pk}"] = [str(v) for v in value]
        elif kind == Kind.NUMBER:
            data[f"q{pk}"] = str(value).replace(".", ",")
        elif kind == Kind.RANKING:
            for place, option in enumerate(value, start=1):
                data[f"q{pk}_{option}"] = str(place)
        elif kind == Kind.MATRIX:
            for statement, point in value.items():
                data[f"q{pk}_{statement}"] = str(point)
        else:
            data[f"q{pk}"] = str(value)
    return data


def stored(response: Response) -> dict:
    return values_of(response.answers.all(), questions_for_answering(response.survey))


def messages_of(page) -> list[str]:
    return [str(m) for m in get_messages(page.wsgi_request)]


# --- the survey's page ----------------------------------------------------------------------------


def test_module_page_says_what_is_asked_why_how_long_and_what_is_stored(english, survey, questions, organisation):
    survey.intro = "Wir möchten wissen, wie Sie im Göltzschtal wohnen, damit die Städte besser planen können."
    survey.save()
    organisation.contact_name = "Koordinierungsstelle"
    organisation.contact_phone = "03744 123456"
    organisation.contact_address = "Markt 1\n08209 Auerbach"
    organisation.save()
    page = english.get(url("module", survey))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Wir möchten wissen, wie Sie im Göltzschtal wohnen" in text
    assert "9 questions" in text  # the section heading is no question
    assert "Haben Sie ein Auto?" in text  # every question can be read before starting
    assert "never linked to your name" in text
    assert "a cookie with a random number" in text
    assert "03744 123456" in text
    assert "Markt 1" in text
    assert f'href="{url("answer", survey)}"' in text
    assert url("preview", survey) not in text  # for the team only


def test_module_page_offers_the_team_the_preview(client_for, moderator, survey, questions):
    text = client_for(moderator).get(url("module", survey)).content.decode()
    assert url("preview", survey) in text


def test_minutes_grow_with_the_questions(english, survey, questions):
    text = english.get(url("module", survey)).content.decode()
    # 5 × 15 s, short text 40 s, long text 90 s, ranking 40 s, number 20 s, 3 statements × 10 s = 295 s
    assert "about 5 minutes." in text


# --- every kind through the form ------------------------------------------------------------------


def test_guest_answers_every_kind_of_question(client, survey, questions):
    page = client.get(url("answer", survey))
    assert page.status_code == 200
    token = page.cookies[GUEST_COOKIE].value
    sent = client.post(url("answer", survey), form_data(questions, full_values(questions)))
    assert sent.status_code == 302
    assert sent["Location"] == url("thanks", survey)
    response = Response.objects.get(survey=survey)
    assert response.channel == ResponseChannel.GUEST
    assert response.user is None
    assert response.guest_token == guest_mark(token, survey)
    assert token not in response.guest_token  # only its hash is kept
    assert stored(response) == full_values(questions)


def test_account_answers_with_town_and_age_group(client_for, participant, survey, questions, town_a):
    client = client_for(participant)
    assert GUEST_COOKIE not in client.get(url("answer", survey)).cookies
    data = form_data(questions, full_values(questions))
    data.update(participant_town=town_a.pk, participant_age_group=AgeGroup.AGE_30_44)
    assert client.post(url("answer", survey), data).status_code == 302
    response = Response.objects.get(survey=survey)
    assert (response.channel, response.user, response.guest_token) == (ResponseChannel.ONLINE, participant, "")
    assert (response.participant_town, response.participant_age_group) == (town_a, AgeGroup.AGE_30_44)
    assert set(response.answers.values_list("town", flat=True)) == {town_a.pk}


def test_town_and_age_group_are_offered_only_where_the_survey_asks(client, survey, questions):
    text = client.get(url("answer", survey)).content.decode()
    assert 'name="participant_town"' in text
    assert 'name="participant_age_group"' in text
    survey.ask_town = False
    survey.save()
    text = client.get(url("answer", survey)).content.decode()
    assert 'name="participant_town"' not in text
    assert 'name="participant_age_group"' in text
    survey.ask_age = False
    survey.save()
    text = client.get(url("answer", survey)).content.decode()
    assert "participant_" not in text


def test_numbers_are_read_the_german_and_the_english_way():
    assert parse_number("12,5") == Decimal("12.5")
    assert parse_number("12.5") == Decimal("12.5")
    assert parse_number(" -3 ") == Decimal(-3)
    assert parse_number("1.250,75") == Decimal("1250.75")
    assert parse_number("1,250.75") == Decimal("1250.75")
    assert parse_number("1.250.000") == Decimal(1250000)
    for wrong in ["", "zwölf", "12,5,3.1", "1e5", "--1", ",", "12 km"]:
        with pytest.raises(ValueError):  # noqa: PT011 - the parser's one error
            parse_number(wrong)


# --- conditions, required, errors -----------------------------------------------------------------


def test_a_question_hidden_by_its_condition_is_neither_required_nor_stored(client, survey, questions):
    q = questions
    values = full_values(q)
    values[q["car"].pk] = option_id(q["car"], "Nein")
    data = form_data(q, values)
    data[f"q{q['car_use'].pk}"] = "sehr viel"  # typed before "Nein" was chosen (no JavaScript): ignored
    assert client.post(url("answer", survey), data).status_code == 302
    kept = stored(Response.objects.get(survey=survey))
    assert q["car_use"].pk not in kept
    assert kept[q["car"].pk] == option_id(q["car"], "Nein")


def test_a_shown_required_question_left_empty_is_named_next_to_it(english, survey, questions):
    q = questions
    values = full_values(q)
    del values[q["car_use"].pk]  # "Ja" to the car, then no kilometres
    page = english.post(url("answer", survey), form_data(q, values))
    assert page.status_code == 400
    text = page.content.decode()
    error_id = f"id_q{q['car_use'].pk}_error"
    assert f'<ul class="errorlist" id="{error_id}"><li>This question needs an answer.</li></ul>' in text
    assert f'aria-describedby="id_q{q["car_use"].pk}_helptext q{q["car_use"].pk}-condition {error_id}"' in text
    assert f'href="#id_q{q["car_use"].pk}"' in text  # the summary at the top leads to the field
    assert not Response.objects.exists()


def test_errors_keep_everything_typed(english, survey, questions):
    q = questions
    values = full_values(q)
    del values[q["scale"].pk]  # required
    data = form_data(q, values)
    data[f"q{q['car_use'].pk}"] = "zwölf"
    data[f"q{q['ranking'].pk}_{option_id(q['ranking'], 'Schule')}"] = "4"  # places 1, 2, 4: a gap
    page = english.post(url("answer", survey), data)
    assert page.status_code == 400
    text = page.content.decode()
    assert "Please enter a number, for example 12 or 12,5." in text
    assert "Please give the places one after the other" in text
    assert f"id_q{q['scale'].pk}_error" in text
    assert 'value="zwölf"' in text
    assert 'value="Der Marktplatz"' in text
    assert "Mehr Busse am Abend.</textarea>" in text
    assert f'value="{option_id(q["single"], "Miete")}" id="id_q{q["single"].pk}_0" checked' in text
    for option in ("Busse", "Ärzte"):
        assert f'value="{option_id(q["multiple"], option)}" id="id_q{q["multiple"].pk}_' in text
    assert text.count(" checked") >= 2 + 1 + 1 + 2  # single, two of multiple, car, two matrix statements
    assert '<option value="4" selected>Place 4</option>' in text
    sicher = option_id(q["matrix"], "Es ist sicher.")
    assert f'name="q{q["matrix"].pk}_{sicher}" id="id_q{q["matrix"].pk}_0_5" value="5" checked' in text


def test_a_required_matrix_needs_every_statement(english, survey, questions):
    q = questions
    q["matrix"].required = True
    q["matrix"].save()
    page = english.post(url("answer", survey), form_data(q, full_values(q)))
    assert page.status_code == 400
    assert "Please rate every statement." in page.content.decode()


def test_the_same_place_twice_in_a_ranking_is_refused(english, survey, questions):
    q = questions
    data = form_data(q, full_values(q))
    data[f"q{q['ranking'].pk}_{option_id(q['ranking'], 'Arbeit')}"] = "1"
    page = english.post(url("answer", survey), data)
    assert page.status_code == 400
    assert "Each place can be given only once." in page.content.decode()


def test_a_text_longer_than_allowed_is_refused(english, survey, questions):
    q = questions
    data = form_data(q, full_values(q))
    data[f"q{q['short'].pk}"] = "x" * 201
    page = english.post(url("answer", survey), data)
    assert page.status_code == 400
    assert f"id_q{q['short'].pk}_error" in page.content.decode()


def test_a_town_outside_the_process_is_refused_next_to_the_field(client, survey, questions, other_organisation):
    from tests.factories import MunicipalityFactory

    elsewhere = MunicipalityFactory(organisation=other_organisation, name="Irgendwo")
    data = {**form_data(questions, full_values(questions)), "participant_town": elsewhere.pk}
    page = client.post(url("answer", survey), data)
    assert page.status_code == 400
    assert "id_participant_town_error" in page.content.decode()


def test_english_texts_are_shown_where_they_were_written(english, survey, questions):
    survey.title_en = "Living in the Göltzsch valley"
    survey.save()
    questions["car"].text_en = "Do you have a car?"
    questions["car"].save()
    option = questions["car"].options.get(text="Ja")
    option.text_en = "Yes"
    option.save()
    text = english.get(url("answer", survey)).content.decode()
    assert "Living in the Göltzsch valley" in text
    assert "Do you have a car?" in text
    assert '<label for="id_q{}_0">Yes</label>'.format(questions["car"].pk) in text
    assert "Wie wohnen Sie?" in text  # no English written: the German text


def test_layout_switches_reach_the_page(client, survey, questions):
    text = client.get(url("answer", survey)).content.decode()
    assert "survey--easy" not in text
    assert "data-one-per-screen" not in text
    survey.easy_layout = survey.one_per_screen = True
    survey.save()
    text = client.get(url("answer", survey)).content.decode()
    assert 'class="survey survey--easy"' in text
    assert "data-one-per-screen" in text
    assert "surveys/survey.js" in text


# --- once per browser, once per account -----------------------------------------------------------


def test_one_answer_per_browser(client, survey, questions):
    data = form_data(questions, full_values(questions))
    client.get(url("answer", survey))
    client.post(url("answer", survey), data)
    again = client.get(url("answer", survey))
    assert again.status_code == 302
    assert again["Location"] == url("thanks", survey)
    sent_again = client.post(url("answer", survey), data)
    assert sent_again.status_code == 302
    assert sent_again["Location"] == url("thanks", survey)
    assert Response.objects.count() == 1
    assert "You have answered this survey already. Thank you!" in messages_of(sent_again)


def test_another_browser_can_answer(client, survey, questions):
    from django.test import Client

    data = form_data(questions, full_values(questions))
    client.get(url("answer", survey))
    client.post(url("answer", survey), data)
    other = Client()
    other.get(url("answer", survey))
    other.post(url("answer", survey), data)
    assert Response.objects.count() == 2


def test_a_browser_without_the_cookie_gets_one_with_its_first_answer(client, survey, questions):
    sent = client.post(url("answer", survey), form_data(questions, full_values(questions)))
    assert sent.status_code == 302
    token = sent.cookies[GUEST_COOKIE].value
    assert Response.objects.get().guest_token == guest_mark(token, survey)


def test_the_browser_cookie_is_http_only_same_site_and_secure_over_https(client, survey, questions):
    cookie = client.get(url("answer", survey)).cookies[GUEST_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]
    assert cookie["max-age"] == 365 * 24 * 3600
    client.cookies.pop(GUEST_COOKIE)
    assert client.get(url("answer", survey), secure=True).cookies[GUEST_COOKIE]["secure"]


def test_a_made_up_cookie_is_replaced(client, survey, questions):
    client.cookies[GUEST_COOKIE] = "<script>"
    page = client.get(url("answer", survey))
    assert page.cookies[GUEST_COOKIE].value != "<script>"


def test_the_module_page_tells_the_browser_it_has_answered(english, survey, questions):
    english.get(url("answer", survey))
    english.post(url("answer", survey), form_data(questions, full_values(questions)))
    text = english.get(url("module", survey)).content.decode()
    assert "You have answered this survey already – thank you!" in text
    assert f'href="{url("answer", survey)}"' not in text


def test_one_answer_per_account(client_for, participant, survey, questions):
    client = client_for(participant)
    data = form_data(questions, full_values(questions))
    client.post(url("answer", survey), data)
    # A new browser (the guest cookie is gone) with the same account.
    client.cookies.clear()
    client.force_login(participant)
    assert client.get(url("answer", survey))["Location"] == url("thanks", survey)
    assert client.post(url("answer", survey), data)["Location"] == url("thanks", survey)
    assert Response.objects.filter(user=participant).count() == 1


def test_a_double_submission_that_passes_the_first_check_lands_on_the_thanks_page(
    client_for, participant, survey, questions, monkeypatch
):
    """Two tabs sent at once: both pass "answered already?", the database refuses the second."""
    monkeypatch.setattr("zukunftswerkstatt.surveys.views.public._has_answered", lambda request, survey: False)
    client = client_for(participant)
    data = form_data(questions, full_values(questions))
    assert client.post(url("answer", survey), data).status_code == 302
    second = client.post(url("answer", survey), data)
    assert second.status_code == 302
    assert second["Location"] == url("thanks", survey)
    assert "You have answered this survey already. Thank you!" in messages_of(second)
    assert Response.objects.count() == 1


def test_the_thanks_page_thanks(english, survey, questions):
    english.post(url("answer", survey), form_data(questions, full_values(questions)))
    page = english.get(url("thanks", survey))
    assert page.status_code == 200
    assert "Your answers have been saved." in page.content.decode()


# --- open, closed, upcoming, accounts only --------------------------------------------------------


def test_a_closed_survey_takes_no_answers(english, survey, questions):
    survey.is_closed = True
    survey.save()
    text = english.get(url("module", survey)).content.decode()
    assert "The survey is closed" in text
    assert f'href="{url("answer", survey)}"' not in text
    assert english.get(url("answer", survey))["Location"] == url("module", survey)
    sent = english.post(url("answer", survey), form_data(questions, full_values(questions)))
    assert sent["Location"] == url("module", survey)
    assert not Response.objects.exists()


def test_an_upcoming_survey_says_when_it_starts(english, process):
    survey = survey_module(process, phase_type="action_plan")
    question(survey, Kind.YES_NO, "Gut?")
    text = english.get(url("module", survey)).content.decode()
    assert "The survey starts on" in text
    assert english.get(url("answer", survey))["Location"] == url("module", survey)


def test_a_finished_survey_says_so(english, process):
    survey = survey_module(process, phase_type="profile")
    assert survey.module.phase.end < timezone.now()
    text = english.get(url("module", survey)).content.decode()
    assert "The survey has ended." in text


def test_a_survey_for_accounts_only_sends_guests_to_log_in(english, client_for, participant, survey, questions):
    survey.allow_guests = False
    survey.save()
    text = english.get(url("module", survey)).content.decode()
    assert "Please log in to answer" in text
    page = english.get(url("answer", survey))
    assert page.status_code == 302
    assert page["Location"] == f"{reverse('account_login')}?next={url('answer', survey)}"
    sent = english.post(url("answer", survey), form_data(questions, full_values(questions)))
    assert sent.status_code == 302
    assert reverse("account_login") in sent["Location"]
    assert not Response.objects.exists()
    client = client_for(participant)
    assert client.post(url("answer", survey), form_data(questions, full_values(questions))).status_code == 302
    assert Response.objects.get().user == participant


def test_an_unpublished_survey_is_not_found_by_the_public(client, survey, questions):
    survey.module.is_published = False
    survey.module.save()
    assert client.get(url("module", survey)).status_code == 404
    assert client.get(url("answer", survey)).status_code == 404


def test_an_under_16_without_a_parents_consent_is_not_asked_for_town_and_age(
    client_for, participant, survey, questions
):
    participant.is_under_16 = True
    participant.save()
    text = client_for(participant).get(url("answer", survey)).content.decode()
    assert "participant_town" not in text


# --- rate limit -----------------------------------------------------------------------------------


def test_answers_from_one_address_are_rate_limited(settings, survey, questions):
    from django.test import Client

    one_per_hour(settings, "surveys.answer:ip")
    data = form_data(questions, full_values(questions))
    first, second = Client(), Client()
    assert first.post(url("answer", survey), data).status_code == 302
    page = second.post(url("answer", survey), data)
    assert page.status_code == 429
    assert told_to_wait(page)
    assert 'value="Der Marktplatz"' in page.content.decode()  # nothing typed is lost
    assert Response.objects.count() == 1


def test_answers_with_mistakes_do_not_count_against_the_limit(settings, client, survey, questions):
    one_per_hour(settings, "surveys.answer:ip")
    assert client.post(url("answer", survey), {}).status_code == 400
    assert client.post(url("answer", survey), form_data(questions, full_values(questions))).status_code == 302


def test_answers_of_an_account_are_rate_limited(settings, client_for, participant, process):
    one_per_hour(settings, "surveys.answer:account")
    first, second = survey_module(process, title="Erste"), survey_module(process, title="Zweite")
    for survey in (first, second):
        question(survey, Kind.YES_NO, "Gut?")
    client = client_for(participant)
    assert client.post(url("answer", first), {}).status_code == 302
    page = client.post(url("answer", second), {})
    assert page.status_code == 429
    assert told_to_wait(page)


# --- preview --------------------------------------------------------------------------------------


def test_preview_shows_the_form_with_its_banner_and_saves_nothing(english, moderator, survey, questions):
    english.force_login(moderator)
    page = english.get(url("preview", survey))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Preview – answers are not saved" in text
    assert f'name="q{questions["single"].pk}"' in text
    assert english.post(url("preview", survey), form_data(questions, full_values(questions))).status_code == 200
    wrong = english.post(url("preview", survey), {})
    assert wrong.status_code == 400
    assert f"id_q{questions['single'].pk}_error" in wrong.content.decode()
    assert not Response.objects.exists()
    assert GUEST_COOKIE not in page.cookies


def test_preview_works_before_publication_and_after_closing(client_for, org_admin, survey, questions):
    survey.is_closed = True
    survey.save()
    survey.module.is_published = False
    survey.module.save()
    client = client_for(org_admin)
    assert client.get(url("preview", survey)).status_code == 200
    assert client.post(url("preview", survey), form_data(questions, full_values(questions))).status_code == 200
    assert not Response.objects.exists()


@pytest.mark.parametrize(("person", "status"), [(None, 403), ("participant", 403), ("staff_a", 403)])
def test_preview_needs_the_right_to_manage_the_survey(request, client, survey, questions, person, status):
    if person:
        client.force_login(request.getfixturevalue(person))
    assert client.get(url("preview", survey)).status_code == status
    assert client.post(url("preview", survey), {}).status_code == status


# --- queries --------------------------------------------------------------------------------------


def test_the_answer_page_takes_a_fixed_number_of_queries(client, survey, questions, django_assert_num_queries):
    for extra in range(5):
        question(survey, Kind.SINGLE, f"Frage {extra}", ["a", "b", "c"])
    client.get(url("answer", survey))  # the guest's cookie
    # module, survey, module closed?, answered already?, questions, options, towns of the process,
    # and the organisation of the page's frame (core's context processor)
    with django_assert_num_queries(8):
        assert client.get(url("answer", survey)).status_code == 200


def test_the_answer_page_of_an_account_takes_a_fixed_number_of_queries(
    client_for, participant, survey, questions, django_assert_num_queries
):
    client = client_for(participant)
    # session, user, the roles and permissions of the page's frame, and as for a guest; the
    # parent's consent is asked only of under-16s
    with django_assert_num_queries(13):
        assert client.get(url("answer", survey)).status_code == 200


def test_the_module_page_takes_a_fixed_number_of_queries(client, survey, questions, django_assert_num_queries):
    client.get(url("answer", survey))
    # module, survey, questions, options, module closed?, answered already?, organisation
    with django_assert_num_queries(7):
        assert client.get(url("module", survey)).status_code == 200


def test_the_service_refuses_a_response_when_the_phase_is_over(survey, questions):
    """The view's check and the service's agree: after the phase, a guest's answer is refused."""
    from django.core.exceptions import ValidationError

    later = survey.module.phase.end + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError):
        response_submit(
            survey=survey,
            values=full_values(questions),
            channel=ResponseChannel.GUEST,
            guest_token="x" * 43,
            now=later,
        )


def test_the_thanks_page_of_someone_who_has_not_answered_says_so(english, survey, questions):
    page = english.get(url("thanks", survey))
    assert page.status_code == 200
    assert "No answers from you have been saved yet." in page.content.decode()
