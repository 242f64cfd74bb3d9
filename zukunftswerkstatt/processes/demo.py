"""The demo's pictures on the phase pages of the running round (issue 15): drawn by core/demo.py,
stored through the same service as an upload, each with a text alternative."""

from __future__ import annotations

from zukunftswerkstatt.core.demo import demo_picture_cards, demo_picture_gathering, demo_picture_profile

from .demo_context import DemoContext
from .services import phase_set_picture

PICTURES = [
    (
        "kickoff",
        demo_picture_gathering,
        "Zeichnung: Menschen jeden Alters sitzen zusammen an einem großen runden Tisch.",
    ),
    (
        "profile",
        demo_picture_profile,
        "Zeichnung: ein Säulendiagramm der Altersgruppen neben einer Stecknadel für einen Ort auf der Karte.",
    ),
    (
        "workshop",
        demo_picture_cards,
        "Zeichnung: bunte Karten, in drei Spalten an eine Wand geheftet – Kritik, Phantasie, Verwirklichung.",
    ),
]


def load(ctx: DemoContext) -> None:
    for phase_type, draw, alt in PICTURES:
        phase_set_picture(phase=ctx.phases[phase_type], image=draw(), image_alt=alt)
