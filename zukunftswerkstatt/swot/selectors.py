"""Reads for the SWOT analysis: a fixed number of queries per page, however many items there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from zukunftswerkstatt.conversation.models import Comment, CommentReport
from zukunftswerkstatt.conversation.selectors import comments_on, open_reports
from zukunftswerkstatt.core.models import Municipality
from zukunftswerkstatt.inventory.models import InventoryItem
from zukunftswerkstatt.processes.models import Module
from zukunftswerkstatt.processes.registry import registry

from .evidence import contributions
from .indicators import DemographyData, IndicatorValue, indicator_definitions, indicator_value
from .models import (
    QUADRANT_PLURALS,
    QUADRANT_QUESTIONS,
    PdfScope,
    PdfStatus,
    Quadrant,
    SuggestionStatus,
    SwotItem,
    SwotPdf,
    SwotSuggestion,
)

WHOLE_ASSOCIATION = "all"
EVERY_SCOPE = "every"

# A PDF of the same module, scope and content made (or being made) this recently is shared.
PDF_FRESH_FOR = dt.timedelta(minutes=10)


def scope_towns(*, module: Module) -> list[Municipality]:
    """The towns of the module's process (all of the organisation's when the process names none)."""
    process = module.phase.process
    towns = list(process.municipalities.all())
    if not towns:
        towns = list(Municipality.objects.filter(organisation_id=process.organisation_id))
    return towns


@dataclass
class Scope:
    """The association as a whole (town None) or one of its towns."""

    key: str
    name: str
    town: Municipality | None = None

    @property
    def is_association(self) -> bool:
        return self.town is None


def scopes_of(*, module: Module, towns: list[Municipality] | None = None) -> list[Scope]:
    towns = scope_towns(module=module) if towns is None else towns
    organisation = module.phase.process.organisation
    return [Scope(WHOLE_ASSOCIATION, organisation.name), *[Scope(str(t.pk), t.name, t) for t in towns]]


def scope_get(*, scopes: list[Scope], key: str | None) -> Scope | None:
    key = key or WHOLE_ASSOCIATION
    return next((s for s in scopes if s.key == key), None)


def _published_ideas() -> Prefetch:
    return Prefetch(
        "ideas",
        queryset=contributions().published().only("pk", "title", "module_id"),
        to_attr="published_ideas",
    )


def item_queryset(*, module: Module) -> QuerySet:
    """Items with everything the matrix shows, in a fixed number of queries."""
    prefetches = [
        Prefetch("inventory_items", queryset=InventoryItem.objects.only("pk", "title", "module_id")),
        _published_ideas(),
        "indicators__municipality",
        "documents",
    ]
    return (
        SwotItem.objects.filter(module=module)
        .select_related("topic", "municipality")
        .prefetch_related(*prefetches)
        .annotate(visible_comments=Count("comments", filter=Q(comments__is_hidden=False)))
        .order_by("position", "pk")
    )


def swot_matrix_items(*, module: Module, municipality: Municipality | None) -> list[SwotItem]:
    """The items of one scope (the association when `municipality` is None), in matrix order."""
    return list(item_queryset(module=module).for_scope(municipality))


@dataclass
class Quarter:
    quadrant: str
    title: str
    question: str
    items: list = field(default_factory=list)


def quarters(items) -> list[Quarter]:
    """The four fields in reading order: strengths, weaknesses, opportunities, threats."""
    result = {q: Quarter(q.value, QUADRANT_PLURALS[q], QUADRANT_QUESTIONS[q]) for q in Quadrant}
    for item in items:
        result[Quadrant(item.quadrant)].items.append(item)
    return list(result.values())


class IndicatorResolver:
    """Looks each cited (indicator, town) up once per page, however many items cite it; the
    demography data are read at most once (a fixed number of queries)."""

    def __init__(self, *, module: Module) -> None:
        self.module = module
        self.organisation = module.phase.process.organisation
        self._cache: dict[tuple[str, int | None], IndicatorValue] = {}
        self._data: DemographyData | None = None
        self._url: str | None = None
        self._definitions = None

    def _demography_url(self) -> str:
        """The process's demography page, where every figure is explained; empty if there is none."""
        if self._url is None:
            page = (
                Module.objects.filter(
                    phase__process_id=self.module.phase.process_id, type="demography", is_published=True
                )
                .order_by("phase__start", "position", "pk")
                .first()
            )
            self._url = page.get_absolute_url() if page is not None and page.type in registry.module_types else ""
        return self._url

    def resolve(self, indicator) -> IndicatorValue:
        key = (indicator.key, indicator.municipality_id)
        if key not in self._cache:
            if self._data is None:
                towns = Municipality.objects.filter(organisation_id=self.organisation.pk)
                self._data = DemographyData(organisation=self.organisation, towns=towns)
                self._definitions = indicator_definitions()
            town = indicator.municipality
            self._cache[key] = indicator_value(
                key=indicator.key,
                result=self._data.result(municipality=town, key=indicator.key),
                municipality_name=town.name if town is not None else self.organisation.name,
                url=self._demography_url(),
                definitions=self._definitions,
            )
        return self._cache[key]

    def attach(self, items) -> None:
        """Give each item `indicator_values`, the figures its indicators cite."""
        for item in items:
            item.indicator_values = [self.resolve(i) for i in item.indicators.all()]


def swot_item_get(*, module: Module, pk: int) -> SwotItem:
    return item_queryset(module=module).get(pk=pk)


def swot_item_measures(*, item: SwotItem, user) -> list:
    """The action plan's measures that take this item up and that the person may see."""
    measures = item.measures.select_related("process").order_by("title", "pk")
    return [m for m in measures if user.has_perm("plans.view_measure", m)]


def swot_item_comments(*, item: SwotItem) -> list[Comment]:
    return comments_on(target=item)


def swot_suggestions_pending(*, module: Module) -> QuerySet:
    return (
        SwotSuggestion.objects.filter(module=module, status=SuggestionStatus.PENDING)
        .select_related("municipality", "author")
        .order_by("created", "pk")
    )


def swot_suggestions_decided(*, module: Module, limit: int = 50) -> list[SwotSuggestion]:
    return list(
        SwotSuggestion.objects.filter(module=module)
        .exclude(status=SuggestionStatus.PENDING)
        .select_related("municipality", "item", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


def swot_open_reports(*, module: Module) -> list[CommentReport]:
    return open_reports(comments=Comment.objects.filter(swot_item__module=module))


def swot_ideas_of_process(*, module: Module) -> QuerySet:
    """Contributions that may be cited: the published ones of any module of the same process."""
    return contributions().citable(process_id=module.phase.process_id)


def swot_inventory_of_process(*, module: Module) -> QuerySet:
    """Inventory entries that may be cited: those of the inventory modules of the same process."""
    return (
        InventoryItem.objects.filter(module__phase__process_id=module.phase.process_id)
        .select_related("module")
        .order_by("module__position", "module_id", "title", "pk")
    )


# -- the PDF -------------------------------------------------------------------------------


def items_key(*, module: Module) -> str:
    """The module's items in short: how many there are and when the last one changed (one query)."""
    state = SwotItem.objects.filter(module=module).aggregate(count=Count("pk"), latest=Max("modified"))
    latest = state["latest"].isoformat() if state["latest"] else "-"
    return f"{state['count']}:{latest}"


def reusable_pdf(
    *, module: Module, scope: str, municipality: Municipality | None, language: str, key: str
) -> SwotPdf | None:
    """A PDF of the same scope and items being made or made recently, which a new request can share."""
    return (
        SwotPdf.objects.filter(
            module=module,
            scope=scope,
            municipality=municipality,
            language=language,
            items_key=key,
        )
        # One being made is shared whatever its age: a build whose worker died is built again by
        # core.documents.document_recover, or given up as failed.
        .filter(
            Q(status__in=[PdfStatus.PENDING, PdfStatus.RUNNING])
            | Q(status=PdfStatus.DONE, created__gte=timezone.now() - PDF_FRESH_FOR)
        )
        .order_by("-created", "-pk")
        .first()
    )


def pdf_get(*, module: Module, pk: int) -> SwotPdf:
    return SwotPdf.objects.select_related("module__phase__process__organisation", "municipality").get(
        module=module, pk=pk
    )


def pdf_scope(*, module: Module, key: str | None) -> tuple[str, Municipality | None] | None:
    """The PDF's scope for a `?scope=` key ("all", a town's id or "every"); None for an unknown key."""
    key = key or WHOLE_ASSOCIATION
    if key == EVERY_SCOPE:
        return PdfScope.EVERY, None
    if key == WHOLE_ASSOCIATION:
        return PdfScope.ASSOCIATION, None
    town = next((t for t in scope_towns(module=module) if str(t.pk) == key), None)
    return (PdfScope.TOWN, town) if town is not None else None


def pdf_scopes(*, pdf: SwotPdf) -> list[Scope]:
    """The scopes a PDF shows, in the order of the matrix's switcher."""
    scopes = scopes_of(module=pdf.module)
    return scopes if pdf.scope == PdfScope.EVERY else [s for s in scopes if s.key == pdf.scope_key]
