from __future__ import annotations

import factory

from zukunftswerkstatt.core import search
from zukunftswerkstatt.inventory.models import InventoryItem, InventorySuggestion


class InventoryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InventoryItem
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Angebot {n}")
    description = "Ein Angebot für alle."
    provider_kind = "club"
    provider_name = "Heimatverein"
    status = "running"
    # What the services write (inventory/services.py _index_for_search), so that search finds it.
    search_title_terms = factory.LazyAttribute(lambda item: search.terms(item.title))
    search_text_terms = factory.LazyAttribute(lambda item: search.terms(item.description, item.provider_name))

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)

    @factory.post_generation
    def target_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.target_groups.set(extracted)


class InventorySuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InventorySuggestion

    title = factory.Sequence(lambda n: f"Vorschlag {n}")
    description = "Gibt es schon lange."
