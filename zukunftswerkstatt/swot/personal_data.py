"""What the SWOT app keeps about a person (see accounts/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import Treatment, registry, stamp
from zukunftswerkstatt.conversation.models import Comment, CommentReport

from .models import SwotItem, SwotSuggestion


def comments(user) -> list[dict]:
    return [
        {
            "id": c.pk,
            "created": stamp(c.created),
            "item": c.target.statement,
            "text": c.text,
            "hidden_by_moderation": c.is_hidden,
        }
        for c in Comment.objects.on_model(SwotItem).filter(author=user).prefetch_related("target").order_by("pk")
    ]


def _swot_item_type():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(SwotItem)


def suggestions(user) -> list[dict]:
    return [
        {
            "id": s.pk,
            "created": stamp(s.created),
            "quadrant": s.quadrant,
            "statement": s.statement,
            "explanation": s.explanation,
            "name": s.author_name,
            "email": s.email,
            "status": s.status,
            "reason": s.decision_reason,
            "decided_at": stamp(s.decided_at),
        }
        for s in SwotSuggestion.objects.filter(author=user).order_by("pk")
    ]


def reports(user) -> list[dict]:
    return [
        {"id": r.pk, "created": stamp(r.created), "comment": r.comment_id, "reason": r.reason}
        for r in CommentReport.objects.filter(reporter=user, comment__content_type=_swot_item_type()).order_by("pk")
    ]


W = Treatment.WITHOUT_NAME
registry.register(
    key="swot_comments",
    title=_("Comments on the SWOT analysis"),
    fields={"conversation.Comment.author": W},
    export=comments,
)
registry.register(
    key="swot_suggestions",
    title=_("Suggestions for the SWOT analysis"),
    # A guest's address is forgotten once they have been told of the decision; an account's
    # suggestions carry no address of their own.
    fields={"swot.SwotSuggestion.author": W, "swot.SwotSuggestion.email": W},
    export=suggestions,
)
registry.register(
    key="swot_reports",
    title=_("Comments you reported (SWOT analysis)"),
    fields={"conversation.CommentReport.reporter": W},
    export=reports,
)
registry.declare_role_records(
    "swot.SwotItem.created_by",
    "swot.SwotSuggestion.decided_by",
    "swot.SwotPdf.requested_by",
    reason=_("staff and moderators who wrote items, moderated or made documents"),
)

# The fields each export was written against (see Registry.review).
registry.review(
    "swot.SwotSuggestion",
    "id created modified module municipality quadrant statement explanation author author_name email "
    "status decision_reason decided_at decided_by item",
)
