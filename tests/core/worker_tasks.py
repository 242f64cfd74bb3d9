"""Tasks the worker tests enqueue; importable by a worker process started from the repository root."""

from django_tasks import task


@task()
def double(number: int) -> int:
    return number * 2
