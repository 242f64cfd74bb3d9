"""Hiding a card on the live board, in the organisation's audit log."""

from zukunftswerkstatt.core.models import AuditAction, AuditEntry
from zukunftswerkstatt.workshops import services
from zukunftswerkstatt.workshops.models import Step


def test_hiding_and_showing_a_card_is_recorded(organisation, criticism, moderator):
    card, _created = services.card_add(session=criticism, text="Etwas Beleidigendes", step=Step.CRITICISM)
    services.card_set_hidden(session=criticism, card=card, hidden=True, by=moderator)
    services.card_set_hidden(session=criticism, card=card, hidden=False, by=moderator)
    hidden, shown = AuditEntry.objects.order_by("pk")
    assert (hidden.action, shown.action) == (AuditAction.WORKSHOP_CARD_HIDDEN, AuditAction.WORKSHOP_CARD_RESTORED)
    assert hidden.organisation == organisation
    assert hidden.actor == moderator
    assert hidden.details == {"card": card.pk}
    assert "Beleidigend" not in str(list(AuditEntry.objects.values()))
