"""Phases: the blueprint's layout, running/upcoming/finished, overlaps, and the database's own checks."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from freezegun import freeze_time

from tests.factories import ProcessFactory
from zukunftswerkstatt.processes.models import Module, Phase, PhaseSpan, PhaseState, find_overlaps
from zukunftswerkstatt.processes.registry import ModuleType, registry
from zukunftswerkstatt.processes.services import (
    module_create,
    phase_create,
    phase_update_dates,
    phases_reschedule,
    process_create_from_blueprint,
)

pytestmark = pytest.mark.django_db

# Messages are German: the platform's default language.
OVERLAP = "überschneiden sich"
TICK = dt.timedelta(microseconds=1)
WEEK = dt.timedelta(weeks=1)


BERLIN = ZoneInfo("Europe/Berlin")


def aware(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def spring_process(organisation):
    """A five-phase process that starts on Monday, 2 March 2026, at midnight in Berlin."""
    return process_create_from_blueprint(
        organisation=organisation, title="Frühjahr", slug="fruehjahr", theme="Wandel", start=aware(2026, 3, 2)
    )


def phases_of(process) -> list[Phase]:
    return list(process.phases.all())


# The blueprint


def test_blueprint_creates_the_five_phases_in_order(spring_process):
    phases = phases_of(spring_process)
    assert [phase.type for phase in phases] == ["kickoff", "profile", "workshop", "action_plan", "review"]


def test_blueprint_phases_follow_one_another_without_gap_or_overlap(spring_process):
    phases = phases_of(spring_process)
    assert phases[0].start == aware(2026, 3, 2)
    for earlier, later in zip(phases, phases[1:], strict=False):
        assert earlier.end == later.start


def test_blueprint_phases_last_as_many_weeks_as_the_blueprint_says(spring_process):
    weeks = [round((phase.end - phase.start) / WEEK) for phase in phases_of(spring_process)]
    assert weeks == [2, 10, 12, 12, 8]


def test_phases_take_their_name_and_text_from_their_type_unless_given(spring_process):
    kickoff = phases_of(spring_process)[0]
    assert kickoff.display_name == str(registry.phase_types["kickoff"].name)
    kickoff.name = "Auftaktveranstaltung im Rathaus"
    assert kickoff.display_name == "Auftaktveranstaltung im Rathaus"


def test_a_process_with_an_unknown_blueprint_is_not_created(organisation):
    with pytest.raises(ValidationError):
        process_create_from_blueprint(
            organisation=organisation, title="X", slug="x", theme="X", start=aware(2026, 3, 2), blueprint="nonsense"
        )
    assert not organisation.processes.exists()


# Running, upcoming, finished: start inclusive, end exclusive


def expected_states(running_index: int | None, count: int = 5, *, all_finished: bool = False) -> list[PhaseState]:
    if all_finished:
        return [PhaseState.FINISHED] * count
    if running_index is None:
        return [PhaseState.UPCOMING] * count
    return [
        PhaseState.FINISHED if i < running_index else PhaseState.RUNNING if i == running_index else PhaseState.UPCOMING
        for i in range(count)
    ]


def assert_states(process, expected: list[PhaseState]) -> None:
    """state(), the query set methods and the process page must all tell the same story."""
    phases = phases_of(process)
    assert [phase.state() for phase in phases] == expected
    by_state = {state: {p.pk for p, s in zip(phases, expected, strict=True) if s == state} for state in PhaseState}
    assert set(Phase.objects.filter(process=process).running().values_list("pk", flat=True)) == by_state["running"]
    assert set(Phase.objects.filter(process=process).upcoming().values_list("pk", flat=True)) == by_state["upcoming"]
    assert set(Phase.objects.filter(process=process).finished().values_list("pk", flat=True)) == by_state["finished"]


@pytest.mark.parametrize("index", range(5), ids=["kickoff", "profile", "workshop", "action_plan", "review"])
def test_a_phase_runs_from_its_start_inclusive_to_its_end_exclusive(spring_process, index):
    phase = phases_of(spring_process)[index]
    before_previous_ends = expected_states(index - 1 if index else None)
    after_last = index == 4
    moments = [
        (phase.start - TICK, PhaseState.UPCOMING, before_previous_ends),
        (phase.start, PhaseState.RUNNING, expected_states(index)),
        (phase.start + (phase.end - phase.start) / 2, PhaseState.RUNNING, expected_states(index)),
        (phase.end - TICK, PhaseState.RUNNING, expected_states(index)),
        (phase.end, PhaseState.FINISHED, expected_states(None if after_last else index + 1, all_finished=after_last)),
    ]
    for moment, state, all_states in moments:
        with freeze_time(moment):
            assert phase.state() == state, moment
            assert_states(spring_process, all_states)


def test_every_phase_is_upcoming_before_the_process_starts(spring_process):
    with freeze_time(aware(2025, 12, 24, 18)):
        assert_states(spring_process, expected_states(None))


def test_every_phase_is_finished_after_the_process_ends(spring_process):
    with freeze_time(aware(2027, 6, 1)):
        assert_states(spring_process, expected_states(None, all_finished=True))


def test_a_gap_between_phases_has_no_running_phase(spring_process):
    kickoff, profile, *_rest = phases_of(spring_process)
    phases_reschedule(process=spring_process, dates=[(kickoff, kickoff.start, kickoff.end - WEEK)])
    with freeze_time(kickoff.end + TICK):
        assert kickoff.state() == PhaseState.FINISHED
        assert profile.state() == PhaseState.UPCOMING
        assert not Phase.objects.filter(process=spring_process).running().exists()


# Overlaps


def span(label: str, start_day: int, end_day: int) -> PhaseSpan:
    return PhaseSpan(aware(2026, 5, start_day), aware(2026, 5, end_day), label)


def test_find_overlaps_allows_phases_that_touch():
    assert find_overlaps([span("A", 1, 10), span("B", 10, 20), span("C", 20, 30)]) == []


def test_find_overlaps_names_both_phases_of_an_overlap():
    messages = find_overlaps([span("Kick-off", 1, 11), span("Profil", 10, 20)])
    assert len(messages) == 1
    assert "Kick-off" in messages[0]
    assert "Profil" in messages[0]


def test_find_overlaps_reports_every_pair_whatever_the_order_given():
    # A long first phase overlaps both of the others; B and C only touch.
    messages = find_overlaps([span("C", 15, 25), span("A", 1, 20), span("B", 5, 15)])
    assert len(messages) == 2
    assert all("A" in message for message in messages)


def test_find_overlaps_finds_a_phase_inside_another():
    assert len(find_overlaps([span("outer", 1, 30), span("inner", 10, 12)])) == 1


def test_adding_an_overlapping_phase_is_refused(spring_process):
    review = phases_of(spring_process)[-1]
    with pytest.raises(ValidationError, match=OVERLAP):
        phase_create(process=spring_process, type="review", start=review.end - WEEK, end=review.end + WEEK)
    assert spring_process.phases.count() == 5


def test_adding_a_phase_that_starts_when_the_last_ends_is_allowed(spring_process):
    review = phases_of(spring_process)[-1]
    phase_create(process=spring_process, type="review", name="Abschluss", start=review.end, end=review.end + WEEK)
    assert spring_process.phases.count() == 6


def test_validate_against_siblings_ignores_the_phase_itself(spring_process):
    phases_of(spring_process)[2].validate_against_siblings()


def test_validate_against_siblings_refuses_a_phase_moved_onto_its_neighbour(spring_process):
    profile = phases_of(spring_process)[1]
    profile.end += WEEK
    with pytest.raises(ValidationError, match=OVERLAP):
        profile.validate_against_siblings()


def test_changing_one_phase_onto_its_neighbour_is_refused(spring_process):
    profile = phases_of(spring_process)[1]
    original_end = profile.end
    with pytest.raises(ValidationError, match=OVERLAP):
        phase_update_dates(phase=profile, start=profile.start, end=original_end + WEEK)
    profile.refresh_from_db()
    assert profile.end == original_end


def test_overlapping_phases_are_allowed_when_the_process_allows_them(spring_process):
    spring_process.allow_overlapping_phases = True
    spring_process.save(update_fields=["allow_overlapping_phases"])
    profile = phases_of(spring_process)[1]
    phase_update_dates(phase=profile, start=profile.start, end=profile.end + WEEK)
    phase_create(process=spring_process, type="workshop", start=profile.start, end=profile.end)
    assert spring_process.phases.count() == 6


def test_moving_all_phases_at_once_works_where_moving_them_one_by_one_would_not(spring_process):
    phases = phases_of(spring_process)
    # One by one, the first phase would land on the second.
    with pytest.raises(ValidationError):
        phase_update_dates(phase=phases[0], start=phases[0].start + WEEK, end=phases[0].end + WEEK)
    before = [(p.start, p.end) for p in phases_of(spring_process)]
    phases_reschedule(
        process=spring_process, dates=[(p, p.start + WEEK, p.end + WEEK) for p in phases_of(spring_process)]
    )
    assert [(p.start, p.end) for p in phases_of(spring_process)] == [
        (start + WEEK, end + WEEK) for start, end in before
    ]


def test_rescheduling_into_an_overlap_is_refused_and_changes_nothing(spring_process):
    before = [(p.start, p.end) for p in phases_of(spring_process)]
    kickoff, profile, *_rest = phases_of(spring_process)
    with pytest.raises(ValidationError, match=OVERLAP):
        phases_reschedule(
            process=spring_process,
            dates=[(kickoff, kickoff.start, kickoff.end + 2 * WEEK), (profile, profile.start + WEEK, profile.end)],
        )
    assert [(p.start, p.end) for p in phases_of(spring_process)] == before


def test_rescheduling_checks_the_new_dates_against_the_phases_left_as_they_are(spring_process):
    kickoff = phases_of(spring_process)[0]
    with pytest.raises(ValidationError, match=OVERLAP):
        phases_reschedule(process=spring_process, dates=[(kickoff, kickoff.start, kickoff.end + WEEK)])


def test_rescheduling_into_an_overlap_is_allowed_when_the_process_allows_it(spring_process):
    spring_process.allow_overlapping_phases = True
    spring_process.save(update_fields=["allow_overlapping_phases"])
    kickoff = phases_of(spring_process)[0]
    new_end = kickoff.end + WEEK
    phases_reschedule(process=spring_process, dates=[(kickoff, kickoff.start, new_end)])
    kickoff.refresh_from_db()
    assert kickoff.end == new_end


def test_rescheduling_a_phase_of_another_process_is_refused(spring_process, organisation):
    stranger = ProcessFactory(organisation=organisation)
    foreign_phase = phase_create(process=stranger, type="kickoff", start=aware(2026, 1, 1), end=aware(2026, 1, 8))
    with pytest.raises(ValidationError, match="another process"):
        phases_reschedule(process=spring_process, dates=[(foreign_phase, aware(2026, 1, 2), aware(2026, 1, 9))])
    foreign_phase.refresh_from_db()
    assert foreign_phase.start == aware(2026, 1, 1)


# End after start


def test_a_phase_that_ends_when_it_starts_does_not_validate(spring_process):
    kickoff = phases_of(spring_process)[0]
    with pytest.raises(ValidationError) as error:
        phase_update_dates(phase=kickoff, start=kickoff.start, end=kickoff.start)
    assert "end" in error.value.message_dict


@pytest.mark.parametrize("end_offset", [dt.timedelta(0), -WEEK])
def test_the_database_refuses_a_phase_that_does_not_end_after_it_starts(spring_process, end_offset):
    start = aware(2027, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Phase.objects.create(process=spring_process, type="review", start=start, end=start + end_offset)


def test_the_database_refuses_an_update_that_puts_the_end_before_the_start(spring_process):
    with pytest.raises(IntegrityError), transaction.atomic():
        Phase.objects.filter(process=spring_process).update(end=F("start"))


# Modules in phases


@pytest.fixture
def workshop_only_module_type():
    """A module type that only a future-workshop phase may hold, registered for one test."""
    module_type = registry.register_module_type(
        ModuleType(
            identifier="test_workshop_board",
            name="Workshop board",
            description="",
            phase_types=frozenset({"workshop"}),
        )
    )
    yield module_type
    del registry.module_types[module_type.identifier]


def test_a_module_type_is_refused_in_a_phase_it_is_not_made_for(spring_process, workshop_only_module_type):
    kickoff = phases_of(spring_process)[0]
    with pytest.raises(ValidationError) as error:
        module_create(phase=kickoff, type=workshop_only_module_type.identifier, title="Pinnwand")
    assert "type" in error.value.message_dict
    assert not Module.objects.exists()


def test_a_module_type_is_accepted_in_a_phase_it_is_made_for(spring_process, workshop_only_module_type):
    workshop = phases_of(spring_process)[2]
    module = module_create(phase=workshop, type=workshop_only_module_type.identifier, title="Pinnwand")
    assert module.phase == workshop


def test_the_information_module_is_allowed_in_every_phase(spring_process):
    for phase in phases_of(spring_process):
        module_create(phase=phase, type="information", title=f"Über {phase.display_name}")
    assert Module.objects.count() == 5


def test_a_module_of_an_unknown_type_is_not_created(spring_process):
    with pytest.raises(ValidationError):
        module_create(phase=phases_of(spring_process)[0], type="nonsense", title="X")
    assert not Module.objects.exists()
