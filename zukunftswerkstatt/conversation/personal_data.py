"""What the conversation app keeps about a person (see accounts/privacy.py).

The comments and reports themselves are exported by the content apps, each in its own section
(a comment on a SWOT item under "swot_comments", …), since a person reads them by where they wrote them."""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import registry

registry.declare_role_records(
    "conversation.Comment.hidden_by",
    "conversation.CommentReport.resolved_by",
    reason=_("moderators who hid a comment or closed its reports"),
)

# The fields each export was written against (see Registry.review).
registry.review(
    "conversation.Comment",
    "id created modified content_type object_id parent author text is_deleted is_hidden hidden_reason hidden_at "
    "hidden_by edited_at moderator_note",
)
registry.review(
    "conversation.CommentReport",
    "id created modified comment reporter reason resolved_at resolved_by",
)
