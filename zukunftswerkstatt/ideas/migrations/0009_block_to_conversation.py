"""Blocks moved to the shared conversation app: copy the rows (ids kept), then drop ideas_block."""

from django.core.management.color import no_style
from django.db import migrations


def _keep_timestamps(model):
    """Let the copies keep their dates: the historical model would set created/modified to now."""
    for field in model._meta.fields:
        if field.name in ("created", "modified"):
            field.auto_now = field.auto_now_add = False


def _copy(source, destination, db) -> None:
    _keep_timestamps(destination)
    destination.objects.using(db).bulk_create(
        destination(
            pk=b.pk,
            created=b.created,
            modified=b.modified,
            organisation_id=b.organisation_id,
            user_id=b.user_id,
            reason=b.reason,
            blocked_by_id=b.blocked_by_id,
        )
        for b in source.objects.using(db).order_by("pk")
    )


def copy_blocks(apps, schema_editor):
    new = apps.get_model("conversation", "Block")
    _copy(apps.get_model("ideas", "Block"), new, schema_editor.connection.alias)
    # The rows came with their ids: the id sequence (PostgreSQL) must continue after them.
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [new]):
            cursor.execute(sql)


def copy_blocks_back(apps, schema_editor):
    _copy(apps.get_model("conversation", "Block"), apps.get_model("ideas", "Block"), schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("conversation", "0001_initial"),
        ("ideas", "0008_idea_swot_items"),
    ]

    operations = [
        migrations.RunPython(copy_blocks, copy_blocks_back),
        migrations.DeleteModel(name="Block"),
    ]
