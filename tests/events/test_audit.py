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


def test_purging_registrations_purges_the_logged_mails_to_their_addresses(settings, tmp_path, process, staff_a):
    import datetime as dt

    from django.core.mail import EmailMessage
    from django.utils import timezone
    from mailer.engine import send_all
    from mailer.models import MessageLog

    from zukunftswerkstatt.events import services

    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAILER_LOCK_PATH = str(tmp_path / "send_mail")
    end = timezone.now() - dt.timedelta(days=91)
    ended = services.event_create(
        process=process,
        title="Vor 91 Tagen",
        kind="workshop",
        start=end - dt.timedelta(hours=2),
        end=end,
        place_name="Rathaus",
        capacity=5,
    )
    services.staff_registration_create(
        event=ended, registered_by=staff_a, name="Alt", channel="phone", email="alt@example.org"
    )
    EmailMessage("Erinnerung", "Morgen", to=["alt@example.org"]).send()
    EmailMessage("Erinnerung", "Morgen", to=["jemand@example.org"]).send()
    send_all()
    assert services.registrations_purge(days=90) == 1
    assert [row.to_addresses for row in MessageLog.objects.all()] == [["jemand@example.org"]]
