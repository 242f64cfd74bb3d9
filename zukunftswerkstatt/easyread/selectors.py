"""What the pages in Leichte Sprache show: the organisation's pages and the running phases' calls to action."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.safestring import SafeString

from zukunftswerkstatt.core.models import Organisation
from zukunftswerkstatt.processes.models import Phase, PhaseState, Process
from zukunftswerkstatt.processes.registry import MainAction
from zukunftswerkstatt.processes.selectors import processes_main_actions

from .models import EasyReadPage, PhaseSentence, with_break_points


def easyread_pages(*, organisation: Organisation, published_only: bool = True) -> list[EasyReadPage]:
    pages = EasyReadPage.objects.filter(organisation=organisation).select_related("organisation")
    if published_only:
        pages = pages.filter(is_published=True)
    return list(pages.order_by("position", "pk"))


@dataclass(frozen=True)
class PhaseCall:
    """A running phase with its sentence in Leichte Sprache and what to do now."""

    process: Process
    phase: Phase
    sentence: str
    action: MainAction | None

    @property
    def sentence_html(self) -> SafeString:
        return with_break_points(linebreaks(self.sentence, autoescape=True))


def running_phase_calls(*, organisation: Organisation, now: dt.datetime | None = None) -> list[PhaseCall]:
    """Each running phase of the organisation's published processes, with the main action the
    process page offers (processes' registry) and the sentence staff wrote. Four queries, and one per
    running phase whose modules offer no action (the registered providers, e.g. the next event)."""
    now = now or timezone.now()
    processes = list(
        Process.objects.filter(organisation=organisation, is_published=True)
        .select_related("organisation")
        .prefetch_related("phases")
        .order_by("pk")
    )
    actions = processes_main_actions(processes=processes, now=now)
    running = [
        (process, phase)
        for process in processes
        for phase in process.phases.all()
        if phase.state(now) == PhaseState.RUNNING
    ]
    sentences = dict(
        PhaseSentence.objects.filter(phase__in=[phase for _process, phase in running]).values_list("phase_id", "text")
    )
    calls = []
    for process, phase in running:
        phase.process = process
        action = actions.get(process.pk)
        calls.append(
            PhaseCall(
                process=process,
                phase=phase,
                sentence=sentences.get(phase.pk, ""),
                action=action if action is not None and action.phase.pk == phase.pk else None,
            )
        )
    return calls


def editable_phases(*, organisation: Organisation, now: dt.datetime | None = None) -> list[tuple[Phase, str]]:
    """The phases staff may write a sentence for: those not finished yet, with their sentence."""
    now = now or timezone.now()
    phases = list(
        Phase.objects.filter(process__organisation=organisation, end__gt=now)
        .select_related("process", "process__organisation", "easyread_sentence")
        .order_by("start", "pk")
    )
    return [
        (phase, getattr(phase, "easyread_sentence", None) and phase.easyread_sentence.text or "") for phase in phases
    ]
