"""Who may do what with the inventory: reading is public, keeping it is the organisation's team.

Town staff keep the entries of their own towns; entries for the whole association (no town) and
entries of other towns belong to moderators and organisation admins.
"""

from __future__ import annotations

import rules

from zukunftswerkstatt.accounts.roles import staff_municipality_ids
from zukunftswerkstatt.accounts.rules import is_moderator, is_org_admin, is_platform_admin, is_town_staff
from zukunftswerkstatt.processes.rules import module_allows

from .models import InventoryItem, InventorySuggestion


def _module_of(obj):
    if isinstance(obj, InventoryItem | InventorySuggestion):
        return obj.module
    return obj


@rules.predicate
def is_staff_of_every_town_of_item(user, item) -> bool:
    """Town staff whose towns include every town of the entry (an entry for the whole association: no)."""
    if not isinstance(item, InventoryItem):
        return False
    town_ids = {m.pk for m in item.municipalities.all()}
    return bool(town_ids) and town_ids <= staff_municipality_ids(user, item.organisation_id)


def suggestions_closed(module) -> bool:
    """Staff have switched citizens' suggestions off (the module's setting "suggestions_open")."""
    return not module.settings.get("suggestions_open", True)


@rules.predicate
def suggestions_open(user, obj) -> bool:
    """From the start of the module's phase until staff close suggestions (the type's input window)."""
    return obj is not None and module_allows(_module_of(obj), "suggest")


is_moderating = is_platform_admin | is_org_admin | is_moderator
is_team = is_moderating | is_town_staff

rules.add_perm("inventory.add_item", is_team)
rules.add_perm("inventory.manage_every_town", is_moderating)
rules.add_perm("inventory.change_item", is_moderating | is_staff_of_every_town_of_item)
rules.add_perm("inventory.delete_item", is_moderating | is_staff_of_every_town_of_item)
rules.add_perm("inventory.import_items", is_team)
rules.add_perm("inventory.suggest_item", suggestions_open)
rules.add_perm("inventory.review_suggestions", is_team)
rules.add_perm("inventory.change_settings", is_platform_admin | is_org_admin)
