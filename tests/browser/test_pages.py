"""Every page through axe-core (WCAG 2.0/2.1 A and AA), at desktop width and at 320 px (400 % zoom)."""

from __future__ import annotations

import re
import warnings

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import (
    NARROW,
    axe_violations,
    check_page,
    format_violations,
    link_from_mail,
    log_in_as,
    node_target,
    screenshot,
)
from tests.factories import UserFactory
from zukunftswerkstatt.accounts.services import parental_consent_request

# Django's admin is Django's: we override only base_site.html (adding the readability hints). Its own
# accessibility problems are reported (as a warning) but do not fail; anything else on an admin page
# does. Known with Django 5.2 and axe-core 4.14, each as (rule, target pattern, cause):
KNOWN_DJANGO_ADMIN_ISSUES = [
    (
        "aria-prohibited-attr",
        re.compile(r"\.search-label-icon"),
        "SelectFilter2.js (filter_horizontal) puts aria-label on a <span> without a role (the search icon)",
    ),
    (
        "label",
        re.compile(r"^#id_[\w-]+_[01]$"),
        "admin/widgets/split_datetime.html writes 'Date:'/'Time:' as plain text, not <label>, and the field's "
        "label points to neither input because MultiWidget.id_for_label() is empty",
    ),
]


def is_known_django_admin_issue(rule: str, node: dict) -> bool:
    target = node_target(node)
    return any(rule == known and pattern.search(target) for known, pattern, _cause in KNOWN_DJANGO_ADMIN_ISSUES)


def split_known(violations: list[dict]) -> tuple[list[dict], list[dict]]:
    """Split violations node by node into Django admin's known issues and the rest."""
    known, rest = [], []
    for violation in violations:
        nodes = [n for n in violation["nodes"] if is_known_django_admin_issue(violation["id"], n)]
        others = [n for n in violation["nodes"] if n not in nodes]
        if nodes:
            known.append({**violation, "nodes": nodes})
        if others:
            rest.append({**violation, "nodes": others})
    return known, rest


def page_url(name: str, site, live_server, request, settings) -> str:
    organisation, process = site.organisation, site.process
    if name == "start":
        request.getfixturevalue("other_organisation")  # two organisations: the start page lists them
        return reverse("core:home")
    if name == "organisation":
        return organisation.get_absolute_url()
    if name == "process":
        return process.get_absolute_url()
    if name == "module":
        return site.module.get_absolute_url()
    if name.startswith("legal-"):
        return reverse("core:legal", args=[organisation.slug, name.removeprefix("legal-")])
    if name in {"login", "signup", "password-reset"}:
        return reverse(
            {"login": "account_login", "signup": "account_signup", "password-reset": "account_reset_password"}[name]
        )
    if name == "parental-consent":
        settings.SITE_URL = live_server.url
        child = UserFactory(email="kind@example.org", display_name="Mia", is_under_16=True)
        parental_consent_request(user=child, parent_email="eltern@example.org")
        return link_from_mail(mail.outbox[-1]).removeprefix(live_server.url)
    raise AssertionError(name)


PUBLIC_PAGES = [
    "start",
    "organisation",
    "process",
    "module",
    "legal-imprint",
    "legal-privacy",
    "legal-accessibility",
    "login",
    "signup",
    "password-reset",
    "parental-consent",
]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_is_accessible(page, live_server, site, request, settings, name):
    response = page.goto(live_server.url + page_url(name, site, live_server, request, settings))
    assert response.ok, f"{name}: HTTP {response.status}"
    check_page(page, name)


def test_each_phase_page_is_accessible(page, live_server, site):
    """All five phase pages in one browser session: each has its own state (finished, running, upcoming)."""
    for number, phase in enumerate(site.phases, start=1):
        response = page.goto(live_server.url + phase.get_absolute_url())
        assert response.ok, f"phase {number}: HTTP {response.status}"
        check_page(page, f"phase-{number}")


def test_parental_consent_page_after_the_parent_agreed(page, live_server, site, request, settings):
    page.goto(live_server.url + page_url("parental-consent", site, live_server, request, settings))
    page.locator("main form button[value=agree]").click()
    expect(page.locator(".messages .message--success")).to_be_visible()
    expect(page.locator("main form button[value=refuse]")).to_be_visible()
    check_page(page, "parental-consent-agreed")


ACCOUNT_PAGES = {
    "profile": "accounts:profile",
    "profile-under-16": "accounts:profile",
    "delete": "accounts:delete",
    "email": "account_email",
    "password-change": "account_change_password",
    "data-export": "accounts:export",
    "notification-settings": "notifications:settings",
    "my-contributions-empty": "progress:mine",
}


@pytest.mark.parametrize("name", ACCOUNT_PAGES)
def test_account_page_is_accessible(page, live_server, site, participant, name):
    user = participant
    if name == "profile-under-16":
        user.is_under_16 = True
        user.save(update_fields=["is_under_16"])
    log_in_as(page.context, live_server, user)
    url = reverse(ACCOUNT_PAGES[name])
    response = page.goto(live_server.url + url)
    assert response.ok, f"{name}: HTTP {response.status}"
    check_page(page, name)


@pytest.mark.parametrize("name", ["admin-index", "admin-process-change"])
def test_admin_page_is_accessible_as_far_as_it_is_ours(page, live_server, site, org_admin, name):
    log_in_as(page.context, live_server, org_admin)
    if name == "admin-index":
        url = reverse("admin:index")
    else:
        url = reverse("admin:processes_process_change", args=[site.process.pk])
    response = page.goto(live_server.url + url)
    assert response.ok, f"{name}: HTTP {response.status}"
    screenshot(page, name)
    known, ours = split_known(axe_violations(page))
    page.set_viewport_size(NARROW)
    screenshot(page, f"{name}-320")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if known or width > NARROW["width"] + 1:
        warnings.warn(
            f"Django admin's own problems on {name}: content {width} px wide at {NARROW['width']} px;\n"
            + format_violations(known),
            stacklevel=1,
        )
    assert not ours, f"axe found accessibility problems on {page.url}:\n{format_violations(ours)}"


def test_my_contributions_with_every_kind_is_accessible(page, live_server, site, process, staff_a, participant):
    """ "Meine Beiträge" filled with one of every kind (and a long group with its "show all" link)."""
    from tests.personal_things import make_everything, stage_for
    from zukunftswerkstatt.conversation.models import Comment

    stage = stage_for(process, by=staff_a)
    things = make_everything(participant, stage, marker="Barrierefrei", picture=False)
    Comment.objects.bulk_create(Comment(target=things.idea, author=participant, text=f"Noch {i}") for i in range(8))
    log_in_as(page.context, live_server, participant)
    response = page.goto(live_server.url + reverse("progress:mine"))
    assert response.ok
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, "my-contributions-full")
    page.get_by_role("link", name=re.compile("Alle 9 anzeigen|Show all 9")).click()
    check_page(page, "my-contributions-comments")
