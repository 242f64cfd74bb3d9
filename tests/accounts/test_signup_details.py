"""Town and age group at sign-up: optional, stored on the profile only with the recorded profile
consent (through the profile service), never for people under 16 (a new account has no parent's
consent yet); a refused sign-up keeps what was typed and stores nothing."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from tests.accounts.test_signup import SIGNUP, sign_up
from zukunftswerkstatt.accounts.models import AgeGroup, Consent, User
from zukunftswerkstatt.accounts.services import CONSENT_WORDING

pytestmark = pytest.mark.django_db


def german(text: str) -> str:
    with translation.override("de"):
        return gettext(text)


def selected(html: str, name: str, value) -> bool:
    start = html.index(f'name="{name}"')
    return f'value="{value}" selected' in html[start : html.index("</select>", start)]


def test_the_signup_page_offers_the_details_with_their_consent_in_a_fieldset(client, town_a):
    html = client.get(SIGNUP).content.decode()
    assert '<fieldset class="participant-details">' in html
    assert german("About you, for the statistics (optional)") in html
    for name in ("age_group", "home_municipality", "profile_consent"):
        assert f'name="{name}"' in html
    assert town_a.name in html


def test_with_consent_the_details_are_stored_on_the_profile_and_the_consent_recorded(client, town_a):
    response = sign_up(client, age_group=AgeGroup.AGE_65_79, home_municipality=town_a.pk, profile_consent="on")
    assert response.status_code == 302
    user = User.objects.get(email="lena@example.org")
    assert (user.age_group, user.home_municipality) == (AgeGroup.AGE_65_79, town_a)
    consent = user.consents.get(purpose=Consent.Purpose.PROFILE, withdrawn_at__isnull=True)
    with translation.override("de"):
        assert consent.wording == str(CONSENT_WORDING[Consent.Purpose.PROFILE])
    assert user.display_name == "Lena"
    assert len(mail.outbox) == 1


def test_without_details_nothing_is_stored_and_no_consent_recorded(client):
    assert sign_up(client).status_code == 302
    user = User.objects.get(email="lena@example.org")
    assert (user.age_group, user.home_municipality) == ("", None)
    assert not user.consents.exists()


def test_details_without_consent_are_refused_and_kept(client, town_a):
    response = sign_up(client, age_group=AgeGroup.AGE_18_29, home_municipality=town_a.pk)
    assert response.status_code == 200
    assert "profile_consent" in response.context["form"].errors
    html = response.content.decode()
    assert selected(html, "age_group", AgeGroup.AGE_18_29)
    assert selected(html, "home_municipality", town_a.pk)
    assert 'value="Lena"' in html
    assert not User.objects.exists()
    assert mail.outbox == []


def test_consent_without_details_is_refused(client):
    response = sign_up(client, profile_consent="on")
    assert response.status_code == 200
    assert "profile_consent" in response.context["form"].errors
    assert not User.objects.exists()


def test_under_16_the_details_are_refused_until_a_parent_agrees_and_nothing_is_stored(client, town_a):
    response = sign_up(
        client, is_under_16="on", age_group=AgeGroup.AGE_12_15, home_municipality=town_a.pk, profile_consent="on"
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert selected(response.content.decode(), "age_group", AgeGroup.AGE_12_15)
    assert not User.objects.exists()
    assert sign_up(client, is_under_16="on").status_code == 302
    child = User.objects.get(email="lena@example.org")
    assert child.is_under_16
    assert (child.age_group, child.home_municipality) == ("", None)
    assert not child.consents.exists()
