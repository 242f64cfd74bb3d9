"""Who may do what in the interim review: role × action, as in docs/permissions.md (section
"Interim review"). Each case asks django-rules directly; test_views.py checks that the pages
say no where the rules do."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

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
LOGGED_IN = EVERYONE - {"anonymous"}
COORDINATING = {"moderator", "org_admin", "platform_admin"}
TEAM = COORDINATING | {"staff_a", "staff_b"}

# action → (permission, object fixture, who may)
MATRIX = {
    "view progress (published process)": ("progress.view_progress", "process", EVERYONE),
    "view progress (unpublished process)": ("progress.view_progress", "unpublished_process", TEAM),
    "record progress (measure of town A)": ("progress.record_progress", "measure", COORDINATING | {"staff_a"}),
    "record progress (measure of the whole association)": (
        "progress.record_progress",
        "measure_whole",
        COORDINATING,
    ),
    "manage review rounds and the report": ("progress.manage_review", "process", COORDINATING),
    "rate (open round)": ("progress.rate", "review_round", LOGGED_IN),
    "rate (closed round)": ("progress.rate", "closed_round", {"platform_admin"}),
    "view report (open round)": ("progress.view_report", "review_round", TEAM),
    "view report (closed round)": ("progress.view_report", "closed_round", EVERYONE),
    "see own contributions": ("progress.view_own_contributions", None, LOGGED_IN),
}


@pytest.fixture
def unpublished_process(process):
    process.is_published = False
    process.save(update_fields=["is_published"])
    return process


@pytest.fixture
def measure_whole(process, org_admin, topics):
    from tests.progress.factories import measure_make

    return measure_make(process=process, by=org_admin, title="Für alle vier Städte", topic=topics[0])


def person(request, role: str):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_role_matrix(request, role, action):
    permission, fixture, allowed = MATRIX[action]
    obj = request.getfixturevalue(fixture) if fixture else None
    user = person(request, role)
    assert user.has_perm(permission, obj) is (role in allowed), f"{role} / {action}"


def test_platform_admin_passes_closed_round_as_superuser_but_the_service_still_refuses(
    closed_round, measure, platform_admin
):
    """Superusers pass every rule; the service refuses a rating after the close for everyone."""
    from django.core.exceptions import ValidationError

    from zukunftswerkstatt.progress import services

    with pytest.raises(ValidationError):
        services.rating_set(review_round=closed_round, measure=measure, user=platform_admin, score=3)
