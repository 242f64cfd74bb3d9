"""Processes, their ordered and dated phases, and the modules each phase holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import Municipality, Organisation, TimeStampedModel

from .registry import (
    ModuleType,
    PhaseType,
    blueprint_choices,
    module_type_choices,
    phase_type_choices,
    registry,
    validate_blueprint,
    validate_module_type,
    validate_phase_type,
)


class ProcessQuerySet(models.QuerySet):
    def published(self) -> ProcessQuerySet:
        return self.filter(is_published=True)


class Process(TimeStampedModel):
    """A participation process of one organisation, e.g. "attraktiv im Wandel"."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="processes", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    theme = models.CharField(
        _("theme"), max_length=200, help_text=_("E.g. demographic change: attractive for all generations.")
    )
    description = models.TextField(_("what the process is about"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="processes", blank=True, verbose_name=_("towns in scope")
    )
    blueprint = models.CharField(
        _("blueprint"), max_length=50, choices=blueprint_choices, validators=[validate_blueprint]
    )
    allow_overlapping_phases = models.BooleanField(
        _("phases may overlap"),
        default=False,
        help_text=_("Normally one phase ends before the next begins."),
    )
    is_published = models.BooleanField(_("published"), default=False)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="process_unique_slug_per_organisation"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "processes:detail", kwargs={"organisation_slug": self.organisation.slug, "process_slug": self.slug}
        )

    def clean(self) -> None:
        super().clean()
        if self.pk and self.organisation_id:
            foreign = self.municipalities.exclude(organisation_id=self.organisation_id)
            if foreign.exists():
                raise ValidationError(
                    {"municipalities": _("Only towns of the process's organisation can be in scope.")}
                )


class PhaseState(models.TextChoices):
    UPCOMING = "upcoming", _("upcoming")
    RUNNING = "running", _("running now")
    FINISHED = "finished", _("finished")


class PhaseQuerySet(models.QuerySet):
    """The one definition of running, upcoming and finished (start inclusive, end exclusive)."""

    def running(self, now: dt.datetime | None = None) -> PhaseQuerySet:
        now = now or timezone.now()
        return self.filter(start__lte=now, end__gt=now)

    def upcoming(self, now: dt.datetime | None = None) -> PhaseQuerySet:
        return self.filter(start__gt=now or timezone.now())

    def finished(self, now: dt.datetime | None = None) -> PhaseQuerySet:
        return self.filter(end__lte=now or timezone.now())


class Phase(TimeStampedModel):
    """One of a process's ordered, dated phases, e.g. the Kommunalprofil."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases", verbose_name=_("process"))
    type = models.CharField(_("type"), max_length=50, choices=phase_type_choices, validators=[validate_phase_type])
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("Leave empty to use the type's name."))
    description = models.TextField(_("description"), blank=True, help_text=_("Leave empty to use the type's text."))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    # Issue 15: a picture at the top of the phase page and a video in German Sign Language (DGS).
    image = models.ImageField(_("picture"), upload_to="phases/%Y/%m/", blank=True)
    image_alt = models.CharField(
        _("what the picture shows"),
        max_length=250,
        blank=True,
        help_text=_("Read out to people who cannot see the picture. Required with a picture."),
    )
    sign_language_video = models.FileField(
        _("video in German Sign Language (DGS)"),
        upload_to="phases/dgs/%Y/%m/",
        blank=True,
        help_text=_("An MP4 or WebM file that explains the phase in German Sign Language."),
    )
    sign_language_caption = models.CharField(
        _("caption of the sign-language video"),
        max_length=250,
        blank=True,
        help_text=_("Says what the video explains, for example: The future workshop in German Sign Language."),
    )

    objects = PhaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="phase_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse(
            "processes:phase",
            kwargs={
                "organisation_slug": self.process.organisation.slug,
                "process_slug": self.process.slug,
                "phase_pk": self.pk,
            },
        )

    @property
    def phase_type(self) -> PhaseType:
        return registry.phase_types[self.type]

    @property
    def display_name(self) -> str:
        return self.name or str(self.phase_type.name)

    @property
    def display_description(self) -> str:
        return self.description or str(self.phase_type.purpose)

    @property
    def first_day(self) -> dt.date:
        return timezone.localtime(self.start).date()

    @property
    def last_day(self) -> dt.date:
        """The last calendar day of the phase: a phase that ends at midnight ends the day before."""
        return timezone.localtime(self.end - dt.timedelta(microseconds=1)).date()

    def state(self, now: dt.datetime | None = None) -> PhaseState:
        now = now or timezone.now()
        if now < self.start:
            return PhaseState.UPCOMING
        if now >= self.end:
            return PhaseState.FINISHED
        return PhaseState.RUNNING

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A phase must end after it starts.")})
        self._clean_media()

    def _clean_media(self) -> None:
        errors = {}
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = _("Say in a few words what the picture shows.")
        if self.sign_language_video and not self.sign_language_caption.strip():
            errors["sign_language_caption"] = _("Say in a few words what the video explains.")
        if errors:
            raise ValidationError(errors)

    def validate_against_siblings(self) -> None:
        """Refuse a phase that overlaps another phase of its process (unless the process allows it).

        Services call this for single writes; the back office checks all phases of a form together.
        """
        if self.process.allow_overlapping_phases:
            return
        siblings = self.process.phases.exclude(pk=self.pk)
        overlaps = find_overlaps([PhaseSpan(self.start, self.end, self.display_name), *spans(siblings)])
        if overlaps:
            raise ValidationError(overlaps)


@dataclass(frozen=True)
class PhaseSpan:
    start: dt.datetime
    end: dt.datetime
    label: str


def spans(phases: Iterable[Phase]) -> list[PhaseSpan]:
    return [PhaseSpan(p.start, p.end, p.display_name) for p in phases]


def find_overlaps(items: Sequence[PhaseSpan]) -> list[str]:
    """Messages for each pair of phases whose time spans overlap (touching is allowed)."""
    ordered = sorted(items, key=lambda s: (s.start, s.end))
    messages = []
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.start >= first.end:
                break
            messages.append(
                _("The phases “%(first)s” and “%(second)s” overlap.") % {"first": first.label, "second": second.label}
            )
    return messages


class Module(TimeStampedModel):
    """A participation module inside a phase: an information page, an idea collection, …"""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="modules", verbose_name=_("phase"))
    type = models.CharField(_("type"), max_length=50, choices=module_type_choices, validators=[validate_module_type])
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("text"), blank=True)
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.type in registry.module_types and self.module_type.url_name:
            return reverse(self.module_type.url_name, kwargs={"module_pk": self.pk})
        return reverse(
            "processes:module",
            kwargs={
                "organisation_slug": self.phase.process.organisation.slug,
                "process_slug": self.phase.process.slug,
                "module_pk": self.pk,
            },
        )

    @property
    def module_type(self) -> ModuleType:
        return registry.module_types[self.type]

    def clean(self) -> None:
        super().clean()
        if self.type in registry.module_types and self.phase_id and not self.module_type.allowed_in(self.phase.type):
            raise ValidationError(
                {
                    "type": _("A module of this type cannot be part of a “%(phase)s” phase.")
                    % {"phase": self.phase.phase_type.name}
                }
            )
