"""Role predicates every app's permissions are built from (django-rules).

The role × action table lives in docs/permissions.md and is tested as a matrix in
zukunftswerkstatt/tests/test_permission_matrix.py.
"""

import rules

from .models import Role
from .roles import has_any_role, has_role, municipality_id_of, organisation_id_of, staff_municipality_ids
from .two_factor import platform_admin_needs_two_factor, two_factor_active


@rules.predicate
def is_platform_admin(user) -> bool:
    """A superuser, unless MFA_REQUIRED_FOR_PLATFORM_ADMINS pauses them until they set up two-factor sign-in."""
    if not (user.is_authenticated and user.is_active and user.is_superuser):
        return False
    return not platform_admin_needs_two_factor(user) or two_factor_active(user)


@rules.predicate
def is_org_admin(user, obj) -> bool:
    return has_role(user, obj, Role.ADMIN)


@rules.predicate
def is_moderator(user, obj) -> bool:
    return has_role(user, obj, Role.MODERATOR)


@rules.predicate
def is_town_staff(user, obj) -> bool:
    """Staff of any town of the object's organisation."""
    return has_role(user, obj, Role.TOWN_STAFF)


@rules.predicate
def is_staff_of_objects_town(user, obj) -> bool:
    """Staff of exactly the town the object belongs to (objects without a town: no)."""
    municipality_id = municipality_id_of(obj)
    return municipality_id is not None and municipality_id in staff_municipality_ids(user, organisation_id_of(obj))


@rules.predicate
def has_backoffice_role(user) -> bool:
    return has_any_role(user)


is_organisation_team = is_org_admin | is_moderator | is_town_staff

rules.add_perm("accounts.manage_own_account", rules.is_authenticated)
rules.add_perm("accounts.manage_memberships", is_platform_admin | is_org_admin)
rules.add_perm("accounts.access_backoffice", is_platform_admin | has_backoffice_role)

# The permissions on core's objects (organisations, towns, fields of action, legal pages, the audit
# log): here because they are built from roles, and core comes before accounts.
rules.add_perm("core.view_organisation", rules.always_allow)
rules.add_perm("core.add_organisation", is_platform_admin)
rules.add_perm("core.change_organisation", is_platform_admin | is_org_admin)
rules.add_perm("core.delete_organisation", is_platform_admin)
rules.add_perm("core.view_organisation_backoffice", is_platform_admin | is_organisation_team)
rules.add_perm("core.manage_municipalities", is_platform_admin | is_org_admin)
rules.add_perm("core.manage_topics", is_platform_admin | is_org_admin)
rules.add_perm("core.change_legalpage", is_platform_admin | is_org_admin)
rules.add_perm("core.view_audit_log", is_platform_admin | is_org_admin)
