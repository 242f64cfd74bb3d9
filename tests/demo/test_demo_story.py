"""The demo tells one story, on whatever day it is loaded.

`load_demo` runs at several frozen moments (a day in winter, one in summer, a leap day, the night
the clocks go forward, and the real today), and each test walks every event, measure, vote, review
round and phase of the demo, asserting that every date, status, count and result agrees with the
others and with the day of loading, and that every citizen action of the five phases can be tried.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from tests.demo.command import load_demo
from zukunftswerkstatt.accounts.models import User
from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.events.models import Event
from zukunftswerkstatt.events.selectors import event_seats
from zukunftswerkstatt.ideas.models import Idea
from zukunftswerkstatt.plans import services as plans_services
from zukunftswerkstatt.plans.models import Ballot, Measure, MeasureStatus, PaperTally, PlanVersion
from zukunftswerkstatt.processes.models import Module, PhaseState, Process
from zukunftswerkstatt.progress.models import IndicatorValue, ProgressUpdate, Rating, ReviewRound
from zukunftswerkstatt.surveys.models import Response as SurveyResponse
from zukunftswerkstatt.surveys.models import ResponseChannel, Survey
from zukunftswerkstatt.surveys.services import survey_accepts
from zukunftswerkstatt.workshops import services as workshop_services
from zukunftswerkstatt.workshops.models import WorkshopSession

pytestmark = pytest.mark.django_db

DAYS = {
    "winter": "2027-01-14T12:00:00+01:00",
    "summer": "2027-07-15T12:00:00+02:00",
    "leap-day": "2028-02-29T12:00:00+01:00",
    "clocks-go-forward": "2027-03-28T03:30:00+02:00",
    "late-evening": "2026-12-31T23:30:00+01:00",
}


@pytest.mark.parametrize("day", [*DAYS, "today"])
def test_the_demo_tells_one_story_on_whatever_day_it_is_loaded(day, client):
    """One load per day (loading takes seconds); each check below names what it asserts."""
    if day == "today":
        _load_and_check(client)
    else:
        with freeze_time(DAYS[day]):
            _load_and_check(client)


def _load_and_check(client) -> None:
    load_demo()
    for check in CHECKS:
        check(client)


def _participant() -> User:
    """The demo's citizen account, as a visitor logs in with it."""
    return User.objects.get(email="buergerin@demo.example")


def check_each_round_has_its_five_phases_back_to_back_starting_at_local_midnight(client):
    for process in Process.objects.all():
        phases = list(process.phases.order_by("start"))
        assert [p.type for p in phases] == ["kickoff", "profile", "workshop", "action_plan", "review"]
        assert all(a.end == b.start for a, b in zip(phases, phases[1:], strict=False))
        assert all(timezone.localtime(p.start).time() == dt.time.min for p in phases)
        assert sum(p.state() == PhaseState.RUNNING for p in phases) == 1


def check_the_running_round_heads_the_list_and_its_future_workshop_runs_with_an_open_idea_collection(client):
    running = Process.objects.published().first()
    phase = running.phases.get(type="workshop")
    assert phase.state() == PhaseState.RUNNING
    # The start page's "Jetzt mitmachen" points to the running phase's main action: the idea collection.
    ideas = phase.modules.get(type="ideas")
    assert AnonymousUser().has_perm("ideas.add_idea", ideas)
    assert _participant().has_perm("ideas.add_idea", ideas)


def check_the_first_round_is_in_its_interim_review_and_everything_before_is_over(client):
    first = Process.objects.get(slug="attraktiv-im-wandel-erste-runde")
    states = {p.type: p.state() for p in first.phases.all()}
    assert states == {
        "kickoff": PhaseState.FINISHED,
        "profile": PhaseState.FINISHED,
        "workshop": PhaseState.FINISHED,
        "action_plan": PhaseState.FINISHED,
        "review": PhaseState.RUNNING,
    }


def check_modules_agree_with_their_phase(client):
    """Upcoming phases hold no contributions, votes or ratings; idea collections and votes take
    input exactly while their phase runs."""
    citizen = _participant()
    for module in Module.objects.select_related("phase__process"):
        state = module.phase.state()
        if module.type == "ideas":
            assert citizen.has_perm("ideas.add_idea", module) is (state == PhaseState.RUNNING), module
            if state == PhaseState.UPCOMING:
                assert not Idea.objects.filter(module=module).exists()
        if module.type == "prioritisation":
            assert plans_services.prioritisation_is_open(module) is (state == PhaseState.RUNNING), module
            if state == PhaseState.UPCOMING:
                assert not Ballot.objects.filter(module=module).exists()
    for review_round in ReviewRound.objects.select_related("process"):
        if review_round.is_open():
            assert review_round.process.phases.get(type="review").state() == PhaseState.RUNNING


def check_nothing_was_written_in_the_future_or_before_its_phase(client):
    now = timezone.now()
    for idea in Idea.objects.select_related("module__phase"):
        assert idea.created <= now
        assert idea.created >= idea.module.phase.start, idea.title
    assert not Comment.objects.filter(created__gt=now).exists()
    for ballot in Ballot.objects.select_related("module__phase"):
        assert ballot.module.phase.start <= ballot.created < ballot.module.phase.end
    for tally in PaperTally.objects.select_related("module__phase"):
        assert tally.module.phase.start <= tally.created < tally.module.phase.end


def check_event_seats_and_reported_attendance_agree(client):
    for event in Event.objects.all():
        seats = event_seats(event=event)
        if event.capacity is not None:
            assert seats.taken <= event.capacity, event.title
            assert seats.free == event.capacity - seats.taken
        documentation = getattr(event, "documentation", None)
        if documentation is not None:
            assert event.end <= timezone.now(), "only events that took place are documented"
            for number in re.findall(r"(\d+) Gäste", documentation.minutes):
                assert int(number) == seats.taken, event.title
            assert not re.search(r"\b(rund|etwa|ca\.) \d", documentation.minutes), "an exact count, not an estimate"
        if event.end <= timezone.now():
            assert not event.registrations.filter(created__gt=event.start).exists()


def check_measures_progress_only_between_their_start_and_today_after_the_adoption(client):
    today = timezone.localdate()
    adopted = {v.process_id: v.adopted_on for v in PlanVersion.objects.filter(adopted_on__isnull=False)}
    for measure in Measure.objects.all():
        updates = ProgressUpdate.objects.filter(measure=measure)
        if measure.start is None or measure.start > today:
            assert measure.status == MeasureStatus.PLANNED, measure.title
            assert measure.percent_complete == 0
            assert not updates.exists()
            continue
        span = updates.aggregate(first=Min("date"), last=Max("date"))
        if span["first"] is not None:
            assert span["first"] >= measure.start
            assert span["last"] <= today
            if measure.process_id in adopted:
                assert span["first"] > adopted[measure.process_id]
        assert (measure.status == MeasureStatus.DONE) is (measure.percent_complete == 100), measure.title
        if measure.status == MeasureStatus.DONE:
            assert measure.end <= today
        assert not measure.milestones.filter(done_on__gt=today).exists()
    assert not IndicatorValue.objects.filter(date__gt=today).exists()


def check_results_are_public_only_for_closed_votes_or_live_votes_that_say_so(client):
    for module in Module.objects.filter(type="prioritisation").select_related("phase__process"):
        public = AnonymousUser().has_perm("plans.view_results", module)
        closed = plans_services.prioritisation_has_closed(module)
        live = plans_services.prioritisation_results_live(module)
        assert public is (closed or (live and module.phase.start <= timezone.now()))
        page = client.get(_results_url(module)).content.decode()
        if not public:
            assert "results-table" not in page
        elif not closed:
            assert "Zwischenstand – die Abstimmung läuft noch bis" in page


def _results_url(module) -> str:
    from django.urls import reverse

    return reverse("plans:results", kwargs={"module_pk": module.pk})


def check_ratings_only_in_rounds_that_have_started(client):
    for rating in Rating.objects.select_related("review_round", "measure"):
        assert rating.review_round.opens_at <= rating.created
        assert rating.measure.start is not None
        assert rating.measure.start <= timezone.localdate()


def check_every_citizen_action_of_the_five_phases_can_be_tried_today(client):
    citizen = _participant()
    anonymous = AnonymousUser()
    # 1 Kick-off: an upcoming event with free seats takes registrations.
    open_events = [e for e in Event.objects.all() if anonymous.has_perm("events.register", e)]
    assert any(event_seats(event=e).free for e in open_events)
    # 2 Municipal profile: suggestions for the inventory and the SWOT analysis.
    assert any(citizen.has_perm("inventory.suggest_item", m) for m in Module.objects.filter(type="inventory"))
    assert any(citizen.has_perm("swot.suggest_item", m) for m in Module.objects.filter(type="swot"))
    # 3 Future workshop: an idea collection, and a live board one can join and add a card to.
    assert any(citizen.has_perm("ideas.add_idea", m) for m in Module.objects.filter(type="ideas"))
    live = [s for s in WorkshopSession.objects.all() if not s.is_finished and s.collects_cards]
    assert live
    participant, _token = workshop_services.participant_join(code=live[0].code)
    assert anonymous.has_perm("workshops.add_card", participant)
    # 4 Action plan: a vote to give points in, measures to offer help to.
    assert any(citizen.has_perm("plans.vote", m) for m in Module.objects.filter(type="prioritisation"))
    assert any(citizen.has_perm("plans.offer_help", m) for m in Measure.objects.all())
    # 5 Interim review: an open round to rate measures in, and the survey asked again.
    assert any(citizen.has_perm("progress.rate", r) for r in ReviewRound.objects.all())
    assert any(survey_accepts(s) for s in Survey.objects.filter(module__phase__type="review"))


def check_surveys_were_answered_while_their_phase_ran(client):
    """The first round's survey ran in its profile and is closed with public results; the same
    questions are asked again in the running review, with answers only up to today; every channel
    and all four towns answered."""
    now = timezone.now()
    first = Survey.objects.get(module__phase__type="profile")
    again = Survey.objects.get(module__phase__type="review")
    assert first.is_closed
    assert first.results_public
    assert not survey_accepts(first)
    assert again.previous_round == first
    assert again.questions.filter(same_as__isnull=False).count() == first.questions.count()
    for survey in (first, again):
        phase = survey.module.phase
        span = SurveyResponse.objects.filter(survey=survey).aggregate(first=Min("created"), last=Max("created"))
        assert phase.start <= span["first"], survey
        assert span["last"] < min(phase.end, now), survey
    channels = set(SurveyResponse.objects.filter(survey=first).values_list("channel", flat=True))
    assert channels == set(ResponseChannel.values)
    towns = SurveyResponse.objects.filter(survey=first, participant_town__isnull=False)
    assert towns.values("participant_town").distinct().count() == 4


def check_no_title_or_text_of_the_demo_names_a_fixed_year(client):
    year = re.compile(r"\b20[2-3]\d\b")
    texts = [
        *Process.objects.values_list("title", "description"),
        *Module.objects.values_list("title", "description"),
        *Event.objects.values_list("title", "description"),
        *ReviewRound.objects.values_list("title", "description"),
        *PlanVersion.objects.values_list("title", "introduction"),
    ]
    assert not [t for pair in texts for t in pair if year.search(t or "")]


def check_leichte_sprache_explains_the_process_and_each_running_phase(client):
    from zukunftswerkstatt.core.models import Organisation
    from zukunftswerkstatt.core.readability import readability_analyse
    from zukunftswerkstatt.easyread.models import EasyReadPage
    from zukunftswerkstatt.easyread.selectors import running_phase_calls

    organisation = Organisation.objects.get(slug="goeltzschtal")
    pages = EasyReadPage.objects.filter(organisation=organisation, is_published=True)
    assert sorted(pages.values_list("kind", flat=True)) == sorted(EasyReadPage.Kind.values)
    # Written by the rules: no sentence over 15 words, no long word without a Mediopunkt, no abbreviation.
    for text in [*pages.values_list("body", flat=True)]:
        analysis = readability_analyse(text)
        assert analysis.hint_count == 0, (text[:60], analysis)
    # Each running phase (the first round's review, the running round's future workshop) has its sentence.
    calls = running_phase_calls(organisation=organisation)
    assert len(calls) == 2
    assert all(call.sentence and call.action for call in calls)
    # Reached from any page: the link beside the language switch leads to the process in five steps.
    index = reverse("easyread:index", args=[organisation.slug])
    assert (
        f'class="easyread-link" lang="de" href="{index}"'
        in client.get(organisation.get_absolute_url()).content.decode()
    )
    steps = reverse("easyread:page", args=[organisation.slug, "steps"])
    assert steps in client.get(index).content.decode()
    assert client.get(steps).status_code == 200


CHECKS = [
    check_each_round_has_its_five_phases_back_to_back_starting_at_local_midnight,
    check_the_running_round_heads_the_list_and_its_future_workshop_runs_with_an_open_idea_collection,
    check_the_first_round_is_in_its_interim_review_and_everything_before_is_over,
    check_modules_agree_with_their_phase,
    check_nothing_was_written_in_the_future_or_before_its_phase,
    check_event_seats_and_reported_attendance_agree,
    check_measures_progress_only_between_their_start_and_today_after_the_adoption,
    check_results_are_public_only_for_closed_votes_or_live_votes_that_say_so,
    check_ratings_only_in_rounds_that_have_started,
    check_every_citizen_action_of_the_five_phases_can_be_tried_today,
    check_no_title_or_text_of_the_demo_names_a_fixed_year,
    check_surveys_were_answered_while_their_phase_ran,
    check_leichte_sprache_explains_the_process_and_each_running_phase,
]
