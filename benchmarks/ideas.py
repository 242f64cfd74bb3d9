"""Server time and query count of the idea collection's pages with a lot of data.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), fills one
idea collection with 10,000 contributions, 50,000 comments and 100,000 supports (bulk inserts,
with the counts and search terms the services would have written), then requests each page many
times through Django's test client and prints the median and 95th percentile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zukunftswerkstatt \\
        .venv/bin/python benchmarks/ideas.py [--ideas 10000] [--runs 100] [--explain]
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
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("DEBUG", "false")
# Production settings refuse to start without a secret key of their own (config/secret_key.py).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

WORDS = [
    "Spielplatz",
    "Spielplätze",
    "Bushaltestelle",
    "Busse",
    "Radweg",
    "Radwege",
    "Marktplatz",
    "Sitzbank",
    "Sitzbänke",
    "Jugendtreff",
    "Seniorentreff",
    "Ärztin",
    "Arzt",
    "Hausarzt",
    "Pflege",
    "Pflegedienst",
    "Schule",
    "Schulweg",
    "Kita",
    "Kindergarten",
    "Wohnung",
    "Wohnungen",
    "Leerstand",
    "Innenstadt",
    "Einkaufen",
    "Laden",
    "Läden",
    "Bäckerei",
    "Ehrenamt",
    "Verein",
    "Vereine",
    "Sportplatz",
    "Schwimmbad",
    "Bibliothek",
    "Internet",
    "Glasfaser",
    "Bürgerbüro",
    "Rathaus",
    "Straße",
    "Straßen",
    "Gehweg",
    "Gehwege",
    "Beleuchtung",
    "Park",
    "Parks",
    "Bäume",
    "Friedhof",
    "Kirche",
    "Fest",
    "Feste",
    "Begegnung",
    "Nachbarschaft",
    "Mitfahrbank",
    "Rufbus",
    "Bahnhof",
    "Zug",
    "Parkplatz",
    "Parkplätze",
    "Barrierefreiheit",
]
FILLER = [
    "und",
    "mit",
    "für",
    "die",
    "der",
    "das",
    "wir",
    "sollten",
    "mehr",
    "weniger",
    "endlich",
    "bitte",
    "dringend",
    "abends",
    "morgens",
    "gemeinsam",
]
PLACES = ["", "", "", "Marktplatz", "Bahnhof", "Stadtpark", "Schulstraße", "Göltzschtalbrücke", "Rathaus"]


class QueryCounter(list):
    """A database execute wrapper that remembers each statement (Django resets its own log per request)."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) if rng.random() < 0.4 else rng.choice(FILLER) for _ in range(words))


def fill(*, ideas: int, comments: int, supports: int, people: int, seed: int = 42):
    """One organisation, four towns, a process whose future workshop runs now, and one full idea collection."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from zukunftswerkstatt.accounts.models import User
    from zukunftswerkstatt.conversation.models import Comment
    from zukunftswerkstatt.core.models import TargetGroup
    from zukunftswerkstatt.core.services import municipality_create, organisation_create
    from zukunftswerkstatt.ideas.models import Follow, Idea, Kind, Status, Support
    from zukunftswerkstatt.ideas.services import idea_index_for_search
    from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint

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
    module = module_create(
        phase=process.phases.get(type="workshop"),
        type="ideas",
        title="Ideen",
        settings={"open_kinds": list(Kind.values), "allow_guests": True},
    )
    topics = list(organisation.topics.all())
    groups = list(TargetGroup.objects.all())

    password = make_password("benchmark")
    User.objects.bulk_create(
        [User(email=f"person{i}@bench.example", display_name=f"Person {i}", password=password) for i in range(people)],
        batch_size=2000,
    )
    user_ids = list(User.objects.order_by("pk").values_list("pk", flat=True))

    # `created` is auto_now_add; the contributions should be spread over the twelve weeks instead.
    created_field = Idea._meta.get_field("created")
    created_field.auto_now_add = False
    try:
        rows = []
        for number in range(ideas):
            idea = Idea(
                module=module,
                reference=f"ZW-2026-{number:05d}",
                kind=rng.choice(Kind.values),
                title=sentence(rng, rng.randint(3, 8))[:150].capitalize(),
                text=". ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(1, 6))),
                topic=rng.choice(topics + [None]),
                municipality=rng.choice(towns + [None]),
                place_name=rng.choice(PLACES),
                author_id=rng.choice(user_ids),
                status=rng.choices(Status.values, weights=[70, 15, 10, 2, 3, 1])[0],
                created=now - dt.timedelta(days=84) * (1 - number / ideas),
                modified=now,
            )
            if idea.place_name:
                idea.latitude, idea.longitude = round(50.4 + rng.random() / 5, 6), round(12.3 + rng.random() / 5, 6)
            idea_index_for_search(idea)
            rows.append(idea)
        created_ideas = Idea.objects.bulk_create(rows, batch_size=2000)
    finally:
        created_field.auto_now_add = True
    idea_ids = [idea.pk for idea in created_ideas]

    Through = Idea.target_groups.through
    Through.objects.bulk_create(
        [
            Through(idea_id=idea_id, targetgroup_id=group.pk)
            for idea_id in idea_ids
            for group in rng.sample(groups, rng.randint(0, 2))
        ],
        batch_size=5000,
    )
    Follow.objects.bulk_create(
        [Follow(idea_id=idea.pk, user_id=idea.author_id) for idea in created_ideas], batch_size=5000
    )

    # Popularity is uneven: a few contributions get many supports and comments, most get a few.
    weights = [min(rng.paretovariate(1.5), 50) for _ in idea_ids]
    support_rows = []
    wanted = Counter(rng.choices(idea_ids, weights=weights, k=supports))
    spare = 0  # supports beyond the number of people move to other contributions
    for idea_id in idea_ids:
        count = wanted[idea_id] + spare
        spare = max(count - len(user_ids), 0)
        for user_id in rng.sample(user_ids, count - spare):
            support_rows.append(Support(idea_id=idea_id, user_id=user_id))
    Support.objects.bulk_create(support_rows, batch_size=5000)

    top_level = int(comments * 0.7)
    idea_type = ContentType.objects.get_for_model(Idea)
    tops = Comment.objects.bulk_create(
        [
            Comment(
                content_type=idea_type,
                object_id=idea_id,
                author_id=rng.choice(user_ids),
                text=sentence(rng, rng.randint(5, 40)),
            )
            for idea_id in rng.choices(idea_ids, weights=weights, k=top_level)
        ],
        batch_size=5000,
    )
    replies = Comment.objects.bulk_create(
        [
            Comment(
                content_type=idea_type,
                object_id=parent.object_id,
                parent=parent,
                author_id=rng.choice(user_ids),
                text=sentence(rng, 12),
            )
            for parent in rng.choices(tops, k=comments - top_level)
        ],
        batch_size=5000,
    )

    # The counts the services keep, written in one pass per contribution.
    comment_counts = Counter(c.object_id for c in [*tops, *replies])
    supported = Counter(s.idea_id for s in support_rows)
    for idea in created_ideas:
        idea.support_count = supported[idea.pk]
        idea.comment_count = comment_counts[idea.pk]
    Idea.objects.bulk_update(created_ideas, ["support_count", "comment_count"], batch_size=2000)
    return module, created_ideas, towns, len(support_rows)


def time_page(client, url: str, runs: int, *, fresh_visitor: bool = False) -> tuple[float, float, int]:
    """Median and p95 in ms, and the queries of one request. `fresh_visitor`: every request comes
    without cookies, as a new visitor's (the page cache's case)."""
    from django.db import connection

    client.get(url)  # warm up caches and templates
    if fresh_visitor:
        client.cookies.clear()
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        if fresh_visitor:
            client.cookies.clear()
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)], len(queries)


def explain(client, url: str) -> None:
    """Print the plan of every query of a page that takes more than a millisecond (PostgreSQL)."""
    from django.db import connection

    captured = []

    def keep(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        client.get(url)
    with connection.cursor() as cursor:
        for sql, params in captured:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
            took = float(plan[-1].split(":")[1].split()[0])
            if took > 1:
                print(f"\n--- {took:.1f} ms: {sql[:160]}…")
                print("\n".join(plan))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--supports", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=100, help="requests per page")
    parser.add_argument("--explain", action="store_true", help="print query plans of slow queries (PostgreSQL)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    # No setup_test_environment(): it makes every template render copy its context for the test
    # client, which costs more than a third of a list page. The host is one the settings allow.
    host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "localhost")
    old_name = connection.settings_dict["NAME"]
    # A name of its own, so that it never clobbers the test database of a test run going on.
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_ideas_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        module, ideas, towns, support_total = fill(
            ideas=args.ideas, comments=args.comments, supports=args.supports, people=args.people
        )
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a bulk load: statistics, and the visibility map
            # that index-only scans need.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        filled = time.perf_counter() - started

        from zukunftswerkstatt.conversation.models import Comment

        # A contribution with a typical discussion: the one whose comment count is closest to 20.
        typical = min(ideas, key=lambda idea: (abs(idea.comment_count - 20), idea.pk))
        busiest = max(ideas, key=lambda idea: idea.comment_count)
        base = module.get_absolute_url()
        pages = {
            "list": base,
            "list kind+town": f"{base}?kind=proposal&town={towns[1].pk}",
            "list search": f"{base}?q=Spielplatz",
            "list supported": f"{base}?sort=supported",
            "list random": f"{base}?sort=random",
            "list page 200": f"{base}?page=200",
            f"detail ({typical.comment_count} c.)": typical.get_absolute_url(),
            f"detail ({busiest.comment_count} c.)": busiest.get_absolute_url(),
        }
        client = Client(HTTP_HOST=host)
        print(
            f"database: {connection.vendor}; {len(ideas)} contributions, {Comment.objects.count()} comments, "
            f"{support_total} supports (filled in {filled:.0f} s); {args.runs} requests per page; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        print(
            f"{'page':<20} {'median ms':>10} {'p95 ms':>8} {'queries':>8}   "
            f"{'visitor, cached: median ms':>27} {'p95 ms':>7} {'queries':>8}"
        )
        for name, url in pages.items():
            settings.VISITOR_CACHE_SECONDS = 0
            median, p95, queries = time_page(client, url, args.runs)
            # The same page for visitors without an account, from the page cache (core/pagecache.py;
            # the in-process cache here, Redis in production).
            settings.VISITOR_CACHE_SECONDS = 60
            cached = time_page(Client(HTTP_HOST=host), url, args.runs, fresh_visitor=True)
            print(
                f"{name:<20} {median:>10.2f} {p95:>8.2f} {queries:>8}   "
                f"{cached[0]:>27.2f} {cached[1]:>7.2f} {cached[2]:>8}"
            )
        if args.explain and connection.vendor == "postgresql":
            for name, url in pages.items():
                print(f"\n===== {name}: {url}")
                explain(client, url)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
