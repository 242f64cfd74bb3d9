"""Production refuses to start with a secret key anyone could know (issue 11, section 3).

Each start is a fresh Python process that imports config.settings the way gunicorn or manage.py
does, with DEBUG off and no .env influence beyond what the process is given.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.checks.security import base as django_security
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from config import secret_key
from config.settings import BASE_DIR
from zukunftswerkstatt.core.checks import check_secret_key

GOOD_KEY = "k3J9-vQ2_xT7pLm4Rz8Nw1Yb6Hc5Dg0Fs2Ae9Ui7Oo3Pq8Lt1Mn5Bv4Cx6Zy0Wr2Es7Kd"
START = "import django; django.setup(); from django.conf import settings; print('started', settings.DEBUG)"


def start(**environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", **environment})
    return subprocess.run(  # noqa: S603 - our own interpreter with a fixed script
        [sys.executable, "-c", START], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        (None, "SECRET_KEY is not set"),
        ("", "SECRET_KEY is not set"),
        (secret_key.DEVELOPMENT_SECRET_KEY, "SECRET_KEY is the public development key"),
        ("x7" * 20, "SECRET_KEY is too weak"),  # 40 characters
        ("abcd" * 20, "SECRET_KEY is too weak"),  # long, but only 4 different characters
        ("django-insecure-" + GOOD_KEY, "SECRET_KEY is too weak"),
    ],
    ids=["unset", "empty", "development key", "short", "few different characters", "django placeholder"],
)
def test_production_refuses_to_start_without_a_key_of_its_own(key, reason):
    result = start(DEBUG="false", **({} if key is None else {"SECRET_KEY": key}))

    assert result.returncode != 0, result.stdout
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert reason in result.stderr
    assert "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'" in result.stderr
    assert "started" not in result.stdout


def test_production_starts_with_a_long_random_key():
    result = start(DEBUG="false", SECRET_KEY=GOOD_KEY)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started False"


def test_development_starts_without_a_key_and_uses_the_development_key():
    result = start(DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started True"


def test_the_rule_is_djangos_own():
    assert secret_key.MIN_LENGTH == django_security.SECRET_KEY_MIN_LENGTH
    assert secret_key.MIN_UNIQUE_CHARACTERS == django_security.SECRET_KEY_MIN_UNIQUE_CHARACTERS
    assert secret_key.INSECURE_PREFIX == django_security.SECRET_KEY_INSECURE_PREFIX


def test_deploy_check_reports_the_development_key(settings):
    settings.SECRET_KEY = secret_key.DEVELOPMENT_SECRET_KEY

    errors = check_secret_key(None)

    assert [error.id for error in errors] == ["core.E001"]
    assert "public development key" in errors[0].msg
    with pytest.raises(SystemCheckError, match="core.E001"):
        call_command("check", deploy=True, tags=["security"])


def test_deploy_check_reports_a_weak_fallback_key(settings):
    settings.SECRET_KEY = GOOD_KEY
    settings.SECRET_KEY_FALLBACKS = [GOOD_KEY[::-1], "too-short"]

    errors = check_secret_key(None)

    assert len(errors) == 1
    assert errors[0].msg.startswith("SECRET_KEY_FALLBACKS[1] is too weak")


def test_deploy_check_accepts_a_long_random_key(settings):
    settings.SECRET_KEY = GOOD_KEY
    settings.SECRET_KEY_FALLBACKS = []

    assert check_secret_key(None) == []
