from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.admin_site import OrganisationScopedAdmin

from .models import WorkshopSession


@admin.register(WorkshopSession)
class WorkshopSessionAdmin(OrganisationScopedAdmin):
    """The list of live sessions, read only: sessions are opened and run on their console, where
    every change goes through the services (and tells the projector and the phones)."""

    organisation_lookup = "event__process__organisation_id"
    change_permission = "workshops.run_session"
    list_display = ["title", "event", "step", "vote_state", "transferred_at", "console_link"]
    list_filter = ["step"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event"]
    readonly_fields = [
        "title",
        "event",
        "ideas_module",
        "step",
        "dots_per_participant",
        "allow_stacking",
        "vote_state",
        "results_revealed",
        "started_by",
        "finished_at",
        "transferred_at",
        "console_link",
    ]
    exclude = ["code", "projector_key", "revision"]

    @admin.display(description=_("Console"))
    def console_link(self, obj: WorkshopSession) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("workshops:console", kwargs={"pk": obj.pk}), _("Open the console")
        )

    def has_add_permission(self, request) -> bool:
        return False  # sessions are opened from the event page
