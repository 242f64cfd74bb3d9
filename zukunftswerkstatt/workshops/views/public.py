"""What everyone sees and does: the join page and the participant's phone page, the projector
(its address is its key), the public record, and the board module on the process page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zukunftswerkstatt.accounts.forms import participant_details
from zukunftswerkstatt.core.limits import over_limit
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.processes.selectors import module_for_view

from .. import selectors, services
from ..forms import CardForm, JoinForm, new_nonce
from ..models import VoteState, WorkshopSession
from .common import (
    COOKIE_MAX_AGE,
    COOKIE_SALT,
    cookie_name,
    get_session,
    join_url,
    message_errors,
    no_content,
    qr_svg,
    unchanged,
)

# -- the workshop board module on the process page -----------------------------------------


def module_page(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The workshop board module on the process page: the sessions of the process and their records."""
    module = module_for_view(request, module_pk, type="workshops")
    process = module.phase.process
    sessions = [s for s in selectors.sessions_of_process(process_id=process.pk) if s.event.is_published]
    for session in sessions:
        session.event.process = process
    return render(
        request,
        "workshops/module.html",
        {"module": module, "process": process, "organisation": process.organisation, "sessions": sessions},
    )


# -- the projector -------------------------------------------------------------------------


def _projector_context(request: HttpRequest, session: WorkshopSession) -> dict:
    board = selectors.board(session=session)
    current = board.cards_by_step.get(session.step, [])
    return {
        "session": session,
        "board": board,
        "current_cards": list(reversed(current)),
        "ranking": board.ranking if session.results_revealed else [],
        "join_url": join_url(request, session),
        "join_page": absolute_url(reverse("workshops:join")),
        "qr": qr_svg(join_url(request, session)),
    }


@never_cache
def projector(request: HttpRequest, key: str) -> HttpResponse:
    """The wall: its address is a secret like a key, so the laptop at the projector needs no login."""
    try:
        session = selectors.session_for_projector(key=key)
    except WorkshopSession.DoesNotExist as error:
        raise Http404 from error
    return render(request, "workshops/projector.html", _projector_context(request, session))


@never_cache
@require_GET
def projector_live(request: HttpRequest, key: str) -> HttpResponse:
    revision = selectors.revision_for_projector(key=key)
    if revision is None:
        raise Http404
    if unchanged(request, revision):
        return no_content()
    session = selectors.session_for_projector(key=key)
    return render(request, "workshops/_projector_live.html", _projector_context(request, session))


# -- participants --------------------------------------------------------------------------


def _too_fast(request: HttpRequest, name: str, key=None) -> bool:
    # Phones in a town hall often share one public IP address (the hall's Wi-Fi), so the limits
    # per address are generous; the limits per participant are what stops a single phone.
    return over_limit(request, f"workshops.{name}", key=key)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str = "") -> HttpResponse:
    """Type the code (or arrive from the QR code with it filled in), optionally a nickname, town
    and age group, and join: one form, one tap."""
    typed = request.POST.get("code", "") if request.method == "POST" else code
    # A class session's code (class mode): nothing is asked; the class's town and age band count.
    is_class = selectors.session_is_class(code=services.normalise_code(typed))
    towns = selectors.towns_for_join(code=services.normalise_code(typed))
    form = JoinForm(request.POST or None, initial={"code": code}, towns=towns)
    page = {"form": form, "is_class": is_class}
    if request.method == "POST":
        if _too_fast(request, "join:ip"):
            return render(request, "workshops/join.html", page, status=429)
        if form.is_valid():
            try:
                session = services.session_for_code(form.cleaned_data["code"])
                returning = _participant(request, session.pk)
                if returning is not None:
                    # The same phone again (the QR code scanned twice): the same cards and dots, no new allowance.
                    messages.info(request, _("Welcome back! Here are your cards and dots."))
                    return redirect("workshops:participant", pk=session.pk)
                participant, token = services.participant_join(
                    code=form.cleaned_data["code"],
                    pseudonym=form.cleaned_data["pseudonym"],
                    **participant_details(form.cleaned_data),
                )
            except ValidationError as error:
                form.add_error("code", error.messages)
            else:
                response = redirect("workshops:participant", pk=participant.session_id)
                _set_token(request, response, participant.session_id, token)
                messages.success(request, _("Welcome! You are taking part."))
                return response
        return render(request, "workshops/join.html", page, status=400)
    return render(request, "workshops/join.html", page)


def _set_token(request: HttpRequest, response: HttpResponse, session_pk: int, token: str) -> None:
    response.set_signed_cookie(
        cookie_name(session_pk),
        token,
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _token(request: HttpRequest, session_pk: int) -> str | None:
    return request.get_signed_cookie(cookie_name(session_pk), default=None, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)


def _participant(request: HttpRequest, pk: int):
    participant = selectors.participant_for_token(session_pk=pk, token=_token(request, pk))
    if participant is not None and participant.session.invitation_id is not None:
        # A class session ends by itself when its invitation has expired or was withdrawn.
        services.class_session_close_if_expired(session=participant.session)
    return participant


def _to_join(request: HttpRequest, pk: int) -> HttpResponse:
    session = WorkshopSession.objects.filter(pk=pk).first()
    if session is None:
        raise Http404
    if session.is_finished:
        messages.info(request, _("This session has ended. Thank you for taking part!"))
        if request.user.has_perm("workshops.view_record", selectors.session_get(pk=pk)):
            return redirect("workshops:record", pk=pk)
        return redirect("workshops:join")
    messages.info(request, _("Please join the session with the code shown on the wall."))
    return redirect("workshops:join")


def _participant_context(request: HttpRequest, participant, card_form: CardForm | None = None) -> dict:
    session = participant.session
    board = selectors.board(session=session) if session.vote_state != VoteState.NOT_STARTED else None
    state = selectors.participant_state(participant=participant)
    options = board.options if board else []
    for option in options:
        option.mine = state.dots_on.get(option.key, 0)
        option.nonce = new_nonce()
    return {
        "participant": participant,
        "session": session,
        "state": state,
        "options": options,
        "ranking": board.ranking if board and session.results_revealed else [],
        "card_form": card_form
        or CardForm(initial={"step": session.step if session.collects_cards else "", "nonce": new_nonce()}),
    }


@never_cache
def participant_page(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    if participant is None or participant.session.is_finished:
        return _to_join(request, pk)
    return render(request, "workshops/participant.html", _participant_context(request, participant))


@never_cache
@require_GET
def participant_live(request: HttpRequest, pk: int) -> HttpResponse:
    """A phone's poll: one query when nothing changed."""
    token = _token(request, pk)
    revision = selectors.participant_revision(session_pk=pk, token=token)
    if revision is None:
        raise PermissionDenied
    if unchanged(request, revision):
        return no_content()
    participant = selectors.participant_for_token(session_pk=pk, token=token)
    context = {**_participant_context(request, participant), "oob": True}
    return render(request, "workshops/_participant_live.html", context)


@require_POST
def participant_card(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    if participant is None or participant.session.is_finished:
        return _to_join(request, pk)
    session = participant.session
    form = CardForm(request.POST)
    if _too_fast(request, "card_ip:ip") or _too_fast(
        request, "card:participant", lambda group, request: f"participant-{participant.pk}"
    ):
        return render(
            request, "workshops/participant.html", _participant_context(request, participant, form), status=429
        )
    if form.is_valid() and not request.user.has_perm("workshops.add_card", participant):
        form.add_error(None, _("Cards are not being collected right now."))
    elif form.is_valid():
        try:
            card, created = services.card_add(
                session=session,
                text=form.cleaned_data["text"],
                step=form.cleaned_data["step"] or session.step,
                nonce=form.cleaned_data["nonce"],
                participant=participant,
                # A signed-in person finds their card again under "My contributions".
                added_by=request.user if request.user.is_authenticated else None,
            )
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
            session.refresh_from_db()
        else:
            if created:
                messages.success(request, _("Your card is on the wall."))
            else:
                messages.info(request, _("This card had already arrived; it was not added twice."))
            return redirect("workshops:participant", pk=pk)
    else:
        session.refresh_from_db()
    return render(request, "workshops/participant.html", _participant_context(request, participant, form), status=400)


@require_POST
def participant_dot(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    if participant is None or participant.session.is_finished:
        return _to_join(request, pk)
    if _too_fast(request, "dot:participant", lambda group, request: f"participant-{participant.pk}"):
        return redirect(reverse("workshops:participant", kwargs={"pk": pk}) + "#vote")
    action = request.POST.get("action")
    if not request.user.has_perm("workshops.vote", participant):
        messages.error(request, _("The vote is closed. Your dots were not changed."))
        return redirect(reverse("workshops:participant", kwargs={"pk": pk}) + "#vote")
    try:
        option = services.option_get(session=participant.session, key=request.POST.get("option", ""))
        if action == "remove":
            services.dot_remove(participant=participant, option=option)
            messages.success(request, _("You took a dot back from “%(title)s”.") % {"title": option.title[:80]})
        else:
            if services.dot_add(participant=participant, option=option, nonce=request.POST.get("nonce", "")[:64]):
                messages.success(request, _("Your dot is on “%(title)s”.") % {"title": option.title[:80]})
            else:
                messages.info(request, _("This dot had already arrived; it was not counted twice."))
    except ValidationError as error:
        message_errors(request, error)
    return redirect(reverse("workshops:participant", kwargs={"pk": pk}) + "#vote")


# -- the record ----------------------------------------------------------------------------


def record(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session(request, pk, "workshops.view_record")
    board = selectors.board(session=session)
    return render(
        request,
        "workshops/record.html",
        {
            "session": session,
            "event": session.event,
            "process": session.process,
            "organisation": session.process.organisation,
            "board": board,
            "ranking": [option for option in board.ranking if board.dots_total],
            "photos": list(session.photos.all()),
            "can_view_console": request.user.has_perm("workshops.view_session", session),
        },
    )
