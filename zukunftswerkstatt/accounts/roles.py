"""Role look-ups shared by every app's rules. One query per request, cached on the user."""

from __future__ import annotations

from typing import Any

from zukunftswerkstatt.core.models import Municipality
from zukunftswerkstatt.core.selectors import organisation_id_of

from .models import Membership, Role

_CACHE_ATTRIBUTE = "_zw_memberships"


def all_memberships_of(user: Any) -> list[Membership]:
    """Every role the person has, including those paused until they set up two-factor sign-in."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("municipality", "organisation"))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def memberships_of(user: Any) -> list[Membership]:
    """The roles the person may act in: a role in an organisation that requires two-factor sign-in
    counts only once they have set it up (see two_factor.py)."""
    from .two_factor import two_factor_active

    memberships = all_memberships_of(user)
    if any(m.organisation.require_two_factor for m in memberships) and not two_factor_active(user):
        return [m for m in memberships if not m.organisation.require_two_factor]
    return memberships


def forget_memberships(user: Any) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def municipality_id_of(obj: Any) -> int | None:
    if isinstance(obj, Municipality):
        return obj.pk
    return getattr(obj, "municipality_id", None)


def roles_in(user: Any, organisation_id: int | None) -> set[str]:
    if organisation_id is None:
        return set()
    return {m.role for m in memberships_of(user) if m.organisation_id == organisation_id}


def has_role(user: Any, obj: Any, *roles: Role) -> bool:
    return bool(roles_in(user, organisation_id_of(obj)) & set(roles))


def staff_municipality_ids(user: Any, organisation_id: int | None = None) -> set[int]:
    return {
        m.municipality_id
        for m in memberships_of(user)
        if m.role == Role.TOWN_STAFF and (organisation_id is None or m.organisation_id == organisation_id)
    }


def has_any_role(user: Any) -> bool:
    return bool(memberships_of(user))
