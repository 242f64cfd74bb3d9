"""The code-side registry of phase types, module types and blueprints.

Types are code, not data: a feature app registers its module type when Django starts,
and the database stores only the type's identifier, validated against this registry.
"May a person do this now?" is answered from the features a module type declares and the window in
which it takes input (`processes.rules.module_allows`, the one place that says it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PhaseType:
    identifier: str
    name: str | Promise
    purpose: str | Promise
    """What the phase is for, in one or two sentences for citizens."""
    produces: str | Promise
    """What the phase leaves behind when it is over."""
    participation: str | Promise
    """What a person can do while the phase runs."""
    features: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class CallToAction:
    """The main thing a person can do in a module while its phase runs, e.g. "Write an idea"."""

    label: str | Promise
    url_name: str
    """A URL name taking `module_pk`."""
    is_open: Callable | None = None
    """`is_open(module, now) -> bool` when more than a running phase is needed (a vote with its own dates)."""


@dataclass(frozen=True)
class MainAction:
    """What "Jetzt mitmachen" leads to: a label, where it goes, and the phase it belongs to."""

    label: str | Promise
    url: str
    phase: object
    module: object | None = None


PhaseActionProvider = Callable[..., "MainAction | None"]
EventsProvider = Callable[..., dict]  # (*, process) -> {phase id or None: [event, …]}
"""`provider(phase=..., now=...) -> MainAction | None`, for phases whose main action is not a module's
(the kick-off's next event): registered by the app that owns it, asked when no module has one."""


class InputWindow(StrEnum):
    """When the features a module type declares are open (read by `processes.rules.module_allows`)."""

    PHASE = "phase"
    """While the module's phase runs: from its start (inclusive) to its end (exclusive), the rule of
    `Phase.state` and `PhaseQuerySet.running`."""
    UNTIL_CLOSED = "until_closed"
    """From the start of the module's phase until staff close the module (`ModuleType.input_closed`):
    the end of the phase does not close it (the SWOT analysis is discussed on in the future workshop)."""


@dataclass(frozen=True)
class ModuleType:
    identifier: str
    name: str | Promise
    description: str | Promise
    phase_types: frozenset[str] = field(default_factory=frozenset)
    """The phase types that may hold this module; empty means every phase type."""
    features: frozenset[str] = field(default_factory=frozenset)
    """What citizens may do in a module of this type, e.g. "contribute", "comment", "suggest"; whether a
    feature is open at a moment is `processes.rules.module_allows(module, feature, now)`."""
    input_window: InputWindow = InputWindow.PHASE
    """When the features are open: while the phase runs, or from its start until staff close the module."""
    input_closed: Callable | None = None
    """`input_closed(module) -> bool`: staff have closed the module's input (a setting of the module),
    before the end of its window; None: staff cannot close it. Required for `InputWindow.UNTIL_CLOSED`."""
    url_name: str = ""
    """The URL name of the module's own page (taking `module_pk`); empty: the generic module page."""
    settings_form: type | None = None
    """A form class whose cleaned data is the module's `settings`; None: the type has no settings."""
    call_to_action: CallToAction | None = None
    """The module's main action for citizens while its phase runs; None: it has none (a page to read)."""
    view_permission: str = ""
    """The permission (asked with the module) that guards the module's page; every download that
    belongs to the page asks the same one (`processes.selectors.module_page_visible`). Empty: the
    generic module page's rule (visible with its process while published; unpublished, to those with
    `team_permission`)."""
    team_permission: str = ""
    """For the generic rule: the permission (asked with the module) of the team that sees the module's
    page while it is unpublished; empty: `core.view_organisation_backoffice` (the organisation's team)."""

    def allowed_in(self, phase_type: str) -> bool:
        return not self.phase_types or phase_type in self.phase_types


@dataclass(frozen=True)
class BlueprintPhase:
    phase_type: str
    weeks: int


@dataclass(frozen=True)
class Blueprint:
    identifier: str
    name: str | Promise
    description: str | Promise
    phases: tuple[BlueprintPhase, ...]


DOCUMENTS = frozenset({"profile", "plan", "review"})
"""The documents a later app can add a section to: the municipal profile (reports), the action plan
(plans) and the review report (progress)."""


@dataclass(frozen=True)
class DocumentSection:
    """A section that a later app adds to documents of earlier apps (docs/documents.md), e.g. who took
    part (participation) in the municipal profile, the action plan and the review report.

    The document gives the section its heading (an h2 with `title`, anchored at `section-<key>`, in
    the table of contents where the document has one); the section renders its body.
    """

    key: str
    """Lower case, digits, underscores; unique; the anchor on the web page is `section-<key>`."""
    title: str | Promise
    documents: frozenset[str]
    """Which documents show it: "profile", "plan", "review" (`DOCUMENTS`)."""
    context: Callable[..., dict | None]
    """`context(process) -> dict | None`: what the template shows, computed when a PDF or Word file is
    built (a snapshot) and on each request of a web page; None leaves the section out (nothing to
    show for this process)."""
    template: str
    """The body of the section (headings from h3), rendered with the context plus `section` (this
    object), `document` (the document's key) and `for_print` (True in a PDF: no links, inline SVG,
    and the template brings the styles it needs in a `<style>` element)."""
    docx: Callable[..., None] | None = None
    """`docx(document, context)`: writes the body into a python-docx Document after the section's
    heading (level 1; use levels 2 and deeper); None: the Word file leaves the section out."""
    position: int = 100
    """Sections are shown by position (then key), all at the same place in each document."""
    stylesheet: str = ""
    """A static file the web pages link to for the section (the PDF gets no stylesheets)."""


@dataclass(frozen=True)
class SectionPart:
    """A registered section with its context for one process: what one document shows of it."""

    section: DocumentSection
    context: dict
    html: SafeString | str = ""
    """The rendered body (empty where only the context is needed, for the Word file)."""

    @property
    def anchor(self) -> str:
        return f"section-{self.section.key}"


class _Registry:
    def __init__(self) -> None:
        self.phase_types: dict[str, PhaseType] = {}
        self.module_types: dict[str, ModuleType] = {}
        self.blueprints: dict[str, Blueprint] = {}
        self.phase_action_providers: list[PhaseActionProvider] = []
        self.events_provider: EventsProvider | None = None
        self.sections: dict[str, DocumentSection] = {}

    def register_phase_type(self, phase_type: PhaseType) -> PhaseType:
        self._check_new(self.phase_types, phase_type.identifier)
        self.phase_types[phase_type.identifier] = phase_type
        return phase_type

    def register_module_type(self, module_type: ModuleType) -> ModuleType:
        self._check_new(self.module_types, module_type.identifier)
        unknown = module_type.phase_types - self.phase_types.keys()
        if unknown:
            raise ValueError(f"Module type {module_type.identifier!r} names unknown phase types {sorted(unknown)}")
        if module_type.input_window == InputWindow.UNTIL_CLOSED and module_type.input_closed is None:
            raise ValueError(
                f"Module type {module_type.identifier!r} takes input until closed but says not how staff close it"
            )
        self.module_types[module_type.identifier] = module_type
        return module_type

    def register_phase_action(self, provider: PhaseActionProvider) -> PhaseActionProvider:
        """A later app (events) offers a main action for phases, without processes importing it."""
        if provider not in self.phase_action_providers:
            self.phase_action_providers.append(provider)
        return provider

    def register_events(self, provider: EventsProvider) -> EventsProvider:
        """A later app (events) gives the process and phase pages a process's published events,
        grouped by phase id (None: no phase), in one query, without processes importing it."""
        if self.events_provider not in (None, provider):
            raise ValueError("an events provider is registered already")
        self.events_provider = provider
        return provider

    def events_by_phase(self, *, process) -> dict:
        return self.events_provider(process=process) if self.events_provider else {}

    def register_blueprint(self, blueprint: Blueprint) -> Blueprint:
        self._check_new(self.blueprints, blueprint.identifier)
        for phase in blueprint.phases:
            if phase.phase_type not in self.phase_types:
                raise ValueError(f"Blueprint {blueprint.identifier!r} names unknown phase type {phase.phase_type!r}")
        self.blueprints[blueprint.identifier] = blueprint
        return blueprint

    def register_document_section(self, section: DocumentSection) -> DocumentSection:
        """A later app (participation) adds a section to the profile, the plan or the review report,
        without those apps importing it."""
        self._check_new(self.sections, section.key)
        unknown = section.documents - DOCUMENTS
        if not section.documents or unknown:
            raise ValueError(f"Document section {section.key!r} names no or unknown documents {sorted(unknown)}")
        if not section.template:
            raise ValueError(f"Document section {section.key!r} has no template")
        self.sections[section.key] = section
        return section

    def unregister_document_section(self, key: str) -> None:
        """Take a section out again (tests that register one of their own)."""
        self.sections.pop(key, None)

    def document_sections(self, document: str) -> list[DocumentSection]:
        """The sections registered for a document ("profile", "plan", "review"), by position."""
        if document not in DOCUMENTS:
            raise ValueError(f"{document!r} is not a document that takes sections")
        return sorted((s for s in self.sections.values() if document in s.documents), key=lambda s: (s.position, s.key))

    def section_parts(self, document: str, *, process, for_print: bool | None = None) -> list[SectionPart]:
        """The registered sections of a document that have something to show for the process, with
        their contexts, and rendered (for the web page, or `for_print` for a PDF) unless `for_print`
        is None (the Word file needs only the contexts). A section that fails is logged and left out:
        another app's bug must not take the whole document down. No section: no query."""
        parts = []
        for section in self.document_sections(document):
            try:
                context = section.context(process)
                if context is None:
                    continue
                html = (
                    ""
                    if for_print is None
                    else render_to_string(
                        section.template,
                        {**context, "section": section, "document": document, "for_print": for_print},
                    )
                )
            except Exception:
                logger.exception("Document section %r failed for process %s", section.key, process.pk)
                continue
            parts.append(SectionPart(section=section, context=context, html=html))
        return parts

    @staticmethod
    def _check_new(table: dict, identifier: str) -> None:
        if identifier in table:
            raise ValueError(f"{identifier!r} is registered already")
        if not identifier.replace("_", "").isalnum() or identifier != identifier.lower():
            raise ValueError(f"{identifier!r} is not a valid identifier (lower case, digits, underscores)")


registry = _Registry()


def phase_type_choices() -> list[tuple[str, str | Promise]]:
    return [(t.identifier, t.name) for t in registry.phase_types.values()]


def module_type_choices() -> list[tuple[str, str | Promise]]:
    return [(t.identifier, t.name) for t in registry.module_types.values()]


def blueprint_choices() -> list[tuple[str, str | Promise]]:
    return [(b.identifier, b.name) for b in registry.blueprints.values()]


def validate_phase_type(value: str) -> None:
    if value not in registry.phase_types:
        raise ValidationError(_("“%(value)s” is not a known phase type."), params={"value": value}, code="unknown")


def validate_module_type(value: str) -> None:
    if value not in registry.module_types:
        raise ValidationError(_("“%(value)s” is not a known module type."), params={"value": value}, code="unknown")


def validate_blueprint(value: str) -> None:
    if value not in registry.blueprints:
        raise ValidationError(_("“%(value)s” is not a known blueprint."), params={"value": value}, code="unknown")
