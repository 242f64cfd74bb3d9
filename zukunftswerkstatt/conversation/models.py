"""The conversation layer shared by every kind of content: comments with replies, reports of
comments, and who is blocked in an organisation.

A comment points to its content (an idea, a SWOT item, …) through a generic foreign key: this app
sits below the content apps and may not import them, so it cannot hold a foreign key to each. The
content apps declare their commentable model in `conversation.registry` and give it a
`GenericRelation` to `Comment` (for counts, joins and deleting a content's comments with it).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import Organisation, TimeStampedModel


class CommentQuerySet(models.QuerySet):
    def on(self, target: models.Model) -> CommentQuerySet:
        """The comments on one piece of content."""
        return self.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)

    def on_model(self, model: type[models.Model]) -> CommentQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(model))


class Comment(TimeStampedModel):
    """A comment on any registered content; one level of replies (a reply's `parent`)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of content")
    )
    object_id = models.PositiveBigIntegerField(_("content"))
    target = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("reply to")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=3000)
    is_deleted = models.BooleanField(_("deleted by its author"), default=False)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    hidden_reason = models.TextField(_("public reason for hiding"), blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    moderator_note = models.TextField(_("moderation note"), blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created"], name="conversation_comment_target")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_hidden=False) | ~models.Q(hidden_reason=""),
                name="conversation_comment_hidden_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_visible(self) -> bool:
        return not self.is_deleted and not self.is_hidden

    @property
    def organisation_id(self) -> int:
        return self.target.organisation_id


class CommentReport(TimeStampedModel):
    """Someone flags a comment for the moderators."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("comment"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.TextField(_("reason"), max_length=1000)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("report of a comment")
        verbose_name_plural = _("reports of comments")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.reason[:60]


class Block(TimeStampedModel):
    """A person may not contribute or comment in an organisation's processes."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks")
    reason = models.TextField(_("reason"))
    blocked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_block_per_organisation")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.organisation_id}"
