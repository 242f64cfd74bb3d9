"""Who may do what with the inventory, as a role × action matrix (docs/permissions.md, "Inventory").

Each case asks django-rules directly; the last tests check that the pages say no where the rules do.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from tests.inventory.factories import InventorySuggestionFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "participant",
    "staff_a",
    "staff_b",
    "moderator",
    "org_admin",
    "other_org_admin",
    "platform_admin",
]
EVERYONE = set(ROLES)
MODERATING = {"moderator", "org_admin", "platform_admin"}
TEAM = MODERATING | {"staff_a", "staff_b"}

EXPECTED: dict[str, set[str]] = {
    "add_item": TEAM,
    "manage_every_town": MODERATING,
    "change_item (town A)": MODERATING | {"staff_a"},
    "delete_item (town A)": MODERATING | {"staff_a"},
    "change_item (whole association)": MODERATING,
    "delete_item (whole association)": MODERATING,
    "import_items": TEAM,
    "suggest_item": EVERYONE,
    "review_suggestions": TEAM,
    "change_settings": {"org_admin", "platform_admin"},
}


@pytest.fixture
def people(request):
    def person(role):
        return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)

    return person


def _target(action: str, inventory_module, item_a, item_all):
    if "(town A)" in action:
        return item_a
    if "(whole association)" in action:
        return item_all
    return inventory_module


@pytest.mark.parametrize("action", list(EXPECTED))
def test_role_matrix(action, people, inventory_module, item_a, item_all):
    permission = "inventory." + action.split(" ")[0]
    target = _target(action, inventory_module, item_a, item_all)
    allowed = {role for role in ROLES if people(role).has_perm(permission, target)}
    assert allowed == EXPECTED[action]


def test_staff_of_one_town_may_not_change_an_entry_shared_with_another_town(
    inventory_module, item_a, town_b, staff_a, moderator
):
    item_a.municipalities.add(town_b)
    assert not staff_a.has_perm("inventory.change_item", item_a)
    assert moderator.has_perm("inventory.change_item", item_a)


def test_nobody_may_suggest_when_suggestions_are_closed(inventory_module, participant):
    inventory_module.settings = {"suggestions_open": False}
    inventory_module.save()
    assert not AnonymousUser().has_perm("inventory.suggest_item", inventory_module)
    assert not participant.has_perm("inventory.suggest_item", inventory_module)


STAFF_PAGES = [
    ("inventory:create", False),
    ("inventory:import", False),
    ("inventory:template", False),
    ("inventory:suggestions", False),
    ("inventory:settings", False),
    ("inventory:edit", True),
    ("inventory:delete", True),
]


@pytest.mark.parametrize(("name", "with_item"), STAFF_PAGES)
def test_the_staff_pages_refuse_citizens_and_other_organisations(
    client_for, inventory_module, item_a, participant, other_org_admin, name, with_item
):
    args = [inventory_module.pk, item_a.pk] if with_item else [inventory_module.pk]
    if name == "inventory:template":
        args.append("xlsx")
    url = reverse(name, args=args)
    assert client_for(participant).get(url).status_code == 403
    assert client_for(other_org_admin).get(url).status_code == 403


@pytest.mark.parametrize(("name", "with_item"), STAFF_PAGES)
def test_the_staff_pages_open_for_the_org_admin(client_for, inventory_module, item_a, org_admin, name, with_item):
    args = [inventory_module.pk, item_a.pk] if with_item else [inventory_module.pk]
    if name == "inventory:template":
        args.append("csv")
    assert client_for(org_admin).get(reverse(name, args=args)).status_code == 200


def test_declining_needs_the_team(client_for, inventory_module, participant):
    suggestion = InventorySuggestionFactory(module=inventory_module)
    url = reverse("inventory:suggestion_decline", args=[inventory_module.pk, suggestion.pk])
    assert client_for(participant).post(url, {"reason": ""}).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


def test_an_unpublished_process_hides_the_inventory(client, inventory_module, process):
    process.is_published = False
    process.save()
    assert client.get(reverse("inventory:list", args=[inventory_module.pk])).status_code == 404


def test_the_back_office_lists_the_entries_and_lets_only_the_responsible_change_them(
    client_for, item_a, staff_b, org_admin
):
    assert client_for(org_admin).get(reverse("admin:inventory_inventoryitem_changelist")).status_code == 200
    change = reverse("admin:inventory_inventoryitem_change", args=[item_a.pk])
    assert client_for(org_admin).get(change).status_code == 200
    response = client_for(staff_b).get(change)
    assert b'name="title"' not in response.content  # read only for staff of another town
