"""A person's own data: download it all, or delete the account (GDPR art. 15, 17 and 20)."""

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory, UserFactory
from zukunftswerkstatt.accounts.models import AgeGroup, Consent, Membership, ParentalConsent, Role, User
from zukunftswerkstatt.accounts.services import consent_give, profile_update

pytestmark = pytest.mark.django_db

EXPORT = reverse("accounts:export_download")
DELETE = reverse("accounts:delete")


@pytest.fixture
def person(staff_a, town_a):
    """Town staff with a profile, a consent and a parental-consent request from when they were young."""
    profile_update(
        user=staff_a,
        display_name="Sabine",
        is_under_16=False,
        age_group=AgeGroup.AGE_45_64,
        home_municipality=town_a,
        profile_consent=True,
    )
    ParentalConsent.objects.create(user=staff_a, parent_email="eltern@example.org", token_hash="x" * 64)
    return staff_a


@pytest.fixture
def someone_else(organisation, town_b):
    other = MembershipFactory(
        user__email="nachbarin@example.org",
        user__display_name="Nachbarin",
        organisation=organisation,
        role=Role.MODERATOR,
    ).user
    consent_give(user=other, purpose=Consent.Purpose.PROFILE)
    return other


def download(client) -> zipfile.ZipFile:
    response = client.get(EXPORT)
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def export(client) -> dict:
    return json.loads(download(client).read("data.json"))


# Export


def test_export_is_for_logged_in_people_only(client):
    assert client.get(EXPORT).status_code == 302


def test_export_is_a_zip_download(client_for, person):
    response = client_for(person).get(EXPORT)
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="zukunftswerkstatt-meine-daten-')
    assert response["Content-Disposition"].endswith('.zip"')


def test_export_contains_the_account(client_for, person):
    account = export(client_for(person))["account"]
    assert account["email"] == "staff-a@example.org"
    assert account["public_name"] == "Sabine"
    assert account["age_group"] == AgeGroup.AGE_45_64
    assert account["home_municipality"] == "Auerbach/Vogtl."


def test_export_contains_the_email_addresses(client_for, person):
    assert export(client_for(person))["email_addresses"] == [
        {"email": "staff-a@example.org", "verified": True, "primary": True}
    ]


def test_export_contains_the_consents_with_their_wording(client_for, person):
    consents = export(client_for(person))["consents"]
    assert len(consents) == 1
    assert consents[0]["purpose"] == "profile"
    assert consents[0]["wording"] == person.consents.get().wording
    assert consents[0]["given_at"]
    assert consents[0]["withdrawn_at"] is None


def test_export_contains_parental_consent_requests(client_for, person):
    requests = export(client_for(person))["parental_consents"]
    assert [request["parent_email"] for request in requests] == ["eltern@example.org"]


def test_export_contains_the_roles(client_for, person):
    assert export(client_for(person))["roles"] == [
        {"organisation": "Städteverbund Göltzschtal", "role": "town_staff", "town": "Auerbach/Vogtl."}
    ]


def test_export_says_nothing_about_other_people(client_for, person, someone_else, participant, org_admin):
    archive = download(client_for(person))
    text = archive.read("data.json").decode() + archive.read("index.html").decode()
    for other in (someone_else, participant, org_admin):
        assert other.email not in text
    assert "Nachbarin" not in text
    assert len(json.loads(archive.read("data.json"))["consents"]) == 1


def test_export_of_a_person_without_optional_data_has_empty_sections(client_for, participant):
    data = export(client_for(participant))
    assert data["consents"] == []
    assert data["roles"] == []
    assert data["account"]["age_group"] == ""


# Delete


def test_delete_asks_for_the_password(client_for, person):
    response = client_for(person).get(DELETE)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_delete_with_a_wrong_password_is_refused(client_for, person):
    client = client_for(person)
    response = client.post(DELETE, {"password": "falsch-falsch", "confirm": "on"})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert User.objects.filter(pk=person.pk).exists()
    assert "_auth_user_id" in client.session


def test_delete_without_ticking_the_confirmation_is_refused(client_for, person):
    response = client_for(person).post(DELETE, {"password": PASSWORD})
    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    assert User.objects.filter(pk=person.pk).exists()


def test_delete_removes_the_account_and_everything_personal_and_logs_out(client_for, person):
    client = client_for(person)
    pk = person.pk
    response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert not User.objects.filter(pk=pk).exists()
    assert not Consent.objects.filter(user_id=pk).exists()
    assert not Membership.objects.filter(user_id=pk).exists()
    assert not EmailAddress.objects.filter(email="staff-a@example.org").exists()
    assert not ParentalConsent.objects.filter(user_id=pk).exists()
    assert "_auth_user_id" not in client.session


def test_delete_leaves_other_people_alone(client_for, person, someone_else):
    client_for(person).post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert User.objects.filter(pk=someone_else.pk).exists()
    assert someone_else.consents.count() == 1
    assert someone_else.memberships.count() == 1


def test_a_deleted_person_cannot_log_in_again(client, client_for, person):
    client_for(person).post(DELETE, {"password": PASSWORD, "confirm": "on"})
    response = client.post(reverse("account_login"), {"login": "staff-a@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_address_of_a_deleted_account_can_register_again(client, client_for, participant):
    client_for(participant).post(DELETE, {"password": PASSWORD, "confirm": "on"})
    UserFactory(email="participant@example.org")
    assert User.objects.filter(email="participant@example.org").count() == 1
