"""Helpers that build board content through the services, as the real code would."""

from __future__ import annotations

import secrets

from zukunftswerkstatt.workshops import services
from zukunftswerkstatt.workshops.models import Card, WorkshopSession


def card(session: WorkshopSession, text: str = "Zu wenige Busse am Abend", *, participant=None, step=None) -> Card:
    session.refresh_from_db()
    made, _created = services.card_add(
        session=session,
        text=text,
        step=step or session.step,
        nonce=secrets.token_hex(8),
        participant=participant,
        from_paper=participant is None,
    )
    return made
