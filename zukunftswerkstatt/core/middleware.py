import contextlib
import logging
import time

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)


class LanguageMiddleware:
    """German unless the visitor chose another language with the switcher.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    a German municipality's platform speaks German first, and English on request.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        # Public data (API, feeds, embeds) takes its language from `lang=` or Accept-Language, never
        # from the cookie: caches in front may keep one answer for everyone.
        if not getattr(response, "sets_no_cookies", False):
            patch_vary_headers(response, ("Cookie",))
        translation.deactivate()
        return response


class DatabaseUnavailableMiddleware:
    """When the database connection is lost in the middle of a request (PostgreSQL restarted, a network
    break), the person gets a plain answer instead of a server error.

    A GET or HEAD is tried once more on a fresh connection after a short pause: reading twice changes
    nothing, and most restarts are over by then. Anything else (a form sent) is not repeated, because
    part of it may have been done; the 503 page says that it may not have been saved and to send it
    again. Errors outside the view (in another middleware) reach `core.views.server_error`, which
    answers the same 503. See docs/operations.md.
    """

    RETRY_PAUSE_SECONDS = 0.5

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError, connections

        from .views import database_unavailable

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable during %s %s: %s", request.method, request.path, exception)
        _close_connections(connections)
        match = getattr(request, "resolver_match", None)
        if request.method in ("GET", "HEAD") and match is not None and not getattr(request, "_zw_retried", False):
            request._zw_retried = True
            time.sleep(self.RETRY_PAUSE_SECONDS)
            try:
                response = match.func(request, *match.args, **match.kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
            except (OperationalError, InterfaceError) as again:
                logger.warning("Database still unavailable for %s %s: %s", request.method, request.path, again)
                _close_connections(connections)
            else:
                logger.info("Served %s %s on a fresh database connection", request.method, request.path)
                return response
        return database_unavailable(request)


def _close_connections(connections) -> None:
    """Drop every connection of this thread, so that the next query opens a fresh one."""
    for connection in connections.all(initialized_only=True):
        # A dead connection may fail to close; it is dropped anyway.
        with contextlib.suppress(Exception):
            connection.close()


class NoCookiesForPublicDataMiddleware:
    """Answers for machines and other websites (the API, open data files, feeds, embeds) set no cookie,
    not even the deletion of a stale session cookie that SessionMiddleware would send: a town's page
    that shows one of our boxes must not get a cookie from us. A view marks such an answer with
    `response.sets_no_cookies = True` (`api.conventions.public_view` does). Listed before
    SessionMiddleware, so that it sees the response last."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "sets_no_cookies", False):
            response.cookies.clear()
        return response
