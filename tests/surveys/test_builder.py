"""The questionnaire builder's services (surveys/builder.py): questions and options, conditions,
positions, the lock once answers exist (one test per rule), settings and the copy as the next round."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from tests.surveys.factories import full_values, option_id, question, survey_module
from zukunftswerkstatt.core.models import AuditAction, AuditEntry
from zukunftswerkstatt.processes.services import process_create_from_blueprint
from zukunftswerkstatt.surveys import builder
from zukunftswerkstatt.surveys.builder import QuestionSpec
from zukunftswerkstatt.surveys.models import Kind, Option, Question, ResponseChannel
from zukunftswerkstatt.surveys.services import response_submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages as written in the code (the German ones come with the translations)."""
    with translation.override("en"):
        yield


AGREEMENT = builder.LABEL_PRESETS["agreement"]


def add(survey, by, kind, text, **fields):
    return builder.question_add(survey=survey, spec=QuestionSpec(kind=kind, text=text, **fields), by=by)


def change(q: Question, by, **fields):
    q = Question.objects.get(pk=q.pk)
    return builder.question_update(question=q, spec=dataclasses.replace(QuestionSpec.of(q), **fields), by=by)


def errors_of(caught) -> dict[str, list[str]]:
    return caught.value.message_dict


def texts(q: Question) -> list[str]:
    return list(q.options.order_by("position").values_list("text", flat=True))


def positions(survey) -> list[tuple[str, int]]:
    return list(survey.questions.order_by("position").values_list("text", "position"))


def answer_once(survey, questions, by):
    """One paper response to `every_kind`, with a car."""
    return response_submit(survey=survey, values=full_values(questions), channel=ResponseChannel.PAPER, entered_by=by)


@pytest.fixture
def other_survey(other_organisation):
    process = process_create_from_blueprint(
        organisation=other_organisation, title="Nachbarn", slug="nachbarn", theme="Wandel", start=timezone.now()
    )
    return survey_module(process, phase_type="kickoff", title="Umfrage der Nachbarn")


# --- adding, options, kinds -----------------------------------------------------------------------


def test_questions_are_added_at_the_end_or_at_a_place_and_positions_stay_dense(survey, moderator):
    add(survey, moderator, Kind.SHORT_TEXT, "Erste")
    add(survey, moderator, Kind.SHORT_TEXT, "Dritte")
    second = builder.question_add(
        survey=survey, spec=QuestionSpec(kind=Kind.SHORT_TEXT, text="Zweite"), by=moderator, position=2
    )
    assert positions(survey) == [("Erste", 1), ("Zweite", 2), ("Dritte", 3)]
    assert second.position == 2
    builder.question_add(survey=survey, spec=QuestionSpec(kind=Kind.SECTION, text="Anfang"), by=moderator, position=1)
    assert positions(survey) == [("Anfang", 1), ("Erste", 2), ("Zweite", 3), ("Dritte", 4)]


def test_adding_is_recorded_in_the_audit_log(survey, moderator, organisation):
    q = add(survey, moderator, Kind.SINGLE, "Wie wohnen Sie?", options=("Miete", "Eigentum"))
    entry = AuditEntry.objects.get(action=AuditAction.SURVEY_QUESTION_ADDED)
    assert entry.organisation == organisation
    assert entry.actor == moderator
    assert entry.object_id == q.pk
    assert entry.object_repr == "Wie wohnen Sie?"
    assert entry.details == {"survey": survey.pk, "kind": "single", "position": 1}


def test_options_are_written_one_per_line_in_german_and_english(survey, moderator):
    q = add(
        survey,
        moderator,
        Kind.MULTIPLE,
        "Was fehlt Ihnen?",
        options=("  Ärzte ", "", "Busse", "Cafés"),
        options_en=("Doctors", "Buses", "Cafés", ""),
    )
    assert list(q.options.values_list("position", "text", "text_en")) == [
        (1, "Ärzte", "Doctors"),
        (2, "Busse", "Buses"),
        (3, "Cafés", "Cafés"),
    ]


def test_english_options_must_be_as_many_as_the_german_ones(survey, moderator):
    with pytest.raises(ValidationError) as caught:
        add(survey, moderator, Kind.SINGLE, "Frage", options=("A", "B", "C"), options_en=("A", "B"))
    assert list(errors_of(caught)) == ["options_en"]
    assert not Question.objects.exists()


def test_yes_no_gets_its_two_options_whatever_was_written(survey, moderator):
    q = add(survey, moderator, Kind.YES_NO, "Haben Sie ein Auto?", options=("Vielleicht",))
    assert list(q.options.values_list("text", "text_en")) == [("Ja", "Yes"), ("Nein", "No")]


@pytest.mark.parametrize(
    ("kind", "count", "ok"),
    [
        (Kind.RANKING, 7, True),
        (Kind.RANKING, 8, False),
        (Kind.RANKING, 1, False),
        (Kind.SINGLE, 1, False),
        (Kind.SINGLE, 30, True),
        (Kind.SINGLE, 31, False),
        (Kind.MATRIX, 2, True),
        (Kind.MATRIX, 21, False),
    ],
)
def test_how_many_options_a_kind_takes(survey, moderator, kind, count, ok):
    fields = {"options": tuple(f"Antwort {n}" for n in range(1, count + 1))}
    if kind == Kind.MATRIX:
        fields["scale_labels"] = AGREEMENT.german
    if ok:
        assert add(survey, moderator, kind, "Frage", **fields).options.count() == count
    else:
        with pytest.raises(ValidationError) as caught:
            add(survey, moderator, kind, "Frage", **fields)
        assert list(errors_of(caught)) == ["options"]


def test_an_option_cannot_be_there_twice(survey, moderator):
    with pytest.raises(ValidationError) as caught:
        add(survey, moderator, Kind.SINGLE, "Frage", options=("Bus", "Auto", "bus"))
    assert errors_of(caught) == {"options": ["“bus” is there twice. Each answer can be there once."]}


def test_a_scale_needs_five_labels_and_english_ones_are_five_or_none(survey, moderator):
    with pytest.raises(ValidationError) as caught:
        add(survey, moderator, Kind.SCALE, "Wie zufrieden?", scale_labels=("schlecht", "gut"))
    assert list(errors_of(caught)) == ["scale_labels"]
    with pytest.raises(ValidationError) as caught:
        add(survey, moderator, Kind.SCALE, "Wie zufrieden?", scale_labels=AGREEMENT.german, scale_labels_en=("bad",))
    assert list(errors_of(caught)) == ["scale_labels_en"]
    q = add(
        survey, moderator, Kind.SCALE, "Wie wichtig?", scale_labels=AGREEMENT.german, scale_labels_en=AGREEMENT.english
    )
    assert q.scale_labels == list(AGREEMENT.german)
    assert builder.scale_preset_of(q.scale_labels) == "agreement"
    assert builder.scale_preset_of(["a", "b", "c", "d", "e"]) == ""


def test_the_presets_are_five_labels_in_both_languages():
    for preset in builder.LABEL_PRESETS.values():
        assert len(preset.german) == len(preset.english) == 5
    assert builder.LABEL_PRESETS["frequency"].german == ("nie", "selten", "manchmal", "oft", "immer")


def test_number_limits_must_be_in_order_and_have_three_decimal_places_at_most(survey, moderator):
    with pytest.raises(ValidationError) as caught:
        add(survey, moderator, Kind.NUMBER, "Alter?", number_min=Decimal(100), number_max=Decimal(0))
    assert list(errors_of(caught)) == ["number_max"]
    with pytest.raises(ValidationError) as caught:
        add(survey, moderator, Kind.NUMBER, "Alter?", number_min=Decimal("0.0001"))
    assert list(errors_of(caught)) == ["number_min"]
    q = add(survey, moderator, Kind.NUMBER, "Minuten?", number_min=Decimal(0), number_max=Decimal(240), unit="min")
    assert (q.number_min, q.number_max, q.unit) == (0, 240, "min")


def test_fields_a_kind_does_not_use_are_cleared(survey, moderator):
    q = add(
        survey,
        moderator,
        Kind.SECTION,
        "Wohnen",
        required=True,
        options=("A", "B"),
        scale_labels=AGREEMENT.german,
        number_min=Decimal(1),
        unit="km",
    )
    assert (q.required, q.scale_labels, q.number_min, q.unit, q.options.count()) == (False, [], None, "", 0)


def test_before_answers_the_kind_can_change_and_options_follow(survey, moderator):
    q = add(survey, moderator, Kind.SINGLE, "Auto?", options=("habe eins", "habe keins"))
    change(q, moderator, kind=Kind.YES_NO)
    assert texts(q) == ["Ja", "Nein"]
    change(q, moderator, kind=Kind.SHORT_TEXT)
    assert q.options.count() == 0
    assert Question.objects.get(pk=q.pk).kind == Kind.SHORT_TEXT


def test_changing_is_recorded_with_what_changed_and_saving_unchanged_records_nothing(survey, moderator):
    q = add(survey, moderator, Kind.SINGLE, "Auto?", options=("A", "B"))
    change(q, moderator)
    change(add(survey, moderator, Kind.YES_NO, "Rad?"), moderator)
    assert not AuditEntry.objects.filter(action=AuditAction.SURVEY_QUESTION_CHANGED).exists()
    change(q, moderator, text="Haben Sie ein Auto?", options=("A", "B", "C"))
    entry = AuditEntry.objects.get(action=AuditAction.SURVEY_QUESTION_CHANGED)
    assert entry.details == {"survey": survey.pk, "changed": ["text", "options"], "options_deleted": 0}


# --- matching changed option lines to stored options --------------------------------------------


@pytest.mark.parametrize(
    ("before", "lines", "expected"),
    [
        # the same text is the same option, in any order
        (["A", "B", "C"], ["C", "A", "B"], ["C", "A", "B"]),
        # a typo fixed in the middle renames that option
        (["Ärtze", "Busse", "Cafés"], ["Ärtze", "Buse", "Cafés"], ["Ärtze", "Busse", "Cafés"]),
        # a line removed in the middle deletes that option, the others keep theirs
        (["A", "B", "C", "D"], ["A", "C", "D"], ["A", "C", "D"]),
        # a renamed option and a new one at the end
        (["A", "B", "C"], ["A", "Bx", "C", "D"], ["A", "B", "C", None]),
        # everything rewritten: renamed in order
        (["A", "B"], ["X", "Y", "Z"], ["A", "B", None]),
        # case and spaces do not make another option
        (["Busse"], [" busse "], ["Busse"]),
    ],
)
def test_option_lines_are_matched_to_the_stored_options(before, lines, expected):
    stored = [Option(pk=index, text=text, position=index) for index, text in enumerate(before, start=1)]
    matched = builder._match_options(stored, lines)
    assert [option.text if option else None for option in matched] == expected


def test_a_renamed_option_keeps_its_row_and_so_its_answers(survey, moderator):
    q = add(survey, moderator, Kind.SINGLE, "Was fehlt?", options=("Ärtze", "Busse", "Cafés"))
    ids = list(q.options.order_by("position").values_list("pk", flat=True))
    change(q, moderator, options=("Ärzte", "Busse", "Cafés"))
    assert list(q.options.order_by("position").values_list("pk", "text")) == list(
        zip(ids, ["Ärzte", "Busse", "Cafés"], strict=True)
    )


def test_before_answers_options_can_be_reordered_and_deleted(survey, moderator):
    q = add(survey, moderator, Kind.SINGLE, "Was fehlt?", options=("A", "B", "C"))
    change(q, moderator, options=("C", "A"))
    assert texts(q) == ["C", "A"]


# --- conditions ----------------------------------------------------------------------------------


def test_a_condition_names_an_option_of_an_earlier_choice_question(survey, moderator):
    car = add(survey, moderator, Kind.YES_NO, "Auto?")
    yes = car.options.get(text="Ja")
    q = add(survey, moderator, Kind.NUMBER, "Wie viele Kilometer?", condition_option_id=yes.pk)
    assert q.condition_option == yes
    numbers = {car.pk: 1, q.pk: 2}
    assert builder.condition_in_words(numbers, yes) == "Only if question 1 was answered with “Ja”"


def test_a_condition_cannot_name_a_later_question_its_own_or_a_ranking(survey, moderator):
    ranking = add(survey, moderator, Kind.RANKING, "Was zuerst?", options=("A", "B"))
    q = add(survey, moderator, Kind.SINGLE, "Was fehlt?", options=("A", "B"))
    later = add(survey, moderator, Kind.YES_NO, "Auto?")
    for option in (ranking.options.first(), q.options.first(), later.options.first()):
        with pytest.raises(ValidationError) as caught:
            change(q, moderator, condition_option_id=option.pk)
        assert list(errors_of(caught)) == ["condition"]
    # placed before its source when added
    with pytest.raises(ValidationError) as caught:
        builder.question_add(
            survey=survey,
            spec=QuestionSpec(kind=Kind.SHORT_TEXT, text="Warum?", condition_option_id=later.options.first().pk),
            by=moderator,
            position=1,
        )
    assert list(errors_of(caught)) == ["condition"]


def test_another_surveys_option_cannot_be_a_condition(survey, moderator, other_survey):
    foreign = add(other_survey, moderator, Kind.YES_NO, "Auto?")
    with pytest.raises(ValidationError) as caught:
        add(survey, moderator, Kind.SHORT_TEXT, "Warum?", condition_option_id=foreign.options.first().pk)
    assert list(errors_of(caught)) == ["condition"]


def test_a_section_heading_takes_no_condition(survey, moderator):
    car = add(survey, moderator, Kind.YES_NO, "Auto?")
    with pytest.raises(ValidationError) as caught:
        add(survey, moderator, Kind.SECTION, "Unterwegs", condition_option_id=car.options.first().pk)
    assert list(errors_of(caught)) == ["condition"]


def test_a_question_cannot_move_above_its_condition_nor_its_condition_below_it(survey, moderator):
    car = add(survey, moderator, Kind.YES_NO, "Auto?")
    km = add(survey, moderator, Kind.NUMBER, "Kilometer?", condition_option_id=car.options.get(text="Ja").pk)
    with pytest.raises(ValidationError) as caught:
        builder.question_move(question=km, direction=builder.UP, by=moderator)
    assert caught.value.messages == [
        "Question 2 is only asked after an answer to question 1, so it has to stay below it."
    ]
    with pytest.raises(ValidationError):
        builder.question_move(question=car, direction=builder.DOWN, by=moderator)
    assert positions(survey) == [("Auto?", 1), ("Kilometer?", 2)]
    assert not AuditEntry.objects.filter(action=AuditAction.SURVEY_QUESTION_MOVED).exists()


def test_moving_swaps_neighbours_and_does_nothing_at_the_ends(survey, moderator):
    first = add(survey, moderator, Kind.SHORT_TEXT, "A")
    add(survey, moderator, Kind.SHORT_TEXT, "B")
    last = add(survey, moderator, Kind.SHORT_TEXT, "C")
    builder.question_move(question=last, direction=builder.UP, by=moderator)
    assert positions(survey) == [("A", 1), ("C", 2), ("B", 3)]
    builder.question_move(question=first, direction=builder.UP, by=moderator)
    builder.question_move(question=Question.objects.get(text="B"), direction=builder.DOWN, by=moderator)
    assert positions(survey) == [("A", 1), ("C", 2), ("B", 3)]
    entry = AuditEntry.objects.get(action=AuditAction.SURVEY_QUESTION_MOVED)
    assert entry.details == {"survey": survey.pk, "direction": "up", "position": 2}


def test_the_source_of_a_condition_cannot_be_deleted_nor_lose_the_option_nor_stop_being_a_choice(survey, moderator):
    car = add(survey, moderator, Kind.SINGLE, "Auto?", options=("ja, eins", "ja, mehrere", "nein"))
    add(survey, moderator, Kind.NUMBER, "Kilometer?", condition_option_id=car.options.get(text="ja, mehrere").pk)
    with pytest.raises(ValidationError) as caught:
        builder.question_delete(question=car, by=moderator)
    assert caught.value.messages == [
        "Question 2 is only asked after an answer to this question. "
        "Change or remove that condition first, then delete this question."
    ]
    with pytest.raises(ValidationError) as caught:
        change(car, moderator, options=("ja, eins", "nein"))
    assert errors_of(caught) == {
        "options": ["Question 2 is only asked if “ja, mehrere” was chosen, so that answer cannot be removed."]
    }
    with pytest.raises(ValidationError) as caught:
        change(car, moderator, kind=Kind.RANKING)
    assert list(errors_of(caught)) == ["kind"]
    # Renaming the option keeps the condition.
    change(car, moderator, options=("ja, eins", "ja, zwei oder mehr", "nein"))
    assert Question.objects.get(text="Kilometer?").condition_option.text == "ja, zwei oder mehr"


def test_deleting_renumbers_the_rest(survey, moderator):
    add(survey, moderator, Kind.SHORT_TEXT, "A")
    b = add(survey, moderator, Kind.SHORT_TEXT, "B")
    add(survey, moderator, Kind.SHORT_TEXT, "C")
    builder.question_delete(question=b, by=moderator)
    assert positions(survey) == [("A", 1), ("C", 2)]
    entry = AuditEntry.objects.get(action=AuditAction.SURVEY_QUESTION_DELETED)
    assert (entry.object_repr, entry.details) == ("B", {"survey": survey.pk, "kind": "short_text", "position": 2})


# --- the lock once answers exist: one test per rule ------------------------------------------------


@pytest.fixture
def answered(survey, questions, moderator):
    answer_once(survey, questions, moderator)
    return questions


def test_locked_the_kind_cannot_change(survey, answered, moderator):
    with pytest.raises(ValidationError) as caught:
        change(answered["single"], moderator, kind=Kind.MULTIPLE)
    assert errors_of(caught) == {"kind": ["Answers have come in, so the kind of question cannot change any more."]}


def test_locked_even_a_question_nobody_answered_keeps_its_kind(survey, answered, moderator):
    # The rule is about the questionnaire: people saw (and skipped) it as it was.
    q = add(survey, moderator, Kind.SHORT_TEXT, "Noch etwas?")
    with pytest.raises(ValidationError):
        change(q, moderator, kind=Kind.LONG_TEXT)


def test_locked_an_option_with_answers_cannot_be_deleted(survey, answered, moderator):
    with pytest.raises(ValidationError) as caught:
        change(answered["single"], moderator, options=("Eigentum", "bei Angehörigen"))
    assert errors_of(caught) == {
        "options": ["“Miete” was chosen in 1 response, so it cannot be removed. You can correct its wording."]
    }
    assert texts(answered["single"]) == ["Miete", "Eigentum", "bei Angehörigen"]


def test_locked_an_option_without_answers_can_be_deleted(survey, answered, moderator):
    change(answered["single"], moderator, options=("Miete", "Eigentum"))
    assert texts(answered["single"]) == ["Miete", "Eigentum"]


def test_locked_a_matrix_statement_with_answers_cannot_be_deleted(survey, answered, moderator):
    with pytest.raises(ValidationError) as caught:
        change(answered["matrix"], moderator, options=("Es ist sicher.", "Es ist sauber."))
    assert list(errors_of(caught)) == ["options"]
    change(answered["matrix"], moderator, options=("Es ist sicher.", "Es ist ruhig."))  # "sauber" had none


def test_locked_options_cannot_be_reordered(survey, answered, moderator):
    with pytest.raises(ValidationError) as caught:
        change(answered["single"], moderator, options=("Eigentum", "Miete", "bei Angehörigen"))
    assert errors_of(caught) == {
        "options": [
            "Answers have come in, so the order of the answers stays as it is (printed questionnaires number "
            "them). New answers can be added at the end."
        ]
    }


def test_locked_new_options_go_at_the_end_only(survey, answered, moderator):
    with pytest.raises(ValidationError):
        change(answered["multiple"], moderator, options=("Ärzte", "Kita", "Busse", "Cafés", "Sportplätze"))
    change(answered["multiple"], moderator, options=("Ärzte", "Busse", "Cafés", "Sportplätze", "Kita"))
    assert texts(answered["multiple"])[-1] == "Kita"


def test_locked_options_can_be_renamed_and_keep_their_answers(survey, answered, moderator):
    miete = option_id(answered["single"], "Miete")
    change(answered["single"], moderator, options=("zur Miete", "Eigentum", "bei Angehörigen"))
    renamed = Option.objects.get(pk=miete)
    assert renamed.text == "zur Miete"
    assert renamed.answers.count() == 1


def test_locked_a_ranking_keeps_at_most_seven_options(survey, answered, moderator):
    lines = ("Arbeit", "Ärzte", "Schule", "Bus", "E", "F", "G", "H")
    with pytest.raises(ValidationError) as caught:
        change(answered["ranking"], moderator, options=lines)
    assert list(errors_of(caught)) == ["options"]


def test_locked_a_question_with_answers_cannot_be_deleted(survey, answered, moderator):
    with pytest.raises(ValidationError) as caught:
        builder.question_delete(question=answered["scale"], by=moderator)
    assert caught.value.messages == [
        "Question 3 has an answer from 1 response, so it cannot be deleted. You can correct its wording, "
        "or make it optional."
    ]
    assert Question.objects.filter(pk=answered["scale"].pk).exists()


def test_locked_a_question_without_answers_and_a_section_can_be_deleted(survey, answered, moderator):
    extra = add(survey, moderator, Kind.SHORT_TEXT, "Noch etwas?")
    builder.question_delete(question=extra, by=moderator)
    builder.question_delete(question=answered["section"], by=moderator)
    assert survey.questions.count() == 9
    assert list(survey.questions.values_list("position", flat=True)) == list(range(1, 10))


def test_locked_a_new_question_can_only_be_optional(survey, answered, moderator):
    with pytest.raises(ValidationError) as caught:
        add(survey, moderator, Kind.SHORT_TEXT, "Noch etwas?", required=True)
    assert list(errors_of(caught)) == ["required"]
    assert add(survey, moderator, Kind.SHORT_TEXT, "Noch etwas?").required is False


def test_locked_required_can_be_relaxed_but_not_added(survey, answered, moderator):
    with pytest.raises(ValidationError) as caught:
        change(answered["short"], moderator, required=True)
    assert list(errors_of(caught)) == ["required"]
    change(answered["single"], moderator, required=False)
    assert Question.objects.get(pk=answered["single"].pk).required is False
    with pytest.raises(ValidationError):
        change(answered["single"], moderator, required=True)


def test_locked_scale_labels_can_be_reworded(survey, answered, moderator):
    reworded = ("gar nicht", "eher nicht", "teils, teils", "eher ja", "voll und ganz")
    change(answered["scale"], moderator, scale_labels=reworded, text="Ich lebe gern in meinem Ort.")
    assert Question.objects.get(pk=answered["scale"].pk).scale_labels == list(reworded)


@pytest.mark.parametrize(
    ("number_min", "number_max", "refused"),
    [
        (Decimal(0), Decimal(1000), set()),  # unchanged
        (None, Decimal(5000), set()),  # widened on both sides
        (Decimal(-10), None, set()),
        (Decimal(1), Decimal(1000), {"number_min"}),  # smallest up
        (Decimal(0), Decimal(500), {"number_max"}),  # largest down
        (Decimal(5), Decimal(50), {"number_min", "number_max"}),
    ],
)
def test_locked_number_limits_can_be_widened_not_narrowed(survey, answered, moderator, number_min, number_max, refused):
    q = answered["car_use"]
    if refused:
        with pytest.raises(ValidationError) as caught:
            change(q, moderator, number_min=number_min, number_max=number_max)
        assert set(errors_of(caught)) == refused
    else:
        change(q, moderator, number_min=number_min, number_max=number_max)
        q.refresh_from_db()
        assert (q.number_min, q.number_max) == (number_min, number_max)


def test_locked_a_limit_cannot_be_added_where_there_was_none(survey, answered, moderator):
    q = answered["car_use"]
    change(q, moderator, number_min=None, number_max=None)
    with pytest.raises(ValidationError) as caught:
        change(q, moderator, number_max=Decimal(100000))
    assert errors_of(caught) == {
        "number_max": ["Answers have come in, so a largest number cannot be set now (there was none)."]
    }


def test_locked_the_condition_cannot_change(survey, answered, moderator):
    with pytest.raises(ValidationError) as caught:
        change(answered["car_use"], moderator, condition_option_id=None)
    assert list(errors_of(caught)) == ["condition"]
    with pytest.raises(ValidationError):
        change(answered["long"], moderator, condition_option_id=option_id(answered["car"], "Nein"))


def test_locked_texts_and_explanations_can_be_corrected(survey, answered, moderator):
    change(
        answered["single"], moderator, text="Wie wohnen Sie zurzeit?", text_en="How do you live?", help="Eine Antwort"
    )
    q = Question.objects.get(pk=answered["single"].pk)
    assert (q.text, q.text_en, q.help) == ("Wie wohnen Sie zurzeit?", "How do you live?", "Eine Antwort")


def test_locked_a_new_question_may_have_a_condition_and_questions_may_move(survey, answered, moderator):
    q = add(survey, moderator, Kind.SHORT_TEXT, "Welches Auto?", condition_option_id=option_id(answered["car"], "Ja"))
    builder.question_move(question=q, direction=builder.UP, by=moderator)
    assert Question.objects.get(pk=q.pk).position == survey.questions.count() - 1


def test_the_lock_is_about_the_survey_answered_not_another(survey, answered, moderator, process):
    other = survey_module(process, title="Zweite Umfrage")
    q = question(other, Kind.SINGLE, "Frage", ["A", "B"])
    change(q, moderator, kind=Kind.MULTIPLE)
    assert builder.survey_has_answers(other) is False
    assert builder.survey_has_answers(survey) is True
    assert builder.answer_counts(survey)[answered["single"].pk] == 1


# --- settings ------------------------------------------------------------------------------------


def test_settings_are_changed_and_recorded(survey, moderator):
    builder.survey_settings_update(
        survey=survey,
        by=moderator,
        easy_layout=True,
        one_per_screen=True,
        paper_code=" wl-2027 ",
        intro="Warum wir fragen",
    )
    survey.refresh_from_db()
    assert (survey.easy_layout, survey.one_per_screen, survey.paper_code, survey.intro) == (
        True,
        True,
        "WL-2027",
        "Warum wir fragen",
    )
    entry = AuditEntry.objects.get(action=AuditAction.SURVEY_SETTINGS_CHANGED)
    assert entry.details == {
        "survey": survey.pk,
        "easy_layout": True,
        "one_per_screen": True,
        "paper_code": "…",
        "intro": "…",
    }
    builder.survey_settings_update(survey=survey, by=moderator, easy_layout=True)
    assert AuditEntry.objects.filter(action=AuditAction.SURVEY_SETTINGS_CHANGED).count() == 1


def test_settings_refuse_a_bad_paper_code_and_retention(survey, moderator):
    with pytest.raises(ValidationError) as caught:
        builder.survey_settings_update(survey=survey, by=moderator, paper_code="WL 2027!", text_retention_days=0)
    assert set(errors_of(caught)) == {"paper_code", "text_retention_days"}
    with pytest.raises(TypeError):
        builder.survey_settings_update(survey=survey, by=moderator, module=None)


def test_the_earlier_round_is_a_survey_of_the_same_organisation_not_itself_nor_a_later_round(
    survey, moderator, process, other_survey
):
    earlier = survey_module(process, phase_type="profile", title="Erste Befragung")
    for wrong, message in [
        (survey, "A survey cannot be its own earlier round."),
        (other_survey, "Please choose a survey of your organisation."),
    ]:
        with pytest.raises(ValidationError) as caught:
            builder.survey_settings_update(survey=survey, by=moderator, previous_round=wrong)
        assert errors_of(caught) == {"previous_round": [message]}
    builder.survey_settings_update(survey=survey, by=moderator, previous_round=earlier)
    survey.refresh_from_db()
    assert survey.previous_round == earlier
    with pytest.raises(ValidationError) as caught:
        builder.survey_settings_update(survey=earlier, by=moderator, previous_round=survey)
    assert errors_of(caught) == {"previous_round": ["That survey is a later round of this one."]}
    assert list(builder.previous_round_choices(survey)) == [earlier]


# --- copying as the next round ---------------------------------------------------------------------


def test_copy_as_round_repeats_questions_options_conditions_and_settings(survey, questions, moderator, process):
    survey.intro = "Warum wir fragen"
    survey.easy_layout = True
    survey.ask_age = False
    survey.is_closed = True
    survey.results_public = True
    survey.paper_code = "WL-1"
    survey.save()
    answer_once(survey, questions, moderator)
    target = survey_module(process, phase_type="review", title="Zweite Befragung")

    builder.survey_copy_as_round(source=survey, target=target, by=moderator)

    target.refresh_from_db()
    assert target.previous_round == survey
    assert (target.intro, target.easy_layout, target.ask_age) == ("Warum wir fragen", True, False)
    assert (target.is_closed, target.results_public, target.paper_code) == (False, False, "")
    copies = list(target.questions.order_by("position"))
    originals = list(survey.questions.order_by("position"))
    assert [(c.position, c.kind, c.text, c.required) for c in copies] == [
        (o.position, o.kind, o.text, o.required) for o in originals
    ]
    assert [c.same_as_id for c in copies] == [o.pk for o in originals]
    matrix = target.questions.get(kind=Kind.MATRIX)
    assert [(o.text, o.same_as.question_id) for o in matrix.options.order_by("position")] == [
        (text, questions["matrix"].pk) for text in ["Es ist sicher.", "Es ist sauber.", "Es ist ruhig."]
    ]
    car_use = target.questions.get(same_as=questions["car_use"])
    assert car_use.condition_option.question.survey == target
    assert car_use.condition_option.same_as == questions["car"].options.get(text="Ja")
    assert builder.survey_has_answers(target) is False
    entry = AuditEntry.objects.get(action=AuditAction.SURVEY_ROUND_COPIED)
    assert entry.details == {"survey": target.pk, "from_survey": survey.pk, "questions": 10}


def test_copy_as_round_only_into_another_empty_survey_of_the_organisation(survey, questions, moderator, other_survey):
    with pytest.raises(ValidationError) as caught:
        builder.survey_copy_as_round(source=survey, target=survey, by=moderator)
    assert caught.value.code == "same"
    with pytest.raises(ValidationError) as caught:
        builder.survey_copy_as_round(source=survey, target=other_survey, by=moderator)
    assert caught.value.code == "organisation"
    target = survey_module(survey.module.phase.process, phase_type="review", title="Zweite")
    question(target, Kind.SHORT_TEXT, "Schon da")
    with pytest.raises(ValidationError) as caught:
        builder.survey_copy_as_round(source=survey, target=target, by=moderator)
    assert caught.value.code == "not_empty"
    assert target.questions.count() == 1


def test_copy_targets_are_the_organisations_empty_survey_modules(survey, questions, process, other_survey):
    empty = survey_module(process, phase_type="review", title="Leer")
    full = survey_module(process, phase_type="action_plan", title="Voll")
    question(full, Kind.SHORT_TEXT, "Schon da")
    assert list(builder.copy_targets(survey)) == [empty.module]


def test_a_question_deleted_in_the_meantime_is_reported_not_an_error(survey, moderator):
    q = add(survey, moderator, Kind.SHORT_TEXT, "Weg")
    Question.objects.filter(pk=q.pk).delete()
    for act in (
        lambda: builder.question_move(question=q, direction=builder.UP, by=moderator),
        lambda: builder.question_delete(question=q, by=moderator),
        lambda: builder.question_update(question=q, spec=QuestionSpec(kind=Kind.SHORT_TEXT, text="x"), by=moderator),
    ):
        with pytest.raises(ValidationError) as caught:
            act()
        assert caught.value.code == "gone"
