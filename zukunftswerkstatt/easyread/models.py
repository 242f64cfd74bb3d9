"""Pages in Leichte Sprache per organisation, and the sentence in Leichte Sprache of a phase.

The set of pages is fixed (EasyReadPage.Kind): the index lists them in their order, and the
call to action of each running phase is built from the processes' registry with the sentence staff
wrote for that phase (PhaseSentence)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import Organisation, TimeStampedModel
from zukunftswerkstatt.core.readability import MEDIOPUNKT
from zukunftswerkstatt.core.text import render_markdown
from zukunftswerkstatt.processes.models import Phase

IMAGE_ALT_MISSING = _("Say in a few words what the picture shows.")


class EasyReadPage(TimeStampedModel):
    class Kind(models.TextChoices):
        PLATFORM = "platform", _("What the platform is")
        STEPS = "steps", _("The process in five steps")
        TAKE_PART = "take-part", _("How to take part")
        PRIVACY = "privacy", _("Privacy in brief")
        ACCESSIBILITY = "accessibility", _("Accessibility in brief")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="easyread_pages", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(
        _("text"), help_text=_("In Leichte Sprache. Markdown: ## heading, - list item, **bold**, [link](https://…).")
    )
    image = models.ImageField(_("picture"), upload_to="easyread/%Y/%m/", blank=True)
    image_alt = models.CharField(
        _("picture description"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("page in Leichte Sprache")
        verbose_name_plural = _("pages in Leichte Sprache")
        ordering = ["organisation", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="easyread_page_unique_kind"),
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""), name="easyread_page_image_has_alt"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("easyread:page", kwargs={"organisation_slug": self.organisation.slug, "kind": self.kind})

    def clean(self) -> None:
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": IMAGE_ALT_MISSING})

    @property
    def body_html(self) -> SafeString:
        return easyread_markdown(self.body)

    @property
    def title_html(self) -> SafeString:
        return with_break_points(escape(self.title))


def with_break_points(html: str) -> SafeString:
    """A line may break after a Mediopunkt ("Zukunfts·<wbr>werkstatt"): long words fit narrow screens."""
    return mark_safe(html.replace(MEDIOPUNKT, MEDIOPUNKT + "<wbr>"))  # noqa: S308 - adds a tag to safe HTML


def easyread_markdown(text: str) -> SafeString:
    """Markdown as core renders it (sanitised), but each line stays a line: in Leichte Sprache every
    sentence starts on a new line."""
    return with_break_points(render_markdown(re.sub(r"(?<=\S)[ \t]*\n(?=[ \t]*\S)", "  \n", text or "")))


class PhaseSentence(TimeStampedModel):
    """What a person can do in the phase, in Leichte Sprache, shown with the phase's call to action."""

    phase = models.OneToOneField(
        Phase, on_delete=models.CASCADE, related_name="easyread_sentence", verbose_name=_("phase")
    )
    text = models.TextField(
        _("text in Leichte Sprache"), max_length=1000, help_text=_("Short sentences. One statement in each sentence.")
    )

    class Meta:
        verbose_name = _("phase in Leichte Sprache")
        verbose_name_plural = _("phases in Leichte Sprache")

    def __str__(self) -> str:
        return str(self.phase)
