"""Server time and query count of the participation dashboard ("Who took part") and its live
fragment, for a process with 20,000 contributions, 5,000 event registrations and 50,000 votes.

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL) and fills one
process of four towns: 12,000 accounts with a profile (town, age group), 20,000 contributions (70 %
by accounts, 20 % by guests, 10 % by phone or letter, most with town and age group), 2,000 comments,
5,000 registrations for 20 events, 10,000 ballots with 5 points each (50,000 votes), 3,000
ratings, 400 phones on a live board, 60 tallies with breakdowns, and the population of the towns
by sex and single year of age; then requests the pages through Django's test client as the
organisation's administrator. The goal is under 100 ms for the dashboard (issue 12).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zukunftswerkstatt \\
        .venv/bin/python benchmarks/participation.py [--runs 30]
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

AGES = ["0-11", "12-15", "16-17", "18-29", "30-44", "45-64", "65-79", "80+"]
AGE_WEIGHTS = [1, 3, 3, 6, 14, 30, 30, 13]


class QueryCounter(list):
    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def fill(*, contributions: int, registrations: int, votes: int, seed: int = 42):
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from zukunftswerkstatt.accounts.models import Membership, Role, User
    from zukunftswerkstatt.conversation.models import Comment
    from zukunftswerkstatt.core.services import municipality_create, organisation_create
    from zukunftswerkstatt.demography.models import ImportBatch, PopulationCount
    from zukunftswerkstatt.events.models import Event, Registration
    from zukunftswerkstatt.ideas.models import Idea
    from zukunftswerkstatt.participation.models import Tally, TallyCell
    from zukunftswerkstatt.plans.models import Ballot, Dot, Measure
    from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint
    from zukunftswerkstatt.progress.models import Rating, ReviewRound
    from zukunftswerkstatt.workshops.models import Participant, WorkshopSession

    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    now = timezone.now()
    organisation = organisation_create(name="Benchmark-Verbund", slug="bench")
    towns = [municipality_create(organisation=organisation, name=f"Stadt {i}", ags=f"1452300{i}") for i in range(4)]
    process = process_create_from_blueprint(
        organisation=organisation,
        title="Benchmark",
        slug="benchmark",
        theme="Demografischer Wandel",
        start=now - dt.timedelta(weeks=40),
        municipalities=towns,
        is_published=True,
    )
    phases = {phase.type: phase for phase in process.phases.all()}
    ideas_module = module_create(phase=phases["workshop"], type="ideas", title="Ideen", settings={"allow_guests": True})
    vote_module = module_create(phase=phases["action_plan"], type="prioritisation", title="Abstimmung")
    password = make_password(None)

    def town():
        return rng.choice(towns) if rng.random() < 0.8 else None

    def age():
        return rng.choices(AGES, weights=AGE_WEIGHTS)[0] if rng.random() < 0.75 else ""

    accounts = User.objects.bulk_create(
        [
            User(email=f"person{n}@bench.example", password=password, home_municipality=town(), age_group=age())
            for n in range(12000)
        ],
        batch_size=2000,
    )
    admin = User.objects.create_user(email="admin@bench.example", password=None)
    Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)

    ideas = []
    for n in range(contributions):
        roll = rng.random()
        author = rng.choice(accounts) if roll < 0.7 else None
        channel = "online" if roll < 0.9 else rng.choice(["phone", "letter"])
        ideas.append(
            Idea(
                module=ideas_module,
                reference=f"ZW-B-{n}",
                kind="proposal",
                title=f"Idee {n}",
                text="Text",
                author=author,
                channel=channel,
                visibility="published",
                participant_town=town() if rng.random() < 0.5 else None,
                participant_age_group=age() if rng.random() < 0.5 else "",
            )
        )
    ideas = Idea.objects.bulk_create(ideas, batch_size=2000)
    from django.contrib.contenttypes.models import ContentType

    idea_type = ContentType.objects.get_for_model(Idea)
    Comment.objects.bulk_create(
        [
            Comment(content_type=idea_type, object_id=rng.choice(ideas).pk, author=rng.choice(accounts), text="Ja")
            for _n in range(2000)
        ],
        batch_size=2000,
    )

    events = Event.objects.bulk_create(
        [
            Event(
                process=process,
                title=f"Werkstatt {n}",
                kind="workshop",
                start=now - dt.timedelta(days=200 - n),
                end=now - dt.timedelta(days=200 - n) + dt.timedelta(hours=2),
                place_name="Rathaus",
                capacity=400,
            )
            for n in range(20)
        ]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                event=events[n % len(events)],
                user=accounts[n % len(accounts)] if rng.random() < 0.5 else None,
                name=f"Gast {n}",
                email=f"gast{n}@bench.example",
                cancel_token_hash=f"{n:064x}",
                status=rng.choices(["confirmed", "cancelled"], weights=[90, 10])[0],
                companions=rng.choice([0, 0, 0, 1, 2]),
                participant_town=town() if rng.random() < 0.5 else None,
                participant_age_group=age() if rng.random() < 0.5 else "",
            )
            for n in range(registrations)
        ],
        batch_size=2000,
    )
    session = WorkshopSession.objects.create(
        event=events[-1], ideas_module=ideas_module, title="Ideenwand", code="BENCH1", projector_key="b" * 40
    )
    Participant.objects.bulk_create(
        [
            Participant(session=session, token_hash=f"{n:064x}", participant_town=town(), participant_age_group=age())
            for n in range(400)
        ]
    )

    measures = Measure.objects.bulk_create([Measure(process=process, title=f"Maßnahme {n}") for n in range(40)])
    voters = rng.sample(accounts, votes // 5)
    ballots = Ballot.objects.bulk_create([Ballot(module=vote_module, user=user) for user in voters], batch_size=2000)
    Dot.objects.bulk_create(
        [Dot(ballot=ballot, measure=measure, points=1) for ballot in ballots for measure in rng.sample(measures, 5)],
        batch_size=5000,
    )
    review_round = ReviewRound.objects.create(
        process=process, title="Runde", opens_at=now - dt.timedelta(days=5), closes_at=now + dt.timedelta(days=5)
    )
    Rating.objects.bulk_create(
        [
            Rating(review_round=review_round, measure=rng.choice(measures), user=user, score=rng.randint(1, 5))
            for user in rng.sample(accounts, 3000)
        ],
        batch_size=2000,
    )

    channels = ["attendance", "paper_cards", "paper_votes", "paper_ratings", "letters_calls"]
    for n in range(60):
        tally = Tally.objects.create(
            organisation=organisation,
            process=process,
            channel=channels[n % len(channels)],
            event=events[n % len(events)] if n % len(channels) in (0, 1) else None,
            counted_on=(now - dt.timedelta(days=100)).date(),
            total=40,
            entered_by=admin,
        )
        TallyCell.objects.bulk_create(
            [TallyCell(tally=tally, town=towns[i], age_group=AGES[(n + i) % len(AGES)], count=5) for i in range(4)]
        )

    batch = ImportBatch.objects.create(organisation=organisation, format="demo", source="Benchmark", imported_at=now)
    PopulationCount.objects.bulk_create(
        [
            PopulationCount(
                organisation=organisation,
                municipality=municipality,
                batch=batch,
                year=now.year - 1,
                reference_date=dt.date(now.year - 1, 12, 31),
                sex=sex,
                age_from=age_years,
                age_to=age_years,
                count=rng.randint(20, 120),
            )
            for municipality in towns
            for sex in ("m", "f")
            for age_years in range(101)
        ]
    )
    return process, admin


def time_page(client, url: str, runs: int, *, cold: bool) -> tuple[float, float, int]:
    """`cold`: the figures are computed for every request (the cache is emptied before each, outside
    the timing); else they are reused as within the 30 seconds of `participation.figures`."""
    from django.core.cache import cache
    from django.db import connection

    client.get(url)
    if cold:
        cache.clear()
    queries = QueryCounter()
    with connection.execute_wrapper(queries):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(runs):
        if cold:
            cache.clear()
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)], len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contributions", type=int, default=20000)
    parser.add_argument("--registrations", type=int, default=5000)
    parser.add_argument("--votes", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=30, help="requests per page")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "localhost")
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_participation_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        process, admin = fill(contributions=args.contributions, registrations=args.registrations, votes=args.votes)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        filled = time.perf_counter() - started
        client = Client(HTTP_HOST=host)
        client.force_login(admin)
        pages = {
            "dashboard": reverse("participation:dashboard", args=[process.pk]),
            "live fragment": reverse("participation:live", args=[process.pk]),
            "towns side by side": reverse("participation:towns", args=[process.pk]),
            "figures CSV": reverse("participation:csv", args=[process.pk]),
        }
        print(
            f"database: {connection.vendor}; {args.contributions} contributions, {args.registrations} registrations, "
            f"{args.votes} votes (filled in {filled:.0f} s); {args.runs} requests per page; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        print(f"{'page':<28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for cold in (True, False):
            for name, url in pages.items():
                median, p95, queries = time_page(client, url, args.runs, cold=cold)
                label = f"{name} ({'computed' if cold else 'reused'})"
                print(f"{label:<28} {median:>10.2f} {p95:>8.2f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
