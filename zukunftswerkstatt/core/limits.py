"""Rate limits as settings: one table (settings.RATE_LIMITS) instead of literals in every app.

A limit is named "<group>:<who>": `ideas.comment:account` is how many comments a person signed in
may write, `ideas.comment:ip` how many a visitor without an account may write from one address.
django-ratelimit counts in the cache (Redis in production, shared by all application servers).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

WHO_KEYS = {"ip": "ip", "account": "user"}


def rate_of(name: str) -> str | None:
    """The rate set for a limit ("10/h"), or None when it has no entry (no limit)."""
    if ":" not in name:
        raise ImproperlyConfigured(f"A rate limit's name is '<group>:<who>', not {name!r}.")
    return settings.RATE_LIMITS.get(name)


def over_limit(
    request: HttpRequest,
    name: str,
    *,
    key: str | Callable | None = None,
    method: str = "POST",
    message: str | None = None,
) -> bool:
    """Count one request against the limit `name` and say whether it is over (with a message for the
    person when `message` is not empty). `key` is django-ratelimit's key; by default it follows the
    name's <who>: `ip` counts the address, `account` the person."""
    rate = rate_of(name)
    if rate is None:
        return False
    group, who = name.rsplit(":", 1)
    if key is None:
        if who not in WHO_KEYS:
            raise ImproperlyConfigured(f"The rate limit {name!r} needs a key: '{who}' is not 'ip' or 'account'.")
        key = WHO_KEYS[who]
    if is_ratelimited(request, group=group, key=key, rate=rate, method=method, increment=True):
        if message is None:
            message = _("You have sent a lot in a short time. Please wait a while and try again.")
        if message:
            messages.error(request, message)
        return True
    return False


def person_over_limit(request: HttpRequest, group: str, *, method: str = "POST") -> bool:
    """The usual case: people signed in are counted by account (`<group>:account`), visitors by
    address (`<group>:ip`); True, with a message, when the one that applies is over."""
    who = "account" if request.user.is_authenticated else "ip"
    return over_limit(request, f"{group}:{who}", method=method)
