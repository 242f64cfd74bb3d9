"""The search terms now hold the parts of compounds as words of their own (core/search.py, issue 13):
recompute them for the existing entries."""

from django.db import migrations


def reindex(apps, schema_editor):
    from zukunftswerkstatt.core.search import terms

    Item = apps.get_model("inventory", "InventoryItem")
    batch = []
    for item in Item.objects.only("pk", "title", "description", "provider_name").iterator(chunk_size=1000):
        item.search_title_terms = terms(item.title)
        item.search_text_terms = terms(item.description, item.provider_name)
        batch.append(item)
        if len(batch) >= 1000:
            Item.objects.bulk_update(batch, ["search_title_terms", "search_text_terms"])
            batch = []
    Item.objects.bulk_update(batch, ["search_title_terms", "search_text_terms"])


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_search_terms_for_german_word_forms")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
