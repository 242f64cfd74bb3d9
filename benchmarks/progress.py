"""Server time and query count of the interim review's public progress page, and the time to
build the review report's PDF, for an action plan of 200 measures.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), fills one
process with 200 measures (fields of action, towns, 3 milestones each), 4 progress entries per
measure, an indicator with 6 values on every fourth measure, and a review round with 300 people
rating every measure, then requests the pages many times through Django's test client and
builds the PDF a few times.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zukunftswerkstatt \\
        .venv/bin/python benchmarks/progress.py [--measures 200] [--runs 50] [--pdf-runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("DEBUG", "false")
# Production settings refuse to start without a secret key of their own (config/secret_key.py).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

TITLES = [
    "Bürgerbus",
    "Bänke in der Innenstadt",
    "Jugendtreff",
    "Nachbarschaftshilfe",
    "Barrierefreie Bushaltestellen",
    "Leerstandsbörse",
    "Dorfladen",
    "Radweg an der Göltzsch",
    "Seniorensport",
    "Glasfaser für Vereine",
]


class QueryCounter(list):
    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def fill(*, measures: int, raters: int, seed: int = 42):
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from zukunftswerkstatt.accounts.models import User
    from zukunftswerkstatt.core.services import municipality_create, organisation_create
    from zukunftswerkstatt.plans.models import Measure, MeasureStatus, Milestone
    from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint
    from zukunftswerkstatt.progress.models import Indicator, IndicatorValue, ProgressUpdate, Rating, ReviewRound

    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    now = timezone.now()
    today = timezone.localdate()
    organisation = organisation_create(name="Benchmark-Verbund", slug="bench")
    towns = [municipality_create(organisation=organisation, name=f"Stadt {i}", ags=f"1452300{i}") for i in range(4)]
    process = process_create_from_blueprint(
        organisation=organisation,
        title="Benchmark",
        slug="benchmark",
        theme="Demografischer Wandel",
        start=now - dt.timedelta(weeks=40),
        municipalities=towns,
        is_published=True,
    )
    module = module_create(phase=process.phases.get(type="review"), type="review", title="Zwischenbilanz")
    topics = list(organisation.topics.all())
    rows = [
        Measure(
            process=process,
            title=f"{rng.choice(TITLES)} {number}",
            description="Eine Maßnahme des Werkstattplans.",
            topic=rng.choice(topics),
            status=rng.choices(MeasureStatus.values, weights=[20, 50, 15, 10, 5])[0],
            percent_complete=rng.randint(0, 100),
            status_reason="Begründung",
        )
        for number in range(measures)
    ]
    created = Measure.objects.bulk_create(rows, batch_size=1000)
    Through = Measure.municipalities.through
    Through.objects.bulk_create(
        [
            Through(measure_id=m.pk, municipality_id=town.pk)
            for m in created
            for town in rng.sample(towns, rng.randint(0, 2))
        ]
    )
    Milestone.objects.bulk_create(
        [
            Milestone(
                measure=m,
                title=f"Meilenstein {i}",
                due_on=today + dt.timedelta(days=rng.randint(-200, 200)),
                done_on=today - dt.timedelta(days=5) if rng.random() < 0.4 else None,
            )
            for m in created
            for i in range(3)
        ]
    )
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(
                measure=m,
                date=today - dt.timedelta(days=30 * i),
                text="Es geht voran: " + " ".join(rng.choice(TITLES) for _ in range(20)),
                status=m.status,
                percent_complete=m.percent_complete,
            )
            for m in created
            for i in range(4)
        ]
    )
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                measure=m,
                name="Teilnehmende",
                unit="Personen",
                baseline_value=Decimal(10),
                baseline_date=today - dt.timedelta(days=400),
                target_value=Decimal(80),
                target_date=today + dt.timedelta(days=400),
            )
            for m in created[::4]
        ]
    )
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(indicator=i, date=today - dt.timedelta(days=60 * k), value=Decimal(rng.randint(10, 80)))
            for i in indicators
            for k in range(6)
        ]
    )
    password = make_password("benchmark")
    User.objects.bulk_create(
        [User(email=f"rater{i}@bench.example", display_name=f"Person {i}", password=password) for i in range(raters)],
        batch_size=2000,
    )
    user_ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    review_round = ReviewRound.objects.create(
        process=process,
        title="Zwischenbilanz",
        opens_at=now - dt.timedelta(days=30),
        closes_at=now - dt.timedelta(days=1),
    )
    Rating.objects.bulk_create(
        [
            Rating(
                review_round=review_round,
                measure=m,
                user_id=user_id,
                score=rng.randint(1, 5),
                comment="Läuft gut." if rng.random() < 0.02 else "",
            )
            for m in created
            for user_id in rng.sample(user_ids, min(len(user_ids), 30))
        ],
        batch_size=5000,
    )
    return module, review_round, towns, topics


def time_page(client, url: str, runs: int) -> tuple[float, float, int]:
    from django.db import connection

    client.get(url)
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)], len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=200)
    parser.add_argument("--raters", type=int, default=300)
    parser.add_argument("--runs", type=int, default=50, help="requests per page")
    parser.add_argument("--pdf-runs", type=int, default=3, help="PDF builds")
    args = parser.parse_args()

    import logging

    import django

    django.setup()
    # WeasyPrint reports every page it lays out and every CSS property it does not know.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "localhost")
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_progress_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        module, review_round, towns, topics = fill(measures=args.measures, raters=args.raters)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        filled = time.perf_counter() - started
        from zukunftswerkstatt.progress.models import Rating

        base = module.get_absolute_url()
        pages = {
            "progress page": base,
            "progress by town": f"{base}?view=town",
            "progress topic filter": f"{base}?topic={topics[0].pk}",
            "review report (web)": f"{base}rounds/{review_round.pk}/report/",
        }
        client = Client(HTTP_HOST=host)
        print(
            f"database: {connection.vendor}; {args.measures} measures, {Rating.objects.count()} ratings "
            f"(filled in {filled:.0f} s); {args.runs} requests per page; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        print(f"{'page':<24} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, url in pages.items():
            median, p95, queries = time_page(client, url, args.runs)
            print(f"{name:<24} {median:>10.2f} {p95:>8.2f} {queries:>8}")

        from zukunftswerkstatt.progress.printing import review_report_pdf

        timings, size, queries = [], 0, QueryCounter()
        for run in range(args.pdf_runs):
            started = time.perf_counter()
            if run == 0:
                with connection.execute_wrapper(queries):
                    pdf = review_report_pdf(review_round=review_round)
            else:
                pdf = review_report_pdf(review_round=review_round)
            timings.append(time.perf_counter() - started)
            size = len(pdf)
        import io

        from pypdf import PdfReader

        pages_count = len(PdfReader(io.BytesIO(pdf)).pages)
        print(
            f"review report PDF: median {statistics.median(timings):.2f} s over {args.pdf_runs} builds, "
            f"{pages_count} pages, {size / 1024:.0f} KiB, {len(queries)} queries"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
