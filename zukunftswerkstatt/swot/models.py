"""The SWOT analysis of the municipal profile (Kommunalprofil).

One SWOT module holds the items of every scope of its process: the whole association
(municipality empty) and each member town. An item is a short statement in one of the four
quadrants with an explanation and its evidence: inventory entries, contributions, demographic
indicators and external documents. Citizens comment on items and suggest new ones; suggestions
wait for staff, who accept (the suggestion becomes an item) or decline them with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import BuiltDocument, DocumentStatus, Municipality, TimeStampedModel, Topic
from zukunftswerkstatt.core.storage import PrivateStorage
from zukunftswerkstatt.processes.models import Module


class Quadrant(models.TextChoices):
    """The four fields of the matrix, in reading order (internal row first)."""

    STRENGTH = "strength", _("Strength")
    WEAKNESS = "weakness", _("Weakness")
    OPPORTUNITY = "opportunity", _("Opportunity")
    THREAT = "threat", _("Threat")


QUADRANT_PLURALS = {
    Quadrant.STRENGTH: _("Strengths"),
    Quadrant.WEAKNESS: _("Weaknesses"),
    Quadrant.OPPORTUNITY: _("Opportunities"),
    Quadrant.THREAT: _("Threats"),
}

QUADRANT_QUESTIONS = {
    Quadrant.STRENGTH: _("What is good here today and should be kept?"),
    Quadrant.WEAKNESS: _("What is lacking here today?"),
    Quadrant.OPPORTUNITY: _("What developments from outside could help us?"),
    Quadrant.THREAT: _("What developments from outside could harm us?"),
}


class SwotItemQuerySet(models.QuerySet):
    def in_module(self, module: Module) -> SwotItemQuerySet:
        return self.filter(module=module)

    def for_scope(self, municipality: Municipality | None) -> SwotItemQuerySet:
        """The items of one scope: the whole association (None) or one town."""
        if municipality is None:
            return self.filter(municipality__isnull=True)
        return self.filter(municipality=municipality)


class SwotItem(TimeStampedModel):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="swot_items", verbose_name=_("module"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="swot_items",
        verbose_name=_("town"),
        help_text=_("Empty means the whole association."),
    )
    quadrant = models.CharField(_("quadrant"), max_length=20, choices=Quadrant.choices)
    statement = models.CharField(_("statement"), max_length=200)
    explanation = models.TextField(
        _("explanation"),
        max_length=10000,
        blank=True,
        help_text=_("Blank lines separate paragraphs; “- ” at the start of a line makes a list item."),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="swot_items",
        verbose_name=_("field of action"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    inventory_items = models.ManyToManyField(
        "inventory.InventoryItem", blank=True, related_name="swot_items", verbose_name=_("inventory entries")
    )
    # `ideas`, the contributions cited, is declared on the other side (ideas.Idea.swot_items; swot/evidence.py).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    # The comments (conversation app); deleted with the item.
    comments = GenericRelation("conversation.Comment", related_query_name="swot_item")

    objects = SwotItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")
        ordering = ["position", "pk"]
        indexes = [
            models.Index(fields=["module", "municipality", "quadrant", "position"], name="swotitem_scope_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quadrant__in=[q.value for q in Quadrant]), name="swotitem_quadrant_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.statement

    def get_absolute_url(self) -> str:
        return reverse("swot:detail", kwargs={"module_pk": self.module_id, "pk": self.pk})

    @property
    def organisation_id(self) -> int:
        return self.module.phase.process.organisation_id

    @property
    def quadrant_plural(self) -> str:
        return QUADRANT_PLURALS[Quadrant(self.quadrant)]


class SwotIndicator(models.Model):
    """A demographic indicator cited as evidence; the value is looked up from the demography app."""

    item = models.ForeignKey(SwotItem, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("item"))
    key = models.CharField(_("indicator"), max_length=60)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town"),
        help_text=_("Empty means the whole association."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator as evidence")
        verbose_name_plural = _("indicators as evidence")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "key", "municipality"],
                name="swotindicator_once_per_item_town",
            ),
        ]

    def __str__(self) -> str:
        return self.key


class SwotDocument(models.Model):
    """An external document cited as evidence (a study, a statistic, a plan)."""

    item = models.ForeignKey(SwotItem, on_delete=models.CASCADE, related_name="documents", verbose_name=_("item"))
    title = models.CharField(_("title"), max_length=250)
    url = models.URLField(_("address (URL)"), max_length=500)
    published_on = models.DateField(_("date"), null=True, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("document as evidence")
        verbose_name_plural = _("documents as evidence")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("waiting for a decision")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class SwotSuggestion(TimeStampedModel):
    """A citizen's proposal for a new item, held until staff accept or decline it."""

    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="swot_suggestions", verbose_name=_("module")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="swot_suggestions",
        verbose_name=_("town"),
        help_text=_("Empty means the whole association."),
    )
    quadrant = models.CharField(_("quadrant"), max_length=20, choices=Quadrant.choices)
    statement = models.CharField(_("statement"), max_length=200)
    explanation = models.TextField(_("explanation"), max_length=3000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="swot_suggestions",
        verbose_name=_("suggested by"),
    )
    author_name = models.CharField(_("name"), max_length=80, blank=True)
    email = models.EmailField(_("e-mail for the answer"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    item = models.ForeignKey(
        SwotItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("resulting item"),
    )

    class Meta:
        verbose_name = _("suggested SWOT item")
        verbose_name_plural = _("suggested SWOT items")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["module", "status", "created"], name="swotsuggestion_queue")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decision_reason=""),
                name="swotsuggestion_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | models.Q(decided_at__isnull=False),
                name="swotsuggestion_decision_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.statement

    @property
    def organisation_id(self) -> int:
        return self.module.phase.process.organisation_id

    @property
    def public_author(self) -> str:
        if self.author_id and self.author:
            return self.author.public_name
        return self.author_name or str(_("anonymous"))


PdfStatus = DocumentStatus


class PdfScope(models.TextChoices):
    ASSOCIATION = "association", _("whole association")
    TOWN = "town", _("town")
    EVERY = "every", _("all scopes")


def _pdf_storage():
    return PrivateStorage()


class SwotPdf(BuiltDocument):
    """One generated PDF of the matrix (one scope or all of them), made by a background task and kept
    with its status, so that the status page can say "being prepared" and then offer the download.
    The file is in private storage and served by a view that checks the permission."""

    builder = "zukunftswerkstatt.swot.services.swot_pdf_make"
    build_related = ("module__phase__process__organisation", "municipality")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="swot_pdfs", verbose_name=_("module"))
    scope = models.CharField(_("scope"), max_length=20, choices=PdfScope.choices, default=PdfScope.ASSOCIATION)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town"),
    )
    file = models.FileField(_("file"), upload_to="swot/%Y/%m/", storage=_pdf_storage, blank=True)
    # The module's items when the PDF was asked for (their number and latest change): a PDF is shared
    # only while this is the same, so that an added, changed, moved or deleted item makes a new one.
    items_key = models.CharField(_("content key"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )

    class Meta:
        verbose_name = _("SWOT PDF")
        verbose_name_plural = _("SWOT PDFs")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["module", "scope", "-created"], name="swotpdf_module_scope_newest")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | (models.Q(finished_at__isnull=False) & ~models.Q(file="")),
                name="swotpdf_done_has_file",
            ),
            models.CheckConstraint(
                condition=models.Q(scope="town", municipality__isnull=False)
                | (~models.Q(scope="town") & models.Q(municipality__isnull=True)),
                name="swotpdf_town_scope_has_town",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module} {self.scope_key} ({self.created:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("swot:pdf_status", kwargs={"module_pk": self.module_id, "pk": self.pk})

    @property
    def scope_key(self) -> str:
        """The scope as the matrix's and the export's `?scope=` know it: "all", a town's id or "every"."""
        if self.scope == PdfScope.TOWN:
            return str(self.municipality_id)
        return "every" if self.scope == PdfScope.EVERY else "all"

    @property
    def organisation_id(self) -> int:
        return self.module.phase.process.organisation_id
