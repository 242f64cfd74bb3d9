"""Registering, verifying the e-mail address, logging in, and resetting the password (django-allauth)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD
from zukunftswerkstatt.accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")
NEW_PASSWORD = "Neues-Passwort-2026"


def link_in(message) -> str:
    """The path of the one account link in an e-mail; like every link we send, it starts with SITE_URL
    (not with the host of the request that caused the mail)."""
    links = re.findall(re.escape(settings.SITE_URL.rstrip("/")) + r"(/accounts/\S+)", message.body)
    assert len(links) == 1, message.body
    return links[0]


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def sign_up(client, **changes):
    data = {
        "email": "lena@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "Lena",
        "is_under_16": "",
    } | changes
    return client.post(SIGNUP, {key: value for key, value in data.items() if value != ""})


def log_in(client, email: str = "lena@example.org", password: str = PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def test_signup_page_asks_for_public_name_and_age(client):
    content = client.get(SIGNUP).content.decode()
    assert 'name="display_name"' in content
    assert 'name="is_under_16"' in content


def test_signup_creates_an_unverified_account_with_name_and_age(client):
    response = sign_up(client, is_under_16="on")
    assert response.status_code == 302
    user = User.objects.get(email="lena@example.org")
    assert user.display_name == "Lena"
    assert user.is_under_16
    assert not EmailAddress.objects.get(user=user).verified
    assert not is_logged_in(client)


def test_signup_sends_a_verification_mail_with_a_link(client):
    sign_up(client)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lena@example.org"]
    assert message.subject.startswith("[Zukunftswerkstatt] ")
    assert link_in(message).startswith("/accounts/confirm-email/")


def test_signup_without_a_public_name_works(client):
    response = sign_up(client, display_name="")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert User.objects.get(email="lena@example.org").display_name == ""


def test_signup_refuses_a_weak_password(client):
    response = sign_up(client, password1="12345678", password2="12345678")
    assert response.status_code == 200
    assert not User.objects.exists()
    assert mail.outbox == []


def test_signup_refuses_an_address_that_has_an_account(client, participant):
    sign_up(client, email=participant.email)
    assert User.objects.filter(email=participant.email).count() == 1


def test_login_is_refused_before_the_address_is_verified(client):
    sign_up(client)
    other_browser = client.__class__()
    response = log_in(other_browser)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not is_logged_in(other_browser)


def test_following_the_link_shows_a_page_that_confirms_only_on_a_click(client):
    sign_up(client)
    path = link_in(mail.outbox[0])
    response = client.get(path)
    assert response.status_code == 200
    assert "<form" in response.content.decode()
    assert not EmailAddress.objects.get(email="lena@example.org").verified
    assert not is_logged_in(client)


def test_confirming_the_address_verifies_it_and_logs_the_person_in(client):
    sign_up(client)
    path = link_in(mail.outbox[0])
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="lena@example.org").verified
    assert is_logged_in(client)
    assert int(client.session["_auth_user_id"]) == User.objects.get(email="lena@example.org").pk


def test_after_confirming_the_person_can_log_in_anywhere(client):
    sign_up(client)
    client.post(link_in(mail.outbox[0]))
    other_browser = client.__class__()
    response = log_in(other_browser)
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    assert is_logged_in(other_browser)


def test_a_made_up_confirmation_link_is_refused(client):
    sign_up(client)
    response = client.post("/accounts/confirm-email/made-up-key/")
    assert response.status_code in {302, 404}
    assert not EmailAddress.objects.get(email="lena@example.org").verified
    assert not is_logged_in(client)


def test_login_with_a_wrong_password_is_refused(client, participant):
    response = log_in(client, participant.email, "falsch-falsch-falsch")
    assert response.status_code == 200
    assert not is_logged_in(client)


def test_a_verified_person_logs_in_with_their_email_address(client, participant):
    response = log_in(client, participant.email.upper())
    assert response.status_code == 302
    assert is_logged_in(client)


# Password reset


def request_reset(client, email: str):
    return client.post(reverse("account_reset_password"), {"email": email})


def test_password_reset_sends_a_mail_with_a_link(client, participant):
    response = request_reset(client, participant.email)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [participant.email]
    assert link_in(mail.outbox[0]).startswith("/accounts/password/reset/key/")


def test_password_reset_link_lets_the_person_choose_a_new_password(client, participant):
    request_reset(client, participant.email)
    response = client.get(link_in(mail.outbox[0]))
    # allauth moves the key out of the address before showing the form.
    assert response.status_code == 302
    form_page = client.get(response.url)
    assert form_page.status_code == 200
    assert 'name="password1"' in form_page.content.decode()
    done = client.post(response.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    participant.refresh_from_db()
    assert participant.check_password(NEW_PASSWORD)
    assert not participant.check_password(PASSWORD)


def test_after_a_reset_the_new_password_logs_in_and_the_old_one_does_not(client, participant):
    request_reset(client, participant.email)
    key_url = client.get(link_in(mail.outbox[0])).url
    client.post(key_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()
    assert log_in(client, participant.email, PASSWORD).status_code == 200
    assert not is_logged_in(client)
    assert log_in(client, participant.email, NEW_PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_a_password_reset_link_works_only_once(client, participant):
    request_reset(client, participant.email)
    link = link_in(mail.outbox[0])
    key_url = client.get(link).url
    client.post(key_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    second_browser = client.__class__()
    response = second_browser.get(link, follow=True)
    assert 'name="password1"' not in response.content.decode()


def test_password_reset_for_an_unknown_address_sends_no_link(client, db):
    response = request_reset(client, "niemand@example.org")
    assert response.status_code == 302  # the same answer as for a known address
    assert all("/accounts/password/reset/key/" not in message.body for message in mail.outbox)
