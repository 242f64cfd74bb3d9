"""What later apps add to the pages core serves, without core importing them.

The start page of an organisation (core.views.organisation_page) lists its processes with their
"take part now" actions; processes registers that part in its AppConfig.ready(), as apps register
phase and module types with processes (docs/architecture.md, "Layers")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

OrganisationPagePart = Callable[..., dict[str, Any]]  # (*, request, organisation) -> template context

_organisation_page_parts: list[OrganisationPagePart] = []


def register_organisation_page_part(provider: OrganisationPagePart) -> OrganisationPagePart:
    if provider not in _organisation_page_parts:
        _organisation_page_parts.append(provider)
    return provider


def organisation_page_context(*, request, organisation) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provider in _organisation_page_parts:
        context.update(provider(request=request, organisation=organisation))
    return context
