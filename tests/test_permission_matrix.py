"""Role × permission, as in docs/permissions.md: change both together.

Every permission any of our apps registers has a row in the document, and every row names a
registered permission (test_the_document_names_every_registered_permission_and_no_other). The
cells of core, processes and accounts are checked here against the rules; the other apps' cells
depend on phase, author or settings and are tested as matrices in tests/<app>/test_permissions.py.

Each permission is asked about an object of the cast's organisation ("own organisation"):
the organisation itself for core.* and accounts.manage_memberships, the published process
for processes.*, nothing for the permissions about one's own account and the back office door.
`other_org_admin` administers a different organisation, so "own" never applies to them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rules
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from tests.factories import ModuleFactory, PhaseFactory, ProcessFactory

DOCS = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
ROLES = ["anonymous", "participant", "staff_a", "moderator", "org_admin", "other_org_admin", "platform_admin"]

# permission -> the roles that have it (on an object of the cast's organisation)
ALLOWED: dict[str, set[str]] = {
    "core.view_organisation": set(ROLES),
    "core.add_organisation": {"platform_admin"},
    "core.change_organisation": {"org_admin", "platform_admin"},
    "core.delete_organisation": {"platform_admin"},
    "core.view_organisation_backoffice": {"staff_a", "moderator", "org_admin", "platform_admin"},
    "core.manage_municipalities": {"org_admin", "platform_admin"},
    "core.manage_topics": {"org_admin", "platform_admin"},
    "core.change_legalpage": {"org_admin", "platform_admin"},
    "core.view_audit_log": {"org_admin", "platform_admin"},
    "processes.view_process": set(ROLES),  # published
    "processes.add_process": {"org_admin", "platform_admin"},
    "processes.change_process": {"org_admin", "platform_admin"},
    "processes.delete_process": {"org_admin", "platform_admin"},
    "processes.change_phases": {"org_admin", "platform_admin"},
    "processes.change_modules": {"org_admin", "platform_admin"},
    "accounts.manage_own_account": set(ROLES) - {"anonymous"},
    "accounts.manage_memberships": {"org_admin", "platform_admin"},
    "accounts.access_backoffice": {"staff_a", "moderator", "org_admin", "other_org_admin", "platform_admin"},
    "participation.view_participation": {"staff_a", "moderator", "org_admin", "platform_admin"},
    "participation.manage_tallies": {"staff_a", "moderator", "org_admin", "platform_admin"},
    "themes.view_themes": {"moderator", "org_admin", "platform_admin"},
    "themes.change_themes": {"moderator", "org_admin", "platform_admin"},
    "easyread.change_page": {"moderator", "org_admin", "platform_admin"},
    "easyread.use_hints": {"staff_a", "moderator", "org_admin", "other_org_admin", "platform_admin"},
    "newsletter.view_newsletter": set(ROLES),  # published
    "newsletter.manage_newsletter": {"staff_a", "moderator", "org_admin", "platform_admin"},
}

# The same permissions asked about an unpublished process.
ALLOWED_ON_UNPUBLISHED_PROCESS: dict[str, set[str]] = {
    "processes.view_process": {"staff_a", "moderator", "org_admin", "platform_admin"},
    "newsletter.view_newsletter": {"staff_a", "moderator", "org_admin", "platform_admin"},
}

# Permissions asked without an object: they are about the person, not about a row.
WITHOUT_OBJECT = {"accounts.manage_own_account", "accounts.access_backoffice", "easyread.use_hints"}

# Apps whose permissions are not a plain role table (they depend on the phase, the author, the
# module's settings) and are tested with their app. Any other app with rules belongs in ALLOWED.
# Each is tested in tests/<app>/test_permissions.py.
TESTED_ELSEWHERE = {
    "ideas",
    "events",
    "workshops",
    "inventory",
    "swot",
    "demography",
    "reports",
    "plans",
    "progress",
    "surveys",
}


@pytest.fixture
def published_process(organisation):
    """A bare process: the permissions look only at its organisation and whether it is published."""
    return ProcessFactory(organisation=organisation, is_published=True)


def person(request, role: str):
    if role == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(role)


def target(request, permission: str):
    if permission in WITHOUT_OBJECT:
        return None
    if permission.startswith(("processes.", "newsletter.")):
        return request.getfixturevalue("published_process")
    return request.getfixturevalue("organisation")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", sorted(ALLOWED))
def test_permission_matrix(request, permission, role):
    user = person(request, role)
    assert user.has_perm(permission, target(request, permission)) is (role in ALLOWED[permission])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", sorted(ALLOWED_ON_UNPUBLISHED_PROCESS))
def test_permission_matrix_on_an_unpublished_process(request, organisation, permission, role):
    process = ProcessFactory(organisation=organisation, is_published=False)
    user = person(request, role)
    assert user.has_perm(permission, process) is (role in ALLOWED_ON_UNPUBLISHED_PROCESS[permission])


def test_the_matrix_covers_every_registered_permission():
    registered = {name for name in our_registered_permissions() if name.split(".")[0] not in TESTED_ELSEWHERE}
    assert registered == set(ALLOWED)


def test_every_permission_in_the_matrix_is_registered():
    assert all(rules.perm_exists(name) for name in ALLOWED)
    assert set(ALLOWED_ON_UNPUBLISHED_PROCESS) <= set(ALLOWED)


def our_registered_permissions() -> set[str]:
    our_apps = {config.label for config in apps.get_app_configs() if config.name.startswith("zukunftswerkstatt.")}
    return {name for name in rules.permissions.permissions if name.split(".")[0] in our_apps}


def documented_rows() -> list[tuple[set[str], list[str], str]]:
    """The rows of the document's tables whose first cell names permissions (`app.permission`):
    (the names, the other cells, the line). The first cell may name several permissions that share a
    row ("`plans.enter_tally`, `plans.close_vote`"); the URL table names URLs (`app:name`), not these."""
    found = []
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        first, *cells = line.strip().strip("|").split("|")
        names = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", first))
        if names:
            found.append((names, cells, line))
    return found


def test_the_document_names_every_registered_permission_and_no_other():
    documented = set().union(*(names for names, _cells, _line in documented_rows()))
    registered = our_registered_permissions()
    assert sorted(registered - documented) == [], "registered, but without a row in docs/permissions.md"
    assert sorted(documented - registered) == [], "in docs/permissions.md, but no app registers it"


def test_every_app_with_rules_has_its_table_in_the_document():
    documented_apps = {name.split(".")[0] for names, _cells, _line in documented_rows() for name in names}
    assert documented_apps == {name.split(".")[0] for name in our_registered_permissions()}


def test_every_documented_row_has_a_cell_for_each_role():
    for _names, cells, line in documented_rows():
        assert len(cells) == len(ROLES), line
        assert all(cell.strip() for cell in cells), line


def documented_matrix() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The role × action table of docs/permissions.md, read into the two dicts above.

    A cell is ✓ (everywhere) or "own" (in one's own organisation: the object here) for yes, – for no.
    """
    columns = ROLES  # the document's columns, in the same order
    allowed: dict[str, set[str]] = {}
    unpublished: dict[str, set[str]] = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        row = re.fullmatch(r"\|\s*`([a-z_]+\.[a-z_.]+)`\s*(\([^)]*\))?\s*\|(.*)\|", line.strip())
        if not row:
            continue
        name, qualifier, cells = row.group(1), row.group(2) or "", row.group(3).split("|")
        if name.split(".")[0] in TESTED_ELSEWHERE:
            continue
        assert len(cells) == len(columns), line
        roles = {role for role, cell in zip(columns, cells, strict=True) if cell.strip() in {"✓", "own"}}
        (unpublished if qualifier == "(unpublished)" else allowed)[name] = roles
    return allowed, unpublished


def test_the_matrix_is_the_one_in_docs_permissions_md():
    allowed, unpublished = documented_matrix()
    assert allowed == ALLOWED
    assert unpublished == ALLOWED_ON_UNPUBLISHED_PROCESS


# Rows further down the tree answer as their process does.


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", ["processes.change_phases", "processes.change_modules"])
def test_phases_and_modules_answer_as_their_process(request, published_process, permission, role):
    phase = PhaseFactory(process=published_process)
    module = ModuleFactory(phase=phase)
    user = person(request, role)
    expected = role in ALLOWED[permission]
    assert user.has_perm(permission, phase) is expected
    assert user.has_perm(permission, module) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_town_answers_as_its_organisation(request, town_a, role):
    user = person(request, role)
    assert user.has_perm("core.manage_municipalities", town_a) is (role in ALLOWED["core.manage_municipalities"])


@pytest.mark.django_db
@pytest.mark.parametrize("permission", sorted(ALLOWED.keys() - WITHOUT_OBJECT))
def test_other_org_admin_has_in_their_own_organisation_what_org_admin_has_in_theirs(
    other_org_admin, other_organisation, permission
):
    process = ProcessFactory(organisation=other_organisation)
    obj = process if permission.startswith(("processes.", "newsletter.")) else other_organisation
    assert other_org_admin.has_perm(permission, obj) is ("org_admin" in ALLOWED[permission])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["org_admin", "platform_admin"])
def test_a_deactivated_account_keeps_none_of_its_roles_permissions(request, role):
    user = request.getfixturevalue(role)
    user.is_active = False
    user.save(update_fields=["is_active"])
    role_permissions = {name for name, roles in ALLOWED.items() if "anonymous" not in roles} - {
        "accounts.manage_own_account"  # being logged in at all; a deactivated account cannot log in
    }
    assert {name for name in role_permissions if user.has_perm(name, target(request, name))} == set()
