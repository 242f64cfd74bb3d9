"""Search the inventory by German word forms (core/search.py), as the idea collection does: two
columns of normalised terms, filled here for existing entries, and on PostgreSQL trigram indexes
(pg_trgm) that serve the LIKE '%term%' both databases run."""

from django.db import migrations, models

TRIGRAM_INDEXES = {
    "inventoryitem_search_title_trgm": "search_title_terms",
    "inventoryitem_search_text_trgm": "search_text_terms",
}


def index_existing(apps, schema_editor):
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


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")  # trusted since PostgreSQL 13
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON inventory_inventoryitem USING GIN ({column} gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="inventoryitem",
            name="search_title_terms",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="inventoryitem",
            name="search_text_terms",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
