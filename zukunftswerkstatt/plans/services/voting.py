"""Writes for the prioritisation module: dot voting online (one ballot per person, locked while
points change), closing the vote, and the points counted on paper entered by staff; and when the
vote is open and its results public."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from zukunftswerkstatt.processes.models import Module, PhaseState
from zukunftswerkstatt.processes.rules import module_allows

from ..models import Ballot, Dot, Measure, PaperTally, TallyChannel


def prioritisation_allowance(module: Module) -> int:
    return int(module.settings.get("points_per_person") or 5)


def prioritisation_stacking(module: Module) -> bool:
    return bool(module.settings.get("allow_stacking", True))


def prioritisation_is_open(module: Module, now: dt.datetime | None = None) -> bool:
    """Votes count while the module allows prioritising (published, its phase runs: processes'
    module_allows) and staff have not closed the vote."""
    return module_allows(module, "prioritise", now)


def prioritisation_closed_by_staff(module: Module) -> bool:
    """Staff closed the vote (the module type's `input_closed`, read by module_allows)."""
    return bool(module.settings.get("closed"))


def prioritisation_has_closed(module: Module, now: dt.datetime | None = None) -> bool:
    """The vote is over: its phase has ended, or staff closed it after it had started."""
    state = module.phase.state(now)
    return state == PhaseState.FINISHED or (state == PhaseState.RUNNING and prioritisation_closed_by_staff(module))


def prioritisation_results_live(module: Module) -> bool:
    """Staff chose to show the interim results while the vote runs (default: only after the close)."""
    return bool(module.settings.get("results_live"))


def prioritisation_results_public(module: Module, now: dt.datetime | None = None) -> bool:
    """May everyone see the numbers (points online and on paper) now?

    After the close always; before it only when staff chose live results and the vote has begun.
    Before the vote starts there is nothing to show, live or not.
    """
    if prioritisation_has_closed(module, now):
        return True
    return prioritisation_results_live(module) and module.phase.state(now) != PhaseState.UPCOMING


def _locked_ballot(*, module: Module, user) -> Ballot:
    ballot, _created = Ballot.objects.get_or_create(module=module, user=user)
    return Ballot.objects.select_for_update().get(pk=ballot.pk)


def _check_vote(module: Module, measure_ids: Iterable[int]) -> None:
    module = Module.objects.select_related("phase__process").get(pk=module.pk)  # the close may have just happened
    if not prioritisation_is_open(module):
        raise ValidationError(_("The vote is closed. Your points can no longer be changed."))
    candidates = set(Measure.objects.votable().filter(process_id=module.phase.process_id).values_list("pk", flat=True))
    if set(measure_ids) - candidates:
        raise ValidationError(_("This measure is not part of the vote."))


def _over_allowance(allowance: int) -> ValidationError:
    return ValidationError(
        _("You have %(allowance)s points in all; you cannot give more. Take points away from another measure first.")
        % {"allowance": allowance}
    )


@transaction.atomic
def dot_add(*, module: Module, user, measure: Measure) -> int:
    """Give one more point to a measure; returns the points left. The ballot row is locked, so
    parallel clicks are counted one after the other and never exceed the allowance."""
    _check_vote(module, [measure.pk])
    ballot = _locked_ballot(module=module, user=user)
    allowance = prioritisation_allowance(module)
    used = ballot.dots.aggregate(total=Sum("points"))["total"] or 0
    if used >= allowance:
        raise _over_allowance(allowance)
    dot = ballot.dots.filter(measure=measure).first()
    if dot is not None:
        if not prioritisation_stacking(module):
            raise ValidationError(_("Each measure can get only one point from you in this vote."))
        Dot.objects.filter(pk=dot.pk).update(points=F("points") + 1)
    else:
        Dot.objects.create(ballot=ballot, measure=measure, points=1)
    ballot.save(update_fields=["modified"])
    return allowance - used - 1


@transaction.atomic
def dot_remove(*, module: Module, user, measure: Measure) -> int:
    """Take one point back from a measure; returns the points left."""
    _check_vote(module, [measure.pk])
    ballot = _locked_ballot(module=module, user=user)
    dot = ballot.dots.filter(measure=measure).first()
    if dot is not None:
        if dot.points > 1:
            Dot.objects.filter(pk=dot.pk).update(points=F("points") - 1)
        else:
            dot.delete()
        ballot.save(update_fields=["modified"])
    used = ballot.dots.aggregate(total=Sum("points"))["total"] or 0
    return prioritisation_allowance(module) - used


@transaction.atomic
def ballot_set(*, module: Module, user, points: Mapping[int, int]) -> int:
    """Replace a person's points (measure id → points) in one go; returns the points left."""
    points = {int(k): int(v) for k, v in points.items() if int(v) != 0}
    if any(v < 0 for v in points.values()):
        raise ValidationError(_("Points cannot be negative."))
    _check_vote(module, points.keys())
    allowance = prioritisation_allowance(module)
    if not prioritisation_stacking(module) and any(v > 1 for v in points.values()):
        raise ValidationError(_("Each measure can get only one point from you in this vote."))
    if sum(points.values()) > allowance:
        raise _over_allowance(allowance)
    ballot = _locked_ballot(module=module, user=user)
    ballot.dots.exclude(measure_id__in=points.keys()).delete()
    existing = {d.measure_id: d for d in ballot.dots.all()}
    for measure_id, value in points.items():
        if measure_id in existing:
            if existing[measure_id].points != value:
                Dot.objects.filter(pk=existing[measure_id].pk).update(points=value)
        else:
            Dot.objects.create(ballot=ballot, measure_id=measure_id, points=value)
    ballot.save(update_fields=["modified"])
    return allowance - sum(points.values())


@transaction.atomic
def prioritisation_close(*, module: Module, by, closed: bool = True) -> Module:
    """Close the vote before the phase ends (or open it again)."""
    module = Module.objects.select_for_update().get(pk=module.pk)
    module.settings = {**module.settings, "closed": closed}
    module.save(update_fields=["settings", "modified"])
    return module


@transaction.atomic
def paper_tally_add(*, module: Module, measure: Measure, by, channel: str, points: int, note: str = "") -> PaperTally:
    """Points counted on paper at an event, from letters or calls, entered by staff."""
    if channel not in TallyChannel.values:
        raise ValidationError({"channel": _("Choose how the points were given.")})
    if measure.process_id != module.phase.process_id:
        raise ValidationError({"measure": _("This measure is not part of the vote.")})
    tally = PaperTally(module=module, measure=measure, channel=channel, points=points, note=note.strip(), entered_by=by)
    tally.full_clean()
    tally.save()
    return tally


@transaction.atomic
def paper_tally_delete(*, tally: PaperTally, by) -> None:
    tally.delete()
