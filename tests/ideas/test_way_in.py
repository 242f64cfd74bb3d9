"""The way in for a first contribution: a reference to read out on the telephone, a confirmation
that says what happens, a guest's optional e-mail address, and withdrawing one's own contribution."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from tests.factories import UserFactory
from tests.ideas.conftest import german
from tests.ideas.factories import IdeaFactory
from tests.ideas.helpers import idea_form_data, url
from zukunftswerkstatt.ideas import selectors, services
from zukunftswerkstatt.ideas.models import GuestContact, Idea, ReferenceSequence, Status, StatusChange, Visibility
from zukunftswerkstatt.ideas.references import reference_normalise

REFERENCE = re.compile(r"^ZW-\d{4}-\d{4,}$")


# -- references ------------------------------------------------------------------------------


def test_every_contribution_gets_a_reference_of_its_year_counted_up(ideas_module, guest_module, participant):
    with freeze_time("2026-12-31 10:00"):
        first = IdeaFactory(module=ideas_module, author=participant)
        second = IdeaFactory(module=guest_module, author=None)
        offline = services.offline_idea_record(
            module=ideas_module,
            recorded_by=participant,
            channel="phone",
            received_on=dt.date(2026, 12, 30),
            contact_name="Erna",
            contact="Tel. 03744 1234",
            consent="mündlich",
            delete_on=dt.date(2027, 6, 1),
            kind="proposal",
            title="Anruf",
            text="Mehr Busse",
        )
    with freeze_time("2027-01-02 10:00"):
        next_year = IdeaFactory(module=ideas_module, author=participant)
    assert [first.reference, second.reference, offline.reference] == ["ZW-2026-0001", "ZW-2026-0002", "ZW-2026-0003"]
    assert next_year.reference == "ZW-2027-0001"
    assert all(REFERENCE.match(i.reference) for i in Idea.objects.all())


def test_a_refused_contribution_uses_up_no_reference(ideas_module, participant):
    with pytest.raises(Exception):  # noqa: B017, PT011 - the service refuses a closed kind
        IdeaFactory(module=ideas_module, author=participant, kind="nonsense")
    idea = IdeaFactory(module=ideas_module, author=participant)
    assert idea.reference.endswith("-0001")


def test_the_sequence_row_follows_the_references(ideas_module, participant):
    ideas = IdeaFactory.create_batch(3, module=ideas_module, author=participant)
    year = timezone.localdate().year
    assert ReferenceSequence.objects.get(year=year).last == 3
    assert len({i.reference for i in ideas}) == 3


@pytest.mark.parametrize(
    "typed",
    ["ZW-2026-0142", "zw-2026-0142", "ZW 2026 0142", "zw2026142", "2026-142", " 2026 / 0142 ", "ZW-2026-142"],
)
def test_a_reference_is_read_back_however_it_is_typed(typed):
    assert reference_normalise(typed) == "ZW-2026-0142"


@pytest.mark.parametrize("typed", ["", "142", "Bänke am Markt", "ZW-26-1", "ZW-2026-"])
def test_other_text_is_no_reference(typed):
    assert reference_normalise(typed) is None


# -- the form and the confirmation -------------------------------------------------------------


def test_a_guest_is_told_that_the_contribution_will_be_reviewed_not_published(client, guest_module):
    page = client.get(url("create", guest_module)).content.decode()
    assert german("Submit for review") in page
    assert ">" + german("Publish") + "<" not in page


def test_a_member_publishes_directly(participant, ideas_module):
    client = Client()
    client.force_login(participant)
    page = client.get(url("create", ideas_module)).content.decode()
    assert german("Publish") in page
    assert german("Submit for review") not in page


def test_the_button_follows_the_same_rule_as_the_service(guest_module, participant):
    # Whatever idea_held_for_moderation says is what the service does: the class of bug, not one label.
    for author in (None, participant):
        held = services.idea_held_for_moderation(module=guest_module, author=author)
        idea = IdeaFactory(module=guest_module, author=author)
        assert (idea.visibility == Visibility.PENDING) == held


def test_a_guest_sees_the_reference_and_what_happens_on_the_confirmation(client, guest_module, mail_on_commit):
    with mail_on_commit():
        response = client.post(url("create", guest_module), idea_form_data(guest_name="Opa Kurt"), follow=True)
    idea = Idea.objects.get()
    page = response.content.decode()
    assert response.status_code == 200
    assert idea.reference in page
    assert (
        german(
            "A moderator looks at your contribution first, usually within two working days. Then it appears in "
            "the list, and everyone can read, support and comment on it."
        )
        in page
    )
    # Another browser cannot open the confirmation of a waiting contribution.
    assert Client().get(url("received", guest_module, idea)).status_code == 404
    assert mail.outbox == []  # no address left, no mail


def test_a_member_gets_a_confirmation_mail_with_the_reference(participant, ideas_module, mail_on_commit, settings):
    settings.SITE_URL = "http://zw.example:8713"
    client = Client()
    client.force_login(participant)
    with mail_on_commit():
        client.post(url("create", ideas_module), idea_form_data())
    idea = Idea.objects.get()
    [message] = mail.outbox
    assert message.to == [participant.email]
    assert idea.reference in message.body
    assert f"http://zw.example:8713{idea.get_absolute_url()}" in message.body
    page = client.get(url("received", ideas_module, idea)).content.decode()
    assert idea.reference in page
    assert german("Your contribution has been published. Everyone can now read, support and comment on it.") in page


def test_the_reference_is_on_the_idea_page_the_letter_and_the_export(idea, ideas_module, org_admin):
    client = Client()
    client.force_login(org_admin)
    assert idea.reference in client.get(idea.get_absolute_url()).content.decode()
    assert idea.reference in client.get(url("export", ideas_module, file_format="csv")).content.decode()
    offline = services.offline_idea_record(
        module=ideas_module,
        recorded_by=org_admin,
        channel="letter",
        received_on=timezone.localdate(),
        contact_name="Erna Muster",
        contact="Hauptstr. 1, 08209 Auerbach",
        consent="schriftlich",
        delete_on=timezone.localdate() + dt.timedelta(days=30),
        kind="proposal",
        title="Brief",
        text="Mehr Bänke",
    )
    services.idea_answer(idea=offline, by=org_admin, text="Danke, wir prüfen das.")
    letter = client.get(url("letter", ideas_module, offline)).content.decode()
    assert offline.reference in letter


# -- a guest's e-mail address ------------------------------------------------------------------


def test_a_guest_address_is_not_stored_without_consent(client, guest_module):
    response = client.post(url("create", guest_module), idea_form_data(guest_email="kurt@example.org"))
    assert response.status_code == 200
    assert "guest_email_consent" in response.context["form"].errors
    assert 'value="kurt@example.org"' in response.content.decode()  # what was typed stays
    assert not Idea.objects.exists()
    assert not GuestContact.objects.exists()


def test_the_service_refuses_an_address_without_consent(guest_module):
    with pytest.raises(services.ValidationError):
        services.idea_create(
            module=guest_module, author=None, kind="proposal", title="T", text="T", guest_email="a@b.de"
        )
    assert not GuestContact.objects.exists()


@pytest.fixture
def guest_idea(client, guest_module, mail_on_commit, settings):
    settings.SITE_URL = "http://zw.example:8713"
    client.cookies["zw_language"] = "en"
    with mail_on_commit():
        client.post(
            url("create", guest_module),
            idea_form_data(guest_email="kurt@example.org", guest_email_consent="on"),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    return Idea.objects.get()


def test_a_guest_with_consent_gets_a_confirmation_in_their_language(guest_idea):
    contact = GuestContact.objects.get(idea=guest_idea)
    assert (contact.email, contact.language) == ("kurt@example.org", "en")
    [message] = mail.outbox
    assert message.to == ["kurt@example.org"]
    assert guest_idea.reference in message.body
    assert "A moderator looks at your contribution first" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://zw.example:8713/")


def test_a_status_change_and_an_answer_are_mailed_to_the_guest(guest_idea, moderator, mail_on_commit):
    mail.outbox.clear()
    with mail_on_commit():
        services.idea_restore(idea=guest_idea, by=moderator)
        services.idea_change_status(idea=guest_idea, by=moderator, status=Status.UNDER_REVIEW)
        services.idea_answer(idea=guest_idea, by=moderator, text="Wir prüfen einen Trinkbrunnen.")
    assert [m.to for m in mail.outbox] == [["kurt@example.org"], ["kurt@example.org"]]
    status_mail, answer_mail = mail.outbox
    assert "under review" in status_mail.body
    assert guest_idea.reference in status_mail.body
    assert "Wir prüfen einen Trinkbrunnen." in answer_mail.body
    assert "{{" not in status_mail.body + answer_mail.body


def test_one_click_stops_the_mails_and_deletes_the_address(guest_idea, moderator, mail_on_commit):
    link = re.search(r"http://zw\.example:8713(/\S+)", mail.outbox[0].body).group(1)
    assert Client().get(link).status_code == 200
    assert GuestContact.objects.exists()  # a GET (a link scanner) changes nothing
    assert Client(enforce_csrf_checks=True).post(link).status_code == 200  # RFC 8058 one-click POST
    assert not GuestContact.objects.exists()
    mail.outbox.clear()
    with mail_on_commit():
        services.idea_change_status(idea=guest_idea, by=moderator, status=Status.UNDER_REVIEW)
    assert mail.outbox == []


def test_guest_addresses_are_deleted_when_the_process_ends(guest_idea, process):
    last_end = process.phases.order_by("-end").first().end
    assert services.guest_contacts_purge(now=last_end - dt.timedelta(seconds=1)) == 0
    assert services.guest_contacts_purge(now=last_end) == 1
    assert not GuestContact.objects.exists()
    assert Idea.objects.filter(pk=guest_idea.pk).exists()


# -- withdrawing -------------------------------------------------------------------------------


def test_the_author_withdraws_after_confirming_and_it_stays_in_the_history(idea, participant, follower_of):
    follower_of(idea)
    client = Client()
    client.force_login(participant)
    page = client.get(url("withdraw", idea.module, idea))
    assert page.status_code == 200
    assert Idea.objects.get(pk=idea.pk).status == Status.NEW  # the GET only asks
    response = client.post(url("withdraw", idea.module, idea), {"reason": "Hat sich erledigt."})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Status.WITHDRAWN
    change = StatusChange.objects.get(idea=idea)
    assert (change.old_status, change.new_status, change.changed_by) == (Status.NEW, Status.WITHDRAWN, participant)
    detail = Client().get(idea.get_absolute_url()).content.decode()
    assert german("withdrawn by its author") in detail
    assert "Hat sich erledigt." in detail


@pytest.fixture
def follower_of(db):
    def follow(idea):
        person = UserFactory()
        services.follow_toggle(idea=idea, user=person)
        return person

    return follow


def test_only_the_author_may_withdraw(idea, staff_a, moderator, org_admin):
    for person in (staff_a, moderator, org_admin):
        client = Client()
        client.force_login(person)
        assert client.post(url("withdraw", idea.module, idea)).status_code in (403, 404)
        with pytest.raises(services.ValidationError):
            services.idea_withdraw(idea=idea, by=person)
    assert Client().post(url("withdraw", idea.module, idea)).status_code in (302, 403, 404)
    idea.refresh_from_db()
    assert idea.status == Status.NEW


def test_a_decided_contribution_can_no_longer_be_withdrawn(idea, participant, moderator):
    services.idea_answer(idea=idea, by=moderator, text="Wird umgesetzt.")
    idea.refresh_from_db()
    assert not participant.has_perm("ideas.withdraw_idea", idea)
    with pytest.raises(services.ValidationError):
        services.idea_withdraw(idea=idea, by=participant)


def test_staff_cannot_set_withdrawn_nor_change_a_withdrawn_contribution(idea, participant, moderator):
    with pytest.raises(services.ValidationError):
        services.idea_change_status(idea=idea, by=moderator, status=Status.WITHDRAWN)
    services.idea_withdraw(idea=idea, by=participant)
    idea.refresh_from_db()
    with pytest.raises(services.ValidationError):
        services.idea_change_status(idea=idea, by=moderator, status=Status.IN_PLAN)


def test_a_withdrawn_contribution_leaves_the_list_but_can_be_found(idea, participant, ideas_module, staff_a):
    other = IdeaFactory(module=ideas_module, author=participant, title="Noch da")
    services.idea_withdraw(idea=idea, by=participant)
    default = list(selectors.idea_list(module=ideas_module, filters=selectors.IdeaFilters()))
    assert default == [other]
    withdrawn = selectors.idea_list(module=ideas_module, filters=selectors.IdeaFilters(status=Status.WITHDRAWN))
    assert list(withdrawn) == [Idea.objects.get(pk=idea.pk)]
    idea.refresh_from_db()
    assert not staff_a.has_perm("ideas.support_idea", idea)
    assert not staff_a.has_perm("ideas.comment_idea", idea)
    assert not participant.has_perm("ideas.change_idea", idea)
