"""The themes page of a process and the moderators' actions on it (all POST, all without JavaScript).

A refused action renders the page again with the person's input and the reason next to the form it
came from (status 400); a successful one goes back to the theme it changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zukunftswerkstatt.processes.models import Process
from zukunftswerkstatt.workshops.models import WorkshopSession

from . import selectors, services, tasks
from .models import Theme

NOT_IN_A_THEME = "none"


def _process(request: HttpRequest, process_pk: int, permission: str = "themes.view_themes") -> Process:
    process = get_object_or_404(Process.objects.select_related("organisation"), pk=process_pk)
    if not request.user.has_perm(permission, process):
        raise PermissionDenied
    return process


def _theme(request: HttpRequest, pk: int) -> Theme:
    theme = get_object_or_404(Theme.objects.select_related("process__organisation"), pk=pk)
    if not request.user.has_perm("themes.change_themes", theme.process):
        raise PermissionDenied
    return theme


def _back(process: Process, anchor: str = "") -> HttpResponse:
    url = reverse("themes:process", kwargs={"process_pk": process.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _errors(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _render(request: HttpRequest, process: Process, *, failed: dict | None = None) -> HttpResponse:
    page = selectors.themes_page(process)
    failed = failed or {}
    shown = False
    for theme in page.themes:
        theme.failed = failed if failed.get("theme") == theme.pk else {}
        shown = shown or bool(theme.failed)
    if failed.get("theme") == NOT_IN_A_THEME and page.unthemed:
        shown = True
    if failed and not shown:
        # The form it came from is gone (a theme dissolved meanwhile): the reason goes on top.
        for error in failed["errors"]:
            messages.error(request, error)
    context = {
        "process": process,
        "organisation": process.organisation,
        "page": page,
        "run": page.run,
        "failed": failed,
        "unthemed_failed": failed if failed.get("theme") == NOT_IN_A_THEME else {},
        "can_cluster": request.user.has_perm("workshops.run_session", process),
        "can_measure": request.user.has_perm("plans.add_measure", process),
    }
    return render(request, "themes/page.html", context, status=400 if failed else 200)


@require_GET
def themes_page(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = _process(request, process_pk)
    if request.headers.get("HX-Request"):
        # The status poll: while the run is waiting or computed, the status alone; then the whole page.
        run = selectors.latest_run(process)
        response = render(request, "themes/_run_status.html", {"process": process, "run": run})
        if run is None or not run.is_active:
            response["HX-Refresh"] = "true"
        return response
    return _render(request, process)


@require_POST
def run_start(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = _process(request, process_pk, "themes.change_themes")
    try:
        run = services.theme_run_request(process=process, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        tasks.theme_run_queue(run=run)
        messages.success(request, _("The themes are being computed. This page shows them when they are ready."))
    return _back(process, "run-status")


def _keys(request: HttpRequest) -> list[str]:
    return request.POST.getlist("items")


def _origin(request: HttpRequest) -> int | str:
    """The form the items came from: a theme's id, or "none" for the items not in a theme."""
    origin = request.POST.get("origin", "")
    return int(origin) if origin.isdigit() else NOT_IN_A_THEME


@require_POST
def theme_create(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = _process(request, process_pk, "themes.change_themes")
    keys = _keys(request)
    title = request.POST.get("title", "")
    try:
        theme = services.theme_create(process=process, title=title, keys=keys, by=request.user)
    except ValidationError as error:
        return _render(
            request,
            process,
            failed={
                "theme": _origin(request),
                "form": "items",
                "errors": _errors(error),
                "ticked": set(keys),
                "title": title,
            },
        )
    messages.success(request, _("The theme “%(title)s” was made from the ticked items.") % {"title": theme.title})
    return _back(process, f"theme-{theme.pk}")


@require_POST
def items_move(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = _process(request, process_pk, "themes.change_themes")
    keys = _keys(request)
    target_value = request.POST.get("target", "")
    target = None
    if target_value != NOT_IN_A_THEME:
        target = Theme.objects.filter(process=process, pk=int(target_value) if target_value.isdigit() else 0).first()
    try:
        if target is None and target_value != NOT_IN_A_THEME:
            raise ValidationError(_("Please choose where the ticked items go."))
        moved = services.theme_items_move(process=process, keys=keys, target=target, by=request.user)
    except ValidationError as error:
        return _render(
            request,
            process,
            failed={
                "theme": _origin(request),
                "form": "items",
                "errors": _errors(error),
                "ticked": set(keys),
                "title": request.POST.get("title", ""),
            },
        )
    destination = target.title if target else _("not in a theme")
    messages.success(request, _("%(n)d items moved to “%(to)s”.") % {"n": moved, "to": destination})
    return _back(process, f"theme-{target.pk}" if target else "unthemed")


@require_POST
def theme_accept(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    services.theme_accept(theme=theme, by=request.user)
    messages.success(request, _("The theme “%(title)s” is accepted.") % {"title": theme.title})
    return _back(theme.process, f"theme-{theme.pk}")


@require_POST
def theme_rename(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    title = request.POST.get("title", "")
    try:
        services.theme_rename(theme=theme, title=title, by=request.user)
    except ValidationError as error:
        return _render(
            request,
            theme.process,
            failed={"theme": theme.pk, "form": "rename", "errors": _errors(error), "title": title},
        )
    messages.success(request, _("The theme is now called “%(title)s”.") % {"title": theme.title})
    return _back(theme.process, f"theme-{theme.pk}")


@require_POST
def theme_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    title = theme.title
    services.theme_dissolve(theme=theme, by=request.user)
    messages.success(
        request, _("The theme “%(title)s” was dissolved; its items are not in a theme.") % {"title": title}
    )
    return _back(theme.process, "unthemed")


@require_POST
def theme_cluster(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    if not request.user.has_perm("workshops.run_session", theme.process):
        raise PermissionDenied
    session_pk = request.POST.get("session", "")
    session = (
        WorkshopSession.objects.select_related("event")
        .filter(ideas_module__phase__process=theme.process, pk=int(session_pk) if session_pk.isdigit() else 0)
        .first()
    )
    try:
        if session is None:
            raise ValidationError(_("Please choose a live board."))
        cluster = services.theme_to_cluster(theme=theme, session=session, by=request.user)
    except ValidationError as error:
        return _render(request, theme.process, failed={"theme": theme.pk, "form": "cluster", "errors": _errors(error)})
    messages.success(
        request,
        _("The cluster “%(title)s” is on the board of “%(session)s”.")
        % {"title": cluster.title, "session": session.title},
    )
    return _back(theme.process, f"theme-{theme.pk}")


@require_POST
def theme_measure(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme(request, pk)
    if not request.user.has_perm("plans.add_measure", theme.process):
        raise PermissionDenied
    try:
        measure = services.theme_to_measure(theme=theme, by=request.user)
    except ValidationError as error:
        return _render(request, theme.process, failed={"theme": theme.pk, "form": "measure", "errors": _errors(error)})
    messages.success(
        request, _("The measure “%(title)s” was started from the theme. Complete it here.") % {"title": measure.title}
    )
    return redirect(reverse("plans:measure_edit", kwargs={"pk": measure.pk}))
