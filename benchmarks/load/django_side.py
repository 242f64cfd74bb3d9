"""The load test's work inside Django: prepare people and targets, queue a PDF, check every write.

Run by benchmarks/load_test.py as a separate process (`python benchmarks/load/django_side.py <step> …`)
with the load test's DATABASE_URL, so that the orchestrator itself holds no database connection
while the database is restarted.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

PASSWORD = "Last-Test-2026-Göltzschtal"  # noqa: S105 - a throwaway database's test accounts
DEMO_IDEA_MODULE_SLUG = "attraktiv-im-wandel"


def setup(targets_path: str, people: int) -> None:
    """Accounts for the simulated people (verified e-mail; most already signed in), and what they use."""
    from allauth.account.models import EmailAddress

    from zukunftswerkstatt.accounts.models import User
    from zukunftswerkstatt.events.models import Event
    from zukunftswerkstatt.ideas.models import Idea
    from zukunftswerkstatt.plans.models import Measure
    from zukunftswerkstatt.processes.models import Module
    from zukunftswerkstatt.progress.models import ReviewRound
    from zukunftswerkstatt.workshops.models import WorkshopSession

    now = timezone.now()
    ideas_module = Module.objects.get(phase__process__slug=DEMO_IDEA_MODULE_SLUG, type="ideas")
    vote_module = Module.objects.filter(type="prioritisation", phase__start__lte=now, phase__end__gt=now).first()
    review_module = Module.objects.filter(type="review", phase__start__lte=now, phase__end__gt=now).first()
    review_round = ReviewRound.objects.filter(opens_at__lte=now, closes_at__gt=now).first()
    event = (
        Event.objects.filter(is_published=True, start__gt=now, capacity__isnull=False)
        .exclude(registration_opens__gt=now)
        .order_by("start")
        .first()
    )
    live = WorkshopSession.objects.filter(step__in=["criticism", "vision", "proposal"]).first()
    ideas = list(
        Idea.objects.filter(module=ideas_module, visibility="published").order_by("pk").values_list("pk", flat=True)
    )
    measures = list(Measure.objects.filter(process=review_module.phase.process).values_list("pk", flat=True))
    candidates = sorted(_vote_candidates(vote_module)) if vote_module else []

    people_rows = []
    hasher_user = None
    for number in range(people):
        email = f"mensch{number:04d}@last.test"
        user = User.objects.filter(email=email).first()
        if user is None:
            if hasher_user is None:
                user = User.objects.create_user(email=email, password=PASSWORD)
                hasher_user = user
            else:
                # One password hash for all: hashing 200 times would take minutes and test nothing.
                user = User.objects.create(email=email, password=hasher_user.password)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people_rows.append({"email": email, "user_id": user.pk, "session": session.session_key})

    targets = {
        "organisation": ideas_module.phase.process.organisation.slug,
        "process": ideas_module.phase.process.slug,
        "ideas_module": ideas_module.pk,
        "ideas": ideas,
        "vote_module": vote_module.pk if vote_module else None,
        "vote_candidates": candidates,
        "review_module": review_module.pk if review_module else None,
        "review_round": review_round.pk if review_round else None,
        "review_measures": measures,
        "event": event.pk if event else None,
        "live_session": live.pk if live else None,
        "live_code": live.code if live else None,
        "projector_key": live.projector_key if live else None,
        "password": PASSWORD,
        "people": people_rows,
        "session_cookie": settings.SESSION_COOKIE_NAME,
    }
    Path(targets_path).write_text(json.dumps(targets, indent=1))
    print(f"prepared {people} people, {len(ideas)} contributions, event {targets['event']}, live board {live}")


def _vote_candidates(module):
    from zukunftswerkstatt.plans.selectors import vote_candidates

    return [measure.pk for measure in vote_candidates(module=module)]


def queue_document() -> None:
    """Queue a fresh municipal-profile PDF (the load test kills the task worker while it is built)."""
    from zukunftswerkstatt.processes.models import Module
    from zukunftswerkstatt.reports.services import profile_pdf_request

    module = Module.objects.filter(type="profile_document").first()
    with transaction.atomic():
        pdf = profile_pdf_request(module=module, force=True)
    print(pdf.pk)


def document_status(pk: str) -> None:
    from zukunftswerkstatt.reports.models import ProfilePdf

    print(ProfilePdf.objects.get(pk=int(pk)).status)


def mail_queue() -> None:
    from mailer.models import Message

    print(Message.objects.count())


def verify(acks_path: str, targets_path: str, document_pk: str) -> None:
    """Every write the simulated people were told had worked is there, exactly once."""
    from allauth.account.models import EmailAddress
    from mailer.models import Message, MessageLog

    from zukunftswerkstatt.events.models import Event, Registration
    from zukunftswerkstatt.ideas.models import Comment, Idea, Support
    from zukunftswerkstatt.plans.models import Dot
    from zukunftswerkstatt.progress.models import Rating
    from zukunftswerkstatt.reports.models import ProfilePdf
    from zukunftswerkstatt.workshops.models import Card

    targets = json.loads(Path(targets_path).read_text())
    acks = [json.loads(line) for line in Path(acks_path).read_text().splitlines() if line.strip()]
    by_kind = defaultdict(list)
    for ack in acks:
        by_kind[ack["kind"]].append(ack)
    rows = []

    def check(name, acknowledged, lost, doubled, note=""):
        rows.append((name, acknowledged, lost, doubled, note))

    # Contributions: each acknowledged one exists once (its unique token in the title).
    tokens = [a["token"] for a in by_kind["idea"]]
    found = Counter(
        token
        for title in Idea.objects.filter(title__contains="[lt-").values_list("title", flat=True)
        for token in tokens
        if token in title
    )
    check("contributions", len(tokens), sum(1 for t in tokens if found[t] == 0), sum(1 for t in tokens if found[t] > 1))

    tokens = [a["token"] for a in by_kind["comment"]]
    texts = list(Comment.objects.filter(text__contains="[lt-").values_list("text", flat=True))
    found = Counter(token for text in texts for token in tokens if token in text)
    check("comments", len(tokens), sum(1 for t in tokens if found[t] == 0), sum(1 for t in tokens if found[t] > 1))

    # Supports: the last acknowledged state of each (person, contribution) is the stored state.
    last = {}
    for ack in by_kind["support"]:
        last[(ack["user_id"], ack["idea"])] = ack["supported"]
    stored = set(
        Support.objects.filter(user_id__in=[p["user_id"] for p in targets["people"]]).values_list("user_id", "idea_id")
    )
    wrong = sum(1 for key, supported in last.items() if (key in stored) != supported)
    counts_ok = all(
        idea.support_count == Support.objects.filter(idea=idea).count()
        for idea in Idea.objects.filter(pk__in={key[1] for key in last})
    )
    check("supports", len(last), wrong, 0, "" if counts_ok else "support_count differs from the rows")

    # Event registrations: each acknowledged one once; confirmed seats within capacity.
    emails = [a["email"] for a in by_kind["registration"]]
    event = Event.objects.filter(pk=targets["event"]).first()
    stored = Counter(Registration.objects.filter(event=event, email__in=emails).values_list("email", flat=True))
    note = ""
    if event is not None:
        from zukunftswerkstatt.events.selectors import event_seats

        seats = event_seats(event=event)
        note = f"seats taken {seats.taken} of {seats.capacity}, {seats.waiting} waiting"
        if seats.capacity is not None and seats.taken > seats.capacity:
            note += " – OVERBOOKED"
    check(
        "event registrations",
        len(emails),
        sum(1 for e in emails if stored[e] == 0),
        sum(1 for e in emails if stored[e] > 1),
        note,
    )

    # Votes: each person's stored ballot is the last one they were told was saved.
    last = {}
    for ack in by_kind["vote"]:
        last[ack["user_id"]] = {int(k): v for k, v in ack["points"].items()}
    wrong = 0
    for user_id, points in last.items():
        stored = Counter()
        for dot in Dot.objects.filter(ballot__user_id=user_id, ballot__module_id=targets["vote_module"]):
            stored[dot.measure_id] += dot.points
        if {k: v for k, v in stored.items() if v} != {k: v for k, v in points.items() if v}:
            wrong += 1
    check("vote ballots", len(last), wrong, 0)

    last = {}
    for ack in by_kind["rating"]:
        last[(ack["user_id"], ack["measure"])] = ack["score"]
    wrong = 0
    for (user_id, measure), score in last.items():
        stored = list(
            Rating.objects.filter(
                user_id=user_id, measure_id=measure, review_round_id=targets["review_round"]
            ).values_list("score", flat=True)
        )
        if stored != [score]:
            wrong += 1
    check("review ratings", len(last), wrong, 0)

    tokens = [a["token"] for a in by_kind["card"]]
    texts = list(Card.objects.filter(text__contains="[lt-").values_list("text", flat=True))
    found = Counter(token for text in texts for token in tokens if token in text)
    check(
        "live-board cards", len(tokens), sum(1 for t in tokens if found[t] == 0), sum(1 for t in tokens if found[t] > 1)
    )

    # Mails: one confirmation per acknowledged registration with an e-mail address, queued or sent.
    sent = Counter()
    for model in (Message, MessageLog):
        for message in model.objects.all().iterator():
            for to in message.to_addresses:
                if to.endswith("@last.test"):
                    sent[to] += 1
    expected = Counter(emails)
    lost = sum(1 for e in expected if sent[e] < expected[e])
    check("registration mails", sum(expected.values()), lost, 0, f"{Message.objects.count()} still in the queue")

    pdf = ProfilePdf.objects.filter(pk=int(document_pk)).first() if document_pk else None
    doc_note = f"status {pdf.status}" if pdf else "no document queued"
    doc_lost = 0 if (pdf is None or pdf.status == "done") else 1
    check("PDF built after the worker was killed", 1 if pdf else 0, doc_lost, 0, doc_note)

    verified = EmailAddress.objects.filter(email__endswith="@last.test", verified=True).count()
    print()
    print(f"{'write':<40}{'acknowledged':>14}{'lost':>8}{'twice':>8}  note")
    failed = False
    for name, acknowledged, lost, doubled, note in rows:
        print(f"{name:<40}{acknowledged:>14}{lost:>8}{doubled:>8}  {note}")
        failed = failed or lost or doubled or "OVERBOOKED" in note or "differs" in note
    print(f"({verified} accounts of simulated people)")
    print("RESULT: " + ("WRITES LOST OR DOUBLED" if failed else "every acknowledged write is there exactly once"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    step, *args = sys.argv[1:]
    started = time.monotonic()
    {
        "setup": lambda: setup(args[0], int(args[1])),
        "queue_document": queue_document,
        "document_status": lambda: document_status(args[0]),
        "mail_queue": mail_queue,
        "verify": lambda: verify(*args),
    }[step]()
