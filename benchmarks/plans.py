"""Time to render the action plan page and to build its PDF and DOCX for a plan of many measures.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL), makes a
process with 200 measures (each with two towns, two target groups, two contributions, two
milestones and a field of action out of 13), a prioritisation module with 500 voters, then times
the plan page, the voting page and the results page through Django's test client, and the PDF and
DOCX documents, and prints median and 95th percentile and the query counts.

    .venv/bin/python benchmarks/plans.py [--measures 200] [--voters 500] [--runs 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
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


def fill(*, measures: int, voters: int):
    import random

    from django.utils import timezone

    from zukunftswerkstatt.accounts.models import AgeGroup, User
    from zukunftswerkstatt.core.models import Municipality, Organisation, TargetGroup, Topic
    from zukunftswerkstatt.core.services import DEFAULT_TOPICS, target_group_ensure_defaults
    from zukunftswerkstatt.ideas.models import Idea
    from zukunftswerkstatt.plans.models import Ballot, Dot, Measure, Milestone
    from zukunftswerkstatt.processes.models import Phase
    from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint

    rng = random.Random(42)  # noqa: S311 - test data
    organisation = Organisation.objects.create(name="Benchmark-Verbund", slug="benchmark")
    towns = [
        Municipality.objects.create(organisation=organisation, name=f"Stadt {n}", ags=f"1452300{n}") for n in range(4)
    ]
    topics = [
        Topic.objects.create(organisation=organisation, name=name, position=i) for i, name in enumerate(DEFAULT_TOPICS)
    ]
    target_group_ensure_defaults()
    groups = list(TargetGroup.objects.all())
    now = timezone.now()
    process = process_create_from_blueprint(
        organisation=organisation,
        title="Attraktiv im Wandel",
        slug="bench",
        theme="Demografie",
        start=now - dt.timedelta(days=200),
        municipalities=towns,
        is_published=True,
    )
    Phase.objects.filter(process=process, type="action_plan").update(
        start=now - dt.timedelta(days=1), end=now + dt.timedelta(days=30)
    )
    workshop = process.phases.get(type="workshop")
    action_plan = process.phases.get(type="action_plan")
    collection = module_create(phase=workshop, type="ideas", title="Ideen")
    plan = module_create(phase=action_plan, type="action_plan", title="Werkstattplan")
    vote = module_create(
        phase=action_plan, type="prioritisation", title="Abstimmung", settings={"points_per_person": 5}
    )
    ideas = Idea.objects.bulk_create(
        Idea(
            module=collection,
            reference=f"ZW-2026-{n:05d}",
            kind="proposal",
            title=f"Idee {n}",
            text="Ein Vorschlag für alle Generationen.",
        )
        for n in range(measures * 2)
    )
    rows = Measure.objects.bulk_create(
        Measure(
            process=process,
            title=f"Maßnahme {n:03d}: Treffpunkt für alle Generationen",
            description="Ein Ort, an dem sich Jung und Alt begegnen. " * 5,
            goal="Mehr Begegnung zwischen den Generationen.",
            topic=topics[n % len(topics)],
            responsible_body="Stadtverwaltung, Sozialamt",
            contact_name="Frau Beispiel",
            contact_email="sozialamt@example.org",
            start=dt.date(2027, 1, 1),
            end=dt.date(2028, 6, 30),
            estimated_cost=rng.randint(500, 90_000),
            funding_source="Städtebauförderung",
            priority=rng.choice(["high", "medium", "low"]),
        )
        for n in range(measures)
    )
    Through = Measure.municipalities.through
    Through.objects.bulk_create(
        Through(measure_id=m.pk, municipality_id=t.pk) for m in rows for t in rng.sample(towns, 2)
    )
    Groups = Measure.target_groups.through
    Groups.objects.bulk_create(
        Groups(measure_id=m.pk, targetgroup_id=g.pk) for m in rows for g in rng.sample(groups, 2)
    )
    Ideas = Measure.ideas.through
    Ideas.objects.bulk_create(
        Ideas(measure_id=m.pk, idea_id=ideas[2 * i + k].pk) for i, m in enumerate(rows) for k in range(2)
    )
    Milestone.objects.bulk_create(
        Milestone(measure=m, title=title, due_on=dt.date(2027, month, 1))
        for m in rows
        for title, month in (("Start", 2), ("Mitte", 9))
    )
    people = User.objects.bulk_create(
        User(
            email=f"voter{n}@example.org",
            age_group=rng.choice([*AgeGroup.values, ""]),
            home_municipality=rng.choice([*towns, None]),
        )
        for n in range(voters)
    )
    ballots = Ballot.objects.bulk_create(Ballot(module=vote, user=p) for p in people)
    Dot.objects.bulk_create(Dot(ballot=b, measure=m, points=1) for b in ballots for m in rng.sample(rows, 5))
    return process, plan, vote, people[0]


def timed(function, runs: int) -> tuple[float, float]:
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, math.ceil(len(times) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=200)
    parser.add_argument("--voters", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "localhost")
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_plans_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        process, plan, vote, voter = fill(measures=args.measures, voters=args.voters)
        print(f"filled in {time.perf_counter() - started:.1f} s: {args.measures} measures, {args.voters} voters")
        from django.core.signals import request_started
        from django.db import reset_queries

        from zukunftswerkstatt.plans import exports, selectors

        # Django empties the query log when a request starts; the count needs it kept.
        request_started.disconnect(reset_queries)
        client = Client(HTTP_HOST=host)
        voter_client = Client(HTTP_HOST=host)
        voter_client.force_login(voter)
        pages = [
            ("plan page", client, reverse("plans:plan", kwargs={"module_pk": plan.pk})),
            ("voting page (logged in)", voter_client, vote.get_absolute_url()),
            ("results page", client, reverse("plans:results", kwargs={"module_pk": vote.pk})),
        ]
        print(f"{'what':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for label, who, url in pages:
            if label == "results page":
                # Results are public once the vote is closed (staff see them before).
                vote.settings = {**vote.settings, "closed": True}
                vote.save()
            response = who.get(url)
            assert response.status_code == 200, (label, response.status_code)
            queries = []
            with connection.execute_wrapper(
                lambda execute, sql, *rest, seen=queries: seen.append(sql) or execute(sql, *rest)
            ):
                who.get(url)
            median, p95 = timed(lambda who=who, url=url: who.get(url), args.runs)
            print(f"{label:32} {median:10.1f} {p95:8.1f} {len(queries):8d}")

        def document():
            return selectors.plan_document(rows=selectors.plan_rows(process=process))

        context = {"process": process, "organisation": process.organisation, "module": plan, "version": None}
        pdf_runs = max(1, args.runs // 5)
        median, p95 = timed(
            lambda: exports.plan_pdf(context={**context, "document": document(), "title": "Plan"}), pdf_runs
        )
        pdf = exports.plan_pdf(context={**context, "document": document(), "title": "Plan"})
        print(f"{'PDF (WeasyPrint)':32} {median:10.1f} {p95:8.1f}   {len(pdf) // 1024} KiB")
        median, p95 = timed(
            lambda: exports.plan_docx(document=document(), process=process, organisation=process.organisation),
            pdf_runs,
        )
        docx = exports.plan_docx(document=document(), process=process, organisation=process.organisation)
        print(f"{'DOCX (python-docx)':32} {median:10.1f} {p95:8.1f}   {len(docx) // 1024} KiB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
