from django.contrib import admin

from zukunftswerkstatt.accounts.admin_site import OrganisationScopedAdmin

from .models import ProfilePdf


@admin.register(ProfilePdf)
class ProfilePdfAdmin(OrganisationScopedAdmin):
    """The generated PDFs of the municipal profile, to see when they were made and why one failed."""

    organisation_lookup = "module__phase__process__organisation_id"
    change_permission = "reports.renew_pdf"
    list_display = ["module", "status", "attempts", "created", "finished_at", "page_count", "duration_ms"]
    list_filter = ["status"]
    readonly_fields = [
        "module",
        "status",
        "file",
        "language",
        "size",
        "page_count",
        "duration_ms",
        "finished_at",
        "attempts",
        "lease_until",
        "failure",
        "error",
        "requested_by",
    ]

    def has_add_permission(self, request) -> bool:
        return False
