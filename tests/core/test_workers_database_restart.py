"""A real PostgreSQL restart under both workers: they wait it out and then do what was queued.

The test starts a PostgreSQL of its own (initdb as the user postgres, a free port, a temporary
folder), copies the test database's schema into it, runs `manage.py mail_worker` and
`manage.py task_worker` against it, stops the server for a few seconds, starts it again, and
queues a mail and a task. It never touches the machine's PostgreSQL. It runs with the PostgreSQL
suite (CI) and needs root (for `runuser -u postgres`) and PostgreSQL's server programs; without
them it is skipped and says why. The terminate-backend tests in test_workers_postgres.py always run.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
TIMEOUT = 60
PG_BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), "")


def why_not() -> str | None:
    if connection.vendor != "postgresql":
        return "runs with the PostgreSQL suite (DATABASE_URL=postgres://…)"
    if not PG_BIN or not Path(PG_BIN, "initdb").exists():
        return "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
    if os.geteuid() != 0 or not shutil.which("runuser") or not shutil.which("pg_dump") or not shutil.which("psql"):
        return "needs root with runuser, pg_dump and psql to start a private PostgreSQL as the user postgres"
    return None


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(why_not() is not None, reason=why_not() or ""),
]


def run(*command: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=TIMEOUT, **kwargs)  # noqa: S603


class PrivatePostgres:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="zw_pg_restart_"))
        shutil.chown(self.folder, "postgres")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.data = self.folder / "data"
        run(
            "runuser", "-u", "postgres", "--", f"{PG_BIN}/initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres"
        )

    def pg_ctl(self, *arguments: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.folder / "server.log")
        run("runuser", "-u", "postgres", "--", f"{PG_BIN}/pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w",
            *arguments)  # fmt: skip

    def url(self, name: str = "zw") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        subprocess.run(  # noqa: S603
            ["runuser", "-u", "postgres", "--", f"{PG_BIN}/pg_ctl", "-D", str(self.data), "-m", "immediate", "stop"],  # noqa: S607
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def private_postgres():
    server = PrivatePostgres()
    try:
        server.pg_ctl("start")
        with psycopg.connect(server.url("postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE zw")
        # The test database's tables, without running every migration again (a minute on a busy machine).
        db = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
        schema = run(
            "pg_dump", "--schema-only", "--no-owner", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432),
            "-U", db["USER"], db["NAME"], env=env,
        ).stdout  # fmt: skip
        run("psql", "-q", "-v", "ON_ERROR_STOP=1", server.url(), input=schema)
        yield server
    finally:
        server.remove()


def start(server: PrivatePostgres, tmp_path: Path, *arguments: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env={**environment(server, tmp_path), "CONN_MAX_AGE": "600"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def environment(server: PrivatePostgres, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": server.url(),
        "WORKER_HEARTBEAT_SECONDS": "1",
        "WORKER_BACKOFF_MAX_SECONDS": "2",
        "MAILER_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_BACKEND": "mailer.backend.DbBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "EMAIL_URL": "",
        "TASKS_BACKEND": "django_tasks_db.backend.DatabaseBackend",
        "DEBUG": "false",
        "SECRET_KEY": "test-" + os.urandom(32).hex(),
    }


def query(server: PrivatePostgres, sql: str):
    try:
        with psycopg.connect(server.url(), connect_timeout=2) as db:
            return db.execute(sql).fetchone()[0]
    except psycopg.OperationalError:
        return None


def wait_for(condition, what: str, workers: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        for worker in workers:
            if worker.poll() is not None:
                pytest.fail(f"a worker ended while waiting for {what}:\n{worker.stdout.read()}")
        time.sleep(0.2)
    for worker in workers:
        worker.kill()
    pytest.fail(f"timed out waiting for {what}:\n" + "\n".join(worker.communicate()[0] for worker in workers))


def test_both_workers_wait_out_a_database_restart_and_do_what_is_queued_afterwards(private_postgres, tmp_path):
    server = private_postgres
    workers = [
        start(server, tmp_path, "mail_worker", "--sleep", "0.2"),
        start(server, tmp_path, "task_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"),
    ]
    outputs = []
    try:
        wait_for(
            lambda: query(server, "SELECT count(DISTINCT kind) FROM core_workerheartbeat") == 2,
            "both workers' heartbeats",
            workers,
        )
        server.pg_ctl("-m", "fast", "stop")
        time.sleep(3)  # down long enough for both to meet "connection refused" and back off
        server.pg_ctl("start")

        run(
            sys.executable, "manage.py", "shell", "-c",
            "from django.core.mail import send_mail; from tests.core.worker_tasks import double; "
            "send_mail('Nach dem Neustart', 'Text', 'absender@example.org', ['empfaenger@example.org']); "
            "double.enqueue(21)",
            cwd=BASE_DIR, env=environment(server, tmp_path),
        )  # fmt: skip
        wait_for(
            lambda: (
                query(server, "SELECT count(*) FROM mailer_message") == 0
                and query(server, "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'SUCCESSFUL'")
                == 1
            ),
            "the mail to be sent and the task to run",
            workers,
        )
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                outputs.append(worker.communicate(timeout=TIMEOUT)[0])
            except subprocess.TimeoutExpired:
                worker.kill()
                outputs.append(worker.communicate()[0])

    assert [worker.returncode for worker in workers] == [0, 0], outputs
    assert "Subject: Nach dem Neustart" in next((tmp_path / "mail").iterdir()).read_text()
    for kind, output in zip(["mail", "tasks"], outputs, strict=True):
        assert f"{kind}: database unavailable (OperationalError" in output, output
        assert f"{kind}: database is back" in output, output
