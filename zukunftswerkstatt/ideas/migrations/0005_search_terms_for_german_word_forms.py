"""Search by German word forms (core/search.py): the raw search_text with PostgreSQL's german
full-text index gives way to two columns of normalised terms, filled here for existing rows, and
on PostgreSQL trigram indexes (pg_trgm) that serve the LIKE '%term%' both databases run."""

from django.db import migrations, models

OLD_INDEX = "idea_search_german"
TRIGRAM_INDEXES = {
    "idea_search_title_trgm": "search_title_terms",
    "idea_search_text_trgm": "search_text_terms",
}


def drop_old_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def create_old_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON ideas_idea "
            "USING GIN (to_tsvector('german'::regconfig, COALESCE(search_text, '')))"
        )


def index_existing(apps, schema_editor):
    # The same function the services use, so that old and new rows are found alike; the command
    # `manage.py ideas_reindex_search` does it again after an upgrade of the word-form libraries.
    from zukunftswerkstatt.core.search import terms

    Idea = apps.get_model("ideas", "Idea")
    batch = []
    for idea in Idea.objects.only("pk", "title", "text", "place_name").iterator(chunk_size=1000):
        idea.search_title_terms = terms(idea.title)
        idea.search_text_terms = terms(idea.text, idea.place_name)
        batch.append(idea)
        if len(batch) >= 1000:
            Idea.objects.bulk_update(batch, ["search_title_terms", "search_text_terms"])
            batch = []
    Idea.objects.bulk_update(batch, ["search_title_terms", "search_text_terms"])


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13+): the database owner
    # may create it without being a superuser.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON ideas_idea USING GIN ({column} gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("ideas", "0004_idea_event")]

    operations = [
        migrations.RunPython(drop_old_index, create_old_index),
        migrations.RemoveField(model_name="idea", name="search_text"),
        migrations.AddField(
            model_name="idea", name="search_title_terms", field=models.TextField(blank=True, editable=False)
        ),
        migrations.AddField(
            model_name="idea", name="search_text_terms", field=models.TextField(blank=True, editable=False)
        ),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
