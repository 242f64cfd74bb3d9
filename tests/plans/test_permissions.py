"""The action plan's permissions as a role matrix: staff roles create and edit, citizens vote,
offer help and follow, anonymous visitors read what is published (see docs/permissions.md)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from zukunftswerkstatt.plans import services

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
TEAM = {"staff_a", "staff_b", "moderator", "org_admin", "platform_admin"}
ADMINS = {"org_admin", "platform_admin"}
PEOPLE = set(ROLES) - {"anonymous"}

# permission → (object fixture, roles allowed)
MATRIX = {
    "plans.view_measure": ("measure", set(ROLES)),
    "plans.view_plan": ("plan_module", set(ROLES)),
    "plans.add_measure": ("process", TEAM),
    "plans.change_measure": ("measure", TEAM),
    "plans.follow_measure": ("measure", PEOPLE),
    "plans.offer_help": ("measure", PEOPLE),
    "plans.view_help_offers": ("measure", TEAM),
    "plans.vote": ("vote_module", PEOPLE),
    "plans.enter_tally": ("vote_module", TEAM),
    "plans.close_vote": ("vote_module", TEAM),
    "plans.view_results": ("vote_module", TEAM),
    "plans.manage_versions": ("process", TEAM),
    "plans.print_letters": ("measure", TEAM),
    "plans.change_settings": ("vote_module", ADMINS),
}


def _person(request, role):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", sorted(MATRIX))
def test_role_matrix(request, role, permission):
    fixture, allowed = MATRIX[permission]
    obj = request.getfixturevalue(fixture)
    assert _person(request, role).has_perm(permission, obj) is (role in allowed)


@pytest.mark.parametrize("role", ROLES)
def test_results_are_public_once_the_vote_is_closed(request, role, vote_module, staff_a):
    services.prioritisation_close(module=vote_module, by=staff_a)
    vote_module.refresh_from_db()
    assert _person(request, role).has_perm("plans.view_results", vote_module)
    # A platform admin (superuser) holds every permission; the service still refuses a late vote.
    assert _person(request, role).has_perm("plans.vote", vote_module) is (role == "platform_admin")


@pytest.mark.parametrize("role", ROLES)
def test_nothing_of_an_unpublished_process_is_shown_to_outsiders(request, role, process, measure, plan_module):
    process.is_published = False
    process.save()
    measure.process.refresh_from_db()
    allowed = role in TEAM
    assert _person(request, role).has_perm("plans.view_measure", measure) is allowed
    assert _person(request, role).has_perm("plans.view_plan", plan_module) is allowed


def test_blocked_person_cannot_vote_or_offer_help(vote_module, measure, participant, organisation, org_admin):
    from zukunftswerkstatt.conversation.models import Block

    Block.objects.create(organisation=organisation, user=participant, reason="Beleidigungen", blocked_by=org_admin)
    assert not participant.has_perm("plans.vote", vote_module)
    assert not participant.has_perm("plans.offer_help", measure)


def test_staff_pages_refuse_citizens(client_for, participant, measure, vote_module, process):
    client = client_for(participant)
    for url in [
        reverse("plans:measure_edit", kwargs={"pk": measure.pk}),
        reverse("plans:measure_create", kwargs={"process_pk": process.pk}),
        reverse("plans:measure_choose_ideas", kwargs={"process_pk": process.pk}),
        reverse("plans:help_offers", kwargs={"pk": measure.pk}),
        reverse("plans:tallies", kwargs={"module_pk": vote_module.pk}),
        reverse("plans:settings", kwargs={"module_pk": vote_module.pk}),
        reverse("plans:version_create", kwargs={"process_pk": process.pk}),
        reverse("plans:measure_letters", kwargs={"pk": measure.pk}),
    ]:
        assert client.get(url).status_code == 403, url


def test_staff_of_another_organisation_cannot_edit(client_for, other_org_admin, measure):
    response = client_for(other_org_admin).get(reverse("plans:measure_edit", kwargs={"pk": measure.pk}))
    assert response.status_code == 403


def test_anonymous_reads_the_published_plan_measure_and_vote_page(client, plan_module, vote_module, measure):
    assert client.get(plan_module.get_absolute_url()).status_code == 200
    assert client.get(measure.get_absolute_url()).status_code == 200
    assert client.get(vote_module.get_absolute_url()).status_code == 200
