"""The inventory's public search uses the idea collection's German search (core/search.py): word
forms, compounds, accents and ß, title matches first, matches marked in escaped text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zukunftswerkstatt.inventory import services

pytestmark = pytest.mark.django_db


def search(client, module, query: str) -> list[str]:
    response = client.get(reverse("inventory:list", kwargs={"module_pk": module.pk}), {"q": query})
    return [item.title for item in response.context["items"]]


@pytest.fixture
def entries(inventory_module, staff_a):
    def add(title, description="", provider_name=""):
        return services.item_create(
            module=inventory_module,
            created_by=staff_a,
            title=title,
            description=description,
            provider_name=provider_name,
        )

    return {
        "play": add("Kinderspielplätze im Stadtpark", "Drei Plätze mit Schaukeln."),
        "bus": add("Bürgerbus", "Fährt dienstags zu den Ärzten in der Stadt."),
        "cafe": add("Seniorencafé", "Jeden Mittwoch.", provider_name="Haus der Begegnung"),
        "road": add("Sichere Schulwege", "Lotsen an der Hauptstraße."),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Spielplatz", ["Kinderspielplätze im Stadtpark"]),
        ("Busse", ["Bürgerbus"]),
        ("Arzt", ["Bürgerbus"]),
        ("Seniorencafe", ["Seniorencafé"]),
        ("Häuser", ["Seniorencafé"]),  # the provider
        ("Strasse", ["Sichere Schulwege"]),
        ("Städte", ["Kinderspielplätze im Stadtpark", "Bürgerbus"]),  # title before description
        ("Schwimmbad", []),
    ],
)
def test_the_inventory_search_understands_german(client, inventory_module, entries, query, expected):
    assert search(client, inventory_module, query) == expected


def test_editing_and_importing_index_entries(client, inventory_module, entries, staff_a):
    services.item_update(item=entries["road"], title="Sichere Radwege")
    assert search(client, inventory_module, "Radweg") == ["Sichere Radwege"]
    assert search(client, inventory_module, "Schulweg") == []
    services.items_import(
        module=inventory_module,
        rows=[{"title": "Tafel", "description": "Lebensmittel für Familien."}],
        created_by=staff_a,
    )
    assert search(client, inventory_module, "Familie") == ["Tafel"]


def test_inventory_matches_are_marked_in_escaped_text(client, inventory_module, staff_a):
    services.item_create(
        module=inventory_module,
        created_by=staff_a,
        title="<i>Jugendcafé</i>",
        description="Ein gemütliches Café für alle.",
    )
    html = client.get(reverse("inventory:list", kwargs={"module_pk": inventory_module.pk}), {"q": "cafe"}).content
    html = html.decode()
    assert "&lt;i&gt;<mark>Jugendcafé</mark>&lt;/i&gt;" in html
    assert "<mark>Café</mark>" in html
    assert "<i>Jugendcafé" not in html


def test_the_migration_indexes_existing_entries(client, inventory_module, entries):
    import importlib

    from django.apps import apps

    from zukunftswerkstatt.inventory.models import InventoryItem

    InventoryItem.objects.update(search_title_terms="", search_text_terms="")  # as before the migration
    assert search(client, inventory_module, "Spielplatz") == []
    migration = importlib.import_module(
        "zukunftswerkstatt.inventory.migrations.0002_search_terms_for_german_word_forms"
    )
    migration.index_existing(apps, None)
    assert search(client, inventory_module, "Spielplatz") == ["Kinderspielplätze im Stadtpark"]
