"""Send staff who must use two-factor sign-in, and have not set it up, to the set-up page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .two_factor import two_factor_missing


def _to_setup(request: HttpRequest) -> HttpResponse:
    # The set-up page itself says who requires it and that the role is paused until then.
    return redirect("mfa_index")


class TwoFactorRequiredMiddleware:
    """The back office, and any page refused for lack of permission, leads to the set-up page
    while the person's roles are paused (see two_factor.py). The refusal itself comes from the
    permission checks, which no longer see the paused roles; this only explains it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(reverse("admin:index")) and two_factor_missing(request.user):
            return _to_setup(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, PermissionDenied) and two_factor_missing(request.user):
            return _to_setup(request)
        return None
