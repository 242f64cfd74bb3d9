"""The municipal profile of a process: the inventory of what already exists, and the SWOT analysis.

What the public inventory and SWOT pages show; inventory entries without their contact persons,
suggestions only once staff have taken them in (they are entries then).
"""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.templatetags.zw_text import markdown
from zukunftswerkstatt.ideas.models import Idea, Visibility
from zukunftswerkstatt.inventory.models import InventoryItem, ProviderKind
from zukunftswerkstatt.inventory.models import Status as InventoryStatus
from zukunftswerkstatt.swot.models import Quadrant, SwotDocument, SwotIndicator, SwotItem

from ..conventions import CursorPage, choice, note_modified, public_modules, public_process

router = Router(tags=["Municipal profile"])


class NamedRef(Schema):
    id: int
    name: str


def _named(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


class InventoryOut(Schema):
    id: int
    module: int
    title: str
    description: str
    towns: list[NamedRef] = Field(..., description="Towns where it is offered; empty: the whole association.")
    topic: NamedRef | None = Field(None, description="The field of action.")
    target_groups: list[NamedRef]
    provider_kind: str = Field(..., description="town, club, church, company, school, welfare or other.")
    provider_kind_label: str
    provider_name: str = Field(..., description="Who offers it (an organisation, not a person).")
    status: str = Field(..., description="running, planned or ended.")
    status_label: str
    since: dt.date | None = Field(
        None, description='Since when; a year alone is stored as 1 January (see "since_precision").'
    )
    since_precision: str = Field(..., description="year or day.")
    until: dt.date | None = Field(None, description="Until when; a year alone is stored as 31 December.")
    until_precision: str
    funding: str
    link: str = Field(..., description="A web page about it.")
    modified: dt.datetime
    url: str

    @staticmethod
    def resolve_module(item: InventoryItem) -> int:
        return item.module_id

    @staticmethod
    def resolve_towns(item: InventoryItem) -> list:
        return [_named(town) for town in item.municipalities.all()]

    @staticmethod
    def resolve_topic(item: InventoryItem):
        return _named(item.topic)

    @staticmethod
    def resolve_target_groups(item: InventoryItem) -> list:
        return [_named(group) for group in item.target_groups.all()]

    @staticmethod
    def resolve_provider_kind_label(item: InventoryItem) -> str:
        return str(item.get_provider_kind_display())

    @staticmethod
    def resolve_status_label(item: InventoryItem) -> str:
        return str(item.get_status_display())

    @staticmethod
    def resolve_url(item: InventoryItem) -> str:
        return absolute_url(item.get_absolute_url())


class InventoryFilters(Schema):
    town: int | None = Field(None, description="Town (id).")
    topic: int | None = Field(None, description="Field of action (id).")
    target_group: int | None = Field(None, description="Age group (id).")
    status: str | None = Field(None, description="running, planned or ended.")
    provider_kind: str | None = Field(None, description="town, club, church, company, school, welfare or other.")
    modified_since: dt.datetime | None = None


def _inventory(process) -> QuerySet:
    return (
        InventoryItem.objects.filter(module__in=public_modules(process, "inventory"))
        .select_related("topic")
        .prefetch_related("municipalities", "target_groups")
    )


@router.get(
    "/organisations/{org}/processes/{process}/inventory",
    response=list[InventoryOut],
    summary="Inventory of existing offers",
    description="What already exists: offers, measures and projects collected in the municipal profile.",
)
@paginate(CursorPage, ordering=("pk",))
def inventory_list(request: HttpRequest, org: str, process: str, filters: Query[InventoryFilters]):
    queryset = _inventory(public_process(org, process))
    if filters.town is not None:
        queryset = queryset.filter(municipalities__id=filters.town)
    if filters.topic is not None:
        queryset = queryset.filter(topic_id=filters.topic)
    if filters.target_group is not None:
        queryset = queryset.filter(target_groups__id=filters.target_group)
    if status := choice("status", filters.status, InventoryStatus.values):
        queryset = queryset.filter(status=status)
    if kind := choice("provider_kind", filters.provider_kind, ProviderKind.values):
        queryset = queryset.filter(provider_kind=kind)
    if filters.modified_since is not None:
        queryset = queryset.filter(modified__gt=filters.modified_since)
    return queryset


@router.get(
    "/organisations/{org}/processes/{process}/inventory/{id}", response=InventoryOut, summary="One inventory entry"
)
def inventory_detail(request: HttpRequest, org: str, process: str, id: int):  # noqa: A002 - the API's name
    item = get_object_or_404(_inventory(public_process(org, process)), pk=id)
    note_modified(request, item.modified)
    return item


class IndicatorRef(Schema):
    key: str = Field(..., description="The demographic indicator (see /organisations/{org}/demography).")
    town: NamedRef | None = Field(None, description="The town; null: the whole association.")


class DocumentOut(Schema):
    title: str
    url: str
    published_on: dt.date | None
    publisher: str


class SwotOut(Schema):
    id: int
    module: int
    quadrant: str = Field(..., description="strength, weakness, opportunity or threat.")
    quadrant_label: str
    statement: str
    explanation: str = Field(..., description="The explanation as written (Markdown).")
    explanation_html: str = Field(..., description="The explanation as the page shows it (sanitised HTML).")
    town: NamedRef | None = Field(None, description="The town it is about; null: the whole association.")
    topic: NamedRef | None = None
    position: int = Field(..., description="Its place in its quadrant.")
    comment_count: int
    evidence_indicators: list[IndicatorRef]
    evidence_documents: list[DocumentOut]
    evidence_inventory: list[int] = Field(..., description="Ids of inventory entries it cites.")
    evidence_contributions: list[int] = Field(..., description="Ids of published contributions it cites.")
    modified: dt.datetime
    url: str

    @staticmethod
    def resolve_module(item: SwotItem) -> int:
        return item.module_id

    @staticmethod
    def resolve_quadrant_label(item: SwotItem) -> str:
        return str(item.get_quadrant_display())

    @staticmethod
    def resolve_explanation_html(item: SwotItem) -> str:
        return str(markdown(item.explanation)) if item.explanation else ""

    @staticmethod
    def resolve_town(item: SwotItem):
        return _named(item.municipality)

    @staticmethod
    def resolve_topic(item: SwotItem):
        return _named(item.topic)

    @staticmethod
    def resolve_evidence_indicators(item: SwotItem) -> list:
        return [{"key": i.key, "town": _named(i.municipality)} for i in item.indicators.all()]

    @staticmethod
    def resolve_evidence_documents(item: SwotItem) -> list:
        return list(item.documents.all())

    @staticmethod
    def resolve_evidence_inventory(item: SwotItem) -> list[int]:
        return [entry.pk for entry in item.inventory_items.all()]

    @staticmethod
    def resolve_evidence_contributions(item: SwotItem) -> list[int]:
        return [idea.pk for idea in item.public_ideas]

    @staticmethod
    def resolve_url(item: SwotItem) -> str:
        return absolute_url(item.get_absolute_url())


class SwotFilters(Schema):
    quadrant: str | None = Field(None, description="strength, weakness, opportunity or threat.")
    town: int | None = Field(None, description="Town (id).")
    whole_association: bool = Field(False, description="Only statements about the whole association.")
    topic: int | None = Field(None, description="Field of action (id).")
    modified_since: dt.datetime | None = None


def _swot(process) -> QuerySet:
    return (
        SwotItem.objects.filter(module__in=public_modules(process, "swot"))
        .select_related("municipality", "topic")
        .prefetch_related(
            Prefetch(
                "indicators", queryset=SwotIndicator.objects.select_related("municipality").order_by("position", "pk")
            ),
            Prefetch("documents", queryset=SwotDocument.objects.order_by("position", "pk")),
            Prefetch("inventory_items", queryset=InventoryItem.objects.only("pk")),
            Prefetch(
                "ideas",
                queryset=Idea.objects.filter(visibility=Visibility.PUBLISHED, module__is_published=True).only("pk"),
                to_attr="public_ideas",
            ),
        )
    )


@router.get(
    "/organisations/{org}/processes/{process}/swot",
    response=list[SwotOut],
    summary="SWOT analysis",
    description="Strengths, weaknesses, opportunities and threats of the municipal profile, with their evidence.",
)
@paginate(CursorPage, ordering=("pk",))
def swot_list(request: HttpRequest, org: str, process: str, filters: Query[SwotFilters]):
    queryset = _swot(public_process(org, process))
    if quadrant := choice("quadrant", filters.quadrant, Quadrant.values):
        queryset = queryset.filter(quadrant=quadrant)
    if filters.whole_association:
        queryset = queryset.filter(municipality__isnull=True)
    elif filters.town is not None:
        queryset = queryset.filter(municipality_id=filters.town)
    if filters.topic is not None:
        queryset = queryset.filter(topic_id=filters.topic)
    if filters.modified_since is not None:
        queryset = queryset.filter(modified__gt=filters.modified_since)
    return queryset


@router.get("/organisations/{org}/processes/{process}/swot/{id}", response=SwotOut, summary="One SWOT statement")
def swot_detail(request: HttpRequest, org: str, process: str, id: int):  # noqa: A002 - the API's name
    item = get_object_or_404(_swot(public_process(org, process)), pk=id)
    note_modified(request, item.modified)
    return item
