"""Staff pages: importing figures, the import batches, the projection assumptions."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zukunftswerkstatt.core.models import Organisation
from zukunftswerkstatt.core.spreadsheets import csv_bytes

from .. import selectors, services
from ..forms import ImportForm, ProjectionForm, ScenarioFormSet
from ..importers import AGE_TEMPLATE_COLUMNS, MOVEMENT_TEMPLATE_COLUMNS, ImportFailed
from ..models import MAX_AGE, ImportBatch, Projection

DEFAULT_SCENARIOS = [
    {
        "name": "niedrig",
        "total_fertility_rate": "1.45",
        "net_migration_per_1000": "-3.0",
        "mortality_decline_percent": "0.5",
    },
    {
        "name": "mittel",
        "total_fertility_rate": "1.55",
        "net_migration_per_1000": "0.0",
        "mortality_decline_percent": "1.0",
    },
    {
        "name": "hoch",
        "total_fertility_rate": "1.65",
        "net_migration_per_1000": "3.0",
        "mortality_decline_percent": "1.0",
    },
]


def _organisation(request: HttpRequest, organisation_slug: str, permission: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=organisation_slug)
    if not request.user.is_authenticated:
        raise _LoginRequired
    if not request.user.has_perm(permission, organisation):
        raise PermissionDenied
    return organisation


class _LoginRequired(Exception):
    pass


def _login_or(view):
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@_login_or
def overview(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = _organisation(request, organisation_slug, "demography.view_batches")
    return render(
        request,
        "demography/staff/overview.html",
        {
            "organisation": organisation,
            "batches": selectors.batch_list(organisation_id=organisation.pk),
            "projections": Projection.objects.filter(organisation=organisation).prefetch_related("scenarios"),
            "can_delete": request.user.has_perm("demography.delete_batch", organisation),
            "can_manage_projections": request.user.has_perm("demography.manage_projections", organisation),
            "towns": services.importable_municipalities(organisation=organisation, user=request.user),
            "dashboards": selectors.dashboard_modules(organisation_id=organisation.pk),
        },
    )


@_login_or
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = _organisation(request, organisation_slug, "demography.import_data")
    problems = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = services.batch_import(
                    organisation=organisation,
                    user=request.user,
                    file_format=form.cleaned_data["file_format"],
                    content=upload.read(),
                    file_name=upload.name,
                    source=form.cleaned_data["source"],
                    replace=form.cleaned_data["replace"],
                    skip_other_regions=form.cleaned_data["skip_other_regions"],
                    is_illustrative=form.cleaned_data["is_illustrative"],
                    note=form.cleaned_data["note"],
                )
            except ImportFailed as failure:
                problems = failure.problems
            else:
                messages.success(
                    request,
                    _("The file “%(name)s” has been imported: %(count)s figures.")
                    % {"name": batch.file_name, "count": batch.row_count},
                )
                return redirect("demography:overview", organisation_slug=organisation.slug)
    else:
        form = ImportForm()
    return render(
        request,
        "demography/staff/import.html",
        {
            "organisation": organisation,
            "form": form,
            "problems": problems,
            "towns": services.importable_municipalities(organisation=organisation, user=request.user),
        },
        status=400 if problems else 200,
    )


@_login_or
def template_download(request: HttpRequest, organisation_slug: str, kind: str, file_format: str) -> HttpResponse:
    """An empty template with the member towns' keys filled in, as CSV or XLSX."""
    organisation = _organisation(request, organisation_slug, "demography.import_data")
    if kind not in ("population", "movements") or file_format not in ("csv", "xlsx"):
        raise Http404
    towns = services.importable_municipalities(organisation=organisation, user=request.user)
    if kind == "population":
        rows = [AGE_TEMPLATE_COLUMNS]
        for town in towns:
            rows += [[town.ags, "31.12.2024", str(age), "", ""] for age in range(MAX_AGE + 1)]
    else:
        rows = [MOVEMENT_TEMPLATE_COLUMNS]
        for town in towns:
            rows.append([town.ags, "2024", "", "", "", ""])
    filename = f"vorlage-{'bevoelkerung-altersjahre' if kind == 'population' else 'bewegungen'}-{organisation.slug}"
    if file_format == "csv":
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Daten"
        for row in rows:
            sheet.append(row)
        output = io.BytesIO()
        workbook.save(output)
        response = HttpResponse(
            output.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


@_login_or
@require_http_methods(["GET", "POST"])
def batch_delete(request: HttpRequest, organisation_slug: str, pk: int) -> HttpResponse:
    organisation = _organisation(request, organisation_slug, "demography.delete_batch")
    batch = get_object_or_404(ImportBatch, organisation=organisation, pk=pk)
    if request.method == "POST":
        services.batch_delete(batch=batch, by=request.user)
        messages.success(request, _("The import and its figures have been deleted."))
        return redirect("demography:overview", organisation_slug=organisation.slug)
    return render(request, "demography/staff/confirm_delete.html", {"organisation": organisation, "object": batch})


def _projection_form(request, organisation, projection: Projection | None):
    years = selectors.base_years(organisation_id=organisation.pk)
    if request.method == "POST":
        form = ProjectionForm(request.POST)
        formset = ScenarioFormSet(request.POST, prefix="scenario")
        if form.is_valid() and formset.is_valid():
            scenarios = [f.cleaned_data for f in formset.forms if f.cleaned_data]
            try:
                saved = services.projection_save(
                    organisation=organisation,
                    user=request.user,
                    projection=projection,
                    scenarios=scenarios,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The projection “%(title)s” has been computed.") % {"title": saved.title})
                return redirect("demography:overview", organisation_slug=organisation.slug)
    else:
        if projection is None:
            form = ProjectionForm(
                initial={
                    "title": _("Population projection to 2040"),
                    "base_year": years[-1] if years else None,
                    "horizon_year": 2040,
                }
            )
            formset = ScenarioFormSet(prefix="scenario", initial=DEFAULT_SCENARIOS)
        else:
            form = ProjectionForm(
                initial={
                    "title": projection.title,
                    "base_year": projection.base_year,
                    "horizon_year": projection.horizon_year,
                    "explanation": projection.explanation,
                    "life_table": projection.life_table,
                    "migration_profile": projection.migration_profile,
                    "is_published": projection.is_published,
                }
            )
            formset = ScenarioFormSet(
                prefix="scenario",
                initial=[
                    {
                        "name": s.name,
                        "total_fertility_rate": s.total_fertility_rate,
                        "net_migration_per_1000": s.net_migration_per_1000,
                        "mortality_decline_percent": s.mortality_decline_percent,
                    }
                    for s in projection.scenarios.all()
                ],
            )
    return render(
        request,
        "demography/staff/projection_form.html",
        {"organisation": organisation, "form": form, "formset": formset, "projection": projection, "years": years},
        status=400 if request.method == "POST" else 200,
    )


@_login_or
@require_http_methods(["GET", "POST"])
def projection_create(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = _organisation(request, organisation_slug, "demography.manage_projections")
    return _projection_form(request, organisation, None)


@_login_or
@require_http_methods(["GET", "POST"])
def projection_edit(request: HttpRequest, organisation_slug: str, pk: int) -> HttpResponse:
    organisation = _organisation(request, organisation_slug, "demography.manage_projections")
    projection = get_object_or_404(Projection, organisation=organisation, pk=pk)
    return _projection_form(request, organisation, projection)


@_login_or
@require_http_methods(["GET", "POST"])
def projection_delete(request: HttpRequest, organisation_slug: str, pk: int) -> HttpResponse:
    organisation = _organisation(request, organisation_slug, "demography.manage_projections")
    projection = get_object_or_404(Projection, organisation=organisation, pk=pk)
    if request.method == "POST":
        services.projection_delete(projection=projection)
        messages.success(request, _("The projection has been deleted."))
        return redirect("demography:overview", organisation_slug=organisation.slug)
    return render(request, "demography/staff/confirm_delete.html", {"organisation": organisation, "object": projection})
