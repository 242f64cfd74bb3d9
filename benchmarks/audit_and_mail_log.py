"""Time to forget one person's mails in a full mail log, and the audit log page with many entries.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL) with --mails
logged mails (a month of mail of a busy installation: each a real django-mailer row with the whole
message pickled) and --entries audit log entries, then times `mail_log_forget` for one address
(it must read every row: the message is pickled) and `mail_log_purge`, and the audit page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_mine \\
        .venv/bin/python benchmarks/audit_and_mail_log.py [--mails 20000] [--entries 50000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "false")


class QueryCounter(list):
    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=20000)
    parser.add_argument("--entries", type=int, default=50000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_audit_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from mailer.models import MessageLog, email_to_db

        from zukunftswerkstatt.accounts.models import Membership, Role, User
        from zukunftswerkstatt.core.maillog import mail_log_forget, mail_log_purge
        from zukunftswerkstatt.core.models import AuditAction, AuditEntry
        from zukunftswerkstatt.core.services import organisation_create

        now = timezone.now()
        body = "Guten Tag,\n\n" + "der Status Ihres Beitrags hat sich geändert. " * 20
        rows = []
        for n in range(args.mails):
            message = EmailMultiAlternatives(
                subject=f"Neuigkeiten {n}", body=body, to=[f"person{n % 5000}@example.org"]
            )
            message.attach_alternative(f"<p>{body}</p>", "text/html")
            rows.append(
                MessageLog(
                    message_data=email_to_db(message),
                    message_id=f"<{n}@bench>",
                    when_added=now,
                    when_attempted=now - dt.timedelta(minutes=n * 2),
                    priority=2,
                    result="1",
                    log_message="",
                )
            )
        MessageLog.objects.bulk_create(rows, batch_size=2000)
        started = time.perf_counter()
        deleted = mail_log_forget(addresses=["person42@example.org"])
        forget = time.perf_counter() - started
        started = time.perf_counter()
        purged = mail_log_purge(days=30)
        purge = time.perf_counter() - started
        print(
            f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n"
            f"mail_log_forget over {args.mails} logged mails: {forget * 1000:.0f} ms ({deleted} deleted)\n"
            f"mail_log_purge (30 days): {purge * 1000:.0f} ms ({purged} deleted)"
        )

        organisation = organisation_create(name="Benchmark-Verbund", slug="bench")
        admin = User.objects.create_user(email="admin@bench.example", password=None, display_name="Admin")
        Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
        actions = AuditAction.values
        AuditEntry.objects.bulk_create(
            (
                AuditEntry(
                    organisation=organisation,
                    actor=admin,
                    actor_name="Admin (admin@bench.example)",
                    action=actions[n % len(actions)],
                    object_repr=f"Objekt {n}",
                    details={"from": "new", "to": "accepted"},
                    created=now - dt.timedelta(minutes=n),
                )
                for n in range(args.entries)
            ),
            batch_size=2000,
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(admin)
        for query in ("", "?action=idea.hidden", "?page=500"):
            client.get(f"/o/bench/audit/{query}")
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                started = time.perf_counter()
                response = client.get(f"/o/bench/audit/{query}")
                elapsed = time.perf_counter() - started
            print(
                f"audit page {query or '(first page)'} of {args.entries} entries: {elapsed * 1000:.0f} ms, "
                f"{len(counter)} queries, {response.status_code}"
            )
        started = time.perf_counter()
        response = client.get("/o/bench/audit/download/")
        print(f"audit CSV of {args.entries} entries: {(time.perf_counter() - started) * 1000:.0f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
