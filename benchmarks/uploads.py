"""Peak memory of gunicorn workers while people upload decompression bombs, six at a time.

Starts gunicorn (sync workers) on a throw-away SQLite database with the demo, logs in as the demo's
participant, moderator and coordinator, and sends through the real forms, several rounds of six in
parallel:

- refused from the header: a 6200×6200 PNG (150 KB, 154 MB decoded), a PNG whose header claims
  100,000×100,000 pixels, a GIF and an APNG of 200 frames, a 5000×5000 WebP, a progressive JPEG of
  8000×6000 (contribution form);
- accepted at the edge of the budget (scan of a letter, re-encoded): a transparent PNG of 2800×2800
  (7.8 MP, under the default limit of 8 MP), a baseline JPEG of 8000×6000 (decoded at 2000×1500)
  and a 12 MP phone photo;
- refused documents: the %PDF+HTML polyglot (scan), an XLSX with a 150 MB cell (inventory and
  demography imports).

It prints the resident memory (RSS) of every worker before, at its peak and after, and exits with
status 1 if a worker's peak reaches the goal (250 MB) or a bomb was not refused.

    .venv/bin/python benchmarks/uploads.py [--workers 3] [--parallel 6] [--rounds 3] [--port 8831]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GOAL_MB = 250
PASSWORD = "Zukunft-2026"  # noqa: S105 - the demo's published password (demo/services.py)


# -- the bombs ------------------------------------------------------------------------------------


def _save(image: Image.Image, fmt: str, **options) -> bytes:
    output = io.BytesIO()
    image.save(output, fmt, **options)
    return output.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = chunk(b"IDAT", zlib.compress(b"\0" * 1000))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + data + chunk(b"IEND", b"")


def animated(fmt: str, frames: int = 200) -> bytes:
    images = [Image.new("RGB", (256, 256), (i % 256, 0, 0)) for i in range(frames)]
    return _save(images[0], fmt, save_all=True, append_images=images[1:], duration=10, loop=0)


def photo(width: int, height: int, **options) -> bytes:
    """A photo-like JPEG (a gradient with noise compresses like a real picture)."""
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 6)
    image = Image.merge("RGB", (gradient, noise, Image.new("L", (width, height), 128)))
    return _save(image, "JPEG", quality=75, **options)


def xlsx_bomb(cell_bytes: int = 150 * 1024 * 1024) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/sharedStrings.xml", "w") as member:
            member.write(b"<sst><si><t>")
            block = b"A" * (1024 * 1024)
            for _ in range(cell_bytes // len(block)):
                member.write(block)
            member.write(b"</t></si></sst>")
    return output.getvalue()


def payloads() -> list[tuple[str, str, str, bytes, bool]]:
    """(label, form, file name, content, accepted?)"""
    return [
        ("PNG 6200×6200", "idea", "karte.png", _save(Image.new("RGB", (6200, 6200), "white"), "PNG"), False),
        ("PNG claiming 100000²", "idea", "huge.png", png_claiming(100_000, 100_000), False),
        ("GIF 200 frames", "idea", "anim.gif", animated("GIF"), False),
        ("APNG 200 frames", "idea", "anim.png", animated("PNG"), False),
        ("WebP 5000×5000", "idea", "big.webp", _save(Image.new("RGB", (5000, 5000), "green"), "WEBP"), False),
        ("JPEG 8000×6000 progressive", "idea", "p.jpg", photo(8000, 6000, progressive=True), False),
        ("PNG 2800×2800 RGBA (at limit)", "scan", "brief.png", _save(Image.new("RGBA", (2800, 2800)), "PNG"), True),
        ("JPEG 8000×6000 baseline", "scan", "brief.jpg", photo(8000, 6000), True),
        ("JPEG 4032×3024 phone", "scan", "IMG_0001.jpg", photo(4032, 3024), True),
        ("PDF+HTML polyglot", "scan", "evil.html", b"%PDF-1.4\n<html><script>alert(1)</script></html>", False),
        ("XLSX 150 MB cell (inventory)", "inventory", "bestand.xlsx", xlsx_bomb(), False),
        ("XLSX 150 MB cell (demography)", "demography", "zahlen.xlsx", xlsx_bomb(), False),
    ]


# -- the installation -----------------------------------------------------------------------------


def environment(workdir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DEBUG": "false",
        "SECURE_COOKIES": "false",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "LOG_LEVEL": "WARNING",
    }


def prepare(env: dict[str, str]) -> dict[str, str]:
    # load_demo runs only with DEBUG on (it writes demo accounts with a published password).
    for command, debug in ((["migrate", "--noinput", "-v", "0"], "false"), (["load_demo"], "true")):
        subprocess.run(  # noqa: S603 - our own manage.py
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env={**env, "DEBUG": debug},
            check=True,
            stdout=subprocess.DEVNULL,
        )
    script = (
        "from zukunftswerkstatt.processes.models import Module\n"
        "from zukunftswerkstatt.core.models import Organisation\n"
        "print('org', Organisation.objects.order_by('pk').first().slug)\n"
        "for m in Module.objects.order_by('pk'): print(m.type, m.pk)\n"
    )
    output = subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 2:
            found.setdefault(parts[0], []).append(parts[1])
    return {"org": found["org"][0], "ideas": found.get("ideas", []), "inventory": found["inventory"][0]}


class Browser:
    def __init__(self, base: str, email: str) -> None:
        self.base = base
        self.session = requests.Session()
        self.session.get(f"{base}/accounts/login/", timeout=30)
        response = self.post("/accounts/login/", {"login": email, "password": PASSWORD})
        if "sessionid" not in self.session.cookies:
            raise SystemExit(f"login of {email} failed: {response.status_code}")

    def post(self, path: str, data: dict, files: dict | None = None) -> requests.Response:
        token = self.session.cookies.get("csrftoken", "")
        return self.session.post(
            f"{self.base}{path}",
            data={**data, "csrfmiddlewaretoken": token},
            files=files,
            headers={"Referer": f"{self.base}{path}"},
            timeout=120,
            allow_redirects=False,
        )


IDEA = {
    "kind": "proposal",
    "title": "Ein Trinkbrunnen im Park",
    "text": "Im Sommer ist es heiß; ein Trinkbrunnen im Stadtpark hilft Jung und Alt.",
    "municipality": "all",
    "image_alt": "Ein Bild",
}
OFFLINE = {
    **IDEA,
    "channel": "letter",
    "received_on": "2026-11-02",
    "contact_name": "Erna Schubert",
    "contact": "Lindenstraße 4",
    "consent": "Schriftlich zugestimmt",
    "delete_on": "2030-01-01",
}


def send(browsers: dict[str, Browser], targets: dict, payload) -> tuple[str, int, bool]:
    label, form, name, content, accepted = payload
    if form == "idea":
        response = browsers["participant"].post(
            f"/ideas/m/{targets['idea_module']}/new/", IDEA, {"image": (name, content)}
        )
    elif form == "scan":
        response = browsers["staff"].post(
            f"/ideas/m/{targets['idea_module']}/offline/", OFFLINE, {"scan": (name, content)}
        )
    elif form == "inventory":
        response = browsers["staff"].post(f"/inventory/m/{targets['inventory']}/import/", {}, {"file": (name, content)})
    else:
        response = browsers["staff"].post(
            f"/demography/o/{targets['org']}/import/",
            {"file_format": "age_template", "source": "Test"},
            {"file": (name, content)},
        )
    as_expected = (response.status_code == 302) if accepted else (response.status_code in (200, 400, 422))
    if not accepted and as_expected:
        as_expected = 'class="errorlist' in response.text or "problem" in response.text
    return label, response.status_code, as_expected


# -- measuring ------------------------------------------------------------------------------------


class Sampler(threading.Thread):
    """Polls the RSS of every gunicorn worker and keeps each one's peak."""

    def __init__(self, master: psutil.Process) -> None:
        super().__init__(daemon=True)
        self.master = master
        self.peak: dict[int, int] = {}
        self.running = True

    def rss(self) -> dict[int, int]:
        sizes = {}
        for worker in self.master.children():
            with contextlib.suppress(psutil.NoSuchProcess):
                sizes[worker.pid] = worker.memory_info().rss
        return sizes

    def run(self) -> None:
        while self.running:
            for pid, size in self.rss().items():
                self.peak[pid] = max(self.peak.get(pid, 0), size)
            time.sleep(0.02)


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:7.0f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--parallel", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8831)
    parser.add_argument("--only", default="", help="send only the uploads whose label contains this text")
    arguments = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="zw-uploads-"))
    env = environment(workdir)
    print(f"Preparing the demo database in {workdir} …")
    targets = prepare(env)
    base = f"http://127.0.0.1:{arguments.port}"
    print("Making the bombs …")
    bombs = [payload for payload in payloads() if arguments.only.lower() in payload[0].lower()]
    for label, _form, _name, content, _accepted in bombs:
        print(f"  {label:34} {len(content) / 1024:9.0f} KB")

    server = subprocess.Popen(  # noqa: S603 - our own gunicorn with fixed arguments
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi:application",
            f"--workers={arguments.workers}",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{arguments.port}",
            "--timeout=120",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        master = psutil.Process(server.pid)
        browsers = {
            "participant": Browser(base, "buergerin@demo.example"),
            "staff": Browser(base, "koordination@demo.example"),
        }
        # An ideas module open for contributions (the demo has several).
        for pk in targets["ideas"]:
            if browsers["participant"].session.get(f"{base}/ideas/m/{pk}/new/", timeout=30).status_code == 200:
                targets["idea_module"] = pk
                break
        else:
            raise SystemExit("no ideas module of the demo is open for contributions")
        # Warm every worker up with ordinary pages and a search (which loads the German lemma
        # dictionary, about 100 MB, once per worker), then take the baseline.
        for _ in range(arguments.workers * 4):
            requests.get(f"{base}/ideas/m/{targets['idea_module']}/", params={"q": "Spielplätze"}, timeout=30)
        sampler = Sampler(master)
        before = sampler.rss()
        sampler.start()
        failures = []
        started = time.perf_counter()
        for round_number in range(1, arguments.rounds + 1):
            with ThreadPoolExecutor(max_workers=arguments.parallel) as pool:
                # Per thread its own logged-in sessions would be closer to life; one session per role
                # is enough for the server, which sees parallel requests either way.
                results = list(pool.map(lambda payload: send(browsers, targets, payload), bombs))
            for label, status, as_expected in results:
                if not as_expected:
                    failures.append(f"round {round_number}: {label} answered {status}")
            print(f"Round {round_number}: {sum(ok for *_, ok in results)}/{len(results)} answered as expected")
        elapsed = time.perf_counter() - started
        time.sleep(2)
        sampler.running = False
        sampler.join()
        after = sampler.rss()
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"\n{arguments.rounds} rounds of {len(bombs)} uploads, {arguments.parallel} in parallel, in {elapsed:.1f} s")
    print(f"{'worker':>8} {'before':>10} {'peak':>10} {'after':>10}")
    worst = 0
    for pid in sorted(set(before) | set(sampler.peak)):
        peak = sampler.peak.get(pid, 0)
        worst = max(worst, peak)
        print(f"{pid:>8} {megabytes(before.get(pid, 0)):>10} {megabytes(peak):>10} {megabytes(after.get(pid, 0)):>10}")
    print(f"Total before {megabytes(sum(before.values()))}, after {megabytes(sum(after.values()))}")
    for failure in failures:
        print("NOT AS EXPECTED:", failure)
    verdict = worst < GOAL_MB * 1024 * 1024 and not failures
    print(f"Highest peak per worker {megabytes(worst)} (goal under {GOAL_MB} MB): {'OK' if verdict else 'FAILED'}")
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
