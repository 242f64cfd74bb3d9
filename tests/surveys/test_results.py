"""Survey results on hand-computed cases: shares, means, medians, quartiles, suppression (primary and
secondary), the tables by town and by age group, the composition against the population and two
rounds compared in percentage points (docs/surveys.md, "Results")."""

from __future__ import annotations

import itertools
import random
import statistics
from decimal import Decimal

import pytest
from django.utils import translation

from tests.participation.conftest import population
from zukunftswerkstatt.core.suppression import Figure
from zukunftswerkstatt.surveys.models import Kind, Option, Question, Response
from zukunftswerkstatt.surveys.results import (
    ALL,
    BY_AGE,
    BY_TOWN,
    counts_cached,
    percent,
    quantiles,
    rounds_compare,
    survey_results,
)
from zukunftswerkstatt.surveys.selectors import questions_for_answering, survey_of
from zukunftswerkstatt.surveys.services import response_submit

from .factories import question, survey_module

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Labels and numbers as in English (the German texts come with the translations)."""
    with translation.override("en"):
        yield


_paper_numbers = itertools.count(1)


def answer(survey, staff, values: dict, *, town=None, age: str = "", channel: str = "phone") -> Response:
    """One questionnaire entered by the team (phone or paper), through the one service every channel uses."""
    return response_submit(
        survey=survey,
        values=values,
        channel=channel,
        entered_by=staff,
        town=town,
        age_group=age,
        paper_number=next(_paper_numbers) if channel == "paper" else None,
    )


def ids(q: Question) -> dict[str, int]:
    return {option.text: option.pk for option in q.options.all()}


def result_of(survey, q: Question, breakdown=None):
    survey = survey_of(survey.module)
    return survey_results(survey, breakdown).question(q.pk)


def hidden(figure: Figure) -> bool:
    return figure.hidden


# --- shares and suppression ----------------------------------------------------------------------


def test_single_choice_shares_are_of_the_respondents_and_small_counts_hide_with_a_second_one(survey, staff_a):
    q = question(survey, Kind.SINGLE, "Wie wohnen Sie?", ["Miete", "Eigentum", "bei Angehörigen"])
    o = ids(q)
    for text, times in (("Miete", 12), ("Eigentum", 5), ("bei Angehörigen", 3)):
        for _ in range(times):
            answer(survey, staff_a, {q.pk: o[text]})
    answer(survey, staff_a, {})  # a questionnaire that skipped the question: not a respondent

    result = result_of(survey, q)

    assert result.respondents == Figure(20)
    lines = {line.label: line for line in result.lines}
    assert lines["Miete"].count == Figure(12)
    assert lines["Miete"].share == pytest.approx(0.6)
    assert lines["Miete"].share_text == "60.0 %"
    # 3 is hidden (primary); alone it could be worked out from 20 − 12 − 5, so 5 is hidden too (secondary).
    assert lines["bei Angehörigen"].count == Figure(3, hidden=True)
    assert lines["Eigentum"].count == Figure(5, hidden=True)
    assert str(lines["Eigentum"].count) == "< 5"
    assert lines["Eigentum"].share is None
    assert lines["Eigentum"].share_text == "–"


def test_multiple_choice_shares_can_add_up_to_more_than_100_percent(survey, staff_a):
    q = question(survey, Kind.MULTIPLE, "Was fehlt Ihnen?", ["Ärzte", "Busse", "Cafés"])
    o = ids(q)
    chosen = [["Ärzte", "Busse", "Cafés"]] * 5 + [["Ärzte", "Busse"]] + [["Ärzte"]] * 2
    for texts in chosen:
        answer(survey, staff_a, {q.pk: sorted(o[t] for t in texts)})
    for _ in range(2):
        answer(survey, staff_a, {q.pk: [o["Busse"]]})

    result = result_of(survey, q)

    # 10 people: Ärzte 8, Busse 8 (5 + 1 + 2), Cafés 5.
    assert result.respondents == Figure(10)
    shares = {line.label: line.share for line in result.lines}
    assert shares == {"Ärzte": pytest.approx(0.8), "Busse": pytest.approx(0.8), "Cafés": pytest.approx(0.5)}
    assert result.sums_over_100
    assert sum(shares.values()) > 1


def test_scale_mean_and_median_are_shown_from_five_people_even_when_each_point_is_hidden(survey, staff_a):
    q = question(survey, Kind.SCALE, "Ich lebe gern hier.")
    for point in (1, 2, 2, 3, 4, 4, 4, 5, 5, 5):
        answer(survey, staff_a, {q.pk: point})

    result = result_of(survey, q)

    assert result.respondents == Figure(10)
    assert result.mean == pytest.approx(3.5)  # 35 / 10
    assert result.median == pytest.approx(4.0)  # the 5th and 6th of ten: 4 and 4
    assert result.mean_text == "3.50"
    assert all(line.count.hidden for line in result.lines)  # 1, 2, 1, 3, 3 people: each below 5


def test_a_mean_of_fewer_than_five_people_is_hidden(survey, staff_a):
    q = question(survey, Kind.SCALE, "Ich lebe gern hier.")
    for point in (1, 5, 5, 5):
        answer(survey, staff_a, {q.pk: point})

    result = result_of(survey, q)

    assert result.respondents == Figure(4, hidden=True)
    assert result.mean is None
    assert result.median is None
    assert result.mean_text == "–"


def test_number_summary_uses_linear_interpolation_between_ranks(survey, staff_a):
    q = question(survey, Kind.NUMBER, "Wie viele Kilometer fahren Sie?", unit="km")
    for number in ("1", "2", "3", "4", "4.5"):
        answer(survey, staff_a, {q.pk: Decimal(number)})

    summary = result_of(survey, q).numbers

    assert summary.n == Figure(5)
    assert summary.mean == pytest.approx(14.5 / 5)
    assert summary.median == pytest.approx(3)
    assert summary.lower_quartile == pytest.approx(2)  # position (5 − 1) × 0.25 = 1
    assert summary.upper_quartile == pytest.approx(4)
    assert (summary.smallest, summary.largest) == (1.0, 4.5)


def test_quantiles_agree_with_the_standard_library():
    rng = random.Random(7)  # noqa: S311 - test data
    for _ in range(50):
        values = [rng.randint(0, 20) for _ in range(rng.randint(1, 40))]
        counted: dict[float, int] = {}
        for value in values:
            counted[float(value)] = counted.get(float(value), 0) + 1
        expected = statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else [values[0]] * 3
        assert quantiles(counted, (0.25, 0.5, 0.75)) == pytest.approx(expected)
    assert quantiles({1.0: 1, 2.0: 1, 3.0: 1, 4.0: 1}, (0.25, 0.5, 0.75)) == pytest.approx([1.75, 2.5, 3.25])


def test_matrix_counts_each_statement_and_the_people_once(survey, staff_a):
    q = question(survey, Kind.MATRIX, "Wie sehr stimmen Sie zu?", ["Es ist sicher.", "Es ist ruhig."])
    o = ids(q)
    ratings = [(5, 1), (5, 2), (4, 2), (4, 3), (3, 3), (3, None)]
    for safe, quiet in ratings:
        values = {o["Es ist sicher."]: safe}
        if quiet:
            values[o["Es ist ruhig."]] = quiet
        answer(survey, staff_a, {q.pk: values})

    result = result_of(survey, q)

    assert result.respondents == Figure(6)  # six people, eleven ratings
    safe, quiet = result.statements
    assert safe.respondents == Figure(6)
    assert safe.mean == pytest.approx(4.0)  # (5 + 5 + 4 + 4 + 3 + 3) / 6
    assert safe.median == pytest.approx(4.0)
    assert quiet.respondents == Figure(5)
    assert quiet.mean == pytest.approx(2.2)  # (1 + 2 + 2 + 3 + 3) / 5
    assert quiet.points[1].count == Figure(2, hidden=True)


def test_ranking_mean_place_is_of_those_who_placed_the_option_and_first_places_are_shared(survey, staff_a):
    q = question(survey, Kind.RANKING, "Was ist am wichtigsten?", ["Arbeit", "Ärzte", "Bus"])
    o = ids(q)
    rankings = [
        ["Arbeit", "Ärzte", "Bus"],
        ["Arbeit", "Bus"],
        ["Ärzte", "Arbeit"],
        ["Arbeit", "Ärzte"],
        ["Bus", "Arbeit", "Ärzte"],
        ["Arbeit"],
    ]
    for ranking in rankings * 5:
        answer(survey, staff_a, {q.pk: [o[t] for t in ranking]})

    result = result_of(survey, q)

    assert result.respondents == Figure(30)
    ranked = {item.label: item for item in result.ranked}
    assert ranked["Arbeit"].placed == Figure(30)
    assert ranked["Arbeit"].mean_rank == pytest.approx(40 / 30)  # first 20 times, second 10 times
    assert ranked["Arbeit"].first == Figure(20)
    assert ranked["Arbeit"].first_share == pytest.approx(20 / 30)
    assert ranked["Ärzte"].placed == Figure(20)
    assert ranked["Ärzte"].mean_rank == pytest.approx(2.0)  # (2 + 1 + 2 + 3) × 5 / 20
    assert ranked["Bus"].placed == Figure(15)
    assert ranked["Bus"].mean_rank == pytest.approx(2.0)  # (3 + 2 + 1) × 5 / 15
    assert ranked["Bus"].first_share == pytest.approx(5 / 30)


def test_a_question_hidden_by_its_condition_is_not_answered(survey, questions, staff_a):
    car, car_use = questions["car"], questions["car_use"]
    single, scale = questions["single"], questions["scale"]
    miete = single.options.get(text="Miete").pk
    for _ in range(5):
        answer(
            survey,
            staff_a,
            {single.pk: miete, scale.pk: 3, car.pk: car.options.get(text="Ja").pk, car_use.pk: Decimal(10)},
        )
    for _ in range(6):
        answer(survey, staff_a, {single.pk: miete, scale.pk: 3, car.pk: car.options.get(text="Nein").pk})

    outcome = survey_results(survey_of(survey.module))

    assert outcome.question(car.pk).respondents == Figure(11)
    assert outcome.question(car_use.pk).respondents == Figure(5)
    assert outcome.question(car_use.pk).numbers.mean == pytest.approx(10)
    assert outcome.question(questions["section"].pk) is None  # a heading has no result
    assert [result.number for result in outcome.questions] == list(range(1, 10))


# --- by town and by age group --------------------------------------------------------------------------


def test_table_by_town_hides_small_cells_and_their_partners_in_rows_and_columns(survey, staff_a, town_a, town_b):
    q = question(survey, Kind.YES_NO, "Haben Sie ein Auto?")
    o = ids(q)
    for town, yes, no in ((town_a, 6, 2), (town_b, 7, 5), (None, 5, 0)):
        for _ in range(yes):
            answer(survey, staff_a, {q.pk: o["Ja"]}, town=town)
        for _ in range(no):
            answer(survey, staff_a, {q.pk: o["Nein"]}, town=town)

    table = result_of(survey, q, BY_TOWN).breakdown

    # Columns: the process's towns by name, “not stated”, then “All”.
    assert table.columns == ["Auerbach/Vogtl.", "Ellefeld", "not stated"]
    yes_row, no_row, people = table.rows
    assert [str(cell.figure) for cell in yes_row.cells] == ["< 5", "< 5", "5", "18"]
    assert [str(cell.figure) for cell in no_row.cells] == ["< 5", "< 5", "0", "7"]
    assert [str(cell.figure) for cell in people.cells] == ["8", "12", "5", "25"]
    # 2 is hidden; in its row 5 goes with it, in its column 6, and in Ellefeld's column then 7.
    assert yes_row.cells[0].figure == Figure(6, hidden=True)
    assert no_row.cells[1].figure == Figure(5, hidden=True)
    assert yes_row.cells[1].figure == Figure(7, hidden=True)
    assert [cell.share for cell in yes_row.cells] == [None, None, pytest.approx(1.0), pytest.approx(18 / 25)]
    assert no_row.cells[3].share_text == "28.0 %"
    assert people.kind == "n"


def test_table_by_age_group_has_every_band_and_the_scale_means(survey, staff_a):
    q = question(survey, Kind.SCALE, "Ich lebe gern hier.")
    for point in (4, 4, 5, 5, 5) * 2:
        answer(survey, staff_a, {q.pk: point}, age="18-29")
    for point in (1, 2, 2):
        answer(survey, staff_a, {q.pk: point}, age="65-79")
    for _ in range(6):
        answer(survey, staff_a, {q.pk: 3})

    table = result_of(survey, q, BY_AGE).breakdown

    assert table.columns[3] == "18 to 29"
    assert table.columns[-1] == "not stated"
    assert len(table.columns) == 9  # eight age groups and “not stated”
    means = table.rows[-1]
    assert means.label == "Mean"
    assert means.kind == "value"
    young, old = means.cells[3], means.cells[6]
    assert young.value == pytest.approx(4.6)  # 46 / 10
    assert old.value is None  # three people
    assert means.cells[-1].value == pytest.approx(69 / 19)
    people = table.rows[-2]
    # 3 people aged 65 to 79 are hidden, and with them the smallest other group (6, not stated).
    assert [str(people.cells[i].figure) for i in (3, 6, 8, 9)] == ["10", "< 5", "< 5", "19"]
    assert str(young) == "4.60"


def test_composition_holds_towns_and_age_groups_against_the_inhabitants(survey, staff_a, organisation, town_a, town_b):
    year = survey.module.phase.start.year - 1
    population(
        organisation,
        year,
        [
            (town_a, "m", 18, 29, 300),
            (town_a, "f", 18, 29, 300),
            (town_a, "m", 65, 79, 100),
            (town_a, "f", 65, 79, 100),
            (town_b, "m", 18, 29, 100),
            (town_b, "f", 18, 29, 100),
            (town_b, "m", 65, 79, 300),
            (town_b, "f", 65, 79, 300),
        ],
    )
    for town, age, times in ((town_a, "18-29", 15), (town_b, "65-79", 5), (None, "", 5)):
        for _ in range(times):
            answer(survey, staff_a, {}, town=town, age=age)

    composition = survey_results(survey_of(survey.module)).composition

    towns = {row.label: row for row in composition.towns}
    assert towns["Auerbach/Vogtl."].share == pytest.approx(0.75)  # 15 of the 20 who stated a town
    assert towns["Auerbach/Vogtl."].population_share == pytest.approx(0.5)
    assert towns["Auerbach/Vogtl."].index == pytest.approx(1.5)
    assert towns["Ellefeld"].index == pytest.approx(0.5)
    ages = {row.label: row for row in composition.ages}
    assert ages["18 to 29"].share == pytest.approx(0.75)
    assert ages["18 to 29"].population_share == pytest.approx(0.5)  # 800 of 1,600
    assert ages["65 to 79"].index_text == "0.50"
    assert composition.total == Figure(25)


def test_channels_are_counted_and_small_ones_hidden(survey, staff_a, participant):
    for _ in range(6):
        answer(survey, staff_a, {}, channel="paper")
    for _ in range(2):
        answer(survey, staff_a, {}, channel="phone")

    channels = {key: figure for key, _label, figure in survey_results(survey_of(survey.module)).channels}

    assert channels["online"] == Figure(0)
    assert channels["phone"] == Figure(2, hidden=True)
    assert channels["paper"] == Figure(6, hidden=True)  # else 8 − 6 would give the phone's 2


# --- counting stays cheap ------------------------------------------------------------------------------


def test_results_take_the_same_number_of_queries_whatever_the_data(
    survey, questions, staff_a, town_a, django_assert_num_queries
):
    from .factories import full_values

    answer(survey, staff_a, full_values(questions), town=town_a, age="30-44")
    fresh = survey_of(survey.module)
    # Questions, options, the state of the responses; then the towns, three over the answers, the
    # responses, and the population (one query when there are no figures).
    with django_assert_num_queries(9):
        survey_results(fresh, BY_TOWN)
    for _ in range(6):
        answer(survey, staff_a, full_values(questions), age="45-64")
    with django_assert_num_queries(9):
        outcome = survey_results(fresh, BY_AGE)
    assert outcome.total == 7
    with django_assert_num_queries(3):  # the counts are reused while the responses stay the same
        survey_results(fresh, BY_TOWN)


def test_cached_counts_are_renewed_when_an_entry_is_corrected(survey, staff_a):
    from zukunftswerkstatt.surveys.services import response_replace

    q = question(survey, Kind.SCALE, "Ich lebe gern hier.")
    entries = [answer(survey, staff_a, {q.pk: 2}) for _ in range(5)]
    questions = questions_for_answering(survey)
    assert counts_cached(survey, questions).answers[(q.pk, None, 2, None, "")] == 5
    response_replace(response=entries[0], values={q.pk: 5}, town=None, age_group="", by=staff_a)

    counts = counts_cached(survey, questions)

    assert counts.answers[(q.pk, None, 2, None, "")] == 4
    assert counts.answers[(q.pk, None, 5, None, "")] == 1


# --- two rounds --------------------------------------------------------------------------------------


def test_two_rounds_compared_in_percentage_points_and_scale_points(process, staff_a):
    before = survey_module(process, phase_type="profile", title="Befragung 2026")
    after = survey_module(process, phase_type="review", title="Befragung 2028")
    after.previous_round = before
    after.save()
    old_car = question(before, Kind.YES_NO, "Haben Sie ein Auto?")
    old_scale = question(before, Kind.SCALE, "Ich lebe gern hier.")
    dropped = question(before, Kind.SHORT_TEXT, "Ihr Lieblingsort?")
    new_car = question(after, Kind.YES_NO, "Haben Sie ein Auto?", same_as=old_car)
    for option in new_car.options.all():
        option.same_as = old_car.options.get(text=option.text)
        option.save()
    new_scale = question(after, Kind.SCALE, "Ich lebe gern hier.", same_as=old_scale)
    new = question(after, Kind.NUMBER, "Wie alt sind Sie?")
    old, now = ids(old_car), ids(new_car)
    for n in range(20):
        answer(before, staff_a, {old_car.pk: old["Ja"] if n < 10 else old["Nein"], old_scale.pk: 3})
        answer(after, staff_a, {new_car.pk: now["Ja"] if n < 15 else now["Nein"], new_scale.pk: 3 + n % 2})

    comparison = rounds_compare(survey_of(after.module))

    car, scale = comparison.questions
    yes = next(change for change in car.changes if change.label == "Ja")
    assert (yes.before, yes.after) == (pytest.approx(0.5), pytest.approx(0.75))
    assert yes.change == pytest.approx(25.0)
    assert yes.change_text == "+25.0"
    no = next(change for change in car.changes if change.label == "Nein")
    assert no.change_text == "−25.0"
    mean = scale.changes[-1]
    assert mean.points
    assert mean.change == pytest.approx(0.5)
    assert mean.change_text == "+0.50"
    assert [result.question for result in comparison.new] == [new]
    assert [result.question for result in comparison.dropped] == [dropped]


def test_a_hidden_share_is_not_compared(process, staff_a):
    before = survey_module(process, phase_type="profile", title="Befragung 2026")
    after = survey_module(process, phase_type="review", title="Befragung 2028")
    after.previous_round = before
    after.save()
    old_q = question(before, Kind.SINGLE, "Wie wohnen Sie?", ["Miete", "Eigentum"])
    new_q = question(after, Kind.SINGLE, "Wie wohnen Sie?", ["Miete", "Eigentum", "Anderes"], same_as=old_q)
    for text in ("Miete", "Eigentum"):
        Option.objects.filter(question=new_q, text=text).update(same_as=old_q.options.get(text=text))
    for n in range(10):
        answer(before, staff_a, {old_q.pk: ids(old_q)["Miete" if n < 8 else "Eigentum"]})
        answer(after, staff_a, {new_q.pk: ids(new_q)["Miete" if n < 6 else "Eigentum"]})

    compared = rounds_compare(survey_of(after.module)).questions[0]

    changes = {change.label: change for change in compared.changes}
    assert changes["Eigentum"].before is None  # 2 people: hidden
    assert changes["Eigentum"].change is None
    assert changes["Eigentum"].change_text == "–"
    assert compared.unmatched_options == ["Anderes"]


def test_percent_follows_the_active_language():
    with translation.override("en"):
        assert percent(0.125) == "12.5 %"
    with translation.override("de"):
        assert percent(0.125) == "12,5 %"
    assert percent(None) == "–"
    assert ALL == "all"
