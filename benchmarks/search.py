"""What German search costs: indexing, stored size and query time (core/search.py, docs/search.md).

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), times how
long the search terms of N contributions take to compute (first with cold caches, as after a
start, then warm), fills one idea collection with them (benchmarks/ideas.py's data), prints the
size of the stored terms next to the raw text (and on PostgreSQL the trigram indexes), and then
times searches: the selector's SQL alone (count + first page of ids) and the whole list page.

    .venv/bin/python benchmarks/search.py [--ideas 10000] [--runs 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zukunftswerkstatt .venv/bin/python benchmarks/search.py
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("DEBUG", "false")
# Production settings refuse to start without a secret key of their own (config/secret_key.py).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

LOAD_TIMER = (
    "import time; from zukunftswerkstatt.core import search; t = time.perf_counter(); "
    "search.terms('Spielplätze'); print(f'{time.perf_counter() - t:.2f}')"
)
QUERIES = ["", "Spielplatz", "Busse", "Jugendcafe", "Straße", "Ärzte", "Bus", "Spielplätze Markt", "Schwimmbad -Park"]


def median_ms(function, runs: int) -> tuple[float, float]:
    function()  # warm up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30, help="repetitions per query")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from ideas import fill  # benchmarks/ideas.py

    from zukunftswerkstatt.core import search
    from zukunftswerkstatt.ideas import selectors
    from zukunftswerkstatt.ideas.models import Idea

    host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "localhost")
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_search_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        module, ideas, _towns, _supports = fill(ideas=args.ideas, comments=1000, supports=1000, people=200)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(f"database: {connection.vendor}; {len(ideas)} contributions; load average {os.getloadavg()[0]:.1f}")

        # Indexing: the work the services do on every write, and the migration / command for all rows.
        # simplemma loads its German dictionary on the first word of a process; fill() has done that
        # here, so measure it in a fresh interpreter.
        load = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-c", LOAD_TIMER], capture_output=True, text=True, check=True
        ).stdout.strip()
        search.word_forms.cache_clear()
        for label in ("cold word cache", "warm word cache"):
            started = time.perf_counter()
            for idea in ideas:
                search.terms(idea.title)
                search.terms(idea.text, idea.place_name)
            took = time.perf_counter() - started
            print(f"index {len(ideas)} contributions ({label}): {took:.2f} s, {took / len(ideas) * 1000:.3f} ms each")
        print(f"  (first word of a process, loading simplemma's German data: {load} s)")
        started = time.perf_counter()
        Idea.objects.bulk_update(ideas, ["search_title_terms", "search_text_terms"], batch_size=1000)
        print(f"write the terms of {len(ideas)} contributions: {time.perf_counter() - started:.2f} s")

        raw = sum(len(i.title) + len(i.text) + len(i.place_name) for i in ideas)
        stored = sum(len(i.search_title_terms) + len(i.search_text_terms) for i in ideas)
        print(f"raw text {raw / 1e6:.2f} MB; stored terms {stored / 1e6:.2f} MB ({stored / raw:.0%} of the text)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for index in ("idea_search_title_trgm", "idea_search_text_trgm"):
                    cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s))", [index])
                    print(f"  {index}: {cursor.fetchone()[0]}")

        client = Client(HTTP_HOST=host)
        base = module.get_absolute_url()
        print(f"{'query':<22} {'found':>6} {'SQL ms':>8} {'page ms':>8} {'page p95':>9}")
        for query in QUERIES:
            filters = selectors.IdeaFilters(query=query)

            def sql(filters=filters):
                queryset = selectors.idea_list(module=module, filters=filters)
                return selectors.idea_page(queryset=queryset, number=1, per_page=20)

            found = sql().paginator.count
            sql_median, _ = median_ms(sql, args.runs)
            page_median, page_p95 = median_ms(lambda query=query: client.get(base, {"q": query}), args.runs)
            print(f"{query or '(no search)':<22} {found:>6} {sql_median:>8.1f} {page_median:>8.1f} {page_p95:>9.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
