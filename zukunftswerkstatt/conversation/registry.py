"""The commentable kinds of content: each content app declares its model here (in its AppConfig.ready).

The declaration says what the shared services, views and templates need to know and may not import:
which permissions to ask (each app keeps its own names, see docs/permissions.md), the rate-limit
group, the counter on the content, what the audit log calls a comment on it, and what happens
after a comment is written or moderated (notifications, the app's own moderation log).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


def _nothing(**kwargs) -> None:
    return None


@dataclass(frozen=True)
class Commentable:
    model: type[models.Model]
    # Permission names, asked with the content (comment, moderate) or the comment (change, report).
    perm_comment: str
    perm_report: str
    perm_moderate: str
    perm_change: str | None = None  # None: comments cannot be edited or deleted by their authors
    rate_limit_group: str = ""  # an entry of settings.RATE_LIMITS without ":ip"/":account"
    counter_field: str = "comment_count"  # the content's stored count of visible comments
    replies: bool = False  # one level of replies
    # The audit log's actions and label for hiding and showing a comment on this content.
    audit_hidden: str = ""
    audit_restored: str = ""
    audit_label: Callable[[Any], str] = str  # the content -> "Comment on …"
    # The permission objects: what `perm_moderate` is asked about (the content's module, say).
    moderation_object: Callable[[Any], Any] = lambda target: target  # noqa: E731
    # Hooks: after_create(comment=, target=, author=), after_moderation(comment=, by=, action=, note=, resolved=)
    after_create: Callable[..., None] = _nothing
    after_moderation: Callable[..., None] = _nothing


class Registry:
    def __init__(self) -> None:
        self._by_model: dict[type[models.Model], Commentable] = {}

    def register(self, commentable: Commentable) -> None:
        if commentable.model in self._by_model:
            raise ValueError(f"{commentable.model._meta.label} is registered as commentable twice")
        self._by_model[commentable.model] = commentable

    def for_model(self, model: type[models.Model]) -> Commentable:
        try:
            return self._by_model[model._meta.concrete_model]
        except KeyError:
            raise LookupError(f"{model._meta.label} is not registered as commentable") from None

    def for_target(self, target: models.Model) -> Commentable:
        return self.for_model(type(target))

    def models(self) -> list[type[models.Model]]:
        return list(self._by_model)


registry = Registry()
