from django.http import HttpRequest

from .selectors import organisation_for_request


def site(request: HttpRequest) -> dict:
    """The organisation whose name, contact and legal pages frame the current page."""
    return {"current_organisation": organisation_for_request(request)}
