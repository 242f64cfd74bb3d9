"""Server time and query count of the read API, open data files and feeds with 10,000 contributions.

Fills a throw-away database like benchmarks/ideas.py (10,000 contributions in one collection,
comments and supports, status changes and official answers), then requests each address many times
in-process through Django's test client and prints the median and 95th percentile. The issue's
budget: list endpoints under 30 ms, a fixed number of queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zukunftswerkstatt \\
        .venv/bin/python benchmarks/api.py [--ideas 10000] [--runs 100]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import logging  # noqa: E402

from ideas import QueryCounter, fill  # noqa: E402  (sets the environment for Django as well)

# A missing address is printed as "(not found)"; Django's own warning about it would only repeat that.
logging.getLogger("django.request").setLevel(logging.ERROR)


def time_address(client, url: str, runs: int) -> tuple[float, float, int, int, int] | None:
    import statistics

    from django.db import connection

    first = client.get(url)
    if first.status_code == 404:
        return None
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    size = len(response.content) if not response.streaming else len(b"".join(response.streaming_content))
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = client.get(url)
        if answer.streaming:
            b"".join(answer.streaming_content)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    return statistics.median(timings), p95, len(queries), size, response.status_code


def add_answers(ideas, rng_seed: int = 7) -> None:
    """Status changes and official answers on a tenth of the contributions, as the back office writes them."""
    import random

    from django.utils import timezone

    from zukunftswerkstatt.ideas.models import Idea, Status, StatusChange

    rng = random.Random(rng_seed)  # noqa: S311 - test data
    now = timezone.now()
    answered = rng.sample(ideas, len(ideas) // 10)
    changes = []
    for idea in answered:
        idea.official_answer = "Vielen Dank. Die Verwaltung prüft den Vorschlag bis zum Frühjahr."
        idea.answered_at = now
        changes.append(StatusChange(idea=idea, old_status=Status.NEW, new_status=idea.status, reason="Geprüft"))
    Idea.objects.bulk_update(answered, ["official_answer", "answered_at"], batch_size=2000)
    StatusChange.objects.bulk_create(changes, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--supports", type=int, default=40_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=100, help="requests per address")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    # The benchmark asks thousands of times from one address: no rate limit here.
    settings.RATE_LIMITS = {}
    host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "localhost")
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_api_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        module, ideas, towns, _supports = fill(
            ideas=args.ideas, comments=args.comments, supports=args.supports, people=args.people
        )
        add_answers(ideas)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        filled = time.perf_counter() - started
        process = module.phase.process
        org, slug = process.organisation.slug, process.slug
        base = f"/api/v1/organisations/{org}/processes/{slug}"
        client = Client(HTTP_HOST=host)
        deep = client.get(f"{base}/contributions?page_size=200")
        cursor_url = None
        if deep.status_code == 200:
            body = deep.json()
            for _ in range(20):  # the 21st page of 200: far into the list
                if not body.get("next"):
                    break
                cursor_url = body["next"].split(host, 1)[-1].removeprefix("http://").removeprefix("https://")
                cursor_url = cursor_url[cursor_url.index("/api/") :]
                body = client.get(cursor_url).json()
        addresses = {
            "organisations": "/api/v1/organisations",
            "organisation": f"/api/v1/organisations/{org}",
            "processes": f"/api/v1/organisations/{org}/processes",
            "process": base,
            "contributions": f"{base}/contributions",
            "contrib. 200/page": f"{base}/contributions?page_size=200",
            "contrib. page 21": cursor_url or f"{base}/contributions?page_size=200",
            "contrib. town": f"{base}/contributions?town={towns[1].pk}",
            "contrib. search": f"{base}/contributions?q=Spielplatz",
            "contribution": f"{base}/contributions/{ideas[len(ideas) // 2].pk}",
            "events": f"{base}/events",
            "measures": f"{base}/measures",
            "openapi.json": "/api/v1/openapi.json",
            "open data page": f"/open-data/{org}/{slug}/",
            "open data CSV": f"/open-data/{org}/{slug}/contributions.csv",
            "open data GeoJSON": f"/open-data/{org}/{slug}/contributions.geojson",
            "DCAT catalog": f"/open-data/{org}/catalog.rdf",
            "feed RSS": f"/feeds/{org}/{slug}/contributions.rss",
            "feed Atom": f"/feeds/{org}/{slug}/contributions.atom",
            "embed phase": f"/embed/{org}/{slug}/phase/",
            "embed contributions": f"/embed/{org}/{slug}/contributions/",
        }
        print(
            f"database: {connection.vendor}; {len(ideas)} contributions (filled in {filled:.0f} s); "
            f"{args.runs} requests per address; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        print(f"{'address':<22} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'bytes':>10}")
        for name, url in addresses.items():
            runs = args.runs if "open data C" not in name and "GeoJSON" not in name else max(args.runs // 10, 3)
            result = time_address(client, url, runs)
            if result is None:
                print(f"{name:<22} {'(not found)':>10}")
                continue
            median, p95, queries, size, _status = result
            print(f"{name:<22} {median:>10.2f} {p95:>8.2f} {queries:>8} {size:>10}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
