"""The interim review's services: progress entries with status and percentage, the version check,
history, notifications, milestones, indicators, review rounds and ratings."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.factories import UserFactory
from tests.progress.factories import indicator_make, milestone_make, progress_make
from zukunftswerkstatt.plans.models import Measure, MeasureChange
from zukunftswerkstatt.plans.services import measure_follow_set, measure_update
from zukunftswerkstatt.progress import services
from zukunftswerkstatt.progress.models import IndicatorValue, ProgressUpdate, Rating

pytestmark = pytest.mark.django_db


def record(measure, user, **kwargs):
    arguments = {
        "measure": measure,
        "author": user,
        "expected_version": measure.version,
        "date": timezone.localdate(),
        "text": "Die ersten Bänke stehen.",
        "status": "in_progress",
        "percent_complete": 40,
    }
    arguments.update(kwargs)
    return services.progress_update_record(**arguments)


def test_progress_entry_sets_status_percentage_and_raises_the_version(measure, staff_a):
    version = measure.version
    update = record(measure, staff_a)
    measure.refresh_from_db()
    assert (measure.status, measure.percent_complete, measure.version) == ("in_progress", 40, version + 1)
    assert update.status == "in_progress"
    assert update.percent_complete == 40


def test_progress_entry_goes_into_the_measures_history(measure, staff_a):
    record(measure, staff_a)
    change = MeasureChange.objects.filter(measure=measure).order_by("-pk").first()
    assert "Progress entry" in change.summary or "Fortschritt" in change.summary
    assert change.changes["status"]["new"]
    assert change.changes["percent_complete"]["new"] == "40"
    assert change.actor == staff_a
    assert change.version == measure.version


@pytest.mark.parametrize("percent", [-1, 101, 250])
def test_percentage_outside_0_to_100_is_refused_and_nothing_changes(measure, staff_a, percent):
    with pytest.raises(ValidationError) as error:
        record(measure, staff_a, percent_complete=percent)
    assert "percent_complete" in error.value.error_dict
    assert not ProgressUpdate.objects.exists()
    measure.refresh_from_db()
    assert measure.percent_complete == 0


@pytest.mark.parametrize("status", ["paused", "dropped"])
def test_paused_or_dropped_needs_a_reason(measure, staff_a, status):
    with pytest.raises(ValidationError) as error:
        record(measure, staff_a, status=status)
    assert "status_reason" in error.value.error_dict
    assert not ProgressUpdate.objects.exists()
    record(measure, staff_a, status=status, status_reason="Fördermittel fehlen.")
    measure.refresh_from_db()
    assert measure.status == status
    assert measure.status_reason == "Fördermittel fehlen."


def test_going_back_needs_a_reason(measure, staff_a):
    record(measure, staff_a, status="done", percent_complete=100)
    measure.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        record(measure, staff_a, status="in_progress", percent_complete=80)
    assert "status_reason" in error.value.error_dict
    record(measure, staff_a, status="in_progress", percent_complete=80, status_reason="Eine Bank wurde beschädigt.")
    measure.refresh_from_db()
    assert measure.status == "in_progress"


def test_going_forward_needs_no_reason(measure, staff_a):
    record(measure, staff_a, status="in_progress")
    measure.refresh_from_db()
    record(measure, staff_a, status="done", percent_complete=100)
    measure.refresh_from_db()
    assert measure.status == "done"


def test_stale_version_is_refused_with_the_other_change_and_nothing_is_lost(measure, staff_a, org_admin):
    seen = measure.version
    # Someone else edits the measure in the action plan meanwhile.
    other = Measure.objects.get(pk=measure.pk)
    measure_update(measure=other, by=org_admin, expected_version=seen, data={"responsible_body": "Bauamt"})
    with pytest.raises(services.MeasureConflict) as error:
        record(measure, staff_a, expected_version=seen)
    assert error.value.code == "conflict"
    assert error.value.changes
    assert error.value.measure.version == seen + 1
    assert not ProgressUpdate.objects.exists()
    measure.refresh_from_db()
    assert measure.responsible_body == "Bauamt"
    assert measure.status == "planned"


def test_two_staff_members_with_the_same_version_only_the_first_wins(measure, staff_a, org_admin):
    seen = measure.version
    record(Measure.objects.get(pk=measure.pk), staff_a, expected_version=seen, text="Erster")
    with pytest.raises(services.MeasureConflict):
        record(Measure.objects.get(pk=measure.pk), org_admin, expected_version=seen, text="Zweiter")
    assert list(ProgressUpdate.objects.values_list("text", flat=True)) == ["Erster"]


def test_followers_are_told_of_a_progress_entry(measure, staff_a, participant, mail_on_commit):
    measure_follow_set(measure=measure, user=participant, follow=True)
    mail.outbox = []
    with mail_on_commit():
        record(measure, staff_a, status="paused", status_reason="Winterpause")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [participant.email]
    assert measure.title in message.subject
    assert "Winterpause" in message.body


def test_the_author_of_the_entry_is_not_told(measure, staff_a, mail_on_commit):
    measure_follow_set(measure=measure, user=staff_a, follow=True)
    mail.outbox = []
    with mail_on_commit():
        record(measure, staff_a)
    # (The authors of the contributions the measure grew from are told: see tests/notifications.)
    assert staff_a.email not in [address for message in mail.outbox for address in message.to]


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="PNG")
    return SimpleUploadedFile("bank.png", buffer.getvalue(), content_type="image/png")


def test_image_is_re_encoded_and_needs_a_description(measure, staff_a):
    with pytest.raises(ValidationError) as error:
        record(measure, staff_a, image=_png())
    assert "image_alt" in error.value.error_dict
    update = record(measure, staff_a, image=_png(), image_alt="Eine neue Bank vor dem Rathaus")
    assert update.image.name.endswith(".jpg")


def test_milestone_marked_met_and_reopened_in_the_history(measure, staff_a, org_admin):
    milestone = milestone_make(measure=measure, by=org_admin, due_on=timezone.localdate() - dt.timedelta(days=3))
    services.milestone_mark_met(milestone=milestone, actor=staff_a, done_on=timezone.localdate())
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
    services.milestone_mark_open(milestone=milestone, actor=staff_a)
    milestone.refresh_from_db()
    assert milestone.done_on is None
    assert MeasureChange.objects.filter(measure=measure, actor=staff_a).count() == 2


def test_milestone_cannot_be_met_in_the_future(measure, staff_a, org_admin):
    milestone = milestone_make(measure=measure, by=org_admin, due_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.milestone_mark_met(
            milestone=milestone, actor=staff_a, done_on=timezone.localdate() + dt.timedelta(days=1)
        )


def test_indicator_values_once_per_date(measure, staff_a):
    indicator = indicator_make(measure=measure, by=staff_a, values=[(dt.date(2025, 6, 1), "20")])
    with pytest.raises(ValidationError) as error:
        services.indicator_value_record(indicator=indicator, actor=staff_a, date=dt.date(2025, 6, 1), value=Decimal(3))
    assert "date" in error.value.error_dict
    assert IndicatorValue.objects.count() == 1


def test_indicator_target_before_baseline_is_refused(measure, staff_a):
    with pytest.raises(ValidationError) as error:
        services.indicator_create(
            measure=measure,
            actor=staff_a,
            name="X",
            unit="%",
            baseline_value=Decimal(1),
            baseline_date=dt.date(2026, 1, 1),
            target_value=Decimal(2),
            target_date=dt.date(2025, 1, 1),
        )
    assert "target_date" in error.value.error_dict


def test_rating_once_per_person_and_changeable(review_round, measure, participant):
    rating, created = services.rating_set(review_round=review_round, measure=measure, user=participant, score=2)
    assert created
    rating, created = services.rating_set(
        review_round=review_round, measure=measure, user=participant, score=4, comment="Besser geworden"
    )
    assert not created
    assert Rating.objects.count() == 1
    assert (rating.score, rating.comment) == (4, "Besser geworden")


def test_rating_after_the_close_is_refused(closed_round, measure, participant):
    with pytest.raises(ValidationError) as error:
        services.rating_set(review_round=closed_round, measure=measure, user=participant, score=3)
    assert "closed" in str(error.value) or "abgeschlossen" in str(error.value)
    assert not Rating.objects.exists()


def test_rating_outside_1_to_5_is_refused(review_round, measure, participant):
    with pytest.raises(ValidationError):
        services.rating_set(review_round=review_round, measure=measure, user=participant, score=6)


def test_closing_a_round_stops_ratings(review_round, measure, participant, org_admin):
    services.review_round_close(review_round=review_round, by=org_admin)
    review_round.refresh_from_db()
    assert review_round.is_closed()
    with pytest.raises(ValidationError):
        services.rating_set(review_round=review_round, measure=measure, user=participant, score=3)


def test_round_must_close_after_it_opens(process, org_admin):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.review_round_open(process=process, opened_by=org_admin, title="X", opens_at=now, closes_at=now)
    assert "closes_at" in error.value.error_dict


def test_rating_of_another_process_measure_is_refused(review_round, other_organisation, participant):
    from zukunftswerkstatt.processes.services import process_create_from_blueprint

    other = process_create_from_blueprint(
        organisation=other_organisation, title="Anders", slug="anders", theme="x", start=timezone.now()
    )
    from tests.progress.factories import measure_make

    foreign = measure_make(process=other, by=UserFactory(), title="Fremd")
    with pytest.raises(ValidationError):
        services.rating_set(review_round=review_round, measure=foreign, user=participant, score=3)


def test_progress_make_helper_chains_versions(measure, staff_a):
    progress_make(measure=measure, by=staff_a, percent=10)
    progress_make(measure=measure, by=staff_a, percent=20)
    assert ProgressUpdate.objects.count() == 2
