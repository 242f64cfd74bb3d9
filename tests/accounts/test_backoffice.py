"""People and roles in the back office: people for platform administrators, roles granted by e-mail address."""

import pytest
from django.urls import reverse

from zukunftswerkstatt.accounts.models import Membership, Role

pytestmark = pytest.mark.django_db

PEOPLE = reverse("admin:accounts_user_changelist")
ROLES = reverse("admin:accounts_membership_changelist")
ADD_ROLE = reverse("admin:accounts_membership_add")


def role_data(**changes) -> dict:
    data = {"email": "participant@example.org", "role": Role.MODERATOR, "municipality": ""} | changes
    return {key: value for key, value in data.items() if value != ""}


def test_only_the_platform_admin_sees_people_on_the_back_office_index(client_for, platform_admin, org_admin):
    assert PEOPLE in client_for(platform_admin).get(reverse("admin:index")).content.decode()
    assert PEOPLE not in client_for(org_admin).get(reverse("admin:index")).content.decode()


def test_platform_admin_lists_people(client_for, platform_admin, participant):
    response = client_for(platform_admin).get(PEOPLE)
    assert response.status_code == 200
    assert participant in response.context["cl"].result_list


@pytest.mark.parametrize("role", ["staff_a", "moderator", "org_admin"])
def test_nobody_else_in_the_back_office_sees_people(request, client, participant, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(PEOPLE).status_code == 403
    assert client.get(reverse("admin:accounts_user_change", args=[participant.pk])).status_code == 403


def test_org_admin_grants_a_role_by_email_address(client_for, org_admin, organisation, participant):
    response = client_for(org_admin).post(
        ADD_ROLE, role_data(email="PARTICIPANT@example.org", organisation=organisation.pk)
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=participant)
    assert (membership.organisation, membership.role) == (organisation, Role.MODERATOR)


def test_org_admin_grants_town_staff_with_their_town(client_for, org_admin, organisation, participant, town_b):
    response = client_for(org_admin).post(
        ADD_ROLE,
        role_data(organisation=organisation.pk, role=Role.TOWN_STAFF, municipality=town_b.pk),
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=participant).municipality == town_b


def test_town_staff_without_a_town_is_refused(client_for, org_admin, organisation, participant):
    response = client_for(org_admin).post(ADD_ROLE, role_data(organisation=organisation.pk, role=Role.TOWN_STAFF))
    assert response.status_code == 200
    assert "municipality" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=participant).exists()


def test_granting_a_role_to_an_unknown_address_is_refused(client_for, org_admin, organisation):
    response = client_for(org_admin).post(
        ADD_ROLE, role_data(email="niemand@example.org", organisation=organisation.pk)
    )
    assert response.status_code == 200
    assert "Es gibt kein Konto mit dieser E-Mail-Adresse." in response.context["adminform"].form.errors["email"]


def test_granting_a_role_a_person_has_already_is_refused_with_an_error(client_for, org_admin, organisation, moderator):
    response = client_for(org_admin).post(ADD_ROLE, role_data(email=moderator.email, organisation=organisation.pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Membership.objects.filter(user=moderator).count() == 1


def test_the_role_form_asks_for_an_address_not_a_list_of_people(client_for, org_admin):
    form = client_for(org_admin).get(ADD_ROLE).context["adminform"].form
    assert "email" in form.fields
    assert "user" not in form.fields


def test_org_admin_cannot_grant_roles_in_another_organisation(client_for, org_admin, other_organisation, participant):
    response = client_for(org_admin).post(ADD_ROLE, role_data(organisation=other_organisation.pk))
    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=participant).exists()


def test_org_admin_sees_only_the_roles_of_their_organisation(
    client_for, org_admin, staff_a, moderator, other_org_admin
):
    response = client_for(org_admin).get(ROLES)
    assert response.status_code == 200
    users = {membership.user for membership in response.context["cl"].result_list}
    assert users == {org_admin, staff_a, moderator}


def test_the_role_list_shows_people_without_a_public_name(client_for, org_admin, organisation, participant):
    participant.display_name = ""
    participant.save(update_fields=["display_name"])
    client = client_for(org_admin)
    client.post(ADD_ROLE, role_data(organisation=organisation.pk))
    assert client.get(ROLES).status_code == 200


def test_org_admin_withdraws_a_role(client_for, org_admin, moderator):
    membership = Membership.objects.get(user=moderator)
    response = client_for(org_admin).post(
        reverse("admin:accounts_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(user=moderator).exists()


@pytest.mark.parametrize("role", ["staff_a", "moderator"])
def test_town_staff_and_moderators_cannot_see_or_grant_roles(request, client, organisation, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(ROLES).status_code == 403
    assert client.post(ADD_ROLE, role_data(organisation=organisation.pk)).status_code == 403
    assert not Membership.objects.filter(user__email="participant@example.org").exists()


def test_a_new_role_opens_the_back_office(client, client_for, org_admin, organisation, participant):
    client_for(org_admin).post(ADD_ROLE, role_data(organisation=organisation.pk))
    client.force_login(participant)
    assert client.get(reverse("admin:index")).status_code == 200
