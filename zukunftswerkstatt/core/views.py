from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from zukunftswerkstatt.processes.selectors import processes_for_organisation, processes_main_actions

from .models import LegalPage, Organisation
from .selectors import organisation_default, organisation_for_request


def home(request: HttpRequest) -> HttpResponse:
    organisation = organisation_default()
    if organisation is not None:
        return organisation_page(request, organisation)
    return render(request, "core/home.html", {"organisations": Organisation.objects.all()})


def organisation_detail(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = organisation_for_request(request)
    if organisation is None:
        organisation = get_object_or_404(Organisation, slug=organisation_slug)
    return organisation_page(request, organisation)


def organisation_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    processes = processes_for_organisation(organisation=organisation, user=request.user)
    actions = processes_main_actions(processes=processes)
    return render(
        request,
        "core/organisation.html",
        {
            "organisation": organisation,
            "processes": processes,
            "main_actions": [(process, actions[process.pk]) for process in processes if process.pk in actions],
            "municipalities": organisation.municipalities.all(),
            "may_view_audit_log": request.user.has_perm("core.view_audit_log", organisation),
        },
    )


def legal_page(request: HttpRequest, organisation_slug: str, kind: str) -> HttpResponse:
    page = get_object_or_404(
        LegalPage.objects.select_related("organisation"), organisation__slug=organisation_slug, kind=kind
    )
    return render(request, "core/legal_page.html", {"page": page, "organisation": page.organisation})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})
