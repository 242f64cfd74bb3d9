"""Background tasks (django-tasks): the municipal profile as PDF."""

from __future__ import annotations

from django_tasks import task


@task()
def profile_pdf_build(*, pdf_id: int) -> None:
    from .models import PdfStatus, ProfilePdf
    from .services import profile_pdf_make

    pdf = ProfilePdf.objects.select_related("module__phase__process__organisation").filter(pk=pdf_id).first()
    if pdf is None or pdf.status == PdfStatus.DONE:
        return
    profile_pdf_make(pdf=pdf)
