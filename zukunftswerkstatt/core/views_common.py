"""Small pieces every app's views share: asking a permission, limiting rates, keeping form input."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .documents import document_recover, document_retry
from .limits import person_over_limit


def require(request: HttpRequest, permission: str, obj=None) -> None:
    """Refuse (403) unless the person has the permission on the object."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def rate_limited(request: HttpRequest, *, group: str) -> bool:
    """True, with a message for the person, when they have sent too much too fast: the limits
    `<group>:account` and `<group>:ip` of settings.RATE_LIMITS (core/limits.py).

    People are counted by account, visitors without one by IP address (see core/net.py for proxies).
    """
    return person_over_limit(request, group)


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's validation errors on the form, so that what was typed stays."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def document_retry_response(request: HttpRequest, *, row, permission: str, obj, next_url: str) -> HttpResponse:
    """The team's "try again" for a failed document (a POST): permission, rate, then the build is
    queued again on the same row (core.documents.document_retry) and the person goes back."""
    require(request, permission, obj)
    if not rate_limited(request, group="documents.retry"):
        if document_retry(row=row):
            messages.success(request, _("The document is being made again."))
        else:
            messages.info(request, _("The document is already being made or ready."))
    return redirect(next_url)


def document_state_response(
    request: HttpRequest,
    *,
    row,
    template: str,
    context: dict,
    download_url: str,
    retry_url: str = "",
    again_url: str = "",
) -> HttpResponse:
    """The page of one built document (`template` includes core/_document_state.html): being made,
    ready or failed. A build whose worker died is queued again first; htmx asks for the state alone
    until it is finished. `retry_url` for the team (the reason and "try again"), else `again_url`."""
    if document_recover(row=row):  # its worker died: it is queued again (or given up)
        row.refresh_from_db()
    context = {
        **context,
        "document": row,
        "download_url": download_url,
        "retry_url": retry_url,
        "again_url": again_url,
    }
    if request.headers.get("HX-Request"):
        return render(request, "core/_document_state.html", context)
    return render(request, template, context)
