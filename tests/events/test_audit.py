"""The attendee list's download in the organisation's audit log."""

from django.urls import reverse

from zukunftswerkstatt.core.models import AuditAction, AuditEntry


def test_downloading_the_attendee_list_is_recorded(client_for, organisation, event, staff_a):
    response = client_for(staff_a).get(reverse("events:attendees_csv", kwargs={"pk": event.pk}))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT_DOWNLOADED)
    assert entry.organisation == organisation
    assert entry.actor == staff_a
    assert entry.object_id == event.pk
    assert entry.details == {"export": "event_attendees_csv"}


def test_a_refused_download_is_not_recorded(client_for, event, participant):
    assert client_for(participant).get(reverse("events:attendees_csv", kwargs={"pk": event.pk})).status_code == 403
    assert not AuditEntry.objects.exists()
