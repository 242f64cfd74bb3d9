"""How long the municipal profile document takes with the Göltzschtal demo data.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), loads the
demo (inventory, SWOT, demography, …), then measures the web page (server time, queries) and the
PDF (context, HTML, WeasyPrint layout and writing) and prints the median of several runs.

    .venv/bin/python benchmarks/reports.py [--runs 3] [--page-runs 20]
"""

from __future__ import annotations

import argparse
import logging
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


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="PDFs to make")
    parser.add_argument("--page-runs", type=int, default=20, help="requests of the web page")
    args = parser.parse_args()

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from django.conf import settings
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "localhost")
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_reports_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from zukunftswerkstatt.core.pdf import pdf_document
        from zukunftswerkstatt.demo.services import demo_load
        from zukunftswerkstatt.processes.models import Module
        from zukunftswerkstatt.reports import selectors, services

        started = time.perf_counter()
        demo_load()
        loaded = time.perf_counter() - started
        module = Module.objects.select_related("phase__process__organisation").get(type="profile_document")
        print(
            f"database: {connection.vendor}; demo loaded in {loaded:.1f} s; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )

        client = Client(HTTP_HOST=host)
        url = module.get_absolute_url()
        client.get(url)
        times = []
        for _run in range(args.page_runs):
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - begin)
            assert response.status_code == 200
        print(f"web page {url}: median {median_ms(times)}, {len(queries)} queries, {len(response.content):,} bytes")

        steps: dict[str, list[float]] = {"context": [], "html": [], "layout": [], "write": [], "total": []}
        pages = size = 0
        with translation.override("de"):
            for _run in range(args.runs):
                t0 = time.perf_counter()
                context = selectors.document_context(module=module, for_print=True)
                t1 = time.perf_counter()
                html = render_to_string("reports/pdf.html", context)
                t2 = time.perf_counter()
                document = pdf_document(html)
                t3 = time.perf_counter()
                pdf = document.write_pdf()
                t4 = time.perf_counter()
                for key, value in zip(steps, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0), strict=True):
                    steps[key].append(value)
                pages, size = len(document.pages), len(pdf)
        print(f"PDF: {pages} pages, {size / 1024:.0f} KiB; median of {args.runs} runs:")
        for key, samples in steps.items():
            print(f"  {key:8} {median_ms(samples)}")

        # The whole background task, as the worker runs it (stores the file and the row).
        from zukunftswerkstatt.reports.models import ProfilePdf

        pdf_row = ProfilePdf.objects.create(module=module)
        begin, cpu = time.perf_counter(), time.process_time()
        services.profile_pdf_make(pdf=pdf_row)
        print(
            f"background build (core document task): {(time.perf_counter() - begin) * 1000:.0f} ms wall clock, "
            f"{(time.process_time() - cpu) * 1000:.0f} ms CPU ({pdf_row.status}); "
            f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
            "(on a busy machine the wall clock is the CPU time times the waiting)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
