"""Predicates every content app's rules use for the conversation (comments, reports, blocks)."""

from __future__ import annotations

from .models import Block


def is_blocked_in(user, organisation_id: int) -> bool:
    """Whether the moderation of the organisation blocked the person (from contributing and commenting).

    The organisations are read once per request and kept on the user object, since one page asks
    for many items."""
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_zw_blocked_organisations", None)
    if cache is None:
        cache = set(Block.objects.filter(user=user).values_list("organisation_id", flat=True))
        user._zw_blocked_organisations = cache
    return organisation_id in cache
