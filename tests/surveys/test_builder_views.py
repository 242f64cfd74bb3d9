"""The builder's pages through HTTP (surveys/views/builder.py): who may open them, what the overview
shows, adding a question in two steps without JavaScript, bad input kept, the lock explained, the
settings and the copy as the next round, and the overview's query count."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.surveys.factories import full_values, option_id, question, survey_module
from zukunftswerkstatt.surveys import builder
from zukunftswerkstatt.surveys.models import Kind, Question, ResponseChannel
from zukunftswerkstatt.surveys.services import response_submit

pytestmark = pytest.mark.django_db

# The session and the person (2), the module with its phase and process, the survey, the person's
# roles (asked once for the module page and the permission), the organisation of the page's header;
# the questions and their options (2), the answers per question, the number of responses; the
# earlier round's title. The same for 10 questions as for 30.
EDIT_PAGE_QUERIES = 11


def url(name: str, survey, *args) -> str:
    return reverse(f"surveys:{name}", args=[survey.module_id, *args])


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, address: str, status: int = 200) -> str:
    response = client.get(address)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def answer(survey, questions, by):
    return response_submit(survey=survey, values=full_values(questions), channel=ResponseChannel.PAPER, entered_by=by)


# --- who may -------------------------------------------------------------------------------------


def all_pages(survey, q) -> list[tuple[str, str]]:
    return [
        ("get", url("edit", survey)),
        ("get", url("settings", survey)),
        ("get", url("question_add", survey)),
        ("get", url("question_add", survey) + "?kind=single"),
        ("get", url("question_edit", survey, q.pk)),
        ("get", url("question_delete", survey, q.pk)),
        ("post", url("question_delete", survey, q.pk)),
        ("post", url("question_move", survey, q.pk)),
        ("get", url("copy_round", survey)),
        ("post", url("copy_round", survey)),
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff_a", 403), ("participant", 404), ("other_org_admin", 404), (None, 404)],
)
def test_only_those_who_coordinate_may_build(client, request, survey, questions, role, status):
    if role:
        client.force_login(request.getfixturevalue(role))
    for method, address in all_pages(survey, questions["long"]):
        response = getattr(client, method)(address, {"direction": "up"} if "move" in address else {})
        assert response.status_code == status, (role, method, address)
    assert Question.objects.filter(pk=questions["long"].pk).exists()


@pytest.mark.parametrize("role", ["moderator", "org_admin", "platform_admin"])
def test_coordinators_may_open_every_page(client, request, survey, questions, role):
    client.force_login(request.getfixturevalue(role))
    for method, address in all_pages(survey, questions["long"]):
        if method == "get":
            assert client.get(address).status_code == 200, address


def test_a_question_of_another_survey_is_not_found(client, moderator, survey, questions, process):
    other = survey_module(process, title="Andere Umfrage")
    foreign = question(other, Kind.SHORT_TEXT, "Fremd")
    client.force_login(moderator)
    assert client.get(url("question_edit", survey, foreign.pk)).status_code == 404
    assert client.post(url("question_delete", survey, foreign.pk)).status_code == 404
    assert Question.objects.filter(pk=foreign.pk).exists()


def test_a_module_of_another_type_is_not_found(client, moderator, process):
    from tests.factories import ModuleFactory

    module = ModuleFactory(phase=process.phases.get(type="workshop"))
    client.force_login(moderator)
    assert client.get(reverse("surveys:edit", args=[module.pk])).status_code == 404


# --- the overview --------------------------------------------------------------------------------


def test_the_overview_shows_numbers_kinds_required_conditions_and_answers(english, moderator, survey, questions):
    answer(survey, questions, moderator)
    english.force_login(moderator)
    html = page(english, url("edit", survey))
    assert "Question 5</span>" in html  # the section heading has no number: "car" is the fifth entry, fourth question
    assert "Question 4</span>" in html
    assert "Only if question 4 was answered with “Ja”" in html
    assert "Rating scale 1 to 5" in html
    assert "1 person has answered" in html
    assert html.count("Move up") == 9
    assert html.count("Move down") == 9
    # Questions with answers offer no delete button; the section heading does.
    assert html.count(">Delete<") == 1
    assert url("question_delete", survey, questions["section"].pk) in html


def test_the_overview_of_an_empty_questionnaire_invites_the_first_question(english, moderator, survey):
    english.force_login(moderator)
    html = page(english, url("edit", survey))
    assert "There are no questions yet." in html
    assert "1 person has answered" not in html


def test_the_overview_takes_the_same_queries_however_many_questions(
    client, moderator, survey, questions, django_assert_num_queries
):
    answer(survey, questions, moderator)
    survey.previous_round = survey_module(survey.module.phase.process, phase_type="profile", title="Erste")
    survey.save()
    client.force_login(moderator)
    client.get(url("edit", survey))  # the session's first read
    with django_assert_num_queries(EDIT_PAGE_QUERIES):
        assert client.get(url("edit", survey)).status_code == 200
    for n in range(20):
        question(survey, Kind.SINGLE, f"Frage {n}", ["A", "B", "C"])
    with django_assert_num_queries(EDIT_PAGE_QUERIES):
        assert client.get(url("edit", survey)).status_code == 200


# --- adding a question ---------------------------------------------------------------------------


def test_adding_starts_with_the_kind_then_shows_that_kinds_fields(english, moderator, survey):
    english.force_login(moderator)
    html = page(english, url("question_add", survey))
    assert 'type="radio" name="kind" value="ranking"' in html
    html = page(english, url("question_add", survey) + "?kind=xyz", status=400)
    assert "Please choose a kind of question." in html
    html = page(english, url("question_add", survey) + "?kind=ranking")
    assert 'name="options"' in html
    assert "at most 7" in html
    assert 'name="scale_preset"' not in html
    html = page(english, url("question_add", survey) + "?kind=scale")
    assert 'name="scale_preset"' in html
    assert "stimme überhaupt nicht zu … stimme voll und ganz zu" in html
    assert 'name="options"' not in html


def test_a_question_is_added_with_a_preset_scale_and_english(client, moderator, survey):
    client.force_login(moderator)
    response = client.post(
        url("question_add", survey),
        {
            "kind": "scale",
            "text": "Wie zufrieden sind Sie mit den Ärzten?",
            "text_en": "How satisfied are you with the doctors?",
            "scale_preset": "satisfaction",
            "required": "on",
        },
    )
    q = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("edit", survey) + f"#q{q.pk}"
    assert q.scale_labels[0] == "sehr unzufrieden"
    assert q.scale_labels_en[-1] == "very satisfied"
    assert q.required is True


def test_a_question_with_own_labels_options_and_a_condition(client, moderator, survey):
    car = question(survey, Kind.YES_NO, "Haben Sie ein Auto?")
    client.force_login(moderator)
    response = client.post(
        url("question_add", survey),
        {
            "kind": "matrix",
            "text": "Wie erleben Sie das Autofahren?",
            "options": "Es gibt genug Parkplätze.\r\nDie Straßen sind gut.\r\n",
            "options_en": "There is enough parking.\r\nThe roads are good.",
            "scale_preset": "own",
            "scale_labels": "nie\noft\nimmer\nmeist\nselten",
            "condition": str(option_id(car, "Ja")),
            "position": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    q = Question.objects.get(kind=Kind.MATRIX)
    assert list(q.options.values_list("text_en", flat=True)) == ["There is enough parking.", "The roads are good."]
    assert q.scale_labels == ["nie", "oft", "immer", "meist", "selten"]
    assert q.condition_option.text == "Ja"
    assert q.position == 2


def test_save_and_add_another_goes_to_the_next_place(client, moderator, survey, questions):
    client.force_login(moderator)
    response = client.post(
        url("question_add", survey), {"kind": "short_text", "text": "Zuerst", "position": "1", "another": "1"}
    )
    assert response["Location"] == url("question_add", survey) + "?position=2"
    assert Question.objects.get(text="Zuerst").position == 1


def test_bad_input_is_shown_beside_its_field_and_everything_typed_stays(english, moderator, survey):
    english.force_login(moderator)
    response = english.post(
        url("question_add", survey),
        {
            "kind": "ranking",
            "text": "Was ist am wichtigsten?",
            "text_en": "What matters most?",
            "help": "Die wichtigste Sache zuerst.",
            "options": "\n".join(f"Sache {n}" for n in range(1, 9)),
            "options_en": "One\nTwo",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "A ranking can have at most 7 answers" in html
    assert "Please write as many English lines as German ones (8)" in html
    assert "Was ist am wichtigsten?" in html
    assert "What matters most?" in html
    assert "Die wichtigste Sache zuerst." in html
    assert "Sache 8" in html
    assert 'aria-describedby="id_options_error"' in html or 'aria-invalid="true"' in html
    assert not Question.objects.exists()


def test_own_labels_chosen_but_not_written_are_asked_for(english, moderator, survey):
    english.force_login(moderator)
    response = english.post(url("question_add", survey), {"kind": "scale", "text": "Wie gern?", "scale_preset": "own"})
    assert response.status_code == 400
    assert "Please write the 5 labels." in response.content.decode()


def test_locked_a_new_question_is_optional_and_the_form_says_why(english, moderator, survey, questions):
    answer(survey, questions, moderator)
    english.force_login(moderator)
    html = page(english, url("question_add", survey) + "?kind=short_text")
    assert "Answers have come in: a new question can only be optional." in html
    # A forged "required" is ignored (the field is disabled), the question is added as optional.
    response = english.post(
        url("question_add", survey), {"kind": "short_text", "text": "Noch etwas?", "required": "on"}
    )
    assert response.status_code == 302
    assert Question.objects.get(text="Noch etwas?").required is False


# --- changing, deleting, moving --------------------------------------------------------------------


def test_changing_a_question_keeps_the_form_filled_and_saves(client, moderator, survey, questions):
    client.force_login(moderator)
    html = page(client, url("question_edit", survey, questions["single"].pk))
    assert "Miete\nEigentum\nbei Angehörigen</textarea>" in html
    response = client.post(
        url("question_edit", survey, questions["single"].pk),
        {"kind": "single", "text": "Wie wohnen Sie zurzeit?", "options": "Miete\nEigentum\nbei Angehörigen\nWG"},
    )
    assert response.status_code == 302
    q = Question.objects.get(pk=questions["single"].pk)
    assert q.text == "Wie wohnen Sie zurzeit?"
    assert list(q.options.values_list("text", flat=True)) == ["Miete", "Eigentum", "bei Angehörigen", "WG"]


def test_the_kind_can_be_switched_before_answers_without_javascript(english, moderator, survey, questions):
    english.force_login(moderator)
    html = page(english, url("question_edit", survey, questions["short"].pk) + "?kind=multiple")
    assert 'name="options"' in html
    assert 'value="multiple"' in html
    response = english.post(
        url("question_edit", survey, questions["short"].pk),
        {"kind": "multiple", "text": "Ihre Lieblingsorte?", "options": "Markt\nPark"},
    )
    assert response.status_code == 302
    assert Question.objects.get(pk=questions["short"].pk).kind == Kind.MULTIPLE


def test_locked_the_edit_form_explains_and_refuses_what_would_break_answers(english, moderator, survey, questions):
    answer(survey, questions, moderator)
    english.force_login(moderator)
    address = url("question_edit", survey, questions["single"].pk)
    html = page(english, address + "?kind=multiple")
    assert "Show the fields of this kind" not in html
    assert 'name="kind" value="single"' in html  # the switch is ignored
    assert "Miete: 1" in html
    response = english.post(address, {"kind": "single", "text": "Wie wohnen Sie?", "options": "Eigentum\nMiete"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "the order of the answers stays as it is" in html
    assert "Eigentum\nMiete</textarea>" in html
    # The kind sent with the form cannot be changed either.
    response = english.post(address, {"kind": "multiple", "text": "Wie wohnen Sie?", "options": "Miete\nEigentum"})
    assert response.status_code in (302, 400)
    assert Question.objects.get(pk=questions["single"].pk).kind == Kind.SINGLE


def test_deleting_asks_first_and_explains_a_refusal(english, moderator, survey, questions):
    answer(survey, questions, moderator)
    extra = question(survey, Kind.SHORT_TEXT, "Noch etwas?")
    english.force_login(moderator)
    html = page(english, url("question_delete", survey, extra.pk))
    assert "Yes, delete it" in html
    assert english.post(url("question_delete", survey, extra.pk))["Location"] == url("edit", survey)
    assert not Question.objects.filter(pk=extra.pk).exists()
    html = page(english, url("question_delete", survey, questions["scale"].pk))
    assert "has an answer from 1 response, so it cannot be deleted" in html
    assert "Yes, delete it" not in html
    assert english.post(url("question_delete", survey, questions["scale"].pk)).status_code == 400
    html = page(english, url("question_delete", survey, questions["car"].pk))
    assert "cannot be deleted" in html


def test_moving_is_a_post_that_comes_back_to_the_question(english, moderator, survey, questions):
    english.force_login(moderator)
    assert english.get(url("question_move", survey, questions["long"].pk)).status_code == 405
    response = english.post(url("question_move", survey, questions["long"].pk), {"direction": "up"}, follow=True)
    assert response.redirect_chain[-1][0] == url("edit", survey) + f"#q{questions['long'].pk}"
    assert "The question has been moved up." in response.content.decode()
    assert Question.objects.get(pk=questions["long"].pk).position == 7
    response = english.post(url("question_move", survey, questions["car_use"].pk), {"direction": "up"}, follow=True)
    assert "so it has to stay below it" in response.content.decode()


# --- settings and rounds ---------------------------------------------------------------------------


def test_settings_are_saved_and_bad_input_keeps_what_was_typed(english, moderator, survey):
    english.force_login(moderator)
    html = page(english, url("settings", survey))
    assert 'name="easy_layout"' in html
    data = {
        "title_en": "Living here",
        "intro": "Warum wir fragen.",
        "intro_en": "",
        "easy_layout": "on",
        "one_per_screen": "on",
        "ask_town": "on",
        "allow_guests": "on",
        "text_retention_days": "365",
        "paper_code": "WL 1!",
        "previous_round": "",
    }
    response = english.post(url("settings", survey), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "letters, digits and hyphens" in html
    assert "Warum wir fragen." in html
    response = english.post(url("settings", survey), {**data, "paper_code": "wl-1"})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.paper_code, survey.easy_layout, survey.ask_age, survey.text_retention_days) == (
        "WL-1",
        True,
        False,
        365,
    )


def test_the_earlier_round_offers_only_the_organisations_other_surveys(english, moderator, survey, process):
    earlier = survey_module(process, phase_type="profile", title="Erste Befragung")
    english.force_login(moderator)
    html = page(english, url("settings", survey))
    assert f'<option value="{earlier.pk}">Erste Befragung' in html
    assert f'<option value="{survey.pk}"' not in html


def test_copy_as_round_from_the_page(english, moderator, survey, questions, process):
    target = survey_module(process, phase_type="review", title="Zweite Befragung")
    english.force_login(moderator)
    html = page(english, url("copy_round", survey))
    assert "Zweite Befragung" in html
    response = english.post(url("copy_round", survey), {"target": target.module_id})
    assert response.status_code == 302
    assert response["Location"] == url("edit", target)
    assert target.questions.count() == 10
    target.refresh_from_db()
    assert target.previous_round == survey
    # Now it has questions: it is no longer offered.
    html = page(english, url("copy_round", survey))
    assert "There is no empty survey to copy into." in html
    response = english.post(url("copy_round", survey), {"target": target.module_id})
    assert response.status_code == 400
    assert "Please choose one of the surveys listed." in response.content.decode()
    assert builder.survey_has_answers(target) is False
