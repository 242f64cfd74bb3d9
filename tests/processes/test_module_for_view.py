"""`processes.selectors.module_for_view`: every module page finds its module the same way, and a
module one may not see does not exist (404), as the module type declares."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from tests.factories import ModuleFactory, PhaseFactory
from zukunftswerkstatt.processes.registry import registry
from zukunftswerkstatt.processes.selectors import module_for_view

pytestmark = pytest.mark.django_db

PAGE_TYPES = sorted(t.identifier for t in registry.module_types.values() if t.url_name)


def asking(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def a_module(process, type_identifier: str, **fields):
    module_type = registry.module_types[type_identifier]
    phase = PhaseFactory(process=process, type=sorted(module_type.phase_types or registry.phase_types)[0])
    return ModuleFactory(phase=phase, type=type_identifier, **fields)


@pytest.mark.parametrize("type_identifier", PAGE_TYPES)
def test_a_published_module_is_found_by_everyone(process, type_identifier):
    module = a_module(process, type_identifier)
    assert module_for_view(asking(AnonymousUser()), module.pk, type=type_identifier) == module


@pytest.mark.parametrize("type_identifier", PAGE_TYPES)
def test_a_module_of_another_type_is_not_found(process, org_admin, type_identifier):
    module = a_module(process, type_identifier)
    other = "information" if type_identifier != "information" else "ideas"
    with pytest.raises(Http404):
        module_for_view(asking(org_admin), module.pk, type=other)


@pytest.mark.parametrize("type_identifier", PAGE_TYPES)
def test_an_unpublished_module_is_found_by_its_organisation_admin_only(
    process, participant, other_org_admin, org_admin, type_identifier
):
    module = a_module(process, type_identifier, is_published=False)
    for outsider in (AnonymousUser(), participant, other_org_admin):
        with pytest.raises(Http404):
            module_for_view(asking(outsider), module.pk, type=type_identifier)
    assert module_for_view(asking(org_admin), module.pk, type=type_identifier) == module


def test_a_module_that_does_not_exist_is_not_found(participant):
    with pytest.raises(Http404):
        module_for_view(asking(participant), 999_999, type="ideas")


def test_an_unpublished_idea_collection_is_prepared_by_moderators_not_by_town_staff(process, staff_a, moderator):
    module = a_module(process, "ideas", is_published=False)
    assert module_for_view(asking(moderator), module.pk, type="ideas") == module
    with pytest.raises(Http404):
        module_for_view(asking(staff_a), module.pk, type="ideas")


@pytest.mark.parametrize("type_identifier", ["swot", "inventory"])
def test_town_staff_prepare_an_unpublished_swot_analysis_or_inventory(process, staff_a, type_identifier):
    module = a_module(process, type_identifier, is_published=False)
    assert module_for_view(asking(staff_a), module.pk, type=type_identifier) == module
