"""The tooling's own decisions: browser tests that fail instead of skipping in CI, and the djLint
rules (.djlint_rules.yaml) that find what the Content-Security-Policy would block."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import chromium_missing
from tests.ci import in_ci

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("1", True), ("yes", True), ("TRUE", True), ("", False), ("false", False), ("0", False)],
)
def test_ci_is_known_by_the_environment_variable_ci(value, expected):
    assert in_ci({"CI": value}) is expected


def test_without_ci_set_the_machine_is_no_ci():
    assert not in_ci({})


def test_browser_tests_run_when_chromium_is_there(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.touch()
    assert chromium_missing(chromium, {"CI": "true"}) is None
    assert chromium_missing(chromium, {}) is None


def test_browser_tests_are_skipped_without_chromium_on_a_developers_machine(tmp_path):
    assert chromium_missing(tmp_path / "chromium", {}) == "skip"


def test_browser_tests_fail_without_chromium_in_ci(tmp_path):
    assert chromium_missing(tmp_path / "chromium", {"CI": "true"}) == "fail"


def djlint(template: str, name: str = "zukunftswerkstatt/templates/probe.html") -> str:
    """Lint the template as if it were the file `name` in the repository; the codes it found."""
    result = subprocess.run(  # noqa: S603 - djLint of our own virtualenv
        [sys.executable, "-m", "djlint", "-", "--lint", "--stdin-filename", name],
        input=template,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.stdout


@pytest.mark.parametrize(
    ("template", "code"),
    [
        ('<button type="button" onclick="send()">Senden</button>', "CSP01"),
        ("<a href=\"/\" onmouseover='show()'>Start</a>", "CSP01"),
        ('<button type="button" hx-on:click="send()">Senden</button>', "CSP01"),
        ("<script>document.title = 'x';</script>", "CSP02"),
        ("<style>p { color: red; }</style>", "CSP03"),
        ('<p style="color: red">Text</p>', "H021"),
        ('<img src="/static/a.png">', "H013"),
        ('<div class="a" class="b">Text</div>', "H037"),
    ],
)
def test_djlint_finds_what_the_content_security_policy_or_a_screen_reader_would_meet(template, code):
    assert code in djlint(template)


def test_djlint_lets_static_scripts_nonces_and_template_conditions_through():
    found = djlint(
        "<script src=\"{% static 'ideas/map.js' %}\" defer></script>\n"
        '<style nonce="{{ csp_nonce }}">main { margin: 0; }</style>\n'
        '{% if place.online == "yes" %}<p data-on="1" class="online">{{ place }}</p>{% endif %}\n'
    )
    assert "found 0 errors" in found, found


def test_documents_for_weasyprint_may_carry_their_own_style_element():
    found = djlint("<style>@page { size: A4; }</style>", "zukunftswerkstatt/plans/templates/plans/print/probe.html")
    assert "found 0 errors" in found, found
