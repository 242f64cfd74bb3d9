from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.admin_site import OrganisationScopedAdmin

from .models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(OrganisationScopedAdmin):
    """Imports are listed here (read only); files are imported and checked on the staff pages."""

    change_permission = "demography.delete_batch"
    list_display = ["__str__", "organisation", "format", "source", "row_count", "is_illustrative", "imported_at",
                    "staff_page"]  # fmt: skip
    list_filter = ["format", "is_illustrative"]
    search_fields = ["file_name", "source"]
    date_hierarchy = "imported_at"
    list_select_related = ["organisation", "imported_by"]
    readonly_fields = ["organisation", "format", "source", "file_name", "is_illustrative", "note", "imported_by",
                       "imported_at", "row_count"]  # fmt: skip

    @admin.display(description=_("staff page"))
    def staff_page(self, obj: ImportBatch) -> str:
        url = reverse("demography:overview", kwargs={"organisation_slug": obj.organisation.slug})
        return format_html('<a href="{}">{}</a>', url, _("Imports and projections"))

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is None:
            return super().has_change_permission(request, None)
        return request.user.has_perm("demography.delete_batch", obj)
