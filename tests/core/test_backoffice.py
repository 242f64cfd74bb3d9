"""Organisations, towns and legal pages in the back office, scoped to the person's organisations."""

import pytest
from django.urls import reverse

from zukunftswerkstatt.core.models import LegalPage, Organisation
from zukunftswerkstatt.core.services import organisation_add_defaults

pytestmark = pytest.mark.django_db

ORGANISATIONS = reverse("admin:core_organisation_changelist")
LEGAL_PAGES = reverse("admin:core_legalpage_changelist")


@pytest.fixture
def with_legal_pages(organisation, other_organisation):
    organisation_add_defaults(organisation=organisation)
    organisation_add_defaults(organisation=other_organisation)


def organisation_form_data(organisation, **changes) -> dict:
    municipalities = list(organisation.municipalities.all())
    topics = list(organisation.topics.all())
    data = {
        "name": organisation.name,
        "slug": organisation.slug,
        "contact_phone": organisation.contact_phone,
        "contact_email": organisation.contact_email,
        "contact_address": organisation.contact_address,
        "data_licence": organisation.data_licence,
        "municipalities-TOTAL_FORMS": len(municipalities),
        "municipalities-INITIAL_FORMS": len(municipalities),
        "municipalities-MIN_NUM_FORMS": 0,
        "municipalities-MAX_NUM_FORMS": 1000,
        "topics-TOTAL_FORMS": len(topics),
        "topics-INITIAL_FORMS": len(topics),
        "topics-MIN_NUM_FORMS": 0,
        "topics-MAX_NUM_FORMS": 1000,
    }
    for index, town in enumerate(municipalities):
        data |= {
            f"municipalities-{index}-id": town.pk,
            f"municipalities-{index}-organisation": organisation.pk,
            f"municipalities-{index}-name": town.name,
            f"municipalities-{index}-ags": town.ags,
        }
    for index, topic in enumerate(topics):
        data |= {
            f"topics-{index}-id": topic.pk,
            f"topics-{index}-organisation": organisation.pk,
            f"topics-{index}-name": topic.name,
            f"topics-{index}-position": topic.position,
        }
    return data | changes


def test_org_admin_sees_only_their_own_organisation(client_for, org_admin, organisation, other_organisation):
    response = client_for(org_admin).get(ORGANISATIONS)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [organisation]


def test_org_admin_cannot_open_another_organisation(client_for, org_admin, other_organisation):
    response = client_for(org_admin).get(reverse("admin:core_organisation_change", args=[other_organisation.pk]))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_org_admin_sees_only_their_organisations_legal_pages(
    client_for, org_admin, organisation, other_organisation, with_legal_pages
):
    response = client_for(org_admin).get(LEGAL_PAGES)
    assert response.status_code == 200
    pages = list(response.context["cl"].result_list)
    assert len(pages) == 3
    assert {page.organisation for page in pages} == {organisation}


def test_org_admin_cannot_open_another_organisations_legal_page(
    client_for, org_admin, other_organisation, with_legal_pages
):
    foreign = other_organisation.legal_pages.get(kind="imprint")
    response = client_for(org_admin).get(reverse("admin:core_legalpage_change", args=[foreign.pk]))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_org_admin_edits_their_imprint(client_for, org_admin, organisation, with_legal_pages):
    imprint = organisation.legal_pages.get(kind="imprint")
    response = client_for(org_admin).post(
        reverse("admin:core_legalpage_change", args=[imprint.pk]),
        {"organisation": organisation.pk, "kind": "imprint", "title": "Impressum", "body": "Neuer Text"},
    )
    assert response.status_code == 302
    imprint.refresh_from_db()
    assert imprint.body == "Neuer Text"


@pytest.mark.parametrize("role", ["staff_a", "moderator"])
def test_town_staff_and_moderators_cannot_change_a_legal_page(request, client, organisation, with_legal_pages, role):
    imprint = organisation.legal_pages.get(kind="imprint")
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse("admin:core_legalpage_change", args=[imprint.pk]),
        {"organisation": organisation.pk, "kind": "imprint", "title": "Impressum", "body": "Übernommen"},
    )
    assert response.status_code == 403
    imprint.refresh_from_db()
    assert imprint.body != "Übernommen"


def test_org_admin_changes_contact_data_and_towns_of_their_organisation(
    client_for, org_admin, organisation, town_a, town_b
):
    data = organisation_form_data(organisation, contact_phone="03744 111222")
    data |= {"municipalities-1-name": "Ellefeld (Vogtland)"}
    response = client_for(org_admin).post(reverse("admin:core_organisation_change", args=[organisation.pk]), data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.contact_phone == "03744 111222"
    town_b.refresh_from_db()
    assert town_b.name == "Ellefeld (Vogtland)"


def test_a_town_with_a_malformed_key_is_refused_in_the_back_office(client_for, org_admin, organisation, town_a):
    data = organisation_form_data(organisation) | {"municipalities-0-ags": "1452302"}
    response = client_for(org_admin).post(reverse("admin:core_organisation_change", args=[organisation.pk]), data)
    assert response.status_code == 200
    town_a.refresh_from_db()
    assert town_a.ags == "14523020"


@pytest.mark.parametrize("role", ["staff_a", "moderator"])
def test_town_staff_and_moderators_cannot_change_the_organisation(request, client, organisation, role):
    client.force_login(request.getfixturevalue(role))
    data = organisation_form_data(organisation, name="Übernommen")
    response = client.post(reverse("admin:core_organisation_change", args=[organisation.pk]), data)
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Städteverbund Göltzschtal"


def test_org_admin_cannot_add_an_organisation(client_for, org_admin):
    assert client_for(org_admin).get(reverse("admin:core_organisation_add")).status_code == 403


def test_platform_admin_adds_an_organisation_with_default_topics_and_legal_pages(client_for, platform_admin):
    data = {
        "name": "Neuer Verbund",
        "data_licence": "dl-by-de/2.0",
        "slug": "neuer-verbund",
        "contact_email": "kontakt@neu.example",
        "municipalities-TOTAL_FORMS": 0,
        "municipalities-INITIAL_FORMS": 0,
        "topics-TOTAL_FORMS": 0,
        "topics-INITIAL_FORMS": 0,
    }
    response = client_for(platform_admin).post(reverse("admin:core_organisation_add"), data)
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="neuer-verbund")
    assert organisation.topics.count() == 13
    assert "kontakt@neu.example" in LegalPage.objects.get(organisation=organisation, kind="imprint").body


def test_only_the_platform_admin_sees_target_groups(client_for, org_admin, platform_admin):
    url = reverse("admin:core_targetgroup_changelist")
    assert client_for(org_admin).get(url).status_code == 403
    assert client_for(platform_admin).get(url).status_code == 200
