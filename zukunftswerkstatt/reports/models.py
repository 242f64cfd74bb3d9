"""The municipal profile (Kommunalprofil) as a document: a web page and a PDF per process.

The page is put together when it is shown, from the demography, inventory and SWOT apps. A PDF is
made on request by a background task and kept as a row here, with its status, so that the page can
say "being prepared" and then offer the download.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import BuiltDocument, DocumentStatus
from zukunftswerkstatt.core.storage import PrivateStorage
from zukunftswerkstatt.processes.models import Module

PdfStatus = DocumentStatus


def _pdf_storage():
    # Outside MEDIA_ROOT, which the web server hands out without asking the application: the PDF
    # of an unpublished module must go through the checked download view (docs/deployment.md).
    return PrivateStorage()


class ProfilePdf(BuiltDocument):
    """One generated PDF of the municipal profile document."""

    builder = "zukunftswerkstatt.reports.services.profile_pdf_make"
    build_related = ("module__phase__process__organisation",)

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="profile_pdfs", verbose_name=_("module"))
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", storage=_pdf_storage, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )

    class Meta:
        verbose_name = _("profile PDF")
        verbose_name_plural = _("profile PDFs")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["module", "-created"], name="profilepdf_module_newest")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | (models.Q(finished_at__isnull=False) & ~models.Q(file="")),
                name="profilepdf_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module} ({self.created:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("reports:pdf_status", kwargs={"module_pk": self.module_id, "pk": self.pk})

    @property
    def organisation_id(self) -> int:
        return self.module.phase.process.organisation_id
