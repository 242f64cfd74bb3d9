"""Building a document in the background: one way to mark, render, store or keep the failure.

A document row (the profile PDF, the SWOT PDF, …) has the fields `status` (core.models.DocumentStatus),
`language`, `file`, `size`, `page_count`, `duration_ms`, `finished_at` and `error`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from .models import DocumentStatus

logger = logging.getLogger(__name__)


def document_build(*, row, render: Callable[[], tuple[bytes, int]], filename: str):
    """Render the document in the language it was asked in and store it on the row.

    `render` returns the file's bytes and its number of pages. A failure is kept on the row
    (status "failed" with the error) instead of raising, so the person asking sees what happened.
    """
    type(row).objects.filter(pk=row.pk).update(status=DocumentStatus.RUNNING, modified=timezone.now())
    started = time.monotonic()
    try:
        with translation.override(row.language or settings.LANGUAGE_CODE):
            content, pages = render()
    except Exception as error:
        logger.exception("The document %s %s could not be made", type(row).__name__, row.pk)
        row.status = DocumentStatus.FAILED
        row.error = str(error)[:2000]
        row.finished_at = timezone.now()
        row.save(update_fields=["status", "error", "finished_at", "modified"])
        return row
    row.file.save(filename, ContentFile(content), save=False)
    row.size = len(content)
    row.page_count = pages
    row.duration_ms = int((time.monotonic() - started) * 1000)
    row.finished_at = timezone.now()
    row.status = DocumentStatus.DONE
    row.save(update_fields=["file", "size", "page_count", "duration_ms", "finished_at", "status", "modified"])
    return row
