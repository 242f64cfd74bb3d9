"""Throughput of the idea pages for visitors without an account, with and without the page cache.

Fills a throw-away database with one idea collection (10,000 contributions, 50,000 comments, 100,000
supports by default; the same data as benchmarks/ideas.py), starts gunicorn as in production
(deploy/gunicorn.conf.py, 2 sync workers, DEBUG off, Redis as the cache) on a free port of
127.0.0.1, and runs `wrk -t2 -c10 -d20s` against the idea list and a contribution's page: once with
the page cache off (VISITOR_CACHE_SECONDS=0), once on. Needs wrk (Debian: apt-get install wrk) and
Redis on 127.0.0.1:6379 (database 8 is flushed).

    .venv/bin/python benchmarks/page_cache.py                  # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_page_cache_bench .venv/bin/python benchmarks/page_cache.py

The PostgreSQL database named in DATABASE_URL is dropped and created again.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

REDIS = "redis://127.0.0.1:6379/8"


def wrk(url: str, seconds: int) -> tuple[float, str, str]:
    """Requests per second, median and 99th-percentile latency as wrk prints them."""
    result = subprocess.run(  # noqa: S603
        [shutil.which("wrk") or "wrk", "-t2", "-c10", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    # The latency distribution's own lines ("     50%  7.66ms"), not a "+/- Stdev 62.50%" elsewhere.
    median = re.search(r"^\s+50%\s+(\S+)", result.stdout, re.MULTILINE).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", result.stdout, re.MULTILINE).group(1)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} answers were not 200\n{result.stdout}")
    return rate, median, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--supports", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=20)
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing (Debian: apt-get install wrk)")

    import redis
    from workshops import free_port, fresh_database  # benchmarks/workshops.py

    redis.Redis.from_url(REDIS).flushdb()
    environment = {
        **os.environ,
        "DATABASE_URL": fresh_database(os.environ.get("DATABASE_URL", "")),
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "SECURE_COOKIES": "false",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CACHE_URL": REDIS,
    }
    os.environ.update(environment)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=environment, check=True)  # noqa: S603

    import django

    django.setup()
    from django.db import connections
    from ideas import fill

    started = time.perf_counter()
    module, ideas, _towns, _supports = fill(
        ideas=arguments.ideas, comments=arguments.comments, supports=arguments.supports, people=3000
    )
    typical = min(ideas, key=lambda idea: (abs(idea.comment_count - 20), idea.pk))
    pages = {"idea list": module.get_absolute_url(), "contribution (about 20 comments)": typical.get_absolute_url()}
    if connections["default"].vendor == "postgresql":
        with connections["default"].cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    connections.close_all()
    filled = time.perf_counter() - started
    vendor = "PostgreSQL" if environment["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(
        f"{vendor}: {arguments.ideas} contributions, {arguments.comments} comments, {arguments.supports} supports "
        f"(filled in {filled:.0f} s); gunicorn, 2 sync workers; wrk -t2 -c10 -d{arguments.seconds}s"
    )
    print(f"{'page':<34} {'page cache':<11} {'requests/s':>10} {'median':>9} {'p99':>9}")
    for cache_seconds in ("0", "60"):
        port = free_port()
        log = open(Path(tempfile.gettempdir()) / "zw-bench-page-cache.log", "a")  # noqa: SIM115
        server = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
                "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2",
            ],
            cwd=ROOT,
            env={**environment, "VISITOR_CACHE_SECONDS": cache_seconds},
            stdout=log,
            stderr=log,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            for _attempt in range(300):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=1).read()  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.2)
            for name, path in pages.items():
                for _warm in range(3):
                    with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
                        state = response.headers.get("X-Visitor-Cache", "-")
                rate, median, p99 = wrk(base + path, arguments.seconds)
                label = "on (" + state + ")" if cache_seconds != "0" else "off"
                print(f"{name:<34} {label:<11} {rate:>10.0f} {median:>9} {p99:>9}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
