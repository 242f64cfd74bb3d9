"""Background tasks (django-tasks): a plan of many measures takes seconds to lay out as PDF.

The service queues this task by its dotted path (PlanExport.build_task, core.documents.document_queue),
so the services never import the tasks and there is no import loop between them.
"""

from __future__ import annotations

from django_tasks import task

from zukunftswerkstatt.core.models import DocumentStatus

from .models import PlanExport
from .services.documents import plan_export_make


@task()
def plan_export_build(*, export_id: int) -> None:
    export = PlanExport.objects.select_related("process__organisation", "version").filter(pk=export_id).first()
    if export is None or export.status == DocumentStatus.DONE:
        return
    plan_export_make(export=export)
