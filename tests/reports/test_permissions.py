"""Who may read the municipal profile document and ask for its PDF: role × action (docs/permissions.md)."""

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
EVERYONE = set(ROLES)
TEAM = {"staff_a", "staff_b", "moderator", "org_admin", "platform_admin"}

PUBLISHED = {"view_document": EVERYONE, "request_pdf": EVERYONE, "renew_pdf": TEAM}
UNPUBLISHED = {"view_document": TEAM, "request_pdf": TEAM, "renew_pdf": TEAM}


@pytest.fixture
def people(request):
    def person(role):
        return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)

    return person


@pytest.mark.parametrize("action", list(PUBLISHED))
def test_role_matrix_of_a_published_document(action, people, document_module):
    allowed = {role for role in ROLES if people(role).has_perm(f"reports.{action}", document_module)}
    assert allowed == PUBLISHED[action]


@pytest.mark.parametrize("action", list(UNPUBLISHED))
def test_role_matrix_of_an_unpublished_document(action, people, document_module):
    document_module.is_published = False
    document_module.save()
    allowed = {role for role in ROLES if people(role).has_perm(f"reports.{action}", document_module)}
    assert allowed == UNPUBLISHED[action]


def test_an_unpublished_process_hides_the_document_from_citizens(
    client, client_for, document_module, process, org_admin
):
    process.is_published = False
    process.save()
    url = reverse("reports:document", args=[document_module.pk])
    assert client.get(url).status_code == 404
    assert client_for(org_admin).get(url).status_code == 200


def test_an_unpublished_document_is_not_found_for_citizens(client, client_for, document_module, participant, staff_b):
    document_module.is_published = False
    document_module.save()
    url = reverse("reports:document", args=[document_module.pk])
    assert client.get(url).status_code == 404
    assert client_for(participant).get(url).status_code == 404
    assert client.post(reverse("reports:pdf_request", args=[document_module.pk])).status_code == 404
    assert client_for(staff_b).get(url).status_code == 200


def test_a_module_of_another_type_is_not_a_document(client, inventory_module):
    assert client.get(reverse("reports:document", args=[inventory_module.pk])).status_code == 404


def test_the_pdf_request_takes_only_post(client, document_module):
    assert client.get(reverse("reports:pdf_request", args=[document_module.pk])).status_code == 405
