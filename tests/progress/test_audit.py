"""A measure's status changed by a progress entry, in the organisation's audit log."""

from django.utils import timezone

from zukunftswerkstatt.core.models import AuditAction, AuditEntry
from zukunftswerkstatt.progress import services


def _record(measure, user, **kwargs):
    arguments = {
        "measure": measure,
        "author": user,
        "expected_version": measure.version,
        "date": timezone.localdate(),
        "text": "Die ersten Bänke stehen.",
        "status": "in_progress",
        "percent_complete": 40,
    }
    return services.progress_update_record(**{**arguments, **kwargs})


def test_a_status_change_is_recorded_and_a_mere_percentage_is_not(organisation, measure, staff_a):
    old = measure.status
    _record(measure, staff_a)
    measure.refresh_from_db()
    _record(measure, staff_a, percent_complete=60)
    [entry] = AuditEntry.objects.filter(action=AuditAction.MEASURE_STATUS_CHANGED)
    assert entry.organisation == organisation
    assert entry.actor == staff_a
    assert entry.object_id == measure.pk
    assert entry.details == {"from": old, "to": "in_progress", "reason": ""}
