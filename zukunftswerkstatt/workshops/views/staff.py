"""What the moderators do: open a session for an event, and on the console move through the
steps, add paper cards, cluster, run the dot vote, transfer the results and add flipchart photos."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zukunftswerkstatt.accounts.forms import participant_details
from zukunftswerkstatt.core.views_common import add_service_errors
from zukunftswerkstatt.events.models import Event
from zukunftswerkstatt.processes.models import Module

from .. import selectors, services
from ..forms import ClusterForm, PaperCardForm, PhotoForm, SessionForm, VoteSettingsForm, new_nonce
from ..models import CARD_STEPS, STEP_ORDER, Card, Cluster, FlipchartPhoto, Step, VoteState, WorkshopSession
from .common import get_session, join_url, message_errors, no_content, qr_svg, unchanged

# -- starting a session --------------------------------------------------------------------


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
            message_errors(request, error)
        else:
            messages.success(request, _("The session is ready. Show the projector view on the wall."))
            return _console(session)
    context = {"event": event, "process": event.process, "organisation": event.process.organisation, "form": form}
    return render(request, "workshops/start.html", context, status=400 if form.errors else 200)


# -- the moderator's console ---------------------------------------------------------------


def _console(session: WorkshopSession, anchor: str = "") -> HttpResponse:
    url = reverse("workshops:console", kwargs={"pk": session.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


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
        "process": session.process,
        "organisation": session.process.organisation,
        "board": board,
        "options": options,
        "ranking": board.ranking,
        "can_run": can_run,
        "steps": [(value, Step(value).label) for value in STEP_ORDER],
        "card_steps": CARD_STEPS,
        "suggested_dots": services.suggested_dots(len(options)),
        "join_url": join_url(request, session),
        "qr": qr_svg(join_url(request, session)),
        "paper_form": extra.get("paper_form")
        or PaperCardForm(
            initial={"step": session.step if session.collects_cards else Step.CRITICISM, "nonce": new_nonce()},
            organisation=session.process.organisation,
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
    session = get_session(request, pk)
    return render(request, "workshops/console.html", _console_context(request, session))


@never_cache
@require_GET
def console_board(request: HttpRequest, pk: int) -> HttpResponse:
    """The console's poll: 204 while the revision is unchanged, else the board anew."""
    if not request.user.has_perm("workshops.view_session", _light_session(pk)):
        raise PermissionDenied
    if unchanged(request, selectors.revision_of(pk=pk)):
        return no_content()
    session = get_session(request, pk)
    return render(request, "workshops/_console_live.html", _console_context(request, session))


def _light_session(pk: int) -> WorkshopSession:
    """The session with just enough for the permission check (organisation through the event)."""
    session = (
        WorkshopSession.objects.select_related("event__process", "ideas_module__phase__process")
        .only(
            "pk",
            "step",
            "event__process__organisation_id",
            "event__is_published",
            "event__process__is_published",
            "ideas_module__phase__process__organisation_id",
            "ideas_module__phase__process__is_published",
        )
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    return session


def _run(request: HttpRequest, pk: int) -> WorkshopSession:
    return get_session(request, pk, "workshops.run_session")


@require_POST
def step_set(request: HttpRequest, pk: int) -> HttpResponse:
    session = _run(request, pk)
    step = request.POST.get("step", "")
    try:
        session = services.session_set_step(
            session=session, step=step, expected_step=request.POST.get("expected_step") or None
        )
    except ValidationError as error:
        message_errors(request, error)
    else:
        messages.success(
            request, _("The session is now in the step “%(step)s”.") % {"step": session.get_step_display()}
        )
    return _console(session, "steps")


@require_POST
def paper_card_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = _run(request, pk)
    form = PaperCardForm(request.POST, organisation=session.process.organisation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            card, created = _paper_card(session, data, request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                messages.success(request, _("The paper card is on the board."))
            else:
                messages.info(request, _("This card had already arrived; it was not added twice."))
            return _console(session, "paper")
    return render(request, "workshops/console.html", _console_context(request, session, paper_form=form), status=400)


def _paper_card(session: WorkshopSession, data: dict, user):
    return services.card_add(
        session=session,
        text=data["text"],
        step=data["step"],
        nonce=data["nonce"],
        from_paper=True,
        added_by=user,
        **participant_details(data),
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
        message_errors(request, error)
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
        message_errors(request, error)
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
        message_errors(request, error)
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
        message_errors(request, error)
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
        message_errors(request, error)
    else:
        messages.success(request, _("The paper dots for “%(title)s” are saved.") % {"title": option.title[:80]})
    return _console(session, "vote")


@require_POST
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    session = _run(request, pk)
    try:
        ideas = services.session_transfer(session=session)
    except ValidationError as error:
        message_errors(request, error)
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
