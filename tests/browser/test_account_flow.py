"""A person's way through the platform: register, confirm, fill the profile, export, delete; reset a password.

The UI speaks German by default and English on request, and the German translation may not be
complete; so links and buttons are found by role and a pattern that matches both languages, or by
where they point.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, link_from_mail, log_in_as, login, screenshot
from tests.factories import PASSWORD
from zukunftswerkstatt.accounts.models import User

NEW_PASSWORD = "Neues-Passwort-2026"


@pytest.fixture(autouse=True)
def _links_to_the_live_server(settings, live_server):
    # Account mails link to SITE_URL like every other mail, not to the host of the request.
    settings.SITE_URL = live_server.url


def field(page, name: str):
    """The form control called `name`, after checking that it has an accessible name (a label)."""
    control = page.locator(f"main [name='{name}']")
    expect(control).to_have_accessible_name(re.compile(r"\w"))
    return control


def submit(page, pattern: str) -> None:
    page.locator("main form").get_by_role("button", name=re.compile(pattern, re.IGNORECASE)).click()
    page.wait_for_load_state()


def test_register_confirm_profile_export_delete(page, live_server, site, town_a):
    page.goto(live_server.url)
    page.get_by_role("navigation").get_by_role("link", name=re.compile("Regist")).click()
    expect(page).to_have_url(re.compile(reverse("account_signup") + "$"))
    assert_accessible(page)

    field(page, "email").fill("neu@example.org")
    field(page, "display_name").fill("Nele")
    field(page, "password1").fill(PASSWORD)
    field(page, "password2").fill(PASSWORD)
    screenshot(page, "flow-signup-filled")
    submit(page, "Regist|Sign up")

    # "We have sent you an e-mail": nobody is logged in before the address is confirmed.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["neu@example.org"]
    assert_accessible(page)
    page.goto(link_from_mail(mail.outbox[0], r"https?://\S+/confirm-email/\S+"))
    assert_accessible(page)
    submit(page, "Confirm|Bestätigen")

    logout = page.get_by_role("button", name=re.compile("Log out|Abmelden"))
    expect(logout).to_be_visible()
    page.get_by_role("link", name=re.compile("My profile|Mein Profil")).click()
    expect(page).to_have_url(re.compile(reverse("accounts:profile") + "$"))
    expect(field(page, "display_name")).to_have_value("Nele")

    field(page, "age_group").select_option("30-44")
    field(page, "home_municipality").select_option(str(town_a.pk))
    field(page, "profile_consent").check()
    submit(page, "Save|speichern")
    success = page.locator(".message--success")
    expect(success).to_be_visible()
    expect(success).to_contain_text(re.compile(r"saved|gespeichert", re.IGNORECASE))
    expect(field(page, "age_group")).to_have_value("30-44")
    expect(field(page, "profile_consent")).to_be_checked()
    screenshot(page, "flow-profile-saved")
    assert_accessible(page)

    page.locator(f"main a[href='{reverse('accounts:export')}']").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("Download my data|Meine Daten"))
    assert_accessible(page)
    with page.expect_download() as download:
        page.locator(f"main a[href='{reverse('accounts:export_download')}']").click()
    assert download.value.suggested_filename.endswith(".zip")
    archive = zipfile.ZipFile(download.value.path())
    assert {"index.html", "data.json"} <= set(archive.namelist())
    data = json.loads(archive.read("data.json"))
    # The readable page opens on its own and passes axe as well.
    readable = Path(download.value.path()).with_suffix(".html")
    readable.write_bytes(archive.read("index.html"))
    page.goto(readable.as_uri())
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "neu@example.org" in page.content()
    assert_accessible(page)
    page.goto(live_server.url + reverse("accounts:profile"))
    assert data["account"]["email"] == "neu@example.org"
    assert data["account"]["age_group"] == "30-44"
    assert data["account"]["home_municipality"] == town_a.name
    assert [c["purpose"] for c in data["consents"] if c["withdrawn_at"] is None] == ["profile"]
    assert data["consents"][0]["wording"]

    page.locator(f"main a[href='{reverse('accounts:delete')}']").click()
    assert_accessible(page)
    field(page, "password").fill(PASSWORD)
    field(page, "confirm").check()
    submit(page, "Delete|löschen")
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Log out|Abmelden"))).to_have_count(0)
    assert not User.objects.filter(email="neu@example.org").exists()

    login(page, live_server, "neu@example.org", PASSWORD)
    expect(page).to_have_url(re.compile(reverse("account_login") + "$"))
    expect(page.locator("main [role=alert]")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("accounts:profile"))
    expect(page).to_have_url(re.compile(reverse("account_login")))


def test_profile_with_an_error_keeps_what_was_entered(page, live_server, site, participant):
    log_in_as(page.context, live_server, participant)
    page.goto(live_server.url + reverse("accounts:profile"))
    field(page, "age_group").select_option("65-79")
    field(page, "display_name").fill("Paula P.")
    submit(page, "Save|speichern")

    expect(page.locator("main [role=alert]")).to_be_visible()
    consent = field(page, "profile_consent")
    expect(consent).to_have_attribute("aria-invalid", "true")
    error_id = consent.get_attribute("aria-describedby").split()[-1]
    expect(page.locator(f"#{error_id}")).to_be_visible()
    expect(field(page, "age_group")).to_have_value("65-79")
    expect(field(page, "display_name")).to_have_value("Paula P.")
    expect(consent).not_to_be_checked()
    screenshot(page, "flow-profile-error")
    assert_accessible(page)

    participant.refresh_from_db()
    assert participant.age_group == ""
    assert participant.display_name == "Paula"


def test_error_summary_leads_to_the_field(page, live_server, site, participant):
    log_in_as(page.context, live_server, participant)
    page.goto(live_server.url + reverse("accounts:profile"))
    page.locator("main [name=age_group]").select_option("18-29")
    page.locator("main form .button--primary").click()
    page.locator(".form-errors__list a").first.click()
    expect(page.locator("main [name=profile_consent]")).to_be_focused()


def test_signup_errors_are_summarised_and_marked(page, live_server, site):
    page.goto(live_server.url + reverse("account_signup"))
    field(page, "email").fill("kein-at-zeichen")
    field(page, "password1").fill(PASSWORD)
    field(page, "password2").fill(PASSWORD + "x")
    submit(page, "Regist|Sign up")

    summary = page.locator("main [role=alert]")
    expect(summary).to_be_visible()
    links = summary.locator("a")
    assert links.count() >= 2
    for link in links.all():
        target = page.locator(link.get_attribute("href"))
        expect(target).to_have_attribute("aria-invalid", "true")
    expect(field(page, "email")).to_have_value("kein-at-zeichen")
    screenshot(page, "flow-signup-errors")
    assert_accessible(page)
    assert mail.outbox == []


def test_password_reset_through_the_email_link(page, live_server, site, participant):
    page.goto(live_server.url + reverse("account_login"))
    page.locator("main").get_by_role("link", name=re.compile("Forgot|vergessen", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(reverse("account_reset_password") + "$"))
    field(page, "email").fill(participant.email)
    submit(page, "Reset|zurücksetzen|Send|senden")
    assert_accessible(page)

    assert len(mail.outbox) == 1
    page.goto(link_from_mail(mail.outbox[0], r"https?://\S+/password/reset/key/\S+"))
    field(page, "password1").fill(NEW_PASSWORD)
    field(page, "password2").fill(NEW_PASSWORD)
    screenshot(page, "flow-password-new")
    assert_accessible(page)
    page.locator("main form").get_by_role("button").first.click()
    page.wait_for_load_state()
    assert_accessible(page)

    login(page, live_server, participant.email, NEW_PASSWORD)
    expect(page).to_have_url(re.compile(reverse("accounts:profile") + "$"))
    participant.refresh_from_db()
    assert participant.check_password(NEW_PASSWORD)
