"""One rule for absolute links: every address that leaves the site (e-mails, .ics files, PDFs and
their QR codes, exports, notification and unsubscribe links, account mails) starts with
settings.SITE_URL, never with the host a request happened to use. A mail written by the worker,
a reminder sent by cron and a link clicked in a browser then all agree."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    """The configured public address of the platform, without a trailing slash."""
    return settings.SITE_URL.rstrip("/")


def site_host() -> str:
    """The host (and port) of SITE_URL, e.g. for calendar UIDs."""
    return urlsplit(settings.SITE_URL).netloc or "localhost"


def absolute_url(path: str) -> str:
    """`path` (e.g. a get_absolute_url() or reverse() result) as an address people can open."""
    if urlsplit(path).scheme:
        return path  # already absolute (e.g. an event's online meeting link)
    if path and not path.startswith("/"):
        path = "/" + path
    return site_url() + path
