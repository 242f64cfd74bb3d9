"""Import and projection times of the demography app, and the dashboard with all that data.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), then measures:

* importing one template file of 20 years × 4 towns × 101 ages (both sexes in one row: 16,160 figures);
* computing a projection with three scenarios for the 4 towns over 20 years (plain Python);
* the engine alone: one scenario, 4 towns, 20 years;
* the dashboard page (median of --runs requests) and its query count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_demography \\
        .venv/bin/python benchmarks/demography.py [--years 20] [--runs 20]
"""

from __future__ import annotations

import argparse
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

TOWNS = [("Auerbach/Vogtl.", "14523020"), ("Falkenstein/Vogtl.", "14523120"), ("Rodewisch", "14523360"),
         ("Ellefeld", "14523090")]  # fmt: skip


def template_file(years: range) -> bytes:
    lines = ["AGS;Stichtag;Alter;männlich;weiblich"]
    for index, (_name, ags) in enumerate(TOWNS):
        for year in years:
            for age in range(101):
                men = max(1, (60 - abs(age - 55)) * (4 - index) + year % 7)
                women = max(1, (62 - abs(age - 58)) * (4 - index) + year % 5)
                lines.append(f"{ags};31.12.{year};{age};{men};{women}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "localhost")
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_demography_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from zukunftswerkstatt.core.models import Municipality, Organisation
        from zukunftswerkstatt.demography import projection as engine
        from zukunftswerkstatt.demography import services
        from zukunftswerkstatt.demography.models import PopulationCount
        from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint

        organisation = Organisation.objects.create(name="Städteverbund Göltzschtal", slug="goeltzschtal")
        towns = [Municipality.objects.create(organisation=organisation, name=n, ags=a) for n, a in TOWNS]
        first_year = 2024 - args.years
        years = range(first_year, 2024)
        content = template_file(years)

        started = time.perf_counter()
        services.batch_import(
            organisation=organisation, user=None, file_format="age_template", content=content,
            file_name="benchmark.csv", source="Benchmark",
        )  # fmt: skip
        import_seconds = time.perf_counter() - started
        figures = PopulationCount.objects.count()

        started = time.perf_counter()
        services.projection_save(
            organisation=organisation, user=None, title="Benchmark", base_year=2023, horizon_year=2043,
            explanation="Benchmark", life_table="de_2022_24", migration_profile="rogers_castro",
            scenarios=[
                {"name": "niedrig", "total_fertility_rate": "1.45", "net_migration_per_1000": "-3"},
                {"name": "mittel", "total_fertility_rate": "1.55", "net_migration_per_1000": "0"},
                {"name": "hoch", "total_fertility_rate": "1.65", "net_migration_per_1000": "3"},
            ],
        )  # fmt: skip
        projection_seconds = time.perf_counter() - started

        table = engine.life_table()
        fertility = engine.scaled_fertility(1.55)
        base = [([60.0] * 101, [62.0] * 101) for _ in towns]
        started = time.perf_counter()
        for males, females in base:
            engine.project(
                males=males, females=females, base_year=2023, horizon_year=2043, life_table=table,
                fertility=fertility, net_migration_rate=-3,
            )  # fmt: skip
        engine_seconds = time.perf_counter() - started

        process = process_create_from_blueprint(
            organisation=organisation, title="Benchmark", slug="benchmark", theme="Demografie", start=timezone.now(),
            municipalities=towns, is_published=True,
        )  # fmt: skip
        module = module_create(phase=process.phases.get(type="profile"), type="demography", title="Zahlen")
        client = Client(HTTP_HOST=host)
        url = f"/demography/m/{module.pk}/"
        client.get(url)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as queries:
            client.get(url)

        print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(
            f"import: {args.years} years × {len(towns)} towns × 101 ages × 2 sexes = {figures} figures "
            f"({len(content) / 1e6:.1f} MB CSV) in {import_seconds:.2f} s"
        )
        print(f"projection with 3 scenarios, {len(towns)} towns, 20 years (stored): {projection_seconds:.2f} s")
        print(f"engine only, 1 scenario, {len(towns)} towns, 20 years: {engine_seconds * 1000:.0f} ms")
        print(
            f"dashboard with {args.years} years: median {statistics.median(times):.0f} ms, "
            f"max {max(times):.0f} ms, {len(queries)} queries"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
