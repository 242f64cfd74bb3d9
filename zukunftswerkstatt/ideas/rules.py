"""Who may do what with contributions: role × phase state × the module's declared features."""

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

from .models import Visibility


def _module_of(obj):
    """The module of a module, a contribution or a comment."""
    if isinstance(obj, Comment):
        return obj.target.module
    return getattr(obj, "module", obj)


def _is_blocked(user, module) -> bool:
    return is_blocked_in(user, module.phase.process.organisation_id)


@rules.predicate
def contributing_open(user, obj) -> bool:
    return module_allows(_module_of(obj), "contribute")


@rules.predicate
def commenting_open(user, obj) -> bool:
    return module_allows(_module_of(obj), "comment")


@rules.predicate
def supporting_open(user, obj) -> bool:
    return module_allows(_module_of(obj), "support")


@rules.predicate
def guests_allowed(user, obj) -> bool:
    return bool(_module_of(obj).settings.get("allow_guests"))


@rules.predicate
def is_blocked(user, obj) -> bool:
    return _is_blocked(user, _module_of(obj))


@rules.predicate
def is_author(user, idea) -> bool:
    return user.is_authenticated and idea is not None and idea.author_id == user.pk


@rules.predicate
def is_comment_author(user, comment) -> bool:
    return user.is_authenticated and comment is not None and comment.author_id == user.pk


@rules.predicate
def is_visible_comment(user, comment) -> bool:
    """Neither deleted nor hidden: a hidden comment's author may not rewrite what was moderated."""
    return comment is not None and comment.is_visible


@rules.predicate
def is_published_idea(user, idea) -> bool:
    return idea is not None and idea.visibility == Visibility.PUBLISHED


@rules.predicate
def is_withdrawn_idea(user, idea) -> bool:
    return idea is not None and idea.is_withdrawn


@rules.predicate
def is_withdrawable(user, idea) -> bool:
    return idea is not None and idea.can_be_withdrawn


is_moderating = is_platform_admin | is_org_admin | is_moderator
is_team = is_moderating | is_town_staff
is_responsible_for_idea = is_moderating | is_staff_of_objects_town

rules.add_perm("ideas.view_idea", is_published_idea | is_author | is_team)
rules.add_perm(
    "ideas.add_idea",
    contributing_open & ~is_blocked & (rules.is_authenticated | guests_allowed),
)
rules.add_perm("ideas.change_idea", (is_author & contributing_open & ~is_blocked & ~is_withdrawn_idea) | is_moderating)
# Only the author, whatever the phase, until the municipality has decided on the contribution.
rules.add_perm("ideas.withdraw_idea", is_author & is_withdrawable)
rules.add_perm(
    "ideas.comment_idea",
    rules.is_authenticated & commenting_open & ~is_blocked & is_published_idea & ~is_withdrawn_idea,
)
rules.add_perm("ideas.change_comment", is_comment_author & is_visible_comment & commenting_open & ~is_blocked)
rules.add_perm(
    "ideas.support_idea",
    rules.is_authenticated & supporting_open & ~is_author & is_published_idea & ~is_withdrawn_idea,
)
rules.add_perm("ideas.follow_idea", rules.is_authenticated & is_published_idea)
rules.add_perm("ideas.report", rules.always_allow)
rules.add_perm("ideas.moderate", is_moderating)
rules.add_perm("ideas.answer_idea", is_responsible_for_idea)
rules.add_perm("ideas.change_status", is_responsible_for_idea)
rules.add_perm("ideas.record_offline", is_team)
rules.add_perm("ideas.view_offline_contact", is_team)
rules.add_perm("ideas.export", is_team)
rules.add_perm("ideas.change_settings", is_platform_admin | is_org_admin)
