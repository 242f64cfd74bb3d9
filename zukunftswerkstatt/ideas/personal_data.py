"""What the ideas app keeps about a person (see accounts/privacy.py)."""

import posixpath

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import Treatment, registry, stamp
from zukunftswerkstatt.conversation.models import Block, Comment, CommentReport

from .models import Follow, Idea, ModerationLogEntry, Report, Support
from .services import supports_withdraw_all

W = Treatment.WITHOUT_NAME
D = Treatment.DELETED


def contributions(user) -> dict:
    """Contributions with place, coordinates and picture; comments, supports and follows."""
    return {
        "contributions": [
            {
                "id": idea.pk,
                "reference": idea.reference,
                "created": stamp(idea.created),
                "kind": idea.kind,
                "title": idea.title,
                "text": idea.text,
                "status": idea.status,
                "status_reason": idea.status_reason,
                "official_answer": idea.official_answer,
                "answered_at": stamp(idea.answered_at),
                "visibility": idea.visibility,
                "hidden_reason": idea.hidden_reason,
                "name_shown": idea.author_name,
                "place": idea.place_name,
                "latitude": str(idea.latitude) if idea.latitude is not None else None,
                "longitude": str(idea.longitude) if idea.longitude is not None else None,
                "image": _upload_name(idea) if idea.image else None,
                "image_description": idea.image_alt,
                "channel": idea.channel,
                "lives_in": idea.participant_town.name if idea.participant_town else None,
                "age_group": idea.participant_age_group,
            }
            for idea in Idea.objects.filter(author=user).select_related("participant_town").order_by("pk")
        ],
        "comments": [
            {"id": c.pk, "contribution": c.object_id, "created": stamp(c.created), "text": c.text}
            for c in Comment.objects.on_model(Idea).filter(author=user).order_by("pk")
        ],
        "supports": list(Support.objects.filter(user=user).order_by("idea_id").values_list("idea_id", flat=True)),
        "follows": list(Follow.objects.filter(user=user).order_by("idea_id").values_list("idea_id", flat=True)),
    }


def _upload_name(idea: Idea) -> str:
    return f"uploads/contributions/{idea.pk}-{posixpath.basename(idea.image.name)}"


def contribution_files(user):
    for idea in Idea.objects.filter(author=user).exclude(image="").order_by("pk"):
        yield _upload_name(idea), idea.image


def reports(user) -> list[dict]:
    """Reports of contributions (ideas.Report), then of comments on contributions (conversation.CommentReport)."""
    of_contributions = [
        {
            "id": r.pk,
            "created": stamp(r.created),
            "contribution": r.idea_id,
            "comment": None,
            "reason": r.reason,
            "resolved_at": stamp(r.resolved_at),
        }
        for r in Report.objects.filter(reporter=user).order_by("pk")
    ]
    of_comments = [
        {
            "id": r.pk,
            "created": stamp(r.created),
            "contribution": r.comment.object_id,
            "comment": r.comment_id,
            "reason": r.reason,
            "resolved_at": stamp(r.resolved_at),
        }
        for r in CommentReport.objects.filter(reporter=user, comment__idea__isnull=False)
        .select_related("comment")
        .order_by("pk")
    ]
    return of_contributions + of_comments


def moderation(user) -> dict:
    """What moderators recorded about the person: blocks and moderation steps concerning them."""
    return {
        "blocks": [
            {"organisation": b.organisation.name, "reason": b.reason, "created": stamp(b.created)}
            for b in Block.objects.filter(user=user).select_related("organisation").order_by("pk")
        ],
        "moderation_steps": [
            {"action": e.action, "note": e.note, "at": stamp(e.created)}
            for e in ModerationLogEntry.objects.filter(target_user=user).order_by("pk")
        ],
    }


registry.register(
    key="contributions",
    title=_("Contributions, comments, supports and follows"),
    fields={
        "ideas.Idea.author": W,
        "conversation.Comment.author": W,
        # Supports are taken back first so that the counts on the contributions stay exact.
        "ideas.Support.user": D,
        "ideas.Follow.user": D,
    },
    export=contributions,
    files=contribution_files,
    erase=supports_withdraw_all,
)
registry.register(
    key="contribution_reports",
    title=_("Contributions and comments you reported"),
    fields={"ideas.Report.reporter": W, "conversation.CommentReport.reporter": W},
    export=reports,
)
registry.register(
    key="moderation",
    title=_("Moderation concerning you"),
    fields={"conversation.Block.user": D, "ideas.ModerationLogEntry.target_user": W},
    export=moderation,
)
registry.declare_role_records(
    "ideas.Idea.answered_by",
    "ideas.OfflineContact.recorded_by",
    "ideas.Report.resolved_by",
    "ideas.StatusChange.changed_by",
    "ideas.ModerationLogEntry.actor",
    "conversation.Block.blocked_by",
    reason=_("staff and moderators who answered, typed in letters, moderated or changed a status"),
)

# The fields each export was written against (see Registry.review).
registry.review(
    "ideas.Idea",
    # search_*_terms are derived from title and text for the search, not exported separately.
    "id reference search_title_terms search_text_terms created modified module kind title text topic "
    "municipality place_name latitude longitude "
    "image image_alt author author_name channel received_on event status status_reason merged_into "
    "visibility hidden_reason moderator_note official_answer answered_at answered_by support_count "
    "comment_count "
    # The optional town and age group given for the statistics (exported as lives_in, age_group).
    "participant_town participant_age_group "
    # The school class or youth club a class-mode card came from (a group, not a person; no author).
    "youth_group_kind youth_group_name",
)
registry.review(
    "ideas.Support",
    "id idea user created",
)
registry.review(
    "ideas.Follow",
    "id idea user created",
)
registry.review(
    "ideas.Report",
    "id created modified idea reporter reason resolved_at resolved_by",
)
registry.review(
    "conversation.Block",
    "id created modified organisation user reason blocked_by",
)
registry.review(
    "ideas.ModerationLogEntry",
    "id organisation actor action idea comment target_user note created",
)

registry.declare_without_account(
    "ideas.GuestContact.email",
    reason=_(
        "the address a guest left, with consent, to be told about their contribution; deleted by the "
        "one-click link in every such e-mail or when the process has ended (purge_guest_contacts)"
    ),
)
