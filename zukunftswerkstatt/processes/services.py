"""Writes for processes, phases and modules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from zukunftswerkstatt.core.images import image_reencode
from zukunftswerkstatt.core.models import Municipality, Organisation

from .models import Module, Phase, Process
from .registry import registry


@transaction.atomic
def process_create_from_blueprint(
    *,
    organisation: Organisation,
    title: str,
    slug: str,
    theme: str,
    start: dt.datetime,
    blueprint: str = "zukunftswerkstatt",
    description: str = "",
    municipalities: Iterable[Municipality] = (),
    is_published: bool = False,
) -> Process:
    """Create a process whose phases follow one another as the blueprint lays them out."""
    process = Process(
        organisation=organisation,
        title=title,
        slug=slug,
        theme=theme,
        description=description,
        blueprint=blueprint,
        is_published=is_published,
    )
    process.full_clean()
    process.save()
    process.municipalities.set(municipalities)
    process.full_clean()
    process_add_blueprint_phases(process=process, start=start)
    return process


@transaction.atomic
def process_add_blueprint_phases(*, process: Process, start: dt.datetime) -> list[Phase]:
    """Lay out the process's blueprint phases one after another from `start`."""
    phases = []
    phase_start = start
    for blueprint_phase in registry.blueprints[process.blueprint].phases:
        phase_end = phase_start + dt.timedelta(weeks=blueprint_phase.weeks)
        phases.append(phase_create(process=process, type=blueprint_phase.phase_type, start=phase_start, end=phase_end))
        phase_start = phase_end
    return phases


def phase_create(
    *,
    process: Process,
    type: str,  # noqa: A002 - the field's name
    start: dt.datetime,
    end: dt.datetime,
    name: str = "",
    description: str = "",
) -> Phase:
    phase = Phase(process=process, type=type, start=start, end=end, name=name, description=description)
    phase.full_clean()
    phase.validate_against_siblings()
    phase.save()
    return phase


@transaction.atomic
def phase_update_dates(*, phase: Phase, start: dt.datetime, end: dt.datetime) -> Phase:
    phase.start = start
    phase.end = end
    phase.full_clean()
    phase.validate_against_siblings()
    phase.save(update_fields=["start", "end", "modified"])
    return phase


@transaction.atomic
def phase_set_picture(*, phase: Phase, image, image_alt: str) -> Phase:
    """Give the phase page a picture (an upload, stored re-encoded as a clean JPEG) with its text alternative."""
    phase.image = image_reencode(image)
    phase.image_alt = image_alt.strip()
    phase.full_clean()
    phase.save(update_fields=["image", "image_alt", "modified"])
    return phase


@transaction.atomic
def phases_reschedule(*, process: Process, dates: list[tuple[Phase, dt.datetime, dt.datetime]]) -> None:
    """Give several phases new dates at once; the new schedule is checked as a whole."""
    from django.core.exceptions import ValidationError

    from .models import PhaseSpan, find_overlaps, spans

    changed = {phase.pk for phase, _start, _end in dates}
    for phase, start, end in dates:
        if phase.process_id != process.pk:
            raise ValidationError("The phase belongs to another process.")
        phase.start, phase.end = start, end
        phase.full_clean()
    if not process.allow_overlapping_phases:
        unchanged = process.phases.exclude(pk__in=changed)
        overlaps = find_overlaps([PhaseSpan(p.start, p.end, p.display_name) for p, _s, _e in dates] + spans(unchanged))
        if overlaps:
            raise ValidationError(overlaps)
    for phase, _start, _end in dates:
        phase.save(update_fields=["start", "end", "modified"])


def module_create(
    *,
    phase: Phase,
    type: str,  # noqa: A002 - the field's name
    title: str,
    description: str = "",
    settings: dict | None = None,
    position: int = 0,
    is_published: bool = True,
) -> Module:
    module = Module(
        phase=phase,
        type=type,
        title=title,
        description=description,
        settings=settings or {},
        position=position,
        is_published=is_published,
    )
    module.full_clean()
    module.save()
    return module


def module_update_settings(*, module: Module, settings: dict) -> Module:
    """Store a module's settings, validated by its type's settings form."""
    from django.core.exceptions import ValidationError

    form_class = module.module_type.settings_form
    if form_class is None:
        raise ValidationError("This module type has no settings.")
    form = form_class(data=settings)
    if not form.is_valid():
        raise ValidationError(form.errors.as_text())
    module.settings = form.cleaned_data
    module.full_clean()
    module.save(update_fields=["settings", "modified"])
    return module


@transaction.atomic
def organisation_with_first_process_create(
    *,
    organisation: dict,
    towns: Iterable[tuple[str, str]],
    process: dict,
    start: dt.datetime,
) -> Process:
    """A new organisation (with its default fields of action and legal pages), its towns and its first
    process laid out from a blueprint, in one transaction: a mistake anywhere creates nothing.

    `organisation` holds the Organisation's fields (name, slug, and optionally host, contact_email,
    mail_from_address, brand_colour); `towns` (name, AGS) pairs; `process` the process's title, slug,
    theme, blueprint and is_published. Errors are ValidationErrors whose keys are prefixed
    "organisation_", "towns" or "process_", as the one form that asks for all of it names its fields."""
    from django.core.exceptions import ValidationError

    from zukunftswerkstatt.core.services import municipality_create, organisation_create

    def prefixed(error: ValidationError, prefix: str) -> ValidationError:
        if not hasattr(error, "error_dict"):
            return ValidationError({"__all__": error.messages})
        return ValidationError(
            {(field if field == "__all__" else prefix + field): errors for field, errors in error.error_dict.items()}
        )

    basic = {key: organisation[key] for key in ("name", "slug", "contact_email") if key in organisation}
    try:
        created = organisation_create(**basic)
        extra = {key: value for key, value in organisation.items() if key not in basic}
        if extra:
            for field, value in extra.items():
                setattr(created, field, value)
            created.full_clean()
            created.save()
    except ValidationError as error:
        raise prefixed(error, "organisation_") from error
    made_towns = []
    for number, (name, ags) in enumerate(towns, start=1):
        try:
            made_towns.append(municipality_create(organisation=created, name=name, ags=ags))
        except ValidationError as error:
            raise ValidationError({"towns": [f"{number}. {name}: {message}" for message in error.messages]}) from error
    try:
        return process_create_from_blueprint(organisation=created, start=start, municipalities=made_towns, **process)
    except ValidationError as error:
        raise prefixed(error, "process_") from error
