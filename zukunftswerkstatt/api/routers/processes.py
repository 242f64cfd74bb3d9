"""Published processes of an organisation with their phases, the phases' published modules, what can be
done now ("Jetzt mitmachen"), and the API addresses of everything that belongs to a process."""

import datetime as dt

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.models import Municipality, Organisation
from zukunftswerkstatt.processes.models import Module, Phase, Process
from zukunftswerkstatt.processes.selectors import phase_main_action

from ..conventions import CursorPage, note_modified, public_process

router = Router(tags=["Processes"])

# The parts of a process with their own addresses in the API (api/routers/*.py).
SUB_RESOURCES = ("contributions", "events", "inventory", "swot", "measures", "reviews", "surveys")


class TownRef(Schema):
    id: int
    name: str
    ags: str


class ModuleOut(Schema):
    id: int
    type: str = Field(..., description='The kind of module: "ideas", "survey", "swot", "inventory", …')
    type_label: str
    title: str
    url: str

    @staticmethod
    def resolve_type_label(module: Module) -> str:
        return str(module.module_type.name) if module.type else ""

    @staticmethod
    def resolve_url(module: Module) -> str:
        return absolute_url(module.get_absolute_url())


class ImageOut(Schema):
    url: str
    alt: str


class PhaseOut(Schema):
    id: int
    type: str = Field(..., description="kickoff, profile, workshop, action_plan or review (the five phases).")
    type_label: str
    name: str
    description: str
    start: dt.datetime
    end: dt.datetime = Field(..., description="The phase ends at this moment (exclusive).")
    state: str = Field(..., description="upcoming, running or finished, now.")
    image: ImageOut | None
    modules: list[ModuleOut] = Field(..., description="The phase's published modules, in their order.")
    url: str

    @staticmethod
    def resolve_type_label(phase: Phase) -> str:
        return str(phase.phase_type.name)

    @staticmethod
    def resolve_name(phase: Phase) -> str:
        return str(phase.display_name)

    @staticmethod
    def resolve_description(phase: Phase) -> str:
        return str(phase.display_description)

    @staticmethod
    def resolve_state(phase: Phase) -> str:
        return str(phase.state())

    @staticmethod
    def resolve_image(phase: Phase):
        return {"url": absolute_url(phase.image.url), "alt": phase.image_alt} if phase.image else None

    @staticmethod
    def resolve_modules(phase: Phase) -> list:
        return phase.published_modules

    @staticmethod
    def resolve_url(phase: Phase) -> str:
        return absolute_url(phase.get_absolute_url())


class ActionOut(Schema):
    label: str = Field(..., description='What to do, e.g. "Write down an idea".')
    url: str
    phase: int


class ProcessOut(Schema):
    slug: str
    title: str
    theme: str
    description: str
    towns: list[TownRef] = Field(..., description="The towns in scope; empty: all towns of the organisation.")
    blueprint: str
    phases: list[PhaseOut]
    running_phase: int | None = Field(None, description="The id of the phase running now, if any.")
    action: ActionOut | None = Field(None, description='What people can do now ("Jetzt mitmachen"), if anything.')
    url: str
    links: dict[str, str] = Field(
        ..., description="API addresses of the process's parts: " + ", ".join(SUB_RESOURCES) + "."
    )
    modified: dt.datetime

    @staticmethod
    def resolve_towns(process: Process) -> list:
        return list(process.municipalities.all())

    @staticmethod
    def resolve_phases(process: Process) -> list:
        phases = list(process.phases.all())
        for phase in phases:
            phase.process = process
            for module in phase.published_modules:
                module.phase = phase
        return phases

    @staticmethod
    def resolve_running_phase(process: Process) -> int | None:
        running = _running(process)
        return running.pk if running else None

    @staticmethod
    def resolve_action(process: Process):
        running = _running(process)
        if running is None:
            return None
        action = phase_main_action(phase=running, modules=running.published_modules)
        if action is None:
            return None
        return {"label": str(action.label), "url": absolute_url(action.url), "phase": running.pk}

    @staticmethod
    def resolve_url(process: Process) -> str:
        return absolute_url(process.get_absolute_url())

    @staticmethod
    def resolve_links(process: Process) -> dict[str, str]:
        base = f"/api/v1/organisations/{process.organisation.slug}/processes/{process.slug}"
        return {name: absolute_url(f"{base}/{name}") for name in SUB_RESOURCES}


def _running(process: Process) -> Phase | None:
    now = timezone.now()
    return next((phase for phase in process.phases.all() if phase.start <= now < phase.end), None)


def _processes(organisation: Organisation):
    return (
        Process.objects.published()
        .filter(organisation=organisation)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name", "pk")),
            Prefetch(
                "phases",
                queryset=Phase.objects.order_by("start", "pk").prefetch_related(
                    Prefetch(
                        "modules",
                        queryset=Module.objects.filter(is_published=True).order_by("position", "pk"),
                        to_attr="published_modules",
                    )
                ),
            ),
        )
    )


@router.get(
    "/organisations/{org}/processes",
    response=list[ProcessOut],
    summary="Processes of an organisation",
    description="The organisation's published participation processes, newest first.",
)
@paginate(CursorPage, ordering=("-pk",))
def process_list(request: HttpRequest, org: str):
    return _processes(get_object_or_404(Organisation, slug=org))


@router.get("/organisations/{org}/processes/{process}", response=ProcessOut, summary="One process")
def process_detail(request: HttpRequest, org: str, process: str):
    found = public_process(org, process)
    found = get_object_or_404(_processes(found.organisation), pk=found.pk)
    note_modified(request, found.modified)
    return found
