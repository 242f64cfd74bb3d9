"""Entering paper and phone answers: reading what the team types (keyed.py), the entry page that
saves through the one service of every channel, corrections, deletion, and who may do it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.surveys import services
from zukunftswerkstatt.surveys.answering import values_of
from zukunftswerkstatt.surveys.keyed import (
    KeyedError,
    choice_typed,
    keyed_matrix,
    keyed_text,
    keyed_value,
    legend,
)
from zukunftswerkstatt.surveys.models import Kind, Response, ResponseChannel
from zukunftswerkstatt.surveys.selectors import questions_for_answering

from .factories import full_values, option_id, question


@pytest.fixture(autouse=True)
def _english():
    """Messages as written in the code (the German ones come with the translations)."""
    with translation.override("en"):
        yield


# --- reading typed answers ----------------------------------------------------------------------


@pytest.fixture
def q(survey, questions):
    """The questions as the entry form has them (options prefetched), by the factory's keys."""
    loaded = {question.pk: question for question in questions_for_answering(survey)}
    return {key: loaded[question.pk] for key, question in questions.items()}


def test_one_answer_is_its_number(q):
    assert keyed_value(q["single"], "2") == option_id(q["single"], "Eigentum")
    assert keyed_value(q["single"], " 3 ") == option_id(q["single"], "bei Angehörigen")
    assert keyed_value(q["car"], "1") == option_id(q["car"], "Ja")
    assert keyed_value(q["car"], "2") == option_id(q["car"], "Nein")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("4", "There is no answer 4: the answers are numbered 1 to 3."),
        ("0", "There is no answer 0: the answers are numbered 1 to 3."),
        ("1 2", "Only one answer can be chosen here: please type one number."),
        ("x", "Please type the number of the answer, from 1 to 3."),
        ("12", "There is no answer 12: the answers are numbered 1 to 3."),
    ],
)
def test_one_answer_refuses_what_names_none(q, typed, message):
    with pytest.raises(KeyedError) as raised:
        keyed_value(q["single"], typed)
    assert raised.value.message == gettext(message)


def test_empty_is_not_answered_for_every_kind(q):
    for key in ("single", "multiple", "scale", "car", "car_use", "short", "long", "ranking"):
        assert keyed_value(q[key], "") is None
        assert keyed_value(q[key], "   ") is None
    assert keyed_matrix(q["matrix"], {}) == (None, {})


@pytest.mark.parametrize("typed", ["1 2", "12", "1,2", "2 1", "2;1", "1.2", " 1  2 "])
def test_several_answers_with_or_without_separators(q, typed):
    assert keyed_value(q["multiple"], typed) == sorted(
        [option_id(q["multiple"], "Ärzte"), option_id(q["multiple"], "Busse")]
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1 1", "The number 1 is typed twice."),
        ("15", "There is no answer 5: the answers are numbered 1 to 4."),
        ("1 a", "Please type the numbers of the answers, e.g. “1 3”; “a” is not a number."),
    ],
)
def test_several_answers_refuse_doubles_and_strangers(q, typed, message):
    with pytest.raises(KeyedError) as raised:
        keyed_value(q["multiple"], typed)
    assert raised.value.message == gettext(message)


def test_with_ten_options_or_more_digits_do_not_run_together(survey):
    many = question(survey, Kind.MULTIPLE, "Welche Orte kennen Sie?", [f"Ort {number}" for number in range(1, 13)])
    many = next(item for item in questions_for_answering(survey) if item.pk == many.pk)
    assert keyed_value(many, "12") == [option_id(many, "Ort 12")]
    assert keyed_value(many, "1 2") == sorted([option_id(many, "Ort 1"), option_id(many, "Ort 2")])


def test_a_ranking_is_the_option_numbers_from_the_first_place(q):
    ids = {text: option_id(q["ranking"], text) for text in ("Arbeit", "Ärzte", "Schule", "Bus")}
    assert keyed_value(q["ranking"], "3 1 2") == [ids["Schule"], ids["Arbeit"], ids["Ärzte"]]
    assert keyed_value(q["ranking"], "42") == [ids["Bus"], ids["Ärzte"]]
    with pytest.raises(KeyedError):
        keyed_value(q["ranking"], "3 3")
    with pytest.raises(KeyedError):
        keyed_value(q["ranking"], "5")


def test_a_scale_point_is_one_to_five(q):
    assert keyed_value(q["scale"], "4") == 4
    for typed in ("0", "6", "4 5", "vier"):
        with pytest.raises(KeyedError):
            keyed_value(q["scale"], typed)


@pytest.mark.parametrize(
    ("typed", "number"),
    [("12", "12"), ("12,5", "12.5"), ("12.5", "12.5"), ("1 500", "1500"), ("-3", "-3"), ("0,25", "0.25")],
)
def test_a_number_with_comma_or_point(q, typed, number):
    assert keyed_value(q["car_use"], typed) == Decimal(number)


@pytest.mark.parametrize("typed", ["1.500,5", "zwölf", "12 km", "1,2,3"])
def test_a_number_refuses_what_is_not_one(q, typed):
    with pytest.raises(KeyedError):
        keyed_value(q["car_use"], typed)


def test_texts_as_typed(q):
    assert keyed_value(q["short"], "  Der Marktplatz ") == "Der Marktplatz"
    assert keyed_value(q["long"], "Mehr Busse.\nUnd Bänke.") == "Mehr Busse.\nUnd Bänke."


def test_a_matrix_takes_one_point_per_statement(q):
    safe, clean, quiet = (
        option_id(q["matrix"], text) for text in ("Es ist sicher.", "Es ist sauber.", "Es ist ruhig.")
    )
    assert keyed_matrix(q["matrix"], {safe: "5", clean: "", quiet: "2"}) == ({safe: 5, quiet: 2}, {})
    value, errors = keyed_matrix(q["matrix"], {safe: "7", clean: "3"})
    assert value == {clean: 3}
    assert errors == {safe: gettext("There is no answer 7: the answers are numbered 1 to 5.")}


def test_stored_answers_are_typed_back_the_same(q):
    values = full_values(q)
    for key, item in q.items():
        if not item.takes_answer or item.kind == Kind.MATRIX:
            continue
        assert keyed_value(item, keyed_text(item, values[item.pk])) == values[item.pk], key


def test_towns_and_age_groups_are_numbered(town_a, town_b):
    assert choice_typed("2", [town_a, town_b]) == town_b
    assert choice_typed("", [town_a, town_b]) is None
    assert choice_typed("4", list(AgeGroup)) == AgeGroup.AGE_18_29
    with pytest.raises(KeyedError):
        choice_typed("3", [town_a, town_b])
    assert legend(["Miete", "Eigentum"]) == "1 Miete · 2 Eigentum"


# --- the entry page -----------------------------------------------------------------------------


def entry_url(survey) -> str:
    return reverse("surveys:entry", kwargs={"module_pk": survey.module_id})


def typed_form(q, *, number="42", channel="paper", **changes) -> dict:
    """A paper form typed as the team would: the full answer of `full_values`."""
    safe, quiet = option_id(q["matrix"], "Es ist sicher."), option_id(q["matrix"], "Es ist ruhig.")
    data = {
        "channel": channel,
        "paper_number": number,
        f"q{q['single'].pk}": "1",
        f"q{q['multiple'].pk}": "2 1",
        f"q{q['scale'].pk}": "4",
        f"q{q['car'].pk}": "1",
        f"q{q['car_use'].pk}": "12,5",
        f"q{q['short'].pk}": "Der Marktplatz",
        f"q{q['long'].pk}": "Mehr Busse am Abend.",
        f"q{q['ranking'].pk}": "2 4",
        f"q{q['matrix'].pk}_{safe}": "5",
        f"q{q['matrix'].pk}_{quiet}": "2",
        "town": "1",
        "age_group": "7",
    }
    data.update(changes)
    return data


def field_tag(html: str, name: str) -> str:
    match = re.search(rf'<(?:input|textarea)[^>]*\sname="{re.escape(name)}"[^>]*>', html)
    assert match, f"no field {name}"
    return match.group(0)


def field_value(html: str, name: str) -> str:
    """What the field shows (an input's value, a textarea's text)."""
    textarea = re.search(rf'<textarea[^>]*\sname="{re.escape(name)}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    if textarea:
        return textarea.group(1)
    value = re.search(r'\svalue="([^"]*)"', field_tag(html, name))
    return value.group(1) if value else ""


def test_town_staff_open_the_entry_page_with_the_numbers_and_the_next_number(
    client_for, staff_a, survey, q, django_assert_num_queries
):
    client = client_for(staff_a)
    client.get(entry_url(survey))  # sessions and the like warmed up
    with django_assert_num_queries(13):
        response = client.get(entry_url(survey))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 Miete · 2 Eigentum · 3 bei Angehörigen" in html
    assert "1 stimme gar nicht zu · 2 stimme eher nicht zu" in html
    assert "1 Auerbach/Vogtl. · 2 Ellefeld" in html
    assert field_value(html, "paper_number") == "1"
    assert 'inputmode="numeric"' in html
    assert 'inputmode="decimal"' in html
    assert "autofocus" in field_tag(html, "paper_number")
    # The conditional question says on which answer it depends.
    assert gettext("Only if question %(number)s is %(option)s (%(answer)s)") % {
        "number": 4,
        "option": 1,
        "answer": "Ja",
    } in html.replace("\n", " ")


def test_a_paper_form_is_saved_with_its_channel_number_and_who_entered_it(client_for, staff_a, survey, q, town_a):
    client = client_for(staff_a)
    response = client.post(entry_url(survey), typed_form(q))
    assert response.status_code == 302
    assert response["Location"] == entry_url(survey) + "?channel=paper&after=42"
    saved = Response.objects.get(survey=survey)
    assert (saved.channel, saved.paper_number, saved.entered_by, saved.user) == ("paper", 42, staff_a, None)
    assert (saved.participant_town, saved.participant_age_group) == (town_a, AgeGroup.AGE_65_79)
    assert values_of(saved.answers.all(), list(q.values())) == full_values(q)
    page = client.get(response["Location"]).content.decode()
    assert gettext("Questionnaire No. %(number)s saved.") % {"number": 42} in page
    assert field_value(page, "paper_number") == "43"
    assert field_value(page, f"q{q['short'].pk}") == ""


def test_the_next_number_skips_numbers_entered_already(client_for, staff_a, survey, q):
    client = client_for(staff_a)
    client.post(entry_url(survey), typed_form(q, number="43"))
    client.post(entry_url(survey), typed_form(q, number="42"))
    page = client.get(entry_url(survey) + "?channel=paper&after=42").content.decode()
    assert field_value(page, "paper_number") == "44"


def test_phone_answers_have_no_paper_number(client_for, moderator, survey, q):
    client = client_for(moderator)
    response = client.post(entry_url(survey), typed_form(q, channel="phone", number="7"))
    assert response.status_code == 302
    saved = Response.objects.get(survey=survey)
    assert (saved.channel, saved.paper_number, saved.entered_by) == ("phone", None, moderator)
    page = client.get(response["Location"]).content.decode()
    assert gettext("Phone answers saved.") in page


def test_a_paper_form_needs_its_number(client_for, staff_a, survey, q):
    response = client_for(staff_a).post(entry_url(survey), typed_form(q, number=""))
    assert response.status_code == 400
    assert gettext("Please type the number printed on the questionnaire.") in response.content.decode()
    assert not Response.objects.exists()


def test_a_number_entered_twice_is_refused_and_everything_typed_kept(client_for, staff_a, survey, q):
    client = client_for(staff_a)
    client.post(entry_url(survey), typed_form(q))
    response = client.post(entry_url(survey), typed_form(q, **{f"q{q['short'].pk}": "Die Kirche"}))
    html = response.content.decode()
    assert response.status_code == 400
    assert gettext("The questionnaire with number %(number)s was entered already.") % {"number": 42} in html
    assert field_value(html, f"q{q['short'].pk}") == "Die Kirche"
    assert field_value(html, f"q{q['multiple'].pk}") == "2 1"
    assert "autofocus" in field_tag(html, "paper_number")
    assert Response.objects.count() == 1


def test_what_cannot_be_read_is_said_at_its_field_and_focused(client_for, staff_a, survey, q):
    name = f"q{q['scale'].pk}"
    response = client_for(staff_a).post(entry_url(survey), typed_form(q, **{name: "7"}))
    html = response.content.decode()
    assert response.status_code == 400
    with translation.override("de"):  # the page is in the default language
        assert (
            gettext("There is no answer %(number)s: the answers are numbered 1 to %(count)s.")
            % {
                "number": 7,
                "count": 5,
            }
            in html
        )
    assert f'id="id_{name}_error"' in html
    assert "autofocus" in field_tag(html, name)
    assert re.search(rf'aria-describedby="id_{name}_legend id_{name}_error"', field_tag(html, name))
    assert field_value(html, f"q{q['short'].pk}") == "Der Marktplatz"
    assert not Response.objects.exists()


def test_a_required_question_left_blank_on_paper_is_recorded_as_blank(client_for, staff_a, survey, q):
    # Online a required question must be answered; on paper the person skipped it, and the team
    # cannot ask again: the form is entered as it is (the matrix's statements too).
    safe = option_id(q["matrix"], "Es ist sicher.")
    q["matrix"].required = True
    q["matrix"].save()
    data = typed_form(q, **{f"q{q['single'].pk}": "", f"q{q['scale'].pk}": ""})
    response = client_for(staff_a).post(entry_url(survey), data)
    assert response.status_code == 302
    values = values_of(Response.objects.get(survey=survey).answers.all(), list(q.values()))
    assert q["single"].pk not in values
    assert q["scale"].pk not in values
    assert values[q["matrix"].pk][safe] == 5
    # Online, the service still insists.
    with pytest.raises(ValidationError):
        services.response_submit(survey=survey, values={}, channel=ResponseChannel.GUEST, guest_token="browser")


def test_answers_to_a_question_hidden_by_its_condition_do_not_count(client_for, staff_a, survey, q):
    # "Nein" to the car: the kilometres are not asked, whatever was typed there (even nonsense).
    data = typed_form(q, **{f"q{q['car'].pk}": "2", f"q{q['car_use'].pk}": "viel"})
    response = client_for(staff_a).post(entry_url(survey), data)
    assert response.status_code == 302
    saved = Response.objects.get(survey=survey)
    assert not saved.answers.filter(question=q["car_use"]).exists()


def test_the_latest_entries_show_paper_and_phone_never_online(client_for, staff_a, participant, survey, q):
    services.response_submit(survey=survey, values=full_values(q), channel=ResponseChannel.ONLINE, user=participant)
    client = client_for(staff_a)
    client.post(entry_url(survey), typed_form(q, number="5"))
    html = client.get(entry_url(survey)).content.decode()
    online = Response.objects.get(channel=ResponseChannel.ONLINE)
    paper = Response.objects.get(channel=ResponseChannel.PAPER)
    assert reverse("surveys:response_edit", args=[paper.pk]) in html
    assert reverse("surveys:response_edit", args=[online.pk]) not in html
    assert staff_a.display_name in html
    assert client.get(reverse("surveys:response_edit", args=[online.pk])).status_code == 404
    assert client.post(reverse("surveys:response_delete", args=[online.pk])).status_code == 404
    assert Response.objects.filter(pk=online.pk).exists()


def test_an_entry_is_corrected_as_a_whole(client_for, staff_a, moderator, survey, q):
    entered = services.response_submit(
        survey=survey, values=full_values(q), channel=ResponseChannel.PAPER, paper_number=8, entered_by=moderator
    )
    client = client_for(staff_a)
    url = reverse("surveys:response_edit", args=[entered.pk])
    html = client.get(url).content.decode()
    # What was stored, as one would type it.
    assert field_value(html, f"q{q['single'].pk}") == "1"
    assert field_value(html, f"q{q['multiple'].pk}") == "1 2"
    assert field_value(html, f"q{q['ranking'].pk}") == "2 4"
    assert field_value(html, f"q{q['car_use'].pk}") in ("12,5", "12.5")
    assert field_value(html, "paper_number") == "8"
    data = typed_form(q, number="9", **{f"q{q['single'].pk}": "2", f"q{q['short'].pk}": ""})
    data.pop("channel")  # the channel of a correction stays as it was
    response = client.post(url, data)
    assert response.status_code == 302
    entered.refresh_from_db()
    assert (entered.channel, entered.paper_number, entered.entered_by) == ("paper", 9, staff_a)
    values = values_of(entered.answers.all(), list(q.values()))
    assert values[q["single"].pk] == option_id(q["single"], "Eigentum")
    assert q["short"].pk not in values
    assert (
        gettext("Questionnaire No. %(number)s corrected.") % {"number": 9}
        in client.get(response["Location"]).content.decode()
    )


def test_a_correction_cannot_take_a_number_entered_already(client_for, staff_a, survey, q):
    first = services.response_submit(
        survey=survey, values=full_values(q), channel=ResponseChannel.PAPER, paper_number=1, entered_by=staff_a
    )
    services.response_submit(
        survey=survey, values=full_values(q), channel=ResponseChannel.PAPER, paper_number=2, entered_by=staff_a
    )
    response = client_for(staff_a).post(reverse("surveys:response_edit", args=[first.pk]), typed_form(q, number="2"))
    assert response.status_code == 400
    assert gettext("The questionnaire with number %(number)s was entered already.") % {"number": 2} in (
        response.content.decode()
    )
    first.refresh_from_db()
    assert first.paper_number == 1


def test_an_entry_is_deleted_after_asking(client_for, staff_a, survey, q):
    entered = services.response_submit(
        survey=survey, values=full_values(q), channel=ResponseChannel.PAPER, paper_number=3, entered_by=staff_a
    )
    client = client_for(staff_a)
    url = reverse("surveys:response_delete", args=[entered.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert Response.objects.filter(pk=entered.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Response.objects.filter(pk=entered.pk).exists()
    assert (
        gettext("Questionnaire No. %(number)s deleted.") % {"number": 3}
        in client.get(response["Location"]).content.decode()
    )


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["participant", "other_org_admin"])
def test_citizens_and_other_organisations_may_not_enter(request, client_for, client, survey, q, who):
    entered = services.response_submit(
        survey=survey,
        values=full_values(q),
        channel=ResponseChannel.PAPER,
        paper_number=3,
        entered_by=request.getfixturevalue("staff_a"),
    )
    person = client_for(request.getfixturevalue(who))
    assert person.get(entry_url(survey)).status_code == 403
    assert person.post(entry_url(survey), typed_form(q, number="4")).status_code == 403
    assert person.get(reverse("surveys:response_edit", args=[entered.pk])).status_code == 403
    assert person.post(reverse("surveys:response_delete", args=[entered.pk])).status_code == 403
    assert list(Response.objects.values_list("paper_number", flat=True)) == [3]


def test_visitors_without_an_account_may_not_enter(client, survey, q):
    assert client.get(entry_url(survey)).status_code in (302, 403)
    assert client.post(entry_url(survey), typed_form(q)).status_code in (302, 403)
    assert not Response.objects.exists()


def test_entry_of_an_unpublished_survey_is_not_found_for_another_organisation(
    client_for, other_org_admin, staff_a, survey
):
    survey.module.is_published = False
    survey.module.save(update_fields=["is_published"])
    assert client_for(other_org_admin).get(entry_url(survey)).status_code == 404
    assert client_for(staff_a).get(entry_url(survey)).status_code == 200
