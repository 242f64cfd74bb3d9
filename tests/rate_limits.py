"""Helpers for the tests of rate limits through HTTP (settings.RATE_LIMITS, core/limits.py)."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.utils import translation
from django.utils.translation import gettext

RATE_LIMIT_MESSAGE = "You have sent a lot in a short time. Please wait a while and try again."


def one_per_hour(settings, name: str) -> None:
    """Set the entry `name` ("<group>:<who>") to 1/h for this test (pytest-django's `settings`)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, name: "1/h"}


def told_to_wait(response) -> bool:
    """Whether the page tells the person (in German, as pages are by default) that they sent too much."""
    with translation.override("de"):
        message = gettext(RATE_LIMIT_MESSAGE)
    return message in [str(m) for m in get_messages(response.wsgi_request)]
