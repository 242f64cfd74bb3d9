"""Results of a vote are public only once it has closed, unless staff chose to show them live, and
then they say so. The same rule covers the paper tallies (they are part of the results page).
Boundaries: before the vote starts, while it runs, at the moment it ends, and after a staff close;
with live results off and on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from zukunftswerkstatt.plans import services
from zukunftswerkstatt.plans.models import TallyChannel
from zukunftswerkstatt.processes.models import Phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated_vote(process, vote_module, measure, staff_a):
    """The vote's phase runs from 1 March to 31 March (local midnights), with points online and on paper."""
    start = timezone.make_aware(dt.datetime.combine(dt.date(2027, 3, 1), dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(dt.date(2027, 4, 1), dt.time.min))
    Phase.objects.filter(pk=vote_module.phase_id).update(start=start, end=end)
    Phase.objects.filter(process=process).exclude(pk=vote_module.phase_id).filter(end__gt=start).update(
        start=end, end=end + dt.timedelta(days=30)
    )
    Phase.objects.filter(process=process, type__in=["kickoff", "profile", "workshop"]).update(
        start=start - dt.timedelta(days=90), end=start - dt.timedelta(days=1)
    )
    services.paper_tally_add(
        module=vote_module, measure=measure, by=staff_a, channel=TallyChannel.EVENT, points=7, note="Stand"
    )
    vote_module.refresh_from_db()
    return vote_module


def _live(module, on: bool):
    module.settings = {**module.settings, "results_live": on}
    module.save(update_fields=["settings"])
    module.refresh_from_db()
    return module


BEFORE = "2027-02-28 12:00"
START = "2027-02-28 23:00:00+00:00"  # 1 March, 00:00 in Berlin: the vote has begun
DURING = "2027-03-15 12:00"
LAST_MOMENT = "2027-03-31 21:59:59+00:00"  # 31 March, 23:59:59 in Berlin
END = "2027-03-31 22:00:00+00:00"  # 1 April, 00:00 in Berlin: the vote is over
AFTER = "2027-04-10 12:00"


@pytest.mark.parametrize(
    ("moment", "live", "public"),
    [
        (BEFORE, False, False),
        (BEFORE, True, False),  # nothing to show before the vote begins, live or not
        (START, False, False),
        (START, True, True),
        (DURING, False, False),
        (DURING, True, True),
        (LAST_MOMENT, False, False),
        (END, False, True),
        (AFTER, False, True),
        (AFTER, True, True),
    ],
)
def test_results_are_public_after_the_close_or_live_once_the_vote_runs(dated_vote, participant, moment, live, public):
    module = _live(dated_vote, live)
    with freeze_time(moment):
        assert services.prioritisation_results_public(module) is public
        assert AnonymousUser().has_perm("plans.view_results", module) is public
        assert participant.has_perm("plans.view_results", module) is public


def test_a_staff_close_makes_the_results_public_and_reopening_hides_them_again(dated_vote, staff_a, participant):
    with freeze_time(DURING):
        module = services.prioritisation_close(module=dated_vote, by=staff_a, closed=True)
        assert participant.has_perm("plans.view_results", module)
        module = services.prioritisation_close(module=module, by=staff_a, closed=False)
        assert not participant.has_perm("plans.view_results", module)


def test_the_team_sees_the_count_at_any_time(dated_vote, staff_a):
    with freeze_time(DURING):
        assert staff_a.has_perm("plans.view_results", dated_vote)


@pytest.mark.parametrize("moment", [BEFORE, DURING, LAST_MOMENT])
def test_before_the_close_the_results_address_says_when_and_shows_no_numbers(client, dated_vote, moment):
    url = reverse("plans:results", kwargs={"module_pk": dated_vote.pk})
    with freeze_time(moment):
        response = client.get(url)
        page = response.content.decode()
        vote_page = client.get(dated_vote.get_absolute_url()).content.decode()
    assert response.status_code == 200
    assert "results-pending" in page
    assert "results-table" not in page
    assert "Bänke für alle" not in page  # no measure, no points, no paper tally
    assert "31.03.2027" in page or "31. März 2027" in page
    assert url not in vote_page


def test_live_results_say_they_are_interim_and_until_when(client, dated_vote):
    module = _live(dated_vote, True)
    url = reverse("plans:results", kwargs={"module_pk": module.pk})
    with freeze_time(DURING):
        page = client.get(url).content.decode()
        vote_page = client.get(module.get_absolute_url()).content.decode()
    assert "results-table" in page
    assert "Zwischenstand – die Abstimmung läuft noch bis 31. März 2027" in page
    assert url in vote_page
    assert "Zwischenstand" in vote_page


def test_after_the_close_everyone_sees_the_results_without_an_interim_note(client, dated_vote):
    url = reverse("plans:results", kwargs={"module_pk": dated_vote.pk})
    with freeze_time(AFTER):
        page = client.get(url).content.decode()
        vote_page = client.get(dated_vote.get_absolute_url()).content.decode()
    assert "results-table" in page
    assert "Bänke für alle" in page
    assert "Zwischenstand" not in page
    assert url in vote_page


def test_staff_before_the_close_see_the_count_marked_as_team_only(client_for, dated_vote, staff_a):
    url = reverse("plans:results", kwargs={"module_pk": dated_vote.pk})
    with freeze_time(DURING):
        page = client_for(staff_a).get(url).content.decode()
    assert "results-table" in page
    assert "Nur das Team sieht diese Zahlen" in page


def test_staff_switch_live_results_on_in_the_settings(client_for, dated_vote, org_admin):
    client = client_for(org_admin)
    response = client.post(
        reverse("plans:settings", kwargs={"module_pk": dated_vote.pk}),
        {"points_per_person": 5, "allow_stacking": "on", "results_live": "on"},
    )
    assert response.status_code == 302
    dated_vote.refresh_from_db()
    assert dated_vote.settings["results_live"] is True
