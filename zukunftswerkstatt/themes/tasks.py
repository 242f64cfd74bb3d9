"""The background task that computes suggested themes (in `manage.py task_worker`).

The task imports its service; the service does not know the task: the view that requested the run
queues it with `theme_run_queue` (docs/architecture.md, "Conventions").
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from .models import ThemeRun
from .services import theme_run_execute


@task()
def theme_run_task(*, run_pk: int) -> None:
    theme_run_execute(run_pk=run_pk)


def theme_run_queue(*, run: ThemeRun) -> None:
    """Ask the worker to compute the run once the current transaction has committed."""
    transaction.on_commit(lambda: theme_run_task.enqueue(run_pk=run.pk))
