"""Who may do what in the action plan: staff roles keep measures and the plan, citizens prioritise,
offer help and follow, everyone reads what is published."""

from __future__ import annotations

import rules

from zukunftswerkstatt.accounts.rules import is_moderator, is_org_admin, is_platform_admin, is_town_staff
from zukunftswerkstatt.conversation.rules import is_blocked_in

from .models import Measure, MeasureStatus, PlanVersion


def _process_of(obj):
    """The process of a process, a measure, a plan version or a module."""
    if obj is None:
        return None
    if hasattr(obj, "phase_id"):
        return obj.phase.process
    return getattr(obj, "process", obj)


@rules.predicate
def is_published(user, obj) -> bool:
    process = _process_of(obj)
    if process is None:
        return False
    if hasattr(obj, "phase_id") and not obj.is_published:
        return False
    if isinstance(obj, PlanVersion) and not _has_published_plan_module(process):
        # A version (draft or adopted) is a page of the action plan: hidden while the plan's module is.
        return False
    return process.is_published


def _has_published_plan_module(process) -> bool:
    from zukunftswerkstatt.processes.models import Module

    return Module.objects.filter(phase__process=process, type="action_plan", is_published=True).exists()


@rules.predicate
def voting_open(user, module) -> bool:
    from .services import prioritisation_is_open

    return module is not None and module.type == "prioritisation" and prioritisation_is_open(module)


@rules.predicate
def results_public(user, module) -> bool:
    """The vote's numbers are public: after the close, or live if staff chose so."""
    from .services import prioritisation_results_public

    return module is not None and module.type == "prioritisation" and prioritisation_results_public(module)


@rules.predicate
def is_blocked(user, obj) -> bool:
    process = _process_of(obj)
    if process is None:
        return False
    return is_blocked_in(user, process.organisation_id)


@rules.predicate
def is_active_measure(user, measure) -> bool:
    return isinstance(measure, Measure) and measure.status not in (MeasureStatus.DONE, MeasureStatus.DROPPED)


is_team = is_platform_admin | is_org_admin | is_moderator | is_town_staff

rules.add_perm("plans.view_measure", is_published | is_team)
rules.add_perm("plans.view_plan", is_published | is_team)
rules.add_perm("plans.add_measure", is_team)
rules.add_perm("plans.change_measure", is_team)
rules.add_perm("plans.follow_measure", rules.is_authenticated & is_published)
rules.add_perm("plans.offer_help", rules.is_authenticated & is_published & is_active_measure & ~is_blocked)
rules.add_perm("plans.view_help_offers", is_team)
rules.add_perm("plans.vote", rules.is_authenticated & is_published & voting_open & ~is_blocked)
rules.add_perm("plans.enter_tally", is_team)
rules.add_perm("plans.close_vote", is_team)
# Results (online points and paper tallies) only once the vote has closed, unless staff chose
# live results; the team sees the count at any time (to enter tallies and check them).
rules.add_perm("plans.view_results", is_team | (is_published & results_public))
rules.add_perm("plans.manage_versions", is_team)
rules.add_perm("plans.print_letters", is_team)
rules.add_perm("plans.change_settings", is_platform_admin | is_org_admin)
