"""Two-factor sign-in (django-allauth's mfa): setting it up, signing in with a code or a recovery code,
an organisation that requires it of its staff, and the platform administrators' setting."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import struct
import time
import zipfile
from io import BytesIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from tests.core.test_all_mails import page_text, problems_in
from tests.factories import PASSWORD
from zukunftswerkstatt.processes.services import module_create

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
MFA = reverse("mfa_index")
ACTIVATE = reverse("mfa_activate_totp")
AUTHENTICATE = reverse("mfa_authenticate")
RECOVERY_CODES = reverse("mfa_view_recovery_codes")


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The code an authenticator app shows (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits), written
    here from the RFC rather than taken from allauth, so that the test checks allauth against it."""
    if at is None and time.time() % 30 > 28.5:
        time.sleep(1.6)  # not at the end of a step: the server must see the same one (no tolerance)
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(at or time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def test_the_code_function_agrees_with_the_rfc_test_vector():
    # RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" at 59 s gives 94287082 (8 digits).
    secret = base64.b32encode(b"12345678901234567890").decode()
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", 59 // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    assert (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**8 == 94287082
    assert totp_code(secret, at=59) == "287082"


def with_two_factor(user) -> tuple[str, list[str]]:
    """Switch two-factor sign-in on for a person as the set-up page does; the secret and the codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).generate_codes()
    return secret, codes


def log_in(client, user, password: str = PASSWORD):
    return client.post(LOGIN, {"login": user.email, "password": password})


def confirm_with_password(client) -> None:
    """Setting up and changing two-factor sign-in asks for the password again (allauth's re-authentication)."""
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- setting it up ------------------------------------------------------------------------------


def test_a_participant_sets_up_two_factor_sign_in_from_the_profile(
    client, participant, django_capture_on_commit_callbacks
):
    assert log_in(client, participant).status_code == 302
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{MFA}"' in profile
    assert "Zwei-Faktor-Anmeldung" in profile
    index = client.get(MFA).content.decode()
    assert f'href="{ACTIVATE}"' in index
    assert client.get(ACTIVATE)["Location"].startswith(reverse("account_reauthenticate"))
    confirm_with_password(client)

    page = client.get(ACTIVATE)
    assert page.status_code == 200
    secret = page.context["form"].secret
    html = page.content.decode()
    assert '<svg role="img"' in html  # the QR code, drawn in the page (no data: address, no script)
    assert secret in html  # and the key for typing in by hand
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html
    assert "<script" not in html.split("<main", 1)[1]
    assert " style=" not in html

    wrong = client.post(ACTIVATE, {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Der Code ist nicht richtig." in wrong.content.decode()
    assert not Authenticator.objects.filter(user=participant).exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert done.status_code == 302
    assert done["Location"] == RECOVERY_CODES
    assert Authenticator.objects.filter(user=participant, type=Authenticator.Type.TOTP).exists()
    codes = client.get(RECOVERY_CODES)
    assert len(codes.context["unused_codes"]) == 10
    for code in codes.context["unused_codes"]:
        assert f"<code>{code}</code>" in codes.content.decode()
    assert [m.subject for m in mail.outbox] == ["[Zukunftswerkstatt] Zwei-Faktor-Anmeldung eingeschaltet"]


def test_the_recovery_codes_can_be_downloaded_and_replaced(client, participant):
    _secret, codes = with_two_factor(participant)
    log_in(client, participant)
    client.post(AUTHENTICATE, {"code": codes[0]})
    # Showing the codes asks for the password again (allauth's re-authentication).
    confirm = client.get(reverse("mfa_download_recovery_codes"))
    assert confirm["Location"].startswith(reverse("account_reauthenticate"))
    confirm_with_password(client)
    codes = codes[1:]
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/plain")
    assert "attachment" in download["Content-Disposition"]
    assert all(code in download.content.decode() for code in codes)

    assert client.post(reverse("mfa_generate_recovery_codes")).status_code == 302
    new_codes = RecoveryCodes(Authenticator.objects.get(user=participant, type="recovery_codes")).get_unused_codes()
    assert len(new_codes) == 10
    assert not set(new_codes) & set(codes)


# --- signing in -----------------------------------------------------------------------------------


def test_sign_in_asks_for_the_code_after_the_password(client, participant):
    secret, _codes = with_two_factor(participant)
    response = log_in(client, participant)
    assert response["Location"] == AUTHENTICATE
    assert not is_logged_in(client)
    page = client.get(AUTHENTICATE).content.decode()
    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="numeric"' in page

    wrong = client.post(AUTHENTICATE, {"code": "12345"})
    assert "Der Code ist nicht richtig." in wrong.content.decode()
    assert not is_logged_in(client)

    assert client.post(AUTHENTICATE, {"code": totp_code(secret)}).status_code == 302
    assert is_logged_in(client)


def test_a_code_from_the_app_works_only_once(client, participant):
    secret, _codes = with_two_factor(participant)
    code = totp_code(secret)
    log_in(client, participant)
    client.post(AUTHENTICATE, {"code": code})
    assert is_logged_in(client)
    client.post(reverse("account_logout"))
    log_in(client, participant)
    response = client.post(AUTHENTICATE, {"code": code})
    assert "Der Code ist nicht richtig." in response.content.decode()
    assert not is_logged_in(client)


def test_a_recovery_code_signs_in_once(client, participant):
    _secret, codes = with_two_factor(participant)
    log_in(client, participant)
    assert client.post(AUTHENTICATE, {"code": codes[3]}).status_code == 302
    assert is_logged_in(client)
    client.post(reverse("account_logout"))

    log_in(client, participant)
    again = client.post(AUTHENTICATE, {"code": codes[3]})
    assert "Der Code ist nicht richtig." in again.content.decode()
    assert not is_logged_in(client)
    assert client.post(AUTHENTICATE, {"code": codes[4]}).status_code == 302
    assert is_logged_in(client)
    recovery = Authenticator.objects.get(user=participant, type=Authenticator.Type.RECOVERY_CODES)
    assert len(RecoveryCodes(recovery).get_unused_codes()) == 8


def test_guessing_codes_locks_the_account_after_five_wrong_ones(client, participant):
    secret, _codes = with_two_factor(participant)
    log_in(client, participant)
    right = totp_code(secret)
    wrong = "000000" if right != "000000" else "111111"
    for _attempt in range(5):
        assert "Der Code ist nicht richtig." in client.post(AUTHENTICATE, {"code": wrong}).content.decode()
    locked = client.post(AUTHENTICATE, {"code": right}).content.decode()
    assert "Zu viele fehlgeschlagene Versuche für dieses Konto" in locked
    assert not is_logged_in(client)


# --- the login lock: one account, not the whole town hall ----------------------------------------


def test_an_attacked_account_is_locked_but_others_behind_the_same_address_still_sign_in(client, participant):
    """Issue 11: 14 failed logins for one account locked out five other people behind the same
    address. Now the account is locked, the address is not."""
    from tests.factories import UserFactory

    others = [UserFactory(email=f"rathaus{n}@example.org") for n in range(5)]
    for _attempt in range(14):
        client.post(LOGIN, {"login": participant.email, "password": "falsch-geraten"})
    locked = client.post(LOGIN, {"login": participant.email, "password": PASSWORD})
    assert locked.status_code == 200
    assert "Zu viele fehlgeschlagene Versuche für dieses Konto" in locked.content.decode()
    assert not is_logged_in(client)

    for person in others:
        response = log_in(client, person)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert int(client.session["_auth_user_id"]) == person.pk
        client.post(reverse("account_logout"))


def test_many_accounts_tried_from_one_address_lock_the_address(client, settings, participant):
    from tests.factories import UserFactory

    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "5/5m/key,12/10m/ip"}
    for n in range(12):
        client.post(LOGIN, {"login": f"erraten{n}@example.org", "password": "falsch-geraten"})
    response = log_in(client, UserFactory(email="spaet@example.org"))
    assert response.status_code == 200
    assert "Zu viele fehlgeschlagene Versuche" in response.content.decode()


def test_the_default_address_limit_is_high_enough_for_a_town_hall(settings):
    from allauth.core.internal.ratelimit import parse_rates

    per_key, per_address = parse_rates(settings.ACCOUNT_RATE_LIMITS["login_failed"])
    assert (per_key.per, per_key.amount, per_key.duration) == ("key", 5, 300)
    assert per_address.per == "ip"
    assert per_address.amount >= 100
    (login,) = parse_rates(settings.ACCOUNT_RATE_LIMITS["login"])
    assert login.per == "ip"
    assert login.amount / login.duration * 60 >= 30  # a class of 30 in a minute


# --- an organisation that requires it ----------------------------------------------------------


@pytest.fixture
def ideas_module(process):
    return module_create(phase=process.phases.get(type="workshop"), type="ideas", title="Ideen")


@pytest.fixture
def strict(organisation):
    organisation.require_two_factor = True
    organisation.save(update_fields=["require_two_factor"])
    return organisation


def test_staff_of_an_organisation_that_requires_it_are_sent_to_the_setup_page(
    client_for, strict, moderator, ideas_module
):
    moderation = reverse("ideas:moderation", kwargs={"module_pk": ideas_module.pk})
    client = client_for(moderator)
    response = client.get(moderation)
    assert response.status_code == 302
    assert response["Location"] == MFA
    page = client.get(MFA).content.decode()
    assert "Zwei-Faktor-Anmeldung ist für Ihre Rolle erforderlich (Städteverbund Göltzschtal)" in page
    assert not moderator.has_perm("ideas.moderate", ideas_module)
    back_office = client.get(reverse("admin:index"))
    assert back_office["Location"] == MFA

    with_two_factor(moderator)
    assert client.get(moderation).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_requirement_pauses_only_that_organisations_roles(strict, other_organisation, moderator):
    from tests.factories import MembershipFactory
    from zukunftswerkstatt.accounts.models import Role
    from zukunftswerkstatt.accounts.roles import memberships_of

    MembershipFactory(user=moderator, organisation=other_organisation, role=Role.ADMIN)
    assert [m.organisation for m in memberships_of(moderator)] == [other_organisation]
    assert moderator.has_perm("core.change_organisation", other_organisation)
    assert not moderator.has_perm("core.change_organisation", strict)


def test_participants_are_not_sent_anywhere(client_for, strict, participant, ideas_module):
    client = client_for(participant)
    assert client.get(reverse("ideas:list", kwargs={"module_pk": ideas_module.pk})).status_code == 200
    # A staff page is refused as before: a participant has no role to pause.
    assert client.get(reverse("ideas:moderation", kwargs={"module_pk": ideas_module.pk})).status_code == 403
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_staff_are_sent_to_the_setup_page_when_they_sign_in(client, strict, staff_a):
    response = log_in(client, staff_a)
    assert response["Location"] == MFA
    assert is_logged_in(client)


def test_staff_of_an_organisation_without_the_requirement_are_left_alone(client_for, moderator, ideas_module):
    client = client_for(moderator)
    assert client.get(reverse("ideas:moderation", kwargs={"module_pk": ideas_module.pk})).status_code == 200


def test_an_org_admin_requires_it_in_the_back_office_only_with_it_set_up_themselves(
    client_for, org_admin, organisation
):
    from django.forms.models import model_to_dict

    url = reverse("admin:core_organisation_change", args=[organisation.pk])
    client = client_for(org_admin)
    form = client.get(url).context["adminform"].form
    assert "require_two_factor" in form.fields
    # The logo (an empty file field) is no value a form posts.
    data = {key: value for key, value in model_to_dict(organisation).items() if value is not None and key != "logo"}
    data |= {
        "require_two_factor": "on",
        "municipalities-TOTAL_FORMS": "0",
        "municipalities-INITIAL_FORMS": "0",
        "topics-TOTAL_FORMS": "0",
        "topics-INITIAL_FORMS": "0",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "require_two_factor" in refused.context["adminform"].form.errors
    organisation.refresh_from_db()
    assert not organisation.require_two_factor

    with_two_factor(org_admin)
    assert client.post(url, data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.require_two_factor


def test_platform_admins_must_set_it_up_when_the_setting_says_so(client_for, settings, platform_admin, organisation):
    client = client_for(platform_admin)
    assert client.get(reverse("admin:index")).status_code == 200
    settings.MFA_REQUIRED_FOR_PLATFORM_ADMINS = True
    assert client.get(reverse("admin:index"))["Location"] == MFA
    assert not platform_admin.has_perm("core.change_organisation", organisation)
    with_two_factor(platform_admin)
    platform_admin = type(platform_admin).objects.get(pk=platform_admin.pk)
    assert platform_admin.has_perm("core.change_organisation", organisation)
    assert client.get(reverse("admin:index")).status_code == 200


# --- what it says and what it keeps --------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_two_factor_page_speaks_formally(client, participant, language):
    client.cookies["zw_language"] = language
    found = []
    log_in(client, participant)
    confirm_with_password(client)
    for url in [MFA, ACTIVATE]:
        found += problems_in(page_text(client.get(url)), language=language, where=url)
    secret = client.get(ACTIVATE).context["form"].secret
    response = client.post(ACTIVATE, {"code": totp_code(secret)}, follow=True)
    found += problems_in(page_text(response), language=language, where="after activating")
    for name in ["mfa_index", "mfa_generate_recovery_codes", "mfa_deactivate_totp", "mfa_reauthenticate"]:
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200, name
        found += problems_in(page_text(response), language=language, where=name)
    client.post(reverse("account_logout"))
    log_in(client, participant)
    found += problems_in(page_text(client.get(AUTHENTICATE)), language=language, where="authenticate")
    for _attempt in range(6):
        response = client.post(AUTHENTICATE, {"code": "99999999"})
    found += problems_in(page_text(response), language=language, where="locked")
    assert not found, "\n".join(found)


def test_the_data_export_says_two_factor_is_on_but_never_holds_the_secret(client, participant):
    secret, codes = with_two_factor(participant)
    client.force_login(participant)
    response = client.get(reverse("accounts:export_download"))
    archive = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
    everything = "".join(archive.read(name).decode(errors="ignore") for name in archive.namelist())
    data = json.loads(next(archive.read(n) for n in archive.namelist() if n.endswith(".json")))
    assert data["two_factor"]["authenticator_app"] is True
    assert secret not in everything
    assert not any(code in everything for code in codes)
    assert not re.search(r"\bseed\b", everything)


def test_a_platform_admin_sees_who_uses_it_but_never_the_key(client_for, platform_admin, participant):
    secret, _codes = with_two_factor(participant)
    page = client_for(platform_admin).get(reverse("admin:accounts_user_change", args=[participant.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Zwei-Faktor-Anmeldung" in html
    assert secret not in html
    assert client_for(platform_admin).get("/admin/mfa/authenticator/").status_code == 404


def test_too_many_log_ins_from_one_address_get_our_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/10m/ip"}
    for _attempt in range(2):
        client.post(LOGIN, {"login": "x@example.org", "password": "falsch-geraten"})
    response = client.post(LOGIN, {"login": "x@example.org", "password": "falsch-geraten"})
    assert response.status_code == 429
    assert "sehr viele Anfragen" in response.content.decode()
