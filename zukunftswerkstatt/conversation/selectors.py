"""Reads of comments and reports on any registered content, each in a fixed number of queries."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Q

from .models import Comment, CommentReport


def comments_on(*, target: models.Model) -> list[Comment]:
    """The content's comments in order, with author and the number of open reports (two queries at most)."""
    comments = list(
        Comment.objects.on(target)
        .select_related("author")
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
    )
    for comment in comments:
        comment.target = target  # known already: no query per comment
    return comments


def open_reports(*, comments: models.QuerySet) -> list[CommentReport]:
    """Unresolved reports of the given comments, oldest first, with comment, author, reporter and content."""
    return list(
        CommentReport.objects.filter(comment__in=comments, resolved_at__isnull=True)
        .select_related("comment__author", "reporter")
        .prefetch_related("comment__target")
        .order_by("created", "pk")
    )
