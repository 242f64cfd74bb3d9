"""Who may do what with population figures: role × action, as in docs/permissions.md (demography rows).

The rules are asked directly, and the same matrix is checked through the staff pages' HTTP answers.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "participant",
    "staff_a",
    "staff_b",
    "moderator",
    "org_admin",
    "other_org_admin",
    "platform_admin",
]
ADMINS = {"org_admin", "platform_admin"}
EVERYONE = set(ROLES)
EXPECTED = {
    "demography.view_dashboard (published)": EVERYONE,
    "demography.view_dashboard (unpublished module)": ADMINS,
    "demography.import_data": ADMINS | {"staff_a", "staff_b"},
    "demography.view_batches": ADMINS | {"staff_a", "staff_b"},
    "demography.delete_batch": ADMINS,
    "demography.manage_projections": ADMINS,
}


@pytest.fixture
def users(request):
    def get(role):
        if role == "anonymous":
            return AnonymousUser()
        return request.getfixturevalue(role)

    return get


@pytest.mark.parametrize("action", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(role, action, users, organisation, demography_module):
    user = users(role)
    permission = action.split(" ")[0]
    if "unpublished" in action:
        demography_module.is_published = False
        demography_module.save()
    obj = demography_module if permission == "demography.view_dashboard" else organisation
    assert user.has_perm(permission, obj) is (role in EXPECTED[action])


PAGES = {
    "overview": ("demography:overview", {}, ADMINS | {"staff_a", "staff_b"}),
    "import": ("demography:import", {}, ADMINS | {"staff_a", "staff_b"}),
    "template": ("demography:template", {"kind": "population", "file_format": "csv"}, ADMINS | {"staff_a", "staff_b"}),
    "projection_create": ("demography:projection_create", {}, ADMINS),
}


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_answer_as_the_rules_say(role, page, client, users, organisation):
    name, kwargs, allowed = PAGES[page]
    if role != "anonymous":
        client.force_login(users(role))
    response = client.get(reverse(name, kwargs={"organisation_slug": organisation.slug, **kwargs}))
    if role in allowed:
        assert response.status_code == 200
    elif role == "anonymous":
        assert response.status_code == 302
        assert "login" in response["Location"]
    else:
        assert response.status_code == 403


def test_dashboard_of_an_unpublished_process_is_hidden_from_the_public(client, process, demography_module):
    process.is_published = False
    process.save()
    assert client.get(reverse("demography:dashboard", args=[demography_module.pk])).status_code == 404
    csv_url = reverse("demography:chart_csv", args=[demography_module.pk]) + "?chart=population"
    assert client.get(csv_url).status_code == 404


def test_chart_csv_of_an_unpublished_module_is_hidden_as_its_dashboard_is(
    client_for, client, demography_module, figures, participant, staff_a, org_admin, other_org_admin
):
    demography_module.is_published = False
    demography_module.save(update_fields=["is_published"])
    dashboard = reverse("demography:dashboard", args=[demography_module.pk])
    csv_url = reverse("demography:chart_csv", args=[demography_module.pk]) + "?chart=population"
    assert client.get(dashboard).status_code == 404
    assert client.get(csv_url).status_code == 404
    for person in (participant, staff_a, other_org_admin):
        client_for(person)
        assert client.get(dashboard).status_code == 404
        assert client.get(csv_url).status_code == 404
    client_for(org_admin)
    assert client.get(dashboard).status_code == 200
    assert client.get(csv_url).status_code == 200


def test_chart_csv_through_the_profile_document_follows_the_document(client, demography_module, figures):
    from zukunftswerkstatt.processes.services import module_create

    document = module_create(phase=demography_module.phase, type="profile_document", title="Profil")
    demography_module.is_published = False
    demography_module.save(update_fields=["is_published"])
    page = client.get(reverse("reports:document", args=[document.pk])).content.decode()
    csv_url = reverse("demography:chart_csv", args=[document.pk])
    assert csv_url in page
    assert client.get(csv_url + "?chart=population").status_code == 200
    document.is_published = False
    document.save(update_fields=["is_published"])
    assert client.get(csv_url + "?chart=population").status_code == 404


def test_chart_csv_of_a_module_that_shows_no_charts_is_not_found(client, demography_module, figures):
    from zukunftswerkstatt.processes.services import module_create

    swot = module_create(phase=demography_module.phase, type="swot", title="SWOT")
    assert client.get(reverse("demography:chart_csv", args=[swot.pk]) + "?chart=population").status_code == 404


def test_batches_of_another_organisation_cannot_be_deleted(client, org_admin, other_organisation, organisation):
    from django.utils import timezone

    from zukunftswerkstatt.demography.models import ImportBatch

    batch = ImportBatch.objects.create(
        organisation=other_organisation, format="age_template", source="x", imported_at=timezone.now()
    )
    client.force_login(org_admin)
    url = reverse("demography:batch_delete", kwargs={"organisation_slug": organisation.slug, "pk": batch.pk})
    assert client.post(url).status_code == 404
    assert ImportBatch.objects.filter(pk=batch.pk).exists()


def test_back_office_lists_only_own_imports_read_only(client, org_admin, other_org_admin, organisation, figures):
    client.force_login(org_admin)
    response = client.get(reverse("admin:demography_importbatch_changelist"))
    assert response.status_code == 200
    assert "altersjahre.csv" in response.content.decode()
    assert client.get(reverse("admin:demography_importbatch_add")).status_code == 403
    client.force_login(other_org_admin)
    assert "altersjahre.csv" not in client.get(reverse("admin:demography_importbatch_changelist")).content.decode()
