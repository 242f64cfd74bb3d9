"""A moderator whose organisation requires two-factor sign-in sets it up in the browser, and signs in with it.

Every page on the way is checked with axe at 1280 and 320 px. The pages have no inline script and no
style attribute (the Content-Security-Policy allows neither).
"""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.accounts.test_two_factor import totp_code
from tests.browser.conftest import check_page, login
from tests.factories import PASSWORD


def assert_no_inline_code(page) -> None:
    """Before axe runs (axe itself adds a script and style attributes)."""
    found = page.evaluate(
        """() => ({
            scripts: [...document.scripts].filter(s => !s.src && s.type !== "application/json").length,
            styled: [...document.querySelectorAll("[style]")].map(el => el.outerHTML.slice(0, 80)),
        })"""
    )
    assert found == {"scripts": 0, "styled": []}, f"{page.url}: {found}"


def test_a_moderator_sets_up_two_factor_sign_in_and_signs_in_with_it(page, live_server, site, moderator):
    site.organisation.require_two_factor = True
    site.organisation.save(update_fields=["require_two_factor"])

    # The password alone leads to the set-up page, which says why.
    login(page, live_server, moderator.email, PASSWORD)
    expect(page).to_have_url(re.compile(reverse("mfa_index") + "$"))
    expect(page.locator("#two-factor-required")).to_contain_text(site.organisation.name)
    assert_no_inline_code(page)
    check_page(page, "two-factor-index")

    page.get_by_role("link", name="Zwei-Faktor-Anmeldung einrichten").first.click()
    # Setting it up asks for the password again.
    page.get_by_label("Passwort").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Bestätigen").click()
    expect(page).to_have_url(re.compile(reverse("mfa_activate_totp") + "$"))
    expect(page.get_by_role("img", name="QR-Code für Ihre App")).to_be_visible()
    assert_no_inline_code(page)
    check_page(page, "two-factor-activate")

    secret = page.locator("code.two-factor-secret").inner_text()
    code_field = page.get_by_label("Code aus der App")
    expect(code_field).to_have_attribute("autocomplete", "one-time-code")
    expect(code_field).to_have_attribute("inputmode", "numeric")
    code_field.fill("000000" if totp_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Zwei-Faktor-Anmeldung einschalten").click()
    expect(page.locator(".form-errors")).to_contain_text("Der Code ist nicht richtig.")
    check_page(page, "two-factor-activate-error")

    page.get_by_label("Code aus der App").fill(totp_code(secret))
    page.get_by_role("button", name="Zwei-Faktor-Anmeldung einschalten").click()
    expect(page).to_have_url(re.compile(reverse("mfa_view_recovery_codes") + "$"))
    codes = page.locator("ol.two-factor-codes li").all_inner_texts()
    assert len(codes) == 10
    assert_no_inline_code(page)
    check_page(page, "two-factor-recovery-codes")

    # Now the back office opens; after signing out, the log-in asks for a code.
    page.goto(live_server.url + reverse("admin:index"))
    expect(page).to_have_url(re.compile(reverse("admin:index") + "$"))
    page.goto(live_server.url + reverse("accounts:profile"))
    page.get_by_role("button", name="Abmelden").click()
    login(page, live_server, moderator.email, PASSWORD)
    expect(page).to_have_url(re.compile(reverse("mfa_authenticate") + "$"))
    assert_no_inline_code(page)
    check_page(page, "two-factor-authenticate")
    page.get_by_label("Code").fill(codes[0])
    page.locator("main form").get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(reverse("accounts:profile") + "$"))
