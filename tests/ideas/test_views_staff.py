"""What moderators and staff do through the pages: the queue, answers, status, blocks, offline
intake with scans and letters, exports and settings."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import UserFactory
from tests.ideas.conftest import german
from tests.ideas.factories import CommentFactory, IdeaFactory
from tests.ideas.helpers import idea_form_data, pdf_bytes, upload, url
from zukunftswerkstatt.conversation.models import Block, CommentReport
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import (
    Channel,
    Idea,
    ModerationAction,
    ModerationLogEntry,
    OfflineContact,
    Report,
    Status,
    Visibility,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "participant", "staff_a", "staff_b", "moderator", "org_admin", "other_org_admin"]


def logged_in(request, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def fresh(obj):
    obj.refresh_from_db()
    return obj


# Which staff pages a role may open: 200, or refused (403; anonymous people are sent to log in or refused).
STAFF_PAGES = {
    "moderation": {"moderator", "org_admin"},
    "settings": {"org_admin"},
    "offline": {"staff_a", "staff_b", "moderator", "org_admin"},
    "export.csv": {"staff_a", "staff_b", "moderator", "org_admin"},
    "answer": {"staff_a", "moderator", "org_admin"},
    "status": {"staff_a", "moderator", "org_admin"},
}


@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_open_only_for_their_roles(request, role, ideas_module, idea):
    client = logged_in(request, role)
    for page, allowed in STAFF_PAGES.items():
        if page == "export.csv":
            address = url("export", ideas_module, file_format="csv")
        elif page in ("answer", "status"):
            address = url(page, ideas_module, idea)
        else:
            address = url(page, ideas_module)
        status = client.get(address).status_code
        assert status == (200 if role in allowed else 403), (page, status)


@pytest.mark.parametrize("role", ["participant", "staff_b", "other_org_admin"])
def test_refused_staff_actions_change_nothing(request, role, ideas_module, idea):
    client = logged_in(request, role)
    client.post(url("answer", ideas_module, idea), {"text": "Unbefugt"})
    client.post(url("status", ideas_module, idea), {"status": "not_pursued", "reason": "Unbefugt"})
    client.post(url("visibility", ideas_module, idea), {"action": "hide", "reason": "Unbefugt"})
    client.post(url("block", ideas_module, idea), {"user": idea.author_id, "reason": "Unbefugt"})
    idea = fresh(idea)
    assert (idea.official_answer, idea.status, idea.visibility) == ("", Status.NEW, Visibility.PUBLISHED)
    assert not Block.objects.exists()
    assert not ModerationLogEntry.objects.exists()


# Moderation queue


def test_a_guests_contribution_is_released_from_the_moderation_page(client, client_for, guest_module, moderator):
    client.post(url("create", guest_module), idea_form_data(title="Ein Kino für Auerbach", guest_name="Kurt"))
    waiting = Idea.objects.get()
    moderation = client_for(moderator)
    page = moderation.get(url("moderation", guest_module))
    assert list(page.context["pending"]) == [waiting]
    assert "Ein Kino für Auerbach" in page.content.decode()
    response = moderation.post(
        url("visibility", guest_module, waiting), {"action": "restore", "next": url("moderation", guest_module)}
    )
    assert response.url == url("moderation", guest_module)
    assert fresh(waiting).visibility == Visibility.PUBLISHED
    assert ModerationLogEntry.objects.get().action == ModerationAction.RELEASE
    assert [i.title for i in Client().get(url("list", guest_module)).context["ideas"]] == ["Ein Kino für Auerbach"]


def test_a_moderator_rejects_a_guests_contribution_with_a_reason(client, client_for, guest_module, moderator):
    client.post(url("create", guest_module), idea_form_data(title="Werbung"))
    waiting = Idea.objects.get()
    moderation = client_for(moderator)
    moderation.post(url("visibility", guest_module, waiting), {"action": "hide", "reason": ""})
    assert fresh(waiting).visibility == Visibility.PENDING
    moderation.post(url("visibility", guest_module, waiting), {"action": "hide", "reason": "Werbung"})
    assert fresh(waiting).visibility == Visibility.HIDDEN
    assert moderation.get(url("moderation", guest_module)).context["hidden"] == [waiting]


def test_reports_are_queued_and_hiding_or_dismissing_resolves_them(client, client_for, idea, ideas_module, moderator):
    comment = CommentFactory(idea=idea, text="Blöder Kommentar")
    other = IdeaFactory(module=ideas_module, title="Harmlos")
    client.post(url("report", ideas_module, idea), {"reason": "Beleidigung"})
    client.post(url("report", ideas_module, other), {"reason": "Unsinn"})
    client.post(url("report_comment", ideas_module, idea, comment_pk=comment.pk), {"reason": "Beleidigend"})
    moderation = client_for(moderator)
    queue = moderation.get(url("moderation", ideas_module)).context["reports"]
    assert [report.reason for report in queue] == ["Beleidigung", "Unsinn", "Beleidigend"]

    moderation.post(url("visibility", ideas_module, other), {"action": "dismiss"})
    assert fresh(other).visibility == Visibility.PUBLISHED
    moderation.post(
        url("comment_visibility", ideas_module, idea, comment_pk=comment.pk), {"action": "hide", "reason": "Regel 2"}
    )
    assert fresh(comment).is_hidden
    assert fresh(idea).comment_count == 0
    moderation.post(url("visibility", ideas_module, idea), {"action": "hide", "reason": "Regel 1"})
    assert fresh(idea).visibility == Visibility.HIDDEN

    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert set(Report.objects.values_list("resolved_by", flat=True)) == {moderator.pk}
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    assert set(CommentReport.objects.values_list("resolved_by", flat=True)) == {moderator.pk}
    assert moderation.get(url("moderation", ideas_module)).context["reports"] == []
    page = Client().get(other.get_absolute_url()).content.decode()
    assert "Harmlos" in page
    detail = client_for(idea.author).get(idea.get_absolute_url()).content.decode()
    assert "Regel 1" in detail
    assert "Regel 2" in detail
    assert "Blöder Kommentar" not in detail


def test_a_hidden_comment_is_restored(client_for, idea, ideas_module, moderator):
    comment = CommentFactory(idea=idea, text="Doch in Ordnung")
    services.comment_hide(comment=comment, by=moderator, reason="Versehen")
    client_for(moderator).post(
        url("comment_visibility", ideas_module, idea, comment_pk=comment.pk), {"action": "restore"}
    )
    assert not fresh(comment).is_hidden
    assert fresh(idea).comment_count == 1


def test_the_moderation_log_lists_every_action(client_for, idea, ideas_module, moderator):
    moderation = client_for(moderator)
    moderation.post(url("visibility", ideas_module, idea), {"action": "hide", "reason": "Test"})
    moderation.post(url("visibility", ideas_module, idea), {"action": "restore"})
    log = moderation.get(url("moderation", ideas_module)).context["log"]
    assert [(entry.action, entry.actor) for entry in log] == [
        (ModerationAction.RESTORE, moderator),
        (ModerationAction.HIDE, moderator),
    ]


def test_a_moderator_blocks_and_unblocks_an_author(client_for, idea, ideas_module, moderator, participant):
    moderation = client_for(moderator)
    moderation.post(url("block", ideas_module, idea), {"user": participant.pk, "action": "block", "reason": ""})
    assert not Block.objects.exists()
    moderation.post(url("block", ideas_module, idea), {"user": participant.pk, "action": "block", "reason": "Hetze"})
    assert Block.objects.filter(user=participant).exists()
    blocked = Client()
    blocked.force_login(participant)
    assert blocked.post(url("create", ideas_module), idea_form_data()).status_code == 403
    assert blocked.post(url("comment", ideas_module, idea), {"text": "Trotzdem"}).status_code == 403
    moderation.post(url("block", ideas_module, idea), {"user": participant.pk, "action": "unblock"})
    assert blocked.post(url("comment", ideas_module, idea), {"text": "Wieder da"}).status_code == 302
    assert moderation.post(url("block", ideas_module, idea), {"user": "abc"}).status_code == 404


# Answers and status


def test_staff_of_the_town_answer_and_the_author_and_followers_are_told(
    client_for, idea, ideas_module, staff_a, mail_on_commit
):
    follower = UserFactory(email="nachbar@example.org")
    services.follow_toggle(idea=idea, user=follower)
    services.follow_toggle(idea=idea, user=staff_a)
    with mail_on_commit():
        response = client_for(staff_a).post(url("answer", ideas_module, idea), {"text": "Bänke kommen im Mai."})
    assert response.status_code == 302
    idea = fresh(idea)
    assert (idea.official_answer, idea.answered_by) == ("Bänke kommen im Mai.", staff_a)
    assert sorted(m.to[0] for m in mail.outbox) == ["nachbar@example.org", "participant@example.org"]
    page = Client().get(idea.get_absolute_url()).content.decode()
    assert "Bänke kommen im Mai." in page


def test_an_empty_answer_is_refused(client_for, idea, ideas_module, moderator):
    response = client_for(moderator).post(url("answer", ideas_module, idea), {"text": ""})
    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert fresh(idea).official_answer == ""


def test_a_status_change_through_the_page_is_shown_in_the_history(
    client_for, idea, ideas_module, staff_a, mail_on_commit
):
    with mail_on_commit():
        client_for(staff_a).post(url("status", ideas_module, idea), {"status": "in_plan", "reason": "Maßnahme 3"})
    assert fresh(idea).status == Status.IN_PLAN
    assert [m.to for m in mail.outbox] == [["participant@example.org"]]
    page = Client().get(idea.get_absolute_url()).content.decode()
    assert "Maßnahme 3" in page
    assert str(german("taken into the action plan")) in page


def test_not_pursued_without_a_reason_is_refused_with_the_input_kept(client_for, idea, ideas_module, moderator):
    response = client_for(moderator).post(url("status", ideas_module, idea), {"status": "not_pursued", "reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert response.context["form"]["status"].value() == "not_pursued"
    assert fresh(idea).status == Status.NEW


def test_a_merge_needs_a_contribution_number_of_this_collection(client_for, idea, ideas_module, workshop, moderator):
    from zukunftswerkstatt.processes.services import module_create

    elsewhere = IdeaFactory(module=module_create(phase=workshop, type="ideas", title="Andere", position=4))
    same = IdeaFactory(module=ideas_module)
    client = client_for(moderator)
    for target in (elsewhere.pk, idea.pk, 999999):
        response = client.post(
            url("status", ideas_module, idea), {"status": "merged", "reason": "Doppelt", "merged_into": target}
        )
        assert "merged_into" in response.context["form"].errors
    client.post(url("status", ideas_module, idea), {"status": "merged", "reason": "Doppelt", "merged_into": same.pk})
    assert fresh(idea).merged_into == same
    assert same.get_absolute_url() in Client().get(idea.get_absolute_url()).content.decode()


# Offline intake


def offline_form_data(**overrides) -> dict:
    defaults = {
        "channel": "letter",
        "received_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "contact_name": "Erna Schubert",
        "contact": "Lindenstraße 4\n08209 Auerbach",
        "consent": "Schriftlich zugestimmt",
        "delete_on": (timezone.localdate() + dt.timedelta(days=200)).isoformat(),
        "title": "Der Bus fährt zu selten",
        "text": "Ich komme nicht mehr zum Arzt.",
    }
    return idea_form_data(**{**defaults, **overrides})


PDF = pdf_bytes()


@pytest.fixture
def letter_idea(client_for, staff_a, ideas_module):
    response = client_for(staff_a).post(
        url("offline", ideas_module), offline_form_data(scan=upload("brief.pdf", PDF, "application/pdf"))
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return Idea.objects.get(title="Der Bus fährt zu selten")


def test_staff_record_a_letter_and_the_public_sees_how_it_came_but_not_who_sent_it(
    client, client_for, letter_idea, participant, staff_b
):
    assert letter_idea.channel == Channel.LETTER
    assert letter_idea.visibility == Visibility.PUBLISHED
    contact = OfflineContact.objects.get(idea=letter_idea)
    assert contact.scan.name.endswith(".pdf")
    for visitor in (client, client_for(participant)):
        page = visitor.get(letter_idea.get_absolute_url()).content.decode()
        assert german("by letter") in page
        assert "Erna" not in page
        assert "Lindenstraße" not in page
    listing = Client().get(url("list", letter_idea.module)).content.decode()
    assert german("by letter") in listing
    assert "Erna" not in listing
    staff_page = client_for(staff_b).get(letter_idea.get_absolute_url()).content.decode()
    assert "Erna Schubert" in staff_page
    assert "Lindenstraße 4" in staff_page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"received_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}, "received_on"),
        ({"delete_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat()}, "delete_on"),
        ({"channel": "online"}, "channel"),
        ({"contact_name": ""}, "contact_name"),
        ({"scan": upload("brief.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")}, "scan"),
    ],
)
def test_bad_offline_input_is_refused_and_kept(client_for, staff_a, ideas_module, overrides, field):
    response = client_for(staff_a).post(url("offline", ideas_module), offline_form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Ich komme nicht mehr zum Arzt." in response.content.decode()
    assert not Idea.objects.exists()
    assert not OfflineContact.objects.exists()


def test_the_scan_is_for_staff_only(client, client_for, letter_idea, participant, staff_b, other_org_admin):
    scan_url = url("scan", letter_idea.module, letter_idea)
    response = client_for(staff_b).get(scan_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    assert client_for(participant).get(scan_url).status_code == 403
    assert client_for(other_org_admin).get(scan_url).status_code == 403
    assert Client().get(scan_url).status_code == 403


def test_a_contribution_without_a_scan_has_no_scan_to_download(client_for, idea, ideas_module, staff_a):
    assert client_for(staff_a).get(url("scan", ideas_module, idea)).status_code == 404


def test_the_letter_with_the_answer_exists_only_once_there_is_an_answer(client_for, letter_idea, staff_a, participant):
    letter_url = url("letter", letter_idea.module, letter_idea)
    staff = client_for(staff_a)
    assert staff.get(letter_url).status_code == 404
    services.idea_answer(idea=letter_idea, by=staff_a, text="Ab Juni fährt der Bus stündlich.")
    response = staff.get(letter_url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Erna Schubert" in page
    assert "Ab Juni fährt der Bus stündlich." in page
    assert client_for(participant).get(letter_url).status_code == 403


def test_the_letter_of_an_online_contribution_is_not_found(client_for, idea, ideas_module, staff_a):
    services.idea_answer(idea=idea, by=staff_a, text="Antwort")
    assert client_for(staff_a).get(url("letter", ideas_module, idea)).status_code == 404


def test_staff_note_that_the_answer_was_sent_back(client_for, letter_idea, staff_a):
    services.idea_answer(idea=letter_idea, by=staff_a, text="Antwort")
    client_for(staff_a).post(
        url("answer_sent", letter_idea.module, letter_idea), {"channel": "letter", "sent_on": timezone.localdate()}
    )
    contact = OfflineContact.objects.get(idea=letter_idea)
    assert (contact.answer_channel, contact.answer_sent_at) == (Channel.LETTER, timezone.localdate())


# Export


@pytest.fixture
def exported(ideas_module, idea, staff_a, participant, moderator):
    services.support_add(idea=idea, user=staff_a)
    CommentFactory(idea=idea, text="=1+1 ist kein Kommentar")
    hidden = CommentFactory(idea=idea, author=participant, text="Versteckt")
    services.comment_hide(comment=hidden, by=moderator, reason="Regel 3")
    formula = IdeaFactory(module=ideas_module, title='=HYPERLINK("http://evil.example","klick")', text="-2+3")
    return [idea, formula]


def test_staff_export_contributions_as_csv(client_for, staff_b, ideas_module, exported):
    response = client_for(staff_b).get(url("export", ideas_module, file_format="csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith(f'attachment; filename="beitraege-{ideas_module.pk}-')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 3
    by_number = {row[0]: row for row in rows[1:]}
    first = by_number[str(exported[0].pk)]
    header = rows[0]
    assert first[header.index(german("Title"))] == "Sitzbänke am Marktplatz"
    assert first[header.index(german("Supports"))] == "1"
    assert first[header.index(german("Comments"))] == "1"
    formula = by_number[str(exported[1].pk)]
    assert formula[header.index(german("Title"))] == '\'=HYPERLINK("http://evil.example","klick")'
    assert formula[header.index(german("Text"))] == "'-2+3"


def test_staff_export_contributions_and_comments_as_xlsx(client_for, moderator, ideas_module, exported):
    response = client_for(moderator).get(url("export", ideas_module, file_format="xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    contributions, comments = workbook.worksheets
    rows = list(contributions.iter_rows(values_only=True))
    header = rows[0]
    titles = {row[header.index(german("Title"))] for row in rows[1:]}
    assert titles == {"Sitzbänke am Marktplatz", '\'=HYPERLINK("http://evil.example","klick")'}
    assert all(cell.data_type != "f" for row in contributions.iter_rows() for cell in row)
    comment_rows = list(comments.iter_rows(values_only=True))
    assert len(comment_rows) == 3
    header = comment_rows[0]
    by_text = {row[comments_header_index(header, "Text")]: row for row in comment_rows[1:]}
    formula = by_text["'=1+1 ist kein Kommentar"]
    assert formula[comments_header_index(header, "Visible")] == german("yes")
    hidden = by_text["Versteckt"]
    assert hidden[comments_header_index(header, "Visible")] == german("no")
    assert hidden[comments_header_index(header, "Author")] == "Paula"


def comments_header_index(header, name: str) -> int:
    return list(header).index(german(name))


def test_an_unknown_export_format_is_not_found(client_for, staff_a, ideas_module):
    assert client_for(staff_a).get(url("export", ideas_module, file_format="pdf")).status_code == 404


# Settings


def test_the_organisation_admin_opens_kinds_and_guest_access(client, client_for, ideas_module, org_admin):
    response = client_for(org_admin).post(
        url("settings", ideas_module), {"open_kinds": ["vision"], "allow_guests": "on"}
    )
    assert response.status_code == 302
    fresh(ideas_module)
    assert ideas_module.settings == {"open_kinds": ["vision"], "allow_guests": True}
    Client().post(url("create", ideas_module), idea_form_data(kind="vision"))
    assert Idea.objects.get().visibility == Visibility.PENDING


def test_settings_need_at_least_one_kind(client_for, ideas_module, org_admin):
    response = client_for(org_admin).post(url("settings", ideas_module), {"open_kinds": []})
    assert response.status_code == 200
    assert "open_kinds" in response.context["form"].errors


def test_moderation_forms_go_back_only_to_pages_of_this_site(client_for, idea, ideas_module, moderator):
    moderation = client_for(moderator)
    response = moderation.post(
        url("visibility", ideas_module, idea), {"action": "dismiss", "next": "https://evil.example/"}
    )
    assert response.url == idea.get_absolute_url()
    response = moderation.post(
        url("visibility", ideas_module, idea), {"action": "dismiss", "next": url("moderation", ideas_module)}
    )
    assert response.url == url("moderation", ideas_module)
