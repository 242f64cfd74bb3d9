"""Class mode: the team invites a school class or a youth club, and the teacher or youth worker
runs class sessions with the invitation's secret link, without an account.

The teacher's pages are found by the link's key (only its hash is stored, like the projector's);
a revoked or expired invitation answers 404 with a page that says so. The teacher's console is a
simplified one: the join code and QR code, the projector view, the steps, the cards with "hide",
and "finish and transfer". The team keeps the full console for class sessions too.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zukunftswerkstatt.core.limits import over_limit
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.models import Municipality
from zukunftswerkstatt.core.views_common import add_service_errors
from zukunftswerkstatt.processes.models import Module, Process

from .. import selectors, services
from ..forms import ClassInvitationForm, ClassSessionForm
from ..models import STEP_ORDER, Card, ClassInvitation, Step, WorkshopSession
from .common import join_url, message_errors, no_content, qr_svg, unchanged

# -- the team: invitations -----------------------------------------------------------------


def _process_for_team(request: HttpRequest, process_pk: int) -> Process:
    process = get_object_or_404(Process.objects.select_related("organisation"), pk=process_pk)
    if not request.user.has_perm("workshops.invite_class", process):
        raise PermissionDenied
    return process


def _invitations_context(request: HttpRequest, process: Process, form: ClassInvitationForm, **extra) -> dict:
    modules = _modules(process)
    invitations = []
    for module in modules:
        invitations += selectors.invitations_of_module(module_id=module.pk)
    return {
        "process": process,
        "organisation": process.organisation,
        "form": form,
        "has_modules": bool(modules),
        "invitations": sorted(invitations, key=lambda invitation: (invitation.created, invitation.pk), reverse=True),
        **extra,
    }


def _modules(process: Process):
    return Module.objects.filter(type="ideas", phase__process=process).order_by("phase__start", "position")


def _invitation_form(process: Process, data=None) -> ClassInvitationForm:
    return ClassInvitationForm(
        data,
        modules=_modules(process),
        towns=Municipality.objects.filter(organisation_id=process.organisation_id).order_by("name"),
        initial={"kind": "school", "valid_until": timezone.localdate() + dt.timedelta(days=28)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, process_pk: int) -> HttpResponse:
    """The team's page: the class invitations of a process and a form for a new one. The link of a
    new invitation is shown once, on the answer to the form (only its hash is kept)."""
    process = _process_for_team(request, process_pk)
    form = _invitation_form(process, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, key = services.invitation_create(**form.cleaned_data, created_by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            link = absolute_url(reverse("workshops:class_home", kwargs={"key": key}))
            context = _invitations_context(
                request, process, _invitation_form(process), new_invitation=invitation, new_link=link
            )
            return render(request, "workshops/class_invitations.html", context)
    status = 400 if form.errors else 200
    return render(
        request, "workshops/class_invitations.html", _invitations_context(request, process, form), status=status
    )


@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(ClassInvitation.objects.select_related("ideas_module__phase__process"), pk=pk)
    if not request.user.has_perm("workshops.invite_class", invitation):
        raise PermissionDenied
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(
        request, _("The link for “%(name)s” no longer works; its open sessions have ended.") % {"name": invitation}
    )
    return redirect("workshops:class_invitations", process_pk=invitation.ideas_module.phase.process_id)


# -- the teacher: sessions of an invitation ------------------------------------------------


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "workshops/class_invalid.html", status=404)


@never_cache
@require_http_methods(["GET", "POST"])
def class_home(request: HttpRequest, key: str) -> HttpResponse:
    """The teacher's start page: what class mode is, the class sessions so far, open a new one."""
    invitation = services.invitation_for_key(key=key)
    if invitation is None:
        return _invalid(request)
    form = ClassSessionForm(request.POST or None)
    if request.method == "POST":
        if over_limit(request, "workshops.class:ip"):
            return redirect("workshops:class_home", key=key)
        if form.is_valid():
            try:
                session = services.class_session_create(invitation=invitation, title=form.cleaned_data["title"])
            except ValidationError as error:
                message_errors(request, error)
            else:
                messages.success(request, _("The session is ready. Show the projector view on the wall."))
                return redirect("workshops:class_console", key=key, pk=session.pk)
    context = {
        "invitation": invitation,
        "key": key,
        "form": form,
        "sessions": selectors.class_sessions(invitation=invitation),
        "process": invitation.ideas_module.phase.process,
    }
    return render(request, "workshops/class_home.html", context, status=400 if form.errors else 200)


def _class_session(request: HttpRequest, key: str, pk: int) -> tuple[ClassInvitation, WorkshopSession] | None:
    invitation = services.invitation_for_key(key=key)
    if invitation is None:
        return None
    session = (
        WorkshopSession.objects.select_related("ideas_module__phase__process")
        .filter(pk=pk, invitation=invitation)
        .first()
    )
    if session is None:
        raise Http404
    session.invitation = invitation
    return invitation, session


def _class_context(request: HttpRequest, key: str, invitation: ClassInvitation, session: WorkshopSession) -> dict:
    board = selectors.board(session=session, with_hidden=True)
    return {
        "invitation": invitation,
        "key": key,
        "session": session,
        "board": board,
        "steps": [(value, Step(value).label) for value in STEP_ORDER],
        "join_url": join_url(request, session),
        "qr": qr_svg(join_url(request, session)),
    }


@never_cache
@require_GET
def class_console(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    found = _class_session(request, key, pk)
    if found is None:
        return _invalid(request)
    invitation, session = found
    return render(request, "workshops/class_console.html", _class_context(request, key, invitation, session))


@never_cache
@require_GET
def class_console_live(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """The teacher's poll: 204 while the revision is unchanged, else the cards anew."""
    found = _class_session(request, key, pk)
    if found is None:
        raise Http404
    invitation, session = found
    if unchanged(request, session.revision):
        return no_content()
    return render(request, "workshops/_class_board.html", _class_context(request, key, invitation, session))


def _back(key: str, session: WorkshopSession, anchor: str = "") -> HttpResponse:
    url = reverse("workshops:class_console", kwargs={"key": key, "pk": session.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_POST
def class_step(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    found = _class_session(request, key, pk)
    if found is None:
        return _invalid(request)
    _invitation, session = found
    if over_limit(request, "workshops.class:ip"):
        return _back(key, session)
    try:
        session = services.session_set_step(
            session=session, step=request.POST.get("step", ""), expected_step=request.POST.get("expected_step") or None
        )
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(
            request, _("The session is now in the step “%(step)s”.") % {"step": session.get_step_display()}
        )
    return _back(key, session, "steps")


@require_POST
def class_card_hide(request: HttpRequest, key: str, pk: int, card_pk: int) -> HttpResponse:
    found = _class_session(request, key, pk)
    if found is None:
        return _invalid(request)
    _invitation, session = found
    card = get_object_or_404(Card, session=session, pk=card_pk)
    hidden = request.POST.get("action") == "hide"
    try:
        services.card_set_hidden(session=session, card=card, hidden=hidden, by=None)
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(request, _("The card is hidden.") if hidden else _("The card is shown again."))
    return _back(key, session, "cards")


@require_POST
def class_finish(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Finish the session (if it is not yet) and put its cards into the idea collection, marked as
    coming from the group. Pressing it again transfers only what is missing."""
    found = _class_session(request, key, pk)
    if found is None:
        return _invalid(request)
    _invitation, session = found
    if over_limit(request, "workshops.class:ip"):
        return _back(key, session)
    try:
        if not session.is_finished:
            session = services.session_set_step(session=session, step=Step.FINISHED)
        ideas = services.session_transfer(session=session)
    except ValidationError as error:
        message_errors(request, error)
    else:
        if ideas:
            messages.success(
                request, _("%(count)s contributions are now in the idea collection.") % {"count": len(ideas)}
            )
        else:
            messages.info(request, _("Everything was already transferred; nothing was added twice."))
    return _back(key, session, "finish")
