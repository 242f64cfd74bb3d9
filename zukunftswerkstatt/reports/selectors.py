"""What the municipal profile document shows, gathered from the apps that own the content.

Each section states its source and reference date. The demography and SWOT sections come from
their apps (demography.selectors.profile_section, the template includes
demography/includes/profile_section.html and swot/includes/matrix.html); while an app does not
provide them yet, or has no data, the section says so instead of failing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from zukunftswerkstatt.core.models import Municipality
from zukunftswerkstatt.inventory.selectors import summary_by_topic
from zukunftswerkstatt.processes.models import Module, Process
from zukunftswerkstatt.processes.registry import registry
from zukunftswerkstatt.processes.selectors import published_module_of_type

from .models import PdfStatus, ProfilePdf

logger = logging.getLogger(__name__)

DEMOGRAPHY_TEMPLATE = "demography/includes/profile_section.html"
SWOT_TEMPLATE = "swot/includes/matrix.html"
# A finished PDF younger than this is handed out again instead of making a new one.
PDF_FRESH_FOR = timezone.timedelta(minutes=10)


def document_module_of(*, process: Process) -> Module | None:
    """The published profile document module of a process (the first, if there are several)."""
    return published_module_of_type(process=process, type="profile_document")


def _template_exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def demography_section(*, process: Process, module: Module) -> dict | None:
    """The demography app's section for this process, or None while it has none to give."""
    try:
        from zukunftswerkstatt.demography.selectors import profile_section
    except ImportError:
        return None
    if not _template_exists(DEMOGRAPHY_TEMPLATE):
        return None
    try:
        section = profile_section(process=process, module=module)
    except Exception:  # another app's bug must not take the whole document down
        logger.exception("demography.profile_section failed for process %s", process.pk)
        return None
    return section or None


@dataclass
class SwotScope:
    municipality: Municipality | None
    items: list = field(default_factory=list)


def _swot_items(*, process: Process) -> list:
    """The SWOT items of the process's published SWOT modules, with what the matrix shows.

    Uses the SWOT app's own queryset and indicator look-up when it has them (a fixed number of
    queries per module), else the plain rows.
    """
    from zukunftswerkstatt.swot.models import SwotItem

    modules = list(
        Module.objects.filter(phase__process=process, type="swot", is_published=True)
        .select_related("phase__process__organisation")
        .order_by("phase__start", "position", "pk")
    )
    try:
        from zukunftswerkstatt.swot.selectors import IndicatorResolver, item_queryset
    except ImportError:
        return list(
            SwotItem.objects.filter(module__in=modules)
            .select_related("municipality", "topic")
            .order_by("position", "pk")
        )
    items = []
    for module in modules:
        module_items = list(item_queryset(module=module))
        IndicatorResolver(module=module).attach(module_items)
        items.extend(module_items)
    return items


def swot_section(*, process: Process) -> dict | None:
    """The SWOT items of the process by scope (the whole association first, then each town by name)."""
    try:
        items = _swot_items(process=process)
    except ImportError:
        return None
    except Exception:  # another app's bug must not take the whole document down
        logger.exception("The SWOT items of process %s could not be read", process.pk)
        return None
    scopes: dict[int | None, SwotScope] = {None: SwotScope(municipality=None)}
    for item in sorted(items, key=lambda i: i.municipality.name if i.municipality else ""):
        scope = scopes.get(item.municipality_id)
        if scope is None:
            scope = scopes[item.municipality_id] = SwotScope(municipality=item.municipality)
        scope.items.append(item)
    return {
        "has_template": _template_exists(SWOT_TEMPLATE),
        "scopes": [s for s in scopes.values() if s.items],
        "total": len(items),
        "last_change": max((i.modified for i in items), default=None),
    }


def demography_html(*, section: dict | None, for_print: bool) -> str:
    """The demography app's include rendered with its own context (the dict of profile_section)."""
    if section is None:
        return ""
    try:
        return render_to_string(DEMOGRAPHY_TEMPLATE, {**section, "for_print": for_print})
    except Exception:  # another app's bug must not take the whole document down
        logger.exception("demography/includes/profile_section.html failed")
        return ""


def document_context(*, module: Module, for_print: bool = False) -> dict:
    """Everything the page and the PDF show."""
    process = module.phase.process
    towns = list(process.municipalities.order_by("name"))
    demography = demography_section(process=process, module=module)
    rendered = demography_html(section=demography, for_print=for_print)
    return {
        "module": module,
        "process": process,
        "organisation": process.organisation,
        "towns": towns,
        "for_print": for_print,
        "demography": demography if rendered else None,
        "demography_html": rendered,
        "demography_sources": [source for source, _illustrative in (demography or {}).get("sources", [])],
        "inventory": summary_by_topic(process=process),
        "swot": swot_section(process=process),
        "swot_template": SWOT_TEMPLATE,
        # Sections of later apps (processes.registry.DocumentSection), before the sources; in the PDF
        # computed when it is built.
        "sections": registry.section_parts("profile", process=process, for_print=for_print),
        "generated_at": timezone.now(),
    }


def latest_pdf(*, module: Module) -> ProfilePdf | None:
    return ProfilePdf.objects.filter(module=module).order_by("-created", "-pk").first()


def reusable_pdf(*, module: Module) -> ProfilePdf | None:
    """A PDF being made or made recently, which a new request can share."""
    pdf = latest_pdf(module=module)
    if pdf is None or pdf.status == PdfStatus.FAILED:
        return None
    if pdf.status == PdfStatus.DONE and pdf.created < timezone.now() - PDF_FRESH_FOR:
        return None
    # One being made is shared whatever its age: a build whose worker died is built again by
    # core.documents.document_recover, or given up as failed.
    return pdf


def pdf_get(*, module: Module, pk: int) -> ProfilePdf:
    return ProfilePdf.objects.select_related("module").get(module=module, pk=pk)
