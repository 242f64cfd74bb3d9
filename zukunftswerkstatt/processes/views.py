from __future__ import annotations

from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from zukunftswerkstatt.core.pagecache import visitor_cache

from .models import Module, PhaseState, Process
from .registry import registry
from .selectors import (
    module_page_visible,
    phase_main_action,
    process_current_phase,
    process_get_for_page,
    process_timeline,
    processes_for_organisation,
    processes_main_actions,
)


def organisation_page_part(*, request: HttpRequest, organisation) -> dict:
    """The organisation's start page (core.views.organisation_page) lists its processes and the
    main action of each running one; registered in ProcessesConfig.ready()."""
    processes = processes_for_organisation(organisation=organisation, user=request.user)
    actions = processes_main_actions(processes=processes)
    return {
        "processes": processes,
        "main_actions": [(process, actions[process.pk]) for process in processes if process.pk in actions],
    }


def _process_or_404(request: HttpRequest, organisation_slug: str, process_slug: str) -> Process:
    try:
        process = process_get_for_page(organisation_slug=organisation_slug, process_slug=process_slug)
    except Process.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("processes.view_process", process):
        # An unpublished process does not exist for the public.
        raise Http404
    return process


@visitor_cache
def process_detail(request: HttpRequest, organisation_slug: str, process_slug: str) -> HttpResponse:
    process = _process_or_404(request, organisation_slug, process_slug)
    now = timezone.now()
    timeline = process_timeline(process=process, now=now)
    # One query for every event: each part of the timeline lists its own, and the events section
    # below lists those still to come.
    events = registry.events_by_phase(process=process)
    current = process_current_phase(timeline=timeline)
    main_action = phase_main_action(phase=current.phase, modules=current.modules, now=now) if current else None
    upcoming = sorted((e for group in events.values() for e in group if e.end > now), key=lambda e: (e.start, e.pk))
    return render(
        request,
        "processes/process_detail.html",
        {
            "process": process,
            "organisation": process.organisation,
            "timeline": [replace(entry, events=events.get(entry.phase.pk, [])) for entry in timeline],
            "current": current,
            "main_action": main_action,
            "municipalities": process.municipalities.all(),
            "events": upcoming,
            "now": now,
        },
    )


@visitor_cache
def phase_detail(request: HttpRequest, organisation_slug: str, process_slug: str, phase_pk: int) -> HttpResponse:
    process = _process_or_404(request, organisation_slug, process_slug)
    timeline = process_timeline(process=process)
    entry = next((e for e in timeline if e.phase.pk == phase_pk), None)
    if entry is None:
        raise Http404
    return render(
        request,
        "processes/phase_detail.html",
        {
            "process": process,
            "organisation": process.organisation,
            "entry": entry,
            "timeline": timeline,
            "phase_events": registry.events_by_phase(process=process).get(entry.phase.pk, []),
            "now": timezone.now(),
        },
    )


@visitor_cache
def module_detail(request: HttpRequest, organisation_slug: str, process_slug: str, module_pk: int) -> HttpResponse:
    process = _process_or_404(request, organisation_slug, process_slug)
    module = get_object_or_404(Module.objects.select_related("phase"), pk=module_pk, phase__process=process)
    if not module_page_visible(user=request.user, module=module):
        raise Http404  # like an unpublished process: it does not exist for the public
    module.phase.process = process
    # An information page must not be a dead end: it leads on to what one can do in its phase.
    now = timezone.now()
    siblings = list(module.phase.modules.filter(is_published=True).exclude(pk=module.pk).order_by("position", "pk"))
    for sibling in siblings:
        sibling.phase = module.phase
    running = module.phase.state(now) == PhaseState.RUNNING
    return render(
        request,
        "processes/module_detail.html",
        {
            "process": process,
            "organisation": process.organisation,
            "module": module,
            "phase": module.phase,
            "siblings": siblings,
            "phase_state": module.phase.state(now),
            "main_action": phase_main_action(phase=module.phase, modules=siblings, now=now) if running else None,
        },
    )
