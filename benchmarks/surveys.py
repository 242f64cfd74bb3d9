"""Server time and query count of a survey's results page for 10,000 responses × 30 questions, and
the time of a 2,000-response XLSX export in the task worker (issue 14: under 300 ms with a fixed
number of queries).

Creates a throw-away test database (SQLite by default, PostgreSQL with DATABASE_URL) and fills one
process of four towns with the population by sex and single year of age, and a survey of 30
questions of every kind (8 single choice, 4 multiple choice, 6 scales, 3 yes/no, 2 matrices of 5
statements, 2 rankings of 5 options, 2 numbers, one of them asked only after “yes”, 3 texts) with
10,000 responses from every channel (most with town and age group): about 450,000 answer rows. Then
requests the results page through Django's test client as the organisation's administrator, all
together, by town and by age group, with the counts computed for every request ("computed", the
cache emptied before each) and reused ("cached"); and builds a 2,000-response XLSX export of a
second survey of the same questions as the task worker does (`exports.survey_export_make`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zukunftswerkstatt \\
        .venv/bin/python benchmarks/surveys.py [--responses 10000] [--runs 20]
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
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("DEBUG", "false")
# Production settings refuse to start without a secret key of their own (config/secret_key.py).
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

AGES = ["0-11", "12-15", "16-17", "18-29", "30-44", "45-64", "65-79", "80+"]
AGE_WEIGHTS = [0, 2, 2, 12, 22, 32, 22, 8]
KINDS = (
    ["single"] * 8
    + ["multiple"] * 4
    + ["scale"] * 6
    + ["yes_no"] * 3
    + ["matrix"] * 2
    + ["ranking"] * 2
    + ["number"] * 2
    + ["short_text", "long_text", "long_text"]
)
AGREE = ["stimme gar nicht zu", "stimme eher nicht zu", "teils, teils", "stimme eher zu", "stimme voll zu"]


class QueryCounter(list):
    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def questionnaire(survey):
    """30 questions of every kind (and two section headings); the first number question is asked only
    of those who answered “Ja” to the first yes/no question."""
    from zukunftswerkstatt.surveys.models import Kind, Option, Question

    questions = []
    position = 0
    for index, kind in enumerate(KINDS):
        if index in (0, 15):
            position += 1
            Question.objects.create(survey=survey, kind=Kind.SECTION, text=f"Teil {index}", position=position)
        position += 1
        question = Question.objects.create(
            survey=survey,
            kind=kind,
            text=f"Frage {index + 1} ({kind})",
            position=position,
            scale_labels=AGREE if kind in ("scale", "matrix") else [],
            unit="km" if kind == "number" else "",
        )
        count = {"single": 4, "multiple": 6, "ranking": 5, "matrix": 5, "yes_no": 2}.get(kind, 0)
        texts = ["Ja", "Nein"] if kind == "yes_no" else [f"Antwort {n + 1}" for n in range(count)]
        Option.objects.bulk_create(
            [Option(question=question, text=text, position=n + 1) for n, text in enumerate(texts)]
        )
        questions.append(question)
    yes_no = next(q for q in questions if q.kind == "yes_no")
    number = next(q for q in questions if q.kind == "number")
    number.condition_option = yes_no.options.get(text="Ja")
    number.save(update_fields=["condition_option"])
    return questions


def values_for(rng, questions, options) -> dict:
    """One filled-in questionnaire: most questions answered, some skipped."""
    values = {}
    for question in questions:
        if rng.random() < 0.06:
            continue
        own = options[question.pk]
        kind = question.kind
        if kind in ("single", "yes_no"):
            values[question.pk] = rng.choices(own, weights=range(len(own), 0, -1))[0]
        elif kind == "multiple":
            values[question.pk] = sorted(rng.sample(own, rng.randint(1, 4)))
        elif kind == "scale":
            values[question.pk] = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 4, 6, 3])[0]
        elif kind == "matrix":
            values[question.pk] = {option: rng.randint(1, 5) for option in own if rng.random() < 0.92}
        elif kind == "ranking":
            values[question.pk] = rng.sample(own, rng.randint(2, len(own)))
        elif kind == "number":
            values[question.pk] = Decimal(rng.randint(0, 80)) + Decimal(rng.choice(["0", "0.5"]))
        else:
            if rng.random() < 0.4:
                values[question.pk] = f"Mehr Busse am Abend und ein Café am Markt ({rng.randint(1, 999)})."
    yes_no = next(q for q in questions if q.kind == "yes_no")
    number = next(q for q in questions if q.condition_option_id)
    if values.get(yes_no.pk) != number.condition_option_id:
        values.pop(number.pk, None)
    return {pk: value for pk, value in values.items() if value not in ([], {})}


def answers_fill(survey, questions, towns, responses: int, rng) -> None:
    """`responses` filled-in questionnaires from every channel, written in bulk through the answer
    engine's rows (`answering.answer_rows`), as `services.response_submit` writes them."""
    from zukunftswerkstatt.surveys.answering import answer_rows
    from zukunftswerkstatt.surveys.models import Answer, Response

    options = {q.pk: [o.pk for o in q.options.order_by("position")] for q in questions}
    for question in questions:
        question._prefetched_objects_cache = {"options": list(question.options.all())}
    batch = 1000
    for start in range(0, responses, batch):
        rows = []
        for n in range(start, min(start + batch, responses)):
            channel = rng.choices(["online", "guest", "paper", "phone"], weights=[30, 40, 25, 5])[0]
            rows.append(
                Response(
                    survey=survey,
                    channel=channel,
                    guest_token=f"{survey.pk}-{n:060d}" if channel == "guest" else "",
                    paper_number=n + 1 if channel == "paper" else None,
                    participant_town=rng.choice(towns) if rng.random() < 0.85 else None,
                    participant_age_group=rng.choices(AGES, weights=AGE_WEIGHTS)[0] if rng.random() < 0.85 else "",
                )
            )
        created = Response.objects.bulk_create(rows)
        answers = []
        for response in created:
            answers += answer_rows(response, questions, values_for(rng, questions, options))
        Answer.objects.bulk_create(answers, batch_size=5000)


def fill(*, responses: int, export_responses: int, seed: int = 42):
    from django.utils import timezone

    from zukunftswerkstatt.accounts.models import Membership, Role, User
    from zukunftswerkstatt.core.services import municipality_create, organisation_create
    from zukunftswerkstatt.demography.models import ImportBatch, PopulationCount
    from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint
    from zukunftswerkstatt.surveys.selectors import survey_of

    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    now = timezone.now()
    organisation = organisation_create(name="Benchmark-Verbund", slug="bench")
    towns = [municipality_create(organisation=organisation, name=f"Stadt {i}", ags=f"1452300{i}") for i in range(4)]
    process = process_create_from_blueprint(
        organisation=organisation,
        title="Benchmark",
        slug="benchmark",
        theme="Demografischer Wandel",
        start=now - dt.timedelta(weeks=10),
        municipalities=towns,
        is_published=True,
    )
    phase = process.phases.get(type="profile")
    admin = User.objects.create_user(email="admin@bench.example", password=None)
    Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)
    survey = survey_of(module_create(phase=phase, type="survey", title="Wohnen und Leben"))
    answers_fill(survey, questionnaire(survey), towns, responses, rng)
    small = survey_of(module_create(phase=phase, type="survey", title="Wohnen und Leben (Export)"))
    answers_fill(small, questionnaire(small), towns, export_responses, rng)
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
    return survey, small, admin


def time_page(client, url: str, runs: int, *, cold: bool) -> tuple[float, float, int]:
    """`cold`: the counts are computed for every request (the cache is emptied before each, outside
    the timing); else they are reused, as while no response comes in."""
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


def time_parts(survey, admin, runs: int) -> list[tuple[str, float]]:
    """Where the time of a computed page goes: the counting queries, the tables, the rendering."""
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = admin

    from zukunftswerkstatt.surveys.results import survey_counts, survey_results
    from zukunftswerkstatt.surveys.selectors import questions_for_answering

    questions = questions_for_answering(survey)
    parts: dict[str, list[float]] = {"counting (queries)": [], "tables (Python)": [], "rendering (templates)": []}
    for _ in range(runs):
        started = time.perf_counter()
        survey_counts(survey, questions)
        parts["counting (queries)"].append((time.perf_counter() - started) * 1000)
        survey_results(survey, "town", questions=questions)  # fills the cache
        started = time.perf_counter()
        results = survey_results(survey, "town", questions=questions)
        parts["tables (Python)"].append((time.perf_counter() - started) * 1000)
        process = survey.module.phase.process
        started = time.perf_counter()
        render_to_string(
            "surveys/results/results.html",
            {
                "survey": survey,
                "module": survey.module,
                "process": process,
                "organisation": process.organisation,
                "results": results,
                "breakdown": "town",
            },
            request=request,
        )
        parts["rendering (templates)"].append((time.perf_counter() - started) * 1000)
        cache.clear()
    return [(name, statistics.median(values)) for name, values in parts.items()]


def time_export(survey, admin) -> tuple[float, int, int]:
    from zukunftswerkstatt.surveys.exports import survey_export_make
    from zukunftswerkstatt.surveys.models import SurveyExport

    row = SurveyExport.objects.create(survey=survey, file_format="xlsx", requested_by=admin, language="de")
    started = time.perf_counter()
    survey_export_make(row)
    elapsed = (time.perf_counter() - started) * 1000
    row.refresh_from_db()
    assert row.status == "done", (row.status, row.error)
    return elapsed, row.size, row.rows_done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10000)
    parser.add_argument("--export-responses", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20, help="requests per page")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from zukunftswerkstatt.surveys.models import Answer

    host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "localhost")
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"benchmark_surveys_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    settings.PRIVATE_MEDIA_ROOT = Path(f"/tmp/benchmark_surveys_{os.getpid()}")  # noqa: S108 - a throw-away folder
    try:
        started = time.perf_counter()
        survey, small, admin = fill(responses=args.responses, export_responses=args.export_responses)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        filled = time.perf_counter() - started
        rows = Answer.objects.filter(survey=survey).count()
        client = Client(HTTP_HOST=host)
        client.force_login(admin)
        url = reverse("surveys:results", args=[survey.module_id])
        pages = {"all together": url, "by town": f"{url}?by=town", "by age group": f"{url}?by=age"}
        print(
            f"database: {connection.vendor}; {args.responses} responses × {len(KINDS)} questions = {rows} answer rows "
            f"(filled in {filled:.0f} s); {args.runs} requests per page; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        print(f"{'results page':<28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for cold in (True, False):
            for name, page in pages.items():
                median, p95, queries = time_page(client, page, args.runs, cold=cold)
                label = f"{name} ({'computed' if cold else 'cached'})"
                print(f"{label:<28} {median:>10.2f} {p95:>8.2f} {queries:>8}")
        print("where a computed page by town spends its time (median ms):")
        for name, value in time_parts(survey, admin, max(3, args.runs // 4)):
            print(f"  {name:<26} {value:>10.2f}")
        elapsed, size, done = time_export(small, admin)
        print(f"XLSX export of {done} responses in the task worker: {elapsed:.0f} ms, {size / 1024:.0f} KiB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
