"""`manage.py status`: what the background work looks like, plainly; non-zero when something is stuck."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils import timezone

from zukunftswerkstatt.core.selectors import operations_status


def _age(moment: dt.datetime | None, now: dt.datetime) -> str:
    if moment is None:
        return "-"
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


class Command(BaseCommand):
    help = (
        "Print the mail queue, the task queue and when each worker was last alive; exit 1 when something "
        "is stuck beyond the STATUS_* limits, 2 when the database cannot be reached (for monitoring)."
    )
    # The checks would need the database before `handle` can say plainly that it is unreachable.
    requires_system_checks = []

    def handle(self, *args, **options) -> None:
        try:
            status = operations_status()
        except DatabaseError as error:
            self.stdout.write(f"PROBLEM: the database cannot be reached ({str(error).strip().splitlines()[0]})")
            raise SystemExit(2) from error
        now = status.now
        write = self.stdout.write
        write(f"Status at {timezone.localtime(now):%Y-%m-%d %H:%M:%S %Z}")
        write(
            f"Mail queue:  {status.mails_waiting} waiting (oldest first try {_age(status.mail_oldest_waiting, now)}), "
            f"{status.mails_deferred} deferred or retried (oldest {_age(status.mail_oldest_deferred, now)})"
        )
        write(
            f"Tasks:       {status.tasks_waiting} waiting (oldest {_age(status.task_oldest_waiting, now)}), "
            f"{status.tasks_running} running (longest {_age(status.task_oldest_running, now)}), "
            f"{status.tasks_failed_last_day} failed in the last 24 h"
        )
        for worker in status.workers:
            seen = "never" if worker.last_seen is None else f"{_age(worker.last_seen, now)} ago"
            where = ", ".join(f"{row.hostname}:{row.pid}" for row in worker.processes)
            state = "alive" if worker.alive else "NOT ALIVE"
            write(f"{worker.label.capitalize() + ':':12} {state}, last seen {seen}" + (f" ({where})" if where else ""))
        if status.problems:
            for problem in status.problems:
                write(f"PROBLEM: {problem}")
            raise SystemExit(1)
        write("OK")
