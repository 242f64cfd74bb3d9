"""The Content-Security-Policy on every page, the error pages included, and its report endpoint."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from zukunftswerkstatt.core.csp import ContentSecurityPolicyMiddleware, tile_source


def boom(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied


def careless(request):
    """A page as a careless template would make it (tests/browser/test_csp.py opens it)."""
    return HttpResponse('<!DOCTYPE html><html lang="de"><title>x</title><p style="color: red">rot</p>')


# This module is the URL configuration of the tests marked `urls(__name__)`: the site plus a view that fails.
handler500 = "zukunftswerkstatt.core.views.server_error"
urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("careless/", careless),
    *site_urlpatterns,
]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def assert_strict(response) -> None:
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"][0] == "'self'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["report-uri"] == ["/csp-report"]
    assert policy["report-to"] == ["csp"]
    assert response["Reporting-Endpoints"] == 'csp="http://testserver/csp-report"'


@pytest.mark.django_db
def test_a_page_has_the_strict_policy_with_the_tile_server(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"

    response = client.get("/")

    assert response.status_code == 200
    assert_strict(response)
    assert directives(response)["style-src"] == ["'self'"]  # no nonce where no page asks for one
    assert directives(response)["img-src"] == ["'self'", "data:", "https://tiles.example.org"]


@pytest.mark.django_db
def test_without_a_tile_server_images_come_only_from_us(client, settings):
    settings.MAP_TILE_URL = ""

    assert directives(client.get("/"))["img-src"] == ["'self'", "data:"]


@pytest.mark.django_db
def test_the_not_found_page_has_the_policy(client):
    response = client.get("/diese-seite-gibt-es-nicht/")

    assert response.status_code == 404
    assert_strict(response)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_forbidden_page_has_the_policy(client):
    response = client.get("/forbidden/")

    assert response.status_code == 403
    assert 'class="site-header"' in response.content.decode()
    assert_strict(response)


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_server_error_page_has_the_policy_and_its_style_a_nonce():
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    assert_strict(response)
    nonce = directives(response)["style-src"][1]
    assert nonce.startswith("'nonce-")
    assert f'<style nonce="{nonce[7:-1]}">' in response.content.decode()


@pytest.mark.django_db
def test_a_page_of_the_back_office_has_the_policy(client, platform_admin):
    client.force_login(platform_admin)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert_strict(response)


def test_a_pdf_gets_no_policy():
    """Chromium shows a PDF in a page of its own making, which object-src 'none' would leave empty."""
    middleware = ContentSecurityPolicyMiddleware(
        lambda request: HttpResponse(b"%PDF-1.7", content_type="application/pdf")
    )

    response = middleware(RequestFactory().get("/plans/1/export.pdf"))

    assert "Content-Security-Policy" not in response
    assert "Reporting-Endpoints" not in response


def test_report_only_mode_reports_the_same_policy_without_blocking(settings, rf):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("<p>page</p>"))

    response = middleware(rf.get("/"))

    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]
    assert "report-uri /csp-report" in response["Content-Security-Policy-Report-Only"]
    assert response["Reporting-Endpoints"] == 'csp="http://testserver/csp-report"'


@pytest.mark.django_db
def test_a_request_for_a_foreign_host_gets_its_400_with_the_policy(client):
    response = client.get("/", headers={"host": "evil.example"})

    assert response.status_code == 400
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "Reporting-Endpoints" not in response


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://karten.example.de:8080/tiles/{z}/{x}/{y}.png", "http://karten.example.de:8080"),
        ("/tiles/{z}/{x}/{y}.png", None),
        ("", None),
    ],
)
def test_tile_source(url, source):
    assert tile_source(url) == source


# --- the report endpoint -----------------------------------------------------------------------

LEGACY_REPORT = {
    "csp-report": {
        "document-uri": "http://testserver/events/cancel/secret-token-123/",
        "violated-directive": "style-src-attr",
        "effective-directive": "style-src-attr",
        "blocked-uri": "inline",
        "source-file": "http://testserver/static/ideas/map.js",
        "line-number": 12,
        "disposition": "enforce",
    }
}
REPORTING_API_BATCH = [
    {
        "type": "csp-violation",
        "url": "http://testserver/",
        "body": {
            "documentURL": "http://testserver/",
            "effectiveDirective": "img-src",
            "blockedURL": "https://tracker.example.com/pixel.gif?who=me",
            "disposition": "enforce",
        },
    }
]


class Reports:
    """The lines the endpoint logged (Django's own "Bad Request" lines left out)."""

    def __init__(self, caplog):
        self.caplog = caplog

    @property
    def messages(self) -> list[str]:
        return [record.getMessage() for record in self.caplog.records if record.name == "zukunftswerkstatt.csp"]


@pytest.fixture
def reports(caplog, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "csp_report:ip": "100/m"}
    caplog.set_level(logging.WARNING, logger="zukunftswerkstatt.csp")
    return Reports(caplog)


def post_report(client, data, content_type="application/csp-report"):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return client.post("/csp-report", body, content_type=content_type)


def test_a_report_is_logged_with_the_page_pattern_not_its_address(client, reports):
    response = post_report(client, LEGACY_REPORT)

    assert response.status_code == 204
    assert reports.messages == [
        "CSP violation (enforce) on page events:cancel: style-src-attr blocked inline "
        "(from /static/ideas/map.js, line 12)"
    ]


def test_a_reporting_api_batch_is_logged_without_the_query(client, reports):
    response = post_report(client, REPORTING_API_BATCH, content_type="application/reports+json")

    assert response.status_code == 204
    assert reports.messages == [
        "CSP violation (enforce) on page core:home: img-src blocked https://tracker.example.com"
    ]


def test_a_report_needs_no_csrf_token(reports):
    client = Client(enforce_csrf_checks=True)

    assert post_report(client, LEGACY_REPORT).status_code == 204


def test_something_else_than_a_report_is_refused_and_not_logged(client, reports):
    assert post_report(client, b"<html>").status_code == 400
    assert post_report(client, {"hello": "world"}).status_code == 400
    assert post_report(client, [{"type": "csp-violation", "body": "x"}]).status_code == 204
    assert reports.messages == []


def test_a_report_too_large_is_refused(client, reports):
    report = {"csp-report": {**LEGACY_REPORT["csp-report"], "script-sample": "x" * 20_000}}

    assert post_report(client, report).status_code == 413
    assert reports.messages == []


def test_the_endpoint_takes_only_posts(client):
    assert client.get("/csp-report").status_code == 405


def test_reports_are_limited_per_address(client, reports, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "csp_report:ip": "3/m"}

    statuses = [post_report(client, LEGACY_REPORT).status_code for _ in range(5)]

    assert statuses == [204, 204, 204, 429, 429]
    assert len(reports.messages) == 3
