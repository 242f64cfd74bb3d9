"""Who may do what in the SWOT analysis: role × the module's state × action, as in docs/permissions.md.

Each case asks django-rules directly (the views only ask the same rules); test_views.py checks that
the pages say no where the rules do.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from freezegun import freeze_time

from tests.swot.factories import SwotCommentFactory, SwotItemFactory, SwotSuggestionFactory
from zukunftswerkstatt.conversation.models import Block
from zukunftswerkstatt.processes.services import module_update_settings
from zukunftswerkstatt.swot.models import Quadrant

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
    "comment_item",
    "suggest_item",
    "report_comment",
    "moderate",
    "manage",
    "change_item (association)",
    "change_item (town A)",
    "decide_suggestion (association)",
    "decide_suggestion (town A)",
    "export",
    "change_settings",
]
EVERYONE = set(ROLES)
EVERYONE_LOGGED_IN = EVERYONE - {"anonymous"}
MODERATING = {"moderator", "org_admin", "platform_admin"}
TEAM = MODERATING | {"staff_a", "staff_b"}

# Who may, while the module takes input (from the start of its phase; guests allowed by default).
OPEN: dict[str, set[str]] = {
    "comment_item": EVERYONE_LOGGED_IN,
    "suggest_item": EVERYONE,
    "report_comment": EVERYONE,
    "moderate": MODERATING,
    "manage": TEAM,
    "change_item (association)": MODERATING,
    "change_item (town A)": MODERATING | {"staff_a"},
    "decide_suggestion (association)": MODERATING,
    "decide_suggestion (town A)": MODERATING | {"staff_a"},
    "export": TEAM,
    "change_settings": {"org_admin", "platform_admin"},
}
# Before the phase starts, or when the staff have closed input: no comments or suggestions.
CLOSED: dict[str, set[str]] = {**OPEN, "comment_item": set(), "suggest_item": set()}

# Django grants superusers every permission before it asks the rules.
SUPERUSER_ROLES = {"platform_admin"}


def person(request, role: str):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("state", ["before the phase", "open", "closed by staff"])
def test_permission_matrix(request, state, swot_module, profile_phase, town_a, participant):
    people = {role: person(request, role) for role in ROLES}
    association = SwotItemFactory(module=swot_module)
    in_town_a = SwotItemFactory(module=swot_module, municipality=town_a, quadrant=Quadrant.WEAKNESS)
    comment = SwotCommentFactory(item=association, author=participant)
    suggestion_association = SwotSuggestionFactory(module=swot_module)
    suggestion_town_a = SwotSuggestionFactory(module=swot_module, municipality=town_a)
    targets = {
        "comment_item": association,
        "report_comment": comment,
        "change_item (association)": association,
        "change_item (town A)": in_town_a,
        "decide_suggestion (association)": suggestion_association,
        "decide_suggestion (town A)": suggestion_town_a,
    }
    if state == "closed by staff":
        module_update_settings(module=swot_module, settings={"accept_input": False, "allow_guests": True})
        swot_module.refresh_from_db()
        for target in (association, in_town_a, suggestion_association, suggestion_town_a):
            target.module = swot_module
        comment.item = association
    when = (
        profile_phase.start - dt.timedelta(days=1)
        if state == "before the phase"
        else profile_phase.start + dt.timedelta(days=1)
    )

    with freeze_time(when):
        allowed = {
            role: {
                action
                for action in ACTIONS
                if user.has_perm(f"swot.{action.split()[0]}", targets.get(action, swot_module))
            }
            for role, user in people.items()
        }
    table = OPEN if state == "open" else CLOSED
    wrong = {}
    for role in ROLES:
        expected = {action for action in ACTIONS if role in table[action] or role in SUPERUSER_ROLES}
        if allowed[role] != expected:
            wrong[role] = {
                "may, but should not": allowed[role] - expected,
                "may not, but should": expected - allowed[role],
            }
    assert wrong == {}


def test_input_stays_open_after_the_profile_phase_until_staff_close_it(swot_module, participant, profile_phase):
    with freeze_time(profile_phase.end + dt.timedelta(days=30)):
        assert participant.has_perm("swot.comment_item", swot_module)


def test_guests_may_not_suggest_where_the_module_does_not_allow_it(swot_module, participant):
    module_update_settings(module=swot_module, settings={"accept_input": True, "allow_guests": False})
    assert not AnonymousUser().has_perm("swot.suggest_item", swot_module)
    assert participant.has_perm("swot.suggest_item", swot_module)


def test_blocked_person_may_not_comment_or_suggest(swot_module, participant, organisation, moderator):
    Block.objects.create(organisation=organisation, user=participant, reason="Beleidigungen", blocked_by=moderator)
    assert not participant.has_perm("swot.comment_item", swot_module)
    assert not participant.has_perm("swot.suggest_item", swot_module)


def test_unpublished_process_takes_no_input(swot_module, participant):
    process = swot_module.phase.process
    process.is_published = False
    process.save()
    swot_module.refresh_from_db()
    assert not participant.has_perm("swot.comment_item", swot_module)


def test_hidden_comment_cannot_be_reported(association_item, participant, moderator):
    from zukunftswerkstatt.swot import services

    comment = SwotCommentFactory(item=association_item, author=participant)
    services.swot_comment_hide(comment=comment, moderator=moderator, reason="Beleidigung")
    assert not AnonymousUser().has_perm("swot.report_comment", comment)


def test_town_staff_may_not_edit_the_other_towns_items(swot_module, town_b, staff_a, staff_b):
    in_town_b = SwotItemFactory(module=swot_module, municipality=town_b)
    assert not staff_a.has_perm("swot.change_item", in_town_b)
    assert staff_b.has_perm("swot.change_item", in_town_b)


def test_admin_of_another_organisation_has_no_rights(swot_module, other_org_admin, association_item):
    assert not other_org_admin.has_perm("swot.manage", swot_module)
    assert not other_org_admin.has_perm("swot.change_item", association_item)
