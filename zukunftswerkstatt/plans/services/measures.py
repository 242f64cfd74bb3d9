"""Writes for the measures of the action plan: creating them (from contributions or from scratch),
editing them with their history, their milestones and follows.

Every change to a measure raises its `version` by one and adds a MeasureChange row
(measure_history_add), so the page shows a complete history and two people editing the same
measure cannot overwrite each other (measure_update refuses a stale version).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.ideas.models import Idea
from zukunftswerkstatt.ideas.models import Status as IdeaStatus
from zukunftswerkstatt.ideas.services import idea_change_status
from zukunftswerkstatt.notifications.models import Topic as NotificationTopic
from zukunftswerkstatt.notifications.services import notify
from zukunftswerkstatt.processes.models import Process

from ..models import Measure, MeasureChange, MeasureFollow, MeasureStatus, Milestone, Priority
from ..selectors import measure_followers

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
    notify(
        users=measure_followers(measure=measure),
        topic=NotificationTopic.FOLLOWED,
        subject=gettext_lazy("A measure you follow has changed"),
        template="plans/email/measure_changed.txt",
        context={"measure": measure, "entry": entry},
        exclude=[actor],
    )


# -- milestones and follows ---------------------------------------------------------------


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
