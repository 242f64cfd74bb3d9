"""The interim review's pages through HTTP: public progress, a measure, what became of my idea,
my contributions, progress entries by staff (with the version check), ratings, the report."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.progress.conftest import german
from tests.progress.factories import indicator_make, milestone_make, progress_make
from zukunftswerkstatt.ideas.models import Status
from zukunftswerkstatt.ideas.services import idea_change_status
from zukunftswerkstatt.plans.models import Measure
from zukunftswerkstatt.plans.services import measure_update
from zukunftswerkstatt.progress import services
from zukunftswerkstatt.progress.models import ProgressUpdate, Rating

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"progress:{name}", args=args)


def test_module_is_registered_and_links_to_the_progress_page(review_module):
    assert review_module.get_absolute_url() == url("module", review_module.pk)


def test_public_progress_page_shows_overall_state_and_measures(client, review_module, measure, measure_b, staff_a):
    progress_make(measure=measure, by=staff_a, percent=50)
    response = client.get(url("module", review_module.pk))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bänke in der Innenstadt" in text
    assert "Bürgerbus Ellefeld" in text
    assert german("State of the whole plan") in text
    assert "25 %" in text  # average of 50 and 0


def test_progress_page_by_town_and_filtered_by_topic(client, review_module, measure, measure_b, town_a, topics):
    response = client.get(url("module", review_module.pk), {"view": "town"})
    assert "Auerbach/Vogtl." in response.content.decode()
    response = client.get(url("module", review_module.pk), {"topic": topics[1].pk})
    text = response.content.decode()
    assert "Bürgerbus Ellefeld" in text
    assert "Bänke in der Innenstadt" not in text
    response = client.get(url("module", review_module.pk), {"town": town_a.pk})
    assert "Bürgerbus Ellefeld" not in response.content.decode()


def test_unpublished_process_is_hidden_from_the_public(client, review_module, process):
    process.is_published = False
    process.save(update_fields=["is_published"])
    assert client.get(url("module", review_module.pk)).status_code == 404


def test_measure_page_shows_entries_milestones_and_indicators(client, review_module, measure, staff_a, org_admin):
    progress_make(measure=measure, by=staff_a, text="Drei Bänke aufgestellt.")
    milestone_make(
        measure=measure, by=org_admin, title="Ausschreibung", due_on=timezone.localdate() - dt.timedelta(days=5)
    )
    indicator_make(measure=measure, by=staff_a, values=[(dt.date(2025, 6, 1), "20")])
    response = client.get(url("measure", review_module.pk, measure.pk))
    text = response.content.decode()
    assert "Drei Bänke aufgestellt." in text
    assert "Ausschreibung" in text
    assert german("late") in text
    assert 'role="img"' in text
    assert "<table" in text
    assert "Sitzbänke am Marktplatz" in text  # the contribution it grew from


def test_indicator_csv(client, review_module, measure, staff_a):
    indicator = indicator_make(measure=measure, by=staff_a, values=[(dt.date(2025, 6, 1), "20.5")])
    response = client.get(url("indicator_csv", review_module.pk, indicator.pk))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("2025-01-01;10.00")
    assert lines[2].startswith("2025-06-01;20.50")
    assert lines[3].startswith("2027-12-31;50.00")


def test_what_became_of_my_idea_by_number_and_by_title(client, review_module, measure, idea):
    response = client.get(url("lookup", review_module.pk), {"q": str(idea.pk)})
    text = response.content.decode()
    assert "Sitzbänke am Marktplatz" in text
    assert "Bänke in der Innenstadt" in text
    response = client.get(url("lookup", review_module.pk), {"q": "Sitzbänke"})
    assert "Bänke in der Innenstadt" in response.content.decode()


def test_contribution_not_taken_up_shows_its_status_and_reason(
    client, review_module, ideas_module, participant, moderator
):
    from tests.ideas.factories import IdeaFactory

    other = IdeaFactory(module=ideas_module, author=participant, title="Freibad auf dem Marktplatz")
    idea_change_status(idea=other, by=moderator, status=Status.NOT_PURSUED, reason="Kein Platz für ein Becken.")
    response = client.get(url("lookup", review_module.pk), {"q": "Freibad"})
    text = response.content.decode()
    assert "Kein Platz für ein Becken." in text
    assert german("Not taken up as a measure.") in text


def test_my_contributions_needs_login_and_shows_where_each_stands(
    client, client_for, review_module, measure, participant
):
    response = client.get(url("mine"))
    assert response.status_code == 302
    response = client_for(participant).get(url("mine"))
    text = response.content.decode()
    assert "Sitzbänke am Marktplatz" in text
    assert "Bänke in der Innenstadt" in text
    assert url("measure", review_module.pk, measure.pk) in text


def test_account_navigation_links_to_my_contributions(client_for, participant, review_module):
    response = client_for(participant).get(url("module", review_module.pk))
    assert url("mine") in response.content.decode()


def _entry(measure, **overrides):
    data = {
        "version": measure.version,
        "date": timezone.localdate().isoformat(),
        "text": "Die Bänke sind bestellt.",
        "status": "in_progress",
        "status_reason": "",
        "percent_complete": "30",
        "image_alt": "",
    }
    data.update(overrides)
    return data


def test_staff_of_the_town_records_a_progress_entry(client_for, review_module, measure, staff_a):
    client = client_for(staff_a)
    response = client.post(url("update_create", review_module.pk, measure.pk), _entry(measure))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.percent_complete) == ("in_progress", 30)


def test_staff_of_another_town_may_not_record(client_for, review_module, measure, staff_b):
    client = client_for(staff_b)
    assert client.get(url("update_create", review_module.pk, measure.pk)).status_code == 403
    assert client.post(url("update_create", review_module.pk, measure.pk), _entry(measure)).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_percentage_out_of_range_shows_a_translated_error_and_keeps_the_text(
    client_for, review_module, measure, staff_a
):
    response = client_for(staff_a).post(
        url("update_create", review_module.pk, measure.pk), _entry(measure, percent_complete="140")
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert german("The percentage must be between 0 and 100.") in text
    assert "Die Bänke sind bestellt." in text
    assert not ProgressUpdate.objects.exists()


def test_dropping_without_a_reason_shows_an_error(client_for, review_module, measure, staff_a):
    response = client_for(staff_a).post(
        url("update_create", review_module.pk, measure.pk), _entry(measure, status="dropped")
    )
    assert response.status_code == 200
    assert 'id="id_status_reason"' in response.content.decode()
    assert "field--error" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_conflicting_edit_shows_the_current_state_and_keeps_what_was_typed(
    client_for, review_module, measure, staff_a, org_admin
):
    stale = _entry(measure, text="Mein ausführlicher Bericht über die Bänke.")
    measure_update(
        measure=Measure.objects.get(pk=measure.pk),
        by=org_admin,
        expected_version=measure.version,
        data={"responsible_body": "Bauamt Auerbach"},
    )
    client = client_for(staff_a)
    response = client.post(url("update_create", review_module.pk, measure.pk), stale)
    text = response.content.decode()
    assert response.status_code == 409
    assert "Mein ausführlicher Bericht über die Bänke." in text
    assert german("Changed by someone else meanwhile") in text
    assert not ProgressUpdate.objects.exists()
    # Sending again (the form now carries the current version) saves it.
    measure.refresh_from_db()
    response = client.post(url("update_create", review_module.pk, measure.pk), {**stale, "version": measure.version})
    assert response.status_code == 302
    assert ProgressUpdate.objects.count() == 1


def test_staff_marks_a_milestone_met(client_for, review_module, measure, staff_a, org_admin):
    milestone = milestone_make(measure=measure, by=org_admin, due_on=timezone.localdate())
    response = client_for(staff_a).post(
        url("milestone", review_module.pk, milestone.pk), {"action": "met", "done_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()


def test_participant_cannot_mark_a_milestone(client_for, review_module, measure, participant, org_admin):
    milestone = milestone_make(measure=measure, by=org_admin, due_on=timezone.localdate())
    response = client_for(participant).post(
        url("milestone", review_module.pk, milestone.pk), {"done_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 403


def test_staff_adds_an_indicator_and_a_value(client_for, review_module, measure, staff_a):
    client = client_for(staff_a)
    response = client.post(
        url("indicator_create", review_module.pk, measure.pk),
        {
            "name": "Genutzte Bänke",
            "unit": "Bänke",
            "baseline_value": "0",
            "baseline_date": "2025-01-01",
            "target_value": "12",
            "target_date": "2027-01-01",
        },
    )
    assert response.status_code == 302
    indicator = measure.indicators.get()
    response = client.post(url("indicator_value", review_module.pk, indicator.pk), {"date": "2025-09-01", "value": "4"})
    assert response.status_code == 302
    response = client.post(url("indicator_value", review_module.pk, indicator.pk), {"date": "2025-09-01", "value": "5"})
    assert response.status_code == 200
    assert german("There is already a value for this date. Please choose another date.") in response.content.decode()


def test_participant_rates_a_measure_and_changes_the_rating(
    client_for, review_module, measure, review_round, participant
):
    client = client_for(participant)
    target = url("rate", review_module.pk, review_round.pk, measure.pk)
    assert client.post(target, {"score": "2", "comment": "Zu langsam"}).status_code == 302
    assert client.post(target, {"score": "4", "comment": ""}).status_code == 302
    rating = Rating.objects.get()
    assert rating.score == 4


def test_rating_without_a_score_keeps_the_comment(client_for, review_module, measure, review_round, participant):
    response = client_for(participant).post(
        url("rate", review_module.pk, review_round.pk, measure.pk), {"comment": "Mein Kommentar"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert german("Please choose a rating from 1 to 5.") in text
    assert "Mein Kommentar" in text


def test_rating_after_the_close_is_refused_with_a_message(
    client_for, review_module, measure, closed_round, participant
):
    response = client_for(participant).post(url("rate", review_module.pk, closed_round.pk, measure.pk), {"score": "3"})
    assert response.status_code == 400
    assert (
        german("This review round has closed. Ratings can no longer be given or changed.") in response.content.decode()
    )
    assert not Rating.objects.exists()


def test_anonymous_rating_goes_to_the_login(client, review_module, measure, review_round):
    response = client.post(url("rate", review_module.pk, review_round.pk, measure.pk), {"score": "3"})
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_open_and_close_a_round(client_for, review_module, org_admin, process):
    client = client_for(org_admin)
    now = timezone.localtime()
    response = client.post(
        url("round_create", review_module.pk),
        {
            "title": "Zwischenbilanz Herbst",
            "description": "",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + dt.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    review_round = process.review_rounds.get()
    assert client.post(url("round_close", review_module.pk, review_round.pk)).status_code == 302
    review_round.refresh_from_db()
    assert review_round.is_closed()


def test_town_staff_cannot_open_a_round(client_for, review_module, staff_a):
    assert client_for(staff_a).get(url("round_create", review_module.pk)).status_code == 403


def test_report_is_for_the_team_until_the_round_closes(
    client, client_for, review_module, review_round, participant, staff_a
):
    assert client.get(url("report", review_module.pk, review_round.pk)).status_code == 403
    assert client_for(participant).get(url("report", review_module.pk, review_round.pk)).status_code == 403
    assert client_for(staff_a).get(url("report", review_module.pk, review_round.pk)).status_code == 200


def test_report_of_a_closed_round_is_public(client, review_module, closed_round, measure):
    response = client.get(url("report", review_module.pk, closed_round.pk))
    assert response.status_code == 200
    assert "Bänke in der Innenstadt" in response.content.decode()


def test_participant_withdraws_a_rating_while_the_round_is_open(
    client_for, review_module, measure, review_round, participant
):
    client = client_for(participant)
    target = url("rate", review_module.pk, review_round.pk, measure.pk)
    client.post(target, {"score": "2"})
    assert client.post(target, {"action": "withdraw"}).status_code == 302
    assert not Rating.objects.exists()


def test_process_page_links_to_the_progress_page(client, review_module, process):
    response = client.get(process.get_absolute_url())
    assert url("module", review_module.pk) in response.content.decode()


@pytest.mark.parametrize("typed", ["{ref}", "{lower}", "{spaced}", "{bare}", "{short}"])
def test_what_became_of_my_idea_by_its_reference_however_typed(client, review_module, measure, idea, typed):
    year, number = idea.reference.split("-")[1:]
    query = typed.format(
        ref=idea.reference,
        lower=idea.reference.lower(),
        spaced=f"ZW {year} {number}",
        bare=f"{year}{number}",
        short=f"zw-{year}-{int(number)}",
    )
    response = client.get(url("lookup", review_module.pk), {"q": query})
    assert [i.pk for i in response.context["results"]] == [idea.pk]
    assert "Bänke in der Innenstadt" in response.content.decode()


def test_a_waiting_contribution_is_found_only_by_its_exact_reference_and_shows_no_text(
    client, review_module, ideas_module
):
    from tests.ideas.factories import IdeaFactory

    ideas_module.settings = {**ideas_module.settings, "allow_guests": True}
    ideas_module.save()
    waiting = IdeaFactory(module=ideas_module, author=None, title="Noch ungeprüfter Titel")
    response = client.get(url("lookup", review_module.pk), {"q": waiting.reference.lower()})
    text = response.content.decode()
    assert [i.pk for i in response.context["results"]] == [waiting.pk]
    assert waiting.reference in text
    assert "Noch ungeprüfter Titel" not in text
    assert client.get(url("lookup", review_module.pk), {"q": "ungeprüfter"}).context["results"] == []
    assert client.get(url("lookup", review_module.pk), {"q": str(waiting.pk)}).context["results"] == []


def test_lookup_results_heading_keeps_its_heading_role(client, review_module, idea):
    text = client.get(url("lookup", review_module.pk), {"q": idea.reference}).content.decode()
    assert 'role="status">' not in text.split('id="results-title"')[1][:5]
    assert '<h2 id="results-title">' in text


def test_a_measured_value_whose_note_starts_like_a_formula_is_exported_as_text(client, review_module, measure, staff_a):
    indicator = indicator_make(measure=measure, by=staff_a)
    notes = ['=HYPERLINK("http://evil.example")', "+49 3744 0", "-5 gegenüber Mai", "@SUMME(A1)", "Zählung"]
    for day, note in enumerate(notes, start=1):
        services.indicator_value_record(
            indicator=indicator, actor=staff_a, date=dt.date(2025, 6, day), value=Decimal(day), note=note
        )
    response = client.get(url("indicator_csv", review_module.pk, indicator.pk))
    rows = list(csv.reader(response.content.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert [row[4] for row in rows[2:-1]] == [
        '\'=HYPERLINK("http://evil.example")',
        "'+49 3744 0",
        "'-5 gegenüber Mai",
        "'@SUMME(A1)",
        "Zählung",
    ]


def test_the_lookup_is_limited_per_address(client, review_module, measure, idea, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "progress.lookup:ip": "2/h"}
    target = url("lookup", review_module.pk)
    for _ in range(2):
        assert client.get(target, {"q": "Sitzbänke"}).context["results"]
    refused = client.get(target, {"q": "Sitzbänke"})
    assert refused.context["results"] is None
    assert german("You have searched a lot in a short time. Please wait a while and try again.") in (
        refused.content.decode()
    )
    other_address = client.get(target, {"q": "Sitzbänke"}, REMOTE_ADDR="192.0.2.7")
    assert other_address.context["results"]


def test_rating_is_limited_per_account(client_for, review_module, measure, review_round, participant, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "progress.rate:account": "2/h"}
    target = url("rate", review_module.pk, review_round.pk, measure.pk)
    client = client_for(participant)
    assert client.post(target, {"score": "2"}).status_code == 302
    assert client.post(target, {"score": "3"}).status_code == 302
    refused = client.post(target, {"score": "5"})
    assert refused.status_code == 400
    assert german("You have sent a lot in a short time. Please wait a while and try again.") in (
        refused.content.decode()
    )
    assert Rating.objects.get().score == 3
    other = client_for(UserFactory())
    assert other.post(target, {"score": "4"}, REMOTE_ADDR="127.0.0.1").status_code == 302
    assert Rating.objects.count() == 2
