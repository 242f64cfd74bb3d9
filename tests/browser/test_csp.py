"""The Content-Security-Policy in the browser: the watch that every browser test relies on catches
what the policy blocks, and the pages the every-page crawl does not visit (Django's back office, the
standalone 500 page) have nothing blocked. The crawl itself is tests/browser/test_every_page.py."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.browser.conftest import format_csp_violations, log_in_as, stub_tiles, watch_csp
from tests.browser.test_every_page import check

# What a careless template or script would do: a style attribute, an image from a tracker, an inline script.
CARELESS = """() => {
    document.querySelector("main").insertAdjacentHTML(
        "beforeend", '<p style="color: red">rot</p><img alt="" src="https://tracker.example.com/pixel.gif">');
    const script = document.createElement("script");
    script.textContent = "window.ran = 1";
    document.body.append(script);
}"""


def test_the_watch_catches_an_inline_style_a_script_and_a_foreign_image(
    browser, browser_context_args, live_server, site
):
    context = browser.new_context(**browser_context_args)
    stub_tiles(context)
    violations = watch_csp(context)
    page = context.new_page()
    response = page.goto(live_server.url + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]

    page.evaluate(CARELESS)
    page.wait_for_timeout(500)
    ran = page.evaluate("() => window.ran")
    page.evaluate("() => window.__cspViolations")  # hands over what the binding still holds
    context.close()

    assert ran is None, "the inline script ran"

    found = {(entry["directive"], entry["blocked"]) for entry in violations}
    assert ("style-src-attr", "inline") in found, format_csp_violations(violations)
    assert ("img-src", "https://tracker.example.com/pixel.gif") in found
    assert ("script-src-elem", "inline") in found
    assert all(entry["page"] == "/" for entry in violations)


def test_the_back_office_has_nothing_blocked(page, live_server, platform_admin, site):
    """Django's admin pages: the index, every list and every form to add (the watch fails the test)."""
    log_in_as(page.context, live_server, platform_admin)
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(_request_for(platform_admin)):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert "style-src 'self'" in response.headers["content-security-policy"], url


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.urls("tests.core.test_csp")
def test_the_server_error_page_keeps_its_own_style_by_nonce(page, live_server):
    response = page.goto(live_server.url + "/boom/")

    assert response.status == 500
    assert "'nonce-" in response.headers["content-security-policy"]
    # Its <style> applied: the text column is 40rem wide.
    assert page.evaluate("() => getComputedStyle(document.querySelector('main')).maxWidth") == "640px"


@pytest.mark.urls("tests.core.test_csp")
def test_the_every_page_check_names_the_page_and_the_directive(browser, browser_context_args, live_server):
    context = browser.new_context(**browser_context_args)
    violations = watch_csp(context)
    page = context.new_page()

    problems = check(page, live_server.url + "/careless/", with_axe=False, csp_violations=violations)
    context.close()

    assert any("Content-Security-Policy blocked" in problem for problem in problems), problems
    assert "- /careless/: style-src-attr blocked inline" in "\n".join(problems)
