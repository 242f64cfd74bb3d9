"""Under-16s: a parent agrees by e-mail before optional profile data may be stored (GDPR art. 8)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from zukunftswerkstatt.accounts.models import AgeGroup, Consent, ParentalConsent
from zukunftswerkstatt.accounts.services import parental_consent_request

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
REQUEST = reverse("accounts:parental_consent_request")
PARENT = "mama@example.org"
LINK = re.compile(r"https?://[^/\s]+(/accounts/parental-consent/[^/\s]+/)")


@pytest.fixture
def child(participant):
    participant.is_under_16 = True
    participant.display_name = "Mia"
    participant.save(update_fields=["is_under_16", "display_name"])
    return participant


@pytest.fixture
def child_client(client_for, child):
    return client_for(child)


@pytest.fixture
def ask_parent(child_client, django_capture_on_commit_callbacks):
    """Ask for a parent's consent through the profile page; returns the path of the link in the mail."""

    def ask(parent_email: str = PARENT):
        with django_capture_on_commit_callbacks(execute=True):
            response = child_client.post(REQUEST, {"parent_email": parent_email})
        assert response.status_code == 302
        return LINK.search(mail.outbox[-1].body).group(1) if mail.outbox else None

    return ask


@pytest.fixture
def parent_link(ask_parent):
    return ask_parent()


@pytest.fixture
def parent(client):
    """The parent's browser: not logged in."""
    return client.__class__()


def profile_with_data(town, **changes) -> dict:
    return {
        "display_name": "Mia",
        "is_under_16": "on",
        "age_group": AgeGroup.AGE_12_15,
        "home_municipality": town.pk,
        "profile_consent": "on",
    } | changes


def test_asking_a_parent_sends_them_a_mail_with_a_link(child, parent_link):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [PARENT]
    assert "Mia" in message.body
    assert parent_link.startswith("/accounts/parental-consent/")
    request = child.parental_consents.get()
    assert request.parent_email == PARENT
    assert request.confirmed_at is None


def test_only_a_hash_of_the_link_is_stored(child, parent_link):
    token = parent_link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in ParentalConsent.objects.get().token_hash


def test_the_child_cannot_give_their_own_address(child, ask_parent):
    assert ask_parent(child.email) is None
    assert not child.parental_consents.exists()
    assert mail.outbox == []


def test_a_person_of_16_or_older_needs_no_parent(client_for, participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(participant).post(REQUEST, {"parent_email": PARENT})
    assert not ParentalConsent.objects.exists()
    assert mail.outbox == []


def test_a_new_request_replaces_an_open_one(child, ask_parent, parent):
    first = ask_parent()
    second = ask_parent("papa@example.org")
    assert len(mail.outbox) == 2
    assert parent.post(first, {"decision": "agree"}).status_code == 302
    assert not child.parental_consents.filter(confirmed_at__isnull=False).exists()
    parent.post(second, {"decision": "agree"})
    assert child.parental_consents.get(confirmed_at__isnull=False).parent_email == "papa@example.org"


def test_the_parents_page_explains_and_asks_without_deciding(child, parent_link, parent):
    response = parent.get(parent_link)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mia" in content
    assert 'value="agree"' in content
    assert 'value="refuse"' in content
    assert child.parental_consents.get().confirmed_at is None


def test_an_unknown_link_is_not_found(parent, db):
    assert parent.get(reverse("accounts:parental_consent", kwargs={"token": "ausgedacht"})).status_code == 404


def test_a_parent_agreeing_confirms_the_consent(child, parent_link, parent):
    response = parent.post(parent_link, {"decision": "agree"})
    assert response.status_code == 302
    assert response.url == parent_link
    consent = child.parental_consents.get()
    assert consent.is_valid
    assert 'value="refuse"' in parent.get(parent_link).content.decode()  # and may withdraw later


def test_after_a_parent_agrees_the_child_may_store_optional_data(child, child_client, parent_link, parent, town_a):
    parent.post(parent_link, {"decision": "agree"})
    response = child_client.post(PROFILE, profile_with_data(town_a))
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.age_group == AgeGroup.AGE_12_15
    assert child.home_municipality == town_a
    assert child.consents.filter(purpose=Consent.Purpose.PROFILE, withdrawn_at__isnull=True).exists()


def test_while_the_parent_has_not_answered_the_child_may_not_store_optional_data(
    child, child_client, parent_link, town_a
):
    response = child_client.post(PROFILE, profile_with_data(town_a))
    assert response.status_code == 200
    child.refresh_from_db()
    assert child.age_group == ""


def test_a_parent_refusing_leaves_no_consent(child, child_client, parent_link, parent, town_a):
    parent.post(parent_link, {"decision": "refuse"})
    assert child.parental_consents.get().revoked_at is not None
    assert child_client.post(PROFILE, profile_with_data(town_a)).status_code == 200
    child.refresh_from_db()
    assert child.age_group == ""


def test_a_refused_request_cannot_be_agreed_to_afterwards(child, parent_link, parent):
    parent.post(parent_link, {"decision": "refuse"})
    parent.post(parent_link, {"decision": "agree"})
    assert not child.parental_consents.get().is_valid


def test_a_parent_withdrawing_clears_the_childs_optional_data(child, child_client, parent_link, parent, town_a):
    parent.post(parent_link, {"decision": "agree"})
    child_client.post(PROFILE, profile_with_data(town_a, wants_active_participation="on", participation_consent="on"))
    child.refresh_from_db()
    assert child.age_group
    assert child.wants_active_participation

    parent.post(parent_link, {"decision": "refuse"})

    child.refresh_from_db()
    assert child.age_group == ""
    assert child.home_municipality is None
    assert not child.wants_active_participation
    assert not child.consents.filter(withdrawn_at__isnull=True).exists()
    assert child.display_name == "Mia"  # the account itself stays as it was


def test_the_profile_shows_that_the_parent_has_not_answered_yet(child, child_client, parent_link):
    assert PARENT in child_client.get(PROFILE).content.decode()


def test_a_request_sent_through_the_service_mails_only_after_commit(child, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        parental_consent_request(user=child, parent_email=PARENT)
    assert mail.outbox == []
    assert len(callbacks) == 1
