"""The handouts as PDF: one A4 Infoblatt per phase and the notice-board list of the latest
contributions. Public while the process is published (like its pages), 404 otherwise."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from zukunftswerkstatt.core.limits import over_limit
from zukunftswerkstatt.events import printing
from zukunftswerkstatt.processes.models import Phase, Process

from . import selectors


def _visible_process(request: HttpRequest, process: Process) -> Process:
    if not request.user.has_perm("processes.view_process", process):
        raise Http404  # an unpublished process does not exist for the public
    return process


def _too_many(request: HttpRequest) -> HttpResponse | None:
    """Visitors without an account may have a number of PDFs an hour (settings.RATE_LIMITS)."""
    if not request.user.is_authenticated and over_limit(request, "handouts.pdf:ip", method="GET", message=""):
        return HttpResponse(_("Too many downloads in a short time. Please wait a while."), status=429)
    return None


def infoblatt(request: HttpRequest, phase_pk: int) -> HttpResponse:
    """One A4 page about a phase: what happens, when, the next events, how to take part offline and online."""
    phase = get_object_or_404(Phase.objects.select_related("process__organisation"), pk=phase_pk)
    process = _visible_process(request, phase.process)
    if refused := _too_many(request):
        return refused
    now = timezone.now()
    events, more_events = selectors.phase_upcoming_events(phase=phase, now=now)
    url = printing.absolute_url(phase.get_absolute_url())
    return printing.pdf_response(
        request,
        template="handouts/infoblatt.html",
        context={
            "phase": phase,
            "process": process,
            "organisation": process.organisation,
            "events": events,
            "more_events": more_events,
            "url": url,
            "short_url": url.split("://", 1)[-1],
            "qr_svg": printing.qr_svg(url),
        },
        filename=f"infoblatt-{phase.pk}.pdf",
    )


def period_from(request: HttpRequest) -> int:
    """The period in days from ?days=…; anything not offered gives the default."""
    try:
        days = int(request.GET.get("days", ""))
    except ValueError:
        return selectors.DEFAULT_PERIOD
    return days if days in selectors.PERIODS else selectors.DEFAULT_PERIOD


def contributions(request: HttpRequest, process_pk: int) -> HttpResponse:
    """The latest published contributions and answers of a process, for a notice board."""
    process = _visible_process(
        request, get_object_or_404(Process.objects.select_related("organisation"), pk=process_pk)
    )
    if refused := _too_many(request):
        return refused
    days = period_from(request)
    now = timezone.now()
    ideas, more = selectors.latest_contributions(process=process, days=days, now=now)
    url = printing.absolute_url(process.get_absolute_url())
    return printing.pdf_response(
        request,
        template="handouts/contributions.html",
        context={
            "process": process,
            "organisation": process.organisation,
            "ideas": ideas,
            "more": more,
            "days": days,
            "now": now,
            "url": url,
            "short_url": url.split("://", 1)[-1],
            "qr_svg": printing.qr_svg(url),
        },
        filename=f"aushang-beitraege-{process.pk}-{days}.pdf",
    )
