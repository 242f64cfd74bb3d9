"""The inventory (Bestandsaufnahme) of the municipal profile: what already exists.

An inventory module holds the measures, projects and offers that already run, are planned or have
ended in the towns of the association: a Seniorentreff, a Jugendclub, a Bürgerbus, … Staff keep the
entries in the platform or import them from a CSV/XLSX template; citizens read them, filter them and
suggest offers that are missing, which staff accept into the inventory or decline.

"Since" and "until" are a year or an exact day: the date is stored together with its precision, so
that "2019" stays "2019" and is not shown as "01.01.2019".
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import Municipality, TargetGroup, TimeStampedModel, Topic
from zukunftswerkstatt.processes.models import Module

_MARKDOWN_MARKS = re.compile(r"[*_`#>]+|\[|\]\([^)]*\)")


class ProviderKind(models.TextChoices):
    TOWN = "town", _("town or municipal office")
    CLUB = "club", _("club or association")
    CHURCH = "church", _("church or religious community")
    COMPANY = "company", _("company")
    SCHOOL = "school", _("school or day care")
    WELFARE = "welfare", _("welfare organisation")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    RUNNING = "running", _("running")
    PLANNED = "planned", _("planned")
    ENDED = "ended", _("ended")


class DatePrecision(models.TextChoices):
    YEAR = "year", _("year")
    DAY = "day", _("day")


def format_partial_date(value: dt.date | None, precision: str) -> str:
    """A year as "2019", a day in the local short format."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    return formats.date_format(value, "SHORT_DATE_FORMAT")


class InventoryItemQuerySet(models.QuerySet):
    def in_module(self, module: Module) -> InventoryItemQuerySet:
        return self.filter(module=module)


class InventoryItem(TimeStampedModel):
    """One existing measure, project or offer."""

    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="inventory_items", verbose_name=_("module")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="inventory_items",
        verbose_name=_("towns"),
        help_text=_("Leave empty if the offer is for the whole association."),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inventory_items",
        verbose_name=_("field of action"),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="inventory_items", verbose_name=_("target groups")
    )
    provider_kind = models.CharField(
        _("kind of provider"), max_length=20, choices=ProviderKind.choices, default=ProviderKind.OTHER
    )
    provider_name = models.CharField(_("provider"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    since = models.DateField(_("since"), null=True, blank=True)
    since_precision = models.CharField(
        _("precision of “since”"), max_length=4, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    until = models.DateField(_("until"), null=True, blank=True)
    until_precision = models.CharField(
        _("precision of “until”"), max_length=4, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    funding = models.TextField(_("funding"), max_length=1000, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    link = models.URLField(_("web link"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    # Search terms (core/search.py), written by the services: German word forms of the title, and of
    # the description and provider. Kept apart so that a match in the title ranks first.
    search_title_terms = models.TextField(editable=False, blank=True)
    search_text_terms = models.TextField(editable=False, blank=True)

    objects = InventoryItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("inventory entry")
        verbose_name_plural = _("inventory entries")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["module", "title", "id"], name="inventoryitem_module_title")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(since__isnull=True)
                | models.Q(until__isnull=True)
                | models.Q(until__gte=models.F("since")),
                name="inventoryitem_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inventory:detail", kwargs={"module_pk": self.module_id, "pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("“Until” cannot be before “since”.")}, code="until_before_since")

    @property
    def organisation_id(self) -> int:
        return self.module.phase.process.organisation_id

    @property
    def since_display(self) -> str:
        return format_partial_date(self.since, self.since_precision)

    @property
    def until_display(self) -> str:
        return format_partial_date(self.until, self.until_precision)

    @property
    def summary(self) -> str:
        """The description as plain text without Markdown marks, for lists (cheaper than rendering it)."""
        return _MARKDOWN_MARKS.sub("", self.description)

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email)


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    ACCEPTED = "accepted", _("taken into the inventory")
    DECLINED = "declined", _("declined")


class InventorySuggestion(TimeStampedModel):
    """A citizen tells staff about an offer the inventory is missing."""

    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="inventory_suggestions", verbose_name=_("module")
    )
    title = models.CharField(_("name of the offer"), max_length=200)
    description = models.TextField(_("what is offered"), max_length=3000)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inventory_suggestions",
        verbose_name=_("town"),
        help_text=_("Empty means the whole association."),
    )
    provider_name = models.CharField(_("who offers it"), max_length=200, blank=True)
    where_to_learn_more = models.CharField(
        _("where to learn more"),
        max_length=500,
        blank=True,
        help_text=_("A web address, a telephone number or a place, if you know one."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inventory_suggestions",
        verbose_name=_("suggested by"),
    )
    author_name = models.CharField(_("your name"), max_length=80, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    decline_reason = models.TextField(_("reason for declining"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    item = models.ForeignKey(
        InventoryItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("inventory entry"),
    )

    class Meta:
        verbose_name = _("suggested offer")
        verbose_name_plural = _("suggested offers")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["module", "status", "-created"], name="invsuggestion_module_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation_id(self) -> int:
        return self.module.phase.process.organisation_id

    @property
    def public_author(self) -> str:
        if self.author_id and self.author:
            return self.author.public_name
        return self.author_name or str(_("anonymous"))
