"""The inventory part of the Göltzschtal demo (called by demo.services.demo_load)."""

from __future__ import annotations

from zukunftswerkstatt.demo.context import DemoContext


def load(ctx: DemoContext) -> None:
    """Add this app's demo data. Filled in by the app's own work."""
