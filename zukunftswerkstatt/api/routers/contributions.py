"""API endpoints: contributions (filled in by issue 16's work; see docs/api.md)."""

from ninja import Router

router = Router(tags=["Contributions"])
