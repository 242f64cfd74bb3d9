"""What every endpoint of the read API shares (docs/api.md).

- **Anonymous, always.** Every request is answered as for a visitor without an account, whoever sends
  it: the view decorator replaces the user before the endpoint runs, so a selector can never see more
  because a member of staff happened to be logged in to the same browser.
- **Language** of the labels (`*_label` fields): `?lang=de|en`, else the first of German or English in
  `Accept-Language`, else German. Codes (`status`, `kind`, …) never change with the language.
- **Conditional requests:** a strong `ETag` (a hash of the body) on every 200, `Last-Modified` where the
  endpoint knows when its data last changed (`note_modified`), and `304 Not Modified` for a matching
  `If-None-Match` or an `If-Modified-Since` that is not older.
- **Rate limit** per address: the entry `api.read:ip` of RATE_LIMITS (default 1200/h); over it, a 429
  with `Retry-After`.
- **Errors** are JSON `{"detail": "…", "errors": [...]}` in the request's language; a bad parameter
  is a 400, never a 500.
- **Pagination** by opaque cursors (`?cursor=…&page_size=…`): `CursorPage`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import CursorPagination
from pydantic import ValidationError as PydanticValidationError

from zukunftswerkstatt.core.limits import over_limit
from zukunftswerkstatt.core.links import absolute_url

API_LANGUAGES = ("de", "en")
# How long a cache (a browser, a town's proxy) may keep an answer without asking again.
API_MAX_AGE_SECONDS = 60
# Items per page unless `page_size` asks for another number (at most MAX_PAGE_SIZE).
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def request_language(request: HttpRequest, *, from_header: bool = True) -> str:
    asked = request.GET.get("lang", "")
    if asked in API_LANGUAGES:
        return asked
    if not from_header:
        return "de"
    for part in request.META.get("HTTP_ACCEPT_LANGUAGE", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in API_LANGUAGES:
            return code
    return "de"


def note_modified(request: HttpRequest, moments: Iterable[dt.datetime | None] | dt.datetime | None) -> None:
    """Tell the response when the data it shows last changed (the latest of `moments`); several calls
    keep the latest. Used for `Last-Modified`; costs no query when the moments are already loaded."""
    if moments is None:
        return
    if isinstance(moments, dt.datetime):
        moments = [moments]
    latest = max((m for m in moments if m is not None), default=None)
    if latest is None:
        return
    known = getattr(request, "_api_last_modified", None)
    if known is None or latest > known:
        request._api_last_modified = latest  # type: ignore[attr-defined]


def error_response(request: HttpRequest, status: int, detail: str, errors: list | None = None) -> JsonResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def public_view(
    limited: Callable[[HttpRequest], bool], *, max_age: int = API_MAX_AGE_SECONDS, language_from_header: bool = True
) -> Callable[[Callable], Callable]:
    """A view decorator for public data (the API, feeds, embeds): answered as for an anonymous visitor
    in the language asked for, refused with a 429 when `limited(request)` says the address is over its
    rate limit (each app names its entry of RATE_LIMITS there, as a literal), with a strong ETag, the
    Last-Modified noted by the view, and 304 for a matching conditional request. Programs may ask for
    English with Accept-Language; a box on a town's page (`language_from_header=False`) is German
    unless its code says `lang=en`, like every page of the platform."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            request.user = AnonymousUser()
            language = request_language(request, from_header=language_from_header)
            with translation.override(language):
                if limited(request):
                    response: HttpResponse = error_response(
                        request, 429, _("Too many requests from this address. Please wait a while and try again.")
                    )
                    response["Retry-After"] = "60"
                else:
                    response = view(request, *args, **kwargs)
            response["Content-Language"] = language
            response.sets_no_cookies = True  # core.middleware.NoCookiesForPublicDataMiddleware
            patch_vary_headers(response, ("Accept-Language",))
            if response.status_code == 200 and request.method in ("GET", "HEAD") and not response.streaming:
                response["ETag"] = _etag(response.content)
                last_modified = getattr(request, "_api_last_modified", None)
                if last_modified is not None:
                    response["Last-Modified"] = http_date(last_modified.timestamp())
                    stamp: int | None = int(last_modified.timestamp())
                else:  # a view that set the header itself (Django's feeds do)
                    stamp = parse_http_date_safe(response.get("Last-Modified", ""))
                patch_cache_control(response, public=True, max_age=max_age)
                conditional = get_conditional_response(
                    request, etag=response["ETag"], last_modified=stamp, response=response
                )
                if conditional is not response:
                    return conditional
            return response

        return wrapper

    return decorator


def _api_limited(request: HttpRequest) -> bool:
    return over_limit(request, "api.read:ip", method=READ_METHODS, message="")


# The decorator the API applies to every endpoint (see the module's description).
public_read = public_view(_api_limited)


# The requests a read limit counts.
READ_METHODS = ["GET", "HEAD", "OPTIONS"]


class Link(Schema):
    """Where a person reads the same thing on the platform."""

    url: str = Field(..., description="The public page of this item (absolute address).")


class CursorPage(CursorPagination):
    """Ninja's cursor pagination (opaque cursors, `next`/`previous` links, no count query) with our
    page sizes, a clear 400 for a broken cursor, and `Last-Modified` from the page's items."""

    def __init__(
        self, *, ordering: tuple[str, ...] = ("-pk",), serialize: Callable[[list], list] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(ordering=ordering, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)
        # Turns a page of rows into the response's items in one go (a few queries for the page),
        # where resolving each field of each row through the schema would be too slow.
        self.serialize = serialize

    class Input(Schema):
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page (default {PAGE_SIZE}, at most {MAX_PAGE_SIZE})."
        )
        cursor: str | None = Field(None, max_length=200, description="From the `next` or `previous` link.")

    def paginate_queryset(self, queryset, pagination, request: HttpRequest, **params):
        try:
            page = super().paginate_queryset(queryset, pagination, request, **params)
        except (PydanticValidationError, ValueError) as exc:
            raise BadParameter("cursor", _("This cursor is not valid. Start again without one.")) from exc
        note_modified(request, (getattr(item, "modified", None) for item in page[self.items_attribute]))
        if self.serialize is not None:
            page[self.items_attribute] = self.serialize(page[self.items_attribute])
        # Links start with the configured site address (core/links.py), not the host the request used.
        host = request.build_absolute_uri("/")
        for key in ("next", "previous"):
            if page[key] and page[key].startswith(host):
                page[key] = absolute_url("/" + page[key][len(host) :])
        return page


class BadParameter(Exception):
    """A parameter the endpoint cannot use: answered as a 400 naming the parameter."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def public_process(organisation_slug: str, process_slug: str):
    """The published process of a published path, or a 404 (unpublished looks the same as missing)."""
    from django.shortcuts import get_object_or_404

    from zukunftswerkstatt.processes.models import Process

    return get_object_or_404(
        Process.objects.published().select_related("organisation"),
        organisation__slug=organisation_slug,
        slug=process_slug,
    )


def public_modules(process, module_type: str):
    """The published modules of one registered type in a published process (in phase order)."""
    from zukunftswerkstatt.processes.models import Module

    return list(
        Module.objects.filter(phase__process=process, type=module_type, is_published=True)
        .select_related("phase")
        .order_by("phase__start", "position", "pk")
    )


def choice(parameter: str, value: str | None, allowed) -> str | None:
    """`value` if it is one of `allowed` (or empty), else a 400 naming the parameter and the choices."""
    if value and value not in allowed:
        raise BadParameter(
            parameter,
            _("Unknown value “%(value)s”; one of: %(allowed)s.") % {"value": value, "allowed": ", ".join(allowed)},
        )
    return value
