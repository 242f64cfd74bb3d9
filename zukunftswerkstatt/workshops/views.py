"""Pages of the live workshop board: the moderator's console, the projector, the participant's
phone page with the join page, and the public record.

Every action is a plain form POST followed by a redirect, so the board works without JavaScript;
htmx polls the live parts (`?v=<revision>`: 204 when nothing changed) and a small script adds
drag and drop on the console.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zukunftswerkstatt.core.limits import over_limit
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.events.models import Event
from zukunftswerkstatt.processes.models import Module
from zukunftswerkstatt.processes.selectors import module_for_view

from . import selectors, services
from .forms import CardForm, ClusterForm, JoinForm, PaperCardForm, PhotoForm, SessionForm, VoteSettingsForm, new_nonce
from .models import CARD_STEPS, STEP_ORDER, Card, Cluster, FlipchartPhoto, Step, VoteState, WorkshopSession

# Per hour. Phones in a town hall often share one public IP address (the hall's Wi-Fi), so the
# limits per address are generous; the limits per participant are what stops a single phone.

COOKIE_SALT = "zukunftswerkstatt.workshops.participant"
COOKIE_MAX_AGE = 3 * 24 * 3600


def cookie_name(session_pk: int) -> str:
    return f"zw_workshop_{session_pk}"


# -- helpers -----------------------------------------------------------------------------


def _session(request: HttpRequest, pk: int, permission: str = "workshops.view_session") -> WorkshopSession:
    try:
        session = selectors.session_get(pk=pk)
    except WorkshopSession.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm(permission, session):
        if permission == "workshops.view_record" or not request.user.has_perm("workshops.view_record", session):
            raise Http404
        raise PermissionDenied
    return session


def _service_error(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _console(session: WorkshopSession, anchor: str = "") -> HttpResponse:
    url = reverse("workshops:console", kwargs={"pk": session.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=6, border=2, dark="#000", light="#fff", omitsize=True
    )


def _join_url(request: HttpRequest, session: WorkshopSession) -> str:
    # SITE_URL, not the projector's host: the moderator's laptop may use an address phones cannot reach.
    return absolute_url(reverse("workshops:join_code", kwargs={"code": session.code}))


def _too_fast(request: HttpRequest, name: str, key=None) -> bool:
    return over_limit(request, f"workshops.{name}", key=key)


def _unchanged(request: HttpRequest, revision: int | None) -> bool:
    return revision is not None and request.GET.get("v") == str(revision)


def _no_content() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


# -- starting a session, the module page --------------------------------------------------


@require_http_methods(["GET", "POST"])
def session_start(request: HttpRequest, event_pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("process__organisation"), pk=event_pk)
    if not request.user.has_perm("workshops.run_session", event):
        raise PermissionDenied
    modules = Module.objects.filter(type="ideas", phase__process=event.process).order_by("phase__start", "position")
    form = SessionForm(request.POST or None, modules=modules, initial={"title": event.title})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                event=event,
                ideas_module=form.cleaned_data["ideas_module"],
                title=form.cleaned_data["title"],
                started_by=request.user,
            )
        except ValidationError as error:
            _service_error(request, error)
        else:
            messages.success(request, _("The session is ready. Show the projector view on the wall."))
            return _console(session)
    context = {"event": event, "process": event.process, "organisation": event.process.organisation, "form": form}
    return render(request, "workshops/start.html", context, status=400 if form.errors else 200)


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


# -- the moderator's console -------------------------------------------------------------


def _console_context(request: HttpRequest, session: WorkshopSession, **extra) -> dict:
    board = selectors.board(session=session, with_hidden=True)
    options = board.options
    paper = selectors.paper_dot_counts(session=session)
    for option in options:
        option.paper = paper.get(option.key, 0)
    can_run = request.user.has_perm("workshops.run_session", session)
    return {
        "session": session,
        "event": session.event,
        "process": session.event.process,
        "organisation": session.event.process.organisation,
        "board": board,
        "options": options,
        "ranking": board.ranking,
        "can_run": can_run,
        "steps": [(value, Step(value).label) for value in STEP_ORDER],
        "card_steps": CARD_STEPS,
        "suggested_dots": services.suggested_dots(len(options)),
        "join_url": _join_url(request, session),
        "qr": _qr_svg(_join_url(request, session)),
        "paper_form": extra.get("paper_form")
        or PaperCardForm(
            initial={"step": session.step if session.collects_cards else Step.CRITICISM, "nonce": new_nonce()}
        ),
        "cluster_form": extra.get("cluster_form") or ClusterForm(),
        "vote_form": extra.get("vote_form")
        or VoteSettingsForm(
            initial={"dots_per_participant": session.dots_per_participant, "allow_stacking": session.allow_stacking}
        ),
        "photo_form": extra.get("photo_form") or PhotoForm(),
        "photos": list(session.photos.all()),
    }


@never_cache
def console(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    return render(request, "workshops/console.html", _console_context(request, session))


@never_cache
@require_GET
def console_board(request: HttpRequest, pk: int) -> HttpResponse:
    """The console's poll: 204 while the revision is unchanged, else the board anew."""
    if not request.user.has_perm("workshops.view_session", _light_session(pk)):
        raise PermissionDenied
    if _unchanged(request, selectors.revision_of(pk=pk)):
        return _no_content()
    session = _session(request, pk)
    return render(request, "workshops/_console_live.html", _console_context(request, session))


def _light_session(pk: int) -> WorkshopSession:
    """The session with just enough for the permission check (organisation through the event)."""
    session = (
        WorkshopSession.objects.select_related("event__process")
        .only("pk", "event__process__organisation_id", "event__is_published", "event__process__is_published")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    return session


def _run(request: HttpRequest, pk: int) -> WorkshopSession:
    return _session(request, pk, "workshops.run_session")


@require_POST
def step_set(request: HttpRequest, pk: int) -> HttpResponse:
    session = _run(request, pk)
    step = request.POST.get("step", "")
    try:
        session = services.session_set_step(
            session=session, step=step, expected_step=request.POST.get("expected_step") or None
        )
    except ValidationError as error:
        _service_error(request, error)
    else:
        messages.success(
            request, _("The session is now in the step “%(step)s”.") % {"step": session.get_step_display()}
        )
    return _console(session, "steps")


@require_POST
def paper_card_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = _run(request, pk)
    form = PaperCardForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            card, created = _paper_card(session, data, request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if created:
                messages.success(request, _("The paper card is on the board."))
            else:
                messages.info(request, _("This card had already arrived; it was not added twice."))
            return _console(session, "paper")
    return render(request, "workshops/console.html", _console_context(request, session, paper_form=form), status=400)


def _paper_card(session: WorkshopSession, data: dict, user):
    return services.card_add(
        session=session, text=data["text"], step=data["step"], nonce=data["nonce"], from_paper=True, added_by=user
    )


def _card(session: WorkshopSession, card_pk: int) -> Card:
    card = Card.objects.filter(session=session, pk=card_pk).first()
    if card is None:
        raise Http404
    return card


def _cluster(session: WorkshopSession, cluster_pk: str | int | None) -> Cluster | None:
    if cluster_pk in (None, ""):
        return None
    if not str(cluster_pk).isdigit():
        raise ValidationError(_("Please choose a cluster."))
    cluster = Cluster.objects.filter(session=session, pk=int(cluster_pk)).first()
    if cluster is None:
        raise ValidationError(_("This cluster no longer exists (perhaps it was just merged). Please choose again."))
    return cluster


@require_POST
def card_move(request: HttpRequest, pk: int, card_pk: int) -> HttpResponse:
    session = _run(request, pk)
    card = _card(session, card_pk)
    try:
        cluster = _cluster(session, request.POST.get("cluster"))
        services.card_move(session=session, card=card, cluster=cluster)
    except ValidationError as error:
        _service_error(request, error)
    else:
        if cluster is None:
            messages.success(request, _("The card is no longer in a cluster."))
        else:
            messages.success(request, _("The card is now in “%(title)s”.") % {"title": cluster.title})
    return _console(session, f"card-{card.pk}")


@require_POST
def card_hide(request: HttpRequest, pk: int, card_pk: int) -> HttpResponse:
    session = _run(request, pk)
    card = _card(session, card_pk)
    hidden = request.POST.get("action") == "hide"
    try:
        services.card_set_hidden(session=session, card=card, hidden=hidden, by=request.user)
    except ValidationError as error:
        _service_error(request, error)
    else:
        messages.success(request, _("The card is hidden.") if hidden else _("The card is shown again."))
    return _console(session, "board")


@require_POST
def cluster_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = _run(request, pk)
    form = ClusterForm(request.POST)
    if form.is_valid():
        cards = list(Card.objects.filter(session=session, pk__in=request.POST.getlist("cards")))
        try:
            cluster = services.cluster_create(session=session, title=form.cleaned_data["title"], cards=cards)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The cluster “%(title)s” is on the board.") % {"title": cluster.title})
            return _console(session, f"cluster-{cluster.pk}")
    return render(request, "workshops/console.html", _console_context(request, session, cluster_form=form), status=400)


@require_POST
def cluster_change(request: HttpRequest, pk: int, cluster_pk: int) -> HttpResponse:
    session = _run(request, pk)
    cluster = Cluster.objects.filter(session=session, pk=cluster_pk).first()
    if cluster is None:
        messages.error(request, _("This cluster no longer exists (perhaps it was just merged)."))
        return _console(session, "board")
    action = request.POST.get("action")
    anchor = f"cluster-{cluster.pk}"
    try:
        if action == "rename":
            services.cluster_rename(session=session, cluster=cluster, title=request.POST.get("title", ""))
            messages.success(request, _("The cluster is renamed."))
        elif action in ("up", "down"):
            services.cluster_move(session=session, cluster=cluster, direction=action)
            messages.success(request, _("The order of the clusters is changed."))
        elif action == "merge":
            target = _cluster(session, request.POST.get("target"))
            if target is None:
                raise ValidationError(_("Please choose the cluster to merge with."))
            target = services.cluster_merge(session=session, source=cluster, target=target)
            messages.success(request, _("The clusters are merged into “%(title)s”.") % {"title": target.title})
            anchor = f"cluster-{target.pk}"
        elif action == "delete":
            services.cluster_delete(session=session, cluster=cluster)
            messages.success(
                request, _("The cluster is dissolved; its cards are back among the cards without a cluster.")
            )
            anchor = "board"
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        _service_error(request, error)
    return _console(session, anchor)


@require_POST
def vote_change(request: HttpRequest, pk: int) -> HttpResponse:
    session = _run(request, pk)
    action = request.POST.get("action")
    try:
        if action == "configure":
            form = VoteSettingsForm(request.POST)
            if not form.is_valid():
                return render(
                    request, "workshops/console.html", _console_context(request, session, vote_form=form), status=400
                )
            services.vote_configure(session=session, **form.cleaned_data)
            messages.success(request, _("The rules of the vote are saved."))
        elif action in (VoteState.OPEN, VoteState.CLOSED):
            services.vote_set_state(session=session, state=action)
            messages.success(request, _("The vote is open.") if action == VoteState.OPEN else _("The vote is closed."))
        elif action in ("reveal", "conceal"):
            services.results_reveal(session=session, revealed=action == "reveal")
            messages.success(
                request,
                _("The projector shows the result.")
                if action == "reveal"
                else _("The projector no longer shows the result."),
            )
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        _service_error(request, error)
    return _console(session, "vote")


@require_POST
def paper_dots(request: HttpRequest, pk: int) -> HttpResponse:
    session = _run(request, pk)
    count = request.POST.get("count", "").strip()
    try:
        option = services.option_get(session=session, key=request.POST.get("option", ""))
        if not count.isdigit():
            raise ValidationError(_("Please enter the number of paper dots as a whole number (0 or more)."))
        services.paper_dots_set(session=session, option=option, count=int(count), added_by=request.user)
    except ValidationError as error:
        _service_error(request, error)
    else:
        messages.success(request, _("The paper dots for “%(title)s” are saved.") % {"title": option.title[:80]})
    return _console(session, "vote")


@require_POST
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    session = _run(request, pk)
    try:
        ideas = services.session_transfer(session=session)
    except ValidationError as error:
        _service_error(request, error)
    else:
        if ideas:
            messages.success(
                request,
                _("%(count)s contributions are now in the idea collection.") % {"count": len(ideas)},
            )
        else:
            messages.info(request, _("Everything was already transferred; nothing was added twice."))
    return _console(session, "transfer")


@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = _run(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(
                session=session, image=form.cleaned_data["image"], alt_text=form.cleaned_data["alt_text"]
            )
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {None: error.error_list}).items():
                form.add_error(field if field in form.fields else "image", errors)
        else:
            messages.success(request, _("The photo is saved in the record."))
            return _console(session, "photos")
    return render(request, "workshops/console.html", _console_context(request, session, photo_form=form), status=400)


@require_POST
def photo_delete(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    session = _run(request, pk)
    photo = get_object_or_404(FlipchartPhoto, session=session, pk=photo_pk)
    services.photo_delete(session=session, photo=photo)
    messages.success(request, _("The photo is removed."))
    return _console(session, "photos")


# -- the projector -----------------------------------------------------------------------


def _projector_context(request: HttpRequest, session: WorkshopSession) -> dict:
    board = selectors.board(session=session)
    current = board.cards_by_step.get(session.step, [])
    return {
        "session": session,
        "board": board,
        "current_cards": list(reversed(current)),
        "ranking": board.ranking if session.results_revealed else [],
        "join_url": _join_url(request, session),
        "join_page": absolute_url(reverse("workshops:join")),
        "qr": _qr_svg(_join_url(request, session)),
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
    if _unchanged(request, revision):
        return _no_content()
    session = selectors.session_for_projector(key=key)
    return render(request, "workshops/_projector_live.html", _projector_context(request, session))


# -- participants ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str = "") -> HttpResponse:
    """Type the code (or arrive from the QR code with it filled in), optionally a nickname, and join."""
    form = JoinForm(request.POST or None, initial={"code": code})
    if request.method == "POST":
        if _too_fast(request, "join:ip"):
            return render(request, "workshops/join.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                session = services.session_for_code(form.cleaned_data["code"])
                returning = _participant(request, session.pk)
                if returning is not None:
                    # The same phone again (the QR code scanned twice): the same cards and dots, no new allowance.
                    messages.info(request, _("Welcome back! Here are your cards and dots."))
                    return redirect("workshops:participant", pk=session.pk)
                participant, token = services.participant_join(
                    code=form.cleaned_data["code"], pseudonym=form.cleaned_data["pseudonym"]
                )
            except ValidationError as error:
                form.add_error("code", error.messages)
            else:
                response = redirect("workshops:participant", pk=participant.session_id)
                _set_token(request, response, participant.session_id, token)
                messages.success(request, _("Welcome! You are taking part."))
                return response
        return render(request, "workshops/join.html", {"form": form}, status=400)
    return render(request, "workshops/join.html", {"form": form})


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
    return selectors.participant_for_token(session_pk=pk, token=_token(request, pk))


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
    if _unchanged(request, revision):
        return _no_content()
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
        _service_error(request, error)
    return redirect(reverse("workshops:participant", kwargs={"pk": pk}) + "#vote")


# -- the record --------------------------------------------------------------------------


def record(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk, "workshops.view_record")
    board = selectors.board(session=session)
    return render(
        request,
        "workshops/record.html",
        {
            "session": session,
            "event": session.event,
            "process": session.event.process,
            "organisation": session.event.process.organisation,
            "board": board,
            "ranking": [option for option in board.ranking if board.dots_total],
            "photos": list(session.photos.all()),
            "can_view_console": request.user.has_perm("workshops.view_session", session),
        },
    )
