"""SWOT moderation in the organisation's audit log."""

from tests.swot.factories import SwotCommentFactory
from zukunftswerkstatt.core.models import AuditAction, AuditEntry
from zukunftswerkstatt.swot import services


def test_hiding_and_showing_a_swot_comment_is_recorded_on_its_item(
    organisation, association_item, participant, moderator
):
    comment = SwotCommentFactory(item=association_item, author=participant, text="Nur für das Protokoll nicht")
    services.swot_comment_hide(comment=comment, moderator=moderator, reason="Beleidigung")
    services.swot_comment_restore(comment=comment, moderator=moderator)
    hidden, shown = AuditEntry.objects.order_by("pk")
    assert (hidden.action, shown.action) == (AuditAction.SWOT_COMMENT_HIDDEN, AuditAction.SWOT_COMMENT_RESTORED)
    assert hidden.organisation == organisation
    assert hidden.actor == moderator
    assert hidden.object_id == association_item.pk
    assert hidden.details == {"comment": comment.pk, "reason": "Beleidigung"}
    assert "Nur für das Protokoll" not in str(list(AuditEntry.objects.values()))
