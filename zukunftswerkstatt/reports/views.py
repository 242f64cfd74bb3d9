"""The municipal profile document: the web page, asking for the PDF, its state and the download."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from zukunftswerkstatt.core.limits import person_over_limit
from zukunftswerkstatt.core.views_common import document_retry_response, document_state_response
from zukunftswerkstatt.processes.models import Module
from zukunftswerkstatt.processes.selectors import module_for_view

from . import selectors, services
from .models import PdfStatus, ProfilePdf


def get_module(request: HttpRequest, module_pk: int) -> Module:
    return module_for_view(request, module_pk, type="profile_document")


def get_pdf(module: Module, pk: int) -> ProfilePdf:
    try:
        return selectors.pdf_get(module=module, pk=pk)
    except ProfilePdf.DoesNotExist as error:
        raise Http404 from error


def document(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    context = selectors.document_context(module=module)
    return render(
        request,
        "reports/document.html",
        {
            **context,
            "phase": module.phase,
            "pdf": selectors.latest_pdf(module=module),
            "can_renew": request.user.has_perm("reports.renew_pdf", module),
        },
    )


@require_POST
def pdf_request(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    if not request.user.has_perm("reports.request_pdf", module):
        raise PermissionDenied
    force = bool(request.POST.get("renew")) and request.user.has_perm("reports.renew_pdf", module)
    if person_over_limit(request, "reports.pdf"):
        return redirect(module.get_absolute_url())
    pdf = services.profile_pdf_request(module=module, requested_by=request.user, language=get_language(), force=force)
    return redirect(pdf.get_absolute_url())


def pdf_status(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """The state of one PDF; htmx asks for the fragment again until it is ready."""
    module = get_module(request, module_pk)
    pdf = get_pdf(module, pk)
    can_retry = request.user.has_perm("reports.renew_pdf", module)
    return document_state_response(
        request,
        row=pdf,
        template="reports/pdf_status.html",
        context={"module": module, "process": module.phase.process, "organisation": module.phase.process.organisation},
        download_url=reverse("reports:pdf_download", args=[module.pk, pdf.pk]),
        retry_url=reverse("reports:pdf_retry", args=[module.pk, pdf.pk]) if can_retry else "",
        again_url=reverse("reports:pdf_request", args=[module.pk]),
    )


@require_POST
def pdf_retry(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """The team asks again for a PDF that failed (the same rule as asking for an up-to-date one)."""
    module = get_module(request, module_pk)
    pdf = get_pdf(module, pk)
    return document_retry_response(
        request, row=pdf, permission="reports.renew_pdf", obj=module, next_url=pdf.get_absolute_url()
    )


def pdf_download(request: HttpRequest, module_pk: int, pk: int) -> FileResponse:
    module = get_module(request, module_pk)
    pdf = get_pdf(module, pk)
    if pdf.status != PdfStatus.DONE or not pdf.file:
        raise Http404
    filename = f"kommunalprofil-{module.phase.process.slug}-{pdf.created:%Y-%m-%d}.pdf"
    return FileResponse(pdf.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")
