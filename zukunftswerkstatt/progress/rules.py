"""Who may do what in the interim review. Objects: a process, a measure, a review round."""

from __future__ import annotations

import rules

from zukunftswerkstatt.accounts.roles import staff_municipality_ids
from zukunftswerkstatt.accounts.rules import is_moderator, is_org_admin, is_platform_admin, is_town_staff

from .models import ReviewRound


def _process_of(obj):
    if obj is None:
        return None
    if isinstance(obj, ReviewRound):
        return obj.process
    return getattr(obj, "process", obj)


@rules.predicate
def is_published_process(user, obj) -> bool:
    process = _process_of(obj)
    return process is not None and bool(process.is_published)


@rules.predicate
def is_staff_of_measures_town(user, measure) -> bool:
    """Town staff of one of the measure's towns (a measure for the whole association has none)."""
    if measure is None or not hasattr(measure, "municipalities"):
        return False
    own = staff_municipality_ids(user, measure.process.organisation_id)
    if not own:
        return False
    return any(town.pk in own for town in measure.municipalities.all())


@rules.predicate
def round_is_open(user, review_round) -> bool:
    return isinstance(review_round, ReviewRound) and review_round.is_open()


@rules.predicate
def round_is_closed(user, review_round) -> bool:
    return isinstance(review_round, ReviewRound) and review_round.is_closed()


is_coordinating = is_platform_admin | is_org_admin | is_moderator
is_team = is_coordinating | is_town_staff

# Public pages: the progress page, a measure's progress, "what became of my idea".
rules.add_perm("progress.view_progress", is_published_process | is_team)
# A progress entry (with status and percentage), a milestone met, indicators and their values.
rules.add_perm("progress.record_progress", is_coordinating | is_staff_of_measures_town)
# Open and close review rounds, make the review report.
rules.add_perm("progress.manage_review", is_coordinating)
# Rate a measure in a round (object: the round).
rules.add_perm("progress.rate", rules.is_authenticated & is_published_process & round_is_open)
# The review report (web and PDF): the team at any time, everyone once the round has closed.
rules.add_perm("progress.view_report", is_team | (is_published_process & round_is_closed))
rules.add_perm("progress.view_own_contributions", rules.is_authenticated)
