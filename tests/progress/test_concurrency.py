"""Two staff members saving the same measure at once, and a person rating in many tabs at once
(PostgreSQL, real parallel transactions): exactly one entry wins, nothing is counted twice."""

from __future__ import annotations

from django.utils import timezone

from tests.concurrency import at_once, postgresql_races
from zukunftswerkstatt.plans.models import Measure
from zukunftswerkstatt.progress import services
from zukunftswerkstatt.progress.models import ProgressUpdate, Rating

pytestmark = postgresql_races

THREADS = 6


def test_same_version_saved_at_once_keeps_exactly_one_entry(measure, staff_a, org_admin):
    seen = measure.version

    def save(number):
        services.progress_update_record(
            measure=Measure.objects.get(pk=measure.pk),
            author=staff_a if number % 2 else org_admin,
            expected_version=seen,
            date=timezone.localdate(),
            text=f"Eintrag {number}",
            status="in_progress",
            percent_complete=10 + number,
        )

    errors = at_once(save, list(range(THREADS)))
    assert len(errors) == THREADS - 1
    assert all(isinstance(error, services.MeasureConflict) for error in errors)
    assert ProgressUpdate.objects.filter(measure=measure).count() == 1
    measure.refresh_from_db()
    assert measure.version == seen + 1
    assert measure.percent_complete == ProgressUpdate.objects.get().percent_complete


def test_rating_in_many_tabs_at_once_is_one_rating(review_round, measure, participant):
    errors = at_once(
        lambda score: services.rating_set(review_round=review_round, measure=measure, user=participant, score=score),
        [1, 2, 3, 4, 5, 3],
    )
    assert errors == []
    assert Rating.objects.filter(review_round=review_round, measure=measure, user=participant).count() == 1
