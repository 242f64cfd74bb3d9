"""Writes for the action plan: measures (from contributions or from scratch) with their history,
milestones, follows and offers to help; dot voting and paper tallies; plan versions and adoption.

Each function checks its own invariants, runs in one transaction and queues its e-mails on
commit. Who may call it is the views' job, through plans/rules.py.

Every change to a measure raises its `version` by one and adds a MeasureChange row
(measure_history_add), so the page shows a complete history and two people editing the same
measure cannot overwrite each other (measure_update refuses a stale version).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, Sum, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.core.audit import audit_record
from zukunftswerkstatt.core.documents import document_build, document_queue
from zukunftswerkstatt.core.mail import mail_build
from zukunftswerkstatt.core.models import AuditAction, DocumentStatus
from zukunftswerkstatt.ideas.models import Idea
from zukunftswerkstatt.ideas.models import Status as IdeaStatus
from zukunftswerkstatt.ideas.services import idea_change_status
from zukunftswerkstatt.notifications.models import Topic as NotificationTopic
from zukunftswerkstatt.notifications.services import notify
from zukunftswerkstatt.processes.models import Module, Process

from .models import (
    Ballot,
    DocumentFormat,
    Dot,
    HelpOffer,
    Measure,
    MeasureChange,
    MeasureFollow,
    MeasureStatus,
    Milestone,
    PaperTally,
    PlanExport,
    PlanVersion,
    PlanVersionStatus,
    Priority,
    TallyChannel,
)

# The fields staff edit in the measure form (status and percent belong to the progress app).
EDITABLE_FIELDS = (
    "title",
    "description",
    "goal",
    "topic",
    "responsible_body",
    "contact_name",
    "contact_email",
    "contact_phone",
    "partners",
    "start",
    "end",
    "estimated_cost",
    "funding_source",
    "priority",
    "put_to_vote",
)
EDITABLE_RELATIONS = ("municipalities", "target_groups", "swot_items", "inventory_items")


# -- history -----------------------------------------------------------------------------


def _display(value) -> str:
    """A value as the history shows it (and as JSON can keep it)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(str(v) for v in value))
    return str(value)


def _label(field_name: str) -> str:
    return str(Measure._meta.get_field(field_name).verbose_name)


def measure_history_add(*, measure: Measure, actor, summary: str, changes: Mapping | None = None) -> MeasureChange:
    """Add an entry to a measure's visible change history.

    `changes` maps a field name to {"old": …, "new": …} (a "label" is added when missing);
    values are stored as text. Callers that change the measure's own row raise its version first
    (`Measure.objects.filter(pk=…).update(version=F("version") + 1)`), so that a person editing
    an older version is warned; the entry records the version it belongs to.
    """
    stored = {}
    for name, change in (changes or {}).items():
        try:
            label = change.get("label") or _label(name)
        except Exception:  # noqa: BLE001 - a field of another app or a free-form key
            label = name
        stored[name] = {"label": str(label), "old": _display(change.get("old")), "new": _display(change.get("new"))}
    version = Measure.objects.filter(pk=measure.pk).values_list("version", flat=True).first()
    entry = MeasureChange(
        measure=measure,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        summary=str(summary)[:300],
        changes=stored,
        version=version,
    )
    entry.full_clean()
    entry.save()
    return entry


def _values_of(measure: Measure) -> dict:
    values = {}
    for name in EDITABLE_FIELDS:
        field = Measure._meta.get_field(name)
        if field.is_relation:
            values[name] = str(getattr(measure, name)) if getattr(measure, f"{name}_id") else ""
        elif field.choices:
            values[name] = str(getattr(measure, f"get_{name}_display")())
        else:
            values[name] = getattr(measure, name)
    return values


def _relation_values(measure: Measure) -> dict:
    return {name: sorted(str(o) for o in getattr(measure, name).all()) for name in EDITABLE_RELATIONS}


def _diff(before: dict, after: dict) -> dict:
    return {
        name: {"old": before[name], "new": after[name]}
        for name in after
        if _display(before.get(name)) != _display(after[name])
    }


# -- measures ----------------------------------------------------------------------------


def _check_same_organisation(process: Process, **related: Iterable) -> None:
    organisation_id = process.organisation_id
    for name, objects in related.items():
        for obj in objects:
            owner = getattr(obj, "organisation_id", None)
            if owner is None and hasattr(obj, "module"):
                owner = obj.module.phase.process.organisation_id
            if owner != organisation_id:
                raise ValidationError({name: _("Choose only entries of this organisation.")})


def _check_ideas_of_process(process: Process, ideas: Iterable[Idea]) -> list[Idea]:
    ideas = list(ideas)
    foreign = [i for i in ideas if i.module.phase.process_id != process.pk]
    if foreign:
        raise ValidationError(
            {
                "ideas": _("Contributions from another process cannot become part of this measure: %(titles)s.")
                % {"titles": ", ".join(f"“{i.title}”" for i in foreign)}
            }
        )
    return ideas


@transaction.atomic
def measure_create(
    *,
    process: Process,
    by,
    title: str,
    description: str = "",
    goal: str = "",
    topic=None,
    municipalities: Iterable = (),
    target_groups: Iterable = (),
    responsible_body: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    partners: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    estimated_cost: decimal.Decimal | None = None,
    funding_source: str = "",
    priority: str = Priority.MEDIUM,
    put_to_vote: bool = True,
    ideas: Iterable[Idea] = (),
    swot_items: Iterable = (),
    inventory_items: Iterable = (),
) -> Measure:
    """A new measure (status planned), from scratch or from contributions of the same process.

    Contributions become "taken into the action plan" through the ideas app's status service,
    whose e-mail tells their authors and followers; contributions already in the plan get an
    e-mail that they are now part of this measure too.
    """
    ideas = _check_ideas_of_process(process, ideas)
    municipalities, target_groups = list(municipalities), list(target_groups)
    swot_items, inventory_items = list(swot_items), list(inventory_items)
    _check_same_organisation(
        process, municipalities=municipalities, swot_items=swot_items, inventory_items=inventory_items
    )
    measure = Measure(
        process=process,
        title=title.strip(),
        description=description.strip(),
        goal=goal.strip(),
        topic=topic,
        responsible_body=responsible_body.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        partners=partners.strip(),
        start=start,
        end=end,
        estimated_cost=estimated_cost,
        funding_source=funding_source.strip(),
        priority=priority,
        put_to_vote=put_to_vote,
        status=MeasureStatus.PLANNED,
        percent_complete=0,
        created_by=by,
    )
    measure.full_clean()
    measure.save()
    measure.municipalities.set(municipalities)
    measure.target_groups.set(target_groups)
    measure.swot_items.set(swot_items)
    measure.inventory_items.set(inventory_items)
    measure_history_add(measure=measure, actor=by, summary=_("Measure created"))
    if ideas:
        _link_ideas(measure=measure, by=by, ideas=ideas)
    return measure


def _link_ideas(*, measure: Measure, by, ideas: list[Idea]) -> None:
    new = [i for i in ideas if not measure.ideas.filter(pk=i.pk).exists()]
    if not new:
        return
    measure.ideas.add(*new)
    reason = _("Part of the measure “%(title)s” of the action plan.") % {"title": measure.title}
    already_in_plan = []
    for idea in new:
        if idea.status == IdeaStatus.IN_PLAN:
            already_in_plan.append(idea)
        else:
            idea_change_status(idea=idea, by=by, status=IdeaStatus.IN_PLAN, reason=reason)
    for idea in already_in_plan:
        _tell_idea_people(idea=idea, measure=measure, actor=by)
    measure_history_add(
        measure=measure,
        actor=by,
        summary=_("Contributions linked"),
        changes={"ideas": {"old": "", "new": [i.title for i in new]}},
    )


def _tell_idea_people(*, idea: Idea, measure: Measure, actor) -> None:
    context = {"idea": idea, "measure": measure}
    if idea.author_id:
        notify(
            users=[idea.author],
            topic=NotificationTopic.MY_MEASURES,
            subject=gettext_lazy("Your idea is now part of a measure"),
            template="plans/email/idea_in_measure.txt",
            context=context,
            exclude=[actor],
        )
    notify(
        users=[f.user for f in idea.follows.select_related("user")],
        topic=NotificationTopic.FOLLOWED,
        subject=gettext_lazy("A contribution you follow is now part of a measure"),
        template="plans/email/idea_in_measure.txt",
        context=context,
        exclude=[actor, idea.author],
    )


@transaction.atomic
def measure_link_ideas(*, measure: Measure, by, ideas: Iterable[Idea]) -> Measure:
    """Add contributions of the measure's process to it (merging them into the measure)."""
    ideas = _check_ideas_of_process(measure.process, ideas)
    Measure.objects.filter(pk=measure.pk).update(version=F("version") + 1, modified=timezone.now())
    _link_ideas(measure=measure, by=by, ideas=ideas)
    measure.refresh_from_db(fields=["version", "modified"])
    return measure


@dataclass
class MeasureConflict(Exception):
    """Someone else saved the measure since the form was opened; nothing was saved."""

    measure: Measure
    changes: list[MeasureChange]

    def __str__(self) -> str:
        return str(_("Someone else changed this measure while you were editing it."))


@transaction.atomic
def measure_update(*, measure: Measure, by, expected_version: int, data: Mapping) -> Measure:
    """Save the form's fields and relations if nobody changed the measure since `expected_version`.

    Raises MeasureConflict (with what the others changed) when the version moved on, so that the
    view can show the form again with the person's input kept and the other changes listed.
    """
    locked = Measure.objects.select_for_update(of=("self",)).select_related("process", "topic").get(pk=measure.pk)
    if locked.version != expected_version:
        raise MeasureConflict(
            measure=locked,
            changes=list(
                locked.changes.filter(version__gt=expected_version).select_related("actor").order_by("at", "pk")
            ),
        )
    before = {**_values_of(locked), **_relation_values(locked)}
    for name in EDITABLE_FIELDS:
        if name in data:
            value = data[name]
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.full_clean()
    relations = {name: list(data[name]) for name in EDITABLE_RELATIONS if name in data}
    _check_same_organisation(
        locked.process,
        **{k: v for k, v in relations.items() if k in ("municipalities", "swot_items", "inventory_items")},
    )
    locked.version = expected_version + 1
    locked.save()
    for name, objects in relations.items():
        getattr(locked, name).set(objects)
    after = {**_values_of(locked), **_relation_values(locked)}
    changes = _diff(before, after)
    if changes:
        entry = measure_history_add(measure=locked, actor=by, summary=_("Measure edited"), changes=changes)
        _tell_followers(measure=locked, entry=entry, actor=by)
    return locked


def _tell_followers(*, measure: Measure, entry: MeasureChange, actor) -> None:
    """Followers are told what changed (the progress app tells them of progress itself)."""
    from .selectors import measure_followers

    notify(
        users=measure_followers(measure=measure),
        topic=NotificationTopic.FOLLOWED,
        subject=gettext_lazy("A measure you follow has changed"),
        template="plans/email/measure_changed.txt",
        context={"measure": measure, "entry": entry},
        exclude=[actor],
    )


# -- milestones, follows, offers to help --------------------------------------------------


def _bump(measure: Measure) -> None:
    Measure.objects.filter(pk=measure.pk).update(version=F("version") + 1, modified=timezone.now())


@transaction.atomic
def milestone_create(*, measure: Measure, by, title: str, due_on: dt.date) -> Milestone:
    milestone = Milestone(measure=measure, title=title.strip(), due_on=due_on)
    milestone.full_clean()
    milestone.save()
    _bump(measure)
    measure_history_add(
        measure=measure,
        actor=by,
        summary=_("Milestone added: %(title)s") % {"title": milestone.title},
        changes={"milestone": {"label": _("milestone"), "old": "", "new": f"{milestone.title} ({due_on.isoformat()})"}},
    )
    return milestone


@transaction.atomic
def milestone_set_done(*, milestone: Milestone, by, done_on: dt.date | None) -> Milestone:
    old = milestone.done_on
    milestone.done_on = done_on
    milestone.full_clean()
    milestone.save(update_fields=["done_on"])
    _bump(milestone.measure)
    summary = (_("Milestone reached: %(title)s") if done_on else _("Milestone reopened: %(title)s")) % {
        "title": milestone.title
    }
    measure_history_add(
        measure=milestone.measure,
        actor=by,
        summary=summary,
        changes={"milestone_done": {"label": _("reached on"), "old": old, "new": done_on}},
    )
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by) -> None:
    measure = milestone.measure
    title = milestone.title
    milestone.delete()
    _bump(measure)
    measure_history_add(
        measure=measure,
        actor=by,
        summary=_("Milestone removed: %(title)s") % {"title": title},
        changes={"milestone": {"label": _("milestone"), "old": title, "new": ""}},
    )


def measure_follow_set(*, measure: Measure, user, follow: bool) -> bool:
    """Follow a measure or stop following it; a double submit changes nothing."""
    if not follow:
        MeasureFollow.objects.filter(measure=measure, user=user).delete()
        return False
    try:
        with transaction.atomic():
            MeasureFollow.objects.create(measure=measure, user=user)
    except IntegrityError:
        pass  # followed already (double click)
    return True


@transaction.atomic
def help_offer_create(*, measure: Measure, user, message: str, share_contact: bool) -> HelpOffer:
    """“Ich mache mit”: store the offer; with consent, pass the person's contact to the measure's contact person."""
    offer = HelpOffer(measure=measure, user=user, message=message.strip(), share_contact=share_contact)
    offer.full_clean()
    if share_contact and measure.contact_email:
        offer.forwarded_at = timezone.now()
    offer.save()
    if offer.forwarded_at:
        # The contact person is staff of a German municipality: the site's language.
        mail = mail_build(
            to=[measure.contact_email],
            subject=gettext_lazy("An offer to help with “%(title)s”"),
            subject_params={"title": measure.title},
            template="plans/email/help_offer.txt",
            context={"offer": offer, "measure": measure, "person": user},
            organisation=measure.process.organisation,
            reply_to=[user.email] if user.email else None,
        )
        transaction.on_commit(mail.send)
    return offer


def help_offers_delete_all(*, user) -> int:
    """Remove a person's offers to help (their messages) before their account is deleted."""
    deleted, _rows = HelpOffer.objects.filter(user=user).delete()
    return deleted


# -- prioritisation ----------------------------------------------------------------------


def prioritisation_allowance(module: Module) -> int:
    return int(module.settings.get("points_per_person") or 5)


def prioritisation_stacking(module: Module) -> bool:
    return bool(module.settings.get("allow_stacking", True))


def prioritisation_is_open(module: Module, now: dt.datetime | None = None) -> bool:
    """Votes count while the module is published, its phase runs and staff have not closed the vote."""
    now = now or timezone.now()
    phase = module.phase
    return (
        module.is_published
        and phase.process.is_published
        and phase.start <= now < phase.end
        and not module.settings.get("closed")
    )


def prioritisation_has_closed(module: Module, now: dt.datetime | None = None) -> bool:
    """The vote is over: its phase has ended, or staff closed it after it had started."""
    now = now or timezone.now()
    phase = module.phase
    return phase.end <= now or (phase.start <= now and bool(module.settings.get("closed")))


def prioritisation_results_live(module: Module) -> bool:
    """Staff chose to show the interim results while the vote runs (default: only after the close)."""
    return bool(module.settings.get("results_live"))


def prioritisation_results_public(module: Module, now: dt.datetime | None = None) -> bool:
    """May everyone see the numbers (points online and on paper) now?

    After the close always; before it only when staff chose live results and the vote has begun.
    Before the vote starts there is nothing to show, live or not.
    """
    now = now or timezone.now()
    if prioritisation_has_closed(module, now):
        return True
    return prioritisation_results_live(module) and module.phase.start <= now


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


# -- plan versions -----------------------------------------------------------------------


@transaction.atomic
def plan_version_create(*, process: Process, by, title: str, introduction: str = "") -> PlanVersion:
    """A new draft version of the Werkstattplan (numbered 1, 2, …)."""
    Process.objects.select_for_update().filter(pk=process.pk).first()  # numbers are handed out one at a time
    number = (process.plan_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PlanVersion(
        process=process, number=number, title=title.strip(), introduction=introduction.strip(), recorded_by=by
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def plan_version_update(*, version: PlanVersion, by, title: str, introduction: str) -> PlanVersion:
    if version.is_adopted:
        raise ValidationError(_("An adopted version cannot be changed. Start a new version instead."))
    version.title = title.strip()
    version.introduction = introduction.strip()
    version.full_clean()
    version.save(update_fields=["title", "introduction", "modified"])
    return version


def measures_lacking_owner(process: Process) -> list[Measure]:
    """Measures of the plan (not dropped) that have no responsible body or no contact."""
    measures = Measure.objects.filter(process=process).exclude(status=MeasureStatus.DROPPED).order_by("title", "pk")
    return [m for m in measures if not (m.has_owner and m.has_contact)]


@transaction.atomic
def plan_version_adopt(
    *, version: PlanVersion, by, adopted_on: dt.date, adopted_by: str, resolution: str = ""
) -> PlanVersion:
    """Record that the council adopted this version; its measures are kept as they are today.

    Refused while a measure lacks an owner (responsible body) or a contact person, with the list.
    """
    from .selectors import plan_rows

    version = PlanVersion.objects.select_for_update().select_related("process").get(pk=version.pk)
    if version.is_adopted:
        raise ValidationError(_("This version has been adopted already."))
    if not adopted_by.strip():
        raise ValidationError({"adopted_by": _("Say which body adopted the plan.")})
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("The adoption date cannot be in the future.")})
    lacking = measures_lacking_owner(version.process)
    if lacking:
        raise ValidationError(
            _(
                "The plan cannot be adopted yet: every measure needs a responsible body and a contact person "
                "(name and e-mail or telephone). Missing for: %(titles)s."
            )
            % {"titles": "; ".join(f"“{m.title}”" for m in lacking)},
            code="owner_missing",
        )
    version.snapshot = plan_rows(process=version.process, for_snapshot=True)
    version.status = PlanVersionStatus.ADOPTED
    version.adopted_on = adopted_on
    version.adopted_by = adopted_by.strip()
    version.resolution = resolution.strip()
    version.recorded_by = by
    version.full_clean()
    version.save()
    audit_record(
        actor=by,
        action=AuditAction.PLAN_VERSION_ADOPTED,
        organisation=version.process.organisation_id,
        obj=version,
        details={"adopted_on": adopted_on.isoformat(), "adopted_by": version.adopted_by},
    )
    return version


# -- documents (PDF, DOCX) ---------------------------------------------------------------

# Older documents of the same plan are deleted when a new one is ready.
KEEP_EXPORTS = 4


def _export_rows(*, process: Process, version: PlanVersion | None) -> list[dict]:
    from .selectors import plan_rows

    return version.snapshot if version is not None and version.is_adopted else plan_rows(process=process)


def _export_title(version: PlanVersion | None) -> str:
    return version.title if version is not None else str(_("Action plan"))


def plan_export_request(
    *, process: Process, version: PlanVersion | None, file_format: str, show_failed: bool = False
) -> PlanExport:
    """The finished document of the plan as it is now, one being made, or a new one queued for the
    background worker. The same content is made only once (`key`). A failed one is built anew, unless
    `show_failed` (the team, who see why it failed and may build it again on the same row)."""
    from .exports import document_key

    if file_format not in DocumentFormat.values:
        raise ValidationError(_("Unknown document format."))
    key = document_key(
        rows=_export_rows(process=process, version=version),
        process=process,
        version=version,
        title=_export_title(version),
        file_format=file_format,
    )
    # One being made is shared whatever its age: a build whose worker died is built again by
    # core.documents.document_recover, or given up as failed.
    shared = [DocumentStatus.DONE, DocumentStatus.PENDING, DocumentStatus.RUNNING]
    existing = (
        PlanExport.objects.filter(key=key, status__in=[*shared, DocumentStatus.FAILED] if show_failed else shared)
        .order_by(Case(When(status=DocumentStatus.DONE, then=0), default=1), "-created")  # a finished one first
        .first()
    )
    if existing is not None:
        return existing
    export = PlanExport.objects.create(
        process=process,
        version=version,
        file_format=file_format,
        key=key,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    document_queue(row=export)
    return export


def plan_export_make(*, export: PlanExport) -> PlanExport:
    """Lay out and store the document (called by the background task); a failure is kept on the row."""
    from . import exports

    def render() -> tuple[bytes, int]:
        content = exports.plan_document_render(
            rows=_export_rows(process=export.process, version=export.version),
            process=export.process,
            version=export.version,
            title=_export_title(export.version),
            file_format=export.file_format,
        )
        return content, 0  # the page count of a DOCX is known only to a word processor

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    document_build(
        row=export, render=render, filename=f"werkstattplan-{export.process_id}-{stamp}.{export.file_format}"
    )
    if export.status == DocumentStatus.DONE:
        _exports_prune(export=export)
    return export


def _exports_prune(*, export: PlanExport) -> None:
    older = PlanExport.objects.filter(
        process_id=export.process_id, version_id=export.version_id, file_format=export.file_format
    ).order_by("-created", "-pk")[KEEP_EXPORTS:]
    for old in older:
        if old.file:
            old.file.delete(save=False)
        old.delete()
