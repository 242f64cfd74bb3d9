"""Reads for process pages: one query per kind of object, however many phases there are.

Whether a person may see something is asked of the rules (`user.has_perm`), never worked out here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from .models import Module, Phase, PhaseState, Process
from .registry import MainAction, registry


def module_page_visible(*, user, module: Module) -> bool:
    """Whether `user` may see the module's page, asked as the page itself asks.

    Downloads and parts of a page that have a URL of their own (a chart's CSV) call this with the
    page's module, so that they follow its publication rules exactly instead of a copy of them.
    """
    module_type = registry.module_types.get(module.type)
    if module_type is not None and module_type.view_permission:
        return user.has_perm(module_type.view_permission, module)
    # The generic module page's rule (processes.views.module_detail): an unpublished module exists
    # only for the team that prepares it.
    process = module.phase.process
    if not user.has_perm("processes.view_process", process):
        return False
    if module.is_published:
        return True
    if module_type is not None and module_type.team_permission:
        return user.has_perm(module_type.team_permission, module)
    return user.has_perm("core.view_organisation_backoffice", process)


def module_get(*, module_pk: int) -> Module:
    """A module with its phase, process and organisation (which every module page shows)."""
    return Module.objects.select_related("phase__process__organisation").get(pk=module_pk)


def module_for_view(request, module_pk: int, *, type: str) -> Module:  # noqa: A002 - the module's field
    """The module of a module page of type `type`, if `request.user` may see that page; else Http404.

    What "may see" means is the module type's declaration (`view_permission`, or the generic rule with
    its `team_permission`), asked through `module_page_visible`: a module one may not see does not
    exist, as an unpublished process.
    """
    try:
        module = module_get(module_pk=module_pk)
    except Module.DoesNotExist as error:
        raise Http404 from error
    if module.type != type or not module_page_visible(user=request.user, module=module):
        raise Http404
    return module


@dataclass(frozen=True)
class TimelineEntry:
    phase: Phase
    number: int
    state: PhaseState
    modules: list[Module]
    events: list = field(default_factory=list)
    """The phase's published events, where the page shows them (filled in by the view)."""


def published_module_of_type(*, process: Process, type: str) -> Module | None:
    """The first published module of a type in a process (by phase, position): how an earlier app
    links to a later app's module by its registered type, without importing the later app."""
    return (
        Module.objects.filter(phase__process=process, type=type, is_published=True)
        .select_related("phase__process__organisation")
        .order_by("phase__start", "position", "pk")
        .first()
    )


def process_get_for_page(*, organisation_slug: str, process_slug: str) -> Process:
    return Process.objects.select_related("organisation").get(organisation__slug=organisation_slug, slug=process_slug)


def process_timeline(*, process: Process, now: dt.datetime | None = None) -> list[TimelineEntry]:
    """The phases in order with their state and published modules."""
    now = now or timezone.now()
    phases = process.phases.prefetch_related(
        Prefetch("modules", queryset=Module.objects.filter(is_published=True), to_attr="published_modules")
    )
    entries = []
    for number, phase in enumerate(phases, start=1):
        phase.process = process  # spare a query per phase when building URLs
        entries.append(
            TimelineEntry(phase=phase, number=number, state=phase.state(now), modules=phase.published_modules)
        )
    return entries


def process_current_phase(*, timeline: list[TimelineEntry]) -> TimelineEntry | None:
    for entry in timeline:
        if entry.state == PhaseState.RUNNING:
            return entry
    return None


def processes_for_organisation(*, organisation, user) -> list[Process]:
    """The processes a person may see on the organisation's page (`processes.view_process`)."""
    queryset = Process.objects.filter(organisation=organisation).select_related("organisation")
    return [
        process for process in queryset.prefetch_related("phases") if user.has_perm("processes.view_process", process)
    ]


def _module_action(module: Module, now: dt.datetime) -> MainAction | None:
    if module.type not in registry.module_types:
        return None
    action = module.module_type.call_to_action
    if action is None or (action.is_open is not None and not action.is_open(module, now)):
        return None
    return MainAction(
        label=action.label,
        url=reverse(action.url_name, kwargs={"module_pk": module.pk}),
        phase=module.phase,
        module=module,
    )


def phase_main_action(*, phase: Phase, modules: list[Module], now: dt.datetime | None = None) -> MainAction | None:
    """The main action of a running phase: the first of its published modules (in their order) that
    declares one and is open, else what a registered provider offers (the next event to sign up for)."""
    now = now or timezone.now()
    for module in modules:
        module.phase = phase
        action = _module_action(module, now)
        if action is not None:
            return action
    for provider in registry.phase_action_providers:
        action = provider(phase=phase, now=now)
        if action is not None:
            return action
    return None


def processes_main_actions(*, processes: list[Process], now: dt.datetime | None = None) -> dict[int, MainAction]:
    """For each published process with a running phase, the main action of what runs now.

    One query for the running phases' modules (the phases come prefetched with the processes);
    a phase whose modules offer nothing asks the registered providers, one query each.
    """
    now = now or timezone.now()
    running: dict[int, Phase] = {}
    for process in processes:
        if not process.is_published:
            continue
        for phase in process.phases.all():
            if phase.state(now) == PhaseState.RUNNING:
                phase.process = process
                running[phase.pk] = phase
                break
    if not running:
        return {}
    modules: dict[int, list[Module]] = {pk: [] for pk in running}
    for module in Module.objects.filter(phase_id__in=running, is_published=True).order_by("position", "pk"):
        modules[module.phase_id].append(module)
    actions = {}
    for phase_pk, phase in running.items():
        action = phase_main_action(phase=phase, modules=modules[phase_pk], now=now)
        if action is not None:
            actions[phase.process_id] = action
    return actions
