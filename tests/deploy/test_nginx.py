"""The example web-server configuration (deploy/nginx/) in front of the running application.

`nginx -t` checks the shipped site file as it is (only its placeholders filled in), and the shipped
locations snippet runs unchanged, apart from the MEDIA_ROOT path, in a plain-HTTP server on
127.0.0.1 in front of the application
(Django's live-server thread, as gunicorn would run it). Through it, the test checks what an operator relies on:
pages are proxied with the visitor's address, uploaded pictures come from MEDIA_ROOT with safe
headers, anything else planted there is only a download, no path leads out of MEDIA_ROOT, and
private files (letter scans) are reachable only through the application's checked view.

Marked `nginx`. Without an nginx binary the tests are skipped on a developer's machine and fail in
CI (the environment variable CI is set, as `.ci/run` and CI services do), where nginx-light is
installed: a missing web server must not turn the proof into a skip unnoticed.
"""

from __future__ import annotations

import datetime as dt
import http.client
import io
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.signals import request_started
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.ci import when_tool_missing
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from zukunftswerkstatt.core import images
from zukunftswerkstatt.demography import forms as demography_forms
from zukunftswerkstatt.ideas.models import OfflineContact
from zukunftswerkstatt.inventory import importer
from zukunftswerkstatt.processes.services import module_create

pytestmark = pytest.mark.nginx

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
SITE = DEPLOY / "zukunftswerkstatt.conf"
LOCATIONS = DEPLOY / "zukunftswerkstatt-locations.conf"
# The placeholders an operator replaces; the test replaces exactly these and nothing else.
MEDIA_PLACEHOLDER = "/srv/zukunftswerkstatt/media/"
SNIPPET_PLACEHOLDER = "/etc/nginx/snippets/zukunftswerkstatt-locations.conf"
CERT_PLACEHOLDER = "/etc/letsencrypt/live/beteiligung.example.de/fullchain.pem"
KEY_PLACEHOLDER = "/etc/letsencrypt/live/beteiligung.example.de/privkey.pem"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


@pytest.fixture(autouse=True)
def _nginx_installed():
    if NGINX:
        return
    if when_tool_missing() == "fail":
        pytest.fail("nginx is missing in CI: .ci/run installs nginx-light (apt-get install nginx-light)")
    pytest.skip("nginx is not installed (apt-get install nginx-light); CI runs these tests")


def render(path: Path, replacements: dict[str, str]) -> str:
    """The shipped file with its placeholders filled in; each placeholder must be there."""
    text = path.read_text(encoding="utf-8")
    for placeholder, value in replacements.items():
        assert placeholder in text, f"{path.name} no longer contains the placeholder {placeholder}"
        text = text.replace(placeholder, value)
    return text


def main_config(prefix: Path, body: str) -> str:
    """nginx's main context for a run as the current user, everything written below `prefix`."""
    temp = "\n".join(
        f"  {name}_temp_path {prefix / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
user {pwd.getpwuid(os.geteuid()).pw_name};
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  access_log {prefix / "access.log"};
{temp}
{body}
}}
"""


def nginx_test(config: Path, prefix: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (a fixed binary and our own files)
        [NGINX, "-t", "-q", "-c", str(config), "-p", str(prefix), "-e", str(prefix / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_shipped_site_passes_nginx_t(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(  # noqa: S603
        [
            shutil.which("openssl") or "openssl",
            *("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=beteiligung.example.de"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    snippet = tmp_path / "zukunftswerkstatt-locations.conf"
    snippet.write_text(render(LOCATIONS, {MEDIA_PLACEHOLDER: f"{tmp_path / 'media'}/"}), encoding="utf-8")
    site = tmp_path / "zukunftswerkstatt.conf"
    site.write_text(
        render(SITE, {SNIPPET_PLACEHOLDER: str(snippet), CERT_PLACEHOLDER: str(cert), KEY_PLACEHOLDER: str(key)}),
        encoding="utf-8",
    )
    config = tmp_path / "nginx.conf"
    config.write_text(main_config(tmp_path, f"  include {site};"), encoding="utf-8")
    result = nginx_test(config, tmp_path)
    assert result.returncode == 0, result.stderr
    # The application server the snippet's proxy_pass names.
    assert re.search(r"upstream zukunftswerkstatt_app \{\s*server 127\.0\.0\.1:8000;", SITE.read_text())


def test_the_upload_limit_matches_the_largest_upload_the_application_takes():
    match = re.search(r"^client_max_body_size (\d+)m;", LOCATIONS.read_text(), re.MULTILINE)
    assert match, "client_max_body_size is missing in the snippet"
    limit = int(match.group(1)) * 1024 * 1024
    largest = max(
        images.MAX_UPLOAD_BYTES,
        demography_forms.MAX_UPLOAD_BYTES,
        importer.MAX_UPLOAD_BYTES,
        8 * 1024 * 1024,  # letter scans (ideas/forms.py)
    )
    # Enough for the largest file with the form around it, and not much more.
    assert largest < limit <= largest + 2 * 1024 * 1024


# --- nginx in front of the running application -----------------------------------------------------


class Nginx:
    def __init__(self, prefix: Path, port: int):
        self.prefix, self.port = prefix, port

    def request(
        self, path: str, *, method: str = "GET", headers: dict | None = None, source: str = "127.0.0.1"
    ) -> tuple[http.client.HTTPResponse, bytes]:
        """A raw request: the path is sent exactly as written (no normalising of ../ or %2f)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20, source_address=(source, 0))
        try:
            connection.putrequest(method, path, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            return response, response.read()
        finally:
            connection.close()


@pytest.fixture
def app_server(transactional_db):
    """The application as gunicorn runs it: Django's live-server thread without the handlers for
    static and media files that pytest-django's `live_server` wraps around it (production never
    serves MEDIA_URL from Django, so a test through them would prove the wrong thing)."""
    from django.db import connections
    from django.test.testcases import LiveServerThread

    shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    thread = LiveServerThread("127.0.0.1", static_handler=lambda media_handler: media_handler.application,
                              connections_override=shared)  # fmt: skip
    thread.daemon = True
    for connection in shared.values():
        connection.inc_thread_sharing()
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for connection in shared.values():
        connection.dec_thread_sharing()


@pytest.fixture
def nginx(tmp_path, app_server, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    Path(settings.PRIVATE_MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    snippet = prefix / "zukunftswerkstatt-locations.conf"
    snippet.write_text(render(LOCATIONS, {MEDIA_PLACEHOLDER: f"{settings.MEDIA_ROOT}/"}), encoding="utf-8")
    port, app = free_port(), urlsplit(app_server)
    config = prefix / "nginx.conf"
    # The same upstream name as the shipped site file, pointing at the live server.
    config.write_text(
        main_config(
            prefix,
            f"""  upstream zukunftswerkstatt_app {{ server {app.hostname}:{app.port}; }}
  upstream zukunftswerkstatt_live {{ server {app.hostname}:{app.port}; }}
  server {{
    listen 127.0.0.1:{port};
    server_name 127.0.0.1;
    include {snippet};
  }}""",
        ),
        encoding="utf-8",
    )
    checked = nginx_test(config, prefix)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(  # noqa: S603
        [NGINX, "-c", str(config), "-p", str(prefix), "-e", str(prefix / "error.log"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    yield Nginx(prefix, port)
    process.send_signal(signal.SIGQUIT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def environs():
    """The WSGI environments of the requests the application received."""
    seen: list[dict] = []

    def record(sender, environ, **kwargs):
        seen.append(environ)

    request_started.connect(record)
    yield seen
    request_started.disconnect(record)


def jpeg() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(output, format="JPEG")
    return output.getvalue()


@pytest.mark.django_db(transaction=True)
def test_pages_are_proxied_with_the_visitors_address(nginx, environs):
    from zukunftswerkstatt.core.net import client_ip

    # The visitor comes from 127.0.0.2 and claims another address in the header itself.
    response, body = nginx.request("/healthz", headers={"X-Forwarded-For": "203.0.113.9"}, source="127.0.0.2")
    assert response.status == 200
    assert b'"database": true' in body
    assert response.getheader("Server") == "nginx"  # no version number
    environ = environs[-1]
    assert environ["REMOTE_ADDR"] == "127.0.0.1"  # nginx
    assert environ["HTTP_X_FORWARDED_FOR"] == "203.0.113.9, 127.0.0.2"
    assert environ["HTTP_X_FORWARDED_PROTO"] == "http"

    class Request:
        META = environ

    # What rate limits count: the address nginx saw, not the one the visitor wrote.
    assert client_ip(Request()) == "127.0.0.2"

    response, body = nginx.request("/")
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/html")


@pytest.mark.django_db(transaction=True)
def test_too_large_a_request_ends_at_nginx(nginx, environs):
    response, _body = nginx.request("/", method="POST", headers={"Content-Length": str(30 * 1024 * 1024)})
    assert response.status == 413
    assert environs == []


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_picture_is_served_by_nginx_with_safe_headers(nginx, environs):
    picture = Path(settings.MEDIA_ROOT) / "ideas" / "2026" / "12" / "0f3c.jpg"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(jpeg())
    response, body = nginx.request("/media/ideas/2026/12/0f3c.jpg")
    assert response.status == 200
    assert body == picture.read_bytes()
    assert response.getheader("Content-Type") == "image/jpeg"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert "sandbox" in response.getheader("Content-Security-Policy")
    assert response.getheader("Content-Disposition") is None  # shown inline
    assert environs == []  # the application was not asked
    response, _body = nginx.request("/media/ideas/2026/12/0f3c.jpg", method="PUT", headers={"Content-Length": "0"})
    assert response.status in {403, 405}
    assert picture.read_bytes() == body


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ["page.html", "drawing.svg", "page.htm", "script.js", "no-ending", "fake.html.txt"])
def test_anything_else_in_media_is_only_a_download(nginx, name):
    planted = Path(settings.MEDIA_ROOT) / "ideas" / name
    planted.parent.mkdir(parents=True)
    planted.write_bytes(b"<html><script>alert(document.cookie)</script></html>")
    response, body = nginx.request(f"/media/ideas/{name}")
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/octet-stream"
    assert response.getheader("Content-Disposition") == "attachment"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert "sandbox" in response.getheader("Content-Security-Policy")


@pytest.mark.django_db(transaction=True)
def test_media_has_no_listing_and_no_hidden_files(nginx):
    folder = Path(settings.MEDIA_ROOT) / "ideas"
    folder.mkdir(parents=True)
    (folder / "0f3c.jpg").write_bytes(jpeg())
    (folder / ".htaccess").write_text("secret")
    for path in ("/media/", "/media/ideas/", "/media/ideas"):
        response, body = nginx.request(path)
        assert response.status in {301, 403, 404}, path
        assert b"0f3c" not in body
    response, body = nginx.request("/media/ideas/.htaccess")
    assert response.status == 404
    assert b"secret" not in body


@pytest.fixture
def scan(process, town_a):
    """A contribution received by letter, with its scan in PRIVATE_MEDIA_ROOT."""
    module = module_create(
        phase=process.phases.get(type="workshop"), type="ideas", title="Ideen", settings={"allow_guests": False}
    )
    idea = IdeaFactory(module=module, author=UserFactory(), municipality=town_a)
    contact = OfflineContact.objects.create(
        idea=idea,
        name="Erika Muster",
        contact="Marktplatz 1, 08209 Auerbach",
        consent="schriftlich",
        delete_on=dt.date.today() + dt.timedelta(days=90),  # noqa: DTZ011
        scan=ContentFile(b"%PDF-1.4\n% the letter of Erika Muster\n%%EOF\n", name="brief.pdf"),
    )
    return contact


@pytest.mark.django_db(transaction=True)
def test_private_files_are_reachable_only_through_the_checked_view(nginx, scan, moderator, participant):
    stored = Path(scan.scan.path)
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    secret = stored.read_bytes()
    relative = stored.relative_to(settings.PRIVATE_MEDIA_ROOT).as_posix()
    private_dir = Path(settings.PRIVATE_MEDIA_ROOT).name
    media_dir = Path(settings.MEDIA_ROOT).name
    # Straight at the file, and every way out of MEDIA_ROOT towards its sibling folder.
    attempts = [
        f"/private/{relative}",
        f"/{private_dir}/{relative}",
        f"/media/{relative}",
        f"/media/../{private_dir}/{relative}",
        f"/media/..%2f{private_dir}%2f{relative}",
        f"/media/%2e%2e/{private_dir}/{relative}",
        f"/media..//{private_dir}/{relative}",
        f"/media../{private_dir}/{relative}",
        f"/media/{media_dir}/../../{private_dir}/{relative}",
        f"/media//..//{private_dir}/{relative}",
    ]
    for path in attempts:
        response, body = nginx.request(path)
        assert response.status in {400, 403, 404}, f"{path}: HTTP {response.status}"
        assert secret not in body, path

    url = reverse("ideas:scan", kwargs={"module_pk": scan.idea.module_id, "pk": scan.idea_id})
    response, body = nginx.request(url)
    assert response.status in {302, 403, 404}
    assert secret not in body
    for person, allowed in ((participant, False), (moderator, True)):
        client = Client()
        client.force_login(person)
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        response, body = nginx.request(url, headers={"Cookie": cookie})
        if allowed:
            assert response.status == 200
            assert body == secret
            assert response.getheader("Content-Disposition").startswith("attachment")
        else:
            assert response.status in {403, 404}
            assert secret not in body
