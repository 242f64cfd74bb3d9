"""Who may do what with the SWOT analysis: role × the module's state × action (docs/permissions.md).

Citizens read the matrix of a published module; while the module takes input (its phase has
started, the process and module are published and the staff have not closed it: the module type's
input window, see apps.py and `processes.rules.module_allows`) people with an account comment, and
everybody may suggest an item (guests only if the module allows them).
Moderators and organisation admins edit every item; town staff edit their own town's items and
decide suggestions for their town.
"""

from __future__ import annotations

import rules

from zukunftswerkstatt.accounts.rules import (
    is_moderator,
    is_org_admin,
    is_platform_admin,
    is_staff_of_objects_town,
    is_town_staff,
)
from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.conversation.rules import is_blocked_in
from zukunftswerkstatt.processes.rules import module_allows

from .models import SwotItem, SwotSuggestion


def _module_of(obj):
    """The module of a module, an item, a suggestion or a comment."""
    if isinstance(obj, Comment):
        return obj.target.module
    if isinstance(obj, SwotItem | SwotSuggestion):
        return obj.module
    return obj


def input_closed(module) -> bool:
    """Staff have switched comments and suggestions off (the module's setting "accept_input")."""
    return not module.settings.get("accept_input", True)


def input_open(module) -> bool:
    """Comments and suggestions are taken from the start of the module's phase until staff close them."""
    return module_allows(module, "comment") or module_allows(module, "suggest")


@rules.predicate
def commenting_open(user, obj) -> bool:
    return obj is not None and module_allows(_module_of(obj), "comment")


@rules.predicate
def suggesting_open(user, obj) -> bool:
    return obj is not None and module_allows(_module_of(obj), "suggest")


@rules.predicate
def guests_allowed(user, obj) -> bool:
    return bool(_module_of(obj).settings.get("allow_guests", True))


@rules.predicate
def is_blocked(user, obj) -> bool:
    """Blocked by the moderation of the organisation (the block of the idea collections counts here too)."""
    return is_blocked_in(user, _module_of(obj).phase.process.organisation_id)


@rules.predicate
def is_visible_comment(user, comment) -> bool:
    return comment is not None and not comment.is_hidden


is_moderating = is_platform_admin | is_org_admin | is_moderator
is_team = is_moderating | is_town_staff
# An item or a suggestion: every one for moderators and admins, a town's for its staff.
is_responsible = is_moderating | is_staff_of_objects_town

rules.add_perm("swot.comment_item", rules.is_authenticated & commenting_open & ~is_blocked)
rules.add_perm("swot.suggest_item", suggesting_open & ~is_blocked & (rules.is_authenticated | guests_allowed))
rules.add_perm("swot.report_comment", is_visible_comment)
rules.add_perm("swot.moderate", is_moderating)
rules.add_perm("swot.manage", is_team)
rules.add_perm("swot.change_item", is_responsible)
rules.add_perm("swot.decide_suggestion", is_responsible)
rules.add_perm("swot.export", is_team)
rules.add_perm("swot.change_settings", is_platform_admin | is_org_admin)
