"""Reads for the inventory: a fixed number of queries per page, however many entries there are."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from zukunftswerkstatt.core import search
from zukunftswerkstatt.core.models import Municipality, TargetGroup, Topic
from zukunftswerkstatt.processes.models import Module, Process

from .models import InventoryItem, InventorySuggestion, Status, SuggestionStatus

WHOLE_ASSOCIATION = "all"


@dataclass
class ItemFilters:
    municipality: int | None = None
    whole_association: bool = False
    topic: int | None = None
    target_group: int | None = None
    status: str = ""
    query: str = ""

    @property
    def active(self) -> bool:
        return bool(
            self.municipality
            or self.whole_association
            or self.topic
            or self.target_group
            or self.status
            or self.query.strip()
        )


def _with_relations(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("topic").prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "name")),
    )


def item_list(*, module: Module, filters: ItemFilters | None = None) -> QuerySet:
    """The entries of a module, filtered, ordered by title, with their towns, field and groups."""
    filters = filters or ItemFilters()
    queryset = InventoryItem.objects.filter(module=module)
    if filters.whole_association:
        queryset = queryset.filter(municipalities__isnull=True)
    elif filters.municipality:
        # An entry for the whole association concerns every town too.
        queryset = queryset.filter(Q(municipalities__id=filters.municipality) | Q(municipalities__isnull=True))
    if filters.topic:
        queryset = queryset.filter(topic_id=filters.topic)
    if filters.target_group:
        queryset = queryset.filter(target_groups__id=filters.target_group)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    # German word forms, compounds, accents and ß, ranked as in the idea collection (core/search.py).
    first = ()
    if filters.query.strip():
        queryset = search.search_queryset(
            queryset,
            search.parse_query(filters.query),
            title_field="search_title_terms",
            text_field="search_text_terms",
        )
        first = search.SEARCH_ORDER
    if filters.municipality or filters.target_group or filters.whole_association:
        queryset = queryset.distinct()
    return _with_relations(queryset.order_by(*first, "title", "pk"))


def items_highlight(*, items, query: str) -> None:
    """Give each entry of a page `title_html` and `summary_html`: escaped text with the words that
    matched the search inside <mark>. Pure Python, no query."""
    parsed = search.parse_query(query)
    for item in items:
        item.title_html = search.highlight(item.title, parsed)
        item.summary_html = search.excerpt(item.summary, parsed, words=30)


def item_get_for_detail(*, module: Module, pk: int) -> InventoryItem:
    item = _with_relations(InventoryItem.objects.filter(module=module)).get(pk=pk)
    item.module = module
    return item


def swot_items_citing(*, item: InventoryItem) -> list:
    """The published SWOT statements that cite this entry as evidence (none while the SWOT app has none)."""
    related = getattr(item, "swot_items", None)
    if related is None:
        return []
    return list(
        related.filter(module__is_published=True).select_related("municipality").order_by("quadrant", "position")
    )


def filter_choices(*, module: Module) -> dict:
    """The towns, fields of action and target groups the filters and forms offer."""
    process = module.phase.process
    return {
        "towns": list(process.municipalities.order_by("name")),
        "topics": list(Topic.objects.filter(organisation_id=process.organisation_id)),
        "groups": list(TargetGroup.objects.all()),
    }


def suggestion_list(*, module: Module, status: str = SuggestionStatus.PENDING) -> QuerySet:
    return (
        InventorySuggestion.objects.filter(module=module, status=status)
        .select_related("municipality", "author", "item")
        .order_by("-created", "-pk")
    )


def pending_suggestion_count(*, module: Module) -> int:
    return InventorySuggestion.objects.filter(module=module, status=SuggestionStatus.PENDING).count()


@dataclass
class TopicSummary:
    """The entries of one field of action, for the municipal profile document."""

    topic: Topic | None
    items: list[InventoryItem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.items)


def inventory_modules_of(*, process: Process) -> list[Module]:
    return list(
        Module.objects.filter(phase__process=process, type="inventory", is_published=True)
        .select_related("phase")
        .order_by("phase__start", "position", "pk")
    )


def summary_by_topic(*, process: Process) -> dict:
    """The inventory of a process by field of action: counts by status and the entries' titles.

    Fields of action in their order, entries without a field last. Three queries.
    """
    modules = inventory_modules_of(process=process)
    items = list(
        InventoryItem.objects.filter(module__in=modules)
        .select_related("topic")
        .prefetch_related(Prefetch("municipalities", queryset=Municipality.objects.order_by("name")))
        .order_by("topic__position", "topic__name", "title", "pk")
    )
    groups: OrderedDict[int | None, TopicSummary] = OrderedDict()
    for item in items:
        summary = groups.get(item.topic_id)
        if summary is None:
            summary = groups[item.topic_id] = TopicSummary(topic=item.topic, counts=dict.fromkeys(Status.values, 0))
        summary.items.append(item)
        summary.counts[item.status] += 1
    summaries = [s for key, s in groups.items() if key is not None]
    if None in groups:
        summaries.append(groups[None])
    totals = dict.fromkeys(Status.values, 0)
    for item in items:
        totals[item.status] += 1
    last_change = max((item.modified for item in items), default=None)
    return {
        "modules": modules,
        "topics": summaries,
        "totals": totals,
        "total": len(items),
        "last_change": last_change,
        "statuses": list(Status.choices),
    }
