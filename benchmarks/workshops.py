"""A workshop evening under load: 60 phones join, write cards and vote at once, while the projector polls.

Starts a real server (Django's threaded development server, as `runserver --noreload` runs it, with
a longer listen queue) on a free port of 127.0.0.1
against a throw-away database, prepares a session through the services, then simulates the
participants with one thread each (urllib, each with its own cookies, CSRF token and form keys,
exactly as a phone's browser would send the forms) and one projector poller. It prints the median
and 95th percentile of the time from a card's submission until the projector's poll response
contains it, the request throughput and the errors, and checks that no card or dot was lost or
counted twice.

    .venv/bin/python benchmarks/workshops.py                       # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zw_workshops_bench .venv/bin/python benchmarks/workshops.py

The PostgreSQL database named in DATABASE_URL is dropped and created again.

`--scenario room` is an evening as a room has it (issue 17): the 60 phones send their cards at
random moments over `--spread` seconds, every phone looks for news every 2 s, two projectors show
the wall, and the second projector loses its connection for `--outage` seconds in the middle. It
prints the time from a card's submission until each projector shows it, whether every card
reached both walls exactly once, and how long the second wall took to catch up. With `--push` the
pages hold a server-sent-events stream to an ASGI server (uvicorn, as in production) and fetch on
each nudge, with Redis (`LIVE_REDIS_URL`, default redis://127.0.0.1:6379/0) between the servers;
without it they poll every 2 s as before.

    .venv/bin/python benchmarks/workshops.py --scenario room            # polling every 2 s
    .venv/bin/python benchmarks/workshops.py --scenario room --push     # live push
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'name="nonce" value="([^"]+)"')
BALLOT = re.compile(
    r'name="option" value="((?:card|cluster)-\d+)">\s*<input type="hidden" name="nonce" value="([^"]+)"'
)
REVISION = re.compile(r'data-revision="(\d+)"')
PUSH = re.compile(r'data-live-push="([^"]+)"')
LIVE_GET = re.compile(r'id="participant-live"[^>]*hx-get="([^"]+)"')


# Django's development server (threaded, one database connection per thread) with a listen queue
# long enough for 60 phones connecting at the same moment (runserver's is 10, so it resets connections).
SERVER = """
import sys
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIServer, run

class Server(WSGIServer):
    request_queue_size = 256

run("127.0.0.1", int(sys.argv[1]), WSGIHandler(), threading=True, server_cls=Server)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_database(url: str) -> str:
    """A throw-away database: a temporary SQLite file, or the PostgreSQL database dropped and created."""
    if not url:
        # Writers take the lock when their transaction begins and wait up to 30 s for it, and WAL lets
        # the pollers read meanwhile: SQLite's settings for many small concurrent writes.
        path = f"{tempfile.mkdtemp(prefix='zw-bench-')}/workshops.sqlite3"
        options = urllib.parse.urlencode(
            {"transaction_mode": "IMMEDIATE", "timeout": "30", "init_command": "PRAGMA journal_mode=WAL;"}
        )
        return f"sqlite:///{path}?{options}"
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.errors: list[str] = []
        self.submitted: dict[str, float] = {}
        self.seen: dict[str, float] = {}

    def count(self, error: str | None = None) -> None:
        with self.lock:
            self.requests += 1
            if error:
                self.errors.append(error)


class Phone:
    """One participant's browser: cookies, CSRF token, the form keys of the page last loaded."""

    def __init__(self, base: str, stats: Stats) -> None:
        self.base, self.stats = base, stats
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.page = ""

    def request(self, path: str, data: dict | None = None) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})  # noqa: S310 - our own http://127.0.0.1
        try:
            with self.opener.open(request, timeout=60) as response:  # noqa: S310 - our own http://127.0.0.1
                text = response.read().decode()
        except urllib.error.HTTPError as error:
            self.stats.count(f"{error.code} {path}")
            return error.read().decode(errors="replace")
        except OSError as error:
            self.stats.count(f"{type(error).__name__} {path}")
            return ""
        # A POST is followed by a redirect and a GET: two requests.
        self.stats.count()
        if data is not None:
            self.stats.count()
        self.page = text
        return text

    def csrf(self) -> str:
        match = CSRF.search(self.page)
        return match.group(1) if match else ""


def participant(base: str, code: str, session_pk: int, number: int, cards: int, stats: Stats, go: threading.Event):
    phone = Phone(base, stats)
    phone.request("/workshops/join/")
    go.wait()
    phone.request("/workshops/join/", {"csrfmiddlewaretoken": phone.csrf(), "code": code})
    for n in range(cards):
        nonce = NONCE.search(phone.page)
        text = f"Karte {number}-{n}: Mehr Busse am Abend {random.randint(1000, 9999)}"  # noqa: S311
        with stats.lock:
            stats.submitted[text] = time.perf_counter()
        phone.request(
            f"/workshops/{session_pk}/me/cards/",
            {
                "csrfmiddlewaretoken": phone.csrf(),
                "text": text,
                "step": "criticism",
                "nonce": nonce.group(1) if nonce else "",
            },
        )
    return phone


def vote(phone: Phone, session_pk: int, dots: int) -> None:
    phone.request(f"/workshops/{session_pk}/me/")
    chosen: set[str] = set()
    for _n in range(dots):
        options = [(option, nonce) for option, nonce in BALLOT.findall(phone.page) if option not in chosen]
        if not options:
            phone.stats.count("no ballot on the phone page")
            return
        option, nonce = random.choice(options)  # noqa: S311
        chosen.add(option)
        phone.request(
            f"/workshops/{session_pk}/me/dots/",
            {"csrfmiddlewaretoken": phone.csrf(), "option": option, "nonce": nonce, "action": "add"},
        )


def projector(base: str, key: str, stats: Stats, stop: threading.Event, interval: float) -> None:
    revision = "0"
    opener = urllib.request.build_opener()
    while not stop.is_set():
        try:
            with opener.open(f"{base}/workshops/wall/{key}/live/?v={revision}", timeout=60) as response:
                status, text = response.status, response.read().decode()
        except OSError as error:
            stats.count(f"projector {type(error).__name__}")
            time.sleep(interval)
            continue
        stats.count()
        now = time.perf_counter()
        if status == 200:
            match = REVISION.search(text)
            revision = match.group(1) if match else "0"
            with stats.lock:
                for card_text in stats.submitted:
                    if card_text not in stats.seen and card_text in text:
                        stats.seen[card_text] = now
        time.sleep(interval)


# -- the room scenario ----------------------------------------------------------------------------


class Wall:
    """One projector: fetches its live part when told (push) or every `interval` seconds (poll), and
    notes when each card first appears on it and whether a card ever appeared twice."""

    def __init__(self, name: str, base: str, key: str, stats: Stats) -> None:
        self.name, self.base, self.key, self.stats = name, base, key, stats
        self.revision = "0"
        self.seen: dict[str, float] = {}
        self.duplicates = 0
        self.offline_until = 0.0
        self.nudged = threading.Event()

    def fetch(self) -> None:
        if time.perf_counter() < self.offline_until:
            return
        try:
            address = f"{self.base}/workshops/wall/{self.key}/live/?v={self.revision}"
            with urllib.request.urlopen(address, timeout=60) as response:  # noqa: S310
                status, text = response.status, response.read().decode()
        except OSError as error:
            self.stats.count(f"{self.name} {type(error).__name__}")
            return
        self.stats.count()
        now = time.perf_counter()
        if status != 200:
            return
        match = REVISION.search(text)
        self.revision = match.group(1) if match else "0"
        with self.stats.lock:
            submitted = list(self.stats.submitted)
        for card_text in submitted:
            count = text.count(card_text)
            if count and card_text not in self.seen:
                self.seen[card_text] = now
            if count > 1:
                self.duplicates += 1

    def poll(self, stop: threading.Event, interval: float) -> None:
        while not stop.is_set():
            self.fetch()
            stop.wait(interval)

    def on_push(self, stop: threading.Event, safety: float) -> None:
        """Fetch on every nudge, and every `safety` seconds in any case (as live.js does)."""
        while not stop.is_set():
            self.nudged.wait(safety)
            self.nudged.clear()
            self.fetch()


def listen(url: str, nudged: threading.Event, stop: threading.Event, offline=lambda: False) -> None:
    """A browser's EventSource: read the stream, set `nudged` on ready/changed, connect again after
    2 s when the stream breaks."""
    while not stop.is_set():
        if offline():
            time.sleep(0.2)
            continue
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                for line in response:
                    if line.startswith((b"event: ready", b"event: changed")):
                        nudged.set()
                    if stop.is_set() or offline():
                        break
        except OSError:
            pass
        stop.wait(2)


def room(arguments, environment: dict, session, base: str, stream_base: str | None) -> dict:
    stats = Stats()
    stop = threading.Event()
    walls = [Wall("wall A", base, session.projector_key, stats), Wall("wall B", base, session.projector_key, stats)]
    threads: list[threading.Thread] = []
    push_url = ""
    if stream_base:
        page = urllib.request.urlopen(f"{base}/workshops/wall/{session.projector_key}/", timeout=30).read().decode()  # noqa: S310
        match = PUSH.search(page)
        if not match:
            raise SystemExit("The projector page names no push stream: is LIVE_REDIS_URL set for the server?")
        push_url = stream_base + match.group(1)
    for wall in walls:
        if stream_base:
            threads.append(threading.Thread(target=wall.on_push, args=(stop, 30), daemon=True))
            offline = (lambda w: lambda: time.perf_counter() < w.offline_until)(wall)
            threads.append(threading.Thread(target=listen, args=(push_url, wall.nudged, stop, offline), daemon=True))
        else:
            threads.append(threading.Thread(target=wall.poll, args=(stop, 2.0), daemon=True))

    go, cards_go = threading.Event(), threading.Event()
    joined = threading.Barrier(arguments.participants + 1)
    started_at: dict[str, float] = {}

    def phone_evening(number: int) -> None:
        phone = Phone(base, stats)
        phone.request("/workshops/join/")
        go.wait()
        phone.request("/workshops/join/", {"csrfmiddlewaretoken": phone.csrf(), "code": session.code})
        # Everyone joins while the moderator explains; then the cards come.
        joined.wait()
        cards_go.wait()
        live_match = LIVE_GET.search(phone.page)
        live_path = live_match.group(1).replace("&amp;", "&").split("?")[0] if live_match else ""
        nudged = threading.Event()
        if stream_base:
            match = PUSH.search(phone.page)
            if match:
                threading.Thread(target=listen, args=(stream_base + match.group(1), nudged, stop), daemon=True).start()
        moments = sorted(random.uniform(0, arguments.spread) for _n in range(arguments.cards))  # noqa: S311
        revision = "0"
        sent = 0
        while not stop.is_set() and (
            sent < len(moments) or time.perf_counter() - started_at["go"] < arguments.spread + 5
        ):
            elapsed = time.perf_counter() - started_at["go"]
            if sent < len(moments) and elapsed >= moments[sent]:
                nonce = NONCE.search(phone.page)
                text = f"Karte {number}-{sent}: Mehr Busse am Abend {random.randint(1000, 9999)}"  # noqa: S311
                with stats.lock:
                    stats.submitted[text] = time.perf_counter()
                phone.request(
                    f"/workshops/{session.pk}/me/cards/",
                    {
                        "csrfmiddlewaretoken": phone.csrf(),
                        "text": text,
                        "step": "criticism",
                        "nonce": nonce.group(1) if nonce else "",
                    },
                )
                sent += 1
                continue
            # Look for news: on a nudge (push, and every 30 s in any case) or every 2 s (poll).
            if stream_base:
                nudged.wait(min(0.5, 30))
                if not nudged.is_set():
                    continue
                nudged.clear()
            else:
                time.sleep(2)
            if live_path:
                try:
                    with phone.opener.open(f"{base}{live_path}?v={revision}", timeout=60) as response:  # noqa: S310
                        body = response.read().decode()
                        if response.status == 200:
                            match = REVISION.search(body)
                            revision = match.group(1) if match else revision
                    stats.count()
                except OSError as error:
                    stats.count(f"phone poll {type(error).__name__}")

    phones = [threading.Thread(target=phone_evening, args=(n,), daemon=True) for n in range(arguments.participants)]
    for thread in phones + threads:
        thread.start()
    time.sleep(1)
    go.set()
    joined.wait()
    time.sleep(2)
    started_at["go"] = time.perf_counter()
    cards_go.set()
    # The second wall loses its connection a third of the way in.
    time.sleep(arguments.spread / 3)
    outage_start = time.perf_counter()
    walls[1].offline_until = outage_start + arguments.outage
    for thread in phones:
        thread.join()
    deadline = time.perf_counter() + 40
    while time.perf_counter() < deadline and any(len(wall.seen) < len(stats.submitted) for wall in walls):
        time.sleep(0.1)
    stop.set()
    for wall in walls:
        wall.nudged.set()

    outage_end = outage_start + arguments.outage
    during = [text for text, at in stats.submitted.items() if outage_start <= at < outage_end]
    caught_up = max((walls[1].seen.get(text, float("inf")) for text in during), default=outage_end) - outage_end
    latencies = {
        wall.name: [
            wall.seen[text] - at
            for text, at in stats.submitted.items()
            if text in wall.seen and not (wall is walls[1] and outage_start - 3 <= at < outage_end)
        ]
        for wall in walls
    }
    return {
        "stats": stats,
        "walls": walls,
        "latencies": latencies,
        "during_outage": len(during),
        "caught_up": caught_up,
    }


def report_room(arguments, result: dict, session) -> None:
    from zukunftswerkstatt.workshops.models import Card

    stats = result["stats"]
    vendor = "PostgreSQL" if os.environ["DATABASE_URL"].startswith("postgres") else "SQLite"
    way = "live push (uvicorn + Redis), safety poll every 30 s" if arguments.push else "polling every 2 s"
    print(
        f"A workshop room ({vendor}; {arguments.participants} phones, 2 walls; {way}; "
        f"{arguments.participants * arguments.cards} cards over {arguments.spread:g} s)"
    )
    stored = Card.objects.filter(session=session).count()
    print(f"  cards: {stored} stored of {len(stats.submitted)} sent")
    for wall in result["walls"]:
        values = result["latencies"][wall.name]
        missed = len(stats.submitted) - len(wall.seen)
        line = f"  {wall.name}: shows {len(wall.seen)}, missed {missed}, shown twice {wall.duplicates}"
        if values:
            line += (
                f"; submission → wall: median {statistics.median(values) * 1000:.0f} ms, "
                f"p95 {percentile(values, 0.95) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
            )
        print(line)
    print(
        f"  wall B offline for {arguments.outage:g} s: {result['during_outage']} cards came meanwhile; "
        f"all on the wall {result['caught_up']:.1f} s after it was back"
    )
    print(
        f"  requests: {stats.requests}; errors: {len(stats.errors)}"
        + (f" – {sorted(set(stats.errors))[:5]}" if stats.errors else "")
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--cards", type=int, default=3, help="cards per participant")
    parser.add_argument("--dots", type=int, default=3, help="dots per participant")
    parser.add_argument("--poll", type=float, default=0.25, help="seconds between the projector's polls")
    parser.add_argument("--scenario", choices=["burst", "room"], default="burst")
    parser.add_argument("--push", action="store_true", help="room: live push through an ASGI server and Redis")
    parser.add_argument("--spread", type=float, default=60, help="room: seconds over which the cards are sent")
    parser.add_argument("--outage", type=float, default=60, help="room: seconds the second wall is offline")
    arguments = parser.parse_args()

    database = fresh_database(os.environ.get("DATABASE_URL", ""))
    environment = {
        **os.environ,
        "DATABASE_URL": database,
        "DEBUG": "false",
        # Production settings refuse to start without a secret key of their own (config/secret_key.py).
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "SECURE_COOKIES": "false",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    if arguments.push:
        environment["LIVE_REDIS_URL"] = os.environ.get("LIVE_REDIS_URL") or "redis://127.0.0.1:6379/0"
    os.environ.update(environment)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=environment, check=True)  # noqa: S603

    import django

    django.setup()
    import datetime as dt

    from django.db import connections
    from django.utils import timezone

    from zukunftswerkstatt.accounts.models import User
    from zukunftswerkstatt.core.services import organisation_create
    from zukunftswerkstatt.events.services import event_create
    from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint
    from zukunftswerkstatt.workshops import services
    from zukunftswerkstatt.workshops.models import Card, Dot, Participant

    now = timezone.now()
    organisation = organisation_create(name="Benchmark", slug="benchmark")
    process = process_create_from_blueprint(
        organisation=organisation,
        title="Benchmark",
        slug="benchmark",
        theme="Last",
        start=now - dt.timedelta(weeks=13),
        is_published=True,
    )
    phase = process.phases.get(type="workshop")
    module = module_create(phase=phase, type="ideas", title="Ideen", settings={})
    event = event_create(
        process=process,
        phase=phase,
        title="Werkstatt",
        kind="workshop",
        start=now,
        end=now + dt.timedelta(hours=3),
        place_name="Saal",
    )
    moderator = User.objects.create_user(email="moderation@bench.example", password="x")  # noqa: S106
    session = services.session_create(event=event, ideas_module=module, title="Last", started_by=moderator)
    session = services.session_set_step(session=session, step="criticism")
    connections.close_all()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(Path(tempfile.gettempdir()) / "zw-bench-workshops-server.log", "w")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", SERVER, str(port)], cwd=ROOT, env=environment, stdout=log, stderr=log
    )
    streams = None
    stream_base = None
    if arguments.push:
        stream_port = free_port()
        stream_base = f"http://127.0.0.1:{stream_port}"
        streams = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--port",
                str(stream_port),
                "--no-access-log",
                "--timeout-graceful-shutdown",
                "2",
            ],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=log,
        )
    try:
        for address in filter(None, (base, stream_base)):
            for _attempt in range(100):
                try:
                    urllib.request.urlopen(f"{address}/healthz", timeout=1).read()  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.1)
        if arguments.scenario == "room":
            result = room(arguments, environment, session, base, stream_base)
            report_room(arguments, result, session)
            return
        stats = Stats()
        stop, go = threading.Event(), threading.Event()
        poller = threading.Thread(target=projector, args=(base, session.projector_key, stats, stop, arguments.poll))
        poller.start()
        phones: list[Phone] = []

        def run_participant(number: int) -> None:
            phones.append(participant(base, session.code, session.pk, number, arguments.cards, stats, go))

        threads = [threading.Thread(target=run_participant, args=(n,)) for n in range(arguments.participants)]
        for thread in threads:
            thread.start()
        time.sleep(1)  # everyone has the join page open
        requests_before = stats.requests
        started = time.perf_counter()
        go.set()
        for thread in threads:
            thread.join()
        cards_seconds = time.perf_counter() - started
        cards_requests = stats.requests - requests_before
        deadline = time.perf_counter() + 15
        while len(stats.seen) < len(stats.submitted) and time.perf_counter() < deadline:
            time.sleep(0.1)

        # The moderator groups the cards into twelve clusters (as at a real evening), then opens the vote.
        clusters = [services.cluster_create(session=session, title=f"Thema {n + 1}") for n in range(12)]
        for index, card in enumerate(Card.objects.filter(session=session).order_by("pk")):
            services.card_move(session=session, card=card, cluster=clusters[index % len(clusters)])
        services.vote_configure(session=session, dots_per_participant=arguments.dots, allow_stacking=False)
        services.vote_set_state(session=session, state="open")
        connections.close_all()
        requests_before = stats.requests
        started = time.perf_counter()
        voters = [threading.Thread(target=vote, args=(phone, session.pk, arguments.dots)) for phone in phones]
        for thread in voters:
            thread.start()
        for thread in voters:
            thread.join()
        vote_seconds = time.perf_counter() - started
        vote_requests = stats.requests - requests_before
        stop.set()
        poller.join()
    finally:
        for process in filter(None, (server, streams)):
            process.terminate()
            process.wait(timeout=10)

    latencies = [stats.seen[text] - stats.submitted[text] for text in stats.seen]
    vendor = "PostgreSQL" if database.startswith("postgres") else "SQLite"
    cards = Card.objects.filter(session=session).count()
    dots = Dot.objects.filter(session=session).count()
    over = [p.pk for p in Participant.objects.filter(session=session) if p.dots.count() > arguments.dots]
    print(
        f"Live workshop board under load ({vendor}, threaded WSGI server, {arguments.participants} phones + projector)"
    )
    print(f"  cards: {cards} stored of {len(stats.submitted)} sent; on the projector: {len(stats.seen)}")
    if latencies:
        median_ms = statistics.median(latencies) * 1000
        p95_ms = percentile(latencies, 0.95) * 1000
        print(
            f"  submission → projector (poll every {arguments.poll:g} s): median {median_ms:.0f} ms, "
            f"p95 {p95_ms:.0f} ms, max {max(latencies) * 1000:.0f} ms"
        )
    for label, count, seconds in (
        ("join + cards", cards_requests, cards_seconds),
        ("voting", vote_requests, vote_seconds),
    ):
        print(f"  {label} phase: {count} requests in {seconds:.1f} s = {count / seconds:.0f} requests/s")
    print(f"  dots: {dots} stored (allowance {arguments.dots} each; over the allowance: {len(over)})")
    print(f"  errors: {len(stats.errors)}" + (f" – {sorted(set(stats.errors))[:5]}" if stats.errors else ""))


if __name__ == "__main__":
    main()
