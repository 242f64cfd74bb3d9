from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.admin_site import OrganisationScopedAdmin

from .models import InventoryItem, InventorySuggestion


@admin.register(InventoryItem)
class InventoryItemAdmin(OrganisationScopedAdmin):
    """The back office's view of the inventory; staff normally use the inventory's own pages and import."""

    organisation_lookup = "module__phase__process__organisation_id"
    change_permission = "inventory.change_item"
    list_display = ["title", "status", "topic", "provider_name", "module"]
    list_filter = ["status", "provider_kind"]
    search_fields = ["title", "description", "provider_name"]
    list_select_related = ["topic", "module"]
    filter_horizontal = ["municipalities", "target_groups"]
    fieldsets = [
        (None, {"fields": ["module", "title", "description", "municipalities", "topic", "target_groups"]}),
        (
            _("Provider, status and period"),
            {
                "fields": [
                    ("provider_kind", "provider_name"),
                    "status",
                    ("since", "since_precision"),
                    ("until", "until_precision"),
                    "funding",
                ]
            },
        ),
        (_("Public contact of the offer"), {"fields": ["contact_name", "contact_phone", "contact_email", "link"]}),
    ]


@admin.register(InventorySuggestion)
class InventorySuggestionAdmin(OrganisationScopedAdmin):
    """Suggested offers; staff decide on them on the inventory's page "Suggestions"."""

    organisation_lookup = "module__phase__process__organisation_id"
    change_permission = "inventory.review_suggestions"
    list_display = ["title", "status", "municipality", "created"]
    list_filter = ["status"]
    search_fields = ["title", "description"]
    readonly_fields = ["author", "item", "decided_by", "decided_at"]
