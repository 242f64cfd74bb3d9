"""Making the municipal profile's PDF: requested by a person, made by a background task."""

from __future__ import annotations

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from zukunftswerkstatt.core.documents import document_build, document_queue
from zukunftswerkstatt.core.pdf import render_pdf_pages
from zukunftswerkstatt.processes.models import Module

from . import selectors
from .models import PdfStatus, ProfilePdf

logger = logging.getLogger(__name__)

# Older PDFs of a document are deleted when a new one is ready.
KEEP_PDFS = 5


def profile_pdf_request(*, module: Module, requested_by=None, language: str = "", force: bool = False) -> ProfilePdf:
    """A PDF being made or made in the last minutes, or a new one queued for the background worker."""
    if not force:
        existing = selectors.reusable_pdf(module=module)
        if existing is not None:
            return existing
    pdf = ProfilePdf.objects.create(
        module=module,
        requested_by=requested_by if requested_by is not None and requested_by.is_authenticated else None,
        language=language or settings.LANGUAGE_CODE,
    )
    document_queue(row=pdf)
    return pdf


def profile_pdf_render(*, module: Module) -> tuple[bytes, int]:
    """The PDF of the document as it is now, and its number of pages."""
    context = selectors.document_context(module=module, for_print=True)
    return render_pdf_pages(render_to_string("reports/pdf.html", context))


def profile_pdf_make(pdf: ProfilePdf) -> ProfilePdf:
    """Render and store the PDF (the model's builder: core.documents' build task calls it with the
    row); a failure is kept on the row."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    document_build(
        row=pdf,
        render=lambda: profile_pdf_render(module=pdf.module),
        filename=f"kommunalprofil-{pdf.module_id}-{stamp}.pdf",
    )
    if pdf.status == PdfStatus.DONE:
        profile_pdf_prune(module=pdf.module)
    return pdf


def profile_pdf_prune(*, module: Module, keep: int = KEEP_PDFS) -> int:
    """Delete all but the newest `keep` PDFs of a module, files included; returns how many went."""
    old = list(ProfilePdf.objects.filter(module=module).order_by("-created", "-pk")[keep:])
    for pdf in old:
        if pdf.file:
            pdf.file.delete(save=False)
        pdf.delete()
    return len(old)
