"""Server time and query count of the inventory with many entries, and the import of a large file.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), fills one
inventory with entries for two towns, then requests the list (unfiltered, filtered, searched) and
the exports many times and imports a template file of --import-rows rows, printing medians.

    .venv/bin/python benchmarks/inventory.py [--entries 500] [--runs 30] [--import-rows 1000]
"""

from __future__ import annotations

import argparse
import csv
import io
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


def fill(entries: int):
    import datetime as dt

    from django.utils import timezone

    from zukunftswerkstatt.core import search
    from zukunftswerkstatt.core.models import TargetGroup, Topic
    from zukunftswerkstatt.core.services import municipality_create, organisation_add_defaults, organisation_create
    from zukunftswerkstatt.inventory.models import InventoryItem
    from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint

    organisation = organisation_create(name="Benchmark-Verbund", slug="benchmark")
    organisation_add_defaults(organisation=organisation)
    towns = [
        municipality_create(organisation=organisation, name="Auerbach/Vogtl.", ags="14523020"),
        municipality_create(organisation=organisation, name="Ellefeld", ags="14523090"),
    ]
    process = process_create_from_blueprint(
        organisation=organisation,
        title="Benchmark",
        slug="benchmark",
        theme="Benchmark",
        start=timezone.now() - dt.timedelta(days=30),
        municipalities=towns,
        is_published=True,
    )
    module = module_create(phase=process.phases.get(type="profile"), type="inventory", title="Bestandsaufnahme")
    topics = list(Topic.objects.filter(organisation=organisation))
    groups = list(TargetGroup.objects.all())
    statuses = ["running", "planned", "ended"]

    def entry(n: int) -> InventoryItem:
        item = InventoryItem(
            module=module,
            title=f"Angebot {n:05d} Seniorentreff" if n % 7 == 0 else f"Angebot {n:05d}",
            description="Ein Angebot für alle Generationen im Göltzschtal. " * 4,
            topic=topics[n % len(topics)],
            status=statuses[n % 3],
            provider_kind="club",
            provider_name="Heimatverein",
        )
        # The search terms the services write (core/search.py).
        item.search_title_terms = search.terms(item.title)
        item.search_text_terms = search.terms(item.description, item.provider_name)
        return item

    items = InventoryItem.objects.bulk_create(entry(n) for n in range(entries))
    Town = InventoryItem.municipalities.through
    Group = InventoryItem.target_groups.through
    Town.objects.bulk_create(
        Town(inventoryitem_id=item.pk, municipality_id=towns[i % 2].pk) for i, item in enumerate(items) if i % 5
    )
    Group.objects.bulk_create(
        Group(inventoryitem_id=item.pk, targetgroup_id=groups[(i + k) % len(groups)].pk)
        for i, item in enumerate(items)
        for k in range(2)
    )
    return module, towns, topics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--import-rows", type=int, default=1000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "localhost")
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_inventory_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        module, towns, topics = fill(args.entries)
        print(
            f"database: {connection.vendor}; {args.entries} entries; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        client = Client(HTTP_HOST=host)
        base = reverse("inventory:list", args=[module.pk])
        pages = {
            "list": base,
            "list, town filter": f"{base}?town={towns[0].pk}",
            "list, field + status": f"{base}?topic={topics[0].pk}&status=running",
            "list, search": f"{base}?q=Seniorentreff",
            "export CSV": reverse("inventory:export", args=[module.pk, "csv"]),
            "export XLSX": reverse("inventory:export", args=[module.pk, "xlsx"]),
        }
        for label, url in pages.items():
            client.get(url)
            times = []
            for _run in range(args.runs):
                with CaptureQueriesContext(connection) as queries:
                    begin = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - begin)
                assert response.status_code == 200, (url, response.status_code)
            times.sort()
            print(
                f"{label:22} median {statistics.median(times) * 1000:6.0f} ms, "
                f"p95 {times[int(len(times) * 0.95) - 1] * 1000:6.0f} ms, {len(queries)} queries"
            )

        from zukunftswerkstatt.inventory import importer, services

        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(importer.template_header())
        for n in range(args.import_rows):
            writer.writerow(
                [f"Import {n}", "Text", "Auerbach", topics[n % len(topics)].name, "Alle Generationen", "club",
                 "Verein", "running", "2019", "2024", "", "", "", "", ""]
            )  # fmt: skip
        data = buffer.getvalue().encode("utf-8")
        begin = time.perf_counter()
        result = importer.parse_upload(module=module, name="import.csv", data=data)
        checked = time.perf_counter() - begin
        assert result.ok, [str(p) for p in result.errors[:5]]
        begin = time.perf_counter()
        services.items_import(module=module, rows=result.rows, created_by=None)
        saved = time.perf_counter() - begin
        print(
            f"import of {args.import_rows} rows ({len(data) / 1024:.0f} KiB CSV): "
            f"checked in {checked * 1000:.0f} ms, saved in {saved * 1000:.0f} ms (one transaction)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
