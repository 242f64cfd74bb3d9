"""The conversation layer shared by every kind of content: who is blocked in an organisation.

A content app (ideas, swot, later others) imports from here; this app knows none of them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import Organisation, TimeStampedModel


class Block(TimeStampedModel):
    """A person may not contribute or comment in an organisation's processes."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks")
    reason = models.TextField(_("reason"))
    blocked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_block_per_organisation")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.organisation_id}"
