"""A GIN index for German full-text search on PostgreSQL (the expression matches
SearchVector("search_text", config="german")). SQLite has no such index; search there uses LIKE."""

from django.db import migrations

INDEX = "idea_search_german"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON ideas_idea "
            "USING GIN (to_tsvector('german'::regconfig, COALESCE(search_text, '')))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
