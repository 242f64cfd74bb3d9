"""Writes for comments on any registered content: write, edit, delete, report, hide, show, close reports.

One code path for every kind of content; what differs (the counter, the audit log's words, the
notifications, an app's own moderation log) comes from the content's declaration in `registry`.
Permission checks are the views' job, with the permission names the declaration gives.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from zukunftswerkstatt.core.audit import audit_record

from .models import Comment, CommentReport
from .registry import Commentable, registry


def _count(target_model: type[models.Model], target_pk: int, commentable: Commentable, delta: int) -> None:
    """Change the content's stored count of visible comments in this transaction (UPDATE … SET n = n ± 1)."""
    field = commentable.counter_field
    target_model.objects.filter(pk=target_pk).update(**{field: F(field) + delta})


def _target_model(comment: Comment) -> type[models.Model]:
    return comment.content_type.model_class()


@transaction.atomic
def comment_create(*, target: models.Model, author, text: str, parent: Comment | None = None) -> Comment:
    """Publish a comment (or a reply) on the content; its count goes up and its app's hook runs."""
    commentable = registry.for_target(target)
    if parent is not None:
        if not commentable.replies:
            raise ValidationError(_("Comments on this content take no replies."))
        if (parent.content_type_id, parent.object_id) != (ContentType.objects.get_for_model(target).pk, target.pk):
            raise ValidationError(_("You can only reply to a comment on the same contribution."))
        if parent.parent_id is not None:
            parent = parent.parent  # one level of replies: a reply to a reply joins its thread
    comment = Comment(target=target, author=author, text=text.strip(), parent=parent)
    comment.full_clean()
    comment.save()
    _count(type(target), target.pk, commentable, +1)
    commentable.after_create(comment=comment, target=target, author=author)
    return comment


@transaction.atomic
def comment_update(*, comment: Comment, text: str) -> Comment:
    """The author changes their comment's text; it is marked as edited."""
    comment.text = text.strip()
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["text", "edited_at", "modified"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment) -> None:
    """The author deletes a comment: its text goes, its place in the thread stays for the replies."""
    if comment.is_deleted:
        return
    was_visible = comment.is_visible
    comment.is_deleted = True
    comment.text = ""
    comment.save(update_fields=["is_deleted", "text", "modified"])
    if was_visible:
        _count(_target_model(comment), comment.object_id, registry.for_model(_target_model(comment)), -1)


@transaction.atomic
def comment_report(*, comment: Comment, reporter, reason: str) -> CommentReport:
    """Someone (a guest too) flags a comment for the moderators."""
    report = CommentReport(comment=comment, reporter=reporter if getattr(reporter, "is_authenticated", False) else None)
    report.reason = reason.strip()
    report.full_clean()
    report.save()
    return report


def _resolve(*, comment: Comment, by, commentable: Commentable) -> int:
    count = CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )
    if count:
        commentable.after_moderation(comment=comment, by=by, action="resolve_report", note="")
    return count


@transaction.atomic
def comment_reports_resolve(*, comment: Comment, by) -> int:
    """Keep the comment as it is and close its open reports."""
    return _resolve(comment=comment, by=by, commentable=registry.for_model(_target_model(comment)))


def _audit(*, comment: Comment, by, action: str, commentable: Commentable, **details) -> None:
    target = comment.target
    audit_record(
        actor=by,
        action=action,
        obj=target,
        label=commentable.audit_label(target),
        details={"comment": comment.pk, **details},
    )


@transaction.atomic
def comment_hide(*, comment: Comment, by, reason: str) -> Comment:
    """Hide a comment with a public reason; its open reports are resolved with it."""
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a public reason for hiding.")})
    commentable = registry.for_model(_target_model(comment))
    was_visible = comment.is_visible
    comment.is_hidden = True
    comment.hidden_reason = reason.strip()
    comment.hidden_at = timezone.now()
    comment.hidden_by = by
    comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by", "modified"])
    if was_visible:
        _count(_target_model(comment), comment.object_id, commentable, -1)
    _resolve(comment=comment, by=by, commentable=commentable)
    commentable.after_moderation(comment=comment, by=by, action="hide", note=comment.hidden_reason)
    _audit(
        comment=comment, by=by, action=commentable.audit_hidden, commentable=commentable, reason=comment.hidden_reason
    )
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, by) -> Comment:
    """Show a hidden comment again; its open reports are resolved with it."""
    commentable = registry.for_model(_target_model(comment))
    if comment.is_hidden:
        comment.is_hidden = False
        comment.hidden_reason = ""
        comment.hidden_at = None
        comment.hidden_by = None
        comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by", "modified"])
        if not comment.is_deleted:
            _count(_target_model(comment), comment.object_id, commentable, +1)
    _resolve(comment=comment, by=by, commentable=commentable)
    commentable.after_moderation(comment=comment, by=by, action="restore", note="")
    _audit(comment=comment, by=by, action=commentable.audit_restored, commentable=commentable)
    return comment
