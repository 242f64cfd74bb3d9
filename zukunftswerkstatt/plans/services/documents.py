"""The plan as a document (PDF, DOCX): asked for by a person, made by the background task through
core/documents.py (docs/documents.md), the same content made only once."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zukunftswerkstatt.core.documents import document_build, document_queue
from zukunftswerkstatt.core.models import DocumentStatus
from zukunftswerkstatt.processes.models import Process

from .. import exports
from ..models import DocumentFormat, PlanExport, PlanVersion
from ..selectors import plan_rows

# Older documents of the same plan are deleted when a new one is ready.
KEEP_EXPORTS = 4


def _export_rows(*, process: Process, version: PlanVersion | None) -> list[dict]:
    return version.snapshot if version is not None and version.is_adopted else plan_rows(process=process)


def _export_title(version: PlanVersion | None) -> str:
    return version.title if version is not None else str(_("Action plan"))


def plan_export_request(
    *, process: Process, version: PlanVersion | None, file_format: str, show_failed: bool = False
) -> PlanExport:
    """The finished document of the plan as it is now, one being made, or a new one queued for the
    background worker. The same content is made only once (`key`). A failed one is built anew, unless
    `show_failed` (the team, who see why it failed and may build it again on the same row)."""
    if file_format not in DocumentFormat.values:
        raise ValidationError(_("Unknown document format."))
    key = exports.document_key(
        rows=_export_rows(process=process, version=version),
        process=process,
        version=version,
        title=_export_title(version),
        file_format=file_format,
    )
    # One being made is shared whatever its age: a build whose worker died is built again by
    # core.documents.document_recover, or given up as failed.
    shared = [DocumentStatus.DONE, DocumentStatus.PENDING, DocumentStatus.RUNNING]
    existing = (
        PlanExport.objects.filter(key=key, status__in=[*shared, DocumentStatus.FAILED] if show_failed else shared)
        .order_by(Case(When(status=DocumentStatus.DONE, then=0), default=1), "-created")  # a finished one first
        .first()
    )
    if existing is not None:
        return existing
    export = PlanExport.objects.create(
        process=process,
        version=version,
        file_format=file_format,
        key=key,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    document_queue(row=export)
    return export


def plan_export_make(export: PlanExport) -> PlanExport:
    """Lay out and store the document (called by the background task); a failure is kept on the row."""

    def render() -> tuple[bytes, int]:
        content = exports.plan_document_render(
            rows=_export_rows(process=export.process, version=export.version),
            process=export.process,
            version=export.version,
            title=_export_title(export.version),
            file_format=export.file_format,
        )
        return content, 0  # the page count of a DOCX is known only to a word processor

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    document_build(
        row=export, render=render, filename=f"werkstattplan-{export.process_id}-{stamp}.{export.file_format}"
    )
    if export.status == DocumentStatus.DONE:
        _exports_prune(export=export)
    return export


def _exports_prune(*, export: PlanExport) -> None:
    older = PlanExport.objects.filter(
        process_id=export.process_id, version_id=export.version_id, file_format=export.file_format
    ).order_by("-created", "-pk")[KEEP_EXPORTS:]
    for old in older:
        if old.file:
            old.file.delete(save=False)
        old.delete()
