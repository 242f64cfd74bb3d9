"""The optional town and age group at registration: online (with and without an account), by
phone and in person through staff; kept on a failed form, prefilled from a consented profile,
not stored for an under-16 without a parent's consent, and never next to a name."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import MunicipalityFactory
from zukunftswerkstatt.accounts.models import ParentalConsent
from zukunftswerkstatt.accounts.services import profile_update
from zukunftswerkstatt.events import services
from zukunftswerkstatt.events.models import Channel, Registration

pytestmark = pytest.mark.django_db

FORM = {"name": "Gerda Weber", "email": "gerda@example.org", "phone": "", "companions": "0", "website": ""}


def register_url(event) -> str:
    return reverse("events:register", kwargs={"pk": event.pk})


def staff_register_url(event) -> str:
    return reverse("events:staff_register", kwargs={"pk": event.pk})


def details(town, age_group: str) -> dict:
    """The two optional fields as a form posts them."""
    return {"participant_town": town.pk, "participant_age_group": age_group}


def selected(html: str, value) -> bool:
    return f'value="{value}" selected' in html


def test_an_online_registration_without_an_account_stores_town_and_age_group(client, event, town_b):
    response = client.post(register_url(event), {**FORM, **details(town_b, "65-79")})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.channel, registration.participant_town, registration.participant_age_group) == (
        Channel.ONLINE,
        town_b,
        "65-79",
    )


def test_registering_without_the_details_stores_none(client, event):
    assert client.post(register_url(event), FORM).status_code == 302
    registration = Registration.objects.get()
    assert (registration.participant_town, registration.participant_age_group) == (None, "")


def test_the_event_page_offers_the_towns_of_the_organisation_only(client, event, town_a, town_b, other_organisation):
    elsewhere = MunicipalityFactory(organisation=other_organisation, name="Anderswo")
    form = client.get(event.get_absolute_url()).context["form"]
    assert list(form.fields["participant_town"].queryset) == [town_a, town_b]
    content = client.get(event.get_absolute_url()).content.decode()
    assert "About you, for the statistics (optional)" in content
    assert elsewhere.name not in content


def test_a_town_of_another_organisation_is_refused_and_nothing_typed_is_lost(client, event, other_organisation):
    elsewhere = MunicipalityFactory(organisation=other_organisation)
    response = client.post(register_url(event), {**FORM, **details(elsewhere, "30-44")})
    assert response.status_code == 400
    assert "participant_town" in response.context["form"].errors
    content = response.content.decode()
    assert 'value="Gerda Weber"' in content
    assert selected(content, "30-44")
    assert not Registration.objects.exists()


def test_the_service_refuses_a_town_of_another_organisation(event, other_organisation):
    elsewhere = MunicipalityFactory(organisation=other_organisation)
    with pytest.raises(ValidationError) as error:
        services.registration_create(event=event, name="Gerda", email="g@example.org", participant_town=elsewhere)
    assert "participant_town" in error.value.message_dict


def test_a_failed_registration_keeps_the_typed_town_and_age_group(client, event, town_b):
    response = client.post(
        register_url(event),
        {**FORM, "email": "", **details(town_b, "80+")},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Please give an e-mail address or a telephone number." in content
    assert selected(content, town_b.pk)
    assert selected(content, "80+")


def test_a_consented_profile_fills_in_the_details_and_they_can_be_changed(client_for, event, participant, town_a):
    profile_update(
        user=participant,
        display_name="Paula",
        is_under_16=False,
        age_group="45-64",
        home_municipality=town_a,
        profile_consent=True,
    )
    client = client_for(participant)
    content = client.get(event.get_absolute_url()).content.decode()
    assert selected(content, town_a.pk)
    assert selected(content, "45-64")
    # For this registration the person clears the town and keeps the age group.
    response = client.post(
        register_url(event),
        {**FORM, "email": participant.email, "participant_town": "", "participant_age_group": "45-64"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.user, registration.participant_town, registration.participant_age_group) == (
        participant,
        None,
        "45-64",
    )


def test_a_profile_without_consent_fills_in_nothing(client_for, event, participant):
    form = client_for(participant).get(event.get_absolute_url()).context["form"]
    assert form.initial.get("participant_town") is None
    assert form.initial.get("participant_age_group") is None


def _under_16(user, *, with_parent: bool = False):
    profile_update(user=user, display_name="Lena", is_under_16=True)
    if with_parent:
        ParentalConsent.objects.create(
            user=user, parent_email="parent@example.org", token_hash="x" * 64, confirmed_at=timezone.now()
        )
    return user


def test_an_under_16_without_a_parents_consent_is_not_asked_and_nothing_is_stored(
    client_for, event, participant, town_a
):
    client = client_for(_under_16(participant))
    page = client.get(event.get_absolute_url())
    assert "participant_town" not in page.context["form"].fields
    assert "About you, for the statistics" not in page.content.decode()
    # Details sent anyway (an old form, a crafted request) are not stored.
    response = client.post(
        register_url(event),
        {**FORM, "email": participant.email, **details(town_a, "12-15")},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.participant_town, registration.participant_age_group) == (None, "")


def test_the_service_drops_the_details_of_an_under_16_without_a_parents_consent(event, participant, town_a):
    registration = services.registration_create(
        event=event,
        name="Lena",
        email=participant.email,
        user=_under_16(participant),
        participant_town=town_a,
        participant_age_group="12-15",
    )
    assert (registration.participant_town, registration.participant_age_group) == (None, "")


def test_an_under_16_with_a_parents_consent_may_give_the_details(client_for, event, participant, town_a):
    client = client_for(_under_16(participant, with_parent=True))
    response = client.post(
        register_url(event),
        {**FORM, "email": participant.email, **details(town_a, "12-15")},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.participant_town, registration.participant_age_group) == (town_a, "12-15")


@pytest.mark.parametrize("channel", [Channel.PHONE, Channel.IN_PERSON])
def test_staff_record_the_details_of_someone_who_phoned_or_came_by(client_for, event, staff_a, town_b, channel):
    response = client_for(staff_a).post(
        staff_register_url(event),
        {
            "channel": channel,
            "name": "Herr Müller",
            "phone": "03745 1234",
            "companions": "0",
            **details(town_b, "80+"),
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.channel, registration.registered_by) == (channel, staff_a)
    assert (registration.participant_town, registration.participant_age_group) == (town_b, "80+")


def test_the_staff_form_speaks_of_the_person_and_fills_in_nothing_from_the_staff_profile(
    client_for, event, staff_a, town_a
):
    profile_update(
        user=staff_a,
        display_name="Amt",
        is_under_16=False,
        age_group="30-44",
        home_municipality=town_a,
        profile_consent=True,
    )
    response = client_for(staff_a).get(staff_register_url(event))
    content = response.content.decode()
    assert "About the person, for the statistics (optional)" in content
    assert "The person lives in" in content
    assert not selected(content, "30-44")


def test_a_failed_staff_registration_keeps_what_was_typed(client_for, event, staff_a, town_b):
    response = client_for(staff_a).post(
        staff_register_url(event),
        {
            "channel": Channel.IN_PERSON,
            "name": "Herr Müller",
            "phone": "",
            "companions": "0",
            **details(town_b, "65-79"),
        },
    )
    assert response.status_code == 200  # the staff page shows its form again
    content = response.content.decode()
    assert "Please give an e-mail address or a telephone number." in content
    assert 'value="Herr Müller"' in content
    assert selected(content, town_b.pk)
    assert selected(content, "65-79")
    assert not Registration.objects.exists()


def test_the_attendee_list_and_its_csv_never_show_town_or_age_group_next_to_names(
    client_for, event, register, staff_a, town_b
):
    register("Gerda", participant_town=town_b, participant_age_group="80+")
    client = client_for(staff_a)
    page = client.get(reverse("events:attendees", kwargs={"pk": event.pk})).content.decode()
    assert "Gerda" in page
    for detail in ("80 and older", "age group", "lives in", "Ellefeld"):
        assert detail not in page
    response = client.get(reverse("events:attendees_csv", kwargs={"pk": event.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == "Gerda"
    cells = {cell for row in rows for cell in row}
    assert not cells & {"80+", "80 and older", "Ellefeld", "age group", "lives in"}


def test_the_own_registration_on_the_event_page_does_not_show_the_details(client_for, event, participant, town_b):
    client = client_for(participant)
    client.post(
        register_url(event),
        {**FORM, "email": participant.email, **details(town_b, "80+")},
    )
    page = client.get(event.get_absolute_url())
    assert page.context["own_registration"].participant_age_group == "80+"
    content = page.content.decode()
    assert "own-registration" in content
    assert "80 and older" not in content
    assert "Ellefeld" not in content
