"""The background task that sends an issue in batches (in `manage.py task_worker`)."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task


@task()
def issue_send_task(*, issue_pk: int) -> None:
    from .services import issue_send_run

    issue_send_run(issue_pk=issue_pk)


def issue_send_queue(*, issue) -> None:
    """Ask the worker to send the issue once the current transaction has committed."""
    transaction.on_commit(lambda: issue_send_task.enqueue(issue_pk=issue.pk))
