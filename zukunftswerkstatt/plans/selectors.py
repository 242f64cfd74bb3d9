"""Reads for the action plan: a fixed number of queries per page, however many measures there are."""

from __future__ import annotations

import datetime as dt
import decimal
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils.translation import gettext as _

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.ideas.models import Idea, Visibility
from zukunftswerkstatt.processes.models import Module, Process

from .models import (
    PRIORITY_ORDER,
    Ballot,
    Dot,
    HelpOffer,
    Measure,
    MeasureChange,
    MeasureFollow,
    MeasureStatus,
    PaperTally,
    PlanVersion,
    TallyChannel,
)


def measure_followers(*, measure: Measure) -> list:
    """The people who follow a measure (for the progress app's notifications)."""
    return list(get_user_model().objects.filter(measure_follows__measure=measure, is_active=True).order_by("pk"))


def measure_detail(*, pk: int) -> Measure:
    """A measure with everything its page shows."""
    return (
        Measure.objects.select_related("process__organisation", "topic")
        .annotate(help_offer_count=Count("help_offers", distinct=True), follower_count=Count("follows", distinct=True))
        .prefetch_related(
            "municipalities",
            "target_groups",
            "milestones",
            "swot_items",
            "inventory_items",
            Prefetch(
                "ideas",
                queryset=Idea.objects.filter(visibility=Visibility.PUBLISHED).select_related("module"),
                to_attr="published_ideas",
            ),
            Prefetch("changes", queryset=MeasureChange.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


def is_following(*, measure: Measure, user) -> bool:
    return bool(user.is_authenticated) and measure.follows.filter(user=user).exists()


def measures_of_idea(*, idea: Idea) -> list[Measure]:
    """The measures a contribution became part of (shown on the contribution's page)."""
    return list(Measure.objects.filter(ideas=idea).order_by("title"))


def measures_queryset(*, process: Process) -> QuerySet:
    """The measures of a process with what the plan shows, in the plan's order (field of action, priority)."""
    return (
        Measure.objects.filter(process=process)
        .select_related("topic")
        .prefetch_related(
            "municipalities",
            "target_groups",
            "milestones",
            "swot_items",
            "inventory_items",
            Prefetch(
                "ideas",
                queryset=Idea.objects.filter(visibility=Visibility.PUBLISHED).only("pk", "title", "module_id"),
                to_attr="published_ideas",
            ),
        )
    )


def _row(measure: Measure) -> dict:
    """One measure as the plan shows it; JSON-safe, so that it can be kept as the adopted snapshot."""
    return {
        "id": measure.pk,
        "title": measure.title,
        "description": measure.description,
        "goal": measure.goal,
        "topic": measure.topic.name if measure.topic_id else "",
        "topic_position": measure.topic.position if measure.topic_id else 10_000,
        "towns": [m.name for m in measure.municipalities.all()],
        "target_groups": [t.name for t in measure.target_groups.all()],
        "responsible_body": measure.responsible_body,
        "contact_name": measure.contact_name,
        "contact_email": measure.contact_email,
        "contact_phone": measure.contact_phone,
        "partners": measure.partners,
        "start": measure.start.isoformat() if measure.start else "",
        "end": measure.end.isoformat() if measure.end else "",
        "estimated_cost": str(measure.estimated_cost) if measure.estimated_cost is not None else "",
        "funding_source": measure.funding_source,
        "priority": measure.priority,
        "priority_label": str(measure.get_priority_display()),
        "status": measure.status,
        "status_label": str(measure.get_status_display()),
        "percent_complete": measure.percent_complete,
        "ideas": [{"id": i.pk, "title": i.title, "module_id": i.module_id} for i in measure.published_ideas],
        "swot_items": [{"id": s.pk, "label": f"{s.get_quadrant_display()}: {s}"} for s in measure.swot_items.all()],
        "inventory_items": [{"id": i.pk, "label": str(i)} for i in measure.inventory_items.all()],
        "milestones": [
            {
                "title": m.title,
                "due_on": m.due_on.isoformat(),
                "done_on": m.done_on.isoformat() if m.done_on else "",
            }
            for m in measure.milestones.all()
        ],
    }


def _sort_key(row: dict) -> tuple:
    return (row["topic_position"], row["topic"], PRIORITY_ORDER.get(row["priority"], 9), row["title"], row["id"])


def plan_rows(*, process: Process, for_snapshot: bool = False) -> list[dict]:
    """The measures of the plan as rows (dropped ones are left out), sorted by field of action and priority."""
    queryset = measures_queryset(process=process).exclude(status=MeasureStatus.DROPPED)
    return sorted((_row(m) for m in queryset), key=_sort_key)


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass
class PlanMeasure:
    """A row ready for templates and documents (dates and money as objects again)."""

    row: dict
    start: dt.date | None = None
    end: dt.date | None = None
    estimated_cost: decimal.Decimal | None = None
    milestones: list[dict] = field(default_factory=list)

    def __getattr__(self, name: str):
        try:
            return self.__dict__["row"][name]
        except KeyError as error:
            raise AttributeError(name) from error


def _hydrate(row: dict) -> PlanMeasure:
    return PlanMeasure(
        row=row,
        start=_date(row["start"]),
        end=_date(row["end"]),
        estimated_cost=decimal.Decimal(row["estimated_cost"]) if row["estimated_cost"] else None,
        milestones=[
            {"title": m["title"], "due_on": _date(m["due_on"]), "done_on": _date(m["done_on"])}
            for m in row["milestones"]
        ],
    )


@dataclass
class PlanGroup:
    topic: str
    measures: list[PlanMeasure]

    @property
    def total_cost(self) -> decimal.Decimal:
        return sum((m.estimated_cost or decimal.Decimal(0) for m in self.measures), decimal.Decimal(0))


@dataclass
class PlanDocument:
    groups: list[PlanGroup]

    @property
    def measure_count(self) -> int:
        return sum(len(g.measures) for g in self.groups)

    @property
    def total_cost(self) -> decimal.Decimal:
        return sum((g.total_cost for g in self.groups), decimal.Decimal(0))


def plan_document(*, rows: list[dict]) -> PlanDocument:
    """Rows (live or from an adopted snapshot) grouped by field of action."""
    groups: list[PlanGroup] = []
    for row in sorted(rows, key=_sort_key):
        topic = row["topic"] or _("Other measures")
        if not groups or groups[-1].topic != topic:
            groups.append(PlanGroup(topic=topic, measures=[]))
        groups[-1].measures.append(_hydrate(row))
    return PlanDocument(groups=groups)


def plan_versions(*, process: Process) -> list[PlanVersion]:
    return list(PlanVersion.objects.filter(process=process).select_related("recorded_by").defer("snapshot"))


def recent_changes(*, process: Process, limit: int = 20) -> list[MeasureChange]:
    """The latest changes to the process's measures: the plan's visible change history."""
    return list(
        MeasureChange.objects.filter(measure__process=process)
        .select_related("measure", "actor")
        .order_by("-at", "-pk")[:limit]
    )


# -- prioritisation ----------------------------------------------------------------------


def vote_candidates(*, module: Module) -> list[Measure]:
    return list(
        Measure.objects.votable()
        .filter(process_id=module.phase.process_id)
        .select_related("topic")
        .order_by("topic__position", "topic__name", "title", "pk")
    )


def my_points(*, module: Module, user) -> dict[int, int]:
    if not user.is_authenticated:
        return {}
    return dict(Dot.objects.filter(ballot__module=module, ballot__user=user).values_list("measure_id", "points"))


NOT_STATED = "not_stated"


@dataclass
class ResultRow:
    measure: Measure
    online: int = 0
    voters: int = 0
    paper: dict[str, int] = field(default_factory=dict)
    rank: int = 0

    @property
    def paper_cells(self) -> list[tuple[str, int]]:
        return [(str(label), self.paper.get(value, 0)) for value, label in TallyChannel.choices]

    @property
    def paper_total(self) -> int:
        return sum(self.paper.values())

    @property
    def total(self) -> int:
        return self.online + self.paper_total


@dataclass
class GroupResult:
    label: str
    participants: int
    rows: list[tuple[Measure, int]]


@dataclass
class Results:
    rows: list[ResultRow]
    participants: int
    channels: list[tuple[str, str]]
    by_town: list[GroupResult]
    by_age: list[GroupResult]
    paper_by_channel: dict[str, int]

    @property
    def paper_summary(self) -> list[tuple[str, int]]:
        return [(str(label), self.paper_by_channel.get(value, 0)) for value, label in TallyChannel.choices]


def _rank(rows: list[ResultRow]) -> list[ResultRow]:
    rows.sort(key=lambda r: (-r.total, r.measure.title, r.measure.pk))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row.total != previous:
            rank, previous = position, row.total
        row.rank = rank
    return rows


def _group_results(
    candidates: list[Measure], points: dict[tuple[str, int], int], voters: dict[str, set], labels: list[tuple[str, str]]
) -> list[GroupResult]:
    results = []
    for key, label in labels:
        rows = sorted(((m, points.get((key, m.pk), 0)) for m in candidates), key=lambda pair: (-pair[1], pair[0].title))
        results.append(GroupResult(label=label, participants=len(voters.get(key, ())), rows=rows))
    return results


def prioritisation_results(*, module: Module) -> Results:
    """Points per measure, ranked: online dots and paper tallies overall, paper per channel, and the online
    dots by the voters' home town and age group (from their optional profile; "not stated" on its own)."""
    process = module.phase.process
    candidates = list(
        Measure.objects.filter(process=process).filter(pk__in=_voted_or_candidate_ids(module)).select_related("topic")
    )
    rows = {m.pk: ResultRow(measure=m) for m in candidates}
    dots = Dot.objects.filter(ballot__module=module).values_list(
        "measure_id", "points", "ballot__user_id", "ballot__user__home_municipality_id", "ballot__user__age_group"
    )
    towns = {m.pk: m.name for m in process.municipalities.all()}
    town_points: dict[tuple[str, int], int] = defaultdict(int)
    age_points: dict[tuple[str, int], int] = defaultdict(int)
    town_voters: dict[str, set] = defaultdict(set)
    age_voters: dict[str, set] = defaultdict(set)
    participants: set[int] = set()
    for measure_id, value, user_id, town_id, age in dots:
        row = rows.get(measure_id)
        if row is None:
            continue
        row.online += value
        row.voters += 1
        participants.add(user_id)
        town_key = str(town_id) if town_id in towns else NOT_STATED
        age_key = age or NOT_STATED
        town_points[(town_key, measure_id)] += value
        age_points[(age_key, measure_id)] += value
        town_voters[town_key].add(user_id)
        age_voters[age_key].add(user_id)
    paper_by_channel: dict[str, int] = defaultdict(int)
    for measure_id, channel, total in (
        PaperTally.objects.filter(module=module).values_list("measure_id", "channel").annotate(total=Sum("points"))
    ):
        if measure_id in rows:
            rows[measure_id].paper[channel] = rows[measure_id].paper.get(channel, 0) + total
            paper_by_channel[channel] += total
    not_stated = _("not stated")
    town_labels = [(str(pk), name) for pk, name in towns.items()] + [(NOT_STATED, not_stated)]
    age_labels = [(value, str(label)) for value, label in AgeGroup.choices] + [(NOT_STATED, not_stated)]
    return Results(
        rows=_rank(list(rows.values())),
        participants=len(participants),
        channels=[(value, str(label)) for value, label in TallyChannel.choices],
        by_town=_group_results(candidates, town_points, town_voters, town_labels),
        by_age=[
            g
            for g in _group_results(candidates, age_points, age_voters, age_labels)
            if g.participants or g.label == not_stated
        ],
        paper_by_channel=dict(paper_by_channel),
    )


def _voted_or_candidate_ids(module: Module) -> set[int]:
    ids = set(Measure.objects.votable().filter(process_id=module.phase.process_id).values_list("pk", flat=True))
    ids |= set(Dot.objects.filter(ballot__module=module).values_list("measure_id", flat=True))
    ids |= set(PaperTally.objects.filter(module=module).values_list("measure_id", flat=True))
    return ids


def paper_tallies(*, module: Module) -> list[PaperTally]:
    return list(PaperTally.objects.filter(module=module).select_related("measure", "entered_by"))


def ballots_count(*, module: Module) -> int:
    return Ballot.objects.filter(module=module, dots__isnull=False).distinct().count()


def person_export(user) -> dict:
    """A person's dots, offers to help and follows in the action plan, for their data export."""
    return {
        "dots": [
            {"module": module_id, "measure": measure_id, "points": points}
            for module_id, measure_id, points in Dot.objects.filter(ballot__user=user)
            .order_by("ballot__module_id", "measure_id")
            .values_list("ballot__module_id", "measure_id", "points")
        ],
        "offers_to_help": [
            {
                "measure": offer.measure_id,
                "created": offer.created.isoformat(),
                "message": offer.message,
                "contact_passed_on": offer.share_contact,
            }
            for offer in HelpOffer.objects.filter(user=user).order_by("pk")
        ],
        "follows": list(
            MeasureFollow.objects.filter(user=user).order_by("measure_id").values_list("measure_id", flat=True)
        ),
    }
