"""The municipal profile document part of the Göltzschtal demo.

demo.services calls this loader right after the inventory's, so that the document has content from
the start.
"""

from __future__ import annotations

from zukunftswerkstatt.processes.demo_context import DemoContext
from zukunftswerkstatt.processes.services import module_create


def load(ctx: DemoContext) -> None:
    """The profile document module of the profile phase (its PDF is made on request)."""
    module_create(
        phase=ctx.phases["profile"],
        type="profile_document",
        title="Kommunalprofil Göltzschtal",
        description=(
            "Das Kommunalprofil fasst zusammen, wo die vier Orte heute stehen: Bevölkerung und Kennzahlen, "
            "was es schon gibt, Stärken und Schwächen, Chancen und Risiken. Sie können es hier lesen oder "
            "als PDF herunterladen und ausdrucken."
        ),
        position=9,
    )
