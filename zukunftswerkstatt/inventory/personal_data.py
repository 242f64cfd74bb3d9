"""What the inventory app keeps about a person (see accounts/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import Treatment, registry, stamp

from .models import InventorySuggestion


def suggestions(user) -> list[dict]:
    return [
        {
            "id": s.pk,
            "created": stamp(s.created),
            "title": s.title,
            "description": s.description,
            "town": s.municipality.name if s.municipality_id else "",
            "provider": s.provider_name,
            "where_to_learn_more": s.where_to_learn_more,
            "name": s.author_name,
            "status": s.status,
            "decided_at": stamp(s.decided_at),
            "entry": s.item_id,
        }
        for s in InventorySuggestion.objects.filter(author=user).select_related("municipality").order_by("pk")
    ]


registry.register(
    key="inventory_suggestions",
    title=_("Suggestions for the inventory"),
    fields={"inventory.InventorySuggestion.author": Treatment.WITHOUT_NAME},
    export=suggestions,
)
registry.declare_role_records(
    "inventory.InventoryItem.created_by",
    "inventory.InventorySuggestion.decided_by",
    reason=_("staff who entered an offer or decided on a suggestion"),
)
registry.declare_not_personal(
    "inventory.InventoryItem.contact_email",
    reason=_("the public contact address of an offer, given by its provider for publication"),
)

# The fields each export was written against (see Registry.review).
registry.review(
    "inventory.InventorySuggestion",
    "id created modified module title description municipality provider_name where_to_learn_more "
    "author author_name status decline_reason decided_by decided_at item",
)
