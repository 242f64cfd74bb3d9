"""The profile: optional age group, home town and wish to take part, each kept only with consent."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from zukunftswerkstatt.accounts.models import AgeGroup, Consent
from zukunftswerkstatt.accounts.services import CONSENT_WORDING

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")


def profile_data(**changes) -> dict:
    data = {
        "display_name": "Paula",
        "is_under_16": "",
        "age_group": "",
        "home_municipality": "",
        "profile_consent": "",
        "wants_active_participation": "",
        "participation_consent": "",
    } | changes
    return {key: value for key, value in data.items() if value != ""}


def active_consents(user) -> set[str]:
    return set(user.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True))


@pytest.fixture
def client_of_participant(client_for, participant):
    return client_for(participant)


@pytest.fixture
def participant_with_profile(client_of_participant, participant, town_a):
    client_of_participant.post(
        PROFILE, profile_data(age_group=AgeGroup.AGE_30_44, home_municipality=town_a.pk, profile_consent="on")
    )
    participant.refresh_from_db()
    assert participant.age_group == AgeGroup.AGE_30_44
    return participant


def test_the_profile_is_for_logged_in_people_only(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_profile_shows_the_persons_email_and_roles(client_for, staff_a):
    content = client_for(staff_a).get(PROFILE).content.decode()
    assert "staff-a@example.org" in content
    assert "Auerbach/Vogtl." in content


def test_a_person_changes_their_public_name(client_of_participant, participant):
    response = client_of_participant.post(PROFILE, profile_data(display_name="  Paula P.  "))
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.display_name == "Paula P."


def test_a_person_without_a_public_name_is_called_participant(db):
    person = UserFactory(display_name="")
    assert str(person) == "Teilnehmende Person"


# Age group and home town


def test_age_group_and_town_without_consent_are_refused_and_the_input_stays(client_of_participant, participant, town_a):
    response = client_of_participant.post(
        PROFILE, profile_data(age_group=AgeGroup.AGE_30_44, home_municipality=town_a.pk)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "profile_consent" in form.errors
    content = response.content.decode()
    assert f'<option value="{AgeGroup.AGE_30_44}" selected>' in content
    assert f'<option value="{town_a.pk}" selected>' in content
    participant.refresh_from_db()
    assert participant.age_group == ""
    assert participant.home_municipality is None
    assert not participant.consents.exists()


def test_consent_without_age_group_or_town_is_refused(client_of_participant, participant):
    response = client_of_participant.post(PROFILE, profile_data(profile_consent="on"))
    assert response.status_code == 200
    assert "profile_consent" in response.context["form"].errors
    assert not participant.consents.exists()


def test_age_group_and_town_with_consent_are_stored_with_the_wording_agreed_to(
    client_of_participant, participant, town_a
):
    response = client_of_participant.post(
        PROFILE, profile_data(age_group=AgeGroup.AGE_65_79, home_municipality=town_a.pk, profile_consent="on")
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.age_group == AgeGroup.AGE_65_79
    assert participant.home_municipality == town_a
    consent = participant.consents.get()
    assert consent.purpose == Consent.Purpose.PROFILE
    assert consent.withdrawn_at is None
    with translation.override("de"):
        assert consent.wording == str(CONSENT_WORDING[Consent.Purpose.PROFILE])
    assert consent.wording


def test_the_profile_form_shows_the_stored_data_and_the_given_consent(participant_with_profile, client_of_participant):
    form = client_of_participant.get(PROFILE).context["form"]
    assert form.initial["age_group"] == AgeGroup.AGE_30_44
    assert form.initial["profile_consent"] is True


def test_saving_again_keeps_the_one_consent(participant_with_profile, client_of_participant, town_b):
    client_of_participant.post(
        PROFILE, profile_data(age_group=AgeGroup.AGE_45_64, home_municipality=town_b.pk, profile_consent="on")
    )
    assert participant_with_profile.consents.count() == 1
    participant_with_profile.refresh_from_db()
    assert participant_with_profile.home_municipality == town_b


def test_unticking_consent_withdraws_it_and_clears_the_data(participant_with_profile, client_of_participant, town_a):
    # The form still shows the stored values; only the consent box is unticked.
    response = client_of_participant.post(
        PROFILE, profile_data(age_group=AgeGroup.AGE_30_44, home_municipality=town_a.pk)
    )
    assert response.status_code == 302
    participant_with_profile.refresh_from_db()
    assert participant_with_profile.age_group == ""
    assert participant_with_profile.home_municipality is None
    consent = participant_with_profile.consents.get()
    assert consent.withdrawn_at is not None  # the record of the consent and its withdrawal is kept


def test_emptying_the_fields_and_unticking_consent_withdraws_it(participant_with_profile, client_of_participant):
    response = client_of_participant.post(PROFILE, profile_data())
    assert response.status_code == 302
    participant_with_profile.refresh_from_db()
    assert participant_with_profile.age_group == ""
    assert active_consents(participant_with_profile) == set()


def test_consent_given_again_after_withdrawal_is_a_new_record(participant_with_profile, client_of_participant, town_a):
    client_of_participant.post(PROFILE, profile_data())
    client_of_participant.post(
        PROFILE, profile_data(age_group=AgeGroup.AGE_30_44, home_municipality=town_a.pk, profile_consent="on")
    )
    assert participant_with_profile.consents.count() == 2
    assert active_consents(participant_with_profile) == {Consent.Purpose.PROFILE}


# Taking part actively


def test_wishing_to_take_part_actively_without_consent_is_refused(client_of_participant, participant):
    response = client_of_participant.post(PROFILE, profile_data(wants_active_participation="on"))
    assert response.status_code == 200
    assert "participation_consent" in response.context["form"].errors
    participant.refresh_from_db()
    assert not participant.wants_active_participation


def test_wishing_to_take_part_actively_with_consent_is_stored(client_of_participant, participant):
    response = client_of_participant.post(
        PROFILE, profile_data(wants_active_participation="on", participation_consent="on")
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.wants_active_participation
    assert active_consents(participant) == {Consent.Purpose.ACTIVE_PARTICIPATION}


def test_unticking_the_consent_to_be_contacted_withdraws_it(client_of_participant, participant):
    client_of_participant.post(PROFILE, profile_data(wants_active_participation="on", participation_consent="on"))
    response = client_of_participant.post(PROFILE, profile_data(wants_active_participation="on"))
    assert response.status_code == 302
    participant.refresh_from_db()
    assert not participant.wants_active_participation
    assert active_consents(participant) == set()


def test_the_two_consents_are_independent(participant_with_profile, client_of_participant, town_a):
    client_of_participant.post(
        PROFILE,
        profile_data(
            age_group=AgeGroup.AGE_30_44,
            home_municipality=town_a.pk,
            profile_consent="on",
            wants_active_participation="on",
            participation_consent="on",
        ),
    )
    client_of_participant.post(PROFILE, profile_data(wants_active_participation="on", participation_consent="on"))
    participant_with_profile.refresh_from_db()
    assert participant_with_profile.age_group == ""
    assert participant_with_profile.wants_active_participation
    assert active_consents(participant_with_profile) == {Consent.Purpose.ACTIVE_PARTICIPATION}


# Younger than 16


def test_under_16_cannot_store_optional_data_without_a_parents_consent(client_of_participant, participant, town_a):
    response = client_of_participant.post(
        PROFILE,
        profile_data(is_under_16="on", age_group=AgeGroup.AGE_12_15, home_municipality=town_a.pk, profile_consent="on"),
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    participant.refresh_from_db()
    assert not participant.is_under_16
    assert participant.age_group == ""
    assert not participant.consents.exists()


def test_under_16_cannot_ask_to_be_contacted_without_a_parents_consent(client_of_participant, participant):
    response = client_of_participant.post(
        PROFILE, profile_data(is_under_16="on", wants_active_participation="on", participation_consent="on")
    )
    assert response.status_code == 200
    participant.refresh_from_db()
    assert not participant.wants_active_participation


def test_under_16_may_save_their_public_name_without_a_parents_consent(client_of_participant, participant):
    response = client_of_participant.post(PROFILE, profile_data(is_under_16="on", display_name="Mia"))
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.is_under_16
    assert participant.display_name == "Mia"


def test_declaring_to_be_under_16_clears_optional_data_stored_before(participant_with_profile, client_of_participant):
    response = client_of_participant.post(PROFILE, profile_data(is_under_16="on"))
    assert response.status_code == 302
    participant_with_profile.refresh_from_db()
    assert participant_with_profile.age_group == ""
    assert active_consents(participant_with_profile) == set()


def test_under_16_sees_how_to_ask_a_parent(client_of_participant, participant):
    client_of_participant.post(PROFILE, profile_data(is_under_16="on"))
    content = client_of_participant.get(PROFILE).content.decode()
    assert reverse("accounts:parental_consent_request") in content
    assert 'id="under-16-note"' in content
