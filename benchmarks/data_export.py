"""Time to build a heavy user's data download (ZIP with data.json, index.html and uploads) and the
"My contributions" page's query count and time for the same person.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL) with one person
who wrote --ideas contributions (--pictures of them with a picture) and --comments comments, and
who has one of every other kind of personal thing; then builds the ZIP --runs times.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_mydata \\
        .venv/bin/python benchmarks/data_export.py [--ideas 500] [--comments 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "false")
# Production settings refuse to start without a secret key of their own (config/secret_key.py).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))


class QueryCounter(list):
    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=500)
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--pictures", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="zw-bench-media-")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_export_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.personal_things import make_everything, png, stage_for
        from zukunftswerkstatt.accounts.data_export import build_zip
        from zukunftswerkstatt.accounts.models import User
        from zukunftswerkstatt.conversation.models import Comment
        from zukunftswerkstatt.core.services import municipality_create, organisation_create
        from zukunftswerkstatt.ideas.models import Idea
        from zukunftswerkstatt.processes.services import process_create_from_blueprint

        organisation = organisation_create(name="Benchmark-Verbund", slug="bench")
        town = municipality_create(organisation=organisation, name="Stadt", ags="14523001")
        process = process_create_from_blueprint(
            organisation=organisation,
            title="Benchmark",
            slug="benchmark",
            theme="Demografischer Wandel",
            start=timezone.now() - dt.timedelta(weeks=12),
            municipalities=[town],
            is_published=True,
        )
        password = None  # nobody logs in with a password here
        person = User.objects.create_user(email="viel@bench.example", password=password, display_name="Viel")
        staff = User.objects.create_user(email="staff@bench.example", password=password)
        stage = stage_for(process, by=staff)
        make_everything(person, stage, marker="Bench")
        ideas = Idea.objects.bulk_create(
            Idea(
                module=stage.ideas_module,
                reference=f"ZW-2026-{n:05d}",
                kind="proposal",
                title=f"Idee {n}",
                text="Ein Satz. " * 40,
                author=person,
            )
            for n in range(args.ideas)
        )
        for idea in ideas[: args.pictures]:
            idea.image = png()
            idea.save(update_fields=["image"])
        Comment.objects.bulk_create(
            (
                Comment(target=ideas[n % len(ideas)], author=person, text=f"Kommentar {n}. " + "Wort " * 30)
                for n in range(args.comments)
            ),
            batch_size=1000,
        )
        if os.environ.get("PROFILE"):
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(build_zip, user=person)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        timings, queries = [], QueryCounter()
        for run in range(args.runs):
            started = time.perf_counter()
            if run == 0:
                with connection.execute_wrapper(queries):
                    archive = build_zip(user=person)
            else:
                archive = build_zip(user=person)
            timings.append(time.perf_counter() - started)
        size = len(archive.read())
        archive.seek(0)
        names = zipfile.ZipFile(archive).namelist()
        print(
            f"database: {connection.vendor}; {args.ideas} contributions ({args.pictures} with a picture), "
            f"{args.comments} comments; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        print(
            f"data download ZIP: median {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms "
            f"over {args.runs} builds; {size / 1024:.0f} KiB, {len(names)} files, {len(queries)} queries"
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(person)
        client.get("/progress/mine/")
        page_queries = QueryCounter()
        with connection.execute_wrapper(page_queries):
            started = time.perf_counter()
            response = client.get("/progress/mine/")
            elapsed = time.perf_counter() - started
        print(f"my contributions page: {elapsed * 1000:.0f} ms, {len(page_queries)} queries, {response.status_code}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
