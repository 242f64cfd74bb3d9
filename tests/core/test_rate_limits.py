"""Rate limits as settings (core/limits.py, settings.RATE_LIMITS): every limit the code asks for has
an entry (a missing entry means no limit at all), and the limiter counts what its name says."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from config.settings import RATE_LIMITS_DEFAULT
from tests.factories import UserFactory
from zukunftswerkstatt.core.limits import over_limit, person_over_limit, rate_of

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "zukunftswerkstatt"
# over_limit(request, "<group>:<who>"): exactly that entry.
EXACT = {"over_limit"}
# person_over_limit(request, "<group>") and core's rate_limited(request, group="<group>"): the entry
# "<group>:account" for people signed in, "<group>:ip" for visitors.
PERSON = {"person_over_limit", "rate_limited", "core_rate_limited"}
# Person limits whose view sends visitors away before the limit is asked (so no ":ip" entry).
VISITORS_NEVER_REACH = {
    "documents.retry:ip": "core.views_common.document_retry_response: require() (staff only) comes first",
}


@dataclass(frozen=True)
class Wrapper:
    """An app's helper that builds the name from a prefix and one of its parameters."""

    app: str
    name: str
    position: int  # of the parameter among the positional arguments
    prefix: str
    suffix: str
    kind: str  # "exact" or "person"


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        yield path, ast.parse(path.read_text(), filename=str(path))


def _app(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0]


def _call_name(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")


def _limit_argument(call: ast.Call) -> ast.expr | None:
    """The argument that names the limit: `group=` or the second positional one."""
    for keyword in call.keywords:
        if keyword.arg == "group":
            return keyword.value
    return call.args[1] if len(call.args) > 1 else None


def _kind(name: str) -> str:
    return "exact" if name in EXACT else "person"


def _wrappers() -> dict[tuple[str, str], Wrapper]:
    found = {}
    for path, tree in _sources():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef) or function.name in EXACT | PERSON and _app(path) == "core":
                continue
            parameters = [a.arg for a in function.args.args]
            for call in ast.walk(function):
                if not isinstance(call, ast.Call) or _call_name(call) not in EXACT | PERSON:
                    continue
                argument = _limit_argument(call)
                if not isinstance(argument, ast.JoinedStr):
                    continue
                parts = argument.values
                if (
                    len(parts) in (2, 3)
                    and isinstance(parts[0], ast.Constant)
                    and isinstance(parts[1], ast.FormattedValue)
                    and isinstance(parts[1].value, ast.Name)
                    and parts[1].value.id in parameters
                    and (len(parts) == 2 or isinstance(parts[2], ast.Constant))
                ):
                    found[(_app(path), function.name)] = Wrapper(
                        app=_app(path),
                        name=function.name,
                        position=parameters.index(parts[1].value.id),
                        prefix=parts[0].value,
                        suffix=parts[2].value if len(parts) == 3 else "",
                        kind=_kind(_call_name(call)),
                    )
    return found


def _needed(name: str, kind: str) -> set[str]:
    return {name} if kind == "exact" else {f"{name}:account", f"{name}:ip"}


def limits_used_in_the_code() -> tuple[dict[str, str], list[str]]:
    """{entry: where it is asked for} and the calls whose limit could not be read from the code."""
    wrappers = _wrappers()
    used: dict[str, str] = {}
    unresolved: list[str] = []
    for path, tree in _sources():
        app = _app(path)
        inside_a_wrapper_or_the_limiter = {
            id(node)
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef)
            and ((app, function.name) in wrappers or (app == "core" and function.name in EXACT | PERSON))
            for node in ast.walk(function)
        }
        for node in ast.walk(tree):
            # A content app declares its comments' group to the conversation app's registry
            # (`Commentable(rate_limit_group="ideas.comment")`), which asks rate_limited with it.
            if (
                isinstance(node, ast.keyword)
                and node.arg == "rate_limit_group"
                and isinstance(node.value, ast.Constant)
                and node.value.value
            ):
                for entry in _needed(node.value.value, "person"):
                    used.setdefault(entry, f"{path.relative_to(ROOT)}:{node.value.lineno}")
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or id(call) in inside_a_wrapper_or_the_limiter:
                continue
            argument = _limit_argument(call)
            if isinstance(argument, ast.Attribute) and argument.attr == "rate_limit_group":
                continue  # the registry's declarations are read above
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            name = _call_name(call)
            wrapper = wrappers.get((app, name))
            has_group_keyword = any(k.arg == "group" for k in call.keywords)
            if wrapper is not None and not has_group_keyword:
                index = wrapper.position
                argument = call.args[index] if len(call.args) > index else None
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    for entry in _needed(wrapper.prefix + argument.value + wrapper.suffix, wrapper.kind):
                        used.setdefault(entry, where)
                else:
                    unresolved.append(where)
            elif name in EXACT | PERSON:
                argument = _limit_argument(call)
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    for entry in _needed(argument.value, _kind(name)):
                        used.setdefault(entry, where)
                else:
                    unresolved.append(where)
    return used, unresolved


# -- every limit the code asks for has an entry ---------------------------------------------------


def test_the_scan_finds_the_limits_of_every_app():
    used, _unresolved = limits_used_in_the_code()
    # one of each way of asking: over_limit, person_over_limit, core's rate_limited, an app's wrapper
    for entry in (
        "csp_report:ip",
        "reports.pdf:account",
        "documents.retry:account",
        "ideas.idea:ip",
        "swot.report:account",
        "plans.vote:account",
        "workshops.card:participant",
        "progress.lookup:ip",
    ):
        assert entry in used


def test_every_limit_name_the_code_uses_has_an_entry_in_rate_limits():
    used, unresolved = limits_used_in_the_code()
    assert unresolved == [], "limits whose name the test cannot read (use a literal or a wrapper with a prefix)"
    missing = {
        entry: where
        for entry, where in used.items()
        if entry not in RATE_LIMITS_DEFAULT and entry not in VISITORS_NEVER_REACH
    }
    assert missing == {}, "no entry in settings.RATE_LIMITS_DEFAULT means no limit at all"


def test_every_entry_in_rate_limits_is_used_by_the_code():
    used, _unresolved = limits_used_in_the_code()
    assert set(RATE_LIMITS_DEFAULT) - set(used) == set(), "an entry nobody reads misleads whoever tunes it"


# -- core/limits.py -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def post(*, user=None, address: str = "192.0.2.1"):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = user or AnonymousUser()
    request._messages = CookieStorage(request)
    return request


def limit(settings, **entries: str) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, **{k.replace("__", ":"): v for k, v in entries.items()}}


def test_an_ip_limit_counts_each_address_on_its_own(settings):
    limit(settings, test__ip="1/h")
    assert not over_limit(post(address="192.0.2.1"), "test:ip", message="")
    assert over_limit(post(address="192.0.2.1"), "test:ip", message="")
    assert not over_limit(post(address="192.0.2.2"), "test:ip", message="")


@pytest.mark.django_db
def test_an_account_limit_counts_each_person_whatever_their_address(settings):
    limit(settings, test__account="1/h")
    anna, ben = UserFactory(), UserFactory()
    assert not over_limit(post(user=anna, address="192.0.2.1"), "test:account", message="")
    assert over_limit(post(user=anna, address="192.0.2.2"), "test:account", message="")
    assert not over_limit(post(user=ben, address="192.0.2.1"), "test:account", message="")


@pytest.mark.django_db
def test_person_over_limit_counts_people_by_account_and_visitors_by_address(settings):
    limit(settings, test__ip="1/h", test__account="3/h")
    visitor = post()
    assert not person_over_limit(visitor, "test")
    visitor = post()
    assert person_over_limit(visitor, "test")
    assert [str(m) for m in get_messages(visitor)] != []  # the person is told why
    anna = UserFactory()
    results = [person_over_limit(post(user=anna), "test") for _ in range(4)]  # from the same address
    assert results == [False, False, False, True]


def test_a_rate_of_zero_refuses_the_first_request(settings):
    limit(settings, test__ip="0/h")
    assert over_limit(post(), "test:ip", message="")


def test_a_name_without_an_entry_is_not_limited(settings):
    assert rate_of("nobody.asked:ip") is None
    assert not any(over_limit(post(), "nobody.asked:ip", message="") for _ in range(50))


def test_a_name_must_say_who_is_counted():
    with pytest.raises(ImproperlyConfigured):
        rate_of("ideas.idea")


def test_a_limit_for_someone_else_than_ip_or_account_needs_a_key(settings):
    limit(settings, test__participant="1/h")
    with pytest.raises(ImproperlyConfigured):
        over_limit(post(), "test:participant", message="")
    assert not over_limit(post(), "test:participant", key=lambda group, request: "p-1", message="")


def test_the_rate_limits_variable_overrides_single_entries():
    """RATE_LIMITS="a:ip=5/h,b:account=3/h" (docs/deployment.md) is read by config/settings.py."""
    code = "from django.conf import settings; import django; django.setup(); print(repr(settings.RATE_LIMITS))"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "RATE_LIMITS": "a:ip=5/h,b:account=3/h,ideas.idea:ip=2/h",
    }
    output = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=environment, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    rates = ast.literal_eval(output.strip())
    assert rates["a:ip"] == "5/h"
    assert rates["b:account"] == "3/h"
    assert rates["ideas.idea:ip"] == "2/h"  # one entry changed ...
    assert rates["ideas.idea:account"] == RATE_LIMITS_DEFAULT["ideas.idea:account"]  # ... the others kept
    assert settings.RATE_LIMITS["ideas.idea:ip"] == RATE_LIMITS_DEFAULT["ideas.idea:ip"]
