"""Published contributions (the idea collection) with their status history and the municipality's answers.

What a visitor sees in the idea collection and on a contribution's page, without the names of the
people who wrote them (docs/api.md, "What the API shows"): the channel says how a contribution came
in instead. Hidden and pending contributions do not exist here; withdrawn ones are public on their
page and are listed with status "withdrawn".
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zukunftswerkstatt.core import search
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.ideas.models import Idea, Kind, Status, StatusChange, Visibility, YouthGroupKind

from ..conventions import BadParameter, CursorPage, note_modified, public_modules, public_process

router = Router(tags=["Contributions"])


class NamedRef(Schema):
    id: int
    name: str


class StatusChangeOut(Schema):
    old_status: str
    new_status: str
    new_status_label: str
    reason: str = Field(..., description="The reason given with the change (public on the contribution's page).")
    changed_at: dt.datetime

    @staticmethod
    def resolve_new_status_label(change: StatusChange) -> str:
        return str(change.get_new_status_display())

    @staticmethod
    def resolve_changed_at(change: StatusChange) -> dt.datetime:
        return change.created


class ImageOut(Schema):
    url: str
    alt: str = Field(..., description="What the picture shows (its text alternative).")


class ContributionOut(Schema):
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

    @staticmethod
    def resolve_module(idea: Idea) -> int:
        return idea.module_id

    @staticmethod
    def resolve_kind_label(idea: Idea) -> str:
        return str(idea.get_kind_display())

    @staticmethod
    def resolve_topic(idea: Idea):
        return {"id": idea.topic.pk, "name": idea.topic.name} if idea.topic else None

    @staticmethod
    def resolve_town(idea: Idea):
        return {"id": idea.municipality.pk, "name": idea.municipality.name} if idea.municipality else None

    @staticmethod
    def resolve_target_groups(idea: Idea) -> list:
        return [{"id": group.pk, "name": group.name} for group in idea.target_groups.all()]

    @staticmethod
    def resolve_latitude(idea: Idea) -> float | None:
        return float(idea.latitude) if isinstance(idea.latitude, Decimal) else idea.latitude

    @staticmethod
    def resolve_longitude(idea: Idea) -> float | None:
        return float(idea.longitude) if isinstance(idea.longitude, Decimal) else idea.longitude

    @staticmethod
    def resolve_image(idea: Idea):
        if not idea.image:
            return None
        return {"url": absolute_url(idea.image.url), "alt": idea.image_alt}

    @staticmethod
    def resolve_channel_label(idea: Idea) -> str:
        return str(idea.get_channel_display())

    @staticmethod
    def resolve_youth_group(idea: Idea) -> str:
        return idea.youth_group_name if idea.youth_group_kind else ""

    @staticmethod
    def resolve_status_label(idea: Idea) -> str:
        return str(idea.get_status_display())

    @staticmethod
    def resolve_merged_into(idea: Idea) -> int | None:
        return idea.merged_into_id

    @staticmethod
    def resolve_status_history(idea: Idea) -> list:
        return list(idea.status_changes.all())

    @staticmethod
    def resolve_url(idea: Idea) -> str:
        return absolute_url(idea.get_absolute_url())


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
    return (
        Idea.objects.filter(module__in=modules, visibility=Visibility.PUBLISHED)
        .select_related("topic", "municipality")
        .prefetch_related(
            "target_groups",
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("created", "pk")),
        )
    )


def _choice(parameter: str, value: str | None, allowed) -> str | None:
    if value and value not in allowed:
        raise BadParameter(
            parameter,
            _("Unknown value “%(value)s”; one of: %(allowed)s.") % {"value": value, "allowed": ", ".join(allowed)},
        )
    return value


def filter_contributions(queryset: QuerySet, filters: ContributionFilters) -> QuerySet:
    if filters.module is not None:
        queryset = queryset.filter(module_id=filters.module)
    if kind := _choice("kind", filters.kind, Kind.values):
        queryset = queryset.filter(kind=kind)
    if filters.topic is not None:
        queryset = queryset.filter(topic_id=filters.topic)
    if filters.whole_association:
        queryset = queryset.filter(municipality__isnull=True)
    elif filters.town is not None:
        queryset = queryset.filter(municipality_id=filters.town)
    if filters.target_group is not None:
        queryset = queryset.filter(target_groups__id=filters.target_group)
    if status := _choice("status", filters.status, Status.values):
        queryset = queryset.filter(status=status)
    youth = _choice("youth", filters.youth, ["any", *YouthGroupKind.values])
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
@paginate(CursorPage, ordering=("-pk",))
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
    return idea
