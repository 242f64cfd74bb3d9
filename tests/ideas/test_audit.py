"""What the idea collection writes into the organisation's audit log, and the guests' mail log."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.utils import timezone
from mailer.engine import send_all
from mailer.models import MessageLog

from tests.ideas.factories import CommentFactory, IdeaFactory
from tests.ideas.helpers import url
from zukunftswerkstatt.core.models import AuditAction, AuditEntry
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import GuestContact, Status


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def test_hiding_and_restoring_a_contribution_is_recorded(organisation, idea, moderator):
    services.idea_hide(idea=idea, by=moderator, reason="Beleidigend")
    services.idea_restore(idea=idea, by=moderator)
    [hidden] = entries(AuditAction.IDEA_HIDDEN)
    [restored] = entries(AuditAction.IDEA_RESTORED)
    assert hidden.organisation == organisation
    assert hidden.actor == moderator
    assert hidden.object_repr == "Sitzbänke am Marktplatz"
    assert hidden.object_id == idea.pk
    assert hidden.details == {"reason": "Beleidigend"}
    assert restored.details == {"how": "restore"}


def test_hiding_a_comment_names_the_contribution_not_the_comment_text(idea, moderator):
    comment = CommentFactory(idea=idea, text="Geheimer Kommentartext")
    services.comment_hide(comment=comment, by=moderator, reason="Regel 3")
    services.comment_restore(comment=comment, by=moderator)
    [hidden] = entries(AuditAction.COMMENT_HIDDEN)
    assert hidden.object_id == idea.pk
    assert hidden.details == {"comment": comment.pk, "reason": "Regel 3"}
    assert "Sitzbänke am Marktplatz" in hidden.object_repr
    assert "Geheimer" not in str(list(AuditEntry.objects.values()))
    assert len(entries(AuditAction.COMMENT_RESTORED)) == 1


def test_an_answer_and_a_status_change_are_recorded_without_the_answers_text(idea, moderator):
    services.idea_answer(idea=idea, by=moderator, text="Wir stellen zwei Bänke auf.")
    services.idea_change_status(idea=idea, by=moderator, status=Status.UNDER_REVIEW)
    assert entries(AuditAction.IDEA_ANSWERED)[0].details == {}
    [status] = entries(AuditAction.IDEA_STATUS_CHANGED)
    assert status.details == {"from": Status.NEW, "to": Status.UNDER_REVIEW, "reason": ""}
    assert "zwei Bänke" not in str(list(AuditEntry.objects.values()))


def test_a_refused_status_change_leaves_no_entry(idea, moderator):
    with pytest.raises(ValidationError):
        services.idea_change_status(idea=idea, by=moderator, status=idea.status)
    assert not AuditEntry.objects.exists()


def test_blocking_names_the_person_by_public_name_only(ideas_module, participant, moderator):
    services.user_block(module=ideas_module, user=participant, by=moderator, reason="Spam")
    services.user_unblock(module=ideas_module, user=participant, by=moderator)
    [blocked] = entries(AuditAction.USER_BLOCKED)
    [unblocked] = entries(AuditAction.USER_UNBLOCKED)
    assert blocked.subject == participant
    assert unblocked.subject == participant
    assert blocked.object_repr == participant.public_name
    assert participant.email not in str(list(AuditEntry.objects.values()))


def test_the_export_of_contributions_is_recorded(client_for, organisation, ideas_module, idea, moderator):
    for file_format in ("csv", "xlsx"):
        assert client_for(moderator).get(url("export", ideas_module, file_format=file_format)).status_code == 200
    exports = entries(AuditAction.EXPORT_DOWNLOADED)
    assert [e.details for e in exports] == [{"export": "ideas_csv"}, {"export": "ideas_xlsx"}]
    assert all(e.actor == moderator and e.organisation == organisation for e in exports)


def test_a_participant_cannot_export_and_nothing_is_recorded(client_for, ideas_module, participant):
    assert client_for(participant).get(url("export", ideas_module, file_format="csv")).status_code == 403
    assert not AuditEntry.objects.exists()


# --- guests' addresses leave the mail log with them ------------------------------------------------


@pytest.fixture
def mail_queue(settings, tmp_path):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAILER_LOCK_PATH = str(tmp_path / "send_mail")


def _guest(ideas_module, email: str) -> GuestContact:
    idea = IdeaFactory(module=ideas_module, author=None)
    return GuestContact.objects.create(
        idea=idea, email=email, language="de", consent_text="Ja", consented_at=timezone.now()
    )


def _logged_recipients() -> list[str]:
    return sorted(address for row in MessageLog.objects.all() for address in row.to_addresses)


def test_a_guest_who_stops_the_mails_leaves_the_mail_log(mail_queue, ideas_module):
    contact = _guest(ideas_module, "kurt@example.org")
    EmailMessage("Status", "Ihr Beitrag", to=["kurt@example.org"]).send()
    EmailMessage("Status", "Ein anderer", to=["anna@example.org"]).send()
    send_all()
    services.guest_contact_delete(contact=contact)
    assert _logged_recipients() == ["anna@example.org"]


def test_purging_guests_addresses_purges_their_mails(mail_queue, process, ideas_module):
    _guest(ideas_module, "kurt@example.org")
    EmailMessage("Status", "Ihr Beitrag", to=["kurt@example.org"]).send()
    EmailMessage("Status", "Ein anderer", to=["anna@example.org"]).send()
    send_all()
    last_end = process.phases.order_by("-end").first().end
    assert services.guest_contacts_purge(now=last_end) == 1
    assert _logged_recipients() == ["anna@example.org"]
