"""What the workshop board's pages share: the session a URL names (404 or 403 as the rules say),
errors as messages, the join address and its QR code, and the answer of a poll that finds nothing new.

Every action is a plain form POST followed by a redirect, so the board works without JavaScript;
htmx polls the live parts (`?v=<revision>`: 204 when nothing changed) and a small script adds
drag and drop on the console.
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from zukunftswerkstatt.core.links import absolute_url

from .. import selectors
from ..models import WorkshopSession

# The participant's key, in a signed cookie per session (three days: a workshop evening and the
# days after, when people look at the record).
COOKIE_SALT = "zukunftswerkstatt.workshops.participant"
COOKIE_MAX_AGE = 3 * 24 * 3600


def cookie_name(session_pk: int) -> str:
    return f"zw_workshop_{session_pk}"


def get_session(request: HttpRequest, pk: int, permission: str = "workshops.view_session") -> WorkshopSession:
    try:
        session = selectors.session_get(pk=pk)
    except WorkshopSession.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm(permission, session):
        if permission == "workshops.view_record" or not request.user.has_perm("workshops.view_record", session):
            raise Http404
        raise PermissionDenied
    return session


def message_errors(request: HttpRequest, error: ValidationError) -> None:
    """A service's refusal as messages on the next page (the board's actions redirect)."""
    for message in error.messages:
        messages.error(request, message)


def qr_svg(url: str) -> str:
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=6, border=2, dark="#000", light="#fff", omitsize=True
    )


def join_url(request: HttpRequest, session: WorkshopSession) -> str:
    # SITE_URL, not the projector's host: the moderator's laptop may use an address phones cannot reach.
    return absolute_url(reverse("workshops:join_code", kwargs={"code": session.code}))


def unchanged(request: HttpRequest, revision: int | None) -> bool:
    """The poll already shows this revision (`?v=`)."""
    return revision is not None and request.GET.get("v") == str(revision)


def no_content() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response
