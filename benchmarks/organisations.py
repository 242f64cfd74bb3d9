"""Many organisations on one installation: do the pages stay within their query budgets and fast?

Fills a throw-away database with 200 organisations (each with its fields of action, legal pages and
two towns), 1,000 processes (five per organisation, from the blueprint) and 500,000 contributions
spread over their idea collections (unevenly: a few busy collections, many small ones), then
requests the platform's start page, an organisation's page, a process page and the idea list and a
contribution of the busiest collection many times through Django's test client (in-process, as
benchmarks/ideas.py does) and prints median, 95th percentile and queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zukunftswerkstatt .venv/bin/python benchmarks/organisations.py
    .venv/bin/python benchmarks/organisations.py --organisations 20 --contributions 20000   # a quick try, SQLite

The database is a test database of its own (created and dropped), never the one DATABASE_URL names.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

WORDS = [
    "Spielplatz",
    "Bushaltestelle",
    "Radweg",
    "Marktplatz",
    "Sitzbank",
    "Jugendclub",
    "Arztpraxis",
    "Bürgerbus",
    "Ehrenamt",
    "Wohnen",
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def fill(*, organisations: int, processes_each: int, contributions: int, seed: int = 7) -> dict:
    from django.utils import timezone

    from zukunftswerkstatt.accounts.models import User
    from zukunftswerkstatt.core.models import Municipality
    from zukunftswerkstatt.core.services import organisation_create
    from zukunftswerkstatt.ideas.models import Idea, Kind
    from zukunftswerkstatt.ideas.services import idea_index_for_search
    from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint

    rng = random.Random(seed)  # noqa: S311 - test data
    now = timezone.now()
    author = User.objects.create_user(email="author@bench.example", password=None)
    modules = []
    for number in range(organisations):
        organisation = organisation_create(name=f"Gemeinde {number:03d}", slug=f"gemeinde-{number:03d}")
        towns = Municipality.objects.bulk_create(
            [
                Municipality(organisation=organisation, name=f"Ort {number}-{t}", ags=f"{14000000 + number * 10 + t}")
                for t in range(2)
            ]
        )
        for p in range(processes_each):
            process = process_create_from_blueprint(
                organisation=organisation,
                title=f"Zukunft {number}-{p}",
                slug=f"zukunft-{p}",
                theme="Demografischer Wandel",
                start=now - dt.timedelta(weeks=13 + p),
                municipalities=towns,
                is_published=True,
            )
            phase = process.phases.get(type="workshop")
            modules.append(
                module_create(phase=phase, type="ideas", title="Ideen", settings={"open_kinds": list(Kind.values)})
            )
    # A few collections are busy, most are small (Pareto), all 500,000 in all.
    weights = [min(rng.paretovariate(1.2), 200) for _ in modules]
    total = sum(weights)
    counts = [int(contributions * weight / total) for weight in weights]
    counts[0] += contributions - sum(counts)
    # Search terms are computed for a pool of texts and reused: the stemming is not what is measured.
    pool = []
    for _n in range(500):
        idea = Idea(title=sentence(rng, 5).capitalize(), text=sentence(rng, 30), place_name="")
        idea_index_for_search(idea)
        pool.append(idea)
    created_field = Idea._meta.get_field("created")
    created_field.auto_now_add = False
    try:
        batch = []
        for index, (module, count) in enumerate(zip(modules, counts, strict=True)):
            for n in range(count):
                text = pool[(index + n) % len(pool)]
                batch.append(
                    Idea(
                        module=module,
                        reference=f"ZW-B-{index:04d}-{n:06d}",
                        kind=Kind.values[n % len(Kind.values)],
                        title=text.title,
                        text=text.text,
                        search_title_terms=text.search_title_terms,
                        search_text_terms=text.search_text_terms,
                        author=author,
                        created=now - dt.timedelta(minutes=n),
                        modified=now,
                    )
                )
                if len(batch) >= 10_000:
                    Idea.objects.bulk_create(batch)
                    batch.clear()
        Idea.objects.bulk_create(batch)
    finally:
        created_field.auto_now_add = True
    busiest = modules[max(range(len(modules)), key=counts.__getitem__)]
    return {"busiest": busiest, "busiest_count": max(counts), "modules": modules}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=200)
    parser.add_argument("--processes", type=int, default=5, help="processes per organisation")
    parser.add_argument("--contributions", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from ideas import time_page  # benchmarks/ideas.py: median, p95 and queries of one page

    from zukunftswerkstatt.core.models import Organisation
    from zukunftswerkstatt.ideas.models import Idea

    host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "localhost")
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_organisations_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        made = fill(organisations=args.organisations, processes_each=args.processes, contributions=args.contributions)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        filled = time.perf_counter() - started
        busiest = made["busiest"]
        process = busiest.phase.process
        organisation = process.organisation
        idea = Idea.objects.filter(module=busiest).order_by("-pk").first()
        pages = {
            "start page (all organisations)": "/",
            "organisation page": organisation.get_absolute_url(),
            "process page": process.get_absolute_url(),
            f"idea list ({made['busiest_count']} contributions)": busiest.get_absolute_url(),
            "contribution": idea.get_absolute_url(),
        }
        print(
            f"database: {connection.vendor}; {Organisation.objects.count()} organisations, "
            f"{process.__class__.objects.count()} processes, {Idea.objects.count()} contributions "
            f"(filled in {filled:.0f} s); {args.runs} requests per page; anonymous visitor"
        )
        print(f"{'page':<40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}   {'cached: median':>15} {'p95':>6}")
        for name, url in pages.items():
            settings.VISITOR_CACHE_SECONDS = 0
            median, p95, queries = time_page(Client(HTTP_HOST=host), url, args.runs)
            settings.VISITOR_CACHE_SECONDS = 60  # the page cache (core/pagecache.py), in-process here
            cached = time_page(Client(HTTP_HOST=host), url, args.runs)
            print(f"{name:<40} {median:>10.2f} {p95:>8.2f} {queries:>8}   {cached[0]:>15.2f} {cached[1]:>6.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
