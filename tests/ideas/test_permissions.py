"""Who may do what in an idea collection: role × phase state × action, as in docs/permissions.md.

Each case asks django-rules directly (the views only ask the same rules); test_views_staff.py
checks that the pages say no where the rules do.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from freezegun import freeze_time

from tests.ideas.factories import IdeaFactory
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Kind

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
ACTIONS = [
    "add_idea",
    "comment_idea",
    "support_idea",
    "change_idea (own)",
    "withdraw_idea (own)",
    "moderate",
    "answer_idea (town A)",
    "change_status (town A)",
    "record_offline",
    "export",
    "change_settings",
]
EVERYONE_LOGGED_IN = set(ROLES) - {"anonymous"}
MODERATING = {"moderator", "org_admin", "platform_admin"}
TEAM = MODERATING | {"staff_a", "staff_b"}

# Who may, while the future-workshop phase runs.
DURING: dict[str, set[str]] = {
    "add_idea": EVERYONE_LOGGED_IN,
    "comment_idea": EVERYONE_LOGGED_IN,
    "support_idea": EVERYONE_LOGGED_IN,
    "change_idea (own)": EVERYONE_LOGGED_IN,
    # Only the author, in every phase, until the municipality has decided.
    "withdraw_idea (own)": EVERYONE_LOGGED_IN,
    "moderate": MODERATING,
    "answer_idea (town A)": MODERATING | {"staff_a"},
    "change_status (town A)": MODERATING | {"staff_a"},
    "record_offline": TEAM,
    "export": TEAM,
    "change_settings": {"org_admin", "platform_admin"},
}
# Before and after the phase, taking part stops; the team's work does not.
OUTSIDE: dict[str, set[str]] = {
    **DURING,
    "add_idea": set(),
    "comment_idea": set(),
    "support_idea": set(),
    "change_idea (own)": MODERATING,
}


# Platform administrators are Django superusers: Django grants them every permission before it asks
# the rules, so phases do not bind them (docs/permissions.md says "open"; see the report to the lead).
SUPERUSER_ROLES = {"platform_admin"}


def person(request, role: str):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


def moment(workshop, state: str) -> dt.datetime:
    return {
        "before": workshop.start - dt.timedelta(days=1),
        "during": workshop.start + dt.timedelta(days=1),
        "after": workshop.end + dt.timedelta(minutes=1),
    }[state]


@pytest.mark.parametrize("state", ["before", "during", "after"])
def test_permission_matrix(request, state, ideas_module, workshop, town_a):
    people = {role: person(request, role) for role in ROLES}
    # A contribution for town A by someone outside the cast, and one of each role's own.
    in_town_a = IdeaFactory(module=ideas_module, municipality=town_a)
    own = {
        role: IdeaFactory(module=ideas_module, author=user if user.is_authenticated else None)
        for role, user in people.items()
    }

    def target(role: str, action: str):
        if action in ("change_idea (own)", "withdraw_idea (own)"):
            return own[role]
        if action in ("comment_idea", "support_idea", "answer_idea (town A)", "change_status (town A)"):
            return in_town_a
        return ideas_module

    with freeze_time(moment(workshop, state)):
        allowed = {
            role: {action for action in ACTIONS if user.has_perm(f"ideas.{action.split()[0]}", target(role, action))}
            for role, user in people.items()
        }
    table = DURING if state == "during" else OUTSIDE
    wrong = {}
    for role in ROLES:
        expected = {action for action in ACTIONS if role in table[action] or role in SUPERUSER_ROLES}
        if allowed[role] != expected:
            wrong[role] = {
                "may, but should not": allowed[role] - expected,
                "may not, but should": expected - allowed[role],
            }
    assert wrong == {}


def test_guests_may_contribute_only_where_the_module_allows_it_and_only_while_open(
    ideas_module, guest_module, workshop
):
    guest = AnonymousUser()
    assert not guest.has_perm("ideas.add_idea", ideas_module)
    assert guest.has_perm("ideas.add_idea", guest_module)
    with freeze_time(moment(workshop, "after")):
        assert not guest.has_perm("ideas.add_idea", guest_module)


def test_nobody_supports_their_own_contribution(idea, participant):
    assert not participant.has_perm("ideas.support_idea", idea)


def test_town_staff_answer_only_for_their_own_town(ideas_module, staff_a, staff_b, town_b, moderator):
    for_town_b = IdeaFactory(module=ideas_module, municipality=town_b)
    whole_association = IdeaFactory(module=ideas_module, municipality=None)
    assert not staff_a.has_perm("ideas.answer_idea", for_town_b)
    assert staff_b.has_perm("ideas.answer_idea", for_town_b)
    assert not staff_a.has_perm("ideas.change_status", whole_association)
    assert not staff_b.has_perm("ideas.change_status", whole_association)
    assert moderator.has_perm("ideas.change_status", whole_association)


def test_a_blocked_person_may_not_contribute_or_comment_in_that_organisation_only(
    ideas_module, idea, participant, moderator, other_organisation, django_user_model
):
    from tests.factories import MunicipalityFactory  # noqa: F401 - the other organisation needs no towns
    from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint

    elsewhere = process_create_from_blueprint(
        organisation=other_organisation,
        title="Anderswo",
        slug="anderswo",
        theme="Wandel",
        start=ideas_module.phase.process.phases.order_by("start").first().start,
        is_published=True,
    )
    other_module = module_create(phase=elsewhere.phases.get(type="workshop"), type="ideas", title="Ideen anderswo")
    other_idea = IdeaFactory(module=other_module)
    services.user_block(module=ideas_module, user=participant, by=moderator, reason="Beleidigungen")

    blocked = django_user_model.objects.get(pk=participant.pk)  # a new request sees the block
    assert not blocked.has_perm("ideas.add_idea", ideas_module)
    assert not blocked.has_perm("ideas.comment_idea", idea)
    assert not blocked.has_perm("ideas.change_idea", idea)
    assert blocked.has_perm("ideas.add_idea", other_module)
    assert blocked.has_perm("ideas.comment_idea", other_idea)


def test_an_unpublished_module_is_closed_for_contributions(ideas_module, participant):
    ideas_module.is_published = False
    ideas_module.save(update_fields=["is_published"])
    assert not participant.has_perm("ideas.add_idea", ideas_module)


def test_kinds_do_not_change_who_may_contribute(ideas_module, participant):
    from zukunftswerkstatt.processes.services import module_update_settings

    module_update_settings(module=ideas_module, settings={"open_kinds": [Kind.VISION], "allow_guests": False})
    assert participant.has_perm("ideas.add_idea", ideas_module)


def test_nobody_but_the_author_withdraws_and_not_once_decided(idea, participant, moderator, org_admin, staff_a):
    for someone in (moderator, org_admin, staff_a, AnonymousUser()):
        assert not someone.has_perm("ideas.withdraw_idea", idea)
    assert participant.has_perm("ideas.withdraw_idea", idea)
    services.idea_change_status(idea=idea, by=moderator, status="in_plan")
    assert not participant.has_perm("ideas.withdraw_idea", idea)
