"""The systemd units in deploy/systemd/ and `make run`'s supervisor (deploy/supervise.sh)."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import get_commands

BASE_DIR = Path(__file__).resolve().parents[2]
UNITS = BASE_DIR / "deploy" / "systemd"
INSTALL_DIR = "/srv/zukunftswerkstatt"


def read_unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(path)
    return parser


def services() -> dict[str, configparser.ConfigParser]:
    return {path.name: read_unit(path) for path in sorted(UNITS.glob("*.service"))}


def manage_command(unit: configparser.ConfigParser) -> list[str] | None:
    words = shlex.split(unit["Service"]["ExecStart"])
    return words[words.index("manage.py") + 1 :] if "manage.py" in words else None


def test_every_management_command_the_units_run_exists():
    known = get_commands()
    commands = {name: manage_command(unit) for name, unit in services().items()}
    assert {name for name, command in commands.items() if command is None} == {
        "zukunftswerkstatt-web.service",
        "zukunftswerkstatt-live.service",
    }
    for name, command in commands.items():
        if command is not None:
            assert command[0] in known, f"{name} runs an unknown command {command[0]}"


def test_every_timer_has_its_service_and_a_schedule():
    timers = sorted(UNITS.glob("*.timer"))
    assert timers
    for timer in timers:
        unit = read_unit(timer)
        assert (UNITS / timer.name.replace(".timer", ".service")).exists(), f"{timer.name} has no service"
        assert unit["Timer"]["OnCalendar"]
        assert unit["Timer"]["Persistent"] == "true"
        assert unit["Install"]["WantedBy"] == "timers.target"
        service = read_unit(UNITS / timer.name.replace(".timer", ".service"))
        assert service["Service"]["Type"] == "oneshot"


def test_the_daily_jobs_of_the_deployment_guide_each_have_a_timer():
    guide = (BASE_DIR / "docs" / "deployment.md").read_text()
    mentioned = set(re.findall(r"`([a-z_]+)[` ]", guide))
    scheduled = {
        manage_command(unit)[0]
        for name, unit in services().items()
        if (UNITS / name.replace(".service", ".timer")).exists()
    }
    jobs = {
        "send_event_reminders",
        "announce_phases",
        "purge_event_registrations",
        "purge_offline_contacts",
        "purge_guest_contacts",
        "purge_newsletter",
        "purge_survey_texts",
        "retry_deferred",
        "prune_db_task_results",
        "status",
    }
    assert jobs <= scheduled
    assert jobs <= mentioned


def test_the_long_running_services_restart_and_are_hardened():
    for name, unit in services().items():
        service = unit["Service"]
        assert service["User"] == "zukunftswerkstatt", name
        assert service["EnvironmentFile"] == "/etc/zukunftswerkstatt/env", name
        assert service["NoNewPrivileges"] == "yes", name
        assert service["ProtectSystem"] == "strict", name
        assert service["PrivateTmp"] == "yes", name
        assert set(service["ReadWritePaths"].split()) == {f"{INSTALL_DIR}/media", f"{INSTALL_DIR}/var"}, name
        if service["Type"] != "oneshot":
            assert service["Restart"] == "always", name
            assert int(service["RestartSec"]) > 0, name
            assert unit["Install"]["WantedBy"] == "multi-user.target", name
    workers = {name: manage_command(unit) for name, unit in services().items()}
    assert workers["zukunftswerkstatt-mail.service"] == ["mail_worker"]
    assert workers["zukunftswerkstatt-tasks.service"] == ["task_worker", "--no-reload"]


def test_the_web_server_listens_on_the_loopback_address_only():
    exec_start = services()["zukunftswerkstatt-web.service"]["Service"]["ExecStart"]
    words = shlex.split(exec_start)
    assert words[words.index("--bind") + 1] == "127.0.0.1:8000"


def test_the_live_push_server_listens_on_the_loopback_address_only_and_ends_streams_on_stop():
    """uvicorn would otherwise wait for every open stream (they never end) before it stops."""
    words = shlex.split(services()["zukunftswerkstatt-live.service"]["Service"]["ExecStart"])
    assert words[words.index("--host") + 1] == "127.0.0.1"
    assert words[words.index("--port") + 1] == "8001"
    assert int(words[words.index("--timeout-graceful-shutdown") + 1]) <= 10
    assert "config.asgi:application" in words


def test_the_environment_file_example_names_known_settings_only():
    settings_source = (BASE_DIR / "config" / "settings.py").read_text()
    for line in (UNITS / "zukunftswerkstatt.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name = line.split("=", 1)[0]
            assert f'"{name}"' in settings_source, f"{name} is not read by config/settings.py"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path):
    # Point the units at this checkout so that systemd finds the programs they start.
    bin_dir = Path(sys.executable).parent
    for path in UNITS.iterdir():
        text = path.read_text().replace(f"{INSTALL_DIR}/.venv/bin/", f"{bin_dir}/").replace(INSTALL_DIR, str(BASE_DIR))
        if not (bin_dir / "gunicorn").exists():
            text = text.replace(f"{bin_dir}/gunicorn", sys.executable)
        (tmp_path / path.name).write_text(text)
    units = sorted(str(path) for path in tmp_path.iterdir() if path.suffix in {".service", ".timer"})
    result = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", "--man=no", *units],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (result.stdout + result.stderr).strip()


def test_the_supervisor_starts_a_command_again_and_stops_it_on_sigterm(tmp_path):
    log = tmp_path / "log"
    child = f'echo started >> {log}; trap "echo stopped >> {log}; exit 0" TERM; sleep 0.3 & wait; exit 3'
    supervisor = subprocess.Popen(  # noqa: S603
        [str(BASE_DIR / "deploy" / "supervise.sh"), "demo", "bash", "-c", child],
        env={"SUPERVISE_DELAY": "0.1", "PATH": "/usr/bin:/bin"},
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (not log.exists() or log.read_text().count("started") < 3):
        time.sleep(0.05)
    assert log.read_text().count("started") >= 3  # it ended twice and was started again

    # Now stop it while the command is running.
    while log.read_text().splitlines()[-1] != "started":
        time.sleep(0.02)
    supervisor.send_signal(signal.SIGTERM)
    stderr = supervisor.communicate(timeout=20)[1]
    assert supervisor.returncode == 0
    assert log.read_text().splitlines()[-1] == "stopped"  # the command got SIGTERM, not a kill
    assert "demo ended with exit status 3; starting it again in 0.1 s" in stderr
