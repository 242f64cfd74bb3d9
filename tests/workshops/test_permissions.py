"""Who may do what on the live workshop board: role × action, as in docs/permissions.md.

Each case asks django-rules directly; the HTTP cases check that the pages say no where the rules do.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from tests.workshops.factories import card
from zukunftswerkstatt.workshops import services
from zukunftswerkstatt.workshops.models import Step

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "participant",
    "staff_a",
    "staff_b",
    "moderator",
    "org_admin",
    "other_org_admin",
    "platform_admin",
]
RUNNING = {"moderator", "org_admin", "platform_admin"}
READING = RUNNING | {"staff_a", "staff_b"}

EXPECTED = {
    "workshops.run_session": RUNNING,
    "workshops.view_session": READING,
    "workshops.view_record": set(ROLES),  # the event and its process are published
}


def person(request, role):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", sorted(EXPECTED))
def test_role_matrix_on_a_session(request, role, permission, session):
    assert person(request, role).has_perm(permission, session) == (role in EXPECTED[permission])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_running_team_may_open_a_session_for_an_event(request, role, event):
    assert person(request, role).has_perm("workshops.run_session", event) == (role in RUNNING)


@pytest.mark.parametrize("role", ROLES)
def test_the_record_of_an_unpublished_event_is_for_the_team_only(request, role, session):
    session.event.is_published = False
    session.event.save()
    assert person(request, role).has_perm("workshops.view_record", session) == (role in READING)


@pytest.mark.parametrize("role", ROLES)
def test_the_record_of_an_unpublished_process_is_for_the_team_only(request, role, session, process):
    process.is_published = False
    process.save()
    session.event.process = process
    assert person(request, role).has_perm("workshops.view_record", session) == (role in READING)


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"platform_admin"}))
def test_no_role_may_add_cards_or_vote_without_a_participant_token(request, role, criticism):
    user = person(request, role)
    assert not user.has_perm("workshops.add_card", None)
    assert not user.has_perm("workshops.vote", None)


@pytest.mark.parametrize("role", ROLES)
def test_without_a_participant_token_no_role_adds_a_card_over_http(request, role, client, criticism):
    """The platform administrator passes every rule (superuser), but the phone pages need the token."""
    if role != "anonymous":
        client.force_login(person(request, role))
    address = reverse("workshops:participant_card", kwargs={"pk": criticism.pk})
    response = client.post(address, {"text": "Ohne Token", "step": "criticism", "nonce": "x"})
    assert response.status_code == 302
    assert response.url == reverse("workshops:join")
    assert not criticism.cards.exists()


def test_a_participant_token_allows_cards_while_cards_are_collected_and_dots_while_the_vote_is_open(session, join):
    participant, _client = join(session)
    anyone = AnonymousUser()
    assert not anyone.has_perm("workshops.add_card", participant)  # still getting ready
    services.session_set_step(session=session, step=Step.CRITICISM)
    participant.session.refresh_from_db()
    assert anyone.has_perm("workshops.add_card", participant)
    assert not anyone.has_perm("workshops.vote", participant)
    services.vote_set_state(session=session, state="open")
    participant.session.refresh_from_db()
    assert anyone.has_perm("workshops.vote", participant)
    services.session_set_step(session=session, step=Step.FINISHED)
    participant.session.refresh_from_db()
    assert not anyone.has_perm("workshops.add_card", participant)
    assert not anyone.has_perm("workshops.vote", participant)


# -- over HTTP ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_console_is_for_the_team_and_its_actions_for_moderators(request, role, client, criticism):
    if role != "anonymous":
        client.force_login(person(request, role))
    console = client.get(reverse("workshops:console", kwargs={"pk": criticism.pk}))
    assert console.status_code == (200 if role in READING else 403)
    bus = card(criticism, "Busse")
    response = client.post(
        reverse("workshops:card_hide", kwargs={"pk": criticism.pk, "card_pk": bus.pk}), {"action": "hide"}
    )
    assert response.status_code == (302 if role in RUNNING else 403)
    bus.refresh_from_db()
    assert bus.is_hidden == (role in RUNNING)


@pytest.mark.parametrize("role", ROLES)
def test_opening_a_session_over_http(request, role, client, event, ideas_module):
    if role != "anonymous":
        client.force_login(person(request, role))
    response = client.get(reverse("workshops:start", kwargs={"event_pk": event.pk}))
    assert response.status_code == (200 if role in RUNNING else 403)


@pytest.mark.parametrize("role", ROLES)
def test_the_console_of_an_unpublished_event_does_not_exist_for_outsiders(request, role, client, session):
    session.event.is_published = False
    session.event.save()
    if role != "anonymous":
        client.force_login(person(request, role))
    response = client.get(reverse("workshops:console", kwargs={"pk": session.pk}))
    assert response.status_code == (200 if role in READING else 404)
    record = client.get(reverse("workshops:record", kwargs={"pk": session.pk}))
    assert record.status_code == (200 if role in READING else 404)


def test_town_staff_see_the_console_without_its_forms(client_for, staff_a, criticism):
    card(criticism, "Busse")
    body = client_for(staff_a).get(reverse("workshops:console", kwargs={"pk": criticism.pk})).content.decode()
    assert "Busse" in body
    assert reverse("workshops:step", kwargs={"pk": criticism.pk}) not in body
    assert "projector" not in body.lower() or criticism.projector_key not in body


def test_the_back_office_lists_only_the_own_organisations_sessions_read_only(client_for, moderator, session):
    client = client_for(moderator)
    listing = client.get(reverse("admin:workshops_workshopsession_changelist"))
    assert listing.status_code == 200
    assert session.title in listing.content.decode()
    page = client.get(reverse("admin:workshops_workshopsession_change", args=[session.pk]))
    assert page.status_code == 200
    assert 'name="step"' not in page.content.decode()  # read only: the console runs the session
    assert client.get(reverse("admin:workshops_workshopsession_add")).status_code == 403


def test_the_back_office_hides_other_organisations_sessions(client_for, other_org_admin, session):
    listing = client_for(other_org_admin).get(reverse("admin:workshops_workshopsession_changelist"))
    assert session.title not in listing.content.decode()
