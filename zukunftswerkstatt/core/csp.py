"""The Content-Security-Policy: django-csp's middleware with the parts that depend on the installation.

The policy itself is in config/settings.py (CONTENT_SECURITY_POLICY, strict: only our own scripts
and stylesheets, no inline script, style attribute or event handler). This module adds, per response:
- the map's tile server (`MAP_TILE_URL`) to img-src, so that a municipality's own tile server
  works without a second setting (and tests that point the maps elsewhere get that host);
- where browsers send their violation reports (`report-uri` and, for the Reporting API,
  `report-to` with the `Reporting-Endpoints` header).
PDFs get no policy: Chromium shows a PDF in a page it builds around the file, and that page breaks
under `object-src 'none'`; a PDF runs no script of ours. docs/deployment.md describes the policy.
"""

from __future__ import annotations

import json
import logging
import re
from urllib.parse import urlsplit

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve, reverse

logger = logging.getLogger("zukunftswerkstatt.csp")

# The name of the report group in `report-to` and `Reporting-Endpoints`.
REPORT_GROUP = "csp"
# What one report may weigh; a browser's report is well under 2 KB, a batch of the Reporting API a few.
REPORT_MAX_BYTES = 16_384
# Reports read from one request; more are counted, not logged.
REPORTS_PER_REQUEST = 10


def tile_source(tile_url: str) -> str | None:
    """The origin the map's tiles come from, as a CSP source: "https://tile.openstreetmap.org".

    A placeholder in the host ("https://{s}.tile.example.org/…") becomes a wildcard for that label.
    A relative URL (tiles served by ourselves) and an empty one need no source of their own.
    """
    parts = urlsplit(tile_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    host = re.sub(r"\{[^}]*\}", "*", parts.netloc)
    return f"{parts.scheme}://{host}"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the tile server and the report endpoint added; PDFs left alone."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        update = dict(parts.update or {})
        if source := tile_source(settings.MAP_TILE_URL):
            update["img-src"] = [*update.get("img-src", []), source]
        update["report-uri"] = [reverse("csp_report")]
        update["report-to"] = [REPORT_GROUP]
        parts.update = update
        return parts

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if response.get("Content-Type", "").startswith("application/pdf"):
            return response
        response = super().process_response(request, response)
        if HEADER in response or HEADER_REPORT_ONLY in response:
            try:
                endpoint = request.build_absolute_uri(reverse("csp_report"))
            except DisallowedHost:  # the answer is the 400 for that host; report-uri still works
                return response
            response.headers.setdefault("Reporting-Endpoints", f'{REPORT_GROUP}="{endpoint}"')
        return response


def _page_name(document_uri: str) -> str:
    """The URL pattern of the page, never its address: paths may hold tokens (cancel links, invitations)."""
    try:
        return resolve(urlsplit(document_uri).path).view_name or "?"
    except Resolver404:
        return "?"


def _blocked(value: str) -> str:
    """ "inline", "eval", "data" – or the origin of a blocked address, without its path and query."""
    parts = urlsplit(value)
    if parts.scheme in {"http", "https"}:
        return f"{parts.scheme}://{parts.netloc}"
    return value[:40]


def _source(value: str) -> str:
    """A script or stylesheet of ours by its path (/static/…); anything else by its origin only."""
    path = urlsplit(value).path
    return path if path.startswith(settings.STATIC_URL) else _blocked(value)


def violations_from_report(body: bytes) -> list[dict]:
    """The violations in a report body: `report-uri` sends {"csp-report": {…}}, the Reporting API a
    list of {"type": "csp-violation", "body": {…}}. Raises ValueError on anything else."""
    data = json.loads(body)
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        report = data["csp-report"]
        return [
            {
                "page": report.get("document-uri", ""),
                "directive": report.get("effective-directive") or report.get("violated-directive", ""),
                "blocked": report.get("blocked-uri", ""),
                "source": report.get("source-file", ""),
                "line": report.get("line-number"),
                "disposition": report.get("disposition", "enforce"),
            }
        ]
    if isinstance(data, list) and all(isinstance(item, dict) for item in data):
        return [
            {
                "page": item["body"].get("documentURL", ""),
                "directive": item["body"].get("effectiveDirective", ""),
                "blocked": item["body"].get("blockedURL", ""),
                "source": item["body"].get("sourceFile", ""),
                "line": item["body"].get("lineNumber"),
                "disposition": item["body"].get("disposition", "enforce"),
            }
            for item in data
            if item.get("type") == "csp-violation" and isinstance(item.get("body"), dict)
        ]
    raise ValueError("not a CSP report")


def log_violations(violations: list[dict]) -> None:
    """One warning line per violation: page (URL pattern), directive, what was blocked, where."""
    for violation in violations[:REPORTS_PER_REQUEST]:
        source = _source(str(violation["source"] or ""))
        logger.warning(
            "CSP violation (%s) on page %s: %s blocked %s%s",
            violation["disposition"],
            _page_name(str(violation["page"])),
            str(violation["directive"])[:40],
            _blocked(str(violation["blocked"] or "")) or "?",
            f" (from {source}, line {violation['line']})" if source else "",
        )
    if len(violations) > REPORTS_PER_REQUEST:
        logger.warning("CSP violations: %d more in the same report not logged", len(violations) - REPORTS_PER_REQUEST)
