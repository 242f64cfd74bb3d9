"""The demography module's dashboard and the CSV downloads of its charts."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from zukunftswerkstatt.core.limits import over_limit
from zukunftswerkstatt.core.spreadsheets import csv_bytes
from zukunftswerkstatt.processes.models import Module
from zukunftswerkstatt.processes.registry import registry
from zukunftswerkstatt.processes.selectors import module_for_view, module_page_visible

from .. import selectors

"""Chart downloads per hour and IP address for visitors without an account (each one computes the profile)."""


def _module(request: HttpRequest, module_pk: int) -> Module:
    return module_for_view(request, module_pk, type="demography")


def _since(request: HttpRequest) -> int | None:
    value = request.GET.get("since", "")
    return int(value) if value.isdigit() and len(value) == 4 else None


def dashboard(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = _module(request, module_pk)
    process = module.phase.process
    organisation = process.organisation
    context = selectors.profile_section(
        process=process, module=module, town=request.GET.get("town"), since=_since(request)
    )
    context.update(
        {
            "module": module,
            "organisation": organisation,
            "can_import": request.user.has_perm("demography.import_data", organisation),
            "can_manage_projections": request.user.has_perm("demography.manage_projections", organisation),
        }
    )
    return render(request, "demography/dashboard.html", context)


def _csv_response(chart, filename: str) -> HttpResponse:
    # Scenario and town names are typed in by staff, and this download is public: guarded like every export.
    rows = [["" if cell is None else cell for cell in row] for row in chart.csv_rows]
    response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _chart_from(context: dict, slug: str):
    charts = [
        context.get("population_chart"),
        context.get("pyramid_chart"),
        context.get("projection_chart"),
        context.get("projected_pyramid_chart"),
    ]
    charts += context.get("comparison_charts") or []
    return next((c for c in charts if c is not None and c.slug == slug), None)


def chart_csv(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The numbers of one chart of the process's demographic profile as CSV (semicolon, UTF-8 with BOM).

    `module_pk` is the module of the page that shows the chart (the dashboard, or a page of another
    app whose module type declares the feature "demography", such as the municipal profile
    document): whoever may not see that page gets 404 here too.
    """
    module = get_object_or_404(Module.objects.select_related("phase__process__organisation"), pk=module_pk)
    if module.type not in registry.module_types or "demography" not in module.module_type.features:
        raise Http404
    if not module_page_visible(user=request.user, module=module):
        raise Http404
    process = module.phase.process
    if not request.user.is_authenticated and over_limit(request, "demography.csv:ip", method="GET", message=""):
        return HttpResponse(_("Too many downloads in a short time. Please wait a while."), status=429)
    context = selectors.profile_section(
        process=process, module=module, town=request.GET.get("town"), since=_since(request)
    )
    chart = _chart_from(context, request.GET.get("chart", ""))
    if chart is None:
        raise Http404
    return _csv_response(chart, slugify(f"{process.slug}-{chart.slug}"))
