"""View helpers shared by the content apps' comment pages; the views themselves stay in the apps
(their URLs and names are theirs), these say once what every one of them does."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest

from zukunftswerkstatt.core.views_common import rate_limited

from .registry import Commentable


def comments_prepare(
    *,
    user,
    comments: Iterable,
    perm_report: str,
    urls: Callable[[object], dict[str, str]],
    perm_change: str | None = None,
) -> None:
    """Set on each comment (and its `reply_list`, if any) what conversation/_comment.html shows:
    `may_change` and `may_report`, asked of has_perm, and its `urls` (edit, report, visibility)."""
    for comment in comments:
        for one in [comment, *getattr(comment, "reply_list", [])]:
            visible = one.is_visible
            one.may_change = bool(perm_change) and visible and user.has_perm(perm_change, one)
            one.may_report = visible and user.has_perm(perm_report, one)
            one.urls = urls(one)


def comment_rate_limited(request: HttpRequest, commentable: Commentable) -> bool:
    """True (with a message) when the person wrote too many comments too fast: the content's
    `<group>:account` / `<group>:ip` entries of settings.RATE_LIMITS."""
    return rate_limited(request, group=commentable.rate_limit_group)
