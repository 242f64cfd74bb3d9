"""The measures of the action plan (Werkstattplan) with their milestones and progress entries.

What the public plan and progress pages show, without contact persons and without who wrote an entry.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.ideas.models import Visibility
from zukunftswerkstatt.plans.models import Measure, MeasureStatus, Milestone
from zukunftswerkstatt.progress.models import ProgressUpdate, ReviewRound
from zukunftswerkstatt.progress.selectors import rating_summaries

from ..conventions import CursorPage, choice, note_modified, public_modules, public_process

router = Router(tags=["Action plan"])


class NamedRef(Schema):
    id: int
    name: str


class MilestoneOut(Schema):
    title: str
    due_on: dt.date
    done_on: dt.date | None = Field(None, description="When it was reached; null: not yet.")


class ProgressOut(Schema):
    date: dt.date
    text: str = Field(..., description="What happened.")
    status: str = Field(..., description="The measure's status after this entry.")
    status_label: str
    percent_complete: int
    image: dict | None = Field(None, description="A picture with its description (url, alt).")

    @staticmethod
    def resolve_status_label(update: ProgressUpdate) -> str:
        return str(update.get_status_display())

    @staticmethod
    def resolve_image(update: ProgressUpdate):
        return {"url": absolute_url(update.image.url), "alt": update.image_alt} if update.image else None


class MeasureOut(Schema):
    id: int
    title: str
    description: str
    goal: str
    topic: NamedRef | None = Field(None, description="The field of action.")
    towns: list[NamedRef] = Field(..., description="The towns it concerns; empty: the whole association.")
    target_groups: list[NamedRef]
    responsible_body: str = Field(..., description="The office or body responsible (never a person's name).")
    partners: str
    start: dt.date | None
    end: dt.date | None
    estimated_cost: float | None = Field(None, description="Estimated cost in euros.")
    funding_source: str
    priority: str
    priority_label: str
    status: str = Field(..., description="planned, in_progress, done, paused or dropped.")
    status_label: str
    status_reason: str
    percent_complete: int
    contributions: list[int] = Field(..., description="Ids of the published contributions it takes up.")
    milestones: list[MilestoneOut]
    progress: list[ProgressOut] = Field(..., description="Progress entries, newest first.")
    created: dt.datetime
    modified: dt.datetime
    url: str

    @staticmethod
    def resolve_topic(measure: Measure):
        return {"id": measure.topic.pk, "name": measure.topic.name} if measure.topic else None

    @staticmethod
    def resolve_towns(measure: Measure) -> list:
        return [{"id": town.pk, "name": town.name} for town in measure.municipalities.all()]

    @staticmethod
    def resolve_target_groups(measure: Measure) -> list:
        return [{"id": group.pk, "name": group.name} for group in measure.target_groups.all()]

    @staticmethod
    def resolve_estimated_cost(measure: Measure) -> float | None:
        return float(measure.estimated_cost) if isinstance(measure.estimated_cost, Decimal) else None

    @staticmethod
    def resolve_priority_label(measure: Measure) -> str:
        return str(measure.get_priority_display())

    @staticmethod
    def resolve_status_label(measure: Measure) -> str:
        return str(measure.get_status_display())

    @staticmethod
    def resolve_contributions(measure: Measure) -> list[int]:
        return [idea.pk for idea in measure.public_ideas]

    @staticmethod
    def resolve_milestones(measure: Measure) -> list:
        return list(measure.milestones.all())

    @staticmethod
    def resolve_progress(measure: Measure) -> list:
        return list(measure.progress_updates.all())

    @staticmethod
    def resolve_url(measure: Measure) -> str:
        return absolute_url(measure.get_absolute_url())


class MeasureFilters(Schema):
    status: str | None = Field(None, description="planned, in_progress, done, paused or dropped.")
    topic: int | None = Field(None, description="Field of action (id).")
    town: int | None = Field(None, description="Town (id).")
    whole_association: bool = Field(False, description="Only measures for the whole association.")
    modified_since: dt.datetime | None = Field(None, description="Only measures changed after this time.")


def _public_measures(process) -> QuerySet:
    from zukunftswerkstatt.ideas.models import Idea

    return (
        Measure.objects.filter(process=process)
        .select_related("topic")
        .prefetch_related(
            "municipalities",
            "target_groups",
            Prefetch(
                "ideas",
                queryset=Idea.objects.filter(visibility=Visibility.PUBLISHED, module__is_published=True).only("pk"),
                to_attr="public_ideas",
            ),
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")),
            Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("-date", "-pk")),
        )
    )


@router.get(
    "/organisations/{org}/processes/{process}/measures",
    response=list[MeasureOut],
    summary="Measures of the action plan",
    description="The measures of the process's Werkstattplan with milestones and progress.",
)
@paginate(CursorPage, ordering=("pk",))
def measure_list(request: HttpRequest, org: str, process: str, filters: Query[MeasureFilters]):
    queryset = _public_measures(public_process(org, process))
    if status := choice("status", filters.status, MeasureStatus.values):
        queryset = queryset.filter(status=status)
    if filters.topic is not None:
        queryset = queryset.filter(topic_id=filters.topic)
    if filters.whole_association:
        queryset = queryset.filter(municipalities__isnull=True)
    elif filters.town is not None:
        queryset = queryset.filter(municipalities__id=filters.town)
    if filters.modified_since is not None:
        queryset = queryset.filter(modified__gt=filters.modified_since)
    return queryset


@router.get("/organisations/{org}/processes/{process}/measures/{id}", response=MeasureOut, summary="One measure")
def measure_detail(request: HttpRequest, org: str, process: str, id: int):  # noqa: A002 - the API's name
    measure = get_object_or_404(_public_measures(public_process(org, process)), pk=id)
    note_modified(request, [measure.modified, *(update.modified for update in measure.progress_updates.all())])
    return measure


class RatingOut(Schema):
    measure: int = Field(..., description="The measure (id).")
    count: int = Field(..., description="How many people rated it.")
    average: float | None = Field(None, description="Average score, 1 (bad) to 5 (very good).")
    distribution: list[dict] = Field(..., description="Per score: its label, how many gave it, their share in %.")


class ReviewRoundOut(Schema):
    id: int
    title: str
    description: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    state: str = Field(..., description="upcoming, open or closed.")
    ratings: list[RatingOut] = Field(
        ..., description="Once the round is closed (when its report is public): the ratings per measure."
    )
    url: str


@router.get(
    "/organisations/{org}/processes/{process}/reviews",
    response=list[ReviewRoundOut],
    summary="Review rounds and their results",
    description="The interim review's rounds in which people rated the measures; results once a round is closed.",
)
def review_list(request: HttpRequest, org: str, process: str):
    found = public_process(org, process)
    modules = public_modules(found, "review")
    if not modules:
        return []
    module = modules[0]
    now = timezone.now()
    rounds = list(ReviewRound.objects.filter(process=found).order_by("opens_at", "pk"))
    result = []
    for review_round in rounds:
        closed = review_round.is_closed(now)
        summaries = rating_summaries(review_round=review_round) if closed else {}
        result.append(
            {
                "id": review_round.pk,
                "title": review_round.title,
                "description": review_round.description,
                "opens_at": review_round.opens_at,
                "closes_at": review_round.closes_at,
                "state": "closed" if closed else ("open" if review_round.is_open(now) else "upcoming"),
                "ratings": [
                    {
                        "measure": measure_id,
                        "count": summary.count,
                        "average": summary.average,
                        "distribution": [
                            {"score": score, "label": label, "count": count, "share": share}
                            for score, label, count, share in summary.distribution
                        ],
                    }
                    for measure_id, summary in sorted(summaries.items())
                ],
                "url": absolute_url(reverse("progress:round", kwargs={"module_pk": module.pk, "pk": review_round.pk})),
            }
        )
    note_modified(request, (review_round.modified for review_round in rounds))
    return result
