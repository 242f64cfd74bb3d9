"""Several application servers behind one proxy (issue 17, docs/deployment.md "Several servers").

Two gunicorn servers on two ports behind nginx (the shipped location snippet, the upstream listing
both), one uvicorn for the live push streams, one task worker, all sharing PostgreSQL (the test
database), Redis (cache, rate limits and the live bus) and the upload folder. Through the proxy:

- a person logged in on one server is logged in on the other;
- a rate limit counts the requests both servers answered;
- a card written on one server is on the wall the other serves, and its nudge reaches a stream
  held by the push server;
- a PDF asked for on one server is built by the worker and handed out by either;
- a photo uploaded on one server is served by nginx and shown by the other.

nginx tells which server answered (X-Upstream, added for the test only). Runs on PostgreSQL (CI's
first half); SQLite cannot be shared by servers on several machines, so it is skipped there."""

from __future__ import annotations

import http.cookiejar
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from PIL import Image

from tests.ci import when_tool_missing
from tests.deploy.test_nginx import LOCATIONS, MEDIA_PLACEHOLDER, NGINX, free_port, main_config, render
from tests.factories import PASSWORD
from zukunftswerkstatt.core import live

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS = "redis://127.0.0.1:6379/9"

pytestmark = [pytest.mark.nginx, pytest.mark.django_db(transaction=True)]


def _needs(condition: bool, what: str) -> None:
    if condition:
        return
    if when_tool_missing() == "fail":
        pytest.fail(f"{what} is missing in CI")
    pytest.skip(f"{what} is missing")


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _database_url() -> str:
    given = connection.settings_dict
    return (
        f"postgres://{given['USER']}:{given['PASSWORD'] or ''}@{given['HOST'] or '127.0.0.1'}:"
        f"{given['PORT'] or 5432}/{given['NAME']}"
    )


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args[:4]} ended: {log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - our own 127.0.0.1
            return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer: {log.read_text()[-3000:]}")


class Visitor:
    """A browser's cookies, talking to one address; redirects are not followed (they are checked)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect)

    def request(self, path: str, data: dict | None = None, *, files: dict | None = None, base: str | None = None):
        """(status, headers, body) of one request; `base` sends the same cookies to another server."""
        url = (base or self.base) + path
        headers = {"Referer": url}
        body = None
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in (data or {}).items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                )
            for name, (filename, content, kind) in files.items():
                head = (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    f"Content-Type: {kind}\r\n\r\n"
                )
                parts.append(head.encode() + content + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 - our own 127.0.0.1
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def csrf(self, path: str) -> str:
        _status, _headers, body = self.request(path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert match, body[:500]
        return match.group(1).decode()


class Cluster:
    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.processes: list[subprocess.Popen] = []
        self.app_ports = [free_port(), free_port()]
        self.live_port = free_port()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.apps = [f"http://127.0.0.1:{port}" for port in self.app_ports]
        self.media = tmp_path / "media"
        self.media.mkdir()
        (tmp_path / "private").mkdir()
        self.environment = {
            **{key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO"))},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": _database_url(),
            "CONN_MAX_AGE": "0",
            "CACHE_URL": REDIS,
            "LIVE_REDIS_URL": REDIS,
            "SECRET_KEY": settings.SECRET_KEY,
            "DEBUG": "false",
            "SECURE_COOKIES": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": self.url,
            "TRUSTED_PROXY_COUNT": "1",
            "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "MEDIA_ROOT": str(self.media),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
            "RATE_LIMITS": "api.read:ip=6/m",
            "WORKER_HEARTBEAT_SECONDS": "1",
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
        }

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = self.tmp / f"{name}.log"
        process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=self.environment, stdout=log.open("w"), stderr=subprocess.STDOUT
        )
        process.log = log
        self.processes.append(process)
        return process

    def up(self) -> None:
        for number, port in enumerate(self.app_ports):
            server = self.start(
                f"gunicorn-{number}",
                [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi:application",
                 "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            )  # fmt: skip
            _wait_for(f"http://127.0.0.1:{port}/healthz", server, server.log)
        streams = self.start(
            "uvicorn",
            [sys.executable, "-m", "uvicorn", "config.asgi:application", "--port", str(self.live_port),
             "--no-access-log", "--timeout-graceful-shutdown", "1"],
        )  # fmt: skip
        _wait_for(f"http://127.0.0.1:{self.live_port}/healthz", streams, streams.log)
        self.worker = self.start("tasks", [sys.executable, "manage.py", "task_worker", "--no-reload"])
        prefix = self.tmp / "nginx"
        prefix.mkdir()
        snippet = prefix / "locations.conf"
        snippet.write_text(render(LOCATIONS, {MEDIA_PLACEHOLDER: f"{self.media}/"}), encoding="utf-8")
        servers = " ".join(f"server 127.0.0.1:{port};" for port in self.app_ports)
        config = prefix / "nginx.conf"
        config.write_text(
            main_config(
                prefix,
                f"""  upstream zukunftswerkstatt_app {{ {servers} }}
  upstream zukunftswerkstatt_live {{ server 127.0.0.1:{self.live_port}; }}
  server {{
    listen 127.0.0.1:{self.port};
    server_name 127.0.0.1;
    add_header X-Upstream $upstream_addr always;
    include {snippet};
  }}""",
            ),
            encoding="utf-8",
        )
        proxy = self.start(
            "nginx", [NGINX, "-c", str(config), "-p", str(prefix), "-e", str(prefix / "error.log"), "-g", "daemon off;"]
        )
        _wait_for(f"{self.url}/healthz", proxy, proxy.log)

    def down(self) -> None:
        for process in reversed(self.processes):
            process.send_signal(signal.SIGQUIT if process.args[0] == NGINX else signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def upstream(self, headers) -> str:
        return headers.get("X-Upstream", "")


@pytest.fixture
def servers(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several servers share PostgreSQL; CI runs this test in its PostgreSQL half")
    _needs(bool(NGINX), "nginx (apt-get install nginx-light)")
    _needs(_redis_reachable(), f"Redis at {REDIS}")
    _needs(shutil.which("gunicorn", path=str(BIN)) is not None, "gunicorn in the virtual environment")
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    cluster = Cluster(tmp_path)
    try:
        cluster.up()
        yield cluster
    finally:
        cluster.down()


@pytest.fixture
def workshop_session(process, moderator, town_a):
    """A workshop evening collecting criticism, made through the services (as the console would)."""
    import datetime as dt

    from django.utils import timezone

    from zukunftswerkstatt.events.services import event_create
    from zukunftswerkstatt.processes.services import module_create
    from zukunftswerkstatt.workshops import services

    phase = process.phases.get(type="workshop")
    module = module_create(phase=phase, type="ideas", title="Ideen", settings={})
    now = timezone.now()
    event = event_create(
        process=process, phase=phase, title="Werkstatt", kind="workshop",
        start=now - dt.timedelta(hours=1), end=now + dt.timedelta(hours=2), place_name="Rathaus",
    )  # fmt: skip
    session = services.session_create(event=event, ideas_module=module, title="", started_by=moderator)
    return services.session_set_step(session=session, step="criticism")


def picture() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_two_application_servers_behind_one_proxy(servers, workshop_session, moderator, process, settings):
    # The servers know the production password hashers only (the tests use a fast one).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    moderator.set_password(PASSWORD)
    moderator.save(update_fields=["password"])
    # Requests through the proxy alternate between the two servers.
    seen = {
        servers.upstream(servers_headers)
        for servers_headers in (Visitor(servers.url).request("/healthz")[1] for _ in range(4))
    }
    assert seen == {f"127.0.0.1:{port}" for port in servers.app_ports}

    # 1. A session started on one server is valid on the other.
    moderation = Visitor(servers.url)
    login = reverse("account_login")
    token = moderation.csrf(login)
    status, headers, _body = moderation.request(
        login, {"csrfmiddlewaretoken": token, "login": moderator.email, "password": PASSWORD}
    )
    assert status == 302, re.findall(rb'(?s)<ul class="errorlist[^>]*>(.{0,300})', _body)
    console = reverse("workshops:console", args=[workshop_session.pk])
    for app in servers.apps:
        status, _headers, body = moderation.request(console, base=app)
        assert status == 200, (app, status)
        assert workshop_session.code.encode() in body
    assert Visitor(servers.apps[1]).request(console)[0] == 403  # and a stranger is not

    # 2. A rate limit counts across both servers (api.read:ip is 6 a minute here).
    visitor = Visitor(servers.url)
    answers = [visitor.request("/api/v1/organisations") for _ in range(8)]
    assert [status for status, _h, _b in answers] == [200] * 6 + [429] * 2
    assert len({servers.upstream(headers) for _s, headers, _b in answers[:6]}) == 2

    # 3. The live board: a card written on server B is on the wall server A serves, and its nudge
    #    reaches the stream the push server holds (through the proxy's /live/).
    projector = reverse("workshops:projector_live", args=[workshop_session.projector_key])
    ticket = live.ticket(f"workshop:{workshop_session.pk}")
    nudges: list[bytes] = []
    opened = threading.Event()

    def listen() -> None:
        with urllib.request.urlopen(f"{servers.url}/live/{ticket}/", timeout=20) as stream:  # noqa: S310
            for line in stream:
                if line.startswith(b"event: ready"):
                    opened.set()
                if line.startswith(b"event: changed"):
                    nudges.append(line)
                    return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert opened.wait(10), "the stream did not open through the proxy"
    phone = Visitor(servers.apps[1])
    token = phone.csrf(reverse("workshops:join"))
    assert (
        phone.request(reverse("workshops:join"), {"csrfmiddlewaretoken": token, "code": workshop_session.code})[0]
        == 302
    )
    page = phone.request(reverse("workshops:participant", args=[workshop_session.pk]))[2]
    nonce = re.search(rb'name="nonce" value="([^"]+)"', page).group(1).decode()
    card = reverse("workshops:participant_card", args=[workshop_session.pk])
    written = time.monotonic()
    status, _h, _b = phone.request(
        card,
        {"csrfmiddlewaretoken": phone.csrf(reverse("workshops:participant", args=[workshop_session.pk])),
         "text": "Abends fährt kein Bus.", "step": "criticism", "nonce": nonce},
    )  # fmt: skip
    assert status == 302
    listener.join(10)
    assert nudges, "no nudge reached the stream"
    assert time.monotonic() - written < 5
    status, _h, body = Visitor(servers.apps[0]).request(projector + "?v=0")
    assert status == 200
    assert "Abends fährt kein Bus.".encode() in body

    # 4. A PDF asked for on one server is built by the worker and handed out by either.
    from zukunftswerkstatt.processes.services import module_create

    action_plan = module_create(phase=process.phases.get(type="action_plan"), type="action_plan", title="Werkstattplan")
    document = reverse("plans:plan_export", kwargs={"module_pk": action_plan.pk, "file_format": "pdf"})
    reader = Visitor(servers.apps[0])
    first = reader.request(document)
    assert first[0] in (200, 202), first[2][:500]
    deadline = time.monotonic() + 60
    while reader.request(document, base=servers.apps[1])[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    pdfs = [reader.request(document, base=app) for app in servers.apps]
    assert [status for status, _h, _b in pdfs] == [200, 200], servers.worker.log.read_text()[-2000:]
    assert all(body.startswith(b"%PDF") for _s, _h, body in pdfs)
    assert pdfs[0][2] == pdfs[1][2]

    # 5. A photo uploaded on server A is served by nginx and shown on server B.
    photos = reverse("workshops:photo_add", args=[workshop_session.pk])
    status, _h, _b = moderation.request(
        photos,
        {"csrfmiddlewaretoken": moderation.csrf(console), "alt_text": "Flipchart Kritik"},
        files={"image": ("flipchart.jpg", picture(), "image/jpeg")},
        base=servers.apps[0],
    )
    assert status == 302, _b[:800]
    body = moderation.request(console, base=servers.apps[1])[2].decode()
    source = re.search(r'src="(/media/workshops/[^"]+)"', body)
    assert source, body[-3000:]
    status, headers, image = Visitor(servers.url).request(source.group(1))
    assert status == 200
    assert headers["Content-Type"] == "image/jpeg"
    assert image[:2] == b"\xff\xd8"
