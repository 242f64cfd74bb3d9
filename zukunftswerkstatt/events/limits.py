"""Rate limits of the online registration form, counting only registrations that succeeded.

A library PC or the computer of a senior centre signs up one person after another from one
address, and people mistype: so a form sent back with a mistake never counts, and the limits count
what costs something (a stored registration and an e-mail): per IP address (visitors without an
account) or per account, and per e-mail address (nobody fills a stranger's inbox). The number of
registrations per address and event is a service rule (`services._check_email_limit`).

The counters are django-ratelimit's (in the shared cache); the rates are settings
(`EVENTS_REGISTRATION_RATE_PER_*`, docs/deployment.md). Checking and counting are two steps, so
two registrations at the very same moment may both pass the last free slot: a soft limit, enough
against floods, never a reason to refuse a person.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

GROUP = "events.register"


def _limits(request: HttpRequest, email: str) -> list[tuple[str, object, str]]:
    """(which, key, rate) of every limit that applies to this request."""
    if request.user.is_authenticated:
        limits = [("account", "user", settings.EVENTS_REGISTRATION_RATE_PER_ACCOUNT)]
    else:
        limits = [("ip", "ip", settings.EVENTS_REGISTRATION_RATE_PER_IP)]
    if email:
        address = email.strip().lower()
        limits.append(("email", lambda group, request: address, settings.EVENTS_REGISTRATION_RATE_PER_EMAIL))
    return limits


def registration_limit_message(request: HttpRequest, *, email: str) -> str | None:
    """A message for the person when one more registration would go over a limit; counts nothing."""
    for which, key, rate in _limits(request, email):
        usage = get_usage(request, group=f"{GROUP}.{which}", key=key, rate=rate, method="POST", increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            if which == "email":
                return _(
                    "This e-mail address has been used for many registrations in the last while. "
                    "Please try again later, or call us and we will register you."
                )
            return _(
                "Many people have registered from this connection in a short time. Please try again later, "
                "or call us and we will register you."
            )
    return None


def registration_count(request: HttpRequest, *, email: str) -> None:
    """Count one successful registration against every limit that applies."""
    for which, key, rate in _limits(request, email):
        get_usage(request, group=f"{GROUP}.{which}", key=key, rate=rate, method="POST", increment=True)
