"""The audit log: one INSERT per staff action, a page and a CSV for organisation administrators,
roles recorded from the back office, retention, and what account deletion leaves of it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from freezegun import freeze_time

from tests.factories import MembershipFactory, UserFactory
from zukunftswerkstatt.accounts.models import Membership, Role
from zukunftswerkstatt.accounts.services import account_delete, account_export
from zukunftswerkstatt.core.audit import DELETED_ACCOUNT, audit_log_purge, audit_record
from zukunftswerkstatt.core.models import AuditAction, AuditEntry


def page(organisation) -> str:
    return reverse("core:audit_log", kwargs={"organisation_slug": organisation.slug})


def csv_url(organisation) -> str:
    return reverse("core:audit_log_csv", kwargs={"organisation_slug": organisation.slug})


def record(organisation, actor, action=AuditAction.IDEA_ANSWERED, **kwargs) -> AuditEntry:
    return audit_record(actor=actor, action=action, organisation=organisation, **kwargs)


# --- the service ----------------------------------------------------------------------------------


def test_recording_an_action_is_one_insert(organisation, moderator, django_assert_num_queries):
    ContentType.objects.get_for_model(organisation)  # the content type cache is warm in a running site
    with django_assert_num_queries(1):
        entry = record(organisation, moderator, obj=organisation, details={"from": "new", "to": "accepted"})
    entry.refresh_from_db()
    assert entry.actor == moderator
    assert entry.actor_name == "moderator@example.org" or "moderator@example.org" in entry.actor_name
    assert entry.object_repr == organisation.name
    assert entry.object_id == organisation.pk
    assert entry.details == {"from": "new", "to": "accepted"}


def test_an_unknown_action_is_refused(organisation, moderator):
    with pytest.raises(ValueError, match="unknown action"):
        record(organisation, moderator, action="idea.painted_green")
    assert not AuditEntry.objects.exists()


def test_details_are_kept_short_and_plain(organisation, moderator):
    entry = record(organisation, moderator, details={"reason": "x" * 5000, "rows": 12, "towns": ["A", "B"]})
    assert len(entry.details["reason"]) == 300
    assert entry.details["rows"] == 12
    assert entry.details["towns"] == ["A", "B"]


def test_an_action_rolled_back_leaves_no_entry(organisation, moderator):
    def act_and_fail() -> None:
        with transaction.atomic():
            record(organisation, moderator)
            raise RuntimeError("the action failed after recording")

    with pytest.raises(RuntimeError):
        act_and_fail()
    assert not AuditEntry.objects.exists()


def test_the_organisation_is_found_through_the_object(organisation, process, moderator):
    entry = audit_record(actor=moderator, action=AuditAction.OBJECT_DELETED, obj=process)
    assert entry.organisation_id == organisation.pk


# --- who sees the page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("participant", 403),
        ("staff_a", 403),
        ("moderator", 403),
        ("other_org_admin", 403),
        ("org_admin", 200),
        ("platform_admin", 200),
    ],
)
def test_only_the_organisations_administrators_see_its_log(request, client_for, organisation, role, status):
    user = request.getfixturevalue(role)
    assert client_for(user).get(page(organisation)).status_code == status
    assert client_for(user).get(csv_url(organisation)).status_code == status


def test_a_visitor_without_an_account_does_not_see_the_log(client, organisation):
    assert client.get(page(organisation)).status_code in (302, 403)
    assert client.get(csv_url(organisation)).status_code in (302, 403)


def test_an_administrator_sees_only_their_organisations_entries(
    client_for, organisation, other_organisation, org_admin, moderator
):
    record(organisation, moderator, label="Bank am Marktplatz")
    record(other_organisation, moderator, label="Fremder Beitrag")
    response = client_for(org_admin).get(page(organisation))
    assert "Bank am Marktplatz" in response.content.decode()
    assert "Fremder Beitrag" not in response.content.decode()


def test_the_organisation_page_links_to_the_log_for_its_administrators_only(
    client_for, organisation, org_admin, moderator
):
    link = page(organisation)
    assert link in client_for(org_admin).get(organisation.get_absolute_url()).content.decode()
    assert link not in client_for(moderator).get(organisation.get_absolute_url()).content.decode()


def test_the_back_office_start_page_links_to_the_log(client_for, organisation, other_organisation, org_admin):
    content = client_for(org_admin).get(reverse("admin:index")).content.decode()
    assert page(organisation) in content
    assert page(other_organisation) not in content


# --- the page -------------------------------------------------------------------------------------


def test_the_table_has_a_caption_and_column_headers(client_for, organisation, org_admin, moderator):
    record(organisation, moderator, label="Bank am Marktplatz", details={"from": "new", "to": "accepted"})
    content = client_for(org_admin).get(page(organisation)).content.decode()
    assert "<caption" in content
    assert content.count('<th scope="col"') == 5
    assert "Bank am Marktplatz" in content
    assert "new → accepted" in content
    assert ' style="' not in content
    assert "<script>" not in content


def test_an_object_that_still_exists_is_linked_and_a_deleted_one_is_not(
    client_for, organisation, process, org_admin, moderator
):
    record(organisation, moderator, obj=process, label="Prozess lebt")
    gone = record(organisation, moderator, obj=organisation, label="Gelöscht")
    AuditEntry.objects.filter(pk=gone.pk).update(object_id=987654)
    content = client_for(org_admin).get(page(organisation)).content.decode()
    assert f'<a href="{process.get_absolute_url()}">Prozess lebt</a>' in content
    assert ">Gelöscht</a>" not in content
    assert "Gelöscht" in content


def test_filters_by_action_person_and_period(client_for, organisation, org_admin, moderator, staff_a):
    with freeze_time("2026-03-10 10:00:00+01:00"):
        record(organisation, moderator, action=AuditAction.IDEA_HIDDEN, label="Versteckt im März")
    with freeze_time("2026-05-10 10:00:00+02:00"):
        record(organisation, staff_a, action=AuditAction.IDEA_ANSWERED, label="Antwort im Mai")
    client = client_for(org_admin)

    def shown(**query) -> str:
        return client.get(page(organisation), query).content.decode()

    assert "Versteckt im März" in shown(action="idea.hidden")
    assert "Antwort im Mai" not in shown(action="idea.hidden")
    assert "Versteckt im März" not in shown(person=staff_a.pk)
    assert "Antwort im Mai" in shown(person=staff_a.pk)
    in_april_and_may = shown(since="2026-04-01", until="2026-05-10")
    assert "Antwort im Mai" in in_april_and_may
    assert "Versteckt im März" not in in_april_and_may


def test_a_period_that_ends_before_it_starts_is_explained(client_for, organisation, org_admin):
    response = client_for(org_admin).get(page(organisation), {"since": "2026-05-01", "until": "2026-04-01"})
    assert response.status_code == 200
    assert "Das Ende des Zeitraums darf nicht vor seinem Anfang liegen." in response.content.decode()


def test_the_page_is_paginated(client_for, organisation, org_admin, moderator):
    AuditEntry.objects.bulk_create(
        AuditEntry(organisation=organisation, actor=moderator, action=AuditAction.IDEA_ANSWERED, object_repr=f"E{i}")
        for i in range(60)
    )
    client = client_for(org_admin)
    first = client.get(page(organisation))
    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["entries"]) == 50
    second = client.get(page(organisation), {"page": 2})
    assert len(second.context["entries"]) == 10


def _fill(organisation, process, actors, count: int) -> None:
    for i in range(count):
        record(organisation, actors[i % len(actors)], obj=process if i % 2 else organisation, label=f"E{i}")


@pytest.mark.parametrize("count", [3, 45])
def test_the_page_takes_the_same_number_of_queries_whatever_it_shows(
    client_for, organisation, process, org_admin, moderator, staff_a, django_assert_num_queries, count
):
    _fill(organisation, process, [moderator, staff_a, org_admin], count)
    client = client_for(org_admin)
    client.get(page(organisation))  # warms the content type cache, as in a running site
    # session, user, memberships, organisation, people for the filter, count, page of entries,
    # one query per kind of object linked (processes, organisations)
    with django_assert_num_queries(9):
        response = client.get(page(organisation))
    assert response.status_code == 200


# --- the CSV --------------------------------------------------------------------------------------


def test_the_csv_holds_the_filtered_entries_and_is_itself_recorded(client_for, organisation, org_admin, moderator):
    record(organisation, moderator, action=AuditAction.IDEA_HIDDEN, label="=HYPERLINK(1)")
    record(organisation, moderator, action=AuditAction.IDEA_ANSWERED, label="Antwort")
    response = client_for(org_admin).get(csv_url(organisation), {"action": "idea.hidden"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2  # header and the one hidden contribution
    assert rows[1][3] == "idea.hidden"
    assert rows[1][4] == "'=HYPERLINK(1)"  # a spreadsheet does not run it
    download = AuditEntry.objects.get(action=AuditAction.EXPORT_DOWNLOADED)
    assert download.actor == org_admin
    assert download.details == {"export": "audit_log_csv", "filter_action": "idea.hidden"}


# --- roles in the back office ---------------------------------------------------------------------


def test_a_role_granted_changed_and_revoked_in_the_back_office_is_recorded(client_for, organisation, town_a, org_admin):
    person = UserFactory(email="neu@example.org", display_name="Neue Kollegin")
    client = client_for(org_admin)
    response = client.post(
        reverse("admin:accounts_membership_add"),
        {"email": "neu@example.org", "organisation": organisation.pk, "role": Role.MODERATOR, "municipality": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=person)
    response = client.post(
        reverse("admin:accounts_membership_change", args=[membership.pk]),
        {
            "email": "neu@example.org",
            "organisation": organisation.pk,
            "role": Role.TOWN_STAFF,
            "municipality": town_a.pk,
        },
    )
    assert response.status_code == 302
    client.post(reverse("admin:accounts_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert not Membership.objects.filter(user=person).exists()

    entries = list(AuditEntry.objects.filter(organisation=organisation).order_by("pk"))
    assert [e.action for e in entries] == ["role.granted", "role.changed", "role.revoked"]
    assert all(e.actor == org_admin and e.subject == person for e in entries)
    assert entries[0].object_repr == "Neue Kollegin (neu@example.org)"
    assert entries[0].details == {"role": "moderator", "town": ""}
    assert entries[1].details == {
        "role": "town_staff",
        "town": town_a.name,
        "previous_role": "moderator",
        "previous_town": "",
    }


def test_a_row_deleted_in_the_back_office_is_recorded(client_for, organisation, process, org_admin):
    client_for(org_admin).post(reverse("admin:processes_process_delete", args=[process.pk]), {"post": "yes"})
    entry = AuditEntry.objects.get(action=AuditAction.OBJECT_DELETED, object_id=process.pk)
    assert entry.actor == org_admin
    assert entry.object_repr == process.title


# --- retention ------------------------------------------------------------------------------------


def test_purge_deletes_entries_older_than_the_retention_and_keeps_the_rest(settings, organisation, moderator):
    settings.AUDIT_LOG_RETENTION_DAYS = 730
    now = timezone.now()
    with freeze_time(now - dt.timedelta(days=731)):
        record(organisation, moderator, label="alt")
    with freeze_time(now - dt.timedelta(days=729)):
        record(organisation, moderator, label="jung genug")
    out = io.StringIO()
    call_command("purge_audit_log", stdout=out)
    assert "Deleted 1 audit log entry" in out.getvalue()
    assert list(AuditEntry.objects.values_list("object_repr", flat=True)) == ["jung genug"]
    assert audit_log_purge() == 0  # idempotent
    call_command("purge_audit_log", "--days", "0", stdout=io.StringIO())
    assert not AuditEntry.objects.exists()


# --- the person's rights --------------------------------------------------------------------------


def test_the_data_download_lists_what_a_person_did_and_what_concerned_them(organisation, moderator, participant):
    record(organisation, moderator, action=AuditAction.USER_BLOCKED, label=participant.public_name, subject=participant)
    by_moderator = account_export(user=moderator)["audit_log"]
    assert by_moderator["actions_by_you"][0]["action"] == str(AuditAction.USER_BLOCKED.label)
    assert by_moderator["actions_by_you"][0]["object"] == participant.public_name
    about_participant = account_export(user=participant)["audit_log"]
    assert about_participant["actions_by_you"] == []
    assert about_participant["actions_about_you"][0]["organisation"] == organisation.name
    assert "moderator" not in str(about_participant)


def test_deleting_an_account_keeps_the_entries_without_the_persons_name(organisation, moderator, participant):
    acted = record(organisation, moderator, action=AuditAction.IDEA_HIDDEN, label="Beitrag")
    about = record(organisation, moderator, action=AuditAction.USER_BLOCKED, label="Paula", subject=participant)
    account_delete(user=moderator)
    account_delete(user=participant)
    acted.refresh_from_db()
    about.refresh_from_db()
    assert acted.actor is None
    assert acted.actor_name == DELETED_ACCOUNT
    assert acted.actor_display == str(_("deleted account"))
    assert acted.object_repr == "Beitrag"
    assert about.subject is None
    assert about.object_repr == ""
    deleted = AuditEntry.objects.get(action=AuditAction.ACCOUNT_DELETED)
    assert deleted.organisation == organisation
    assert deleted.actor is None
    assert deleted.actor_name == DELETED_ACCOUNT
    assert deleted.details == {"roles": ["moderator"], "deleted_by": "the_person"}
    everything = str(list(AuditEntry.objects.values()))
    assert "moderator@example.org" not in everything
    assert "Paula" not in everything


def test_a_participant_without_a_role_leaves_no_deletion_entry(participant):
    account_delete(user=participant)
    assert not AuditEntry.objects.exists()


def test_a_platform_administrator_deleting_an_account_is_named(client_for, organisation, platform_admin):
    person = MembershipFactory(user__email="weg@example.org", organisation=organisation, role=Role.MODERATOR).user
    client_for(platform_admin).post(reverse("admin:accounts_user_delete", args=[person.pk]), {"post": "yes"})
    entry = AuditEntry.objects.get(action=AuditAction.ACCOUNT_DELETED)
    assert entry.actor == platform_admin
    assert entry.details["deleted_by"] == "platform_admin"
    assert "weg@example.org" not in str(entry.details) + entry.object_repr


def _user_form(person, **changes) -> dict:
    """The back office's form of a person as it comes back unchanged, with `changes`."""
    data = {
        "email": person.email,
        "display_name": person.display_name,
        "age_group": "",
        "home_municipality": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "consents-TOTAL_FORMS": "0",
        "consents-INITIAL_FORMS": "0",
        # The person's two-factor authenticators (read-only, deletable by a platform admin).
        "authenticator_set-TOTAL_FORMS": "0",
        "authenticator_set-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_roles_given_and_platform_administration_on_a_persons_page_are_recorded(
    client_for, organisation, other_organisation, platform_admin
):
    person = UserFactory(email="kollege@example.org", display_name="Kollege")
    url = reverse("admin:accounts_user_change", args=[person.pk])
    client = client_for(platform_admin)
    response = client.post(
        url,
        _user_form(
            person,
            is_superuser="on",
            **{
                "memberships-TOTAL_FORMS": "1",
                "memberships-0-organisation": organisation.pk,
                "memberships-0-role": Role.ADMIN,
                "memberships-0-municipality": "",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.get(user=person)
    response = client.post(
        url,
        _user_form(
            person,
            **{
                "memberships-TOTAL_FORMS": "1",
                "memberships-INITIAL_FORMS": "1",
                "memberships-0-id": membership.pk,
                "memberships-0-user": person.pk,
                "memberships-0-organisation": organisation.pk,
                "memberships-0-role": Role.ADMIN,
                "memberships-0-municipality": "",
                "memberships-0-DELETE": "on",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    ours = list(AuditEntry.objects.filter(organisation=organisation).order_by("pk").values_list("action", flat=True))
    assert ours == ["account.platform_admin_changed", "role.granted", "account.platform_admin_changed", "role.revoked"]
    # Platform administration belongs to no organisation: every organisation's log has it.
    assert AuditEntry.objects.filter(organisation=other_organisation).count() == 2
    assert all(e.actor == platform_admin for e in AuditEntry.objects.all())
