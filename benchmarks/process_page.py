"""Server time and query count of the public pages of a process.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), fills it
with one organisation, a five-phase process and N modules per phase, then requests each page
many times through Django's test client and prints the median and 95th percentile.

    .venv/bin/python benchmarks/process_page.py [--modules 20] [--runs 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("DEBUG", "false")
# Production settings refuse to start without a secret key of their own (config/secret_key.py).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))


class QueryCounter(list):
    """A database execute wrapper that remembers each statement (Django resets its own log per request)."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=20, help="modules per phase")
    parser.add_argument("--runs", type=int, default=200, help="requests per page")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from zukunftswerkstatt.core.services import municipality_create, organisation_create
        from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint

        organisation = organisation_create(name="Benchmark-Verbund", slug="bench")
        towns = [municipality_create(organisation=organisation, name=f"Stadt {i}", ags=f"1452300{i}") for i in range(4)]
        process = process_create_from_blueprint(
            organisation=organisation,
            title="Benchmark",
            slug="benchmark",
            theme="Demografischer Wandel",
            start=timezone.now() - dt.timedelta(weeks=13),
            municipalities=towns,
            is_published=True,
        )
        for phase in process.phases.all():
            for i in range(args.modules):
                module_create(phase=phase, type="information", title=f"Modul {i}", description="Text " * 50)
        phase = process.phases.order_by("start")[2]
        module = phase.modules.first()
        pages = {
            "start page": "/",
            "process page": process.get_absolute_url(),
            "phase page": phase.get_absolute_url(),
            "module page": module.get_absolute_url(),
        }
        client = Client()
        print(f"database: {connection.vendor}; {args.modules} modules per phase; {args.runs} requests per page")
        print(f"{'page':<14} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, url in pages.items():
            client.get(url)  # warm up caches and templates
            queries = QueryCounter()
            with connection.execute_wrapper(queries):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            timings = []
            for _ in range(args.runs):
                started = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(f"{name:<14} {statistics.median(timings):>10.2f} {p95:>8.2f} {len(queries):>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
