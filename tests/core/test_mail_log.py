"""django-mailer's log holds whole messages: it is purged after MAIL_LOG_RETENTION_DAYS, and a
person's mails leave it (and the queue) when their account is deleted or a guest's address goes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.mail import EmailMessage, send_mail
from django.core.management import call_command
from django.utils import timezone
from mailer.engine import send_all
from mailer.models import Message, MessageLog

from tests.factories import MembershipFactory, UserFactory
from zukunftswerkstatt.accounts.models import Role
from zukunftswerkstatt.accounts.services import account_delete, parental_consent_request
from zukunftswerkstatt.core.maillog import mail_log_forget, mail_log_purge


@pytest.fixture(autouse=True)
def _through_the_mail_queue(settings, tmp_path):
    """As in production: mails go into django-mailer's queue; its worker sends them (to memory here)."""
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAILER_LOCK_PATH = str(tmp_path / "send_mail")


def addresses_in_the_log() -> str:
    """Everything the mail tables say, decoded: recipients, headers and text."""
    parts = []
    for row in [*MessageLog.objects.all(), *Message.objects.all()]:
        email = row.email
        if email is not None:
            parts.append(email.message().as_string())
    return "\n".join(parts).lower()


def mail(to: str, body: str = "Guten Tag.", **kwargs) -> None:
    EmailMessage(subject="Zukunftswerkstatt", body=body, to=[to], **kwargs).send()


def test_deleting_an_account_removes_every_mail_to_the_person_from_log_and_queue(db):
    person = UserFactory(email="paula@example.org")
    other = UserFactory(email="otto@example.org")
    mail("paula@example.org")
    mail("otto@example.org")
    mail("rathaus@example.org", body="Paula (paula@example.org) möchte bei der Maßnahme helfen.")
    mail("rathaus@example.org", reply_to=["Paula@Example.org"])
    send_all()
    mail("paula@example.org", body="Noch nicht gesendet.")
    assert MessageLog.objects.count() == 4
    assert "paula@example.org" in addresses_in_the_log()

    account_delete(user=person)

    assert "paula@example.org" not in addresses_in_the_log()
    assert MessageLog.objects.count() == 1  # Otto's mail stays
    assert not Message.objects.exists()  # the unsent mail to Paula does not leave any more
    assert "otto@example.org" in addresses_in_the_log()
    other.refresh_from_db()


def test_deleting_a_childs_account_removes_the_mails_to_the_parent(db, django_capture_on_commit_callbacks):
    child = UserFactory(email="kind@example.org", is_under_16=True)
    with django_capture_on_commit_callbacks(execute=True):
        parental_consent_request(user=child, parent_email="mutter@example.org")
    send_all()
    assert "mutter@example.org" in addresses_in_the_log()
    account_delete(user=child)
    assert "mutter@example.org" not in addresses_in_the_log()
    assert "kind@example.org" not in addresses_in_the_log()


def test_deleting_a_staff_account_removes_its_mails_too(organisation):
    staff = MembershipFactory(user__email="amt@example.org", organisation=organisation, role=Role.MODERATOR).user
    send_mail("Hinweis", "Text", None, ["amt@example.org"])
    send_all()
    account_delete(user=staff)
    assert not MessageLog.objects.exists()


def test_forgetting_a_guests_address_keeps_unsent_mails_to_it(db):
    mail("gast@example.org")
    send_all()
    mail("gast@example.org", body="Wartet noch.")
    assert mail_log_forget(addresses=["GAST@example.org"], queued=False) == 1
    assert not MessageLog.objects.exists()
    assert Message.objects.count() == 1


def test_forgetting_no_address_deletes_nothing(db):
    mail("gast@example.org")
    send_all()
    assert mail_log_forget(addresses=["", "  "]) == 0
    assert MessageLog.objects.count() == 1


# --- retention -------------------------------------------------------------------------------------


def _age(days: int) -> None:
    MessageLog.objects.update(when_attempted=timezone.now() - dt.timedelta(days=days))


def test_purge_deletes_log_entries_older_than_the_retention_and_keeps_recent_ones(settings, db):
    settings.MAIL_LOG_RETENTION_DAYS = 30
    mail("alt@example.org")
    send_all()
    _age(31)
    mail("neu@example.org")
    send_all()
    out = io.StringIO()
    call_command("purge_mail_log", stdout=out)
    assert "Deleted 1 mail log entry older than 30 days" in out.getvalue()
    remaining = addresses_in_the_log()
    assert "neu@example.org" in remaining
    assert "alt@example.org" not in remaining
    assert mail_log_purge() == 0  # idempotent


def test_purge_deletes_failed_attempts_too_but_never_the_queue(settings, db):
    settings.MAILER_EMAIL_BACKEND = "tests.core.test_mail_log.FailingBackend"
    mail("kaputt@example.org")
    send_all()
    assert MessageLog.objects.filter(result="3").count() == 1  # django-mailer's "failure"
    _age(40)
    assert mail_log_purge(days=30) == 1
    assert Message.objects.count() == 1  # deferred for a retry, not lost


def test_the_command_takes_the_days_as_django_mailers_did(db):
    mail("a@example.org")
    send_all()
    _age(3)
    call_command("purge_mail_log", "5", stdout=io.StringIO())
    assert MessageLog.objects.count() == 1
    call_command("purge_mail_log", "2", stdout=io.StringIO())
    assert not MessageLog.objects.exists()


class FailingBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def open(self):
        return True

    def close(self) -> None:
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"kaputt@example.org": (550, b"no")})


def test_only_whole_addresses_are_forgotten(db):
    mail("johanna@example.org")
    mail("anna@example.org.de")
    mail("ANNA@example.org", body="Für Anna")
    send_all()
    mail("johanna@example.org", body="Unterwegs an Johanna")
    assert mail_log_forget(addresses=["anna@example.org"]) == 1
    assert sorted(row.to_addresses[0] for row in MessageLog.objects.all()) == [
        "anna@example.org.de",
        "johanna@example.org",
    ]
    assert Message.objects.count() == 1  # Johanna's unsent mail still leaves
