"""Server time and query count of the SWOT pages with a lot of data.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), fills one SWOT
module with items for the association and four towns (default 10 per quadrant and scope: 200 items),
each citing contributions, inventory entries, indicators and documents and carrying comments (bulk
inserts), then requests each page many times through Django's test client and prints the median and
95th percentile. The PDFs are rendered a few times only (WeasyPrint takes seconds, not milliseconds).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zukunftswerkstatt \\
        .venv/bin/python benchmarks/swot.py [--per-quadrant 10] [--comments 20] [--runs 50]
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("DEBUG", "false")
# Production settings refuse to start without a secret key of their own (config/secret_key.py).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

INDICATORS = ["population", "population_change", "share_65_plus", "average_age", "births_per_1000"]


class QueryCounter(list):
    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def fill(*, per_quadrant: int, comments: int, seed: int = 42):
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from zukunftswerkstatt.accounts.models import Membership, Role, User
    from zukunftswerkstatt.conversation.models import Comment
    from zukunftswerkstatt.core.services import municipality_create, organisation_create
    from zukunftswerkstatt.ideas.models import Idea
    from zukunftswerkstatt.inventory.models import InventoryItem
    from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint
    from zukunftswerkstatt.swot.models import Quadrant, SwotDocument, SwotIndicator, SwotItem

    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    now = timezone.now()
    organisation = organisation_create(name="Benchmark-Verbund", slug="bench")
    towns = [municipality_create(organisation=organisation, name=f"Stadt {i}", ags=f"1452300{i}") for i in range(4)]
    process = process_create_from_blueprint(
        organisation=organisation,
        title="Benchmark",
        slug="benchmark",
        theme="Demografischer Wandel",
        start=now - dt.timedelta(weeks=13),
        municipalities=towns,
        is_published=True,
    )
    profile = process.phases.get(type="profile")
    module = module_create(phase=profile, type="swot", title="SWOT")
    inventory_module = module_create(phase=profile, type="inventory", title="Bestandsaufnahme", position=1)
    ideas_module = module_create(phase=process.phases.get(type="workshop"), type="ideas", title="Ideen")

    password = make_password("benchmark")
    people = User.objects.bulk_create(
        [User(email=f"person{i}@bench.example", display_name=f"Person {i}", password=password) for i in range(200)]
    )
    moderator = people[0]
    Membership.objects.create(user=moderator, organisation=organisation, role=Role.MODERATOR)
    ideas = Idea.objects.bulk_create(
        [
            Idea(
                module=ideas_module,
                reference=f"ZW-2026-{i:05d}",
                kind="proposal",
                title=f"Beitrag {i}",
                text="Text",
                author=rng.choice(people),
            )
            for i in range(300)
        ]
    )
    entries = InventoryItem.objects.bulk_create(
        [InventoryItem(module=inventory_module, title=f"Angebot {i}") for i in range(100)]
    )
    items = SwotItem.objects.bulk_create(
        [
            SwotItem(
                module=module,
                municipality=scope,
                quadrant=quadrant,
                statement=f"Aussage {n} ({quadrant})",
                explanation="Eine **Begründung** mit Belegen.\n\n- erstens\n- zweitens",
                position=n,
                comment_count=comments,
            )
            for scope in [None, *towns]
            for quadrant in Quadrant.values
            for n in range(per_quadrant)
        ],
        batch_size=2000,
    )
    SwotItem.ideas.through.objects.bulk_create(
        [
            SwotItem.ideas.through(swotitem_id=item.pk, idea_id=idea.pk)
            for item in items
            for idea in rng.sample(ideas, 3)
        ]
    )
    SwotItem.inventory_items.through.objects.bulk_create(
        [
            SwotItem.inventory_items.through(swotitem_id=item.pk, inventoryitem_id=entry.pk)
            for item in items
            for entry in rng.sample(entries, 2)
        ]
    )
    SwotIndicator.objects.bulk_create(
        [
            SwotIndicator(item=item, key=key, municipality=item.municipality, position=p)
            for item in items
            for p, key in enumerate(rng.sample(INDICATORS, 2))
        ]
    )
    SwotDocument.objects.bulk_create(
        [
            SwotDocument(item=item, title=f"Studie {p}", url=f"https://studie.example/{item.pk}/{p}", position=p)
            for item in items
            for p in range(2)
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(target=item, author=rng.choice(people), text="Das sehe ich auch so.")
            for item in items
            for _ in range(comments)
        ],
        batch_size=5000,
    )
    return module, items, towns, moderator


def time_page(client, url: str, runs: int) -> tuple[float, float, int]:
    from django.db import connection

    client.get(url)  # warm up caches and templates
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        response = client.get(url)
    assert response.status_code in (200, 302), (url, response.status_code)  # a PDF request redirects to its status page
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)], len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-quadrant", type=int, default=10, help="items per quadrant and scope")
    parser.add_argument("--comments", type=int, default=20, help="comments per item")
    parser.add_argument("--runs", type=int, default=50, help="requests per web page")
    parser.add_argument("--pdf-runs", type=int, default=3, help="requests per PDF")
    args = parser.parse_args()

    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "localhost")
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_swot_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        module, items, towns, moderator = fill(per_quadrant=args.per_quadrant, comments=args.comments)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        filled = time.perf_counter() - started
        base = module.get_absolute_url()
        from django.urls import reverse

        export = reverse("swot:export", args=[module.pk])
        pages = {
            "matrix (association)": (base, args.runs, False),
            "matrix (town)": (f"{base}?scope={towns[0].pk}", args.runs, False),
            "item detail": (items[0].get_absolute_url(), args.runs, False),
            "manage (moderator)": (reverse("swot:manage", args=[module.pk]), args.runs, True),
            "PDF request (queued)": (f"{export}?scope=every", args.runs, True),
        }
        visitor = Client(HTTP_HOST=host)
        staff = Client(HTTP_HOST=host)
        staff.force_login(moderator)
        print(
            f"database: {connection.vendor}; {len(items)} items ({args.per_quadrant} per quadrant and scope, "
            f"{len(towns) + 1} scopes), each with 3 contributions, 2 inventory entries, 2 indicators, 2 documents "
            f"and {args.comments} comments (filled in {filled:.0f} s); "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        print(f"{'page':<22} {'runs':>5} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, (url, runs, as_staff) in pages.items():
            median, p95, queries = time_page(staff if as_staff else visitor, url, runs)
            print(f"{name:<22} {runs:>5} {median:>10.2f} {p95:>8.2f} {queries:>8}")
        # The PDFs themselves are made by a background task; time its rendering.
        from zukunftswerkstatt.swot.models import PdfScope, SwotPdf
        from zukunftswerkstatt.swot.services import swot_pdf_render

        for name, scope in (("PDF one scope", PdfScope.ASSOCIATION), ("PDF every scope", PdfScope.EVERY)):
            timings = []
            for _ in range(args.pdf_runs):
                started = time.perf_counter()
                swot_pdf_render(pdf=SwotPdf(module=module, scope=scope))
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            median, p95 = statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)]
            print(f"{name:<22} {args.pdf_runs:>5} {median:>10.2f} {p95:>8.2f} {'-':>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
