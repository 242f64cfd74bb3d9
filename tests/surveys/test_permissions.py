"""Who may do what with a survey: role × action, as in docs/permissions.md (section "Surveys").
Each case asks django-rules directly; the view tests check that the pages say no where the rules do."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "participant", "staff_a", "moderator", "org_admin", "other_org_admin", "platform_admin"]
EVERYONE = set(ROLES)
COORDINATING = {"moderator", "org_admin", "platform_admin"}
TEAM = COORDINATING | {"staff_a"}

# action → (permission, object fixture, who may)
MATRIX = {
    "build and change the questionnaire, print it": ("surveys.manage", "survey", COORDINATING),
    "enter paper and phone answers, print the poster": ("surveys.enter", "survey", TEAM),
    "see the results (not public)": ("surveys.view_results", "survey", TEAM),
    "see the results (public)": ("surveys.view_results", "public_results", EVERYONE),
    "see the results (public, process unpublished)": ("surveys.view_results", "public_unpublished", TEAM),
    "review free-text answers": ("surveys.review_texts", "survey", COORDINATING),
    "download the raw answers": ("surveys.export", "survey", COORDINATING),
}


@pytest.fixture
def public_results(survey):
    survey.results_public = True
    survey.save(update_fields=["results_public"])
    return survey


@pytest.fixture
def public_unpublished(public_results):
    process = public_results.module.phase.process
    process.is_published = False
    process.save(update_fields=["is_published"])
    return public_results


def person(request, role: str):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_role_matrix(request, role, action):
    permission, fixture, allowed = MATRIX[action]
    obj = request.getfixturevalue(fixture)
    user = person(request, role)
    assert user.has_perm(permission, obj) is (role in allowed), f"{role} / {action}"
