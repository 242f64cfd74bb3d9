"""The demo's inventory: 15–25 illustrative entries for the four Göltzschtal towns, marked as invented."""

from __future__ import annotations

import pytest

from zukunftswerkstatt.demo.services import demo_load
from zukunftswerkstatt.inventory.demo import DEMO_NOTE
from zukunftswerkstatt.inventory.models import InventoryItem, InventorySuggestion
from zukunftswerkstatt.processes.models import Module

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_inventory_and_a_profile_document(client):
    demo_load()
    items = InventoryItem.objects.all()
    assert 15 <= items.count() <= 25
    assert all(DEMO_NOTE.strip() in item.description for item in items)
    towns = {m.name for item in items.prefetch_related("municipalities") for m in item.municipalities.all()}
    assert towns == {"Auerbach/Vogtl.", "Falkenstein/Vogtl.", "Rodewisch", "Ellefeld"}
    assert set(items.values_list("status", flat=True)) == {"running", "planned", "ended"}
    assert InventorySuggestion.objects.filter(status="pending").count() == 1
    inventory = Module.objects.get(type="inventory")
    document = Module.objects.get(type="profile_document")
    assert inventory.phase == document.phase
    assert inventory.phase.type == "profile"
    assert client.get(inventory.get_absolute_url()).status_code == 200
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response.context["inventory"]["total"] == items.count()
