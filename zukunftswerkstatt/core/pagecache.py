"""Whole pages for visitors without an account, from the cache (issue 17, docs/caching.md).

Most requests to a participation platform are people reading: the idea list, an idea, the process
page. For a visitor without an account these pages are the same for everyone who speaks the same
language, apart from the CSRF token in their forms. So a view marked `@visitor_cache` is rendered
once and then served from the cache (Redis in production) until anything is written.

- **Who gets a cached page:** a GET or HEAD without any cookie but the CSRF and language cookies.
  Anyone logged in has a session cookie and never gets one; neither does a visitor with a session
  (a guest who has just written something, a participant of a live workshop), nor one with a
  message waiting. Such requests are rendered as always.
- **What is kept:** only a 200 text/html answer that set no cookie of its own and did not touch the
  session. The CSRF tokens in its forms are replaced by a placeholder when it is stored and by the
  visitor's own token when it is served, so a cached form still posts.
- **Until when:** every cached page belongs to a *generation*. Any write ends the generation: a
  POST (or other unsafe method) that was answered below 400, and any save or delete of one of our
  models (the back office, the workers, management commands). A page is also never older than
  `VISITOR_CACHE_SECONDS` (60), for what changes with time alone (a phase that starts at midnight).
- **The key:** host, path and query, the language. Not the person: there is none.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

logger = logging.getLogger(__name__)

GENERATION_KEY = "zw:pages:generation"
PLACEHOLDER = b"zw-csrf-token-placeholder"
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Headers a stored answer keeps; everything else (cookies, dates) is the serving request's.
KEPT_HEADERS = {"content-type", "content-language", "x-frame-options", "vary", "cache-control", "link"}
# Models whose rows change without changing what a visitor reads (the workers' heartbeats, the log).
QUIET_MODELS = {"core.workerheartbeat", "core.auditentry"}


def visitor_cache(view: Callable) -> Callable:
    """Mark a view whose answer to a visitor without an account may come from the cache."""
    view.visitor_cache = True  # type: ignore[attr-defined]
    return view


def _cache():
    return caches[settings.VISITOR_CACHE]


def generation_end() -> None:
    """Everything cached so far is stale (called on every write)."""
    try:
        _cache().incr(GENERATION_KEY)
    except ValueError:
        # No generation yet (or the cache was emptied): start one that no old entry can carry.
        _cache().set(GENERATION_KEY, time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001 - the cache being away must not fail a write
        logger.warning("Page cache: could not end the generation", exc_info=True)


def _generation_end_on_commit(sender, **kwargs) -> None:
    if not settings.VISITOR_CACHE_SECONDS:  # nothing is cached, so nothing to end
        return
    if sender._meta.label_lower in QUIET_MODELS or not sender.__module__.startswith("zukunftswerkstatt."):
        return
    transaction.on_commit(generation_end)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_generation_end_on_commit, dispatch_uid=f"pagecache-{signal}")


def _eligible(request: HttpRequest) -> bool:
    if request.method not in {"GET", "HEAD"} or not settings.VISITOR_CACHE_SECONDS:
        return False
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return all(name in allowed for name in request.COOKIES)


def _key(request: HttpRequest) -> str:
    # htmx asks some views for a part of the page only: a different answer at the same address.
    partial = f"{request.headers.get('HX-Request', '')}|{request.headers.get('HX-Target', '')}"
    address = f"{request.get_host()}|{request.get_full_path()}|{request.LANGUAGE_CODE}|{partial}"
    return "zw:page:" + hashlib.sha256(address.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and not (session is not None and session.modified)
    )


class VisitorPageCacheMiddleware:
    """Serves and stores the pages of views marked `@visitor_cache`, and ends the generation on writes.

    Listed after CsrfViewMiddleware (so that the token a cached page gets is set as a cookie) and
    before MessageMiddleware (so that a message added while rendering is seen before storing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400 and settings.VISITOR_CACHE_SECONDS:
            generation_end()
        key = getattr(request, "_visitor_cache_key", None)
        if key is not None and not getattr(response, "visitor_cache_hit", False):
            if _storable(request, response):
                self._store(key, request._visitor_cache_generation, response)  # type: ignore[attr-defined]
                response["X-Visitor-Cache"] = "miss"
            else:
                response["X-Visitor-Cache"] = "pass"
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not getattr(view_func, "visitor_cache", False) or not _eligible(request):
            return None
        key = _key(request)
        try:
            found = _cache().get_many([GENERATION_KEY, key])
        except Exception:  # noqa: BLE001 - without the cache the page is rendered as always
            logger.warning("Page cache: could not read", exc_info=True)
            return None
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = time.time_ns()
            _cache().add(GENERATION_KEY, generation, timeout=None)
            generation = _cache().get(GENERATION_KEY, generation)
        request._visitor_cache_key = key  # type: ignore[attr-defined]
        request._visitor_cache_generation = generation  # type: ignore[attr-defined]
        stored = found.get(key)
        if stored is None or stored[0] != generation:
            return None
        _generation, headers, content = stored
        token = get_token(request).encode()
        response = HttpResponse(content.replace(PLACEHOLDER, token))
        for name, value in headers:
            response[name] = value
        response["X-Visitor-Cache"] = "hit"
        response.visitor_cache_hit = True  # type: ignore[attr-defined]
        return response

    def _store(self, key: str, generation: int, response: HttpResponse) -> None:
        content = CSRF_FIELD.sub(rb"\1" + PLACEHOLDER + rb"\2", response.content)
        headers = [(name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS]
        try:
            _cache().set(key, (generation, headers, content), timeout=settings.VISITOR_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("Page cache: could not store", exc_info=True)
