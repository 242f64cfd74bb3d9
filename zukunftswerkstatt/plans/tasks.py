"""Background tasks (django-tasks): a plan of many measures takes seconds to lay out as PDF."""

from __future__ import annotations

from django_tasks import task


@task()
def plan_export_build(*, export_id: int) -> None:
    from zukunftswerkstatt.core.models import DocumentStatus

    from .models import PlanExport
    from .services import plan_export_make

    export = PlanExport.objects.select_related("process__organisation", "version").filter(pk=export_id).first()
    if export is None or export.status == DocumentStatus.DONE:
        return
    plan_export_make(export=export)
