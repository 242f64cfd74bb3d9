"""Proof under load and faults: a busy week on PostgreSQL and gunicorn, a database restart and a killed worker.

    .venv/bin/pip install -r benchmarks/requirements-load.txt
    .venv/bin/python benchmarks/load_test.py                 # 200 people, 5 minutes (about 8 minutes in all)
    .venv/bin/python benchmarks/load_test.py --users 40 --duration 60 --restart-at 20 --kill-at 35   # a short try

What it does, with nothing shared with a running installation:
1. starts a PostgreSQL of its own (initdb in a temporary folder, 127.0.0.1:<--pg-port>), because it restarts it;
2. migrates, loads the demo, makes an account for each simulated person;
3. starts gunicorn with deploy/gunicorn.conf.py (sync workers, the application preloaded) with DEBUG off,
   Redis as the cache (database --redis-db, flushed first), TRUSTED_PROXY_COUNT=1, and the mail and task
   workers, each kept running like systemd's Restart=always would (restarted one second after it ends);
4. runs locust (benchmarks/load/locustfile.py) headless: people reading, searching, contributing, commenting,
   supporting, registering, voting, rating, phones and two projectors polling a live board;
5. at --restart-at seconds restarts PostgreSQL (pg_ctl restart -m fast); at --kill-at seconds queues a PDF of the
   municipal profile and kills the task worker with SIGKILL while it is being built;
6. prints requests, responses by status, errors outside the restart window, p50/p95/p99, and then checks in
   the database that every acknowledged write is there exactly once (benchmarks/load/django_side.py).

Exit status 0 only when no acknowledged write was lost or doubled, no request failed outside the restart
window, and the PDF was built after the kill. Figures and how to read them: docs/operations.md.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
DJANGO_SIDE = str(ROOT / "benchmarks" / "load" / "django_side.py")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def pg_bin() -> Path:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    sys.exit("PostgreSQL's server programs (initdb, pg_ctl) are needed: apt-get install postgresql")


class PrivatePostgres:
    """A PostgreSQL cluster of the load test's own, so that restarting it disturbs nothing else."""

    def __init__(self, folder: Path, port: int):
        self.folder, self.port, self.bin = folder, port, pg_bin()
        self.data = folder / "pgdata"
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)  # noqa: S603

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "zw_load")

    def _options(self) -> str:
        return f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"

    def start(self) -> None:
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", self._options(), "-l", str(self.folder / "pg.log"), "-w", "start"
        )

    def restart(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            self._options(),
            "-l",
            str(self.folder / "pg.log"),
            "-m",
            "fast",
            "-w",
            "restart",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/zw_load"


class Supervised:
    """A worker kept running like systemd's Restart=always, RestartSec=1."""

    def __init__(self, name: str, command: list[str], env: dict, logfile: Path):
        self.name, self.command, self.env, self.logfile = name, command, env, logfile
        self.process: subprocess.Popen | None = None
        self.restarts = 0
        self.stopping = False
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _loop(self) -> None:
        while not self.stopping:
            with open(self.logfile, "a") as out:
                self.process = subprocess.Popen(self.command, env=self.env, stdout=out, stderr=out, cwd=ROOT)  # noqa: S603
                code = self.process.wait()
            if self.stopping:
                break
            self.restarts += 1
            log(f"{self.name} ended (exit {code}); started again in 1 s (restart {self.restarts})")
            time.sleep(1)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)

    def stop(self) -> None:
        self.stopping = True
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def django(env: dict, *args: str, check: bool = True) -> str:
    result = subprocess.run([PYTHON, DJANGO_SIDE, *args], env=env, capture_output=True, text=True, cwd=ROOT)  # noqa: S603
    if check and result.returncode != 0:
        sys.exit(f"django_side {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603


def worker_commands(env: dict) -> tuple[str, str]:
    """The workers that reconnect by themselves, or the libraries' own where those are not there."""
    names = subprocess.run(
        [PYTHON, "manage.py", "help", "--commands"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,  # noqa: S603
    ).stdout.split()
    mail = "mail_worker" if "mail_worker" in names else "runmailer"
    tasks = "task_worker" if "task_worker" in names else "db_worker"
    return mail, tasks


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=4.0, help="people starting per second")
    parser.add_argument("--duration", type=int, default=300, help="seconds of load")
    parser.add_argument("--restart-at", type=int, default=120, help="seconds into the load; 0: no restart")
    parser.add_argument("--kill-at", type=int, default=180, help="seconds into the load; 0: no worker kill")
    parser.add_argument("--gunicorn-workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8901)
    parser.add_argument("--pg-port", type=int, default=55490)
    parser.add_argument("--redis-db", type=int, default=9)
    parser.add_argument(
        "--grace", type=float, default=5.0, help="seconds after PostgreSQL is back that still count as its restart"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database)")
    options = parser.parse_args()

    try:
        import gunicorn  # noqa: F401
        import locust  # noqa: F401
    except ImportError:
        sys.exit("The load test needs locust: .venv/bin/pip install -r benchmarks/requirements-load.txt")

    folder = Path(tempfile.mkdtemp(prefix="zw-load-"))
    os.chmod(folder, 0o755)
    postgres = PrivatePostgres(folder / "pg", options.pg_port)
    log(f"private PostgreSQL in {postgres.folder} on port {options.pg_port}")
    postgres.init()

    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=options.redis_db).flushdb()
    site = f"http://127.0.0.1:{options.port}"
    env = {
        **os.environ,
        "DATABASE_URL": postgres.url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": site,
        "CACHE_URL": f"redis://127.0.0.1:6379/{options.redis_db}",
        "CONN_MAX_AGE": "60",
        "TRUSTED_PROXY_COUNT": "1",
        "SECURE_COOKIES": "false",
        "EMAIL_FILE_PATH": str(folder / "mail"),
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "MAILER_EMPTY_QUEUE_SLEEP": "1",
        "LOG_LEVEL": "WARNING",
    }
    started_at = time.monotonic()
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage({**env, "DEBUG": "true"}, "load_demo")
    targets_path, acks_path, requests_path = folder / "targets.json", folder / "acks.jsonl", folder / "requests.json"
    log(django(env, "setup", str(targets_path), str(options.users)).strip())
    log(f"prepared in {time.monotonic() - started_at:.0f} s")

    mail_command, task_command = worker_commands(env)
    web = subprocess.Popen(  # noqa: S603
        [
            PYTHON,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "config.wsgi:application",
            "--workers",
            str(options.gunicorn_workers),
            "--bind",
            f"127.0.0.1:{options.port}",
            "--log-level",
            "warning",
            "--error-logfile",
            str(folder / "gunicorn.log"),
        ],
        env=env,
        cwd=ROOT,
    )
    mailer = Supervised("mail worker", [PYTHON, "manage.py", mail_command], env, folder / "mail_worker.log")
    tasks = Supervised("task worker", [PYTHON, "manage.py", task_command], env, folder / "task_worker.log")
    mailer.start()
    tasks.start()
    time.sleep(3)
    log(f"gunicorn ({options.gunicorn_workers} workers) on {site}; workers: {mail_command}, {task_command}")

    faults: dict[str, float] = {}
    document = {"pk": ""}

    def fault_timeline(load_started: float) -> None:
        if options.restart_at:
            time.sleep(max(0, load_started + options.restart_at - time.monotonic()))
            faults["restart_begin"] = time.time()
            log("restarting PostgreSQL …")
            postgres.restart()
            faults["restart_end"] = time.time()
            log(f"PostgreSQL is back after {faults['restart_end'] - faults['restart_begin']:.1f} s")
        if options.kill_at:
            time.sleep(max(0, load_started + options.kill_at - 8 - time.monotonic()))
            document["pk"] = django(env, "queue_document").strip()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and django(env, "document_status", document["pk"]).strip() != "running":
                time.sleep(0.3)
            faults["kill"] = time.time()
            tasks.kill()
            log(f"killed the task worker (SIGKILL) while PDF {document['pk']} was being built")

    locust_env = {
        **env,
        "LOAD_TARGETS": str(targets_path),
        "LOAD_ACKS": str(acks_path),
        "LOAD_REQUESTS": str(requests_path),
    }
    load_started = time.monotonic()
    threading.Thread(target=fault_timeline, args=(load_started,), daemon=True).start()
    log(f"load: {options.users} people for {options.duration} s (spawn {options.spawn_rate}/s)")
    subprocess.run(  # noqa: S603
        [
            PYTHON,
            "-m",
            "locust",
            "-f",
            str(ROOT / "benchmarks" / "load" / "locustfile.py"),
            "--headless",
            "-u",
            str(options.users),
            "-r",
            str(options.spawn_rate),
            "-t",
            f"{options.duration}s",
            "--host",
            site,
            "--stop-timeout",
            "10",
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--csv",
            str(folder / "locust"),
        ],
        env=locust_env,
        cwd=ROOT,
        check=False,
    )
    log("load finished; waiting for the mail queue and the PDF")
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        queued = int(django(env, "mail_queue").strip() or 0)
        status = django(env, "document_status", document["pk"]).strip() if document["pk"] else "done"
        if queued == 0 and status in ("done", "failed"):
            break
        time.sleep(3)

    requests = json.loads(requests_path.read_text()) if requests_path.exists() else []
    window = (faults.get("restart_begin", 0) - 1, faults.get("restart_end", 0) + options.grace)
    statuses = Counter(status for _t, _name, status, _ms in requests)
    errors = [(t, name, status) for t, name, status, _ms in requests if status == 0 or status >= 500]
    outside = [e for e in errors if not (window[0] <= e[0] <= window[1])]
    times = [ms for _t, _name, _status, ms in requests]
    times_outside = [ms for t, _name, _status, ms in requests if not (window[0] <= t <= window[1])]
    span = (max(t for t, *_ in requests) - min(t for t, *_ in requests)) if requests else 1

    print()
    print(
        f"== {options.users} people, {options.duration} s, gunicorn {options.gunicorn_workers} sync workers, "
        f"PostgreSQL {postgres.bin.parent.name}, {os.cpu_count()} cores"
    )
    print(f"requests            {len(requests)} ({len(requests) / span:.1f}/s)")
    print("responses by status " + ", ".join(f"{s or 'no response'}: {n}" for s, n in sorted(statuses.items())))
    if "restart_begin" in faults:
        print(
            f"database restart    {faults['restart_end'] - faults['restart_begin']:.1f} s; "
            f"errors in its window (+{options.grace:.0f} s): {len(errors) - len(outside)}"
        )
    print(f"errors outside it   {len(outside)}" + (f"  e.g. {outside[:5]}" if outside else ""))
    print(
        f"response time ms    p50 {percentile(times, 0.5):.0f}  p95 {percentile(times, 0.95):.0f}  "
        f"p99 {percentile(times, 0.99):.0f}  (outside the restart window: p95 {percentile(times_outside, 0.95):.0f}, "
        f"mean {statistics.fmean(times_outside) if times_outside else 0:.0f})"
    )
    slowest = Counter()
    for _t, name, _status, ms in requests:
        slowest[name] = max(slowest[name], ms)
    by_name: dict[str, list[float]] = {}
    for _t, name, _status, ms in requests:
        by_name.setdefault(name, []).append(ms)
    print(f"{'page or action':<32}{'n':>7}{'p50':>7}{'p95':>7}{'p99':>7}")
    for name, values in sorted(by_name.items(), key=lambda item: -len(item[1])):
        print(
            f"{name:<32}{len(values):>7}{percentile(values, 0.5):>7.0f}{percentile(values, 0.95):>7.0f}"
            f"{percentile(values, 0.99):>7.0f}"
        )
    print(f"worker restarts     mail {mailer.restarts}, tasks {tasks.restarts}")

    verify = subprocess.run(  # noqa: S603
        [PYTHON, DJANGO_SIDE, "verify", str(acks_path), str(targets_path), document["pk"]],
        env=env,
        cwd=ROOT,
        check=False,
    )

    web.terminate()
    web.wait(15)
    mailer.stop()
    tasks.stop()
    postgres.stop()
    if options.keep:
        log(f"kept {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    ok = verify.returncode == 0 and not outside
    p95 = percentile(times_outside, 0.95)
    print(
        f"GOALS: lost writes 0 {'✓' if verify.returncode == 0 else '✗'} · errors outside the restart window 0 "
        f"{'✓' if not outside else '✗'} · p95 under 300 ms {'✓' if p95 < 300 else '✗'} ({p95:.0f} ms)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
