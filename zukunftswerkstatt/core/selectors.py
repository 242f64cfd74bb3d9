from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from .models import Organisation

_REQUEST_ATTRIBUTE = "_zw_organisation"


def organisation_default() -> Organisation | None:
    """The organisation of a single-organisation installation, or the configured default."""
    if settings.DEFAULT_ORGANISATION_SLUG:
        return Organisation.objects.filter(slug=settings.DEFAULT_ORGANISATION_SLUG).first()
    first_two = list(Organisation.objects.all()[:2])
    return first_two[0] if len(first_two) == 1 else None


def organisation_for_request(request: HttpRequest) -> Organisation | None:
    if hasattr(request, _REQUEST_ATTRIBUTE):
        return getattr(request, _REQUEST_ATTRIBUTE)
    slug = request.resolver_match.kwargs.get("organisation_slug") if request.resolver_match else None
    organisation = Organisation.objects.filter(slug=slug).first() if slug else organisation_default()
    setattr(request, _REQUEST_ATTRIBUTE, organisation)
    return organisation
