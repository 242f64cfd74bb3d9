from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator

from csp.exceptions import CSPNonceError
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils.cache import get_conditional_response
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import live
from .colours import brand_palette
from .csp import REPORT_MAX_BYTES, log_violations, violations_from_report
from .limits import over_limit
from .models import LegalPage, Organisation
from .pagecache import visitor_cache
from .pages import organisation_page_context
from .selectors import (
    organisation_colours_version,
    organisation_default,
    organisation_for_host,
    organisation_for_request,
)


@visitor_cache
def home(request: HttpRequest) -> HttpResponse:
    organisation = organisation_for_host(request.get_host()) or organisation_default()
    if organisation is not None:
        return organisation_page(request, organisation)
    return render(request, "core/home.html", {"organisations": Organisation.objects.all()})


@visitor_cache
def organisation_detail(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = organisation_for_request(request)
    if organisation is None:
        organisation = get_object_or_404(Organisation, slug=organisation_slug)
    return organisation_page(request, organisation)


def organisation_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "core/organisation.html",
        {
            "organisation": organisation,
            # The processes and their main actions (processes/views.py, organisation_page_part).
            **organisation_page_context(request=request, organisation=organisation),
            "municipalities": organisation.municipalities.all(),
            "may_view_audit_log": request.user.has_perm("core.view_audit_log", organisation),
        },
    )


# A year: the link in base.html carries the organisation's modification time (?v=), so a new colour
# is a new address and no browser keeps the old one.
COLOURS_MAX_AGE = 365 * 24 * 3600


@require_GET
def organisation_colours(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """The organisation's colour as a tiny stylesheet of main.css's custom properties (no inline style under
    the Content-Security-Policy). Linked from base.html only when the organisation has a colour."""
    organisation = get_object_or_404(
        Organisation.objects.only("slug", "brand_colour", "modified"), slug=organisation_slug
    )
    if not organisation.brand_colour:
        raise Http404
    version = organisation_colours_version(organisation)
    etag = f'"{version}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    lines = "".join(f"  --color-{name}: {value};\n" for name, value in brand_palette(organisation.brand_colour).items())
    response = HttpResponse(f":root {{\n{lines}}}\n", content_type="text/css; charset=utf-8")
    response["ETag"] = etag
    current = request.GET.get("v") == version
    response["Cache-Control"] = f"public, max-age={COLOURS_MAX_AGE}, immutable" if current else "public, max-age=300"
    return response


def legal_page(request: HttpRequest, organisation_slug: str, kind: str) -> HttpResponse:
    page = get_object_or_404(
        LegalPage.objects.select_related("organisation"), organisation__slug=organisation_slug, kind=kind
    )
    return render(request, "core/legal_page.html", {"page": page, "organisation": page.organisation})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


@never_cache
@require_GET
def live_stream(request: HttpRequest, ticket: str) -> HttpResponse | StreamingHttpResponse:
    """A page's push stream (server-sent events; core/live.py, docs/live.md). 204 tells the browser
    that there is no push here: it stops asking and the page keeps polling."""
    channel = live.channel_for(ticket)
    if channel is None:
        raise Http404
    if over_limit(request, "live.stream:ip", method="GET", message=""):
        return HttpResponse(status=429, headers={"Retry-After": "60"})
    body: AsyncIterator[bytes] | Iterator[bytes]
    if not live.enabled():
        return HttpResponse(status=204)
    if isinstance(request, ASGIRequest):
        body = live.stream(channel)
    elif settings.LIVE_PUSH_WSGI:
        body = live.stream_sync(channel, settings.LIVE_PUSH_WSGI_SECONDS)
    else:
        return HttpResponse(status=204)
    # No buffering anywhere on the way: nginx reads X-Accel-Buffering, others see no-transform.
    headers = {"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"}
    return StreamingHttpResponse(body, content_type="text/event-stream", headers=headers)


@csrf_exempt  # browsers send reports without our cookie's token
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Where browsers report what the Content-Security-Policy blocked (core/csp.py): logged, not stored.

    Anyone can post here, so it is limited per address (CSP_REPORT_RATE) and in size, and answers
    204 whatever it was sent, except 413 for too much and 429 for too often.
    """
    if over_limit(request, "csp_report:ip", message=""):
        return HttpResponse(status=429)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    body = request.read(REPORT_MAX_BYTES + 1)
    if len(body) > REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        violations = violations_from_report(body)
    except (ValueError, KeyError, TypeError, AttributeError):
        return HttpResponse(status=400)
    log_violations(violations)
    return HttpResponse(status=204)


def _nonce(request: HttpRequest) -> str:
    try:
        return str(getattr(request, "csp_nonce", ""))
    except CSPNonceError:  # the policy was written already; the page stays readable without its style
        return ""


def server_error(request: HttpRequest) -> HttpResponse:
    """The standalone 500 page (templates/500.html), its one <style> allowed by the request's CSP nonce.

    Nothing but the template: after a server error neither the database nor the context processors
    can be trusted. Without a nonce (the error came before the CSP middleware) the page is plain.
    An error because the database could not be reached (a restart, a lost connection) gets the
    plain 503 page instead, which says that it will pass.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    return HttpResponse(loader.get_template("500.html").render({"csp_nonce": _nonce(request)}), status=500)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The standalone 503 page: the database is away for a moment (core.middleware.DatabaseUnavailableMiddleware)."""
    response = HttpResponse(
        loader.get_template("503.html").render({"csp_nonce": _nonce(request), "method": request.method}),
        status=503,
    )
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response
