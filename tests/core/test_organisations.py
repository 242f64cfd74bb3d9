"""Organisations, their towns and shared vocabularies, and the organisation's public page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from zukunftswerkstatt.core.models import LegalPage, Municipality, Organisation, TargetGroup, ags_validator
from zukunftswerkstatt.core.services import (
    DEFAULT_TOPICS,
    municipality_create,
    organisation_add_defaults,
    organisation_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def vogtland():
    return organisation_create(
        name="Städteverbund Vogtland",
        slug="vogtland",
        contact_name="Koordinierungsstelle",
        contact_address="Markt 5\n08209 Auerbach/Vogtl.",
        contact_phone="03744 987654",
        contact_email="zukunft@vogtland.example",
    )


# organisation_create


def test_organisation_create_adds_the_thirteen_default_fields_of_action_in_order(vogtland):
    names = list(vogtland.topics.values_list("name", flat=True))
    assert len(names) == 13
    assert names == DEFAULT_TOPICS


def test_organisation_create_adds_imprint_privacy_and_accessibility_pages(vogtland):
    kinds = set(vogtland.legal_pages.values_list("kind", flat=True))
    assert kinds == {LegalPage.Kind.IMPRINT, LegalPage.Kind.PRIVACY, LegalPage.Kind.ACCESSIBILITY}


@pytest.mark.parametrize("kind", ["imprint", "privacy", "accessibility"])
def test_legal_pages_are_filled_in_with_the_organisations_contact_data(vogtland, kind):
    body = vogtland.legal_pages.get(kind=kind).body
    assert "Städteverbund Vogtland" in body
    assert "zukunft@vogtland.example" in body
    assert "{{" not in body


def test_the_imprint_names_address_and_telephone(vogtland):
    body = vogtland.legal_pages.get(kind="imprint").body
    assert "Markt 5  \n08209 Auerbach/Vogtl." in body  # a Markdown line break
    assert "03744 987654" in body


def test_legal_pages_leave_a_visible_placeholder_for_missing_contact_data():
    organisation = organisation_create(name="Ohne Kontakt", slug="ohne-kontakt")
    assert "[E-Mail-Adresse]" in organisation.legal_pages.get(kind="imprint").body


def test_contact_data_is_stored_as_typed_in_legal_pages_not_html_escaped():
    organisation = organisation_create(name="Müller & Söhne <Verbund>", slug="mueller")
    assert "Müller & Söhne <Verbund>" in organisation.legal_pages.get(kind="imprint").body


def test_organisation_create_adds_the_shared_target_groups_once():
    organisation_create(name="Erster", slug="erster")
    count = TargetGroup.objects.count()
    organisation_create(name="Zweiter", slug="zweiter")
    assert count == 7
    assert TargetGroup.objects.count() == count


def test_adding_defaults_again_keeps_what_the_organisation_changed(vogtland):
    imprint = vogtland.legal_pages.get(kind="imprint")
    imprint.body = "Unser eigenes Impressum"
    imprint.save(update_fields=["body"])
    vogtland.topics.filter(name="Wohnen").delete()
    organisation_add_defaults(organisation=vogtland)
    assert vogtland.legal_pages.get(kind="imprint").body == "Unser eigenes Impressum"
    assert vogtland.legal_pages.count() == 3
    assert vogtland.topics.count() == 13


def test_organisation_create_refuses_a_slug_that_is_taken(vogtland):
    with pytest.raises(ValidationError) as error:
        organisation_create(name="Noch ein Vogtland", slug="vogtland")
    assert "slug" in error.value.message_dict
    assert Organisation.objects.count() == 1


# Towns and their official key (AGS)


@pytest.mark.parametrize("ags", ["14523020", "00000000", "16077055"])
def test_ags_validator_accepts_eight_digits(ags):
    ags_validator(ags)


@pytest.mark.parametrize("ags", ["1452302", "145230200", "1452302a", "14 52302", ""])
def test_ags_validator_refuses_anything_but_eight_digits(ags):
    with pytest.raises(ValidationError):
        ags_validator(ags)


def test_ags_validator_refuses_digits_that_are_not_ascii():
    with pytest.raises(ValidationError):
        ags_validator("１４５２３０２０")  # noqa: RUF001 - full-width digits on purpose


def test_a_town_with_a_malformed_key_is_not_created(organisation):
    with pytest.raises(ValidationError) as error:
        municipality_create(organisation=organisation, name="Falkenstein/Vogtl.", ags="1452312")
    assert "ags" in error.value.message_dict
    assert not Municipality.objects.exists()


def test_a_key_is_unique_within_an_organisation(organisation):
    municipality_create(organisation=organisation, name="Rodewisch", ags="14523360")
    with pytest.raises(ValidationError):
        municipality_create(organisation=organisation, name="Rodewisch (doppelt)", ags="14523360")
    assert organisation.municipalities.count() == 1


def test_the_database_refuses_a_second_town_with_the_same_key_in_an_organisation(organisation):
    Municipality.objects.create(organisation=organisation, name="Rodewisch", ags="14523360")
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(organisation=organisation, name="Rodewisch (doppelt)", ags="14523360")


def test_two_organisations_may_list_the_same_town(organisation, other_organisation):
    municipality_create(organisation=organisation, name="Rodewisch", ags="14523360")
    municipality_create(organisation=other_organisation, name="Rodewisch", ags="14523360")
    assert Municipality.objects.filter(ags="14523360").count() == 2


# The organisation's page


def test_organisation_page_lists_towns_published_processes_and_how_to_take_part_offline(client, process):
    response = client.get(process.organisation.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Auerbach/Vogtl." in content
    assert process.title in content
    assert "03744 123456" in content


@pytest.mark.parametrize("role", [None, "participant", "other_org_admin"])
def test_organisation_page_hides_unpublished_processes_from_the_public(request, client, process, role):
    process.is_published = False
    process.save(update_fields=["is_published"])
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(process.organisation.get_absolute_url())
    assert list(response.context["processes"]) == []
    assert process.title not in response.content.decode()


@pytest.mark.parametrize("role", ["staff_a", "moderator", "org_admin", "platform_admin"])
def test_organisation_page_shows_unpublished_processes_to_the_team(request, client, process, role):
    process.is_published = False
    process.save(update_fields=["is_published"])
    client.force_login(request.getfixturevalue(role))
    response = client.get(process.organisation.get_absolute_url())
    assert list(response.context["processes"]) == [process]


def test_an_unknown_organisation_is_not_found(client, db):
    assert client.get(reverse("core:organisation", kwargs={"organisation_slug": "gibt-es-nicht"})).status_code == 404


def test_home_page_of_a_single_organisation_installation_is_the_organisations_page(client, organisation):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert response.context["organisation"] == organisation


def test_home_page_with_several_organisations_lists_them(client, organisation, other_organisation):
    response = client.get(reverse("core:home"))
    assert list(response.context["organisations"]) == [other_organisation, organisation]


def test_home_page_shows_the_configured_default_organisation(client, settings, organisation, other_organisation):
    settings.DEFAULT_ORGANISATION_SLUG = other_organisation.slug
    assert client.get(reverse("core:home")).context["organisation"] == other_organisation
