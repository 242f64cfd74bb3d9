"""The role × action table of docs/permissions.md (events), tested as a matrix."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "participant", "staff_a", "moderator", "org_admin", "other_org_admin", "platform_admin"]

# action: roles allowed (for a published event with registration open)
MATRIX = {
    "events.view_event": set(ROLES),
    "events.register": set(ROLES),
    "events.manage_registrations": {"staff_a", "moderator", "org_admin", "platform_admin"},
    "events.document_event": {"staff_a", "moderator", "org_admin", "platform_admin"},
    "events.print_material": {"staff_a", "moderator", "org_admin", "platform_admin"},
    "events.change_event": {"org_admin", "platform_admin"},
}


@pytest.fixture
def cast(request):
    def person(role: str):
        return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)

    return person


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", MATRIX)
def test_role_may_or_may_not_act_on_a_published_event(cast, event, role, action):
    assert cast(role).has_perm(action, event) is (role in MATRIX[action])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_team_sees_an_unpublished_event(cast, event, role):
    event.is_published = False
    assert cast(role).has_perm("events.view_event", event) is (
        role in {"staff_a", "moderator", "org_admin", "platform_admin"}
    )
    # Django lets a superuser pass every check; the service still refuses online registration.
    assert cast(role).has_perm("events.register", event) is (role == "platform_admin")


def test_nobody_registers_online_after_registration_closed(cast, event):
    import datetime as dt

    from django.utils import timezone

    event.registration_opens = timezone.now() - dt.timedelta(days=2)
    event.registration_closes = timezone.now() - dt.timedelta(days=1)
    allowed = [role for role in ROLES if cast(role).has_perm("events.register", event)]
    assert allowed == ["platform_admin"]  # a superuser passes every check; the service refuses


@pytest.mark.parametrize("role", ROLES)
def test_only_the_person_who_registered_changes_their_own_registration(cast, event, register, role):
    """Everyone logged in may cancel their own registration on the event page; nobody else's
    (staff cancel for others on the attendee list, with `events.manage_registrations`)."""
    person = cast(role)
    others = register("Else")
    assert person.has_perm("events.change_own_registration", others) is (role == "platform_admin")
    if role == "anonymous":
        return
    own = register("Me", email=f"{role.replace('_', '-')}@example.org", user=person)
    assert person.has_perm("events.change_own_registration", own) is True
