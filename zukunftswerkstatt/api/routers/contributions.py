"""Published contributions (the idea collection) with their status history and the municipality's answers.

What a visitor sees in the idea collection and on a contribution's page, without the names of the
people who wrote them (docs/api.md, "What the API shows"): the channel says how a contribution came
in instead. Hidden and pending contributions do not exist here; withdrawn ones are public on their
page and are listed with status "withdrawn".
"""

import datetime as dt
from collections import defaultdict
from functools import cache

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BaseModel, Field

from zukunftswerkstatt.core import search
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.ideas.models import Channel, Idea, Kind, Status, StatusChange, Visibility, YouthGroupKind

from ..conventions import CursorPage, choice, note_modified, public_modules, public_process

router = Router(tags=["Contributions"])


@cache
def idea_path_prefix() -> str:
    """The address of a contribution's page up to its module: reverse("ideas:detail") once, not per row."""
    return reverse("ideas:detail", kwargs={"module_pk": 1, "pk": 2}).removesuffix("1/2/")


class NamedRef(BaseModel):
    id: int
    name: str


class StatusChangeOut(BaseModel):
    old_status: str
    new_status: str
    new_status_label: str
    reason: str = Field(..., description="The reason given with the change (public on the contribution's page).")
    changed_at: dt.datetime


class ImageOut(BaseModel):
    url: str
    alt: str = Field(..., description="What the picture shows (its text alternative).")


class ContributionOut(BaseModel):
    """A published contribution. A plain pydantic model filled from dicts (`contributions_data`): the
    list is the API's busiest endpoint and the open data file of a process may hold 10,000 rows, so
    the rows are built in one pass instead of attribute by attribute."""

    id: int
    reference: str = Field(..., description='The reference people quote, e.g. "ZW-2026-0142".')
    module: int = Field(..., description="The idea collection (module) it belongs to.")
    kind: str = Field(..., description="criticism, vision or proposal (the steps of the future workshop).")
    kind_label: str
    title: str
    text: str
    topic: NamedRef | None = Field(None, description="The field of action (Handlungsfeld).")
    town: NamedRef | None = Field(None, description="The town it concerns; null: the whole association.")
    target_groups: list[NamedRef] = Field(..., description="The age groups it concerns.")
    place_name: str = Field(..., description="The place in words, if one was named.")
    latitude: float | None = Field(None, description="WGS 84, where a pin was set on the map.")
    longitude: float | None = None
    image: ImageOut | None = None
    channel: str = Field(
        ..., description="How it came in: online, phone, letter, email, in_person, workshop. Never who sent it."
    )
    channel_label: str
    youth_group_kind: str = Field(..., description='"school" or "youth_club" for a class-mode workshop, else "".')
    youth_group: str = Field(..., description='The group\'s name as the page shows it, e.g. "Klasse 8b".')
    status: str
    status_label: str
    status_reason: str
    official_answer: str = Field(..., description="The municipality's answer, empty until it has answered.")
    answered_at: dt.datetime | None
    merged_into: int | None = Field(None, description="The contribution it was merged into.")
    support_count: int
    comment_count: int
    created: dt.datetime
    modified: dt.datetime
    status_history: list[StatusChangeOut]
    url: str


def _float(value) -> float | None:
    return float(value) if value is not None else None


def contributions_data(ideas: list[Idea]) -> list[dict]:
    """The API's rows of these contributions, in their order: two queries (target groups, status
    changes) however many there are; town and field of action come with the contributions."""
    ids = [idea.pk for idea in ideas]
    groups: dict[int, list[dict]] = defaultdict(list)
    for idea_id, group_id, name in (
        Idea.target_groups.through.objects.filter(idea_id__in=ids)
        .order_by("targetgroup__position", "targetgroup_id")
        .values_list("idea_id", "targetgroup_id", "targetgroup__name")
    ):
        groups[idea_id].append({"id": group_id, "name": name})
    history: dict[int, list[dict]] = defaultdict(list)
    status_labels = dict(Status.choices)
    for idea_id, old, new, reason, created in (
        StatusChange.objects.filter(idea_id__in=ids)
        .order_by("created", "pk")
        .values_list("idea_id", "old_status", "new_status", "reason", "created")
    ):
        history[idea_id].append(
            {
                "old_status": old,
                "new_status": new,
                "new_status_label": str(status_labels.get(new, new)),
                "reason": reason,
                "changed_at": created,
            }
        )
    kinds, channels = dict(Kind.choices), dict(Channel.choices)
    prefix = idea_path_prefix()
    rows = []
    for idea in ideas:
        topic, town = idea.topic, idea.municipality
        rows.append(
            {
                "id": idea.pk,
                "reference": idea.reference,
                "module": idea.module_id,
                "kind": idea.kind,
                "kind_label": str(kinds.get(idea.kind, idea.kind)),
                "title": idea.title,
                "text": idea.text,
                "topic": {"id": topic.pk, "name": topic.name} if topic else None,
                "town": {"id": town.pk, "name": town.name} if town else None,
                "target_groups": groups.get(idea.pk, []),
                "place_name": idea.place_name,
                "latitude": _float(idea.latitude),
                "longitude": _float(idea.longitude),
                "image": {"url": absolute_url(idea.image.url), "alt": idea.image_alt} if idea.image else None,
                "channel": idea.channel,
                "channel_label": str(channels.get(idea.channel, idea.channel)),
                "youth_group_kind": idea.youth_group_kind,
                "youth_group": idea.youth_group_name if idea.youth_group_kind else "",
                "status": idea.status,
                "status_label": str(status_labels.get(idea.status, idea.status)),
                "status_reason": idea.status_reason,
                "official_answer": idea.official_answer,
                "answered_at": idea.answered_at,
                "merged_into": idea.merged_into_id,
                "support_count": idea.support_count,
                "comment_count": idea.comment_count,
                "created": idea.created,
                "modified": idea.modified,
                "status_history": history.get(idea.pk, []),
                # reverse() of ideas:detail, without its cost for each of 10,000 rows.
                "url": absolute_url(f"{prefix}{idea.module_id}/{idea.pk}/"),
            }
        )
    return rows


class ContributionFilters(Schema):
    module: int | None = Field(None, description="Only this idea collection (module id).")
    kind: str | None = Field(None, description="criticism, vision or proposal.")
    topic: int | None = Field(None, description="Field of action (id).")
    town: int | None = Field(None, description="Town (id); see whole_association for the association.")
    whole_association: bool = Field(False, description="Only contributions about the whole association.")
    target_group: int | None = Field(None, description="Age group (id).")
    status: str | None = Field(None, description="new, under_review, in_plan, merged, not_pursued, withdrawn.")
    youth: str | None = Field(None, description='"any", "school" or "youth_club": from class-mode workshops.')
    q: str | None = Field(
        None, max_length=200, description='Search in title, text and place, in German word forms ("Spielplätze").'
    )
    modified_since: dt.datetime | None = Field(None, description="Only contributions changed after this time.")


def _public_contributions(process) -> QuerySet:
    modules = public_modules(process, "ideas")
    return Idea.objects.filter(module__in=modules, visibility=Visibility.PUBLISHED).select_related(
        "topic", "municipality"
    )


def filter_contributions(queryset: QuerySet, filters: ContributionFilters) -> QuerySet:
    if filters.module is not None:
        queryset = queryset.filter(module_id=filters.module)
    if kind := choice("kind", filters.kind, Kind.values):
        queryset = queryset.filter(kind=kind)
    if filters.topic is not None:
        queryset = queryset.filter(topic_id=filters.topic)
    if filters.whole_association:
        queryset = queryset.filter(municipality__isnull=True)
    elif filters.town is not None:
        queryset = queryset.filter(municipality_id=filters.town)
    if filters.target_group is not None:
        queryset = queryset.filter(target_groups__id=filters.target_group)
    if status := choice("status", filters.status, Status.values):
        queryset = queryset.filter(status=status)
    youth = choice("youth", filters.youth, ["any", *YouthGroupKind.values])
    if youth == "any":
        queryset = queryset.exclude(youth_group_kind="")
    elif youth:
        queryset = queryset.filter(youth_group_kind=youth)
    if filters.modified_since is not None:
        queryset = queryset.filter(modified__gt=filters.modified_since)
    if filters.q and filters.q.strip():
        queryset = search.search_queryset(
            queryset,
            search.parse_query(filters.q.strip()),
            title_field="search_title_terms",
            text_field="search_text_terms",
        )
    return queryset


@router.get(
    "/organisations/{org}/processes/{process}/contributions",
    response=list[ContributionOut],
    summary="Contributions of a process",
    description="Published contributions of the process's idea collections, newest first.",
)
@paginate(CursorPage, ordering=("-pk",), serialize=contributions_data)
def contribution_list(request: HttpRequest, org: str, process: str, filters: Query[ContributionFilters]):
    return filter_contributions(_public_contributions(public_process(org, process)), filters)


@router.get(
    "/organisations/{org}/processes/{process}/contributions/{id}",
    response=ContributionOut,
    summary="One contribution",
)
def contribution_detail(request: HttpRequest, org: str, process: str, id: int):  # noqa: A002 - the API's name
    idea = get_object_or_404(_public_contributions(public_process(org, process)), pk=id)
    note_modified(request, idea.modified)
    return contributions_data([idea])[0]
