"""Background tasks (django-tasks): the matrix of every scope takes many seconds to lay out as PDF."""

from __future__ import annotations

from django_tasks import task


@task()
def swot_pdf_build(*, pdf_id: int) -> None:
    from .models import PdfStatus, SwotPdf
    from .services import swot_pdf_make

    pdf = (
        SwotPdf.objects.select_related("module__phase__process__organisation", "municipality").filter(pk=pdf_id).first()
    )
    if pdf is None or pdf.status == PdfStatus.DONE:
        return
    swot_pdf_make(pdf=pdf)
