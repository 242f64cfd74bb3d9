"""Background tasks (django-tasks): the review report's PDF takes seconds for a large plan."""

from __future__ import annotations

from django_tasks import task


@task()
def review_report_build(*, report_id: int) -> None:
    from zukunftswerkstatt.core.models import DocumentStatus

    from .models import ReviewReport
    from .services import review_report_make

    report = ReviewReport.objects.select_related("review_round__process__organisation").filter(pk=report_id).first()
    if report is None or report.status == DocumentStatus.DONE:
        return
    review_report_make(report=report)
